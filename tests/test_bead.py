"""vecalign's bead-file format: writing and reading."""

import pytest

from alignments import Bead, format_bead, format_beads, parse_beads
from translate.errors import TolkaError


def test_format_matches_vecalign_examples():
    assert format_bead(Bead((0,), (0,), 0.91)) == "[0]:[0]:0.9100"
    assert format_bead(Bead((1, 2), (1,), 0.77)) == "[1,2]:[1]:0.7700"
    assert format_bead(Bead((3,), (), 0.0)) == "[3]:[]"
    assert format_bead(Bead((0,), (0,), 0.5), with_score=False) == "[0]:[0]"


def test_round_trip_with_blank_line_between_documents():
    docs = [[Bead((0,), (0,), 0.5), Bead((1, 2), (1,), 0.25), Bead((3,), ())], [Bead((), (0,)), Bead((0,), (1, 2, 3), 1.0)]]
    text = format_beads(docs)
    assert text.count("\n\n") == 1
    assert parse_beads(text) == docs


def test_parse_accepts_vecalign_spacing_and_missing_scores():
    docs = parse_beads("[0, 1]:[0]\n[2]:[1, 2]:0.3\n[]:[3]\n")
    assert docs == [[Bead((0, 1), (0,)), Bead((2,), (1, 2), 0.3), Bead((), (3,))]]


@pytest.mark.parametrize("line,msg", [("[0][0]", "expected"), ("[a]:[0]", "not a list"), ("[0]:[0]:x", "not a number")])
def test_malformed_lines_name_the_line(line, msg):
    with pytest.raises(TolkaError, match=f"line 2: .*{msg}"):
        parse_beads("[0]:[0]\n" + line + "\n", "bead file")


def test_file_without_beads_is_an_error():
    with pytest.raises(TolkaError, match="no beads"):
        parse_beads("\n\n")


def test_write_then_read_file(tmp_path):
    from alignments import read_beads, write_beads

    docs = [[Bead((0,), (0,), 0.25), Bead((1,), ())]]
    path = tmp_path / "out.beads"
    write_beads(path, docs)
    assert read_beads(path) == docs

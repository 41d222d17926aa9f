"""vecalign's bead-file format: writing and reading."""

import pytest

from alignments import AlignmentError, Bead, format_bead, format_beads, parse_beads


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
    with pytest.raises(AlignmentError, match=f"line 2: .*{msg}"):
        parse_beads("[0]:[0]\n" + line + "\n", "bead file")


def test_file_without_beads_is_an_error():
    with pytest.raises(AlignmentError, match="no beads"):
        parse_beads("\n\n")


def test_write_then_read_file(tmp_path):
    from alignments import read_beads, write_beads

    docs = [[Bead((0,), (0,), 0.25), Bead((1,), ())]]
    path = tmp_path / "out.beads"
    write_beads(path, docs)
    assert read_beads(path) == docs


def test_bead_file_errors_are_one_line_alignment_errors(tmp_path):
    from alignments import read_beads

    with pytest.raises(AlignmentError, match="bead file not found: .*missing.beads"):
        read_beads(tmp_path / "missing.beads")
    latin = tmp_path / "latin.beads"
    latin.write_bytes("[0]:[0]:0.5 ö\n".encode("latin-1"))
    with pytest.raises(AlignmentError, match="not valid utf-8") as info:
        read_beads(latin)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)  # callers that know nothing of tolka can catch it


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    import alignments.io as io
    from alignments import read_beads, write_beads

    path = tmp_path / "out.beads"
    write_beads(path, [[Bead((0,), (0,), 0.5)]])

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(io.os, "replace", crash)
    with pytest.raises(OSError):
        write_beads(path, [[Bead((0,), (1,), 0.5)]])
    assert read_beads(path) == [[Bead((0,), (0,), 0.5)]]
    assert [p.name for p in tmp_path.iterdir()] == ["out.beads"]  # no temporary file left


def test_alignments_imports_nothing_from_translate():
    import subprocess
    import sys

    code = "import sys, alignments; print(sorted(m for m in sys.modules if m.split('.')[0] == 'translate'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

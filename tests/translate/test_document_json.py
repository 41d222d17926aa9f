"""The document's JSON file, schema 2: nothing repeated, one line per item, written as it goes;
schema 1 files (every field, indented) still read."""

from __future__ import annotations

import json

from tests.translate.export.test_export_common import make_document
from translate.cli import main
from translate.document import SCHEMA_VERSION, Document

NO_MODEL = ["--model", "tolka-tests/no-such-model"]


def test_schema_2_writes_no_sentence_twice_and_one_line_per_item():
    doc = make_document()
    out = doc.to_json()
    assert json.loads(out)["schema"] == SCHEMA_VERSION == 2
    for seg in doc.segments:
        if seg.translation != seg.source:  # (a quote kept as is is its own translation)
            assert out.count(json.dumps(seg.source, ensure_ascii=False)[1:-1]) == 1  # in "text" only
    lines = out.split("\n")
    for seg in doc.segments:
        (line,) = [line for line in lines if line.startswith(f'{{"id":{seg.id},')]
        row = json.loads(line.rstrip(","))
        assert "source" not in row and ("spans" in row) == bool(seg.spans) and ("flags" in row) == bool(seg.flags)
    assert Document.from_json(out) == doc


def test_schema_1_files_still_read(tmp_path, capsys):
    doc = make_document()
    old = json.dumps(doc.to_dict() | {"schema": 1}, ensure_ascii=False, indent=2)  # what tolka wrote before
    assert Document.from_json(old) == doc
    path = tmp_path / "old.json"
    path.write_text(old, encoding="utf-8")
    assert main(["export", str(path), "--to", "tsv", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "old.tsv").read_text(encoding="utf-8").count("\n") == 1 + len(doc.segments)
    assert main(["evaluate", str(path)]) == 0
    capsys.readouterr()


def test_a_source_that_disagrees_with_the_offsets_is_kept():
    doc = make_document()
    doc.segments[1].source += "\x07"  # hand-built: no longer text[start:end]
    back = Document.from_json(doc.to_json())
    assert back.segments[1].source == doc.segments[1].source and back == doc


def test_a_newer_schema_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"schema": 3, "text": "x", "segments": []}), encoding="utf-8")
    assert main(["export", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "schema 3 is newer than this tolka reads (2); update tolka" in err


def test_lone_surrogates_are_escaped_so_the_file_is_utf8():
    doc = make_document()
    doc.segments[1].translation = "broken \ud800 half"
    out = doc.to_json()
    out.encode("utf-8")  # would raise with the raw surrogate
    assert Document.from_json(out).segments[1].translation == "broken \ud800 half"


def test_translate_writes_the_json_as_it_goes(capsys, tmp_path, monkeypatch):
    """Never the whole document as one string: a 20 MB article's JSON would triple the memory."""

    def whole(self):
        raise AssertionError("the document was built as one string")

    monkeypatch.setattr(Document, "to_json", whole)
    tm = tmp_path / "tm.tsv"
    tm.write_text("Det regnar i Lund.\tIt is raining in Lund.\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Det regnar i Lund.\n", encoding="utf-8")
    target = tmp_path / "a.json"
    assert main(["translate", str(article), "--memory", str(tm), "--format", "json", "-o", str(target), *NO_MODEL]) == 0
    assert main(["translate", str(article), "--memory", str(tm), "--format", "json", *NO_MODEL]) == 0
    out = capsys.readouterr().out
    assert out == target.read_text(encoding="utf-8") and out.endswith("}\n")
    monkeypatch.undo()
    assert Document.from_json(out).segments[0].translation == "It is raining in Lund."

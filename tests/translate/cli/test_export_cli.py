"""``tolka export DOCUMENT.json --to ... -o DIR`` (translate/cli/cmd_export.py)."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from tests.translate.export.test_export_common import make_document
from translate.cli import main


@pytest.fixture
def doc_json(tmp_path):
    path = tmp_path / "bridge.json"
    path.write_text(make_document().to_json(), encoding="utf-8")
    return path


def test_exports_every_format_and_prints_the_paths(doc_json, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", str(doc_json), "--to", "html,tmx,xliff,tsv,jsonl", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    names = ["bridge.html", "bridge.tmx", "bridge.xlf", "bridge.tsv", "bridge.jsonl"]
    assert printed == [str(out / n) for n in names]
    etree.parse(str(out / "bridge.tmx"))
    assert (out / "bridge.tsv").read_text(encoding="utf-8").count("\n") == 1 + len(make_document().segments)  # header + pairs


def test_default_is_html_and_stem_option(doc_json, tmp_path):
    assert main(["export", str(doc_json), "-o", str(tmp_path / "o"), "--stem", "x"]) == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["x.html"]


def test_control_characters_are_reported(tmp_path, capsys):
    doc = make_document()
    doc.segments[1].source += "\x07"
    path = tmp_path / "d.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    assert main(["export", str(path), "--to", "tmx", "-o", str(tmp_path)]) == 0
    assert "1 control characters" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "not a tolka document"),
        ('{"segments": []}', "not a tolka document"),
        ('{"text": "x", "segments": [{"id": 0}]}', "not a tolka document"),
        ('{"text": "x", "segments": [{"id": 0, "paragraph": 0, "start": 0, "end": 1, "source": 5}]}', "not a tolka document"),
        (
            '{"text": "x", "segments": [{"id": 0, "paragraph": 0, "start": 0, "end": 1, "source": "x", "flags": ["f"]}]}',
            "not a tolka document",
        ),
        ('{"text": "x", "quote_links": [{"quote": 0, "sentence": 1, "score": "high"}]}', "not a tolka document"),
    ],
)
def test_bad_documents_are_one_line_errors(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["export", str(path), "--to", "html", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tolka: error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_unknown_format_and_missing_file(doc_json, tmp_path, capsys):
    assert main(["export", str(doc_json), "--to", "html,pdf", "-o", str(tmp_path / "out")]) == 2
    assert "unknown export format 'pdf'" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "nope.json")]) == 2
    assert "not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_document_survives_json_round_trip_before_export(doc_json, tmp_path):
    # the CLI reads what Document.to_json wrote: the JSONL export matches the in-memory document
    assert main(["export", str(doc_json), "--to", "jsonl", "-o", str(tmp_path)]) == 0
    records = [json.loads(line) for line in (tmp_path / "bridge.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["translation"] for r in records] == [s.translation for s in make_document().segments]

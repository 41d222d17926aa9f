"""export_document and the format registry."""

from __future__ import annotations

import pytest

from tests.translate.export.test_export_common import make_document
from translate.errors import TolkaError
from translate.export import FORMATS, export_document, parse_formats


def test_writes_one_file_per_format_in_the_given_order(tmp_path):
    paths = export_document(make_document(), ["tsv", "html", "tmx", "xliff", "jsonl"], tmp_path / "out", stem="bridge")
    assert [p.name for p in paths] == ["bridge.tsv", "bridge.html", "bridge.tmx", "bridge.xlf", "bridge.jsonl"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)  # no temp files left


def test_formats_as_comma_separated_string():
    assert parse_formats("html, TMX,html,,jsonl") == ["html", "tmx", "jsonl"]
    assert set(FORMATS) == {"html", "tmx", "xliff", "tsv", "jsonl"}


@pytest.mark.parametrize("spec", ["docx", "html,pdf", "", " , "])
def test_unknown_or_missing_format_is_a_one_line_error(spec, tmp_path):
    with pytest.raises(TolkaError) as err:
        export_document(make_document(), spec, tmp_path)
    assert "\n" not in str(err.value) and "html, tmx, xliff, tsv, jsonl" in str(err.value)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("stem", ["", "..", "a/b"])
def test_stem_must_be_a_plain_name(stem, tmp_path):
    with pytest.raises(TolkaError, match="plain file name"):
        export_document(make_document(), "html", tmp_path, stem=stem)


def test_output_directory_that_is_a_file(tmp_path):
    f = tmp_path / "taken"
    f.write_text("x")
    with pytest.raises(TolkaError, match="is a file"):
        export_document(make_document(), "tsv", f)


def test_failure_while_rendering_writes_nothing(tmp_path, monkeypatch):
    def broken(doc, *, stem):
        raise RuntimeError("boom")

    monkeypatch.setattr(FORMATS["xliff"], "render", broken)
    with pytest.raises(RuntimeError):
        export_document(make_document(), "html,tmx,xliff", tmp_path / "out")
    assert not (tmp_path / "out").exists()

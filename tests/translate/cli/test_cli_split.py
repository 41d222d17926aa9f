"""``tolka split`` (translate/cli/cmd_split.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from translate.cli import main

ROOT = Path(__file__).resolve().parents[3]

ARTICLE = (
    "Nytt rekord för tågresor\n\n"
    "Antalet resenärer ökade med 3,5 miljoner, bl.a. i Norrland. Det säger SJ.\n\n"
    "”Vi är mycket nöjda”, sade vd:n kl. 10.00 i går.\n"
)
EXPECTED = (
    "Nytt rekord för tågresor\n\n"
    "Antalet resenärer ökade med 3,5 miljoner, bl.a. i Norrland.\nDet säger SJ.\n\n"
    "”Vi är mycket nöjda”, sade vd:n kl. 10.00 i går.\n"
)


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "artikel.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_split_prints_one_sentence_per_line_and_blank_lines_between_paragraphs(article, capsys):
    assert main(["split", str(article), "--lang", "sv"]) == 0
    assert capsys.readouterr().out == EXPECTED


def test_split_writes_output_file(article, tmp_path, capsys):
    out = tmp_path / "out" / "sentences.txt"
    assert main(["split", str(article), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == EXPECTED
    assert capsys.readouterr().out == ""


def test_split_english_and_wrapped_sentence_on_one_line(tmp_path, capsys):
    p = tmp_path / "en.txt"
    p.write_text("Mr. Smith arrived at 9 a.m.\nsharp. He left at noon.\n", encoding="utf-8")
    assert main(["split", str(p), "--lang", "en"]) == 0
    assert capsys.readouterr().out == "Mr. Smith arrived at 9 a.m. sharp.\nHe left at noon.\n"


def test_split_reads_other_encodings_when_told(tmp_path, capsys):
    p = tmp_path / "cp1252.txt"
    p.write_bytes("Vädret blir sämre. Åsikterna går isär.\n".encode("cp1252"))
    assert main(["split", str(p), "--encoding", "cp1252"]) == 0
    assert capsys.readouterr().out == "Vädret blir sämre.\nÅsikterna går isär.\n"


def _bad(tmp_path: Path, kind: str) -> Path:
    p = tmp_path / f"{kind}.txt"
    if kind == "missing":
        return p
    if kind == "directory":
        p.mkdir()
    elif kind == "empty":
        p.write_text(" \n\n\t\n", encoding="utf-8")
    elif kind == "cp1252":
        # not UTF-8, and not Windows-1252 Swedish either (which is read with a note): an old Mac's
        p.write_bytes("Vädret blir sämre i morgon.\n".encode("mac_roman"))
    elif kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    return p


@pytest.mark.parametrize(
    "kind, needle",
    [
        ("missing", "not found"),
        ("directory", "is a directory"),
        ("empty", "is empty"),
        ("cp1252", "--encoding"),
        ("binary", "binary"),
    ],
)
def test_split_bad_input_is_a_one_line_error(tmp_path, capsys, kind, needle):
    out = tmp_path / "out.txt"
    code = main(["split", str(_bad(tmp_path, kind)), "-o", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("tolka: error: ") and err.count("\n") == 1
    assert needle in err
    assert not out.exists()


def test_split_unknown_encoding_is_a_one_line_error(article, capsys):
    assert main(["split", str(article), "--encoding", "no-such-codec"]) != 0
    err = capsys.readouterr().err
    assert "unknown encoding" in err and err.count("\n") == 1


def test_split_as_a_module_subprocess(article):
    r = subprocess.run(
        [sys.executable, "-m", "translate", "split", str(article), "--lang", "sv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == EXPECTED

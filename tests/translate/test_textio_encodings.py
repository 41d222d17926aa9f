"""Inputs as people have them: each file decoded on its own (BOM, UTF-8, Windows-1252 noted),
UTF-16 from Notepad, NUL anywhere refused, bare CR line ends in the library too."""

from __future__ import annotations

import json

import pytest

from translate.cli import main
from translate.errors import TolkaError
from translate.memory import Memory
from translate.pipeline import prepare_document, translate_article
from translate.textio import decode_bytes, normalise_newlines, read_input, reads_as_cp1252_text

ARTICLE = "Vädret i Malmö blir kallt.\n\nÅsa Öberg är inte förvånad.\n"
ENGLISH = {
    "Vädret i Malmö blir kallt.": "The weather in Malmö turns cold.",
    "Åsa Öberg är inte förvånad.": "Åsa Öberg is not surprised.",
}
NO_MODEL = ["--model", "tolka-tests/no-such-model"]  # any attempt to load it fails


def _memory(path, encoding="utf-8"):
    path.write_bytes("".join(f"{sv}\t{en}\n" for sv, en in ENGLISH.items()).encode(encoding))
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- the decision, byte by byte ------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_decides_unasked(codec):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    decoded = decode_bytes(bom + ARTICLE.encode(codec), "a.txt", "article")
    assert decoded.text == ARTICLE and decoded.note is None


def test_windows_1252_swedish_is_read_only_when_asked_for_auto_and_noted():
    data = ARTICLE.encode("cp1252")
    decoded = decode_bytes(data, "a.txt", "article")
    assert decoded.text == ARTICLE and decoded.encoding == "cp1252"
    assert decoded.note == "article a.txt is not UTF-8; read it as Windows-1252 (cp1252); pass --encoding if that is wrong"
    with pytest.raises(TolkaError, match=r"not valid utf-8 .*--encoding cp1252"):
        decode_bytes(data, "a.txt", "article", encoding="utf-8")
    # explicit wins, and says nothing
    assert decode_bytes(data, "a.txt", "article", encoding="cp1252").note is None


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Vädret i Malmö blir kallt.", "mac_roman"),  # Swedish from an old Mac: ä -> Š
        ("Погода в Москве будет холодной.", "cp1251"),  # Cyrillic: almost all letters non-ASCII
        ("Pogoda w Łodzi będzie zimna, śnieg już pada.", "iso-8859-2"),  # Polish
        ("東京の天気は寒くなります。", "shift_jis"),
    ],
)
def test_other_8bit_encodings_are_not_taken_for_windows_1252(text, codec):
    data = text.encode(codec)
    with pytest.raises(TolkaError, match="is not UTF-8 .* does not read as Windows-1252"):
        decode_bytes(data, "a.txt", "article")


@pytest.mark.parametrize("text", ["Vädret i Malmö blir kallt.", "Åsa sade: ”Vi är nöjda” – och log…", "“It’s cold,” she said – in Malmö."])
def test_swedish_and_english_prose_reads_as_windows_1252(text):
    assert reads_as_cp1252_text(text.encode("cp1252").decode("cp1252"))


def test_nul_anywhere_is_binary_but_utf16_is_not(tmp_path):
    late_nul = ("Det regnar. " * 1000).encode() + b"\x00" + b"Sista meningen."
    assert len(late_nul) > 8192 and late_nul.index(b"\x00") > 8192
    with pytest.raises(TolkaError, match="binary data"):
        decode_bytes(late_nul, "a.txt", "article")
    # Notepad's "Unicode" is UTF-16 LE with a BOM: zero bytes everywhere, but text
    notepad = b"\xff\xfe" + ARTICLE.replace("\n", "\r\n").encode("utf-16-le")
    assert decode_bytes(notepad, "a.txt", "article").text == ARTICLE
    # without a BOM it is taken for binary unless the encoding is given
    with pytest.raises(TolkaError, match="binary data.*--encoding utf-16-le"):
        decode_bytes(ARTICLE.encode("utf-16-le"), "a.txt", "article")
    assert decode_bytes(ARTICLE.encode("utf-16-le"), "a.txt", "article", encoding="utf-16-le").text == ARTICLE


def test_line_ends_are_normalised_in_one_place_for_files_and_the_library(tmp_path):
    mac = "Första stycket.\r\rAndra stycket.\r"
    assert normalise_newlines(mac) == "Första stycket.\n\nAndra stycket.\n"
    f = tmp_path / "mac.txt"
    f.write_bytes(mac.encode())
    assert read_input(f, "article").text == "Första stycket.\n\nAndra stycket.\n"
    # the library API, given the text directly: two paragraphs, not one
    doc = prepare_document(mac)
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == ["Första stycket.", "Andra stycket."]
    mem = Memory.from_pairs([("Första stycket.", "First paragraph."), ("Andra stycket.", "Second paragraph.")])
    assert translate_article(mac, memory=mem).translated_text() == "First paragraph.\n\nSecond paragraph.\n"


# -- the command line: --encoding is the article's only -------------------------------------------


def test_memory_is_read_on_its_own_not_with_the_articles_encoding(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes(ARTICLE.encode("cp1252"))
    mem = _memory(tmp_path / "tm.tsv")  # UTF-8
    code, out, err = _run(capsys, "translate", article, "--encoding", "cp1252", "--memory", mem, *NO_MODEL)
    assert code == 0, err
    assert out == "The weather in Malmö turns cold.\n\nÅsa Öberg is not surprised.\n"


def test_windows_memory_and_utf16_article_each_read_on_their_own(capsys, tmp_path):
    article = tmp_path / "notepad.txt"
    article.write_bytes(b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
    mem = _memory(tmp_path / "tm.tsv", "cp1252")
    code, out, err = _run(capsys, "translate", article, "--memory", mem, *NO_MODEL)
    assert code == 0, err
    assert out == "The weather in Malmö turns cold.\n\nÅsa Öberg is not surprised.\n"
    assert err.splitlines() == [f"tolka: note: translation memory {mem} is not UTF-8; read it as Windows-1252 (cp1252)"]
    # asking for UTF-16 explicitly is no reason to call it binary
    code, out2, err = _run(capsys, "translate", article, "--encoding", "utf-16", "--memory", mem, *NO_MODEL)
    assert code == 0 and out2 == out, err


def test_reference_is_read_on_its_own(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_bytes("The weather in Malmö turns cold.\n\nÅsa Öberg is not surprised.\n".encode("cp1252"))
    mem = _memory(tmp_path / "tm.tsv")
    code, out, err = _run(capsys, "translate", article, "--memory", mem, "--reference", ref, "--format", "json", *NO_MODEL)
    assert code == 0, err
    assert json.loads(out)["scores"]["bleu"]["score"] == pytest.approx(100.0)
    assert f"reference {ref} is not UTF-8; read it as Windows-1252" in err


def test_a_late_nul_never_reaches_the_model(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes(("Det regnar. " * 1000).encode() + b"\x00\n")
    target = tmp_path / "out.txt"
    code, _, err = _run(capsys, "translate", article, "-o", target, *NO_MODEL)
    assert code == 2 and err.startswith("tolka: error: ") and "binary data" in err and err.count("\n") == 1
    assert not target.exists()


def test_batch_reads_a_folder_mixing_utf8_and_windows_articles(tmp_path):
    from translate.batch import run_batch

    src = tmp_path / "in"
    for name, codec in (("utf8", "utf-8"), ("windows", "cp1252"), ("notepad", "utf-16")):
        (src / name).mkdir(parents=True)
        (src / name / "article.sv.txt").write_bytes(ARTICLE.encode(codec))
    mem = Memory.from_pairs(ENGLISH.items())
    summary = run_batch(src, tmp_path / "out", memory=mem, exports=(), jobs=1)
    rows = {r["article"]: r for r in summary["articles"]}
    assert all(r["status"] == "ok" for r in rows.values()), rows
    for name in rows:
        doc = json.loads((tmp_path / "out" / name / "document.json").read_text(encoding="utf-8"))
        assert doc["text"] == ARTICLE  # no "MalmÃ¶"
        assert (tmp_path / "out" / name / "translation.en.txt").read_text(encoding="utf-8").startswith("The weather in Malmö")
    assert "notes" not in rows["utf8"] and "notes" not in rows["notepad"]
    (note,) = rows["windows"]["notes"]
    assert "windows/article.sv.txt is not UTF-8; read it as Windows-1252 (cp1252)" in note
    on_disk = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {r["article"]: r.get("notes") for r in on_disk["articles"]}["windows"] == [note]

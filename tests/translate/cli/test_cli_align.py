"""`tolka align` and `tolka align-score` end to end, including every bad-input path."""

import json

import pytest

from alignments import parse_beads
from translate.cli import main

SV_DOCS = [
    ["Kommunen bygger en ny bro över Svartån.", "Bygget kostar 48 miljoner kronor.", "Nästa möte hålls den 14 april."],
    ["Tåget från Kiruna var 35 minuter försenat.", "SJ ber om ursäkt."],
]
EN_DOCS = [
    [
        "The municipality is building a new bridge over the Svartån.",
        "Construction costs 48 million kronor.",
        "The next meeting is on 14 April.",
    ],
    ["The train from Kiruna was 35 minutes late.", "SJ apologises."],
]
MT_DOCS = [
    [
        "The municipality is building a new bridge over the Svartån.",
        "The construction costs 48 million kronor.",
        "The next meeting will be held on 14 April.",
    ],
    ["The train from Kiruna was 35 minutes late.", "SJ apologizes."],
]


def write_docs(path, docs):
    path.write_text("\n\n".join("\n".join(d) for d in docs) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    return (
        write_docs(tmp_path / "sv.txt", SV_DOCS),
        write_docs(tmp_path / "en.txt", EN_DOCS),
        write_docs(tmp_path / "mt.txt", MT_DOCS),
    )


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_presplit_beads_output_one_block_per_document(files, capsys):
    sv, en, mt = files
    code, out, _ = run(["align", sv, en, "--presplit", "--source-translation", mt], capsys)
    assert code == 0
    docs = parse_beads(out)
    assert [[(b.src, b.tgt) for b in d] for d in docs] == [
        [((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
        [((0,), (0,)), ((1,), (1,))],
    ]
    assert out.splitlines()[0].startswith("[0]:[0]:0.")


def test_tsv_and_json_carry_texts_and_scores(files, capsys, tmp_path):
    sv, en, mt = files
    code, out, _ = run(["align", sv, en, "--presplit", "--source-translation", mt, "--format", "tsv"], capsys)
    assert code == 0
    first = out.splitlines()[0].split("\t")
    assert first[:2] == [SV_DOCS[0][0], EN_DOCS[0][0]]
    assert 0.0 <= float(first[2]) <= 1.0
    target = tmp_path / "out.json"
    code, out, _ = run(["align", sv, en, "--presplit", "--format", "json", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    bead = data["documents"][1]["beads"][0]
    assert (bead["src"], bead["tgt"], bead["source"], bead["target"]) == ([0], [0], SV_DOCS[1][0], EN_DOCS[1][0])


def test_articles_are_segmented_without_presplit(tmp_path, capsys):
    sv = tmp_path / "a.sv.txt"
    en = tmp_path / "a.en.txt"
    sv.write_text(
        "Bron i Åsby\n\nKommunen bygger en ny bro. Den kostar 48 miljoner kronor.\n\nArbetet börjar den 3 mars.\n", encoding="utf-8"
    )
    en.write_text(
        "The bridge in Åsby\n\nThe municipality is building a new bridge, which costs 48 million kronor.\n\nWork starts on 3 March.\n",
        encoding="utf-8",
    )
    code, out, _ = run(["align", str(sv), str(en), "--format", "tsv"], capsys)
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows if r[0]][-1] == "Arbetet börjar den 3 mars."
    assert [r[1] for r in rows if r[1]][-1] == "Work starts on 3 March."
    # the merged English sentence collects both Swedish sentences
    assert any(r[0] == "Kommunen bygger en ny bro. Den kostar 48 miljoner kronor." for r in rows)


def test_memory_translates_the_swedish_side_without_a_model(tmp_path, capsys):
    sv = tmp_path / "a.sv.txt"
    en = tmp_path / "a.en.txt"
    mem = tmp_path / "mem.tsv"
    sv.write_text(
        "Bron i Åsby\n\nKommunen bygger en ny bro. Den kostar 48 miljoner kronor.\n\nArbetet börjar den 3 mars.\n", encoding="utf-8"
    )
    en.write_text(
        "The bridge in Åsby\n\nThe municipality is building a new bridge, which costs 48 million kronor.\n\nWork starts on 3 March.\n",
        encoding="utf-8",
    )
    mem.write_text(
        "Bron i Åsby\tThe bridge in Åsby\n"
        "Kommunen bygger en ny bro.\tThe municipality is building a new bridge.\n"
        "Den kostar 48 miljoner kronor.\tIt costs 48 million kronor.\n"
        "Arbetet börjar den 3 mars.\tWork starts on 3 March.\n",
        encoding="utf-8",
    )
    # Every sentence is in the memory, so no model is loaded (none could be: tests are offline).
    code, out, _ = run(["align", str(sv), str(en), "--memory", str(mem), "--format", "json"], capsys)
    assert code == 0
    beads = json.loads(out)["documents"][0]["beads"]
    assert [(b["src"], b["tgt"]) for b in beads] == [([0], [0]), ([1, 2], [1]), ([3], [2])]
    assert min(b["score"] for b in beads) > 0.5


def test_options_that_cannot_go_together(files, capsys):
    sv, en, mt = files
    assert "not both" in one_line_error(*run(["align", sv, en, "--source-translation", mt, "--model", "x"], capsys))
    assert "--presplit" in one_line_error(*run(["align", sv, en, "--presplit", "--model", "x"], capsys))


def test_align_score_cli(tmp_path, capsys):
    gold = tmp_path / "gold.txt"
    test = tmp_path / "test.txt"
    gold.write_text("[0]:[0]\n[1]:[1,2]\n[2]:[]\n", encoding="utf-8")
    test.write_text("[0]:[0]:0.9\n[1]:[1]:0.5\n[]:[2]\n[2]:[]\n", encoding="utf-8")
    code, out, _ = run(["align-score", str(gold), str(test)], capsys)
    assert code == 0
    assert "precision   0.5000   0.7500" in out
    assert "recall      0.5000   1.0000" in out
    code, out, _ = run(["align-score", str(gold), str(test), "--format", "json"], capsys)
    assert json.loads(out)["f1_strict"] == pytest.approx(0.5)


def one_line_error(code, out, err):
    assert code != 0
    assert out == ""
    assert err.startswith("tolka: error: ") and err.count("\n") == 1
    return err


def test_different_document_counts_name_both(files, tmp_path, capsys):
    sv, _, _ = files
    en = write_docs(tmp_path / "one.txt", EN_DOCS[:1])
    err = one_line_error(*run(["align", sv, en, "--presplit"], capsys))
    assert "SOURCE has 2 documents but TARGET has 1" in err


def test_translation_line_count_names_the_document(files, tmp_path, capsys):
    sv, en, _ = files
    mt = write_docs(tmp_path / "short.txt", [MT_DOCS[0], MT_DOCS[1][:1]])
    err = one_line_error(*run(["align", sv, en, "--presplit", "--source-translation", mt], capsys))
    assert "document 2: MT has 1 lines but SOURCE has 2" in err


def test_empty_and_non_utf8_files(files, tmp_path, capsys):
    sv, en, _ = files
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    assert "empty" in one_line_error(*run(["align", sv, str(empty), "--presplit"], capsys))
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Tåget är försenat.\n".encode("mac_roman"))  # Windows-1252 would be read (noted)
    err = one_line_error(*run(["align", str(latin), en], capsys))
    assert "is not UTF-8" in err and "--encoding" in err
    code, _, _ = run(["align", str(latin), en, "--encoding", "mac_roman"], capsys)
    assert code == 0


def test_bad_bead_file_is_one_line_error(tmp_path, capsys):
    gold = tmp_path / "gold.txt"
    gold.write_text("[0]:[0]\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("[0]:[0]\n0-0\n", encoding="utf-8")
    assert "line 2" in one_line_error(*run(["align-score", str(gold), str(bad)], capsys))
    two = tmp_path / "two.txt"
    two.write_text("[0]:[0]\n\n[0]:[0]\n", encoding="utf-8")
    assert "gold has 1 documents but test has 2" in one_line_error(*run(["align-score", str(gold), str(two)], capsys))

"""`tolka evaluate`: line files, tolka documents with a reference article, errors, and the leaderboard."""

import json

import pytest

from tests.conftest import NTREX, need_shared
from translate.cli import main
from translate.document import Document, Paragraph, Segment

HYP = ["She is 96 years old.", "The meeting was held in Uppsala yesterday.", "It rained all day."]
REF = ["She is 69 years old.", "The meeting took place in Uppsala yesterday.", "It rained all day long."]
SRC = ["Hon är 69 år gammal.", "Mötet hölls i Uppsala i går.", "Det regnade hela dagen."]


def write_lines(path, lines, encoding="utf-8"):
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return str(path)


@pytest.fixture
def files(tmp_path):
    return {
        "hyp": write_lines(tmp_path / "hyp.txt", HYP),
        "ref": write_lines(tmp_path / "ref.txt", REF),
        "src": write_lines(tmp_path / "src.txt", SRC),
    }


def run(argv, capsys):
    code = main(["evaluate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_leaderboard_scores_are_reproduced(capsys):
    d = need_shared(NTREX)
    code, out, err = run([str(d / "newstest2019.mt"), str(d / "newstest2019.en")], capsys)
    assert code == 0, err
    rows = {}
    for line in out.splitlines():
        cells = line.split()
        if len(cells) == 3 and "|" in cells[2]:
            rows[cells[0]] = cells
    # newstest2019.mt.eval: BLEU 43.5 (13a), chrF2 0.66739
    assert rows["BLEU"][1] == "43.5" and "tok:13a" in rows["BLEU"][2]
    assert rows["chrF2"][1] == "66.74" and "nw:0" in rows["chrF2"][2]
    assert {"chrF2++", "TER"} <= set(rows)


def test_json_output_has_the_documented_shape(files, capsys):
    code, out, err = run([files["hyp"], files["ref"], "--source", files["src"], "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["bleu", "chrf", "chrf++", "ter", "segments", "flags"]
    assert set(data["segments"][0]) == {"id", "bleu", "chrf++", "flags"}
    assert data["segments"][0]["flags"][0]["kind"] == "number" and data["flags"]["number"] == 1


def test_baseline_adds_a_significance_table(files, tmp_path, capsys):
    base = write_lines(tmp_path / "base.txt", ["She is old.", "A meeting in Uppsala.", "Rain."])
    code, out, err = run(
        [files["hyp"], files["ref"], "--baseline", base, "--metrics", "bleu,chrf", "--seed", "3", "--paired-ar-n", "500"], capsys
    )
    assert code == 0, err
    assert "significance against the baseline (seed 3" in out
    assert "p bootstrap" in out and "p AR" in out
    # the table shows the numbers the JSON output has, each in its column
    code, js, _ = run(
        [
            files["hyp"],
            files["ref"],
            "--baseline",
            base,
            "--metrics",
            "bleu,chrf",
            "--seed",
            "3",
            "--paired-ar-n",
            "500",
            "--format",
            "json",
        ],
        capsys,
    )
    sig = json.loads(js)["significance"]["metrics"]
    table = out.split("significance against the baseline")[1].splitlines()[2:]
    rows = {cells[0]: cells for cells in (line.split() for line in table) if cells and cells[0] in ("BLEU", "chrF2")}
    for name, m, digits in (("BLEU", "bleu", 1), ("chrF2", "chrf", 2)):
        r = sig[m]
        lo, hi = r["bootstrap"]["system"]["ci95"]
        assert rows[name][1:3] == [f"{r['system']:.{digits}f}", f"({lo:.{digits}f}-{hi:.{digits}f})"]
        assert rows[name][3] == f"{r['baseline']:.{digits}f}"
        assert rows[name][5:] == [
            f"{r['delta']:+.2f}",
            f"{r['bootstrap']['p_value']:.4f}",
            f"{r['approximate_randomization']['p_value']:.4f}",
        ]
    code, out, _ = run(
        [
            files["hyp"],
            files["ref"],
            "--baseline",
            base,
            "--metrics",
            "chrf",
            "--format",
            "json",
            "--paired-bs-n",
            "100",
            "--paired-ar-n",
            "200",
        ],
        capsys,
    )
    sig = json.loads(out)["significance"]
    assert (sig["bootstrap_samples"], sig["ar_trials"]) == (100, 200)
    sig = sig["metrics"]["chrf"]
    assert {"bootstrap", "approximate_randomization"} <= set(sig)


def test_different_line_counts_are_one_line_naming_both(files, tmp_path, capsys):
    short = write_lines(tmp_path / "short.txt", REF[:2])
    code, out, err = run([files["hyp"], short], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("tolka: error: hyp.txt has 3 lines but short.txt has 2")


def test_a_tolka_document_is_aligned_to_a_reference_article(tmp_path, capsys):
    text = " ".join(SRC)
    segs, pos = [], 0
    for i, (sv, en) in enumerate(zip(SRC, REF)):
        start = text.index(sv, pos)
        pos = start + len(sv)
        segs.append(Segment(i, 0, start, pos, sv, lang="sv", translation=en, origin="mt"))
    doc = Document(text=text, paragraphs=[Paragraph(0, 0, len(text), "sv")], segments=segs)
    hyp = tmp_path / "doc.json"
    hyp.write_text(doc.to_json(), encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text(f"{REF[0]}\n\n{REF[1]} {REF[2]}\n", encoding="utf-8")
    code, out, err = run([str(hyp), str(ref), "--metrics", "bleu,chrf"], capsys)
    assert code == 0, err
    assert "aligned first: 3 translated segments to 3 reference sentences" in out
    assert " 100.0 " in next(line for line in out.splitlines() if line.startswith("BLEU"))
    code, out, err = run([str(hyp), str(ref), "--metrics", "bleu", "--format", "json"], capsys)
    data = json.loads(out)
    assert data["alignment"]["beads"][0]["src"] == [0] and data["segments"][1]["bead"] == 1
    # without a reference: flags only
    doc.segments[0].translation = HYP[0]  # 96 for 69
    hyp.write_text(doc.to_json(), encoding="utf-8")
    code, out, err = run([str(hyp)], capsys)
    assert code == 0 and "fidelity flags only" in out
    assert "segment 0 [number]" in out  # ids of the document, not line numbers


def test_output_file_is_written_and_not_on_error(files, tmp_path, capsys):
    out_path = tmp_path / "eval.json"
    code, _, _ = run([files["hyp"], files["ref"], "--metrics", "bleu", "--format", "json", "-o", str(out_path)], capsys)
    assert code == 0 and "bleu" in json.loads(out_path.read_text(encoding="utf-8"))
    bad = tmp_path / "bad.json"
    code, _, err = run([files["hyp"], str(tmp_path / "missing.txt"), "-o", str(bad)], capsys)
    assert code == 2 and "not found" in err and not bad.exists()


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--metrics", "meteor"], "unknown metric 'meteor'"),
        (["--seed", "0"], "seed"),
        (["--paired-ar-n", "0"], "positive"),
    ],
)
def test_bad_options_are_one_line_errors(files, tmp_path, capsys, extra, message):
    base = write_lines(tmp_path / "base.txt", HYP)
    code, _, err = run([files["hyp"], files["ref"], "--baseline", base, "--paired-bs-n", "50", *extra], capsys)
    assert code == 2 and message in err and err.count("\n") == 1


def test_encoding_errors_offer_encoding_and_it_works(tmp_path, capsys):
    # an old Mac's encoding (Windows-1252, the usual other one, is detected and noted)
    hyp = write_lines(tmp_path / "hyp.txt", ["Göteborg är en stad."], encoding="mac_roman")
    ref = write_lines(tmp_path / "ref.txt", ["Göteborg är en stad."], encoding="mac_roman")
    code, _, err = run([hyp, ref], capsys)
    assert code == 2 and "--encoding" in err
    code, out, err = run([hyp, ref, "--encoding", "mac_roman", "--metrics", "chrf"], capsys)
    assert code == 0 and "100.00" in out


def test_needs_a_reference_or_a_source(files, capsys):
    code, _, err = run([files["hyp"]], capsys)
    assert code == 2 and "REF" in err
    code, out, err = run([files["hyp"], "--source", files["src"]], capsys)
    assert code == 0 and "[number]" in out


def test_json_that_is_not_a_document_is_refused(tmp_path, capsys, files):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    code, _, err = run([str(bad), files["ref"]], capsys)
    assert code == 2 and "not a tolka document" in err


def test_document_with_wrong_field_types_is_refused_as_export_refuses_it(tmp_path, capsys, files):
    # One loader for document JSON: evaluate checks field types as export does.
    bad = tmp_path / "x.json"
    bad.write_text('{"text": "x", "segments": [{"id": 0, "paragraph": 0, "start": 0, "end": 1, "source": 5}]}', encoding="utf-8")
    code, _, err = run([str(bad), files["ref"]], capsys)
    assert code == 2 and "not a tolka document" in err and err.count("\n") == 1
    code = main(["export", str(bad), "-o", str(tmp_path / "out")])
    assert code == 2 and "not a tolka document" in capsys.readouterr().err

"""evaluate_lines returns tolka evaluate's JSON shape; format_text renders it readably."""

import json

import pytest
from sacrebleu.metrics import BLEU, CHRF

from translate.errors import TolkaError
from translate.evaluate import KINDS, evaluate_lines, format_text

SRC = ["Hon är 69 år gammal.", "Mötet hölls i Uppsala i går.", "Det regnade hela dagen.", "Priset steg med 3,5 procent."]
HYP = ["She is 96 years old.", "The meeting was held in Uppsala yesterday.", "It rained all day.", "The price rose by 3.5 percent."]
REF = ["She is 69 years old.", "The meeting took place in Uppsala yesterday.", "It rained all day long.", "The price went up 3.5 percent."]


@pytest.fixture(scope="module")
def result():
    return evaluate_lines(HYP, REF, sources=SRC, detect=lambda t: "en")


def test_the_json_shape_is_exact(result):
    assert list(result) == ["bleu", "chrf", "chrf++", "ter", "segments", "flags"]
    for m in ("bleu", "chrf", "chrf++", "ter"):
        assert set(result[m]) == {"score", "signature"}
    assert [set(s) for s in result["segments"]] == [{"id", "bleu", "chrf++", "flags"}] * 4
    assert [s["id"] for s in result["segments"]] == [0, 1, 2, 3]
    assert list(result["flags"]) == list(KINDS)
    json.dumps(result)  # serialisable as is


def test_scores_and_flags_are_right(result):
    assert result["bleu"]["score"] == pytest.approx(BLEU().corpus_score(HYP, [REF]).score)
    assert result["chrf"]["score"] == pytest.approx(CHRF().corpus_score(HYP, [REF]).score)
    assert result["segments"][2]["chrf++"] == pytest.approx(CHRF(word_order=2).sentence_score(HYP[2], [REF[2]]).score)
    assert [f["kind"] for f in result["segments"][0]["flags"]] == ["number"]
    assert result["flags"]["number"] == 1 and sum(result["flags"].values()) == 1


def test_metrics_can_be_chosen_and_flags_need_no_reference():
    out = evaluate_lines(HYP, REF, metrics="chrf", detect=lambda t: "en")
    assert list(out) == ["chrf", "segments", "flags"]
    assert [set(s) for s in out["segments"]] == [{"id", "flags"}] * 4
    only_flags = evaluate_lines(HYP, None, sources=SRC, detect=lambda t: "en")
    assert list(only_flags) == ["segments", "flags"] and only_flags["flags"]["number"] == 1


def test_a_baseline_adds_significance():
    base = ["She is old.", "A meeting was in Uppsala.", "Rain.", "Prices rose."]
    out = evaluate_lines(
        HYP * 3, REF * 3, baseline=base * 3, metrics="bleu", seed=5, detect=lambda t: "en", bootstrap_samples=100, ar_trials=200
    )
    sig = out["significance"]
    assert sig["seed"] == 5 and list(sig["metrics"]) == ["bleu"]
    r = sig["metrics"]["bleu"]
    # the system is HYP (the table's BLEU), the baseline is base, both scored by sacrebleu
    assert r["system"] == pytest.approx(out["bleu"]["score"]) == pytest.approx(BLEU().corpus_score(HYP * 3, [REF * 3]).score)
    assert r["baseline"] == pytest.approx(BLEU().corpus_score(base * 3, [REF * 3]).score)
    assert r["delta"] == pytest.approx(r["system"] - r["baseline"]) and r["delta"] > 20
    # a 33-point gap on 12 lines: significant, at the resolution the sample counts allow
    assert 1 / 101 <= r["bootstrap"]["p_value"] < 0.05 and 1 / 201 <= r["approximate_randomization"]["p_value"] < 0.05
    lo, hi = r["bootstrap"]["system"]["ci95"]
    assert lo < r["system"] < hi


def test_different_lengths_are_refused():
    with pytest.raises(TolkaError, match="4 lines but .* 3"):
        evaluate_lines(HYP, REF[:3])
    with pytest.raises(TolkaError, match="source"):
        evaluate_lines(HYP, REF, sources=SRC[:2])


def test_text_report(result):
    text = format_text(result, title="tolka evaluate: hyp against ref")
    lines = text.splitlines()
    assert lines[0] == "tolka evaluate: hyp against ref"
    row = next(line for line in lines if line.startswith("BLEU "))
    assert f"{result['bleu']['score']:.1f}" in row and result["bleu"]["signature"] in row
    row = next(line for line in lines if line.startswith("chrF2 "))
    assert f"{result['chrf']['score']:.2f}" in row
    assert any(line.startswith("TER ") for line in lines) and any(line.startswith("chrF2++ ") for line in lines)
    assert "line 1 [number]" in text and "fidelity flags: 1 on 1 of 4 segments" in text

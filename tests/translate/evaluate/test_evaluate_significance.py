"""Paired bootstrap and approximate randomization: sacrebleu's, seeded, with 95% intervals."""

import os

import pytest

from translate.errors import TolkaError
from translate.evaluate.significance import paired_significance

REFS = [
    "the cat sat on the mat by the door",
    "a dog barked at the postman this morning",
    "we went home early because it rained",
    "the shop opens at nine on weekdays",
    "she reads a book every evening before bed",
    "the train to the city was late again",
    "our neighbours planted roses in the garden",
    "the river flooded the fields last spring",
] * 3
GOOD = [r.replace(" the ", " the ", 1) for r in REFS]
BAD = [" ".join(r.split()[::-1]) for r in REFS]
# two systems with the same kind of error in different halves: no real difference
EVEN = [r.replace("the", "a") if i % 2 == 0 else r for i, r in enumerate(REFS)]
ODD = [r.replace("the", "a") if i % 2 == 1 else r for i, r in enumerate(REFS)]

SMALL = dict(bootstrap_samples=200, ar_trials=400)


def test_a_clearly_better_system_is_significant_in_both_tests():
    out = paired_significance(GOOD, BAD, REFS, ["bleu", "chrf"], seed=7, **SMALL)
    assert set(out["metrics"]) == {"bleu", "chrf"}
    for r in out["metrics"].values():
        assert r["delta"] > 10
        assert r["bootstrap"]["p_value"] < 0.05
        assert r["approximate_randomization"]["p_value"] < 0.05


def test_equivalent_systems_are_not_significant():
    out = paired_significance(EVEN, ODD, REFS, ["chrf"], seed=7, **SMALL)
    r = out["metrics"]["chrf"]
    assert r["bootstrap"]["p_value"] > 0.05
    assert r["approximate_randomization"]["p_value"] > 0.05


def test_intervals_surround_the_scores():
    out = paired_significance(EVEN, BAD, REFS, ["bleu"], seed=7, **SMALL)
    r = out["metrics"]["bleu"]
    for test in ("bootstrap", "approximate_randomization"):
        lo, hi = r[test]["system"]["ci95"]
        assert lo <= r["system"] <= hi
        assert hi - lo == pytest.approx(2 * r[test]["system"]["ci"])
    lo, hi = r["bootstrap"]["baseline"]["ci95"]
    assert lo <= r["baseline"] <= hi
    assert "seed:7" in r["bootstrap"]["signature"] and "bs:200" in r["bootstrap"]["signature"]
    assert "ar:400" in r["approximate_randomization"]["signature"]


def test_seeded_results_repeat_and_the_environment_is_restored(monkeypatch):
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    a = paired_significance(EVEN, ODD, REFS, ["bleu"], seed=11, **SMALL)
    b = paired_significance(EVEN, ODD, REFS, ["bleu"], seed=11, **SMALL)
    c = paired_significance(EVEN, ODD, REFS, ["bleu"], seed=12, **SMALL)
    assert a == b
    assert a["metrics"]["bleu"]["bootstrap"]["system"] != c["metrics"]["bleu"]["bootstrap"]["system"]
    assert "SACREBLEU_SEED" not in os.environ


def test_seed_zero_is_refused_because_sacrebleu_reads_it_as_unseeded():
    with pytest.raises(TolkaError, match="seed"):
        paired_significance(GOOD, BAD, REFS, ["bleu"], seed=0, **SMALL)


def test_mismatched_lengths_are_refused():
    with pytest.raises(TolkaError, match="baseline has 23 lines"):
        paired_significance(GOOD, BAD[:-1], REFS, ["bleu"], **SMALL)

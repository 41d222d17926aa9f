"""Corpus and segment scores are sacrebleu's, with signatures; mismatched inputs are refused."""

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from translate.errors import TolkaError
from translate.evaluate.metrics import METRICS, check_parallel, corpus_scores, parse_metrics, segment_scores

HYPS = [
    "The council approved the new budget on Tuesday.",
    "About 3.5 million people live in the region.",
    "She said the plan was a good idea.",
    "The match ended in a draw.",
]
REFS = [
    "The council passed the new budget on Tuesday.",
    "Around 3.5 million people live in the region.",
    "She said that the plan was a good one.",
    "The game ended in a draw.",
]


def test_corpus_scores_are_sacrebleus_with_signatures():
    got = corpus_scores(HYPS, REFS)
    assert list(got) == list(METRICS)
    for name, metric in [("bleu", BLEU()), ("chrf", CHRF()), ("chrf++", CHRF(word_order=2)), ("ter", TER())]:
        expected = metric.corpus_score(HYPS, [REFS])
        assert got[name] == {"score": pytest.approx(expected.score), "signature": str(metric.get_signature())}
    assert "tok:13a" in got["bleu"]["signature"] and "nw:2" in got["chrf++"]["signature"]
    assert "nw:0" in got["chrf"]["signature"]


def test_segment_scores_use_effective_order_bleu_and_chrf_plus_plus():
    rows = segment_scores(HYPS + ["Short."], REFS + ["Short."])
    assert [sorted(r) for r in rows] == [["bleu", "chrf++"]] * 5
    # a one-word exact match scores 100 only with effective order
    assert rows[-1]["bleu"] == pytest.approx(100.0)
    assert rows[-1]["chrf++"] == pytest.approx(100.0)
    assert rows[0]["bleu"] == pytest.approx(BLEU(effective_order=True).sentence_score(HYPS[0], [REFS[0]]).score)
    assert 0 < rows[2]["bleu"] < 100


def test_segment_scores_can_be_limited():
    assert segment_scores(HYPS, REFS, ["chrf++"])[0].keys() == {"chrf++"}


def test_lengths_must_match_and_the_error_names_both_counts():
    with pytest.raises(TolkaError, match=r"has 4 lines but .* has 3"):
        corpus_scores(HYPS, REFS[:3])
    with pytest.raises(TolkaError, match="no segments"):
        check_parallel([], [])


@pytest.mark.parametrize(
    "spec, expected",
    [(None, list(METRICS)), ("chrF2, BLEU", ["bleu", "chrf"]), ("ter,chrf++,ter", ["chrf++", "ter"]), (["chrf2++"], ["chrf++"])],
)
def test_parse_metrics(spec, expected):
    assert parse_metrics(spec) == expected


@pytest.mark.parametrize("spec", ["meteor", ",", "bleu,comet"])
def test_parse_metrics_refuses_unknown_names(spec):
    with pytest.raises(TolkaError, match="metric"):
        parse_metrics(spec)


def test_chrf_from_chrf_plus_plus_statistics_equals_chrf_alone():
    # score_all reuses chrF2++'s statistics for chrF2 when both are asked for
    hyps = HYPS + ["", "(Hello) world!", "x"]
    refs = REFS + ["Something here.", "Hello, (world)", ""]
    both = corpus_scores(hyps, refs, ["chrf", "chrf++"])
    assert both["chrf"] == corpus_scores(hyps, refs, ["chrf"])["chrf"]
    assert both["chrf++"] == corpus_scores(hyps, refs, ["chrf++"])["chrf++"]
    assert both["chrf"]["score"] == CHRF().corpus_score(hyps, [refs]).score != both["chrf++"]["score"]

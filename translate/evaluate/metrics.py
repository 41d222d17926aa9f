"""Reference-based scores computed with sacrebleu's metric objects.

Corpus scores come with sacrebleu's signatures so a number can be reproduced
elsewhere; segment scores use BLEU with effective order (plain BLEU is zero for
most single sentences) and chrF2++.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from .. import textio
from ..choices import parse_names
from ..errors import TolkaError

#: Metric names as they appear in options and JSON, in display order.
METRICS = ("bleu", "chrf", "chrf++", "ter")
#: How each metric is labelled in human-readable output (sacrebleu's own names).
LABELS = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}
#: Metrics that have a per-segment score.
SEGMENT_METRICS = ("bleu", "chrf++")


def make_metric(name: str) -> Metric:
    """A fresh sacrebleu metric object for ``name`` (one of :data:`METRICS`)."""
    if name == "bleu":
        return BLEU()  # 13a tokenisation, exp smoothing: the WMT / OPUS-MT leaderboard setting
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise TolkaError(f"unknown metric {name!r} (choose from {', '.join(METRICS)})")


def parse_metrics(spec: str | Sequence[str] | None) -> list[str]:
    """Normalise a ``--metrics`` value (``"bleu,chrf"`` or a list) to known names, in order."""
    if spec is None:
        return list(METRICS)
    wanted = parse_names(
        spec,
        METRICS,
        unknown=lambda item: f"unknown metric {item.strip()!r} in --metrics (choose from {', '.join(METRICS)})",
        empty=f"--metrics is empty (choose from {', '.join(METRICS)})",
        normalise=lambda s: s.strip().lower().replace("chrf2", "chrf"),
    )
    return [m for m in METRICS if m in wanted]


def check_parallel(hyps: Sequence[str], refs: Sequence[str], hyp_name: str = "hypothesis", ref_name: str = "reference") -> None:
    """Refuse hypothesis/reference lists of different lengths (sacrebleu would truncate silently) or none."""
    textio.check_parallel((hyp_name, hyps), (ref_name, refs))
    if not hyps:
        raise TolkaError(f"{hyp_name} has no segments to score (give one segment per line)")


def _stats(metric: Metric, hyps: Sequence[str], refs: Sequence[str]) -> list:
    # sacrebleu's sufficient statistics, one row per segment: extracted once and reused for
    # the corpus score and the segment scores (sentence_score() would re-cache the reference
    # for every sentence).  The same private API sacrebleu's own significance tests use.
    return metric._extract_corpus_statistics(list(hyps), [list(refs)])


def corpus_scores(hyps: Sequence[str], refs: Sequence[str], metrics: Sequence[str] = METRICS) -> dict[str, dict[str, Any]]:
    """Corpus-level scores: ``{"bleu": {"score": 43.48, "signature": "nrefs:1|..."}, ...}`` per metric."""
    return score_all(hyps, refs, metrics, segment_metrics=())[0]


def segment_scores(hyps: Sequence[str], refs: Sequence[str], metrics: Sequence[str] = SEGMENT_METRICS) -> list[dict[str, float]]:
    """Per-segment BLEU (effective order) and chrF2++, as sacrebleu's ``sentence_score`` gives them."""
    return score_all(hyps, refs, (), segment_metrics=metrics)[1]


def score_all(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str] = METRICS,
    segment_metrics: Sequence[str] = SEGMENT_METRICS,
) -> tuple[dict[str, dict[str, Any]], list[dict[str, float]]]:
    """Corpus scores for ``metrics`` and per-segment scores for ``segment_metrics`` in one pass."""
    check_parallel(hyps, refs)
    corpus: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, float]] = [{} for _ in hyps]
    seg_wanted = [m for m in SEGMENT_METRICS if m in segment_metrics]
    wanted = [m for m in METRICS if m in metrics or m in seg_wanted]
    chrfpp: tuple[Metric, list] | None = None
    if "chrf" in wanted and "chrf++" in wanted:
        pp = make_metric("chrf++")
        chrfpp = (pp, _stats(pp, hyps, refs))
    for name in wanted:
        if name == "chrf++" and chrfpp is not None:
            metric, stats = chrfpp
        elif name == "chrf" and chrfpp is not None:
            # With one reference chrF2++'s statistics are chrF2's (the character n-gram orders,
            # extracted the same way) followed by the word orders: reuse them, not extract twice.
            chrf = CHRF()
            chrf.num_refs = chrfpp[0].num_refs  # what _extract_corpus_statistics would set
            metric, stats = chrf, [st[: 3 * chrf.char_order] for st in chrfpp[1]]
        else:
            metric = make_metric(name)
            stats = _stats(metric, hyps, refs)
        if name in metrics:
            corpus[name] = {
                "score": float(metric._aggregate_and_compute(stats).score),
                "signature": str(metric.get_signature()),
            }
        if name in seg_wanted:
            # BLEU's statistics do not depend on effective order; only the scoring does
            seg_metric = BLEU(effective_order=True) if name == "bleu" else metric
            for row, st in zip(rows, stats):
                row[name] = float(seg_metric._aggregate_and_compute([st]).score)
    return corpus, rows

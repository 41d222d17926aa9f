"""Scoring parallel segment lists into one result, and rendering it as a text table.

The result is the JSON that ``tolka evaluate --format json`` prints::

    {"bleu": {"score", "signature"}, "chrf": {...}, "chrf++": {...}, "ter": {...},
     "segments": [{"id", "bleu", "chrf++", "flags": [...]}],
     "flags": {"<kind>": count},
     "significance": {...}}          # only with a baseline

Document evaluation (aligned, bead by bead) adds ``"alignment"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import fidelity
from .metrics import LABELS, METRICS, SEGMENT_METRICS, check_parallel, parse_metrics, score_all
from .significance import AR_TRIALS, BOOTSTRAP_SAMPLES, DEFAULT_SEED, paired_significance


def evaluate_lines(
    hyps: Sequence[str],
    refs: Sequence[str] | None,
    *,
    sources: Sequence[str] | None = None,
    baseline: Sequence[str] | None = None,
    metrics: str | Sequence[str] | None = None,
    seed: int = DEFAULT_SEED,
    bootstrap_samples: int = BOOTSTRAP_SAMPLES,
    ar_trials: int = AR_TRIALS,
    detect: fidelity.Detector | None = None,
) -> dict[str, Any]:
    """Score ``hyps`` against ``refs`` line by line, flag them, and compare with ``baseline``.

    ``refs`` may be ``None`` (fidelity flags only).  With ``sources`` (the Swedish
    lines) every fidelity check runs; without, only those that need no source
    (repetition, Swedish left in the output).
    """
    names = parse_metrics(metrics)
    hyps = list(hyps)
    if sources is not None:
        check_parallel(hyps, list(sources), "hypothesis", "source")
    result: dict[str, Any] = {}
    seg_rows: list[dict[str, Any]] = [{"id": i} for i in range(len(hyps))]
    if refs is not None:
        refs = list(refs)
        check_parallel(hyps, refs)
        corpus, rows = score_all(hyps, refs, names, [m for m in SEGMENT_METRICS if m in names])
        result.update(corpus)
        for row, scores in zip(seg_rows, rows):
            row.update(scores)
    if sources is not None:
        flags = fidelity.flag_segments(list(sources), hyps, detect=detect)
    else:
        flags = [fidelity.flag_translation(h, segment=i, detect=detect) for i, h in enumerate(hyps)]
    for row, f in zip(seg_rows, flags):
        row["flags"] = f
    result["segments"] = seg_rows
    result["flags"] = fidelity.count_flags(flags)
    if baseline is not None:
        if refs is None:
            raise ValueError("a baseline comparison needs references")
        result["significance"] = paired_significance(
            hyps, list(baseline), refs, names, seed=seed, bootstrap_samples=bootstrap_samples, ar_trials=ar_trials
        )
    return result


# --------------------------------------------------------------------------- text

_PRECISION = {"bleu": 1, "chrf": 2, "chrf++": 2, "ter": 1}


def fmt_score(metric: str, value: float) -> str:
    """A score at the precision leaderboards print it: BLEU/TER 43.5, chrF 66.74."""
    return f"{value:.{_PRECISION.get(metric, 2)}f}"


def format_text(result: dict[str, Any], *, title: str = "", document: bool = False, max_flag_lines: int = 200) -> str:
    """A readable report: corpus scores with signatures, significance, flagged segments.

    Flags name "line N" (1-based) for line files, "segment N" (the segment id) for a ``document``.
    """
    out: list[str] = []
    if title:
        out.append(title)
    align = result.get("alignment")
    if align:
        out.append(
            f"aligned first: {align['hyp_segments']} translated segments to {align['ref_sentences']} reference "
            f"sentences in {len(align['beads'])} beads ({align['method']}); scores are bead by bead"
        )
    metrics = [m for m in METRICS if m in result]
    if metrics:
        out.append("")
        out.append(f"{'metric':<8} {'score':>7}  signature")
        for m in metrics:
            out.append(f"{LABELS[m]:<8} {fmt_score(m, result[m]['score']):>7}  {result[m]['signature']}")
    segs = result.get("segments", [])
    seg_means = []
    for m in SEGMENT_METRICS:
        vals = [s[m] for s in segs if m in s]
        if vals:
            seg_means.append(f"mean segment {LABELS[m] if m != 'bleu' else 'BLEU (effective order)'} {sum(vals) / len(vals):.2f}")
    if seg_means:
        out.append(f"{len(segs)} {'beads' if align else 'segments'}: " + ", ".join(seg_means))

    sig = result.get("significance")
    if sig:
        out.append("")
        out.append(
            f"significance against the baseline (seed {sig['seed']}; paired bootstrap, {sig['bootstrap_samples']} "
            f"resamples; approximate randomization, {sig['ar_trials']} trials; 95% CI from the bootstrap)"
        )
        out.append(f"{'metric':<8} {'system (95% CI)':>22} {'baseline (95% CI)':>22} {'delta':>7} {'p bootstrap':>12} {'p AR':>8}")
        for m, r in sig["metrics"].items():
            bs = r["bootstrap"]
            out.append(
                f"{LABELS[m]:<8} {_with_ci(m, r, 'system'):>22} {_with_ci(m, r, 'baseline'):>22} {r['delta']:>+7.2f} "
                f"{bs['p_value']:>12.4f} {r['approximate_randomization']['p_value']:>8.4f}"
            )

    counts = result.get("flags", {})
    flagged = [s for s in segs if s.get("flags")]
    out.append("")
    out.append(
        f"fidelity flags: {sum(counts.values())} on {len(flagged)} of {len(segs)} segments ("
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + ")"
    )
    shown = 0
    for s in flagged:
        for f in s["flags"]:
            if shown >= max_flag_lines:
                break
            where = f"segment {s['id']}" if document or align else f"line {s['id'] + 1}"
            out.append(f"  {where} [{f['kind']}] {f['why']}")
            shown += 1
    hidden = sum(len(s["flags"]) for s in flagged) - shown
    if hidden > 0:
        out.append(f"  ... and {hidden} more (use --format json for all)")
    return "\n".join(out) + "\n"


def _with_ci(metric: str, result: dict[str, Any], side: str) -> str:
    """A side's score with its bootstrap 95% interval: ``43.5 (41.2-45.8)``."""
    lo, hi = result["bootstrap"][side]["ci95"]
    return f"{fmt_score(metric, result[side])} ({fmt_score(metric, lo)}-{fmt_score(metric, hi)})"

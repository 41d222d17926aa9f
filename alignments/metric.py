"""Strict and lax precision/recall/F1 of alignments, as vecalign's ``score.py``.

Semantics (Thompson & Koehn 2019, after Rychly & Hajic 2011 / W11-4624):

* beads are compared as sets per document; beads empty on both sides are ignored;
* a test bead is a strict true positive when the identical bead is in the gold;
  otherwise it is a lax true positive when some of its source sentences are
  aligned in the gold to some of its target sentences;
* precision counts every test bead, null beads (1-0, 0-1) included; recall is the
  same computation with gold and test swapped and null beads dropped from both;
* counts are summed over documents before the ratios are taken; a ratio whose
  denominator is 0 is 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .bead import Bead
from .errors import AlignmentError

Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _pairs(beads: Iterable[Bead | Pair]) -> set[Pair]:
    out = set()
    for b in beads:
        src, tgt = (b.src, b.tgt) if isinstance(b, Bead) else b
        if len(src) or len(tgt):
            out.add((tuple(src), tuple(tgt)))
    return out


def _counts(gold: set[Pair], test: set[Pair]) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of ``test`` against ``gold``."""
    gold_tgt_of_src: dict[int, set[int]] = defaultdict(set)
    for g_src, g_tgt in gold:
        for s in g_src:
            gold_tgt_of_src[s].update(g_tgt)
    tps = fps = tpl = fpl = 0
    for t_src, t_tgt in test:
        if (t_src, t_tgt) in gold:
            tps += 1
            tpl += 1
            continue
        fps += 1
        reach: set[int] = set()
        for s in t_src:
            reach |= gold_tgt_of_src.get(s, set())
        if reach.intersection(t_tgt):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def _ratio(a: int, b: int) -> float:
    return a / (a + b) if a + b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_beads(gold_docs: Sequence[Sequence[Bead | Pair]], test_docs: Sequence[Sequence[Bead | Pair]]) -> dict[str, float]:
    """Strict/lax precision, recall and F1 of ``test_docs`` against ``gold_docs``.

    Each argument is a list of documents, each a list of beads (or ``(src, tgt)``
    id tuples). Returns the keys of vecalign's ``score_multiple``:
    ``precision_strict``, ``recall_strict``, ``f1_strict`` and the ``_lax`` ones.
    """
    if len(gold_docs) != len(test_docs):
        raise AlignmentError(
            f"gold has {len(gold_docs)} documents but test has {len(test_docs)}; "
            "give bead files with the same documents (blank line between documents)"
        )
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_docs, test_docs):
        g, t = _pairs(gold), _pairs(test)
        for k, v in enumerate(_counts(g, t)):
            p[k] += v
        full = lambda s: {x for x in s if x[0] and x[1]}  # noqa: E731
        for k, v in enumerate(_counts(full(t), full(g))):
            r[k] += v
    ps, pl, rs, rl = _ratio(p[0], p[1]), _ratio(p[2], p[3]), _ratio(r[0], r[1]), _ratio(r[2], r[3])
    return {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": _f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": _f1(pl, rl),
    }

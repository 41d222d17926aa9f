"""Monotone n-m dynamic programming in a band, and the coarse-to-fine search around it.

The lattice node ``(i, j)`` means "the first i source and j target sentences are
aligned". Each row ``i`` keeps only nodes ``lo[i] <= j <= hi[i]``, stored as a
dense ``(n + 1, W)`` array, so memory and time grow with ``n * W``, never with
``n * m``. Rows are filled one at a time with numpy over the whole row; the 0-1
bead, which links nodes inside a row, is a running maximum.

Coarse-to-fine (as in vecalign): neighbouring sentences are summed pairwise into
half as many units, recursively, until a full DP is cheap; each finer level then
searches only a band around the path found one level up.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

#: Bead shapes (source count, target count) other than 0-1, which is handled in-row.
PAIR_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 0))
INSERT = 100  # back-pointer code of a 0-1 bead
#: shapes searched at coarse levels, where units are blocks of sentences
COARSE_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0))

#: Callback filling, for one bead type (a, b), the score of a bead ending at each band node.
ScoreFn = Callable[[int, int, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def normalise_band(lo: np.ndarray, hi: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Clip to the lattice, make both edges non-decreasing (only ever widening), pin the corners."""
    lo = np.clip(lo, 0, m).astype(np.int64)
    hi = np.clip(hi, 0, m).astype(np.int64)
    lo[0] = 0
    hi[n] = m
    lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
    hi = np.maximum.accumulate(hi)
    hi = np.maximum(hi, lo)
    return lo, hi


def band_dp(
    n: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    bead_score: ScoreFn,
    insert_score: float,
    types: tuple[tuple[int, int], ...] = PAIR_TYPES,
) -> list[tuple[int, int]] | None:
    """Best monotone path from (0, 0) to (n, m) inside the band, as (a, b) bead shapes.

    ``bead_score(a, b, rows, js, valid)`` returns scores shaped like ``js`` for
    beads of shape (a, b) ending at nodes ``(rows, js)``; ``types`` are the shapes
    allowed besides 0-1. Returns ``None`` when the band holds no complete path
    (the caller widens it).
    """
    width = int((hi - lo).max()) + 1
    ks = np.arange(width, dtype=np.int64)
    js = lo[:, None] + ks[None, :]
    inband = js <= hi[:, None]
    rows = np.broadcast_to(np.arange(n + 1, dtype=np.int64)[:, None], js.shape)
    score_stack = np.full((len(types), n + 1, width), -np.inf)
    for t, (a, b) in enumerate(types):
        valid = inband & (rows >= a) & (js >= b)
        if valid.any():
            score_stack[t][valid] = bead_score(a, b, rows[valid], js[valid], valid)

    V = np.full((n + 1, width), -np.inf)
    BP = np.zeros((n + 1, width), dtype=np.int8)
    ins_step = ks * insert_score
    cand = np.empty((len(types), width))
    lo_l = lo.tolist()
    span = (hi - lo).tolist()
    plan = []  # per type: (t, a, b), resolved per row below with plain ints
    for t, (a, b) in enumerate(types):
        plan.append((t, a, b))
    for i in range(n + 1):
        w = span[i] + 1
        c = cand[:, :w]
        c.fill(-np.inf)
        if i == 0:
            if lo_l[0] == 0:
                c[0, 0] = 0.0
        else:
            li = lo_l[i]
            for t, a, b in plan:
                if a > i:
                    continue
                shift = li - lo_l[i - a] - b
                k0 = -shift if shift < 0 else 0
                k1 = w if w - shift > w else w - shift
                if k1 > k0:
                    np.add(V[i - a, k0 + shift : k1 + shift], score_stack[t, i, k0:k1], out=c[t, k0:k1])
        best = c.max(axis=0)
        u = best - ins_step[:w]
        run = np.maximum.accumulate(u)
        V[i, :w] = run + ins_step[:w]
        BP[i, :w] = np.where(run > u, INSERT, c.argmax(axis=0))

    k = m - int(lo[n])
    if not (0 <= k < width) or not np.isfinite(V[n, k]):
        return None
    steps: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(BP[i, j - lo_l[i]])
        a, b = (0, 1) if code == INSERT else types[code]
        steps.append((a, b))
        i -= a
        j -= b
        if i < 0 or j < 0 or not (lo_l[i] <= j <= lo_l[i] + span[i]):  # pragma: no cover - guarded by -inf scores
            return None
    steps.reverse()
    return steps


def path_nodes(steps: list[tuple[int, int]]) -> np.ndarray:
    """Lattice nodes visited by a path of bead shapes, starting at (0, 0)."""
    nodes = np.zeros((len(steps) + 1, 2), dtype=np.int64)
    if steps:
        nodes[1:] = np.cumsum(np.asarray(steps, dtype=np.int64), axis=0)
    return nodes


def band_around(nodes: np.ndarray, n: int, m: int, margin: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of +-margin around the straight segments joining ``nodes`` (already at this level's scale)."""
    lo = np.full(n + 1, np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.full(n + 1, -1, dtype=np.int64)
    x0, y0 = nodes[:-1, 0], nodes[:-1, 1]
    x1, y1 = nodes[1:, 0], nodes[1:, 1]
    # Each row between x0 and x1 meets the segment; record both endpoints' j (a superset is fine).
    for xa, ya, xb, yb in zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist()):
        for r in range(xa, xb + 1):
            if xb > xa:
                yl = ya + (yb - ya) * (r - xa) // (xb - xa)
                yh = ya + -((-(yb - ya) * (r - xa)) // (xb - xa))
            else:
                yl, yh = ya, yb
            if yl < lo[r]:
                lo[r] = yl
            if yh > hi[r]:
                hi[r] = yh
    missing = hi < 0
    if missing.any():  # rows the path jumps over: borrow neighbours' extent
        idx = np.arange(n + 1)
        good = idx[~missing]
        lo[missing] = lo[good][np.clip(np.searchsorted(good, idx[missing]) - 1, 0, len(good) - 1)]
        hi[missing] = hi[good][np.clip(np.searchsorted(good, idx[missing]), 0, len(good) - 1)]
    return normalise_band(lo - margin, hi + margin, n, m)

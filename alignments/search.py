"""Monotone n-m dynamic programming in a band, and the coarse-to-fine search around it.

The lattice node ``(i, j)`` means "the first i source and j target sentences are
aligned". Each row ``i`` keeps only nodes ``lo[i] <= j <= hi[i]``, stored ragged in
one flat array, so memory and time grow with the band's area, never with ``n * m``. Rows are filled one at a time with numpy over the whole row; the 0-1
bead, which links nodes inside a row, is a running maximum.

Coarse-to-fine (as in vecalign): neighbouring sentences are summed pairwise into
half as many units, recursively, until a full DP is cheap; each finer level then
searches only a band around the path found one level up.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Bead shapes (source count, target count) other than 0-1, which is handled in-row.
PAIR_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 0))
INSERT = 100  # back-pointer code of a 0-1 bead
#: shapes searched at coarse levels, where units are blocks of sentences
COARSE_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0))

#: Callback giving, for one bead shape (a, b), the score of a bead ending at each of the nodes (rows, js).
ScoreFn = Callable[[int, int, np.ndarray, np.ndarray], np.ndarray]


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def normalise_band(lo: np.ndarray, hi: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Clip to the lattice, make both edges non-decreasing and rows overlap (only ever widening), pin the corners."""
    lo = np.clip(lo, 0, m).astype(np.int64)
    hi = np.clip(hi, 0, m).astype(np.int64)
    lo[0] = 0
    hi[n] = m
    lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
    hi = np.maximum.accumulate(hi)
    hi = np.maximum(hi, lo)
    # Each row must reach back to the previous row's end, so the all-null path
    # always fits and the DP can never come back empty.
    lo[1:] = np.minimum(lo[1:], hi[:-1])
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

    Rows are stored ragged (row i holds ``hi[i] - lo[i] + 1`` nodes, one flat
    array), so a wide row -- a long run of inserted sentences -- costs only its
    own width. ``bead_score(a, b, rows, js)`` returns scores for beads of shape
    (a, b) ending at nodes ``(rows, js)``; ``types`` are the shapes allowed
    besides 0-1. Returns ``None`` when the band holds no complete path (the
    caller widens it).
    """
    widths = (hi - lo + 1).astype(np.int64)
    off = np.concatenate([[0], np.cumsum(widths)])
    total = int(off[-1])
    rows = np.repeat(np.arange(n + 1, dtype=np.int64), widths)
    js = lo[rows] + (np.arange(total, dtype=np.int64) - off[rows])
    score_stack = np.full((len(types), total), -np.inf)
    for t, (a, b) in enumerate(types):
        valid = (rows >= a) & (js >= b)
        if valid.any():
            score_stack[t, valid] = bead_score(a, b, rows[valid], js[valid])

    wmax = int(widths.max())
    V = np.full(total, -np.inf)
    BP = np.zeros(total, dtype=np.int8)
    ins_step = np.arange(wmax, dtype=np.float64) * insert_score
    cand = np.empty((len(types), wmax))
    lo_l, w_l, off_l = lo.tolist(), widths.tolist(), off.tolist()
    for i in range(n + 1):
        w = w_l[i]
        base = off_l[i]
        c = cand[:, :w]
        c.fill(-np.inf)
        if i == 0:
            if lo_l[0] == 0:
                c[0, 0] = 0.0
        else:
            li = lo_l[i]
            for t, (a, b) in enumerate(types):
                if a > i:
                    continue
                r = i - a
                shift = li - lo_l[r] - b
                k0 = -shift if shift < 0 else 0
                k1 = min(w, w_l[r] - shift)
                if k1 > k0:
                    pb = off_l[r] + shift
                    np.add(V[pb + k0 : pb + k1], score_stack[t, base + k0 : base + k1], out=c[t, k0:k1])
        best = c.max(axis=0)
        u = best - ins_step[:w]
        run = np.maximum.accumulate(u)
        V[base : base + w] = run + ins_step[:w]
        BP[base : base + w] = np.where(run > u, INSERT, c.argmax(axis=0))

    k = m - lo_l[n]
    if not (0 <= k < w_l[n]) or not np.isfinite(V[off_l[n] + k]):
        return None
    steps: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(BP[off_l[i] + j - lo_l[i]])
        a, b = (0, 1) if code == INSERT else types[code]
        steps.append((a, b))
        i -= a
        j -= b
        if i < 0 or j < 0 or not (lo_l[i] <= j < lo_l[i] + w_l[i]):  # pragma: no cover - guarded by -inf scores
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

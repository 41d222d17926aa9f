"""Align the sentences of a Swedish article to an English translation: ``align(src, tgt, src_mt)``.

A bead's score adds up evidence in log-odds-like units:

* similarity: cosine of the summed, tf-idf weighted feature vectors of the bead's
  two sides, against a threshold set per document from random sentence pairs (so
  "unrelated" means "no more alike than two random sentences of this document").
  The vectors hold character n-grams of the source's English translation vs the
  target (when a translation is given) and anchors needing no translation
  (numbers, names, cognate prefixes) of the Swedish source vs the target. With MT
  the term is a log ratio, so a near-random cosine costs much more than a high one
  earns; without MT (sparse anchors, small cosines) it is linear;
* support: in a merge (2-1, 1-2, ...) every sentence must resemble the other side
  on its own, or an unrelated neighbour is riding along (with MT a log ratio like
  the similarity, without MT linear);
* length: a Gale-Church term, log P(|delta|) of the length difference under a
  normal model whose ratio is the document's own;
* a prior per bead shape.

A deleted or inserted sentence (1-0, 0-1) scores a fixed penalty, set so that two
nulls beat pairing two unrelated neighbours: a pair must earn its place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import log_ndtr

from . import features
from .bead import Bead
from .errors import AlignmentError
from .search import COARSE_TYPES, PAIR_TYPES, band_around, band_dp, full_band, path_nodes

#: Source sentences summed per block in the dense pairwise-dot computation.
_BLOCK = 64


@dataclass(frozen=True)
class Params:
    """Scoring and search settings (defaults tuned on NTREX-128 sv-en; see notes)."""

    #: linear similarity weight (used without MT, where cosines are small and noisy)
    sim_weight: float = 12.0
    #: with MT, a log-ratio similarity: near-random cosines are punished hard, high ones saturate
    sim_log_mt: bool = True
    sim_log_weight: float = 5.0
    #: with MT, a cosine under the threshold (evidence that a pair, or a part of a merge, is
    #: unrelated) counts sqrt(chars / evidence_chars) times, at most evidence_cap times, chars
    #: being the shorter side's length (the part's own in a merge): two words sharing no n-gram
    #: may be a loose rendering ("Seriously." / "Come on."), a whole sentence sharing as little
    #: as two random ones is not (0 turns this off)
    evidence_chars: float = 32.0
    evidence_cap: float = 2.0
    sim_eps: float = 0.01
    #: quantile of random-pair similarity used as the "unrelated" threshold
    tau_quantile: float = 0.98
    tau_floor: float = 0.05
    tau_cap: float = 0.4
    #: added to the threshold: a pair must be clearly more alike than unrelated sentences
    tau_offset: float = 0.0
    #: threshold for documents too small to sample unrelated pairs from (with MT, without): what
    #: the sample typically gives in longer news documents (with MT, .10-.16 on NTREX)
    tau_default: float = 0.13
    tau_default_src: float = 0.08
    len_weight: float = 1.0
    #: expected target/source length ratio (characters), with MT (English vs English) and without
    #: (Swedish vs English); the document's own ratio is pulled towards it
    len_ratio_mt: float = 1.0
    len_ratio_src: float = 1.0
    #: weight of that expectation, in characters of the document: a short document's own ratio
    #: is mostly the accident of which sentences one side lacks (one dropped sentence of five
    #: moves it by a fifth, and every true pair then looks too long or too short), a long one's
    #: is its translator's style
    len_ratio_chars: float = 4000.0
    #: variance per character of the Gale-Church length model, with and without MT
    len_var_mt: float = 4.0
    len_var_src: float = 8.0
    null_score: float = -3.5
    #: the same without MT
    null_score_src: float = -2.5
    #: weight of the penalty when one sentence of a merge does not resemble the other side
    part_weight: float = 20.0
    #: the same without MT, where anchors are sparse and a missing match is weak evidence
    part_weight_src: float = 5.0
    #: with MT and ``sim_log_mt``, the penalty is instead a log ratio against tau on the same
    #: scale as the similarity, so it no longer shrinks with tau and grows sharply for a part
    #: with no overlap at all (0 keeps the linear ``part_weight`` form)
    part_log_weight: float = 3.0
    mt_weight: float = 1.0
    anchor_weight_mt: float = 0.5
    prior: dict[tuple[int, int], float] = field(
        default_factory=lambda: {(1, 1): 0.0, (1, 2): -2.0, (2, 1): -2.0, (1, 3): -4.5, (3, 1): -4.5, (2, 2): -5.0}
    )
    #: band half-width (sentences or blocks) around the path found one level up
    margin: int = 10
    #: a lattice this small is searched in full
    full_cells: int = 60_000
    #: units merged into one per coarser level
    coarsen: int = 4


DEFAULT = Params()


def _row_normalise(m: sparse.csr_matrix) -> sparse.csr_matrix:
    m = m.tocsr(copy=True)
    sq = np.bincount(np.repeat(np.arange(m.shape[0]), np.diff(m.indptr)), weights=m.data * m.data, minlength=m.shape[0])
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))
    return m


def _blocks(n: int, f: int) -> sparse.csr_matrix:
    """(ceil(n/f) x n) matrix summing each run of f neighbouring units."""
    rows = np.arange(n) // f
    return sparse.csr_matrix((np.ones(n), (rows, np.arange(n))), shape=((n + f - 1) // f, n))


def _self_dots(m: sparse.csr_matrix) -> list[np.ndarray]:
    """``out[d][s] = m[s] . m[s + d]`` for d = 0, 1, 2 (zero past the end), block by block."""
    n = m.shape[0]
    out = [np.zeros(n + 3) for _ in range(3)]
    for s0 in range(0, n, _BLOCK):
        s1 = min(n, s0 + _BLOCK)
        e1 = min(n, s1 + 2)
        prod = (m[s0:s1] @ m[s0:e1].T).toarray()
        for d in range(3):
            diag = np.diagonal(prod, offset=d)
            out[d][s0 : s0 + diag.shape[0]] = diag
    return out


class _Level:
    """Features of one resolution: unit vectors (rows normalised), lengths, thresholds."""

    def __init__(self, S: sparse.csr_matrix, T: sparse.csr_matrix, ls: np.ndarray, lt: np.ndarray, var: float, p: Params, with_mt: bool):
        self.S, self.T, self.ls, self.lt, self.p, self.var, self.with_mt = S, T, ls, lt, p, var, with_mt
        self.n, self.m = S.shape[0], T.shape[0]
        self.cs = np.concatenate([[0.0], np.cumsum(ls)])
        self.ct = np.concatenate([[0.0], np.cumsum(lt)])
        r0 = p.len_ratio_mt if with_mt else p.len_ratio_src
        self.ratio = (self.ct[-1] + p.len_ratio_chars * r0) / (self.cs[-1] + p.len_ratio_chars)
        self.s_self = _self_dots(S)
        self.t_self = _self_dots(T)
        self.tau = self._threshold()
        self.null = p.null_score if with_mt else p.null_score_src

    def coarser(self) -> "_Level":
        f = self.p.coarsen
        rs, rt = _blocks(self.n, f), _blocks(self.m, f)
        return _Level(
            _row_normalise(rs @ self.S), _row_normalise(rt @ self.T), rs @ self.ls, rt @ self.lt, self.var * f, self.p, self.with_mt
        )

    def _threshold(self) -> float:
        # Pairs near the diagonal are likely true pairs; keep them out of the "unrelated" sample.
        rng = np.random.default_rng(12345)
        ii = np.sort(rng.choice(self.n, min(self.n, 60), replace=False))
        jj = np.sort(rng.choice(self.m, min(self.m, 60), replace=False))
        off = np.abs(jj[None, :] - ii[:, None] * (self.m / self.n)) > max(3.0, 0.02 * max(self.n, self.m))
        if off.sum() < 50:  # decided before the product: short documents never need it
            return (self.p.tau_default if self.with_mt else self.p.tau_default_src) + self.p.tau_offset
        sims = (self.S[ii] @ self.T[jj].T).toarray()
        tau = float(np.quantile(sims[off], self.p.tau_quantile))
        # Clamped: in a document of near-identical sentences a true pair must still stand out.
        return min(max(tau, self.p.tau_floor), self.p.tau_cap) + self.p.tau_offset

    def _norm(self, self_dots: list[np.ndarray], end: np.ndarray, a: int) -> np.ndarray:
        start = end - a
        tot = np.zeros(end.shape)
        for x in range(a):
            tot += self_dots[0][start + x]
            for y in range(x + 1, a):
                tot += 2 * self_dots[y - x][start + x]
        return tot

    def dots(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Pairwise dots for every sentence pair a bead inside the band can contain (ragged rows)."""
        n, m = self.n, self.m
        nxt = np.minimum(np.arange(n) + 1, n)
        far = np.minimum(np.arange(n) + 3, n)
        dlo = np.maximum(lo[nxt] - 3, 0)
        dhi = np.maximum(np.minimum(hi[far] - 1, m - 1), dlo)
        dw = dhi - dlo + 1
        doff = np.concatenate([[0], np.cumsum(dw)])
        D = np.zeros(int(doff[-1]))
        Tt = self.T.T.tocsc()
        for s0 in range(0, n, _BLOCK):
            s1 = min(n, s0 + _BLOCK)
            w0, w1 = int(dlo[s0:s1].min()), int(dhi[s0:s1].max()) + 1
            prod = (self.S[s0:s1] @ Tt[:, w0:w1]).toarray()
            rows = np.repeat(np.arange(s0, s1), dw[s0:s1])
            cols = dlo[rows] - w0 + (np.arange(doff[s0], doff[s1]) - doff[rows])
            D[doff[s0] : doff[s1]] = prod[rows - s0, cols]
        self.D, self.dlo, self.dw, self.doff = D, dlo, dw, doff

    def _evidence(self, chars: np.ndarray) -> np.ndarray | float:
        """How much a cosine under the threshold counts, by the characters it rests on (see Params)."""
        if self.p.evidence_chars <= 0:
            return 1.0
        return np.minimum(np.sqrt(chars / self.p.evidence_chars), self.p.evidence_cap)

    def bead_score(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        p = self.p
        if a == 0 or b == 0:
            return np.full(i.shape, self.null)
        cell: list[list[Any]] = [[None] * b for _ in range(a)]
        for x in range(a):
            s = i - a + x
            base, width, start = self.dlo[s], self.dw[s], self.doff[s]
            for y in range(b):
                k = j - b + y - base
                ok = (k >= 0) & (k < width)
                cell[x][y] = np.where(ok, self.D[start + np.clip(k, 0, width - 1)], 0.0)
        num = sum(sum(row) for row in cell)
        norm_s = np.sqrt(np.maximum(self._norm(self.s_self, i, a), 1e-12))
        norm_t = np.sqrt(np.maximum(self._norm(self.t_self, j, b), 1e-12))
        # A side without any feature (e.g. '(...)', or only words every sentence has) is no evidence.
        cos = np.where((norm_s > 1e-5) & (norm_t > 1e-5), num / (norm_s * norm_t), self.tau)
        support = 0.0
        if a > 1 or b > 1:
            # Every sentence of a merge must resemble the other side on its own; otherwise an
            # unrelated neighbour is riding along and should be a null bead instead.
            # A sentence without any feature (no anchors, say) is no evidence either way: neutral.
            parts = []
            for x in range(a):
                own = self.s_self[0][i - a + x]
                parts.append(np.where(own > 1e-9, sum(cell[x]) / (np.sqrt(np.maximum(own, 1e-12)) * norm_t), self.tau))
            for y in range(b):
                own = self.t_self[0][j - b + y]
                col = sum(cell[x][y] for x in range(a))
                parts.append(np.where(own > 1e-9, col / (norm_s * np.sqrt(np.maximum(own, 1e-12))), self.tau))
            if self.with_mt and p.sim_log_mt and p.part_log_weight > 0:
                chars = [self.cs[i - a + x + 1] - self.cs[i - a + x] for x in range(a)]
                chars += [self.ct[j - b + y + 1] - self.ct[j - b + y] for y in range(b)]
                logs = [
                    np.minimum(np.log((np.maximum(q, 0.0) + p.sim_eps) / (self.tau + p.sim_eps)), 0.0) * self._evidence(c)
                    for q, c in zip(parts, chars)
                ]
                support = p.part_log_weight * np.minimum.reduce(logs)
            else:
                worst = np.minimum.reduce(parts)
                support = (p.part_weight if self.with_mt else p.part_weight_src) * np.minimum(worst - self.tau, 0.0)
        raw1 = self.cs[i] - self.cs[i - a]
        l1 = raw1 * self.ratio
        l2 = self.ct[j] - self.ct[j - b]
        delta = (l2 - l1) / np.sqrt(self.var * (l1 + l2) / 2 + 1.0)
        length = log_ndtr(-np.abs(delta)) + math.log(2.0)
        if self.with_mt and p.sim_log_mt:
            sim = p.sim_log_weight * np.log((np.maximum(cos, 0.0) + p.sim_eps) / (self.tau + p.sim_eps))
            sim = np.where(sim < 0, sim * self._evidence(np.minimum(raw1, l2)), sim)
        else:
            sim = p.sim_weight * (cos - self.tau)
        return sim + p.len_weight * length + p.prior[(a, b)] + support


def _scaled(m: sparse.csr_matrix, w: float) -> sparse.csr_matrix:
    """``m * w`` in place (``m`` is a fresh copy): the same numbers without building another matrix."""
    m.data *= w
    return m


def _features(src: list[str], tgt: list[str], src_mt: list[str] | None, p: Params):
    blocks_s, blocks_t = [], []
    if src_mt is not None:
        xs, xt = features.tfidf_pair(features.char_ngrams(src_mt), features.char_ngrams(tgt))
        blocks_s.append(_scaled(_row_normalise(xs), p.mt_weight))
        blocks_t.append(_scaled(_row_normalise(xt), p.mt_weight))
        aw = p.anchor_weight_mt
    else:
        aw = 1.0
    a_s, a_t = features.tfidf_pair(features.anchors(src), features.anchors(tgt))
    blocks_s.append(_scaled(_row_normalise(a_s), aw))
    blocks_t.append(_scaled(_row_normalise(a_t), aw))
    S = _row_normalise(sparse.hstack(blocks_s, format="csr"))
    T = _row_normalise(sparse.hstack(blocks_t, format="csr"))
    ls = features.char_lengths(src_mt if src_mt is not None else src)
    lt = features.char_lengths(tgt)
    return S, T, ls, lt


def _solve(level: _Level, p: Params, finest: bool = True) -> list[tuple[int, int]]:
    n, m = level.n, level.m
    if (n + 1) * (m + 1) <= p.full_cells or n < 4 or m < 4:
        lo, hi = full_band(n, m)
    else:
        coarse = _solve(level.coarser(), p, finest=False)
        nodes = path_nodes(coarse) * p.coarsen
        nodes[:, 0] = np.minimum(nodes[:, 0], n)
        nodes[:, 1] = np.minimum(nodes[:, 1], m)
        lo, hi = band_around(nodes, n, m, p.margin)
    level.dots(lo, hi)
    steps = band_dp(n, m, lo, hi, level.bead_score, level.null, PAIR_TYPES if finest else COARSE_TYPES)
    if steps is None:  # pragma: no cover - normalise_band keeps the all-null path inside every band
        raise RuntimeError("alignment band holds no path; this is a bug in alignments.search")
    return steps


def _canonical(steps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Within each run of null beads, source-only beads first (the DP's order there is arbitrary)."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for st in steps + [(1, 1)]:
        if st[0] and st[1]:
            out.extend(sorted(run, reverse=True))
            run = []
            out.append(st)
        else:
            run.append(st)
    return out[:-1]


def align(src: list[str], tgt: list[str], src_mt: list[str] | None = None, params: Params = DEFAULT) -> list[Bead]:
    """Monotone n-m alignment of source sentences to target sentences.

    ``src_mt`` (optional) is an English translation of each source sentence; it
    makes the alignment much more reliable. Without it, only lengths and anchors
    (numbers, names, cognates) are used. Returns beads covering every source and
    target index exactly once, in order; 1-0 and 0-1 beads mark sentences left
    unaligned. A bead's ``score`` is a confidence in [0, 1] (0 for null beads).
    """
    if src_mt is not None and len(src_mt) != len(src):
        raise AlignmentError(
            f"the source translation has {len(src_mt)} sentences but the source has {len(src)}; give one translated line per source line"
        )
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    S, T, ls, lt = _features(src, tgt, src_mt, params)
    with_mt = src_mt is not None
    level = _Level(S, T, ls, lt, params.len_var_mt if with_mt else params.len_var_src, params, with_mt)
    steps = _canonical(_solve(level, params))
    beads: list[Bead] = []
    i = j = 0
    ends_i, ends_j, shapes = [], [], []
    for a, b in steps:
        if a and b:
            ends_i.append(i + a)
            ends_j.append(j + b)
            shapes.append((a, b))
        i += a
        j += b
    # Re-score the chosen pair beads at the finest level for the reported confidence.
    conf: dict[tuple[int, int], float] = {}
    for a, b in set(shapes):
        sel = [k for k, s in enumerate(shapes) if s == (a, b)]
        ii = np.asarray([ends_i[k] for k in sel])
        jj = np.asarray([ends_j[k] for k in sel])
        sc = level.bead_score(a, b, ii, jj) - params.prior[(a, b)]
        for k, v in zip(sel, sc.tolist()):
            conf[(ends_i[k], ends_j[k])] = 1.0 / (1.0 + math.exp(-max(min(v, 50.0), -50.0)))
    i = j = 0
    for a, b in steps:
        score = conf.get((i + a, j + b), 0.0) if a and b else 0.0
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(score, 4)))
        i += a
        j += b
    return beads

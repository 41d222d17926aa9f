"""The banded DP on hand-set scores: shapes, nulls, and the band's size."""

import numpy as np

from alignments.search import band_around, band_dp, full_band, normalise_band, path_nodes


def scorer(table):
    """Score beads from a dict {(a, b, i, j): score}; a 1-0 costs -1 like a 0-1; other pairs are very bad."""

    def score(a, b, rows, js):
        if b == 0:
            return np.full(len(rows), -1.0)
        return np.array([table.get((a, b, int(i), int(j)), -50.0) for i, j in zip(rows, js)])

    return score


def test_dp_follows_the_best_shapes_and_uses_nulls_when_pairs_are_bad():
    # 3 source, 3 target: a 2-1 bead (0,1)->(0), then source 2 unaligned, target 1 and 2 unaligned
    table = {(2, 1, 2, 1): 5.0, (1, 1, 3, 2): -20.0, (1, 1, 3, 3): -20.0}
    lo, hi = full_band(3, 3)
    steps = band_dp(3, 3, lo, hi, scorer(table), insert_score=-1.0)
    assert steps[0] == (2, 1)
    assert sorted(steps[1:]) == [(0, 1), (0, 1), (1, 0)]


def test_band_keeps_the_all_null_path_even_when_rows_do_not_overlap():
    lo = np.array([0, 5, 9, 12])
    hi = np.array([2, 7, 10, 12])
    lo2, hi2 = normalise_band(lo, hi, 3, 12)
    assert (lo2[1:] <= hi2[:-1]).all()
    steps = band_dp(3, 12, lo2, hi2, scorer({}), insert_score=-1.0)
    assert steps is not None and sum(a for a, _ in steps) == 3 and sum(b for _, b in steps) == 12


def test_band_around_a_path_is_narrow():
    steps = [(1, 1)] * 100 + [(1, 2)] * 50 + [(0, 1)] * 20
    nodes = path_nodes(steps)
    assert tuple(nodes[-1]) == (150, 220)
    lo, hi = band_around(nodes, 150, 220, margin=4)
    assert ((nodes[:, 1] >= lo[nodes[:, 0]]) & (nodes[:, 1] <= hi[nodes[:, 0]])).all()
    assert int((hi - lo + 1).max()) <= 2 * 4 + 2 + 20

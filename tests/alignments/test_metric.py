"""score_beads against counts worked out by hand with vecalign's score.py rules."""

import pytest

from alignments import AlignmentError, Bead, score_beads

GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]
# ([0],[0]) strict hit; ([1],[1]) lax hit only (gold pairs 1 with 1,2);
# ([],[2]) no source, so neither; ([2],[]) identical null bead: strict hit.
TEST = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ())]


def test_hand_computed_precision_recall_f1():
    res = score_beads([GOLD], [TEST])
    # precision: strict 2 of 4, lax 3 of 4 (null beads count)
    assert res["precision_strict"] == pytest.approx(2 / 4)
    assert res["precision_lax"] == pytest.approx(3 / 4)
    # recall: gold without nulls {0-0, 1-12} against test without nulls {0-0, 1-1}:
    # 0-0 strict, 1-12 lax (test pairs 1 with 1)
    assert res["recall_strict"] == pytest.approx(1 / 2)
    assert res["recall_lax"] == pytest.approx(2 / 2)
    assert res["f1_strict"] == pytest.approx(0.5)
    assert res["f1_lax"] == pytest.approx(2 * 0.75 * 1.0 / 1.75)


def test_counts_are_summed_over_documents_not_averaged():
    perfect = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    res = score_beads([perfect, [((0,), (0,))]], [perfect, [((0,), (1,))]])
    # pooled 3 of 4; a per-document average would give (1 + 0) / 2
    assert res["precision_strict"] == pytest.approx(3 / 4)
    assert res["recall_strict"] == pytest.approx(3 / 4)


def test_null_beads_do_not_count_in_recall():
    gold = [((0,), (0,)), ((1,), ()), ((), (1,))]
    test = [((0,), (0,)), ((1,), (1,))]
    res = score_beads([gold], [test])
    assert res["recall_strict"] == pytest.approx(1 / 1)  # the one gold pair is found
    assert res["precision_strict"] == pytest.approx(1 / 2)  # the invented pair is a false positive
    assert res["precision_lax"] == pytest.approx(1 / 2)  # and not even a lax hit: gold aligns 1 to nothing


def test_duplicates_and_empty_beads_are_ignored_and_beads_accepted():
    gold = [Bead((0,), (0,)), Bead((), ()), Bead((0,), (0,))]
    test = [((0,), (0,)), ((), ())]
    res = score_beads([gold], [test])
    assert res["f1_strict"] == 1.0


def test_nothing_to_count_gives_zero_not_an_error():
    res = score_beads([[]], [[]])
    assert res == {k: 0.0 for k in res}


def test_document_counts_must_match():
    with pytest.raises(AlignmentError, match="gold has 2 documents but test has 1"):
        score_beads([[], []], [[]])

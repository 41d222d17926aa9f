"""Alignment features: anchors that match across Swedish and English, word-order robust n-grams."""

import numpy as np

from alignments.features import anchor_tokens, anchors, char_ngrams, tfidf_pair


def cosine(m, i, j):
    a, b = m[i].toarray().ravel(), m[j].toarray().ravel()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def test_numbers_match_across_decimal_and_thousands_conventions():
    assert "#35" in anchor_tokens("Det är 3,5 grader.") and "#35" in anchor_tokens("It is 3.5 degrees.")
    assert "#1000" in anchor_tokens("Över 1 000 personer") and "#1000" in anchor_tokens("Over 1,000 people")
    # a list is two numbers, not one (beside whatever the word gives alone)
    assert anchor_tokens("sidorna 2, 3") == ["#2", "#3", *anchor_tokens("sidorna")]
    assert "#23" not in anchor_tokens("sidorna 2, 3")


def test_names_match_through_genitives_and_cognates_through_diacritics():
    sv = set(anchor_tokens("Putins tal i parlamentet"))
    en = set(anchor_tokens("Putin's speech in parliament"))
    assert {"Nputin", "Cparl"} <= sv & en
    assert "Cover" in anchor_tokens("över") and "Cover" in anchor_tokens("over")


def test_vectorised_anchors_agree_with_the_readable_tokens():
    texts = ["Putins tal i parlamentet 3,5 gånger.", "", "Inga siffror här", "Putin's 3.5"]
    m = anchors(texts)
    assert m[1].nnz == 0
    counts = np.asarray(m.sum(axis=1)).ravel()
    assert counts.tolist() == [len(anchor_tokens(t)) for t in texts]
    assert (m[0].multiply(m[3])).nnz == 3  # the name, its cognate prefix and 3,5 = 3.5


def test_char_ngrams_are_robust_to_word_order():
    m = char_ngrams(["the old bridge was closed", "closed was the old bridge", "a choir sang in the cathedral"])
    assert cosine(m, 0, 1) > 0.8
    assert cosine(m, 0, 2) < 0.5


def test_tfidf_drops_nothing_in_small_documents_and_weights_rare_features_up():
    a = char_ngrams(["alpha beta", "alpha gamma"])
    b = char_ngrams(["alpha beta", "alpha delta"])
    wa, wb = tfidf_pair(a, b)
    assert wa.shape[1] == wb.shape[1] and wa.shape[1] < a.shape[1]
    assert (wa.data > 0).all()
    assert wa[0].max() > wa[0].min()  # "beta" n-grams outweigh the shared "alpha" ones

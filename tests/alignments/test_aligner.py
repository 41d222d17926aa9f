"""The aligner on hand-made gold and on properties that must hold for any input."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignments import AlignmentError, Bead, align, score_beads
from alignments.aligner import DEFAULT, _features, _Level
from alignments.search import band_around, full_band, path_nodes

# Our own small article: Swedish, a machine-like English translation of it, and a
# human English version that merges, splits, drops and adds sentences.
SV = [
    "Kommunen i Lilla Åsby bygger en ny bro över Svartån.",  # 0 -> 0
    "Bygget börjar i mars och kostar 48 miljoner kronor.",  # 1 -> 1, 2 (split)
    "Borgmästaren Karin Holm säger att bron behövs.",  # 2 -> 3 } merged
    "Den gamla bron är från 1932.",  # 3 -> 3 }
    "Fisket i ån påverkas inte enligt länsstyrelsen.",  # 4 -> nothing
    "Trafiken leds om via Norrgatan under ett år.",  # 5 -> 5 (4 is new)
    "Nästa möte hålls den 14 april.",  # 6 -> 6
]
MT = [
    "The municipality in Lilla Åsby is building a new bridge over the Svartån.",
    "Construction begins in March and costs 48 million kronor.",
    "Mayor Karin Holm says the bridge is needed.",
    "The old bridge is from 1932.",
    "Fishing in the river is not affected according to the county administrative board.",
    "Traffic is diverted via Norrgatan for one year.",
    "The next meeting will be held on 14 April.",
]
EN = [
    "The municipality of Lilla Åsby is building a new bridge across the Svartån river.",
    "Construction starts in March.",
    "It will cost 48 million kronor.",
    "Mayor Karin Holm says the bridge, which replaces one from 1932, is needed.",
    "Local shops have welcomed the plans.",
    "Traffic will be diverted via Norrgatan for a year.",
    "The next meeting is on 14 April.",
]
GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,)), ((4,), ()), ((), (4,)), ((5,), (5,)), ((6,), (6,))]


def pairs(beads):
    return [(b.src, b.tgt) for b in beads]


def assert_covering(beads, n, m):
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    assert all(b.src or b.tgt for b in beads)
    assert all(len(b.src) <= 3 and len(b.tgt) <= 3 for b in beads)


def test_hand_made_gold_with_translation():
    beads = align(SV, EN, MT)
    assert pairs(beads) == GOLD
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all(b.score == 0.0 for b in beads if b.is_null)
    assert min(b.score for b in beads if not b.is_null) > 0.5


def test_without_translation_anchors_still_pair_numbers_and_names():
    beads = align(SV, EN)
    assert_covering(beads, len(SV), len(EN))
    found = set(pairs(beads))
    # Names and numbers carry these without any MT.
    assert ((0,), (0,)) in found
    assert ((6,), (6,)) in found
    assert score_beads([GOLD], [pairs(beads)])["f1_lax"] > 0.7


def test_unrelated_neighbours_are_left_unaligned_not_paired():
    sv = ["Vädret blir soligt i Malmö på lördag.", "Polisen utreder en stöld av tre cyklar.", "Priset på kaffe steg med 12 procent."]
    mt = [
        "The weather will be sunny in Malmö on Saturday.",
        "The police are investigating a theft of three bicycles.",
        "The price of coffee rose by 12 percent.",
    ]
    en = [
        "Saturday will be sunny in Malmö.",
        "A choir from Gdansk sang at the cathedral on Sunday evening.",
        "Coffee prices rose by 12 percent.",
    ]
    assert pairs(align(sv, en, mt)) == [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))]


def test_translation_must_match_source_length():
    with pytest.raises(AlignmentError, match="2 sentences but the source has 3"):
        align(["a", "b", "c"], ["x"], ["a", "b"])


def _long_document(rng: random.Random, n: int):
    words = [f"{w}{k}" for k in range(40) for w in ("Alfa", "Bravo", "Delta", "Ekon", "Foxtrot", "Golf")]
    sents = [" ".join(rng.sample(words, 6)) + f" {1000 + i}." for i in range(n)]
    return sents


def test_long_document_goes_through_the_banded_search_and_finds_drifted_path():
    rng = random.Random(7)
    src = _long_document(rng, 600)
    # Drop a run of 30 target sentences early on: the path drifts far from the diagonal.
    keep = [j for j in range(600) if not 50 <= j < 80]
    tgt = [src[j] for j in keep]
    beads = align(src, tgt, src)
    assert_covering(beads, 600, len(keep))
    expected = {((j,), (k,)) for k, j in enumerate(keep)}
    assert expected <= set(pairs(beads))
    assert sum(1 for b in beads if b.src and not b.tgt) == 30


def test_band_is_linear_in_length():
    steps = [(1, 1)] * 5000
    lo, hi = band_around(path_nodes(steps), 5000, 5000, margin=10)
    assert int((hi - lo).max()) <= 2 * 10 + 2
    assert lo[0] == 0 and hi[-1] == 5000


sentence = st.text(alphabet="abcdefghij ÅÄÖåäö0123456789.,", min_size=0, max_size=40)


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence, max_size=25), st.lists(sentence, max_size=25), st.booleans())
def test_beads_cover_every_sentence_once_in_order(src, tgt, with_mt):
    beads = align(src, tgt, src if with_mt else None)
    assert_covering(beads, len(src), len(tgt))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefghijklmnop ", min_size=1, max_size=30).map(lambda s: s + " x"), min_size=1, max_size=30, unique=True)
)
def test_identical_texts_align_one_to_one(sents):
    beads = align(sents, sents, sents)
    assert pairs(beads) == [((i,), (i,)) for i in range(len(sents))]
    gold = [[Bead((i,), (i,)) for i in range(len(sents))]]
    assert score_beads(gold, [beads])["f1_strict"] == 1.0


@pytest.mark.parametrize("n,m", [(0, 0), (0, 5), (5, 0), (1, 300), (300, 1)])
@pytest.mark.parametrize("with_mt", [True, False])
def test_degenerate_sizes_give_covering_beads(n, m, with_mt):
    rng = random.Random(n * 1000 + m)
    src = _long_document(rng, n)
    tgt = _long_document(rng, m)
    beads = align(src, tgt, src if with_mt else None)
    assert_covering(beads, n, m)
    if n == 0 or m == 0:
        assert all(b.is_null for b in beads)


def test_long_insertion_run_stays_a_narrow_ragged_band():
    rng = random.Random(3)
    src = _long_document(rng, 400)
    extra = _long_document(random.Random(99), 150)
    tgt = src[:200] + [s.replace(".", "!") + " Zulu" for s in extra] + src[200:]
    beads = align(src, tgt, src)
    assert_covering(beads, 400, 550)
    assert sum(1 for b in beads if b.tgt and not b.src) == 150
    steps = [(1, 1)] * 200 + [(0, 1)] * 150 + [(1, 1)] * 200
    lo, hi = band_around(path_nodes(steps), 400, 550, margin=10)
    # the band's area grows with the path's length, not with 400 x 550
    assert int((hi - lo + 1).sum()) < 400 * 25 + 150


def test_one_to_three_and_three_to_one():
    sv = [
        "Skolan i Borgby stänger i juni, eleverna flyttar till Ekeby och bussarna går från Torget.",
        "Rektorn Maria Lind går i pension.",
        "Hon har arbetat där i 31 år.",
        "Hon får en fest den 9 maj.",
        "Kommunen sparar 2,4 miljoner kronor.",
    ]
    mt = [
        "The school in Borgby closes in June, the pupils move to Ekeby and the buses go from Torget.",
        "The headmaster Maria Lind retires.",
        "She has worked there for 31 years.",
        "She will have a party on 9 May.",
        "The municipality saves 2.4 million kronor.",
    ]
    en = [
        "Borgby school closes in June.",
        "Its pupils will move to Ekeby.",
        "The buses will leave from Torget.",
        "Headmaster Maria Lind, who has worked there for 31 years, retires with a party on 9 May.",
        "The municipality saves 2.4 million kronor.",
    ]
    assert pairs(align(sv, en, mt)) == [((0,), (0, 1, 2)), ((1, 2, 3), (3,)), ((4,), (4,))]


def test_a_merge_part_sharing_nothing_with_the_other_side_costs_more_than_a_null():
    sv = [
        "Biblioteket i Norrvik öppnar igen på måndag efter renoveringen.",
        "Det nya huset har en scen för 120 personer.",
        "Parkeringen vid torget är avgiftsfri i maj.",
        "Öppettiderna förlängs till klockan 21 på vardagar.",
    ]
    mt = [
        "The library in Norrvik reopens on Monday after the renovation.",
        "The new building has a stage for 120 people.",
        "Parking at the square is free of charge in May.",
        "Opening hours are extended to 9 pm on weekdays.",
    ]
    en = [
        "Norrvik's library reopens on Monday after its renovation.",
        "The new building has a stage for 120 people.",
        "Opening hours will be extended to 9 pm on weekdays.",
    ]
    S, T, ls, lt = _features(sv, en, mt, DEFAULT)
    level = _Level(S, T, ls, lt, DEFAULT.len_var_mt, DEFAULT, True)
    level.dots(*full_band(level.n, level.m))
    score = lambda a, b, i, j: float(level.bead_score(a, b, np.array([i]), np.array([j]))[0])  # noqa: E731
    # Source 2 (parking) shares nothing with target 1; riding along in a 2-1 must cost clearly
    # more than leaving it unaligned, whatever the document's threshold.
    merged = score(2, 1, 3, 2)
    apart = score(1, 1, 2, 2) + score(1, 0, 3, 2)
    assert merged < apart - 1.0


# A short article of our own (a ferry story) for the edge cases: documents of two or three
# sentences, where one sentence more or less is a large share of the text.
FERRY_SV = [
    "Färjan mellan Grisslehamn och Eckerö ställs in i tre veckor i november.",
    "Rederiet säger att fartyget behöver nya propellrar efter en grundstötning i somras.",
]
FERRY_MT = [
    "The ferry between Grisslehamn and Eckerö will be cancelled for three weeks in November.",
    "The shipping company says the vessel needs new propellers after running aground last summer.",
]


def test_a_sentence_without_counterpart_at_the_end_of_a_short_document_stands_alone():
    # The last Swedish sentence (the cafe) has no English counterpart; its MT shares only
    # "the company says" with the English. A document this short once took its length ratio
    # from its own totals, so the missing sentence made every true pair look too long, and
    # merging the orphan into its neighbour ([1, 2]:[1]) "fixed" the lengths.
    sv = FERRY_SV + [
        "Under tiden ska även caféet ombord byggas om och få en ny meny med lokala råvaror från Åland och Roslagen, meddelar företaget."
    ]
    mt = FERRY_MT + [
        "In the meantime, the cafe on board will also be rebuilt and get a new menu with local "
        "produce from Åland and Roslagen, the company says."
    ]
    en = [
        "The Grisslehamn-Eckerö ferry will not sail for three weeks in November.",
        "According to the operator, the ship needs new propellers after it ran aground in the summer, the company says.",
    ]
    assert pairs(align(sv, en, mt)) == [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    # The merged bead has to beat the best split with a null bead, and does not.
    S, T, ls, lt = _features(sv, en, mt, DEFAULT)
    level = _Level(S, T, ls, lt, DEFAULT.len_var_mt, DEFAULT, True)
    level.dots(*full_band(level.n, level.m))
    score = lambda a, b, i, j: float(level.bead_score(a, b, np.array([i]), np.array([j]))[0])  # noqa: E731
    assert score(2, 1, 3, 2) < score(1, 1, 2, 2) + score(1, 0, 3, 2)


def test_a_sentence_without_counterpart_at_the_start_of_a_short_document_stands_alone():
    sv = [
        "Trafiken på Ålands hav har minskat med en femtedel under hösten, den lägsta nivån sedan "
        "mätningarna började, meddelar sjöfartsverket."
    ] + FERRY_SV
    mt = [
        "Traffic on the Sea of Åland has decreased by a fifth during the autumn, the lowest level since "
        "measurements began, the maritime administration says."
    ] + FERRY_MT
    en = [
        "The Grisslehamn-Eckerö ferry will not sail for three weeks in November, the administration says.",
        "The ship needs new propellers after it ran aground in the summer.",
    ]
    assert pairs(align(sv, en, mt)) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_a_loose_rendering_of_a_few_words_stays_paired_between_its_neighbours():
    # "Seriously." / "Come on." share no n-gram; three words sharing nothing are weak evidence
    # that they are unrelated, so the pair beats two null beads between aligned neighbours.
    sv = FERRY_SV + ["Allvarligt talat.", "Resenärer hänvisas till linjen från Kapellskär, som får fler avgångar under perioden."]
    mt = FERRY_MT + [
        "Seriously.",
        "Travellers are referred to the line from Kapellskär, which will have more departures during the period.",
    ]
    en = [
        "The Grisslehamn-Eckerö ferry will not sail for three weeks in November.",
        "According to the operator, the ship needs new propellers after it ran aground in the summer.",
        "Come on.",
        "Passengers are advised to use the Kapellskär route, which will run more departures in the meantime.",
    ]
    assert pairs(align(sv, en, mt)) == [((i,), (i,)) for i in range(4)]

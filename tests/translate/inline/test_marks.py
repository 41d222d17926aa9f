"""Pairing quotation marks in one sentence: shapes, nesting, apostrophes, and marks that pair with nothing."""

from __future__ import annotations

import pytest

from translate.inline.marks import scan


def quoted(text: str, **kw) -> list[str]:
    return [text[q.start : q.end] for q in scan(text, **kw).quotations]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Ministern kallade beslutet ”a clear breach” på mötet.", "a clear breach"),  # Swedish curly
        ("Hon skrev “we will not give up” på Twitter.", "we will not give up"),  # English curly
        ('Han sade "the best deal ever" enligt tidningen.', "the best deal ever"),  # straight
        ("Tidningen skrev »this changes everything» i en ledare.", "this changes everything"),  # Swedish guillemets
        ("Tidningen skrev »this changes everything« i en ledare.", "this changes everything"),  # German order
        ("Tidningen skrev «this changes everything» i en ledare.", "this changes everything"),  # French order
        ("Hon kallade det ’a witch hunt’ i går.", "a witch hunt"),  # single curly
        ("Hon kallade det 'a witch hunt' i går.", "a witch hunt"),  # single straight
        ("Han sade: ”We will win.”", "We will win."),  # the quotation ends the sentence
    ],
)
def test_every_mark_shape_pairs(text, inner):
    (q,) = scan(text).quotations
    assert text[q.start : q.end] == inner
    assert text[q.open] in "”“\"»«’'" and text[q.close] in "”“\"»«’'" and q.open < q.start and q.end <= q.close
    assert scan(text).stray == ()


def test_several_quotations_and_punctuation_between_them():
    text = "Han kallade det ”fake news”,”a witch hunt” och (”a disgrace”)."
    assert quoted(text) == ["fake news", "a witch hunt", "a disgrace"]


def test_nested_quotations_count_once_as_the_outermost():
    text = "”He said ’no way’ to us”, skriver hon, och ”Han sade ”nej” till oss” skrev han."
    assert quoted(text) == ["He said ’no way’ to us", "Han sade ”nej” till oss"]
    assert scan(text).stray == ()


@pytest.mark.parametrize(
    "text",
    [
        "Trump's rådgivare och Moscow’s linje.",  # apostrophes inside words
        "James’ bil från '90-talet.",  # possessive after s, and an elided year
        "Det var rock'n'roll.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text):
    assert scan(text).quotations == () and scan(text).stray == ()


def test_apostrophes_inside_a_single_quotation_do_not_end_it():
    assert quoted("Hon sa ’don't do it’ till honom.") == ["don't do it"]


def test_a_sentence_that_is_only_a_quotation_and_its_attribution():
    text = "”We will never give up”, sa hon."
    (q,) = scan(text).quotations
    assert (q.open, text[q.start : q.end], text[q.close + 1 :]) == (0, "We will never give up", ", sa hon.")


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        ("Han köpte en 24” tv.", [15]),  # a closing mark with no opening one
        ("Han sade ”a och ”b.", [9, 16]),  # two opened, none closed
        ("Det är ” inte klart.", [7]),  # a mark between spaces
    ],
)
def test_marks_that_pair_with_nothing_are_stray(text, stray):
    found = scan(text)
    assert list(found.stray) == stray and found.quotations == () and not found.continues


def test_empty_quotation_is_reported_not_kept():
    found = scan("Det var ”” sa han.")
    assert found.quotations == () and found.empty == (8,) and found.stray == ()


def test_a_quotation_may_run_over_sentences():
    first = scan("Ministern sade: ”We will not accept this.")
    (q,) = first.quotations
    assert first.continues and q.close is None and q.end == len("Ministern sade: ”We will not accept this.")
    second = scan("The deal is dead”, sade hon.", inside=True)
    (q,) = second.quotations
    assert q.open is None and q.start == 0 and "The deal is dead”, sade hon."[: q.end] == "The deal is dead"
    assert not second.continues
    middle = scan("It is over.", inside=True)
    assert middle.continues and [(q.start, q.end, q.open, q.close) for q in middle.quotations] == [(0, 11, None, None)]


def test_a_closing_mark_the_splitter_moved_to_the_next_sentence_closes_the_carried_quotation():
    text = '" ”We are ready”, sade hon.'
    assert scan(text).stray == (0,)  # alone, the first mark pairs with nothing
    found = scan(text, inside=True)
    assert found.stray == () and [text[q.start : q.end] for q in found.quotations] == ["We are ready"]

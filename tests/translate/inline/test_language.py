"""The language of one quotation: word lists for short ones, py3langid agreeing for long ones."""

from __future__ import annotations

import pytest

from translate import langid
from translate.inline import language
from translate.inline.language import quotation_language, word_odds


@pytest.mark.parametrize("text", ["fake news", "special relationship", "witch hunt", "a big mistake", "business as usual"])
def test_short_english_quotations_are_english(text):
    assert quotation_language(text) == "en"


@pytest.mark.parametrize("text", ["båda sidor", "hård kritik", "krisen i Europa", "inte okej", "vi ger aldrig upp"])
def test_short_swedish_quotations_are_swedish(text):
    assert quotation_language(text) == "sv"


@pytest.mark.parametrize("text", ["lockdown", "krig", "Brexit", "", "2-1"])
def test_single_words_are_left_undecided(text):
    # translated with their sentence: most single words are shared, borrowed or names
    assert quotation_language(text) == "und"


def test_a_lower_case_word_with_swedish_letters_makes_it_swedish():
    assert word_odds("all of the people för") > 1  # the word lists alone would say English
    assert quotation_language("all of the people för") == "sv"
    assert quotation_language("see you in Göteborg") == "en"  # a capitalised name is no Swedish word


def test_word_odds_are_signed_log_likelihood_ratios():
    assert word_odds("the people") > 2 > -2 > word_odds("alla människor")
    assert word_odds("") == 0


def test_long_quotations_need_py3langid_to_agree(monkeypatch):
    text = "we will make America great again"
    assert quotation_language(text) == "en"
    monkeypatch.setattr(langid, "logodds", lambda t: 5.0)  # py3langid says Swedish
    quotation_language.cache_clear()
    assert quotation_language(text) == "und"
    assert quotation_language("fake news") == "en"  # short: the word lists alone
    assert language.LONG_WORDS == 4
    quotation_language.cache_clear()

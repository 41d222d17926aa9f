"""False cuts without punctuation in the opening of a text (translate/segmenter/shape.py and the
headline rules that consult it): shapes of an ordinary sentence that the headline rules took
for a headline glued to its lead."""

from __future__ import annotations

import pytest

from translate.segmenter import split_sentences


def sents(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text, lang",
    [
        # a name after a verb that repeats the text's opening name and conjunction
        ("Lind och Holm vann dubbeln i går, och i dag möter Lind och Berg varandra i finalen.|Matchen spelas i Båstad.", "sv"),
        ("Smith and Jones won the doubles on Friday, and today Smith and Brown meet in the final.|It starts at noon.", "en"),
        # a name that holds its own article, after a noun with its article
        (
            "Labour would not be the first to back such a plan, even the party The Greens which promised a shorter"
            " week in 2017.|It lost that election.",
            "en",
        ),
        ("After the tour the singer joined the band The Ark which played across Europe in the spring.|It was fun.", "en"),
        # a sentence-case opening holding a name is no Title Case headline
        (
            "Officials at the U.S. State Department decided to recall the heads of the U.S. missions in Chile, Peru and"
            ' Bolivia due to "new decisions to stop recognising the island," said Department spokesperson Jane Holm in'
            " a statement this month.|They left at once.",
            "en",
        ),
    ],
)
def test_an_ordinary_opening_sentence_is_not_cut(text, lang):
    assert sents(text.replace("|", " "), lang) == text.split("|")


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # a Title Case headline glued to a lead that opens with a title and a name: the cut falls
        # before the title, never inside the run (``Mayor Anna | Berg``)
        (
            "Why Our Bus Was So Late Again Mayor Anna Berg told reporters on Monday that the buses would run on time. She apologised.",
            "en",
            [
                "Why Our Bus Was So Late Again",
                "Mayor Anna Berg told reporters on Monday that the buses would run on time.",
                "She apologised.",
            ],
        ),
    ],
)
def test_a_title_and_a_name_stay_together_after_a_headline(text, lang, expected):
    assert sents(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # a genitive of a name the text writes bare modifies the next word: the headline runs on
        (
            "Anna Holm hyllar Erik Holms PTSD-forskning vid ett möte i Falun Erik Holm, 26, tillbringade ett år i Mali efter sin examen.",
            "sv",
            [
                "Anna Holm hyllar Erik Holms PTSD-forskning vid ett möte i Falun",
                "Erik Holm, 26, tillbringade ett år i Mali efter sin examen.",
            ],
        ),
        # ... as does a rare name's, whose apostrophe a translation lost
        (
            "Anna Holm quotes Erik Holms PTSD at a rally in Falun Erik Holm, 26, spent a year in Mali after he graduated.",
            "en",
            ["Anna Holm quotes Erik Holms PTSD at a rally in Falun", "Erik Holm, 26, spent a year in Mali after he graduated."],
        ),
    ],
)
def test_a_headline_is_not_cut_after_a_name_genitive(text, lang, expected):
    assert sents(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # the lead repeating the headline's opening words
        (
            "Rail fares rise again in Sweden Rail fares will go up by four percent in January, the operator said.",
            "en",
            ["Rail fares rise again in Sweden", "Rail fares will go up by four percent in January, the operator said."],
        ),
        (
            "Höga elpriser slår hårt mot hushållen i norr Höga elpriser har gjort vintern dyr för många, visar en ny rapport.",
            "sv",
            ["Höga elpriser slår hårt mot hushållen i norr", "Höga elpriser har gjort vintern dyr för många, visar en ny rapport."],
        ),
        (
            "One in five Swedes lacks home insurance One in five households told the survey that they had no cover.",
            "en",
            ["One in five Swedes lacks home insurance", "One in five households told the survey that they had no cover."],
        ),
        # a sentence opener before a lower-case word after a noun and its article
        (
            "Storm floods the town The mayor said on Monday that the roads were closed.",
            "en",
            ["Storm floods the town", "The mayor said on Monday that the roads were closed."],
        ),
    ],
)
def test_headlines_glued_to_their_leads_are_still_cut(text, lang, expected):
    assert sents(text, lang) == expected

from __future__ import annotations

import pytest

from tests.conftest import NTREX, SEED_ARTICLE, need_shared
from translate import langid
from translate.document import Document
from translate.segmenter import segment_article
from translate.textio import read_text

build = Document.from_sentences


@pytest.mark.parametrize("text", ["(…)", "", "   ", "12-3", "— 45 % —", "[...]", "2022-06-15"])
def test_detect_without_letters_is_und(text):
    assert langid.detect(text) == "und"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Regeringen meddelade på tisdagen att skatten på bensin sänks från och med juli.", "sv"),
        ("Det är inte första gången som kommunen får kritik för hur skolorna sköts.", "sv"),
        ("The government said on Tuesday that the fuel tax would be cut from July.", "en"),
        ("We have never seen anything like this in our lifetime, she told reporters.", "en"),
    ],
)
def test_detect_clear_sentences(text, lang):
    assert langid.detect(text) == lang


def test_logodds_sign_and_growth():
    short = langid.logodds("Hon sade att det")
    long = langid.logodds("Hon sade att det var för sent att göra något åt saken och att alla visste om det.")
    assert short > 0 and long > short
    assert langid.logodds("She said that it was far too late") < 0
    assert langid.logodds("(…)") == 0.0


def test_short_english_sentence_in_english_quote_paragraph_is_english():
    doc = build(
        [
            ["Ministern kommenterade beslutet under en presskonferens i Bryssel på onsdagen."],
            [
                "“We will not accept this.",
                "Period.",
                "This decision was taken without asking the people who have to live with it,” she said.",
            ],
            [
                "Hon fick inget svar från kommissionen.",
                "Period.",
                "Därefter lämnade hon salen utan att säga något mer till journalisterna.",
            ],
        ]
    )
    # "Period." is a word in both languages: its paragraph decides.
    langid.tag_document(doc)
    assert [s.lang for s in doc.segments[4:]] == ["sv", "sv", "sv"]
    del doc.segments[4:], doc.paragraphs[2:]
    assert [s.lang for s in doc.segments] == ["sv", "en", "en", "en"]
    assert [s.role for s in doc.segments] == ["body", "quote", "quote", "quote"]
    assert [p.lang for p in doc.paragraphs] == ["sv", "en"]
    assert [p.role for p in doc.paragraphs] == ["body", "quote"]


def test_short_swedish_segments_follow_their_paragraph_and_article():
    doc = build(
        [
            ["Stormen Hilda drar in över Norrland"],  # a headline: no final punctuation
            ["Foto: Anna Berg"],  # names only: the article decides
            [
                "SMHI varnar för kraftiga vindbyar och stora mängder snö under natten mot fredag.",
                "Ta det lugnt.",
                "Trafikverket uppmanar alla som kan att stanna hemma och undvika onödiga resor.",
            ],
        ]
    )
    langid.tag_document(doc)
    assert [s.lang for s in doc.segments] == ["sv"] * 5
    assert all(s.role == "body" for s in doc.segments)


def test_letterless_segments_and_paragraphs_are_und():
    doc = build(
        [
            ["Han läste upp ett stycke ur rapporten inför utskottet på måndagen."],
            ["(…)"],
            ["The committee found no evidence that the funds had been misused by the agency."],
        ]
    )
    langid.tag_document(doc)
    assert [s.lang for s in doc.segments] == ["sv", "und", "en"]
    assert doc.paragraphs[1].lang == "und"
    assert doc.segments[1].role == "body"


def test_english_article_gets_no_quote_roles():
    doc = build([["The minister spoke to reporters in Brussels on Wednesday afternoon about the vote."]], source_lang="en")
    langid.tag_document(doc)
    assert doc.segments[0].lang == "en" and doc.segments[0].role == "body"


def test_tag_document_keeps_offsets_and_returns_same_document():
    doc = build([["Det regnade hela dagen i Göteborg och många tåg blev försenade."], ["Trains were delayed all day."]])
    before = [(s.start, s.end, s.source) for s in doc.segments]
    assert langid.tag_document(doc) is doc
    assert [(s.start, s.end, s.source) for s in doc.segments] == before


def test_seed_article_quotes_are_english_and_the_rest_swedish():
    doc = segment_article(read_text(need_shared(SEED_ARTICLE)))
    langid.tag_document(doc)
    # The seed's two English quote paragraphs are the 5th and 7th, with "(…)" between them.
    assert len(doc.paragraphs) > 7
    for seg in doc.segments:
        if seg.paragraph in (4, 6):
            assert (seg.lang, seg.role) == ("en", "quote"), seg.source
        elif seg.paragraph == 5:
            assert seg.source == "(…)" and seg.lang == "und"
        else:
            assert seg.lang == "sv", seg.source
    assert sum(s.lang == "en" for s in doc.segments) == 3


def test_ntrex_sentence_accuracy():
    sv = (need_shared(NTREX) / "newstest2019.sv").read_text(encoding="utf-8").splitlines()
    en = (NTREX / "newstest2019.en").read_text(encoding="utf-8").splitlines()
    right = sum(langid.detect(x) == "sv" for x in sv) + sum(langid.detect(x) == "en" for x in en)
    assert right / (len(sv) + len(en)) >= 0.995

"""Language by span: Swedish frames around English quotations, their spans, and marks that cannot be trusted."""

from __future__ import annotations

import pytest

from translate.document import Document, Span
from translate.inline import FLAG_KIND, frame_text, mark_inline
from translate.pipeline import prepare

# Our own Swedish article around the three shapes the issue names, plus Swedish and one-word quotations.
LEAD = "Presidentens tal i Ohio väckte stor uppmärksamhet i hela landet under veckan som gick."
MIXED = [
    ("Trump sade att ”we will make America great again” inför publiken i Ohio.", ["we will make America great again"]),
    ("”This is not who we are”, skriver The Guardian i en ledare.", ["This is not who we are"]),
    ("Enligt Politico var samtalet ”a clear signal to Washington”, och mer än så.", ["a clear signal to Washington"]),
    ("Kritikerna kallade talet ”fake news” och ”a witch hunt” på onsdagen.", ["fake news", "a witch hunt"]),
    ("Han sade att ”vi ger aldrig upp” och att ordet ”lockdown” inte hörde hemma där.", []),
]


@pytest.fixture(scope="module")
def mixed_doc():
    return prepare(LEAD + "\n\n" + "\n\n".join(s for s, _ in MIXED) + "\n")


def test_swedish_frames_make_swedish_sentences_with_english_spans(mixed_doc):
    for (source, english), seg in zip(MIXED, mixed_doc.segments[1:], strict=True):
        assert seg.source == source
        assert (seg.lang, seg.role, seg.origin) == ("sv", "body", None), source  # translated, not passed through
        assert [sp.text for sp in seg.spans] == english
        for sp in seg.spans:
            assert mixed_doc.text[sp.start : sp.end] == sp.text  # article offsets, like segments'
            assert (sp.lang, sp.kind) == ("en", "quote")
        assert seg.flags == []


def test_frame_text_drops_english_quotations_only():
    assert frame_text("”This is not who we are”, skriver The Guardian i en ledare.") == ", skriver The Guardian i en ledare."
    assert frame_text("Han sade att ”vi ger aldrig upp” i går.") == "Han sade att ”vi ger aldrig upp” i går."
    # nothing but a quotation: the sentence is in the quotation's language
    assert frame_text("”We will never surrender to anyone.”") == "”We will never surrender to anyone.”"


def test_english_block_quotes_still_pass_through_whole():
    # seed style: an English paragraph with a quotation in it, and one that is a quotation plus attribution
    block = [
        "Harbour officials on Tuesday gave their clearest backing yet to the new terminal, vowing to protect the port’s “jobs and future.”",
        "“The board is ready to invest in the port for many years to come,” the chairman told the local radio station.",
    ]
    text = f"{LEAD}\n\nHamnchefen sade bland annat följande om planerna:\n\n{block[0]}\n\n(…)\n\n{block[1]}\n"
    doc = prepare(text)
    quotes = [s for s in doc.segments if s.source in block]
    assert len(quotes) == 2
    for seg in quotes:
        assert (seg.lang, seg.role, seg.origin, seg.translation, seg.spans) == ("en", "quote", "passthrough", seg.source, [])


def _doc(*sentences: str) -> Document:
    doc = Document.from_sentences([list(sentences)])
    for seg in doc.segments:
        seg.lang = "sv"
    return doc


def test_a_quotation_over_two_sentences_is_a_span_in_each():
    doc = mark_inline(_doc("Ministern sade: ”We will not accept this.", "The deal is dead and buried”, sade hon sedan."))
    assert [[sp.text for sp in s.spans] for s in doc.segments] == [["We will not accept this."], ["The deal is dead and buried"]]
    assert all(doc.text[sp.start : sp.end] == sp.text for s in doc.segments for sp in s.spans)
    assert all(s.flags == [] for s in doc.segments)


@pytest.mark.parametrize(
    "sentence",
    [
        "Hon sade ”we will never give up och gick sedan hem.",  # never closed, and the paragraph ends
        "Han kallade det ”a total disgrace” och ” skrattade.",  # a stray mark beside a good quotation
        "Det var ”” sade han om ”the whole thing” i går.",  # an empty quotation
        "Hon sade att ”we ”will” win” i valet.",  # doubled marks that nest
    ],
)
def test_doubtful_marks_translate_the_sentence_whole_and_say_so(sentence):
    doc = mark_inline(_doc(sentence))
    (seg,) = doc.segments
    if seg.spans:  # only a quotation that really closes may be kept; the sentence's text is never lost
        assert all(doc.text[sp.start : sp.end] == sp.text for sp in seg.spans)
        assert not seg.flags
    else:
        assert seg.flags and seg.flags[0]["kind"] == FLAG_KIND and "translated whole" in seg.flags[0]["why"]


def test_stray_and_empty_marks_are_flagged():
    doc = mark_inline(_doc("Han kallade det ”a total disgrace” och ” skrattade.", "Det var ”” sade han om ”the whole thing” i går."))
    assert [s.spans for s in doc.segments] == [[], []]
    assert ["pair with nothing" in s.flags[0]["why"] for s in doc.segments] == [True, False]
    assert "empty quotation" in doc.segments[1].flags[0]["why"]


def test_marking_twice_changes_nothing_and_keeps_other_spans_and_flags():
    doc = _doc("Han kallade det ”a total disgrace” och ” skrattade.", "Kritikerna kallade talet ”fake news” i går.")
    doc.segments[0].flags.append({"kind": "number", "why": "kept"})
    doc.segments[1].spans.append(Span(0, 10, "Kritikerna", lang="sv", kind="name"))
    once = mark_inline(doc).to_json()
    assert mark_inline(doc).to_json() == once
    assert [f["kind"] for f in doc.segments[0].flags] == ["number", FLAG_KIND]
    assert [s.kind for s in doc.segments[1].spans] == ["name", "quote"]


def test_a_whole_paragraph_quotation_keeps_its_language():
    doc = prepare(
        f"{LEAD}\n\n”We have never seen anything like this before in our history.”\n\n”Vi har aldrig sett något liknande förut i vår historia.”\n"
    )
    english, swedish = doc.segments[1:]
    assert (english.lang, english.origin, english.translation) == ("en", "passthrough", english.source)
    assert (swedish.lang, swedish.origin, swedish.spans, swedish.flags) == ("sv", None, [], [])


def test_segments_that_are_not_swedish_get_no_spans():
    doc = Document.from_sentences([["He called it ”a total disgrace” on Monday."]])
    doc.segments[0].lang = "en"
    assert mark_inline(doc).segments[0].spans == []


def test_a_quotation_may_stay_open_into_a_paragraph_that_opens_with_a_mark():
    # Swedish style for a quotation over paragraphs: each opens with ”, only the last one closes
    doc = Document.from_sentences([["Ministern sade: ”We will not accept this deal."], ["”Not now, and not ever.”"]])
    doc.segments[0].lang, doc.segments[1].lang = "sv", "en"
    (first, second) = mark_inline(doc).segments
    assert [sp.text for sp in first.spans] == ["We will not accept this deal."] and first.flags == []
    alone = mark_inline(_doc("Ministern sade: ”We will not accept this deal."))
    assert alone.segments[0].spans == [] and alone.segments[0].flags[0]["kind"] == FLAG_KIND


def test_the_flag_survives_the_evaluators_flags():
    from translate.pipeline import finish, translate_documents

    class Echo:
        model_name = "echo"

        def translate(self, sentences):
            return [f"In English: {s}" for s in sentences]

    doc = prepare(f"{LEAD}\n\nHan kallade det ”a total disgrace” och ” skrattade.\n")
    (doc,) = translate_documents([doc], translator=Echo())
    doc = finish(doc)
    kinds = [f["kind"] for f in doc.segments[1].flags]
    assert kinds[0] == FLAG_KIND and doc.scores["flags"][FLAG_KIND] == 1


def test_unpaired_marks_around_swedish_say_nothing():
    # nothing English could have been kept: translated whole, as any Swedish sentence, without a flag
    doc = mark_inline(_doc("Det går bara att vänta och se”, sa hon.", "Ministern fortsatte: ”Ni ser en svår tid framför oss här och nu."))
    assert [(s.spans, s.flags) for s in doc.segments] == [([], []), ([], [])]


def test_a_quotation_cut_in_two_is_judged_as_a_whole():
    # "It" alone is no English quotation; as the end of "Those Who Build Should Own It" it is
    doc = mark_inline(_doc("Flera bedömare menar att det handlar om ”Those Who Build Should Own", "It” snarare än om en ny politik."))
    assert [[sp.text for sp in s.spans] for s in doc.segments] == [["Those Who Build Should Own"], ["It"]]
    doc = mark_inline(_doc("Hon sade: ”Vi ska vinna i år.", "Och nästa år”, sade hon."))
    assert [s.spans for s in doc.segments] == [[], []]


def test_the_seed_article_keeps_its_block_quotes_and_translates_its_swedish_quotations():
    from tests.conftest import SEED_ARTICLE, need_shared
    from translate.textio import read_text

    doc = prepare(read_text(need_shared(SEED_ARTICLE)))
    english = [s for s in doc.segments if s.lang == "en"]
    # the English block quote: one paragraph, and one quotation over two sentences with its attribution
    assert len(english) == 3 and {s.paragraph for s in english} == {4, 6}
    assert all(s.origin == "passthrough" and s.translation == s.source and s.role == "quote" for s in english)
    swedish = [s for s in doc.segments if s.lang == "sv"]
    quoted = [s for s in swedish if "”" in s.source or '"' in s.source]
    assert len(quoted) == 6  # Swedish sentences quoting Swedish words and phrases: translated, no spans
    assert all(s.spans == [] and s.flags == [] and s.needs_mt for s in swedish)

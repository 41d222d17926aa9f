"""Shared pieces of the export package, and the hand-built document the export tests use."""

from __future__ import annotations

import pytest

from translate.document import Document, Paragraph, QuoteLink, Segment, Span
from translate.export.common import alignment_score, clean_tsv, clean_xml, confidence, count_forbidden, lang_tag, pairs

# (sentences, paragraph role); each sentence: (source, lang, role, translation, origin)
SAMPLE = [
    ([("Ny bro öppnar i Umeå", "sv", "heading", "New bridge opens in Umeå", "mt")], "heading"),
    (
        [
            (
                "Den nya gång- och cykelbron över älven invigdes på lördagen.",
                "sv",
                "body",
                "The new pedestrian and cycle bridge over the river was inaugurated on Saturday.",
                "mt",
            ),
            (
                "Bygget kostade 3,5 miljoner kronor, enligt kommunen.",
                "sv",
                "body",
                "The construction cost 35 million kronor, according to the municipality.",
                "mt",
            ),
        ],
        "body",
    ),
    (
        [
            (
                "The bridge connects two neighbourhoods that have been apart for too long.",
                "en",
                "quote",
                "The bridge connects two neighbourhoods that have been apart for too long.",
                "passthrough",
            ),
            ("We are very proud.", "en", "quote", "We are very proud.", "passthrough"),
        ],
        "quote",
    ),
    (
        [
            (
                "Arkitekten sa att bron förenar två stadsdelar som länge varit åtskilda.",
                "sv",
                "body",
                "The architect said that the bridge unites two districts that have long been separated.",
                "mt",
            ),
            (
                'Hon kallade den "a quiet piece of engineering" i sitt tal.',
                "sv",
                "body",
                'She called it "a quiet piece of engineering" in her speech.',
                "memory",
            ),
            ("(…)", "und", "body", "(…)", "passthrough"),
        ],
        "body",
    ),
]


def make_document(paragraphs=SAMPLE, quote_links=((3, 5, 0.82),), scored=True) -> Document:
    """A translated document built by hand (no pipeline), with offsets that slice the text exactly."""
    text, segs, paras = "", [], []
    for p_index, (sentences, p_role) in enumerate(paragraphs):
        if p_index:
            text += "\n\n"
        p_start = len(text)
        for k, (src, lang, role, tr, origin) in enumerate(sentences):
            if k:
                text += " "
            start = len(text)
            text += src
            segs.append(
                Segment(
                    id=len(segs),
                    paragraph=p_index,
                    start=start,
                    end=len(text),
                    source=src,
                    lang=lang,
                    role=role,
                    translation=tr,
                    origin=origin,
                )
            )
        langs = {s[1] for s in sentences}
        paras.append(Paragraph(index=p_index, start=p_start, end=len(text), lang=langs.pop() if len(langs) == 1 else "sv", role=p_role))
    text += "\n"
    doc = Document(
        text=text,
        paragraphs=paras,
        segments=segs,
        model="test/tiny-marian",
        quote_links=[QuoteLink(quote=q, sentence=s, score=sc) for q, s, sc in quote_links],
    )
    for seg in segs:
        if '"a quiet piece of engineering"' in seg.source:
            a = text.index('"a quiet', seg.start)
            seg.spans.append(Span(start=a, end=a + 30, text=text[a : a + 30]))
    if scored:
        segs[1].scores = {"chrf": 81.0}
        segs[2].scores = {"chrf": 42.5}
        segs[2].flags = [{"kind": "number", "why": "3,5 in the source, 35 in the translation"}]
        segs[5].scores = {"chrf": 63.0}
        doc.scores = {"bleu": {"score": 31.4, "signature": "nrefs:1|case:mixed|tok:13a|smooth:exp|version:2.6.0"}}
    return doc


@pytest.fixture
def doc() -> Document:
    return make_document()


def test_sample_offsets_slice_the_text(doc):
    assert all(doc.text[s.start : s.end] == s.source for s in doc.segments)
    assert all(doc.text[sp.start : sp.end] == sp.text for s in doc.segments for sp in s.spans)


def test_clean_xml_replaces_whitespace_like_and_removes_the_rest():
    assert clean_xml("a\x0bb\x0cc\x1fd") == "a b c d"
    assert clean_xml("a\x00b\x08c\x1bd\ufffee\uffff\ud800f") == "abcdef"
    # allowed characters stay, including tab/newline, DEL and astral characters
    kept = "tab\there\nnew\rline \x7f 😀 ]]> <&>"
    assert clean_xml(kept) == kept


def test_clean_tsv_removes_field_and_line_breaks():
    assert clean_tsv("a\tb\nc\r\x0bd") == "a b c  d"


def test_lang_tag_keeps_tags_and_refuses_markup():
    assert [lang_tag(v, "sv") for v in ("en", "en-GB", "sv-x-tolka", '"><b>', "", None, "e n")] == [
        "en",
        "en-GB",
        "sv-x-tolka",
        "sv",
        "sv",
        "sv",
        "sv",
    ]


def test_count_forbidden_counts_sources_and_translations(doc):
    assert count_forbidden(doc) == 0
    doc.segments[0].source += "\x01\x0b"
    doc.segments[1].translation += "\x02"
    assert count_forbidden(doc) == 3


def test_confidence_prefers_segment_scores_then_quote_links(doc):
    assert confidence(doc, doc.segments[1]) == pytest.approx(0.81)
    assert confidence(doc, doc.segments[3]) == pytest.approx(0.82)  # the quote, via its link
    assert confidence(doc, doc.segments[5]) == pytest.approx(0.82)  # the link beats a reference metric
    assert confidence(doc, doc.segments[0]) is None
    doc.segments[0].scores = {"align": 1.7}
    assert confidence(doc, doc.segments[0]) == 1.0  # clamped


def test_confidence_uses_the_evaluators_alignment_bead(doc):
    # evaluate_document's shape: seg.scores {"bleu", "chrf++", "bead": k}, beads in doc.scores["alignment"]
    doc.scores["alignment"] = {"method": "x", "beads": [{"src": [0], "tgt": [0], "score": 0.91}, {"src": [1, 2], "tgt": [1], "score": 0.3}]}
    doc.segments[0].scores = {"bleu": 12.0, "chrf++": 20.0, "bead": 0}
    doc.segments[5].scores = {"chrf++": 90.0, "bead": 1}
    assert confidence(doc, doc.segments[0]) == pytest.approx(0.91)
    assert confidence(doc, doc.segments[5]) == pytest.approx(0.3)  # alignment before the quote link
    assert alignment_score(doc, doc.segments[0]) == pytest.approx(0.91)
    doc.segments[0].scores["bead"] = 7  # out of range: ignored, falls back to chrF++
    assert alignment_score(doc, doc.segments[0]) is None
    assert confidence(doc, doc.segments[0]) == pytest.approx(0.20)


def test_pairs_skip_untranslated_and_optionally_passthrough(doc):
    doc.segments[1].translation = None
    ids = [p.seg.id for p in pairs(doc)]
    assert ids == [0, 2, 3, 4, 5, 6, 7]
    assert [p.seg.id for p in pairs(doc, passthrough=False)] == [0, 2, 5, 6]

"""Inline English quotations kept verbatim, in every export: marked in HTML and XLIFF, plain in TMX and TSV."""

from __future__ import annotations

import csv
import io

import pytest
from lxml import etree

from tests.translate.export.test_export_html import parse
from tests.translate.export.test_export_tmx import TMX_DTD
from tests.translate.export.xliff12_strict import schema
from translate.document import Document, Paragraph, Segment, Span
from translate.export import html as export_html
from translate.export import tmx, tsv, xliff
from translate.export.common import VERBATIM_WHY, inline_ranges

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
# A quotation with characters that must be escaped everywhere.
QUOTE = 'we <b>will</b> make "America" & co great again'
SOURCE = f"Han sade att ”{QUOTE}” inför publiken."
TRANSLATION = f"He said that “{QUOTE}” in front of the audience."


def inline_document(quote: str = QUOTE) -> Document:
    """A Swedish sentence with an English quotation kept verbatim, and a plain one after it."""
    source = SOURCE.replace(QUOTE, quote)
    translation = TRANSLATION.replace(QUOTE, quote)
    lead = "Rubrik\n\n"
    text = f"{lead}{source} Det regnar."
    a = len(lead) + source.index(quote)
    span = Span(
        start=a,
        end=a + len(quote),
        text=quote,
        target_start=translation.index(quote),
        target_end=translation.index(quote) + len(quote),
        via="mask",
    )
    segs = [
        Segment(id=0, paragraph=0, start=0, end=6, source="Rubrik", lang="sv", role="heading", translation="Headline", origin="mt"),
        Segment(
            id=1,
            paragraph=1,
            start=len(lead),
            end=len(lead) + len(source),
            source=source,
            lang="sv",
            translation=translation,
            origin="mt",
            spans=[span],
        ),
        Segment(
            id=2,
            paragraph=1,
            start=len(lead) + len(source) + 1,
            end=len(text),
            source="Det regnar.",
            lang="sv",
            translation="It rains.",
            origin="mt",
        ),
    ]
    paras = [Paragraph(0, 0, 6, "sv", "heading"), Paragraph(1, len(lead), len(text), "sv")]
    doc = Document(text=text, paragraphs=paras, segments=segs)
    assert doc.text[span.start : span.end] == quote == translation[span.target_start : span.target_end]
    return doc


def test_html_marks_the_quotation_in_both_columns_and_says_why():
    tree = parse(export_html.render(inline_document()))
    for side, whole in (("src", SOURCE), ("tgt", TRANSLATION)):
        seg = tree.get_element_by_id(f"{side}-1")
        (mark,) = seg.xpath(".//span[@class='inline-en']")
        assert mark.text_content() == QUOTE and mark.get("lang") == "en" and mark.get("title") == VERBATIM_WHY
        assert seg.text_content() == whole  # everything escaped: no markup from the quotation
    assert not tree.xpath("//main//b")
    assert not tree.get_element_by_id("tgt-2").xpath(".//span[@class='inline-en']")


def test_html_marks_nothing_in_the_translation_without_target_offsets():
    doc = inline_document()
    doc.segments[1].spans[0].target_start = doc.segments[1].spans[0].target_end = None  # e.g. a memory without the quotation
    tree = parse(export_html.render(doc))
    assert tree.get_element_by_id("src-1").xpath(".//span[@class='inline-en']")
    assert not tree.get_element_by_id("tgt-1").xpath(".//span[@class='inline-en']")


def test_xliff_protects_the_quotation_in_source_and_target_and_stays_valid():
    data = xliff.render(inline_document(), stem="inline")
    root = etree.fromstring(data)
    assert schema().validate(root), schema().error_log
    unit = root.find(".//x:trans-unit[@id='s1']", NS)
    for tag, whole in (("source", SOURCE), ("target", TRANSLATION)):
        el = unit.find(f"x:{tag}", NS)
        (mrk,) = el.findall("x:mrk", NS)
        assert mrk.get("mtype") == "protected" and mrk.text == QUOTE
        assert "".join(el.itertext()) == whole
        assert el.text == whole[: whole.index(QUOTE)] and mrk.tail == whole[whole.index(QUOTE) + len(QUOTE) :]
    assert not root.find(".//x:trans-unit[@id='s2']", NS).findall(".//x:mrk", NS)


def test_the_schema_subset_is_strict():
    root = etree.fromstring(xliff.render(inline_document(), stem="inline"))
    root.find(".//x:mrk", NS).attrib.pop("mtype")
    assert not schema().validate(root)
    root = etree.fromstring(xliff.render(inline_document(), stem="inline"))
    root.find(".//x:mrk", NS).set("mtype", "verbatim")  # not a strict value
    assert not schema().validate(root)
    root = etree.fromstring(xliff.render(inline_document(), stem="inline"))
    root.find(".//x:target", NS).set("state", "machine")
    assert not schema().validate(root)


def test_tmx_and_tsv_carry_the_plain_text():
    doc = inline_document()
    root = etree.fromstring(tmx.render(doc, stem="inline"))
    assert etree.DTD(io.StringIO(TMX_DTD)).validate(root)
    tu = root.find(".//tu[@tuid='inline:1']")
    assert [len(seg) for seg in tu.iter("seg")] == [0, 0]  # no inline elements
    assert [seg.text for seg in tu.iter("seg")] == [SOURCE, TRANSLATION]
    # the TSV is CSV-quoted (the quotation holds '"'), after a header row
    rows = list(csv.reader(io.StringIO(tsv.render(doc, stem="inline").decode("utf-8")), dialect="excel-tab"))
    assert rows[0] == ["sv", "en", "info", "confidence"]
    assert rows[2][:2] == [SOURCE, TRANSLATION]


@pytest.mark.parametrize("quote", ["fake news", "a ]]> <!-- x --> trap", "it's “quoted” twice"])
def test_every_format_keeps_the_text_whatever_the_quotation_holds(quote):
    doc = inline_document(quote)
    root = etree.fromstring(xliff.render(doc))
    assert schema().validate(root)
    assert "".join(root.find(".//x:trans-unit[@id='s1']/x:target", NS).itertext()) == doc.segments[1].translation
    assert parse(export_html.render(doc)).get_element_by_id("tgt-1").text_content() == doc.segments[1].translation


def test_ranges_are_checked_against_the_text():
    doc = inline_document()
    seg = doc.segments[1]
    ((a, b, _),) = inline_ranges(seg, "target")
    assert seg.translation[a:b] == QUOTE
    seg.spans[0].target_start += 1  # wrong offsets: found by its words instead
    assert [(a, b)] == [(x, y) for x, y, _ in inline_ranges(seg, "target")]
    seg.translation = seg.translation.replace(QUOTE, "something else")
    assert inline_ranges(seg, "target") == []
    seg.spans[0].start = "0"  # a hand-edited document: never a crash
    assert [seg.source[x:y] for x, y, _ in inline_ranges(seg, "source")] == [QUOTE]


def test_the_shared_sample_document_is_valid_too():
    from tests.translate.export.test_export_common import make_document

    assert schema().validate(etree.fromstring(xliff.render(make_document(), stem="bridge"))), schema().error_log

"""The side-by-side HTML page: structure, self-containment, and no live markup from article text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lhtml

from tests.translate.export.test_export_common import make_document
from translate.document import Document, Paragraph, Segment, Span
from translate.export import html as export_html
from translate.export.common import clean_xml, lang_tag

SPECIALS = [
    "<script>alert(1)</script>",
    "</span></p><img src=x onerror=alert(1)>",
    "&amp;",
    "&",
    "]]>",
    "<!--",
    "-->",
    '"',
    "'",
    "`",
    "😀",
    "👩‍👩‍👧",
    "\x00",
    "\x01",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\r\n",
    "\r",
    "\t",
    "\u2028",
    "\x85",
    "\x7f",
    "<style>*{display:none}</style>",
    "{{x}}",
    "${x}",
]
fuzz_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(SPECIALS)), max_size=8).map("".join)


def parse(data: bytes):
    return lhtml.document_fromstring(data, parser=lhtml.HTMLParser(encoding="utf-8"))


@pytest.fixture(scope="module")
def page():
    doc = make_document()
    doc.segments[6].scores = {"chrf++": 60.0}
    doc.segments[7].scores = {"chrf++": 20.0}
    return doc, export_html.render(doc, stem="bridge").decode("utf-8")


def test_every_segment_appears_on_both_sides_in_paragraph_order(page):
    doc, text = page
    tree = parse(text.encode())
    rows = tree.xpath("//main/div[@class='row']")
    assert [r.get("id") for r in rows] == ["p0", "p1", "p2", "p3"]
    for side, attr in (("src", "source"), ("tgt", "translation")):
        spans = tree.xpath(f"//main//*[contains(@class,'col-{side}')]//span[contains(concat(' ',@class,' '),' seg ')]")
        assert [s.get("data-seg") for s in spans] == [str(s.id) for s in doc.segments]
        assert [s.text_content() for s in spans] == [getattr(seg, attr) for seg in doc.segments]
    src_cols = tree.xpath("//main//div[contains(@class,'col-src')]")
    tgt_cols = tree.xpath("//main//div[contains(@class,'col-tgt')]")
    assert len(src_cols) == len(tgt_cols) == 5  # heads + 4 paragraphs


def test_language_attributes_and_keyboard_reach(page):
    _, text = page
    tree = parse(text.encode())
    assert tree.get("lang") == "en"
    assert tree.get_element_by_id("src-1").getparent().getparent().get("lang") == "sv"
    assert tree.get_element_by_id("tgt-1").getparent().getparent().get("lang") == "en"
    # the English quote inside the Swedish column is marked English
    assert tree.get_element_by_id("src-3").get("lang") == "en"
    assert tree.xpath("//*[@id='src-6']/span[@class='inline-en']/@lang") == ["en"]
    segs = tree.xpath("//span[@data-seg and starts-with(@id,'src-') or @data-seg and starts-with(@id,'tgt-')]")
    assert segs and all(s.get("tabindex") == "0" for s in segs)
    # the swap control is a real (focusable) checkbox with a label, so it works without JavaScript
    assert tree.xpath("//input[@type='checkbox' and @id='swap']") and tree.xpath("//label[@for='swap']")


def test_english_block_quote_shows_its_linked_swedish_sentences(page):
    doc, text = page
    tree = parse(text.encode())
    quote_src = tree.xpath("//div[@id='p2']/div[contains(@class,'col-src')]")[0]
    assert quote_src.xpath(".//blockquote//span[@id='src-3']")
    refs = quote_src.xpath(".//div[@class='links']//a[@class='ref']")
    assert [(a.get("href"), a.text_content()) for a in refs] == [("#src-5", doc.segments[5].source)]
    refs_en = tree.xpath("//div[@id='p2']/div[contains(@class,'col-tgt')]//div[@class='links']//a[@class='ref']")
    assert [a.text_content() for a in refs_en] == [doc.segments[5].translation]
    # both ends of the link know about each other, for the hover highlight
    assert tree.get_element_by_id("src-5").get("data-rel") == "3"
    assert tree.get_element_by_id("tgt-3").get("data-rel") == "5"


def test_confidence_colours_origins_and_flags_are_visible(page):
    doc, text = page
    tree = parse(text.encode())
    classes = {i: tree.get_element_by_id(f"tgt-{i}").get("class").split() for i in range(len(doc.segments))}
    assert "c-high" in classes[1] and "c-flag" in classes[2] and "c-none" in classes[0]
    assert "c-mid" in classes[6] and "c-low" in classes[7]
    assert "o-memory" in classes[6] and "o-passthrough" in classes[3] and "o-mt" in classes[1]
    tags = [t.text_content() for t in tree.xpath("//span[contains(@class,'tag')]")]
    assert tags[:3] == ["MT", "MT 0.81", "MT 0.42⚑"] and "TM 0.60" in tags and "as is" in tags
    flags = tree.xpath("//div[@class='flags']//li")
    assert [f.text_content() for f in flags] == ["sentence 2: number: 3,5 in the source, 35 in the translation"]
    legend = tree.xpath("//ul[@class='legend']")[0].text_content()
    assert "flagged" in legend and "confidence" in legend and "MT = machine translation" in legend
    assert "31.40" in tree.xpath("//dl[@class='scores']")[0].text_content()


def test_self_contained_with_print_styles_and_a_pinned_script(page):
    _, text = page
    tree = parse(text.encode())
    assert not tree.xpath("//*[@src] | //link | //iframe | //object | //embed")
    assert all(h.startswith("#") for h in tree.xpath("//a/@href"))
    (style,) = tree.xpath("//style")
    (script,) = tree.xpath("//script")
    assert "@media print" in style.text and "#swap:checked" in style.text
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp
    assert export_html._csp_hash(script.text) in csp and export_html._csp_hash(style.text) in csp


def test_reading_order_without_css_is_swedish_then_english(page):
    _, text = page
    # without JavaScript or CSS a row still reads Swedish, then English
    row = re.search(r'<div class="row" id="p1">(.*?)</div>\n?<div class="row"', text, re.S).group(1)
    assert row.index("Den nya") < row.index("The new")


def test_untranslated_segment_is_marked_not_invented():
    doc = make_document(scored=False)
    doc.segments[1].translation, doc.segments[1].origin = None, None
    tree = parse(export_html.render(doc))
    el = tree.get_element_by_id("tgt-1")
    assert "missing" in el.get("class") and el.text_content() == "[not translated]"


def test_unknown_origin_and_role_values_stay_inert():
    doc = make_document()
    doc.segments[1].origin = '"><script>alert(1)</script>'
    doc.segments[1].role = '"><b>'
    doc.segments[1].spans = [Span(start=0, end=3, text="Den", lang='"><i>')]
    tree = parse(export_html.render(doc))
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//b | //i")
    assert tree.get_element_by_id("tgt-1").get("class").split()[:2] == ["seg", "o-none"]


def _fuzz_doc(a: str, b: str) -> Document:
    text = f"{a}\n\n{b}"
    segs = [
        Segment(id=0, paragraph=0, start=0, end=len(a), source=a, lang="sv", role="heading", translation=b, origin="mt"),
        Segment(
            id=1,
            paragraph=1,
            start=len(a) + 2,
            end=len(text),
            source=b,
            lang="en",
            role="quote",
            translation=b,
            origin="passthrough",
            flags=[{"kind": a, "why": b}],
            scores={"chrf": 50.0},
        ),
    ]
    paras = [Paragraph(0, 0, len(a), role="heading"), Paragraph(1, len(a) + 2, len(text), role="quote")]
    return Document(text=text, paragraphs=paras, segments=segs, model=a, meta={"title": b}, source_lang=a or "sv", target_lang=b or "en")


def _shape(tree) -> list:
    return [(el.tag, sorted(el.attrib)) for el in tree.iter()]


BASELINE = _shape(parse(export_html.render(_fuzz_doc("x", "y"), stem="s")))


def _norm(text: str) -> str:
    # what an HTML parser makes of our cleaned text: CR and CRLF become LF (HTML spec)
    return clean_xml(text).replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=fuzz_text, b=fuzz_text)
def test_article_text_never_becomes_markup(a, b):
    data = export_html.render(_fuzz_doc(a, b), stem="s")
    data.decode("utf-8")  # always valid UTF-8, even with lone surrogates in the input
    tree = parse(data)
    assert _shape(tree) == BASELINE  # same elements and attribute names as for plain text
    assert tree.get_element_by_id("src-0").text_content() == _norm(a)
    assert tree.get_element_by_id("tgt-0").text_content() == _norm(b)
    assert tree.get_element_by_id("tgt-1").text_content() == _norm(b)
    assert tree.xpath("//script")[0].text == export_html._asset("html.js")
    # hostile document languages fall back to sv/en; plausible tags are kept
    assert set(tree.xpath("//@lang")) <= {"en", "sv", lang_tag(a, "sv"), lang_tag(b, "en")}

"""XLIFF 1.2 export: file attributes, one trans-unit per segment, review states, passthrough."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from lxml import etree

from tests.translate.export.test_export_common import make_document
from tests.translate.export.test_export_html import fuzz_text
from translate.document import Document, Segment
from translate.export import xliff
from translate.export.common import clean_xml

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def root():
    return etree.fromstring(xliff.render(make_document(), stem="bridge"))


def test_file_element_and_header(root):
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and root.get("version") == "1.2"
    (f,) = root.findall("x:file", NS)
    assert (f.get("source-language"), f.get("target-language"), f.get("datatype"), f.get("original")) == ("sv", "en", "plaintext", "bridge")
    assert f.find("x:header/x:tool", NS).get("tool-id") == "tolka"
    # XLIFF 1.2's order inside <file>: header, then body
    assert [etree.QName(c).localname for c in f] == ["header", "body"]


def test_one_trans_unit_per_segment_with_states():
    doc = make_document()
    root = etree.fromstring(xliff.render(doc))
    units = root.findall(".//x:trans-unit", NS)
    assert [u.get("id") for u in units] == [f"s{s.id}" for s in doc.segments]
    states = {u.get("id"): u.find("x:target", NS).get("state") for u in units}
    assert states["s1"] == "needs-review-translation" and states["s6"] == "translated"
    for u, seg in zip(units, doc.segments):
        # the text, with any <mrk> around an inline English quotation taken as its text
        assert "".join(u.find("x:source", NS).itertext()) == seg.source
        assert "".join(u.find("x:target", NS).itertext()) == seg.translation
        # children in the schema's order: source, target, then notes
        assert [etree.QName(c).localname for c in u][:2] == ["source", "target"]
        if seg.origin == "passthrough":
            assert u.get("translate") == "no"
        else:
            assert u.get("translate") is None
            assert u.find("x:target", NS).get(XML_LANG) == "en"
    assert units[3].find("x:source", NS).get(XML_LANG) == "en"  # the English quote's source is English
    groups = root.findall(".//x:body/x:group", NS)
    assert [g.get("id") for g in groups] == ["p0", "p1", "p2", "p3"]


def test_notes_carry_confidence_quote_links_and_flags(root):
    notes = {u.get("id"): [n.text for n in u.findall("x:note", NS)] for u in root.iter("{*}trans-unit")}
    assert "confidence: 0.810" in notes["s1"]
    assert "retells English quote s3 (score 0.820)" in notes["s5"]
    assert "retold by Swedish sentence s5 (score 0.820)" in notes["s3"]
    assert "number: 3,5 in the source, 35 in the translation" in notes["s2"]


def test_untranslated_segment_has_source_only():
    doc = make_document()
    doc.segments[1].translation, doc.segments[1].origin = None, None
    unit = etree.fromstring(xliff.render(doc)).find(".//x:trans-unit[@id='s1']", NS)
    assert unit.find("x:target", NS) is None and unit.findtext("x:source", namespaces=NS) == doc.segments[1].source


@settings(max_examples=150, deadline=None)
@given(source=fuzz_text, translation=fuzz_text, stem=fuzz_text)
def test_fuzzed_text_parses_and_round_trips(source, translation, stem):
    seg = Segment(
        id=0,
        paragraph=0,
        start=0,
        end=len(source),
        source=source,
        lang="sv",
        translation=translation,
        origin="memory",
        flags=[{"kind": source, "why": translation}],
    )
    root = etree.fromstring(xliff.render(Document(text=source, segments=[seg], model=source), stem=stem or "a"))
    unit = root.find(".//x:trans-unit", NS)
    assert (unit.findtext("x:source", namespaces=NS), unit.findtext("x:target", namespaces=NS)) == (
        clean_xml(source),
        clean_xml(translation),
    )
    assert root.find("x:file", NS).get("original") == clean_xml(stem or "a")

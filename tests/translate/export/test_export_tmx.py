"""TMX 1.4b export: valid structure, required header attributes, text that survives the trip."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.translate.export.test_export_common import make_document
from tests.translate.export.test_export_html import fuzz_text
from translate.document import Document, Segment
from translate.export import tmx
from translate.export.common import clean_xml, flag_text, lang_tag

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The parts of the TMX 1.4b DTD that tolka writes, transcribed from the specification:
# required header attributes, element order in <tu> and <tuv>.
TMX_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED adminlang CDATA #REQUIRED
  srclang CDATA #REQUIRED datatype CDATA #REQUIRED creationdate CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note xml:lang CDATA #IMPLIED>
<!ELEMENT ude ANY>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA)>
"""


@pytest.fixture(scope="module")
def dtd():
    return etree.DTD(io.StringIO(TMX_DTD))


@pytest.fixture
def doc():
    return make_document()


def test_valid_against_the_dtd_with_every_required_header_attribute(doc, dtd):
    root = etree.fromstring(tmx.render(doc, stem="bridge"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("srclang") == "sv" and header.get("segtype") == "sentence" and root.get("version") == "1.4"


def test_one_tu_per_translated_pair_with_languages_and_props(doc):
    root = etree.fromstring(tmx.render(doc, stem="bridge"))
    tus = root.findall("body/tu")
    # passthrough segments (English quotes, "(…)") are not translations: left out
    expected = [s for s in doc.segments if s.origin != "passthrough"]
    assert [tu.get("tuid") for tu in tus] == [f"bridge:{s.id}" for s in expected]
    for tu, seg in zip(tus, expected):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["sv", "en"]
        assert [t.findtext("seg") for t in tuvs] == [seg.source, seg.translation]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-origin"] == seg.origin and props["x-segment"] == str(seg.id)
    scores = {tu.get("tuid"): tu.find("prop[@type='x-score']") for tu in tus}
    assert scores["bridge:1"].text == "0.810" and scores["bridge:0"] is None
    assert tus[2].findtext("note") == "number: 3,5 in the source, 35 in the translation"


def test_forbidden_characters_are_counted_in_the_header(doc, dtd):
    doc.segments[1].source = "Bron\x00 öppnar\x0bnu."
    root = etree.fromstring(tmx.render(doc))
    assert dtd.validate(root)
    assert root.findtext("header/prop[@type='x-removed-characters']") == "2"
    assert root.find("body/tu[@tuid='article:1']/tuv/seg").text == "Bron öppnar nu."


@settings(max_examples=150, deadline=None)
@given(source=fuzz_text, translation=fuzz_text, stem=st.text(min_size=1, max_size=8))
def test_fuzzed_text_parses_and_round_trips(source, translation, stem):
    seg = Segment(
        id=0,
        paragraph=0,
        start=0,
        end=len(source),
        source=source,
        lang="sv",
        translation=translation,
        origin="mt",
        flags=[{"kind": "x", "why": translation}],
    )
    data = tmx.render(Document(text=source, segments=[seg], model=stem, source_lang=stem), stem=stem)
    root = etree.fromstring(data)
    assert [s.text or "" for s in root.iter("seg")] == [clean_xml(source), clean_xml(translation)]
    assert root.findtext("header/prop[@type='x-model']") == clean_xml(stem)
    assert root.findtext("body/tu/note") == clean_xml(flag_text({"kind": "x", "why": translation}))
    assert root.find("body/tu").get("tuid") == clean_xml(f"{stem}:0")
    assert root.find("header").get("srclang") == lang_tag(stem, "sv")

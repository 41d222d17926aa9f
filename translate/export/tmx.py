"""TMX 1.4b: a translation memory that CAT tools (and ``tolka --memory``) import.

One ``<tu>`` per translated pair; passthrough segments (English quotes kept as
they were) are not translations and are left out.  Origin, confidence and the
segment's place in the article travel as ``<prop type="x-...">``; evaluator
flags as ``<note>``.
"""

from __future__ import annotations

from lxml import etree

from ..document import Document
from .common import clean_xml, count_forbidden, flag_text, fmt_score, lang_tag, pairs, tool_version

SUFFIX = "tmx"
DESCRIPTION = "TMX 1.4b translation memory (one <tu> per translated sentence)"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = clean_xml(value)


def render(doc: Document, *, stem: str = "article") -> bytes:
    """The document's translated pairs as a TMX 1.4b file (UTF-8 bytes)."""
    src, tgt = lang_tag(doc.source_lang, "sv"), lang_tag(doc.target_lang, "en")
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="tolka",
        creationtoolversion=tool_version(),
        segtype="sentence",
        adminlang="en",
        srclang=src,
        datatype="plaintext",
    )
    # o-tmf has a hyphen, so it cannot be a keyword argument
    header.set("o-tmf", "tolka")
    _prop(header, "x-document", stem)
    if doc.model:
        _prop(header, "x-model", doc.model)
    removed = count_forbidden(doc)
    if removed:
        _prop(header, "x-removed-characters", str(removed))
    body = etree.SubElement(root, "body")
    for pair in pairs(doc, passthrough=False):
        seg = pair.seg
        tu = etree.SubElement(body, "tu", tuid=clean_xml(f"{stem}:{seg.id}"))
        _prop(tu, "x-origin", seg.origin or "unknown")
        if pair.confidence is not None:
            _prop(tu, "x-score", fmt_score(pair.confidence))
        _prop(tu, "x-segment", str(seg.id))
        _prop(tu, "x-paragraph", str(seg.paragraph))
        for flag in seg.flags:
            etree.SubElement(tu, "note").text = clean_xml(flag_text(flag))
        for lang, text in ((src, seg.source), (tgt, seg.translation or "")):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(_XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = clean_xml(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=_DOCTYPE)

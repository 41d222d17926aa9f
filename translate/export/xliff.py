"""XLIFF 1.2 for CAT tools: every segment, with its review state.

* machine translation: ``<target state="needs-review-translation">``, not approved;
* memory hit: ``state="translated"``, ``approved="yes"`` (a person's translation);
* passthrough (English quotes, ``(…)``): ``translate="no"``, target = source,
  ``state="final"``, ``approved="yes"``;
* untranslated segment: source only.

``approved`` is what CAT tools read: translate-toolkit, for one, counts every unit with a
target that is not approved as fuzzy, whatever its ``state``.

An English quotation inside a Swedish sentence, kept verbatim, is wrapped in
``<mrk mtype="protected">`` in both ``<source>`` and ``<target>``, so a CAT tool keeps it too.

Paragraphs become ``<group>`` elements so the article's structure survives;
origin, confidence, quote links and evaluator flags become ``<note>``s.
"""

from __future__ import annotations

from lxml import etree

from ..document import Document, Segment
from .common import clean_xml, confidence, count_forbidden, flag_text, fmt_score, inline_ranges, lang_tag, tool_version

SUFFIX = "xlf"
DESCRIPTION = "XLIFF 1.2 (one trans-unit per sentence, review states for MT / memory / passthrough)"

NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: XLIFF 1.2 target state for each origin.
STATES = {"mt": "needs-review-translation", "memory": "translated", "passthrough": "final"}
#: origins whose target is final: the unit is ``approved="yes"``
APPROVED = frozenset({"memory", "passthrough"})


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
    if text is not None:
        el.text = clean_xml(text)
    return el


def _marked(parent: etree._Element, tag: str, seg: Segment, side: str, **attrs: str) -> etree._Element:
    """``<source>``/``<target>`` with each English quotation kept verbatim in ``<mrk mtype="protected">``."""
    text = (seg.source if side == "source" else seg.translation) or ""
    el = _el(parent, tag, **attrs)
    el.text, pos, last = "", 0, el
    for a, b, _ in inline_ranges(seg, side):
        if last is el:
            el.text = clean_xml(text[pos:a])
        else:
            last.tail = clean_xml(text[pos:a])
        last = _el(el, "mrk", text[a:b], mtype="protected")
        pos = b
    if last is el:
        el.text = clean_xml(text[pos:])
    else:
        last.tail = clean_xml(text[pos:])
    return el


def _trans_unit(parent: etree._Element, doc: Document, seg: Segment, src: str, tgt: str) -> None:
    tu = _el(parent, "trans-unit", id=f"s{seg.id}", resname=f"segment {seg.id}")
    tu.set(_XML_SPACE, "preserve")
    passthrough = seg.origin == "passthrough"
    if passthrough:
        tu.set("translate", "no")
    if seg.translation is not None and seg.origin in APPROVED:
        tu.set("approved", "yes")
    source = _marked(tu, "source", seg, "source")
    source.set(_XML_LANG, seg.lang if seg.lang in ("sv", "en") else src)
    if seg.translation is not None:
        target = _marked(tu, "target", seg, "target", state=STATES.get(seg.origin or "", "needs-review-translation"))
        target.set(_XML_LANG, source.get(_XML_LANG) if passthrough else tgt)
    _el(tu, "note", f"origin: {seg.origin or 'none'}", **{"from": "tolka"})
    score = confidence(doc, seg)
    if score is not None:
        _el(tu, "note", f"confidence: {fmt_score(score)}", **{"from": "tolka"})
    for link in doc.quote_links:
        if link.sentence == seg.id:
            _el(tu, "note", f"retells English quote s{link.quote} (score {link.score:.3f})", **{"from": "tolka"})
        elif link.quote == seg.id:
            _el(tu, "note", f"retold by Swedish sentence s{link.sentence} (score {link.score:.3f})", **{"from": "tolka"})
    for flag in seg.flags:
        _el(tu, "note", flag_text(flag), priority="2", **{"from": "tolka-evaluate"})


def render(doc: Document, *, stem: str = "article") -> bytes:
    """The document as an XLIFF 1.2 file (UTF-8 bytes)."""
    src, tgt = lang_tag(doc.source_lang, "sv"), lang_tag(doc.target_lang, "en")
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS}, version="1.2")
    file_el = _el(root, "file", original=clean_xml(stem), datatype="plaintext", **{"source-language": src, "target-language": tgt})
    header = _el(file_el, "header")
    _el(header, "tool", **{"tool-id": "tolka", "tool-name": "tolka", "tool-version": tool_version()})
    if doc.model:
        _el(header, "note", f"model: {doc.model}", **{"from": "tolka"})
    removed = count_forbidden(doc)
    if removed:
        _el(header, "note", f"removed characters that XML 1.0 forbids: {removed}", **{"from": "tolka"})
    body = _el(file_el, "body")
    for group_segs in doc.paragraph_segments():
        group = _el(body, "group", id=f"p{group_segs[0].paragraph}", restype="x-paragraph")
        for seg in group_segs:
            _trans_unit(group, doc, seg, src, tgt)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

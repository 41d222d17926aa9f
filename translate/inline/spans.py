"""Which quotations inside Swedish sentences are English: the sentence's frame, its spans, its flags.

A sentence's language is the language of its *frame*, the text outside its English
quotations: ``”This is not who we are”, skriver The Guardian i en ledare.`` is Swedish
(``skriver The Guardian i en ledare``), so it is translated, not passed through.
:func:`frame_text` gives language identification that frame; a sentence that is nothing
but a quotation (``”We will win.”``) keeps its whole text, so it is in the quotation's language.

:func:`mark_inline` then records, on every Swedish segment, its English quotations as
``spans`` (``kind="quote"``, ``lang="en"``, article offsets of the quoted words).  It walks
each paragraph in order, so a quotation that opens in one sentence and closes in a later
one (the sentence splitter cut inside it) is a span in each.  When the marks do not pair
up -- a stray or unbalanced mark, an empty ``””`` -- nothing is protected: the sentence is
translated whole and a ``{"kind": "quotation", "why": ...}`` flag says so.
"""

from __future__ import annotations

from ..document import Document, Segment, Span
from .language import quotation_language
from .marks import DOUBLE, Quotation, Scan, scan

#: The ``kind`` of the flags this stage puts on segments.
FLAG_KIND = "quotation"


def _sentence_scan(text: str) -> Scan:
    """:func:`scan` for a sentence seen alone: one that opens with a closing mark started inside a quotation."""
    found = scan(text)
    first = next((i for i, ch in enumerate(text) if ch in DOUBLE), None)
    if found.stray and found.stray[0] == first:
        inside = scan(text, inside=True)
        if len(inside.stray) < len(found.stray):
            return inside
    return found


def english_quotations(text: str, found: Scan) -> list[Quotation]:
    """The quotations of ``found`` (a scan of ``text``) that are English."""
    return [q for q in found.quotations if quotation_language(text[q.start : q.end]) == "en"]


def frame_text(text: str) -> str:
    """``text`` without its English quotations (marks included): what decides the sentence's language.

    A sentence with no letters outside its English quotations is returned whole.
    """
    english = english_quotations(text, _sentence_scan(text))
    if not english:
        return text
    parts, pos = [], 0
    for q in english:
        a = q.open if q.open is not None else q.start
        b = q.close + 1 if q.close is not None else q.end
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    frame = " ".join(p.strip() for p in parts if p.strip())
    return frame if any(ch.isalpha() for ch in frame) else text


def _doubt(seg: Segment, found: Scan) -> str | None:
    """Why the quotation marks of ``seg`` cannot be trusted, or None."""
    if found.stray:
        where = ", ".join(f"{seg.source[i]} at character {i}" for i in found.stray)
        return f"quotation marks that pair with nothing ({where}): translated whole, nothing kept verbatim"
    if found.empty:
        return "an empty quotation (””): translated whole, nothing kept verbatim"
    return None


def _paragraph_scans(group: list[Segment], next_opens: bool) -> tuple[list[Scan], int | None]:
    """Each segment's scan, carrying an open quotation from sentence to sentence; and where an unclosed one began.

    A quotation may stay open at a paragraph's end only when the next paragraph opens with
    a quotation mark (the convention for a quotation over several paragraphs); otherwise
    the index of the segment where it opened is returned, for the caller to distrust.
    """
    scans: list[Scan] = []
    inside, opened = False, None
    for k, seg in enumerate(group):
        found = scan(seg.source, inside=inside)
        if inside and found.stray and not scan(seg.source).stray:
            found = scan(seg.source)  # the carried quotation was not one after all
            inside = False
        if found.continues and not inside:
            opened = k
        inside = found.continues and not (found.stray or found.empty)
        scans.append(found)
    return scans, opened if inside and not next_opens else None


def mark_inline(doc: Document) -> Document:
    """Record the English quotations of every Swedish segment as ``spans`` (in place; also returned).

    Earlier ``kind="quote"`` spans and :data:`FLAG_KIND` flags are replaced, so running it
    twice changes nothing.  Segments that are not Swedish get no spans: an English
    sentence passes through whole, its quotations with it.
    """
    groups = list(doc.paragraph_segments())
    for g, group in enumerate(groups):
        next_opens = g + 1 < len(groups) and groups[g + 1][0].source[:1] in DOUBLE
        scans, unclosed = _paragraph_scans(group, next_opens)
        for k, (seg, found) in enumerate(zip(group, scans)):
            seg.spans = [s for s in seg.spans if s.kind != "quote"]
            seg.flags = [f for f in seg.flags if f.get("kind") != FLAG_KIND]
            if seg.lang != "sv":
                continue
            why = _doubt(seg, found)
            if why is None and unclosed is not None and k >= unclosed:
                why = "a quotation that opens and never closes in its paragraph: translated whole, nothing kept verbatim"
            if why:
                seg.flags.append({"kind": FLAG_KIND, "why": why})
                continue
            for q in english_quotations(seg.source, found):
                start = seg.start + q.start
                seg.spans.append(Span(start=start, end=seg.start + q.end, text=seg.source[q.start : q.end], lang="en", kind="quote"))
    return doc

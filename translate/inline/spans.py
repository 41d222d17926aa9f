"""Which quotations inside Swedish sentences are English: the sentence's frame, its spans, its flags.

A sentence's language is the language of its *frame*, the text outside its English
quotations: ``”This is not who we are”, skriver The Guardian i en ledare.`` is Swedish
(``skriver The Guardian i en ledare``), so it is translated, not passed through.
:func:`frame_text` is the text language identification judges a sentence by; a sentence that
is nothing but a quotation (``”We will win.”``) keeps its whole text, so it is in the
quotation's language.

:func:`mark_inline` then records, on every Swedish segment, its English quotations as
``spans`` (``kind="quote"``, ``lang="en"``, article offsets of the quoted words).  It walks
each paragraph in order, so a quotation that opens in one sentence and closes in a later
one (the sentence splitter cut inside it) is a span in each.  When the marks do not pair
up -- a stray or unbalanced mark, an empty ``””``, a quotation still open where its
paragraph ends and the next does not open with a mark -- nothing is protected: the
sentence is translated whole, and where something English might have been kept verbatim
a ``{"kind": "quotation", "why": ...}`` flag says so.
"""

from __future__ import annotations

from ..document import Document, Segment, Span
from .language import quotation_language, words
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


#: Words read on each side of a mark that pairs with nothing, to tell whether English is beside it.
BESIDE_WORDS = 3


def _english_beside(text: str, i: int) -> bool:
    """Whether the words just before or just after the mark at ``i`` read as English."""
    before, after = words(text[:i])[-BESIDE_WORDS:], words(text[i + 1 :])[:BESIDE_WORDS]
    return quotation_language(" ".join(before)) == "en" or quotation_language(" ".join(after)) == "en"


def _doubt(seg: Segment, found: Scan, unclosed: bool) -> str | None:
    """Why the quotation marks of ``seg`` cannot be trusted, or None.

    Marks that do not pair up only matter where something English might have been kept
    verbatim: an English quotation in the sentence, or English text beside a stray mark.
    Elsewhere the sentence is translated whole anyway, and nothing is said.
    """
    english = bool(english_quotations(seg.source, found))
    if found.stray and (english or any(_english_beside(seg.source, i) for i in found.stray)):
        where = ", ".join(f"{seg.source[i]} at character {i}" for i in found.stray)
        return f"quotation marks that pair with nothing ({where}): translated whole, nothing kept verbatim"
    if found.empty and english:
        return "an empty quotation (””) beside an English one: translated whole, nothing kept verbatim"
    opener = next((q.open for q in found.quotations if q.close is None and q.open is not None), None)
    if unclosed and (english or (opener is not None and _english_beside(seg.source, opener))):
        return "an English quotation that opens and never closes in its paragraph: translated whole, nothing kept verbatim"
    return None


def _paragraph_scans(group: list[Segment], next_opens: bool) -> tuple[list[Scan], set[int]]:
    """Each segment's scan, carrying an open quotation from sentence to sentence; and the segments to distrust.

    A quotation may stay open at a paragraph's end only when the next paragraph opens with
    a quotation mark (the convention for a quotation over several paragraphs).  A carried
    quotation that a later sentence cannot close cleanly -- a stray mark, or quotation
    marks of its own while the carried one stays open -- was never one.  The segments of
    such an unclosed quotation, from the one that opened it, are returned by index.
    """
    scans: list[Scan] = []
    doubtful: set[int] = set()
    inside, opened = False, 0
    for k, seg in enumerate(group):
        found = scan(seg.source, inside=inside)
        if inside:
            fresh = scan(seg.source)
            still_open = any(q.open is None and q.close is None for q in found.quotations)
            if (found.stray and not fresh.stray) or (still_open and any(ch in DOUBLE for ch in seg.source)):
                doubtful.update(range(opened, k))
                found, inside = fresh, False
        if found.continues and not inside:
            opened = k
        inside = found.continues and not (found.stray or found.empty)
        scans.append(found)
    if inside and not next_opens:
        doubtful.update(range(opened, len(group)))
    return scans, doubtful


def _languages(group: list[Segment], scans: list[Scan]) -> list[list[str]]:
    """The language of every quotation of every segment, a quotation over several sentences judged as a whole."""
    langs: list[list[str]] = [[""] * len(found.quotations) for found in scans]
    chain: list[tuple[int, int]] = []  # (segment, quotation) pieces of one quotation, in order
    pieces = [(k, i, q) for k, found in enumerate(scans) for i, q in enumerate(found.quotations)]
    for n, (k, i, q) in enumerate(pieces):
        chain.append((k, i))
        nxt = pieces[n + 1] if n + 1 < len(pieces) else None
        if q.close is None and nxt is not None and nxt[0] > k and nxt[2].open is None:
            continue  # goes on in the next sentence
        text = " ".join(group[a].source[scans[a].quotations[b].start : scans[a].quotations[b].end] for a, b in chain)
        lang = quotation_language(text)
        for a, b in chain:
            langs[a][b] = lang
        chain = []
    return langs


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
        langs = _languages(group, scans)
        for k, (seg, found) in enumerate(zip(group, scans)):
            seg.spans = [s for s in seg.spans if s.kind != "quote"]
            seg.flags = [f for f in seg.flags if f.get("kind") != FLAG_KIND]
            if seg.lang != "sv":
                continue
            if found.stray or found.empty or k in unclosed:
                why = _doubt(seg, found, k in unclosed)
                if why:
                    seg.flags.append({"kind": FLAG_KIND, "why": why})
                continue
            for q, lang in zip(found.quotations, langs[k]):
                if lang != "en":
                    continue
                start = seg.start + q.start
                seg.spans.append(Span(start=start, end=seg.start + q.end, text=seg.source[q.start : q.end], lang="en", kind="quote"))
    return doc

"""What every export format shares: the pairs, their confidence, and text cleaning.

XML 1.0 cannot carry most C0 control characters, lone surrogates, U+FFFE or
U+FFFF, not even as character references, and TSV cannot carry tabs or line
breaks inside a field.  The policy, the same for HTML, TMX, XLIFF and TSV:

* forbidden characters that Python counts as whitespace (VT, FF, U+001C-U+001F)
  become a plain space, so a whitespace-normalising translation memory still
  matches the original sentence;
* the other forbidden characters (U+0000-U+0008, U+000E-U+001B, lone
  surrogates, U+FFFE, U+FFFF) are removed;
* the number of characters replaced or removed is reported
  (:func:`count_forbidden`), and TMX/XLIFF headers record it;
* JSONL is lossless: JSON escapes every character, so it keeps them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..document import Document, Segment, Span

# Everything XML 1.0 (Char production) does not allow.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_AS_SPACE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")
# Field and line breaks, including those str.splitlines() honours (NEL, LS, PS),
# so a reader that splits lines either way sees one pair per line.
_TSV_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")


def clean_xml(text: str) -> str:
    """``text`` with XML-1.0-forbidden characters replaced (whitespace-like) or removed."""
    if not _FORBIDDEN.search(text):
        return text
    return _FORBIDDEN.sub(lambda m: " " if m.group() in _AS_SPACE else "", text)


def clean_tsv(text: str) -> str:
    """``text`` fit for one TSV field: :func:`clean_xml`, then tabs and line breaks (also U+0085, U+2028, U+2029) as spaces."""
    return _TSV_BREAKS.sub(" ", clean_xml(text))


_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def lang_tag(value: object, default: str) -> str:
    """``value`` if it looks like a BCP 47 language tag (``sv``, ``en-GB``), else ``default``.

    Document languages end up in attributes (``lang``, ``xml:lang``, ``srclang``);
    a hand-edited document must not be able to put anything else there.
    """
    return value if isinstance(value, str) and _LANG_TAG.fullmatch(value) else default


def count_forbidden(doc: Document) -> int:
    """How many characters :func:`clean_xml` replaces or removes across the document's segments."""
    n = 0
    for seg in doc.segments:
        for text in (seg.source, seg.translation or ""):
            n += len(_FORBIDDEN.findall(text))
    return n


#: Segment scores that state a confidence directly, in [0, 1].
DIRECT_KEYS = ("confidence", "align", "alignment")
#: Reference-based segment scores (evaluator), in [0, 100]: the fallback when nothing else measured a segment.
METRIC_KEYS = ("chrf++", "chrF++", "chrf", "chrF", "bleu", "BLEU")


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        return float(value)
    return None


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def alignment_score(doc: Document, seg: Segment) -> float | None:
    """The aligner's confidence in [0, 1] for the bead ``seg`` is in, when the evaluator recorded one.

    The evaluator stores beads in ``doc.scores["alignment"]["beads"]`` and the
    bead's index in ``seg.scores["bead"]``.
    """
    alignment = doc.scores.get("alignment")
    beads = alignment.get("beads") if isinstance(alignment, dict) else None
    k = seg.scores.get("bead")
    if isinstance(beads, list) and isinstance(k, int) and not isinstance(k, bool) and 0 <= k < len(beads):
        bead = beads[k]
        return _number(bead.get("score")) if isinstance(bead, dict) else None
    return None


def confidence(doc: Document, seg: Segment) -> float | None:
    """A score in [0, 1] for how far to trust ``seg``'s translation, or None when nothing measured it.

    In order: a direct score (:data:`DIRECT_KEYS`), the alignment score of the
    segment's bead, the best quote-link score involving the segment, then a
    reference metric (:data:`METRIC_KEYS`, divided by 100).
    """
    for key in DIRECT_KEYS:
        val = _number(seg.scores.get(key))
        if val is not None:
            return _clamp(val)
    val = alignment_score(doc, seg)
    if val is not None:
        return _clamp(val)
    links = [q.score for q in doc.quote_links if seg.id in (q.quote, q.sentence)]
    if links:
        return _clamp(max(links))
    for key in METRIC_KEYS:
        val = _number(seg.scores.get(key))
        if val is not None:
            return _clamp(val / 100.0)
    return None


@dataclass
class Pair:
    """One exported translation unit: a segment and what belongs to it."""

    seg: Segment
    confidence: float | None


def pairs(doc: Document, *, passthrough: bool = True) -> Iterator[Pair]:
    """Every segment that has a translation, in document order.

    ``passthrough=False`` leaves out segments kept as they were (English
    quotes, ``(…)``): they are not translations, so a translation memory
    should not learn them.
    """
    for seg in doc.segments:
        if seg.translation is None or (not passthrough and seg.origin == "passthrough"):
            continue
        yield Pair(seg, confidence(doc, seg))


def fmt_score(value: float | None) -> str:
    """A score as exported in text formats: three decimals, or empty when absent."""
    return "" if value is None else f"{value:.3f}"


def tool_version() -> str:
    from .. import __version__

    return __version__


def flag_text(flag: dict[str, Any]) -> str:
    """A one-line rendering of an evaluator flag ``{"kind", "why"}``."""
    kind = str(flag.get("kind", "flag"))
    why = str(flag.get("why", "")).strip()
    return f"{kind}: {why}" if why else kind


#: Why an inline English quotation is left as it is (HTML tooltips).
VERBATIM_WHY = "English in the Swedish original: kept verbatim, not translated"


def inline_ranges(seg: Segment, side: str) -> list[tuple[int, int, Span]]:
    """The inline spans of ``seg`` as ``(start, end, span)`` offsets into its source (``side="source"``) or translation.

    Offsets are checked against the text (a hand-edited document may disagree): a span
    whose offsets do not slice out its words is looked up by its words instead, and left
    out where they are not there exactly once.  In the translation only spans with
    target offsets count (English quotations kept verbatim).  Sorted and non-overlapping.
    """
    text = seg.source if side == "source" else seg.translation
    if not text:
        return []
    out: list[tuple[int, int, Span]] = []
    for sp in seg.spans:
        if not isinstance(sp.text, str) or not sp.text:
            continue
        if side == "source":
            a, b = (sp.start - seg.start, sp.end - seg.start) if isinstance(sp.start, int) and isinstance(sp.end, int) else (-1, -1)
        elif isinstance(sp.target_start, int) and isinstance(sp.target_end, int):
            a, b = sp.target_start, sp.target_end
        else:
            continue
        if not (0 <= a < b <= len(text) and text[a:b] == sp.text):
            if text.count(sp.text) != 1:
                continue
            a = text.index(sp.text)
            b = a + len(sp.text)
        if all(b <= x or a >= y for x, y, _ in out):
            out.append((a, b, sp))
    return sorted(out, key=lambda r: r[0])

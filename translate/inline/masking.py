"""English quotations through machine translation: the Swedish frame translated, the quotation verbatim, once.

For a Swedish segment with English ``spans`` (:mod:`translate.inline.spans`):

1. **mask**: each quotation, marks included, is replaced by a placeholder (``QX1``,
   ``QX2``, ...: a short code of capitals and digits, which MT models copy as they copy
   product codes and names; it is never a word of either language) and the masked
   sentence is translated.  Where the output holds every placeholder exactly once and no
   other trace of one, each is replaced by its quotation: ``via="mask"``.
2. **pieces** (any other output -- a model that drops, repeats or mangles a
   placeholder): the Swedish stretches between the quotations are translated one by
   one and joined with the quotations in their original order: ``via="pieces"``.  A
   piece's own final full stop is kept only where the Swedish had one, and a piece that
   began in lower case does not come back capitalised (unless its first word is in the
   Swedish too: a name).

Either way the quotation appears exactly once, its words untouched, in English quotation
marks (``“…”``, or ``‘…’`` for single marks; only the mark a sentence has where a
quotation runs over several sentences), and each span gets ``target_start``/``target_end``
so that ``seg.translation[span.target_start:span.target_end] == span.text``.

What reaches the translator, and so the translation cache, is the masked sentence or a
piece -- never the original with its quotation -- so a cached plain translation of the
sentence is never taken for the masked one, nor the reverse.  The masked form does not
contain the quotation, so sentences that differ only in what they quote share one cache
entry.  The translator is any ``list[str] -> list[str]`` callable
(:meth:`translate.translator.Translator.translate`); this module loads nothing itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document import Segment, Span
from .marks import MARKS, SINGLE

TranslateFn = Callable[[list[str]], list[str]]

#: Placeholder stems, first one the sentence does not already contain; the k-th quotation is ``STEM + str(k)``.
PLACEHOLDER_STEMS = ("QX", "QZ", "XQ", "ZQ", "QJ", "JQ")
#: English quotation marks, (opening, closing), for double and single quotations.
ENGLISH_MARKS = {False: ("“", "”"), True: ("‘", "’")}

_SENTENCE_END = ".!?…"
# What a piece of frame may start or end with that belongs to the joint, not to the piece's text.
_PIECE = re.compile(r"^(?P<lead>[\s,;:–—\-)\]]*)(?P<core>.*?)(?P<tail>[\s,;:–—\-(\[]*)$", re.DOTALL)
_FIRST_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Quote:
    span: Span
    outer: tuple[int, int]  # the quotation with its marks, offsets into the segment's source
    opened: bool  # has its opening mark in this segment
    closed: bool  # has its closing mark in this segment
    single: bool

    def english(self) -> tuple[str, int]:
        """The quotation as it goes into the translation, and where its words start in it."""
        open_, close = ENGLISH_MARKS[self.single]
        lead = open_ if self.opened else ""
        return lead + self.span.text + (close if self.closed else ""), len(lead)


class _Job:
    """One segment's quotations, its frame between them, and the masked sentence."""

    def __init__(self, seg: Segment, quotes: list[_Quote]):
        self.seg = seg
        self.quotes = quotes
        text = seg.source
        bounds = [0] + [p for q in quotes for p in q.outer] + [len(text)]
        self.frames = [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
        upper = text.upper()
        self.stem = next((s for s in PLACEHOLDER_STEMS if s not in upper), PLACEHOLDER_STEMS[0] + "Q" * len(text))
        self.tokens = [f"{self.stem}{k}" for k in range(1, len(quotes) + 1)]
        self.masked = self.frames[0] + "".join(tok + frame for tok, frame in zip(self.tokens, self.frames[1:]))

    # -- the masked path ----------------------------------------------------------
    def restore(self, output: str) -> tuple[str, list[tuple[int, int]]] | None:
        """``output`` with the placeholders replaced, and each quotation's offsets; None unless each is there once."""
        found = list(re.finditer(rf"(?<![^\W_]){re.escape(self.stem)}(\d+)(?![^\W_])", output))
        if sorted(m.group() for m in found) != sorted(self.tokens) or output.upper().count(self.stem) != len(self.tokens):
            return None
        out: list[str] = []
        offsets: list[tuple[int, int]] = [(0, 0)] * len(self.quotes)
        pos = length = 0
        for m in found:
            k = int(m.group(1)) - 1
            a, b = m.span()
            # a model may quote the placeholder itself: the quotation brings its own marks
            if a > pos and b < len(output) and output[a - 1] in MARKS and output[b] in MARKS:
                a, b = a - 1, b + 1
            before = output[pos:a]
            out.append(before)
            length += len(before)
            english, lead = self.quotes[k].english()
            offsets[k] = (length + lead, length + lead + len(self.quotes[k].span.text))
            out.append(english)
            length += len(english)
            pos = b
            # "... said: QX1." for a quotation that ends the sentence with its own full stop
            if english.rstrip("”’")[-1:] in _SENTENCE_END and output[pos : pos + 1] == "." and not self._dot_after(k):
                pos += 1
        out.append(output[pos:])
        return "".join(out), offsets

    def _dot_after(self, k: int) -> bool:
        end = self.quotes[k].outer[1]
        return self.seg.source[end : end + 1] == "."

    # -- the pieces path ----------------------------------------------------------
    def cores(self) -> list[str]:
        """The frame pieces the model must translate (those with letters)."""
        return [c for c in (_split(f)[1] for f in self.frames) if _has_letters(c)]

    def assemble(self, done: dict[str, str]) -> tuple[str, list[tuple[int, int]]]:
        """The translation from translated pieces ``done`` and the quotations, and each quotation's offsets."""
        out: list[str] = []
        offsets: list[tuple[int, int]] = []
        length = 0
        for i, frame in enumerate(self.frames):
            lead, core, tail = _split(frame)
            piece = _fit(core, done[core]) if _has_letters(core) else core
            text = lead + piece + tail if piece else _squeeze(lead + tail)
            out.append(text)
            length += len(text)
            if i < len(self.quotes):
                english, head = self.quotes[i].english()
                offsets.append((length + head, length + head + len(self.quotes[i].span.text)))
                out.append(english)
                length += len(english)
        return "".join(out), offsets

    def apply(self, translation: str, offsets: list[tuple[int, int]], via: str) -> None:
        self.seg.translation, self.seg.origin = translation, "mt"
        for q, (a, b) in zip(self.quotes, offsets):
            q.span.target_start, q.span.target_end, q.span.via = a, b, via


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _squeeze(glue: str) -> str:
    return re.sub(r"\s+", " ", glue)


def _split(frame: str) -> tuple[str, str, str]:
    m = _PIECE.match(frame)
    assert m is not None  # every part of the pattern may match nothing
    return m.group("lead"), m.group("core"), m.group("tail")


def _fit(source: str, english: str) -> str:
    """A piece's translation made to fit back between the quotations."""
    english = english.strip()
    if source[-1:] not in _SENTENCE_END and english.endswith(".") and not english.endswith(".."):
        english = english[:-1].rstrip()
    first = _FIRST_WORD.match(english)
    if source[:1].islower() and first and english[:1].isupper() and first.group() != "I" and first.group() not in source:
        english = english[:1].lower() + english[1:]
    return english


def _quotes_of(seg: Segment) -> list[_Quote] | None:
    """The English spans of ``seg`` as quotations to keep, in order; None if they do not fit its text."""
    text = seg.source
    quotes: list[_Quote] = []
    for sp in sorted((s for s in seg.spans if s.kind == "quote" and s.lang == "en"), key=lambda s: s.start):
        a, b = sp.start - seg.start, sp.end - seg.start
        if not (0 <= a < b <= len(text) and text[a:b] == sp.text) or (quotes and a < quotes[-1].outer[1]):
            return None
        opened = a > 0 and text[a - 1] in MARKS
        closed = b < len(text) and text[b] in MARKS
        mark = text[a - 1] if opened else text[b] if closed else "”"
        quotes.append(_Quote(sp, (a - opened, b + closed), opened, closed, mark in SINGLE))
    return quotes


def place_in_translation(seg: Segment, via: str) -> None:
    """Point each English span of ``seg`` at its quotation in a translation made elsewhere (a memory).

    A span whose words are not in ``seg.translation`` exactly once gets no target offsets.
    """
    translation = seg.translation or ""
    for sp in seg.spans:
        if sp.kind == "quote" and sp.lang == "en":
            at = translation.find(sp.text) if sp.text else -1
            if at >= 0 and translation.count(sp.text) == 1:
                sp.target_start, sp.target_end = at, at + len(sp.text)
            else:
                sp.target_start = sp.target_end = None
            sp.via = via


def translate_segments(segments: Sequence[Segment], translate: TranslateFn) -> None:
    """Translate Swedish ``segments`` in place (``translation``, ``origin="mt"``, and their spans' targets).

    Segments without English spans are translated whole.  All first attempts go to
    ``translate`` in one call and all fallback pieces in a second, so the model sees full
    batches either way.
    """
    jobs: list[_Job | None] = []
    for seg in segments:
        quotes = _quotes_of(seg) if any(s.kind == "quote" and s.lang == "en" for s in seg.spans) else None
        jobs.append(_Job(seg, quotes) if quotes else None)
    first = translate([job.masked if job else seg.source for seg, job in zip(segments, jobs)])
    retry: list[_Job] = []
    for seg, job, out in zip(segments, jobs, first, strict=True):
        if job is None:
            seg.translation, seg.origin = out, "mt"
            continue
        restored = job.restore(out)
        if restored is None:
            retry.append(job)
        else:
            job.apply(*restored, via="mask")
    if not retry:
        return
    cores = list(dict.fromkeys(c for job in retry for c in job.cores()))
    done = dict(zip(cores, translate(cores), strict=True)) if cores else {}
    for job in retry:
        job.apply(*job.assemble(done), via="pieces")

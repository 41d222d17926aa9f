"""The document model that flows through every stage of tolka.

An article is split into paragraphs (blank-line separated) and each paragraph
into segments (sentences).  Every stage -- language ID, translation, quote
linking, evaluation, export -- reads and extends the same :class:`Document`.
Offsets are character offsets into :attr:`Document.text`, so
``doc.text[seg.start:seg.end] == seg.source`` always holds.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

#: Where a segment's translation came from.
ORIGINS = ("mt", "memory", "passthrough")
#: Roles a segment can play in the article.
ROLES = ("body", "quote", "heading", "caption")

SCHEMA_VERSION = 1


@dataclass
class Span:
    """An inline span inside a segment (e.g. an English quotation in a Swedish sentence).

    ``start``/``end`` are offsets into the article text, like segments'.
    """

    start: int
    end: int
    text: str
    lang: str = "en"
    kind: str = "quote"


@dataclass
class Segment:
    """One sentence of the article and what tolka learnt about it."""

    id: int
    paragraph: int
    start: int
    end: int
    source: str
    lang: str = "und"  # "sv" | "en" | "und"
    role: str = "body"  # see ROLES
    translation: str | None = None
    origin: str | None = None  # see ORIGINS
    #: inline quotations found inside this segment (quote-linking stage)
    spans: list[Span] = field(default_factory=list)
    #: per-segment scores (evaluator, aligner), e.g. {"chrf++": 61.2}
    scores: dict[str, float] = field(default_factory=dict)
    #: fidelity flags from the evaluator: [{"kind": "number", "why": "..."}]
    flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def needs_mt(self) -> bool:
        return self.origin is None and self.lang == "sv"


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    lang: str = "und"
    role: str = "body"


@dataclass
class QuoteLink:
    """An English quote segment tied to a Swedish segment that renders it."""

    quote: int
    sentence: int
    score: float


@dataclass
class Document:
    """An article, its segments, and everything the later stages attach."""

    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    source_lang: str = "sv"
    target_lang: str = "en"
    model: str | None = None
    quote_links: list[QuoteLink] = field(default_factory=list)
    #: reference-based scores (evaluator), e.g. {"bleu": {"score": .., "signature": ..}}
    scores: dict[str, Any] = field(default_factory=dict)
    #: free-form facts about the run: article name, settings, timings
    meta: dict[str, Any] = field(default_factory=dict)

    # -- navigation ---------------------------------------------------------
    def segment(self, seg_id: int) -> Segment:
        seg = self.segments[seg_id]
        if seg.id != seg_id:  # ids are positions; guard against hand-built documents
            seg = next(s for s in self.segments if s.id == seg_id)
        return seg

    def paragraph_segments(self) -> Iterator[list[Segment]]:
        """Segments grouped by paragraph, in order (paragraphs without segments are skipped)."""
        group: list[Segment] = []
        for seg in self.segments:
            if group and seg.paragraph != group[0].paragraph:
                yield group
                group = []
            group.append(seg)
        if group:
            yield group

    def translated_text(self) -> str:
        """The English article: segments joined by spaces, paragraphs by blank lines."""
        paras = []
        for group in self.paragraph_segments():
            paras.append(" ".join((s.translation if s.translation is not None else s.source) for s in group))
        return "\n\n".join(paras) + "\n"

    # -- serialisation ------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["schema"] = SCHEMA_VERSION
        return d

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        segs = []
        for s in d.get("segments", []):
            s = dict(s)
            s["spans"] = [Span(**sp) for sp in s.get("spans", [])]
            segs.append(Segment(**s))
        return cls(
            text=d["text"],
            paragraphs=[Paragraph(**p) for p in d.get("paragraphs", [])],
            segments=segs,
            source_lang=d.get("source_lang", "sv"),
            target_lang=d.get("target_lang", "en"),
            model=d.get("model"),
            quote_links=[QuoteLink(**q) for q in d.get("quote_links", [])],
            scores=d.get("scores", {}),
            meta=d.get("meta", {}),
        )

    @classmethod
    def from_json(cls, s: str) -> "Document":
        return cls.from_dict(json.loads(s))

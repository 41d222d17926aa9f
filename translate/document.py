"""The document model that flows through every stage of tolka.

An article is split into paragraphs (blank-line separated) and each paragraph
into segments (sentences).  Every stage -- language ID, translation, quote
linking, evaluation, export -- reads and extends the same :class:`Document`.
Offsets are character offsets into :attr:`Document.text`, so
``doc.text[seg.start:seg.end] == seg.source`` always holds.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import TolkaError
from .textio import read_text

#: Where a segment's translation came from.
ORIGINS = ("mt", "memory", "passthrough")
#: Roles a segment can play in the article.
ROLES = ("body", "quote", "heading", "caption")

#: The JSON file format (:meth:`Document.to_json`).  2: one line per paragraph, segment and quote
#: link; a segment's ``source`` is left out (it is ``text[start:end]``), and so are its ``spans``,
#: ``scores`` and ``flags`` when empty.  1: every field on every segment, indented.
#: :meth:`Document.from_json` reads both.
SCHEMA_VERSION = 2
#: ``to_dict()`` gives every field, the shape of schema 1
FULL_SCHEMA = 1

_WRITTEN_BY = "give the file `tolka translate --format json` wrote"


@dataclass
class Span:
    """An inline span inside a segment (e.g. an English quotation in a Swedish sentence).

    ``start``/``end`` are offsets into the article text, like segments':
    ``doc.text[start:end] == text``.  A span kept verbatim in the translation also has
    ``target_start``/``target_end``, offsets into the segment's ``translation``
    (``seg.translation[target_start:target_end] == text``), and ``via``, how it got
    there: ``"mask"`` (a placeholder the model kept), ``"pieces"`` (the Swedish around it
    translated piece by piece) or ``"memory"`` (found in a memory's translation).
    """

    start: int
    end: int
    text: str
    lang: str = "en"
    kind: str = "quote"
    target_start: int | None = None
    target_end: int | None = None
    via: str | None = None


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
    #: English quotations inside this Swedish segment, kept verbatim (:mod:`translate.inline`)
    spans: list[Span] = field(default_factory=list)
    #: per-segment scores (evaluator, aligner), e.g. {"chrf++": 61.2}
    scores: dict[str, float] = field(default_factory=dict)
    #: warnings for a reviewer: the evaluator's fidelity flags ([{"kind": "number", "why": "..."}]) and
    #: earlier stages' (``"quotation"``: marks that do not pair, so the sentence was translated whole)
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
        # Built field by field: equal to ``asdict(self)`` (same keys, same order) without
        # asdict's generic recursion and deep copies, which dominated writing a document.
        if type(self) is not Document:
            d = asdict(self)
        else:
            d = {
                "text": _plain(self.text),
                "paragraphs": [_paragraph_dict(p) for p in self.paragraphs] if type(self.paragraphs) is list else _plain(self.paragraphs),
                "segments": [_segment_dict(s) for s in self.segments] if type(self.segments) is list else _plain(self.segments),
                "source_lang": _plain(self.source_lang),
                "target_lang": _plain(self.target_lang),
                "model": _plain(self.model),
                "quote_links": (
                    [_quote_link_dict(q) for q in self.quote_links] if type(self.quote_links) is list else _plain(self.quote_links)
                ),
                "scores": _plain(self.scores),
                "meta": _plain(self.meta),
            }
        d["schema"] = FULL_SCHEMA
        return d

    def iter_json(self) -> Iterator[str]:
        """The document as JSON (schema :data:`SCHEMA_VERSION`), piece by piece, for writing as it goes.

        One line per paragraph, segment and quote link, nothing repeated: a 20 MB article used to
        take 15 times its size as indented JSON with every sentence twice, and three times that in
        memory while the string was built.
        """
        dumps = _compact
        yield (
            f'{{"schema":{SCHEMA_VERSION},"source_lang":{dumps(self.source_lang)},'
            f'"target_lang":{dumps(self.target_lang)},"model":{dumps(self.model)},\n'
        )
        yield f'"text":{dumps(self.text)},\n'
        yield from _json_array("paragraphs", (_paragraph_dict(p) for p in self.paragraphs))
        yield from _json_array("segments", (_segment_row(seg, self.text) for seg in self.segments))
        yield from _json_array("quote_links", (_quote_link_dict(q) for q in self.quote_links))
        yield f'"scores":{dumps(self.scores)},\n"meta":{dumps(self.meta)}}}'

    def to_json(self) -> str:
        """The document as JSON (schema :data:`SCHEMA_VERSION`); :meth:`from_json` reads it back."""
        return "".join(self.iter_json())

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        """A document from :meth:`to_dict` or a parsed JSON file of any schema up to :data:`SCHEMA_VERSION`."""
        schema = d.get("schema", FULL_SCHEMA)
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
            raise ValueError(f"schema {schema} is newer than this tolka reads ({SCHEMA_VERSION}); update tolka")
        text = d["text"]
        segs = []
        for s in d.get("segments", []):
            s = dict(s)
            s["spans"] = [Span(**sp) for sp in s.get("spans", [])]
            if "source" not in s:  # schema 2 leaves out what the offsets give
                s["source"] = text[s["start"] : s["end"]]
            segs.append(Segment(**s))
        return cls(
            text=text,
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
    def from_sentences(cls, paragraphs: list[list[str]], source_lang: str = "sv") -> "Document":
        """A document from text already split into paragraphs of sentences (no segmenter runs).

        Sentences are joined by a space and paragraphs by a blank line, so offsets hold.
        """
        text = ""
        paras: list[Paragraph] = []
        segs: list[Segment] = []
        for pi, sents in enumerate(paragraphs):
            if text:
                text += "\n\n"
            pstart = len(text)
            for si, sent in enumerate(sents):
                if si:
                    text += " "
                segs.append(Segment(id=len(segs), paragraph=pi, start=len(text), end=len(text) + len(sent), source=sent))
                text += sent
            paras.append(Paragraph(index=pi, start=pstart, end=len(text)))
        return cls(text=text, paragraphs=paras, segments=segs, source_lang=source_lang)

    @classmethod
    def from_json(cls, s: str) -> "Document":
        """The document ``to_json`` wrote (unchecked: see :meth:`loads` for user files)."""
        return cls.from_dict(json.loads(s))

    @classmethod
    def loads(cls, text: str, source: str = "document", fix: str = _WRITTEN_BY) -> "Document":
        """A document from JSON text a user gave, checked: a one-line :class:`TolkaError` otherwise.

        ``source`` names the input in messages (``"document out/a.json"``); ``fix`` says what to give instead.
        Wrong field types fail here, not half-way through a later stage.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise TolkaError(f"{source} is not valid JSON ({e.msg} at line {e.lineno} column {e.colno}); {fix}") from e
        try:
            if not isinstance(data, dict):
                raise TypeError("not an object")
            doc = cls.from_dict(data)
            if not isinstance(doc.text, str):
                raise TypeError("text")
            for seg in doc.segments:
                if not (isinstance(seg.id, int) and isinstance(seg.paragraph, int) and isinstance(seg.source, str)):
                    raise TypeError(f"segment {seg.id!r}")
                if seg.translation is not None and not isinstance(seg.translation, str):
                    raise TypeError(f"segment {seg.id!r} translation")
                if not isinstance(seg.scores, dict) or not all(isinstance(f, dict) for f in seg.flags):
                    raise TypeError(f"segment {seg.id!r} scores or flags")
            for q in doc.quote_links:
                if not (isinstance(q.quote, int) and isinstance(q.sentence, int) and isinstance(q.score, (int, float))):
                    raise TypeError(f"quote link {q!r}")
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise TolkaError(f"{source} is JSON but not a tolka document ({type(e).__name__}: {e}); {fix}") from e
        return doc

    @classmethod
    def load(cls, path: str | os.PathLike[str], encoding: str = "utf-8") -> "Document":
        """Read and check a document JSON file (as ``tolka translate --format json`` writes it)."""
        return cls.loads(read_text(path, what="document", encoding=encoding), source=f"document {path}")


# --- to_dict helpers: asdict's result, built directly ---------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _compact(value: Any) -> str:
    """``value`` as compact JSON (UTF-8 kept); a lone surrogate, which UTF-8 cannot carry, as a \\u escape."""
    out = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if _LONE_SURROGATE.search(out):
        out = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


def _json_array(name: str, rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """``"name":[`` then one row a line, as :meth:`Document.iter_json` writes each list."""
    yield f'"{name}":['
    empty = True
    for row in rows:
        yield ("\n" if empty else ",\n") + _compact(row)
        empty = False
    yield "],\n" if empty else "\n],\n"


def _segment_row(s: Segment, text: str) -> dict[str, Any]:
    """A segment as schema 2 writes it: no empty ``spans``/``scores``/``flags``, and no ``source``
    where it is what the offsets say (a hand-built document that breaks that keeps its own)."""
    if type(s) is not Segment:
        return _plain(s)
    d = {
        "id": s.id,
        "paragraph": s.paragraph,
        "start": s.start,
        "end": s.end,
        "lang": s.lang,
        "role": s.role,
        "translation": s.translation,
        "origin": s.origin,
    }
    if not (type(s.start) is int and type(s.end) is int and text[s.start : s.end] == s.source):
        d["source"] = s.source
    if s.spans:
        d["spans"] = [_span_dict(x) for x in s.spans] if type(s.spans) is list else _plain(s.spans)
    if s.scores:
        d["scores"] = s.scores
    if s.flags:
        d["flags"] = s.flags
    return d


_SCALARS = frozenset({str, int, float, bool, type(None)})


@dataclass
class _Box:
    value: Any


def _plain(v: Any) -> Any:
    """``v`` as ``asdict`` renders a field value: containers rebuilt, anything else deep-copied."""
    t = type(v)
    if t in _SCALARS:
        return v  # immutable: deepcopy would return it unchanged
    if t is dict:
        return {_plain(k): _plain(x) for k, x in v.items()}
    if t is list:
        return [_plain(x) for x in v]
    return asdict(_Box(v))["value"]  # anything else: exactly what asdict does


def _paragraph_dict(p: Paragraph) -> dict[str, Any]:
    if type(p) is not Paragraph:
        return _plain(p)
    return {"index": _plain(p.index), "start": _plain(p.start), "end": _plain(p.end), "lang": _plain(p.lang), "role": _plain(p.role)}


def _span_dict(s: Span) -> dict[str, Any]:
    if type(s) is not Span:
        return _plain(s)
    return {
        "start": _plain(s.start),
        "end": _plain(s.end),
        "text": _plain(s.text),
        "lang": _plain(s.lang),
        "kind": _plain(s.kind),
        "target_start": _plain(s.target_start),
        "target_end": _plain(s.target_end),
        "via": _plain(s.via),
    }


def _quote_link_dict(q: QuoteLink) -> dict[str, Any]:
    if type(q) is not QuoteLink:
        return _plain(q)
    return {"quote": _plain(q.quote), "sentence": _plain(q.sentence), "score": _plain(q.score)}


def _segment_dict(s: Segment) -> dict[str, Any]:
    if type(s) is not Segment:
        return _plain(s)
    return {
        "id": _plain(s.id),
        "paragraph": _plain(s.paragraph),
        "start": _plain(s.start),
        "end": _plain(s.end),
        "source": _plain(s.source),
        "lang": _plain(s.lang),
        "role": _plain(s.role),
        "translation": _plain(s.translation),
        "origin": _plain(s.origin),
        "spans": [_span_dict(x) for x in s.spans] if type(s.spans) is list else _plain(s.spans),
        "scores": _plain(s.scores),
        "flags": _plain(s.flags),
    }

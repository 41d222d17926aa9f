"""From Swedish article text to a translated :class:`~translate.document.Document`.

``prepare_document`` segments the article, tags languages and marks quotes; English
and letterless segments pass through unchanged. ``translate_documents`` then fills
every Swedish segment from the memory, else the cache, else the model -- batching
across all documents and loading the model only if some segment reaches it.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from .document import Document
from .memory import Memory, load_memory
from .translator import DEFAULT_MODEL, Translator

__all__ = ["DEFAULT_MODEL", "prepare_document", "translate_documents", "translate_article"]


def prepare_document(text: str, lang: str = "sv") -> Document:
    """Segment, tag languages, mark quotes, and pass through every non-Swedish segment."""
    from .langid import tag_document
    from .quotes import mark_quotes
    from .segmenter import segment_article

    doc = segment_article(text, lang=lang)
    doc = tag_document(doc)
    if _resplit_foreign_paragraphs(doc):
        doc = tag_document(doc)
    doc = mark_quotes(doc)
    doc.source_lang = lang
    for seg in doc.segments:
        if seg.lang != lang and seg.origin is None:
            seg.translation = seg.source
            seg.origin = "passthrough"
    return doc


def _resplit_foreign_paragraphs(doc: Document) -> bool:
    """Split paragraphs that language ID found to be in another language with that language's rules.

    The first pass splits with the article's rules; Swedish rules cut an English
    quote before a mid-sentence "I" or after "Mr.".  Returns whether anything changed.
    """
    from .segmenter import split_sentences
    from .document import Segment

    changed = False
    by_para: dict[int, list[Segment]] = {}
    for seg in doc.segments:
        by_para.setdefault(seg.paragraph, []).append(seg)
    new_segments: list[Segment] = []
    for para in doc.paragraphs:
        segs = by_para.get(para.index, [])
        if para.lang in ("sv", "en") and para.lang != doc.source_lang and segs:
            spans = split_sentences(doc.text, para.lang, para.start, para.end)
            if spans != [(s.start, s.end) for s in segs]:
                changed = True
                segs = [
                    Segment(id=0, paragraph=para.index, start=a, end=b, source=doc.text[a:b], role=segs[0].role)
                    for a, b in spans
                ]
        new_segments.extend(segs)
    if changed:
        for i, seg in enumerate(new_segments):
            seg.id = i
        doc.segments = new_segments
    return changed


def translate_documents(
    docs: Sequence[Document],
    translator: Translator | None = None,
    memory: Memory | str | os.PathLike | None = None,
) -> list[Document]:
    """Fill the translations of all ``docs`` (memory -> cache -> model), then link quotes.

    A :class:`Translator` for :data:`DEFAULT_MODEL` is made only if a segment misses the memory.
    """
    from .quotes import link_quotes

    memory = load_memory(memory)
    pending = []
    for doc in docs:
        for seg in doc.segments:
            if not seg.needs_mt:
                continue
            found = memory.lookup(seg.source) if memory is not None else None
            if found is not None:
                seg.translation, seg.origin = found, "memory"
            else:
                pending.append(seg)
    if pending:
        if translator is None:
            translator = Translator()
        for seg, english in zip(pending, translator.translate([s.source for s in pending]), strict=True):
            seg.translation, seg.origin = english, "mt"
    linked = []
    for doc in docs:
        if translator is not None:
            doc.model = translator.model_name
        counts: dict[str, int] = {}
        for seg in doc.segments:
            counts[seg.origin or "none"] = counts.get(seg.origin or "none", 0) + 1
        doc.meta["origins"] = counts
        if memory is not None and memory.source:
            doc.meta["memory"] = memory.source
        linked.append(link_quotes(doc))
    return linked


def translate_article(
    text: str,
    *,
    model: str | os.PathLike = DEFAULT_MODEL,
    memory: Memory | str | os.PathLike | None = None,
    translator: Translator | None = None,
    **translator_options: Any,
) -> Document:
    """Translate one Swedish article and return its document.

    Pass ``translator`` to reuse a loaded model across articles; otherwise one is made
    for ``model`` with ``translator_options`` (``beams``, ``device``, ``cache``, ...).
    """
    doc = prepare_document(text)
    if translator is None:
        translator = Translator(model, **translator_options)
    return translate_documents([doc], translator=translator, memory=memory)[0]

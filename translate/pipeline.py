"""One article's way through tolka: four stages that every runner calls.

==========================================  =================================================
``prepare(text)`` -> Document               paragraphs, sentences, languages, quotes; English
                                            and letterless sentences pass through
``translate_documents(docs, ...)`` -> docs  each Swedish sentence from the memories, else the
                                            cache, else the model -- batched across documents
``finish(doc, reference, metrics)`` -> doc  quote links, fidelity flags, and with a reference
                                            the alignment to it and the scores
``render(doc, formats)`` -> [(name, bytes)] the exports; writing them is the runner's job
==========================================  =================================================

``tolka translate``, ``tolka batch`` (also in its worker processes) and :func:`translate_article`
go through exactly these, so an article comes out the same whichever runner handled it.  The
stages read and write no files: runners do all I/O.  ``prepare``, ``finish`` and ``render`` are
pure functions of picklable arguments (text, a :class:`Document`, a :class:`Memory`), so a
runner may call them in other processes; ``translate_documents`` is where the model is, so a
runner calls it where the translator lives, with as many documents as it likes at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from .document import Document, Segment
from .memory import Memory, load_memory
from .translator import DEFAULT_MODEL, Translator

__all__ = [
    "DEFAULT_METRICS",
    "DEFAULT_MODEL",
    "apply_memory",
    "finish",
    "prepare",
    "prepare_document",
    "render",
    "translate_article",
    "translate_documents",
]

#: Reference metrics scored by default when a reference is given.  TER is left out: its edit
#: distance costs about as much CPU as everything else a batch does per article
#: (``python scripts/bench_batch.py --skip-model --jobs 1 --metrics bleu,chrf,chrf++,ter``);
#: ask for it with ``--metrics bleu,chrf,chrf++,ter``.  ``tolka evaluate`` scores all four.
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "chrf++")

MemoryChain = Memory | str | os.PathLike[str] | Sequence[Memory | str | os.PathLike[str]] | None


def prepare(text: str, *, lang: str = "sv", name: str | None = None) -> Document:
    """Segment ``text``, tag languages, mark quotes, and pass through every non-Swedish segment.

    A sentence's language is that of its text outside English quotations
    (:func:`translate.inline.frame_text`), so a Swedish sentence quoting English is Swedish.
    ``name`` (an article's name or path) is recorded as ``doc.meta["article"]``.
    """
    from .inline import frame_text
    from .langid import tag_document
    from .quotes import mark_quotes
    from .segmenter import segment_article

    doc = segment_article(text, lang=lang)
    doc = tag_document(doc, frame=frame_text)
    if _resplit_foreign_paragraphs(doc):
        doc = tag_document(doc, frame=frame_text)
    doc = mark_quotes(doc)
    doc.source_lang = lang
    for seg in doc.segments:
        if seg.lang != lang and seg.origin is None:
            seg.translation = seg.source
            seg.origin = "passthrough"
    if name is not None:
        doc.meta["article"] = name
    return doc


#: The name of :func:`prepare` in tolka 0.1 (README, scripts); the same function.
prepare_document = prepare


def _resplit_foreign_paragraphs(doc: Document) -> bool:
    """Split paragraphs that language ID found to be in another language with that language's rules.

    The first pass splits with the article's rules; Swedish rules cut an English
    quote before a mid-sentence "I" or after "Mr.".  Returns whether anything changed.
    """
    from .segmenter import split_sentences

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
                segs = [Segment(id=0, paragraph=para.index, start=a, end=b, source=doc.text[a:b], role=segs[0].role) for a, b in spans]
        new_segments.extend(segs)
    if changed:
        for i, seg in enumerate(new_segments):
            seg.id = i
        doc.segments = new_segments
    return changed


def apply_memory(doc: Document, memory: Memory | None) -> Document:
    """Fill the segments that still need MT from ``memory`` (exact matches); returns ``doc``.

    A link of the memory chain: an earlier memory's hits are kept, so call it in order of
    precedence (an article's own memory before a run's global one).  A hit is the whole
    sentence's translation; its English quotations are looked up in it (``via="memory"``).
    """
    from .inline import place_in_translation

    if memory is None:
        return doc
    for seg in doc.segments:
        if seg.needs_mt:
            hit = memory.lookup(seg.source)
            if hit is not None:
                seg.translation, seg.origin = hit, "memory"
                place_in_translation(seg, via="memory")
    return doc


def _memory_chain(memory: MemoryChain) -> list[Memory]:
    if memory is None:
        return []
    links: Iterable[Any] = memory if isinstance(memory, (list, tuple)) else [memory]
    return [m for m in (load_memory(link) for link in links) if m is not None]


def translate_documents(
    docs: Sequence[Document],
    translator: Translator | None = None,
    memory: MemoryChain = None,
) -> list[Document]:
    """Translate every Swedish segment of ``docs``: the memory chain, then the cache, then the model.

    ``memory`` is a :class:`Memory`, the path of a TSV/TMX memory, or a sequence of them (earlier
    ones take precedence).  The segments that miss every memory go to ``translator`` in one call,
    so the model sees full length-sorted batches drawn from all documents and is loaded only if
    some segment reaches it; a :class:`Translator` for :data:`DEFAULT_MODEL` is made only then.
    A segment with English quotations is translated with them masked, or around them
    (:func:`translate.inline.translate_segments`).  Records ``doc.model`` and
    ``doc.meta["origins"]`` (and ``["memory"]``, the first memory's file).
    """
    from .inline import translate_segments

    chain = _memory_chain(memory)
    pending: list[Segment] = []
    for doc in docs:
        for mem in chain:
            apply_memory(doc, mem)
        pending.extend(seg for seg in doc.segments if seg.needs_mt)
    if pending:
        if translator is None:
            translator = Translator()
        translate_segments(pending, translator.translate)
    source = next((m.source for m in chain if m.source), None)
    for doc in docs:
        if translator is not None:
            doc.model = translator.model_name
        counts: dict[str, int] = {}
        for seg in doc.segments:
            counts[seg.origin or "none"] = counts.get(seg.origin or "none", 0) + 1
        doc.meta["origins"] = counts
        if source:
            doc.meta["memory"] = source
    return list(docs)


def finish(doc: Document, reference: str | None = None, *, metrics: str | Sequence[str] = DEFAULT_METRICS) -> Document:
    """Everything that reads the translations: quote links, fidelity flags, and the reference.

    With ``reference`` (the text of a human English translation) the article is aligned to it
    and scored with ``metrics`` (see :mod:`translate.evaluate.metrics`); without, only flagged.
    Either way ``doc.scores["flags"]`` counts the flags.  Returns ``doc`` (changed in place).
    """
    from .evaluate import evaluate_document
    from .quotes import link_quotes

    doc = link_quotes(doc)
    return evaluate_document(doc, reference, metrics=metrics)


def render(doc: Document, formats: str | Iterable[str], *, stem: str = "article") -> list[tuple[str, bytes]]:
    """The exports of ``doc`` as ``(file name, bytes)`` in order (``STEM.html``, ``STEM.tmx``, ...).

    ``formats``: names from :data:`translate.export.FORMATS`.  Nothing is written.
    """
    from .export import render_exports

    return render_exports(doc, formats, stem=stem)


def translate_article(
    text: str,
    *,
    model: str | os.PathLike[str] = DEFAULT_MODEL,
    memory: MemoryChain = None,
    translator: Translator | None = None,
    reference: str | None = None,
    metrics: str | Sequence[str] = DEFAULT_METRICS,
    **translator_options: Any,
) -> Document:
    """Translate one Swedish article through every stage and return its document.

    Pass ``translator`` to reuse a loaded model across articles; otherwise one is made
    for ``model`` with ``translator_options`` (``beams``, ``device``, ``cache``, ...).
    ``reference``/``metrics`` as for :func:`finish`.
    """
    doc = prepare(text)
    if translator is None:
        translator = Translator(model, **translator_options)
    doc = translate_documents([doc], translator=translator, memory=memory)[0]
    return finish(doc, reference, metrics=metrics)

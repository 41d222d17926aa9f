"""One batch article's work: the pipeline's stages plus the files a batch writes for it.

    read_article(job)             -> ArticleInput   the only I/O: text, reference, own memory
    record_input(record)          -> ArticleInput   the same for a dataset row (no I/O)
    prepare_article(article)      -> Document       pipeline.prepare + the article's own memory
    translate_chunk(docs, translator, memory)       pipeline.translate_documents over many
                                                    articles at once, where the translator is;
                                                    an article that breaks it fails alone
    finish_article(name, doc, reference, metrics, exports) -> ArticleOutput
                                                    pipeline.finish + render: every output as bytes

Everything after :func:`read_article` is pure and takes picklable arguments, so the serial path,
the worker processes and any other engine run the same code.  :func:`attempt` turns an exception
into the article's failure reason, the one place that decides what a failed article reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .. import pipeline
from ..document import Document
from ..errors import TolkaError
from ..memory import Memory
from ..textio import clean_text, read_input
from ..translator import Translator
from .datasets import Record
from .index import article_row
from .layout import DOCUMENT, EXPORT_STEM, SCORES, TRANSLATION, ArticleJob

T = TypeVar("T")
#: ``("ok", value)`` or ``("failed", reason)``
Outcome = tuple[Literal["ok"], Any] | tuple[Literal["failed"], str]


@dataclass
class ArticleInput:
    """What a batch reads for one article."""

    name: str
    text: str
    reference: str | None = None
    #: the article's own memory (``memory.tsv``/``memory.tmx`` beside it), before the run's memory
    memory: Memory | None = None
    #: how its files were read, where the user should know (an encoding guessed), for ``summary.json``
    notes: list[str] = field(default_factory=list)


@dataclass
class ArticleOutput:
    """One article's output files, in writing order, and its summary row."""

    files: list[tuple[str, bytes]]
    row: dict[str, Any]


def failure_reason(e: BaseException) -> str:
    """The one line a failed article reports: a user error's own message, else ``internal error: ...``."""
    if isinstance(e, TolkaError):
        return str(e)
    from alignments import AlignmentError  # only on failure: it loads numpy and scipy

    if isinstance(e, AlignmentError):
        return str(e)
    return f"internal error: {type(e).__name__}: {e}"


def attempt(fn: Callable[..., T], *args: Any) -> Outcome:
    """``("ok", fn(*args))``, or ``("failed", reason)`` if it raised.

    Any ``Exception`` fails just this article (a bug on one article must not stop a night's
    batch; a ``MemoryError`` too: it is usually the one huge article).  ``KeyboardInterrupt``
    and ``SystemExit`` pass through: they stop the batch.
    """
    try:
        return "ok", fn(*args)
    except Exception as e:
        return "failed", failure_reason(e)


def read_article(job: ArticleJob, encoding: str) -> ArticleInput:
    """Read one article's files; a :class:`TolkaError` names what is wrong with them."""
    if job.problem:
        raise TolkaError(job.problem)
    # Each file is decoded on its own: ``encoding`` is the article's, the others say theirs (BOM,
    # UTF-8, or cp1252 noted), so a folder mixing UTF-8 and Windows files works.
    article = read_input(job.article, what="article", encoding=encoding)
    ref = read_input(job.reference, what="reference", override=None) if job.reference else None
    memory = Memory.load(job.memory) if job.memory else None
    notes = [d.note for d in (article, ref, memory) if d is not None and d.note]
    return ArticleInput(job.name, article.text, ref.text if ref is not None else None, memory, notes)


def record_input(record: Record) -> ArticleInput:
    """A dataset row as an article, its text and reference cleaned as :func:`read_article` cleans files."""
    text = clean_text(record.text, f"article {record.id}")
    reference = None if record.reference is None else clean_text(record.reference, f"the reference of article {record.id}")
    return ArticleInput(record.id, text, reference)


def prepare_record(record: Record) -> tuple[Document, str | None]:
    """:func:`record_input` then :func:`prepare_article`: the document and the reference text."""
    article = record_input(record)
    return prepare_article(article), article.reference


def prepare_article(article: ArticleInput) -> Document:
    """The prepared document, with the hits of the article's own memory already filled in."""
    doc = pipeline.prepare(article.text, name=article.name)
    if article.notes:
        doc.meta["notes"] = list(article.notes)
    return pipeline.apply_memory(doc, article.memory)


def read_and_prepare(job: ArticleJob, encoding: str) -> tuple[Document, str | None]:
    """:func:`read_article` then :func:`prepare_article`: the document and the reference text."""
    article = read_article(job, encoding)
    return prepare_article(article), article.reference


def translate_chunk(docs: Sequence[Document], translator: Translator, memory: Memory | None) -> list[str | None]:
    """Translate ``docs`` (in place) in one call; each one's failure reason, or None.

    If the call breaks, the chunk is split until the article that broke it is found; the others
    are translated all the same.  A :class:`TolkaError` (the model or the memory is unusable:
    every article would fail the same way) is raised, not recorded.
    """
    try:
        pipeline.translate_documents(list(docs), translator=translator, memory=memory)
    except TolkaError:
        raise
    except Exception as e:
        if len(docs) == 1:
            return [failure_reason(e)]
        half = len(docs) // 2
        return translate_chunk(docs[:half], translator, memory) + translate_chunk(docs[half:], translator, memory)
    return [None] * len(docs)


def finish_article(name: str, doc: Document, reference: str | None, metrics: Sequence[str], exports: Sequence[str]) -> ArticleOutput:
    """Finish a translated document and render every output file of the article."""
    doc = pipeline.finish(doc, reference, metrics=metrics)
    files = [
        (TRANSLATION, doc.translated_text().encode("utf-8")),
        (DOCUMENT, (doc.to_json() + "\n").encode("utf-8")),
    ]
    if reference is not None:
        files.append((SCORES, scores_json(doc).encode("utf-8")))
    if exports:
        files += pipeline.render(doc, exports, stem=EXPORT_STEM)
    return ArticleOutput(files, article_row(name, doc, sorted(n for n, _ in files)))


def scores_json(doc: Document) -> str:
    """``scores.json``: the article's corpus scores and each scored or flagged segment."""
    segs = [{"id": s.id, "scores": s.scores, "flags": s.flags} for s in doc.segments if s.scores or s.flags]
    payload = {"article": doc.meta.get("article"), "scores": doc.scores, "segments": segs}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

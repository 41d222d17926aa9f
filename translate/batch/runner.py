"""The local engine: a batch's articles through the pipeline on this machine, resumable.

``run_batch(IN, OUT)`` plans the run (:mod:`.session`: the articles -- folders of
``IN/<article>/article.sv.txt`` or the rows of a JSONL/Parquet dataset --, the settings key, what
is up to date) and takes the rest through the article stages (:mod:`.stages`, the pipeline's
stages), in worker processes when there are many (:mod:`.workers`).  Translation runs here, in
chunks of many articles: each chunk goes through :func:`translate.pipeline.translate_documents`
at once, so the model is loaded once and fed full length-sorted batches, while memory and cache
hits never reach it.  This process writes every file: a folder article's outputs atomically with
``manifest.json`` last, or a dataset's rows part by part; then ``OUT/summary.json`` (and, for
folders, ``OUT/index.html``), which describe the whole of OUT.

A bad article (empty, non-UTF-8, missing or unreadable text, malformed memory) is recorded with its
reason and the rest go on.  Ctrl-C or SIGTERM stop between files: the interrupted article's new
files are removed and the next run resumes.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from .. import pipeline
from ..document import Document
from ..errors import TolkaError
from ..memory import Memory
from ..textio import AUTO, without_fsync
from ..translator import Translator
from . import datasets, store
from .index import failed_row
from .session import DEFAULT_EXPORTS, Session, plan_run
from .stages import ArticleOutput, Outcome, attempt, finish_article, prepare_record, read_and_prepare, translate_chunk
from .workers import pool_size

__all__ = ["DEFAULT_CHUNK_SENTENCES", "DEFAULT_EXPORTS", "PART_ARTICLES", "run_batch"]

#: sentences per call to translate_documents: big enough for full length-sorted batches, small
#: enough that a killed run loses little work and the progress bar moves
DEFAULT_CHUNK_SENTENCES = 512
#: dataset articles per output part: a killed run loses at most this many articles' work
PART_ARTICLES = 256

#: an article on its way: its name, its document, the reference text, and what the engine keeps
#: for writing it (its ArticleJob for a folder, its input hash for a dataset row)
Item = tuple[str, Document, str | None, Any]
T = TypeVar("T")


def run_batch(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    translator: Translator | None = None,
    memory: Memory | str | os.PathLike[str] | None = None,
    exports: Sequence[str] | None = None,
    force: bool = False,
    progress: bool | None = None,
    chunk_sentences: int = DEFAULT_CHUNK_SENTENCES,
    encoding: str = AUTO,
    metrics: str | Sequence[str] = pipeline.DEFAULT_METRICS,
    jobs: int | None = None,
) -> dict[str, Any]:
    """Translate every article of ``in_dir`` into ``out_dir``; return the summary.

    ``in_dir``: a folder of article folders, or a JSONL/Parquet file (or folder of them, or a URI
    pyarrow understands) with one article a row (:mod:`translate.batch.datasets`); ``out_dir`` is
    then a Parquet dataset.  ``translator``: a :class:`translate.translator.Translator` (default:
    the default model, loaded only if some sentence needs MT).  ``memory``: a ``Memory`` or the
    path of a TSV/TMX memory, applied to all articles (an article's own ``memory.tsv`` takes
    precedence).  ``exports``: formats of :mod:`translate.export` (None: html and tmx for folders,
    none for a dataset).  ``force``: redo up-to-date articles.  ``progress``: tqdm bars on stderr
    (None = only on a terminal).  ``encoding``: of each folder article's ``article.sv.txt``
    (``"auto"``: each file's BOM, else UTF-8, else Windows-1252 Swedish, noted per article in the
    summary); references and memories are always read on their own, and a dataset's text is
    already decoded.  ``metrics``: scores against a reference (see
    :mod:`translate.evaluate.metrics`; "ter" is slow).  ``jobs``: worker processes for preparing
    and finishing articles (None = the available CPUs, used only for runs of enough articles, see
    :func:`translate.batch.workers.pool_size`; 1 = all in this process).  The outputs do not
    depend on it.

    The returned dict is what ``OUT/summary.json`` holds plus a ``"run"`` entry about this run
    (articles translated, skipped as up to date, failed; seconds; whether the model was loaded).
    Raises TolkaError for a usage error (IN missing, no articles, model unusable).
    """
    if jobs is not None and jobs < 1:
        raise TolkaError(f"--jobs must be at least 1, got {jobs} (1 = no worker processes)")
    if translator is None:
        translator = Translator()  # lazy: loads nothing unless some sentence needs MT
    plan = plan_run(
        in_dir,
        out_dir,
        translator=lambda: (translator.model_name, translator.fingerprint()),
        memory=memory,
        exports=exports,
        metrics=metrics,
        encoding=encoding,
    )
    with Session(plan, force=force, progress=progress, engine="local") as run:
        if plan.kind == "folders":
            _run_folders(run, translator, max(1, chunk_sentences), jobs)
        else:
            _run_dataset(run, translator, max(1, chunk_sentences), jobs)
        return run.close(model_loaded=translator.loaded)


def _run_folders(run: Session, translator: Translator, chunk_sentences: int, jobs: int | None) -> None:
    pending = run.pending_folders()

    def fail(name: str, job: Any, reason: str) -> None:
        run.failed(name, reason, job)

    with _worker_pool(pool_size(jobs, len(pending))) as pool:
        from .workers import prepare_task

        work = ((job.name, job, (job, run.plan.encoding)) for job in pending)
        prepared = _outcomes(work, read_and_prepare, prepare_task, pool)
        for (name, doc, _, job), outcome in _articles(run, prepared, translator, chunk_sentences, pool, fail):
            if outcome[0] == "ok":
                output: ArticleOutput = outcome[1]
                # No fsync per file (~750 cost ~1.5 s on the 123 NTREX articles): each file is
                # still renamed into place whole, the manifest last, and resume re-hashes every
                # output against it, so a file a power loss left empty gets its article redone.
                with without_fsync():
                    outcome = attempt(store.write_article, job, output.files, output.row, run.counts["translated"] + 1, run.stop)
            if outcome[0] == "ok":
                run.written(name, outcome[1], len(doc.segments))
            else:
                run.failed(name, outcome[1], job)


class _Parts:
    """A dataset's rows, written part by part; an article counts as written once its part is on disk."""

    def __init__(self, run: Session):
        self.run = run
        self.stamp = datasets.run_stamp()
        self.rows: list[dict[str, str | None]] = []
        self.done: list[tuple[str, dict[str, Any], int]] = []
        self.parts = 0

    def add(self, name: str, input_hash: str, output: ArticleOutput, sentences: int) -> None:
        row = datasets.output_row(name, input_hash, output.files, output.row)
        self.rows.append(row)
        self.done.append((name, datasets.summary_of(row), sentences))
        if len(self.rows) >= PART_ARTICLES:
            self.flush()

    def fail(self, name: str, input_hash: Any, reason: str) -> None:
        row = failed_row(name, reason)
        self.rows.append(datasets.failed_output_row(name, input_hash, row))
        self.done.append((name, row, 0))

    def flush(self) -> None:
        if not self.rows:
            return
        datasets.write_part(self.run.plan.out_dir, datasets.part_name(self.stamp, f"local-{self.parts:06d}"), self.rows)
        self.parts += 1
        for name, row, sentences in self.done:
            if row["status"] == "ok":
                self.run.written(name, row, sentences)
                self.run.stop(self.run.counts["translated"], None)
            else:
                self.run.failed(name, row["error"])
        self.rows, self.done = [], []


def _run_dataset(run: Session, translator: Translator, chunk_sentences: int, jobs: int | None) -> None:
    """Dataset rows through the same stages; their output rows written part by part."""
    plan = run.plan
    assert plan.dataset is not None
    pending = run.pending_dataset()
    hashes = {name: datasets.input_hash(d, plan.key) for name, d in zip(plan.dataset.ids, plan.dataset.digests) if name in pending}
    parts = _Parts(run)
    with _worker_pool(pool_size(jobs, len(pending))) as pool:
        from .workers import prepare_record_task

        work = ((rec.id, hashes[rec.id], (rec,)) for rec in datasets.iter_records(plan.dataset) if rec.id in pending)
        prepared = _outcomes(work, prepare_record, prepare_record_task, pool)
        for (name, doc, _, input_hash), outcome in _articles(run, prepared, translator, chunk_sentences, pool, parts.fail):
            if outcome[0] == "ok":
                parts.add(name, input_hash, outcome[1], len(doc.segments))
            else:
                parts.fail(name, input_hash, outcome[1])
        parts.flush()


def _articles(
    run: Session,
    prepared: Iterable[tuple[str, Any, Outcome]],
    translator: Translator,
    chunk_sentences: int,
    pool: Any,
    fail: Callable[[str, Any, str], None],
) -> Iterator[tuple[Item, Outcome]]:
    """Prepared articles translated chunk by chunk, then finished: each with its finishing outcome, in order.

    Articles that failed to prepare or to translate go to ``fail(name, kept, reason)`` instead.
    """

    def documents() -> Iterator[Item]:
        for name, kept, outcome in prepared:
            if outcome[0] != "ok":
                fail(name, kept, outcome[1])
                continue
            doc, reference = outcome[1]
            run.add_sentences(len(doc.segments))
            yield name, doc, reference, kept

    plan = run.plan
    for chunk in _chunks(documents(), lambda item: len(item[1].segments), chunk_sentences):
        todo: list[Item] = []
        for item, reason in zip(chunk, translate_chunk([item[1] for item in chunk], translator, plan.memory)):
            if reason is None:
                todo.append(item)
            else:
                fail(item[0], item[3], reason)
        yield from zip(todo, _finished(todo, plan.metrics, plan.exports, pool))


@contextlib.contextmanager
def _worker_pool(workers: int) -> Iterator[Any]:
    """A process pool of ``workers`` (None for 0), shut down however the block ends.

    On Ctrl-C/SIGTERM the queued articles are cancelled and the running ones finish (workers only
    compute, so nothing of theirs is on disk); a worker that died (out of memory, killed) stops the
    batch with a TolkaError, and the next run resumes after the articles already written.
    """
    if workers < 2:
        yield None
        return
    from concurrent.futures.process import BrokenProcessPool

    from .workers import start_pool

    pool = start_pool(workers)
    try:
        yield pool
    except BrokenProcessPool as e:
        raise TolkaError(
            f"a batch worker process died ({e}); rerun to resume, with --jobs 1 if it happens again (e.g. out of memory)"
        ) from e
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterable[T], size_of: Callable[[T], int], limit: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    total = 0
    for it in items:
        chunk.append(it)
        total += size_of(it)
        if total >= limit:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def _outcomes(
    work: Iterable[tuple[str, Any, tuple[Any, ...]]], fn: Callable[..., Any], task: Callable[..., Outcome], pool: Any
) -> Iterator[tuple[str, Any, Outcome]]:
    """``(name, kept, outcome of fn(*args))`` for each ``(name, kept, args)``, in order.

    With a pool, ``task`` (the worker-side ``attempt(fn, ...)``) runs there, a window ahead.
    """
    if pool is None:
        for name, kept, args in work:
            yield name, kept, attempt(fn, *args)
        return
    from .workers import IN_FLIGHT, ordered_map

    waiting: deque[tuple[str, Any]] = deque()

    def arguments() -> Iterator[tuple[Any, ...]]:
        for name, kept, args in work:
            waiting.append((name, kept))
            yield args

    for outcome in ordered_map(pool, task, arguments(), window=IN_FLIGHT):
        name, kept = waiting.popleft()
        yield name, kept, outcome


def _finished(todo: list[Item], metrics: Sequence[str], exports: Sequence[str], pool: Any) -> Iterator[Outcome]:
    """:func:`~.stages.finish_article`'s outcome per translated article, in order."""
    if pool is None:
        for name, doc, reference, _ in todo:
            yield attempt(finish_article, name, doc, reference, metrics, exports)
        return
    from .workers import IN_FLIGHT, finish_task, ordered_map

    items = ((name, doc, reference, tuple(metrics), tuple(exports)) for name, doc, reference, _ in todo)
    yield from ordered_map(pool, finish_task, items, window=IN_FLIGHT)

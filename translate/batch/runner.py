"""Translate a folder of article folders: one model for all, resumable, per-article errors.

``run_batch(IN, OUT)`` finds every ``IN/<article>/article.sv.txt`` (:mod:`.layout`), skips
articles whose outputs are up to date (:mod:`.store`, :mod:`.settings`), and takes the rest
through the article stages (:mod:`.stages`, the pipeline's stages), in worker processes when
there are many (:mod:`.workers`).  Translation runs here, in chunks of many articles: each chunk
goes through :func:`translate.pipeline.translate_documents` at once, so the model is loaded once
and fed full length-sorted batches, while memory and cache hits never reach it.  This process
writes every file: each article's outputs atomically with ``manifest.json`` last, then
``OUT/summary.json`` and ``OUT/index.html`` (:mod:`.index`), which describe the whole of OUT.

A bad article (empty, non-UTF-8, missing or unreadable text, malformed memory) is recorded with its
reason and the rest go on.  Ctrl-C or SIGTERM stop between files: the interrupted article's new
files are removed and the next run resumes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm

from .. import pipeline
from ..document import Document
from ..errors import TolkaError
from ..memory import Memory
from ..textio import AUTO, without_fsync, write_text_atomic
from ..translator import Translator
from . import store
from .index import failed_row, render_index, summarize
from .layout import INDEX, SUMMARY, ArticleJob, find_articles
from .settings import batch_settings, memory_key, settings_hash
from .stages import ArticleOutput, Outcome, attempt, failure_reason, finish_article, read_and_prepare
from .workers import pool_size

DEFAULT_EXPORTS: tuple[str, ...] = ("html", "tmx")
#: sentences per call to translate_documents: big enough for full length-sorted batches, small
#: enough that a killed run loses little work and the progress bar moves
DEFAULT_CHUNK_SENTENCES = 512

#: an article on its way: its job, its document, the reference text
Item = tuple[ArticleJob, Document, str | None]
T = TypeVar("T")


def run_batch(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    translator: Translator | None = None,
    memory: Memory | str | os.PathLike[str] | None = None,
    exports: Sequence[str] = DEFAULT_EXPORTS,
    force: bool = False,
    progress: bool | None = None,
    chunk_sentences: int = DEFAULT_CHUNK_SENTENCES,
    encoding: str = AUTO,
    metrics: str | Sequence[str] = pipeline.DEFAULT_METRICS,
    jobs: int | None = None,
) -> dict[str, Any]:
    """Translate every article folder under ``in_dir`` into ``out_dir``; return the summary.

    ``translator``: a :class:`translate.translator.Translator` (default: the default model, loaded
    only if some sentence needs MT).  ``memory``: a ``Memory`` or the path of a TSV/TMX memory,
    applied to all articles (an article's own ``memory.tsv`` takes precedence).  ``exports``:
    formats of :mod:`translate.export`.  ``force``: redo up-to-date articles.
    ``progress``: tqdm bars on stderr (None = only on a terminal).  ``encoding``: of the
    articles (``"auto"``: each file's BOM, else UTF-8, else Windows-1252 Swedish, noted per article
    in the summary); references and memories are always read on their own.  ``metrics``: scores against a
    ``reference.en.txt`` (see :mod:`translate.evaluate.metrics`; "ter" is slow).  ``jobs``: worker
    processes for preparing and finishing articles (None = the available CPUs, used only for runs of
    enough articles, see :func:`translate.batch.workers.pool_size`; 1 = all in this process).  The
    outputs do not depend on it.

    The returned dict is what ``OUT/summary.json`` holds plus a ``"run"`` entry about this run
    (articles translated, skipped as up to date, failed; seconds; whether the model was loaded).
    Raises TolkaError for a usage error (IN missing, no articles, model unusable).
    """
    t0 = time.perf_counter()
    if jobs is not None and jobs < 1:
        raise TolkaError(f"--jobs must be at least 1, got {jobs} (1 = no worker processes)")
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    if not in_dir.is_dir():
        raise TolkaError(f"input folder not found: {in_dir} (give a folder of article folders, IN/<article>/article.sv.txt)")
    if out_dir.exists() and not out_dir.is_dir():
        raise TolkaError(f"output {out_dir} is a file; give a folder for -o")
    if out_dir.resolve() == in_dir.resolve():
        raise TolkaError(f"output folder {out_dir} is the input folder; choose another -o")
    exports = _check_exports(exports)
    articles = find_articles(in_dir, out_dir)
    if not articles:
        raise TolkaError(f"no article folders under {in_dir} (expected {in_dir}/<article>/article.sv.txt)")

    memory_path = None
    if memory is not None and not isinstance(memory, Memory):
        memory_path = Path(memory)
        memory = Memory.load(memory_path)
        if memory.note:
            print(f"tolka: note: {memory.note}", file=sys.stderr)
    if translator is None:
        translator = Translator()  # lazy: loads nothing unless some sentence needs MT
    from ..evaluate.metrics import parse_metrics

    metrics = parse_metrics(metrics)
    settings = batch_settings(translator, memory_key(memory, memory_path), exports, metrics, encoding)
    key = settings_hash(settings)

    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    stop = store.TestStop()

    def fail(job: ArticleJob, reason: str) -> None:
        rows[job.name] = failed_row(job.name, reason)
        counts["failed"] += 1
        store.clear_outputs(job)
        art_bar.write(f"tolka: {job.name}: {reason}", file=sys.stderr)

    with _sigterm_as_interrupt(), store.locked(out_dir):
        store.remove_stale_temp_files(out_dir)
        disable = None if progress is None else not progress
        art_bar = tqdm(total=len(articles), desc="articles", unit="art", position=0, file=sys.stderr, disable=disable, dynamic_ncols=True)
        sent_bar = tqdm(total=0, desc="sentences", unit="sent", position=1, file=sys.stderr, disable=disable, dynamic_ncols=True)
        try:
            pending: list[ArticleJob] = []
            for job in articles:
                if job.problem is None:
                    try:
                        job.input_hash = store.input_hash(job, key)
                    except OSError as e:
                        fail(job, f"cannot read {job.src}: {e.strerror or e} (check its permissions)")
                        art_bar.update()
                        continue
                    manifest = None if force else store.up_to_date(job)
                    if manifest is not None:
                        store.remove_stale_temp_files(job.out)
                        rows[job.name] = manifest["row"]
                        counts["skipped"] += 1
                        art_bar.update()
                        continue
                pending.append(job)

            with _worker_pool(pool_size(jobs, len(pending))) as pool:
                prepared = _prepared(pending, encoding, fail, art_bar, sent_bar, pool)
                for chunk in _chunks(prepared, lambda item: len(item[1].segments), max(1, chunk_sentences)):
                    _translate_chunk(chunk, translator, memory, fail)
                    for job, _, _ in chunk:
                        if job.name in rows:  # failed while translating
                            art_bar.update()
                    todo = [item for item in chunk if item[0].name not in rows]
                    for (job, doc, _), outcome in zip(todo, _finished(todo, metrics, exports, pool)):
                        if outcome[0] == "ok":
                            counts["written"] += 1
                            output: ArticleOutput = outcome[1]
                            # No fsync per file (~750 cost ~1.5 s on the 123 NTREX articles): each file is
                            # still renamed into place whole, the manifest last, and resume re-hashes every
                            # output against it, so a file a power loss left empty gets its article redone.
                            with without_fsync():
                                outcome = attempt(store.write_article, job, output.files, output.row, counts["written"], stop)
                        if outcome[0] == "ok":
                            rows[job.name] = outcome[1]
                            counts["translated"] += 1
                        else:
                            fail(job, outcome[1])
                        art_bar.update()
                        sent_bar.update(len(doc.segments))
        except KeyboardInterrupt:
            art_bar.close()
            sent_bar.close()
            done = counts["translated"] + counts["skipped"]
            print(
                f"tolka: batch interrupted: {done} of {len(articles)} articles complete in {out_dir}; "
                "rerun the same command to resume",
                file=sys.stderr,
            )
            raise
        art_bar.close()
        sent_bar.close()

        summary = summarize([job.name for job in articles], rows, settings)
        for name, text in ((SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n"), (INDEX, render_index(summary))):
            try:
                write_text_atomic(out_dir / name, text)
            except OSError as e:
                raise TolkaError(
                    f"cannot write {out_dir / name}: {e.strerror or e} (check the folder, its permissions and the free space; "
                    "the articles are written: rerun to write it)"
                ) from e

    summary["run"] = {
        "translated": counts["translated"],
        "skipped": counts["skipped"],
        "failed": counts["failed"],
        "seconds": round(time.perf_counter() - t0, 3),
        "model_loaded": translator.loaded,
    }
    return summary


def _check_exports(exports: Sequence[str]) -> tuple[str, ...]:
    if not [f for f in exports if f.strip()]:
        return ()
    from ..export import parse_formats

    return tuple(parse_formats(exports))


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, so `kill` stops as cleanly as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


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


def _prepare_outcomes(pending: list[ArticleJob], encoding: str, pool: Any) -> Iterator[Outcome]:
    """:func:`~.stages.read_and_prepare`'s outcome per pending article, in order."""
    if pool is None:
        for job in pending:
            yield attempt(read_and_prepare, job, encoding)
        return
    from .workers import IN_FLIGHT, ordered_map, prepare_task

    yield from ordered_map(pool, prepare_task, ((job, encoding) for job in pending), window=IN_FLIGHT)


def _prepared(
    pending: list[ArticleJob], encoding: str, fail: Callable[[ArticleJob, str], None], art_bar: tqdm, sent_bar: tqdm, pool: Any
) -> Iterator[Item]:
    for job, outcome in zip(pending, _prepare_outcomes(pending, encoding, pool)):
        if outcome[0] != "ok":
            fail(job, outcome[1])
            art_bar.update()
            continue
        doc, reference = outcome[1]
        sent_bar.total = (sent_bar.total or 0) + len(doc.segments)
        sent_bar.refresh()
        yield job, doc, reference


def _finished(todo: list[Item], metrics: Sequence[str], exports: Sequence[str], pool: Any) -> Iterator[Outcome]:
    """:func:`~.stages.finish_article`'s outcome per translated article, in order."""
    if pool is None:
        for job, doc, reference in todo:
            yield attempt(finish_article, job.name, doc, reference, metrics, exports)
        return
    from .workers import IN_FLIGHT, finish_task, ordered_map

    items = ((job.name, doc, reference, tuple(metrics), tuple(exports)) for job, doc, reference in todo)
    yield from ordered_map(pool, finish_task, items, window=IN_FLIGHT)


def _translate_chunk(chunk: list[Item], translator: Translator, memory: Memory | None, fail: Callable[[ArticleJob, str], None]) -> None:
    """Translate a chunk's documents (in place) in one call; if that breaks, find the article that broke it."""
    try:
        pipeline.translate_documents([doc for _, doc, _ in chunk], translator=translator, memory=memory)
    except TolkaError:
        raise  # the model or memory is unusable: every article would fail the same way
    except Exception as e:
        if len(chunk) == 1:
            fail(chunk[0][0], failure_reason(e))
            return
        for item in chunk:
            _translate_chunk([item], translator, memory, fail)

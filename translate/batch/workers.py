"""Worker processes for ``tolka batch``: the per-article CPU stages, off the main process.

Preparing an article (segmenter, language ID, quotes) and finishing + rendering it (quote links,
segmenting the reference, aligning, sacrebleu, fidelity flags, JSON/HTML/TMX) are pure CPU work on
one article (:mod:`translate.batch.stages`, the code the serial path runs), so a process pool runs
them side by side.  Workers only compute: they return Documents and rendered
bytes, and the main process does every write (atomic, manifest last) and all translation (the model
is loaded once, there).  So a worker never leaves a file behind, and resume/manifest semantics are
the serial ones.  Workers ignore SIGINT/SIGTERM: the main process turns those into a clean stop and
shuts the pool down; if it is killed outright, each worker notices (a thread waits on the parent's
pidfd) and exits.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..document import Document
from ..errors import TolkaError
from .datasets import Record
from .layout import ArticleJob
from .stages import Outcome, attempt, finish_article, prepare_record, read_and_prepare

#: upper bound of the default --jobs: beyond this the main process (writing, translating) is the limit
MAX_DEFAULT_JOBS = 8
#: with the default --jobs, runs with fewer articles to process stay serial: a pool costs ~2 s to
#: start (fork server, a worker per CPU each warming the segmenter's word lists), which the 2-CPU
#: measurements in notes/batch.md only win back from about 64 NTREX-sized articles on
MIN_POOL_ARTICLES = 64
#: articles handed to the pool ahead of the one the main process waits for: enough to keep
#: every worker busy, few enough that an archive of thousands is not held in memory at once
IN_FLIGHT = 32
_PRELOAD = ["translate.batch.stages", "translate.pipeline", "translate.evaluate", "translate.export"]


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - macOS/Windows
        return max(1, os.cpu_count() or 1)


def pool_size(jobs: int | None, articles: int) -> int:
    """How many worker processes to use for ``articles`` articles; 0 means the serial path.

    ``jobs=None`` (the default): the available CPUs up to :data:`MAX_DEFAULT_JOBS`, and only when
    at least :data:`MIN_POOL_ARTICLES` articles need processing.  An explicit ``jobs > 1`` always
    uses a pool (of at most one worker per article); ``jobs == 1`` is the serial path.
    """
    if jobs is None:
        n = min(available_cpus(), MAX_DEFAULT_JOBS)
        if articles < MIN_POOL_ARTICLES:
            return 0
    else:
        if jobs < 1:
            raise TolkaError(f"--jobs must be at least 1, got {jobs} (1 = no worker processes)")
        n = jobs
    n = min(n, articles)
    return n if n > 1 else 0


def _exit_with(parent: int) -> None:
    """Exit as soon as the batch process ``parent`` is gone (even after ``kill -9``).

    A pool worker holds both ends of its own task pipe, so it never sees end-of-file when the parent
    dies; without this it would wait forever.  Workers write nothing, so exiting at once is safe.
    """
    try:
        fd = os.pidfd_open(parent)
    except (AttributeError, OSError):  # pragma: no cover - no pidfd (old Linux, macOS): poll
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:  # pragma: no cover
        while True:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            time.sleep(1.0)
    os._exit(0)


def _init_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group: only the main process decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="tolka-parent-watch").start()


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are fresh interpreters (no fork of a process that may hold threads or a model)."""
    ctx: multiprocessing.context.BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # Import the pipeline once in the fork server rather than in every worker (~0.6 s each).
        ctx.set_forkserver_preload(_PRELOAD)
    else:  # pragma: no cover - macOS/Windows
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(os.getpid(),))


def ordered_map(pool: ProcessPoolExecutor, fn: Callable[..., Any], items: Iterable[tuple], window: int) -> Iterator[Any]:
    """``fn(*item)`` for each item in the pool, yielded in order, with at most ``window`` in flight.

    The window bounds memory on archives of thousands of articles; the generator is lazy, so the
    pool keeps preparing while the caller translates and writes.
    """
    inflight: deque[Future] = deque()
    it = iter(items)
    exhausted = False
    while True:
        while not exhausted and len(inflight) < window:
            try:
                item = next(it)
            except StopIteration:
                exhausted = True
                break
            inflight.append(pool.submit(fn, *item))
        if not inflight:
            return
        yield inflight.popleft().result()


def prepare_task(job: ArticleJob, encoding: str) -> Outcome:
    """Worker side of reading and preparing: ``("ok", (doc, reference))`` or ``("failed", reason)``."""
    return attempt(read_and_prepare, job, encoding)


def prepare_record_task(record: Record) -> Outcome:
    """Worker side of preparing a dataset row: ``("ok", (doc, reference))`` or ``("failed", reason)``."""
    return attempt(prepare_record, record)


def finish_task(name: str, doc: Document, reference: str | None, metrics: Sequence[str], exports: Sequence[str]) -> Outcome:
    """Worker side of finishing and rendering: ``("ok", ArticleOutput)`` or ``("failed", reason)``."""
    return attempt(finish_article, name, doc, reference, metrics, exports)

"""What every batch engine does around the articles, decided once for all of them.

    plan = plan_run(IN, OUT, ...)           check the arguments, find the articles (folders or a
                                            dataset), the settings key
    with Session(plan, ...) as run:         OUT's lock, SIGTERM as Ctrl-C, leftovers of a killed
                                            run removed, progress bars
        run.pending_folders()               folders: the resume check (up-to-date rows recorded)
        run.is_done(input_hash)             datasets: the same check, per row
        run.written / failed / skipped      one call per article
        summary = run.close(...)            summary.json (and index.html for folders), the run entry

The local engine (:mod:`.runner`) and the Ray engine (:mod:`translate.raybatch`) differ only in
where the article stages run; everything else a user sees -- what is redone, the lock, the
per-article error lines, the summary, the message after an interruption -- comes from here, so
a run can move between engines and a rerun of either resumes the other's output.  Exit codes
follow from the summary (``tolka batch``: 0 all ok, 1 some failed, 2 usage error).
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from tqdm import tqdm

from ..errors import TolkaError
from ..memory import Memory
from ..textio import write_text_atomic
from . import datasets, store
from .index import failed_row, render_index, summarize
from .layout import INDEX, SUMMARY, ArticleJob, find_articles
from .settings import batch_settings, memory_key, settings_hash

#: exports of a folder batch unless chosen; a dataset's rows carry none unless chosen
DEFAULT_EXPORTS: tuple[str, ...] = ("html", "tmx")


@dataclass
class Plan:
    """A checked run: where the articles are, where they go, and the settings key."""

    location: str
    out_dir: Path
    kind: Literal["folders", "dataset"]
    exports: tuple[str, ...]
    metrics: tuple[str, ...]
    encoding: str
    memory: Memory | None
    settings: dict[str, Any]
    key: str
    #: folders: every article folder found (possibly broken: ``job.problem``)
    articles: list[ArticleJob] = field(default_factory=list)
    #: datasets: the checked input
    dataset: datasets.DatasetInput | None = None

    @property
    def names(self) -> list[str]:
        """Every article's name (a folder's path under IN, a row's id), in reading order."""
        if self.dataset is not None:
            return self.dataset.ids
        return [job.name for job in self.articles]


def _exports(exports: Sequence[str] | None, kind: str) -> tuple[str, ...]:
    if exports is None:
        return DEFAULT_EXPORTS if kind == "folders" else ()
    if not [f for f in exports if f.strip()]:
        return ()
    from ..export import parse_formats

    return tuple(parse_formats(exports))


def plan_run(
    location: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    translator: Callable[[], tuple[str, dict[str, Any]]],
    memory: Memory | str | os.PathLike[str] | None,
    exports: Sequence[str] | None,
    metrics: str | Sequence[str],
    encoding: str,
) -> Plan:
    """Check a run's arguments and find its articles; a :class:`TolkaError` for any usage error.

    ``translator()`` gives the translator's ``model_name`` and
    :meth:`~translate.translator.Translator.fingerprint` as the engine's workers will see them;
    it is called once the inputs are checked (a distributed engine asks a worker).
    ``exports=None`` is the default for the input's kind (:data:`DEFAULT_EXPORTS` for folders).
    """
    # Absolute: workers of another engine may run in another directory.
    where, out = os.fspath(location), Path(out_dir).absolute()
    kind: Literal["folders", "dataset"] = "dataset" if datasets.looks_like_dataset(where) else "folders"
    if out.exists() and not out.is_dir():
        raise TolkaError(f"output {out} is a file; give a folder for -o")
    if kind == "folders":
        in_dir = Path(where)
        if not in_dir.is_dir():
            raise TolkaError(
                f"input folder not found: {in_dir} (give a folder of article folders, IN/<article>/article.sv.txt, "
                "or a JSONL/Parquet file of articles)"
            )
        if out.resolve() == in_dir.resolve():
            raise TolkaError(f"output folder {out} is the input folder; choose another -o")
    elif "://" not in where:
        if out.resolve() == Path(where).resolve():
            raise TolkaError(f"output folder {out} is the input; choose another -o")
        if Path(where).is_dir() and find_articles(Path(where), out):
            raise TolkaError(f"{where} holds both article folders and .jsonl/.parquet files; give a folder of one kind")
    chosen = _exports(exports, kind)
    articles: list[ArticleJob] = []
    dataset = None
    if kind == "folders":
        articles = find_articles(Path(where), out)
        if not articles:
            raise TolkaError(f"no article folders under {where} (expected {where}/<article>/article.sv.txt)")
    else:
        dataset = datasets.scan(where)

    memory_path = None
    if memory is not None and not isinstance(memory, Memory):
        memory_path = Path(memory)
        memory = Memory.load(memory_path)
        if memory.note:
            print(f"tolka: note: {memory.note}", file=sys.stderr)
    from ..evaluate.metrics import parse_metrics

    chosen_metrics = tuple(parse_metrics(metrics))
    model, fingerprint = translator()
    settings = batch_settings(model, fingerprint, memory_key(memory, memory_path), chosen, chosen_metrics, encoding)
    return Plan(where, out, kind, chosen, chosen_metrics, encoding, memory, settings, settings_hash(settings), articles, dataset)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
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


class Session:
    """One run of a plan into OUT: the lock, every article's row, the counts and the progress bars."""

    def __init__(self, plan: Plan, *, force: bool = False, progress: bool | None = None, engine: str = "local"):
        self.plan = plan
        self.force = force
        self.engine = engine
        self.rows: dict[str, dict[str, Any]] = {}
        self.counts: Counter[str] = Counter()
        #: the TOLKA_BATCH_TEST_STOP hook (see :mod:`.store`)
        self.stop = store.TestStop()
        #: datasets: each article's newest row in OUT, and which of them are up to date
        self.output: dict[str, datasets.OutputRow] = {}
        self.done = datasets.DoneSet()
        #: datasets: the articles this run must write (see :meth:`pending_dataset`)
        self.expected: set[str] = set()
        self._progress = progress
        self._stack = contextlib.ExitStack()
        self._t0 = time.perf_counter()

    # -- entering and leaving ---------------------------------------------------------------------

    def __enter__(self) -> Session:
        out = self.plan.out_dir
        try:
            self._stack.enter_context(sigterm_as_interrupt())
            out.mkdir(parents=True, exist_ok=True)
            self._stack.enter_context(store.locked(out))
            store.remove_stale_temp_files(out)
            if self.plan.kind == "dataset":
                store.remove_stale_temp_files(datasets.data_dir(out))
                self.output = datasets.read_output(out)
                if not self.force:
                    self.done = datasets.done_set(self.output)
        except BaseException:
            self._stack.close()
            raise
        disable = None if self._progress is None else not self._progress
        self.art_bar = tqdm(
            total=len(self.plan.names), desc="articles", unit="art", position=0, file=sys.stderr, disable=disable, dynamic_ncols=True
        )
        self.sent_bar = tqdm(total=0, desc="sentences", unit="sent", position=1, file=sys.stderr, disable=disable, dynamic_ncols=True)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            self.art_bar.close()
            self.sent_bar.close()
            if exc_type is KeyboardInterrupt:
                done = self.counts["translated"] + self.counts["skipped"]
                print(
                    f"tolka: batch interrupted: {done} of {len(self.plan.names)} articles complete in {self.plan.out_dir}; "
                    "rerun the same command to resume",
                    file=sys.stderr,
                )
        finally:
            self._stack.close()

    # -- what is up to date -----------------------------------------------------------------------

    def pending_folders(self) -> list[ArticleJob]:
        """The article folders to process; the others are recorded as up to date (or unreadable)."""
        pending: list[ArticleJob] = []
        for job in self.plan.articles:
            if job.problem is None:
                try:
                    job.input_hash = store.input_hash(job, self.plan.key)
                except OSError as e:
                    self.failed(job.name, f"cannot read {job.src}: {e.strerror or e} (check its permissions)", job)
                    continue
                manifest = None if self.force else store.up_to_date(job)
                if manifest is not None:
                    store.remove_stale_temp_files(job.out)
                    self.skipped(job.name, manifest["row"])
                    continue
            pending.append(job)
        return pending

    def pending_dataset(self) -> set[str]:
        """The dataset articles to process; the others are recorded as up to date."""
        dataset = self.plan.dataset
        assert dataset is not None
        pending: set[str] = set()
        for name, digest in zip(dataset.ids, dataset.digests):
            row = self.output.get(name)
            if row is not None and self.is_done(datasets.input_hash(digest, self.plan.key)):
                self.skipped(name, row.summary)
            else:
                pending.add(name)
        self.expected = pending
        return pending

    def is_done(self, input_hash: str) -> bool:
        """Whether a dataset article with this input hash is up to date in OUT (the same test on every worker)."""
        return input_hash in self.done

    # -- one call per article -----------------------------------------------------------------------

    def written(self, name: str, row: dict[str, Any], sentences: int = 0) -> None:
        self.rows[name] = row
        self.counts["translated"] += 1
        self.art_bar.update()
        self.sent_bar.update(sentences)

    def skipped(self, name: str, row: dict[str, Any]) -> None:
        self.rows[name] = row
        self.counts["skipped"] += 1
        self.art_bar.update()

    def failed(self, name: str, reason: str, job: ArticleJob | None = None) -> None:
        """Record an article's failure, say so on stderr; a folder article loses its old outputs."""
        self.rows[name] = failed_row(name, reason)
        self.counts["failed"] += 1
        if job is not None:
            store.clear_outputs(job)
        self.art_bar.write(f"tolka: {name}: {reason}", file=sys.stderr)
        self.art_bar.update()

    def add_sentences(self, n: int) -> None:
        self.sent_bar.total = (self.sent_bar.total or 0) + n
        self.sent_bar.refresh()

    def collect_dataset_rows(self, stamp: str) -> None:
        """After workers wrote a dataset's rows: each processed article's row, read back from OUT.

        Every article :meth:`pending_dataset` returned must have a row in this run's parts (names
        starting with ``stamp``); one without is reported as failed, so a lost row can never pass
        for success (and the next run redoes it).
        """
        now = datasets.read_output(self.plan.out_dir)
        prefix = datasets.part_name(stamp, "")
        for name in self.plan.names:
            if name not in self.expected:
                continue
            row = now.get(name)
            if row is None or not row.part.startswith(prefix):
                self.failed(name, "internal error: the run wrote no row for this article; rerun to redo it")
            elif row.status == "ok":
                self.add_sentences(row.summary.get("sentences", 0))
                self.written(name, row.summary, row.summary.get("sentences", 0))
            else:
                self.failed(name, row.summary.get("error") or "failed")

    # -- the end of a run --------------------------------------------------------------------------

    def close(self, *, model_loaded: bool | None) -> dict[str, Any]:
        """Write the summary (and for folders the index page); the summary with its ``run`` entry."""
        plan = self.plan
        self.art_bar.close()
        self.sent_bar.close()
        if plan.kind == "dataset":
            datasets.compact(plan.out_dir, plan.names)
        summary = summarize(plan.names, self.rows, plan.settings)
        pages = [(SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")]
        if plan.kind == "folders":
            pages.append((INDEX, render_index(summary)))
        for name, text in pages:
            try:
                write_text_atomic(plan.out_dir / name, text)
            except OSError as e:
                raise TolkaError(
                    f"cannot write {plan.out_dir / name}: {e.strerror or e} (check the folder, its permissions and the free space; "
                    "the articles are written: rerun to write it)"
                ) from e
        summary["run"] = {
            "engine": self.engine,
            "kind": plan.kind,
            "translated": self.counts["translated"],
            "skipped": self.counts["skipped"],
            "failed": self.counts["failed"],
            "seconds": round(time.perf_counter() - self._t0, 3),
            "model_loaded": model_loaded,
        }
        return summary

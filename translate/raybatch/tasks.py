"""The Ray engine's worker side: the article stages over Ray Data batches (no Ray import here).

Rows travel between the stages as two columns: ``name`` (the article) and ``item`` (a pickled
:class:`Work`: what the article needs next, or why it failed).  Each function runs the batch
stages' own code (:mod:`translate.batch.stages`), so an article comes out as the local engine
makes it:

    prepare_folders / prepare_records   read and prepare (a Ray task per batch of articles)
    TranslateBatches                    a Ray actor: one Translator, loaded once, translating
                                        the sentences of a whole batch of articles together
    finish_folders                      finish, render and write the article's files (folders)
    finish_records                      finish and render into output rows (datasets)

An article that fails at any stage carries its reason to the end; nothing here raises for one
article.  A :class:`TolkaError` from the translator (the model or memory is unusable) does
raise: every article would fail the same way, so the run stops with that message.
"""

from __future__ import annotations

import json
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..batch import datasets, store
from ..batch.index import failed_row
from ..batch.layout import ArticleJob
from ..batch.stages import attempt, finish_article, prepare_record, read_and_prepare, translate_chunk
from ..document import Document
from ..memory import Memory
from ..textio import without_fsync
from ..translator import Translator

#: Test hook (documented with TOLKA_BATCH_TEST_STOP): a folder.  The first translation actor
#: to take a batch writes its process id to ``<folder>/pid`` and waits there until it is killed,
#: so a test can kill a worker in the middle of a run at a known point.
TEST_HOLD_ENV = "TOLKA_RAY_TEST_HOLD"


@dataclass
class Work:
    """One article between the stages."""

    name: str
    #: a folder article's job, or a dataset row's input hash (``OutputRow.input_hash``)
    job: ArticleJob | None = None
    input_hash: str | None = None
    doc: Document | None = None
    reference: str | None = None
    failed: str | None = None


def _rows(batch: Any) -> list[Work]:
    return [pickle.loads(b) for b in batch.column("item").to_pylist()]


def _table(works: list[Work]) -> Any:
    import pyarrow as pa

    return pa.table(
        {
            "name": pa.array([w.name for w in works], pa.string()),
            "item": pa.array([pickle.dumps(w, protocol=pickle.HIGHEST_PROTOCOL) for w in works], pa.large_binary()),
        }
    )


def work_table(jobs: list[ArticleJob]) -> Any:
    """The driver's first table: one row per folder article to process."""
    return _table([Work(job.name, job=job) for job in jobs])


def _prepared(work: Work, outcome: Any) -> Work:
    if outcome[0] == "ok":
        work.doc, work.reference = outcome[1]
    else:
        work.failed = outcome[1]
    return work


def prepare_folders(batch: Any, encoding: str) -> Any:
    """Read and prepare each folder article (:func:`~translate.batch.stages.read_and_prepare`)."""
    works = _rows(batch)
    return _table([_prepared(w, attempt(read_and_prepare, w.job, encoding)) for w in works])


def records(batch: Any) -> list[datasets.Record]:
    """A batch of dataset rows (``id``, ``text``, optional ``reference``) as records, checked as the driver checked them."""
    return [datasets.record_of(row, f"row {row.get('id')!r}") for row in batch.to_pylist()]


def parse_lines(batch: Any) -> Any:
    """JSONL lines (Ray's ``read_text`` rows) as ``id``/``text``/``reference`` columns."""
    import pyarrow as pa

    recs = [datasets.parse_line(line, "a JSONL line") for line in batch.column("text").to_pylist()]
    return pa.table(
        {
            "id": pa.array([r.id for r in recs], pa.string()),
            "text": pa.array([r.text for r in recs], pa.string()),
            "reference": pa.array([r.reference for r in recs], pa.string()),
        }
    )


def prepare_records(batch: Any, key: str, done: datasets.DoneSet) -> Any:
    """Prepare each dataset row that is not up to date in OUT (``done``); the others are dropped."""
    works = []
    for rec in records(batch):
        input_hash = datasets.input_hash(datasets.content_digest(rec), key)
        if input_hash in done:
            continue
        works.append(_prepared(Work(rec.id, input_hash=input_hash), attempt(prepare_record, rec)))
    return _table(works)


class Stats:
    """What the driver asks the workers at the end (a Ray actor): whether any loaded the model."""

    def __init__(self) -> None:
        self.loaded = False

    def model_loaded(self) -> None:
        self.loaded = True

    def get(self) -> bool:
        return self.loaded


class TranslateBatches:
    """A Ray actor that owns one :class:`Translator` (built from ``options``, loaded on first need).

    Each call translates all the articles of a batch at once (:func:`~translate.batch.stages.translate_chunk`,
    the local engine's function): their sentences share the model's length-sorted batches, and
    the run's memory and the cache are consulted first.
    """

    def __init__(self, options: dict[str, Any], memory: Memory | None, stats: Any, hold: str | None = None):
        self.translator = Translator(**options)
        self.memory = memory
        self.stats = stats
        self.reported = False
        self.hold = hold

    def __call__(self, batch: Any) -> Any:
        if self.hold:
            _hold_once(Path(self.hold))
        works = _rows(batch)
        todo = [w for w in works if w.failed is None]
        reasons = translate_chunk([w.doc for w in todo if w.doc is not None], self.translator, self.memory)
        for w, reason in zip(todo, reasons):
            w.failed = reason
        if self.translator.loaded and not self.reported and self.stats is not None:
            self.stats.model_loaded.remote()
            self.reported = True
        return _table(works)


def _hold_once(folder: Path) -> None:
    """The :data:`TEST_HOLD_ENV` hook: the first caller anywhere records its pid and waits to be killed."""
    try:
        fd = os.open(folder / "claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    tmp = folder / f".pid.{os.getpid()}"
    tmp.write_text(str(os.getpid()), encoding="utf-8")
    tmp.replace(folder / "pid")
    while True:  # until the test kills this process
        time.sleep(0.05)


def finish_folders(batch: Any, metrics: tuple[str, ...], exports: tuple[str, ...]) -> Any:
    """Finish, render and write each translated folder article (atomically, manifest last).

    Returns ``name``/``status``/``error``/``row`` (the summary row as JSON) per article; the
    driver records them, and clears a failed article's old outputs.
    """
    import pyarrow as pa

    names, status, errors, rows = [], [], [], []
    no_stop = store.TestStop("")  # the driver's hook counts articles, not workers' files
    for w in _rows(batch):
        outcome: Any = (
            ("failed", w.failed) if w.failed is not None else attempt(finish_article, w.name, w.doc, w.reference, metrics, exports)
        )
        if outcome[0] == "ok":
            with without_fsync():  # as the local engine: manifests are checked on resume
                outcome = attempt(store.write_article, w.job, outcome[1].files, outcome[1].row, 0, no_stop)
        names.append(w.name)
        status.append(outcome[0])
        errors.append(None if outcome[0] == "ok" else outcome[1])
        rows.append(json.dumps(outcome[1] if outcome[0] == "ok" else failed_row(w.name, outcome[1]), ensure_ascii=False))
    return pa.table({"name": names, "status": status, "error": pa.array(errors, pa.string()), "row": rows})


def finish_records(batch: Any, metrics: tuple[str, ...], exports: tuple[str, ...]) -> Any:
    """Finish and render each translated dataset article into its output row (:data:`datasets.COLUMNS`)."""
    out = []
    for w in _rows(batch):
        assert w.input_hash is not None
        outcome: Any = (
            ("failed", w.failed) if w.failed is not None else attempt(finish_article, w.name, w.doc, w.reference, metrics, exports)
        )
        if outcome[0] == "ok":
            out.append(datasets.output_row(w.name, w.input_hash, outcome[1].files, outcome[1].row))
        else:
            out.append(datasets.failed_output_row(w.name, w.input_hash, failed_row(w.name, outcome[1])))
    return datasets.table_of(out)


def fingerprint(options: dict[str, Any]) -> tuple[str, Any]:
    """Where the actors will run: ``("ok", (model name, fingerprint))`` or ``("failed", reason)``."""

    def probe() -> tuple[str, dict[str, Any]]:
        translator = Translator(**options)
        return translator.model_name, translator.fingerprint()

    return attempt(probe)

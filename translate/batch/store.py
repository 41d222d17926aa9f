"""OUT on disk: each article's outputs with a manifest written last, resume checks, the lock.

Each article's outputs go to ``OUT/<article>/`` together with a ``manifest.json`` written last: it
records a hash of the article's inputs and of the run's settings, and a hash of every output.  An
article is up to date when its manifest matches; a run killed before the manifest was written
redoes the article.  Every file is written to a temporary name and renamed, so no reader ever
sees half a file.  Only one batch may write to an OUT at a time (:func:`locked`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import TolkaError
from ..textio import write_bytes_atomic
from .layout import INPUTS, ArticleJob

MANIFEST = "manifest.json"
#: bump when the manifest's meaning changes, so old outputs are redone rather than trusted
MANIFEST_VERSION = 1

#: Test hook (documented in the notes): "N" stops the process with SIGSTOP right after the N-th
#: article written by this run is complete; "N:K" stops after that article's K-th output file,
#: before its manifest.  The kill/resume test SIGKILLs the stopped process at a known point.
TEST_STOP_ENV = "TOLKA_BATCH_TEST_STOP"


class TestStop:
    """The :data:`TEST_STOP_ENV` hook; a no-op unless the variable is set."""

    __test__ = False  # not a pytest test class

    def __init__(self, spec: str | None = None) -> None:
        """``spec`` as the variable's value; None reads the variable ("" is a hook that never stops)."""
        if spec is None:
            spec = os.environ.get(TEST_STOP_ENV, "")
        art, _, file = spec.partition(":")
        self.article = int(art) if art.isdigit() else None
        self.file = int(file) if file.isdigit() else None

    def __call__(self, article_no: int, file_no: int | None) -> None:
        if self.article == article_no and self.file == file_no and hasattr(signal, "SIGSTOP"):
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGSTOP)


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on OUT: two runs into one folder would delete each other's temp files."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, run one batch at a time
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise TolkaError(f"another tolka batch is writing to {out_dir}; wait for it to finish or choose another -o") from e
        yield
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_hash(job: ArticleJob, settings_hash: str) -> str:
    """Hash of the article's input files (by name and bytes) and the run's settings.

    Raises OSError when an input cannot be read; the caller records it as the article's failure.
    """
    h = hashlib.sha256()
    h.update(f"tolka-batch-manifest-{MANIFEST_VERSION}\0{settings_hash}\0".encode())
    for name in INPUTS:
        p = job.src / name
        if p.is_file():
            h.update(f"{name}\0{sha256_file(p)}\0".encode())
        else:
            h.update(f"{name}\0absent\0".encode())
    return h.hexdigest()


def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def up_to_date(job: ArticleJob) -> dict[str, Any] | None:
    """The stored manifest when the article's outputs match its inputs and settings, else None."""
    m = read_manifest(job.out)
    if not m or m.get("version") != MANIFEST_VERSION or m.get("input_hash") != job.input_hash:
        return None
    outputs = m.get("outputs")
    if not isinstance(outputs, dict) or not isinstance(m.get("row"), dict):
        return None
    for rel, digest in outputs.items():
        p = job.out / rel
        try:
            if not p.is_file() or sha256_file(p) != digest:
                return None
        except OSError:
            return None
    return m


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temporary files a killed run left behind (``textio.atomic_writer``'s ``.NAME.*.tmp``).

    Only call this while holding the output folder's lock: a live writer's temp file looks the same.
    """
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for p in entries:
        if p.name.startswith(".") and p.name.endswith(".tmp") and p.is_file():
            try:
                p.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def write_output(path: Path, data: bytes) -> None:
    """Write one output file atomically; a failure is a one-line error naming the file."""
    try:
        write_bytes_atomic(path, data)
    except OSError as e:
        raise TolkaError(f"cannot write {path}: {e.strerror or e} (check the folder, its permissions and the free space)") from e


def write_article(
    job: ArticleJob,
    files: Sequence[tuple[str, bytes]],
    row: dict[str, Any],
    article_no: int,
    stop: TestStop,
) -> dict[str, Any]:
    """Write one article's outputs in order, manifest last; on any failure remove what this call wrote.

    ``row`` (its summary row, see :mod:`translate.batch.index`) lists the outputs and is kept in
    the manifest, so a later run that finds the article up to date knows its row without
    reading the outputs.  ``article_no`` counts the articles this run wrote (for the test hook).
    """
    out = job.out
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(out)
    old = read_manifest(out)
    with contextlib.suppress(FileNotFoundError):
        (out / MANIFEST).unlink()
    written: list[Path] = []
    names = row["outputs"]
    try:
        for name, data in files:
            write_output(out / name, data)
            written.append(out / name)
            stop(article_no, len(written))
        manifest = {
            "version": MANIFEST_VERSION,
            "article": job.name,
            "input_hash": job.input_hash,
            "outputs": {n: sha256_file(out / n) for n in names},
            "row": row,
        }
        write_output(out / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
    except BaseException:
        # This run's files, and the earlier run's files of the same names (its manifest is gone
        # already): a failed article keeps no outputs, as clear_outputs does for one that fails earlier.
        for p in {*written, *(out / n for n in names)}:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    # Outputs of an earlier run that this one no longer makes (e.g. the reference was removed).
    for stale in set((old or {}).get("outputs", {})) - set(names):
        with contextlib.suppress(OSError):
            (out / stale).unlink()
    stop(article_no, None)
    return row


def clear_outputs(job: ArticleJob) -> None:
    """An article that now fails must not keep the outputs of its last good run."""
    old = read_manifest(job.out)
    if old is None:
        return
    for name in [*old.get("outputs", {}), MANIFEST]:
        with contextlib.suppress(OSError):
            (job.out / name).unlink()

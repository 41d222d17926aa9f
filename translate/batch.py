"""Translate a folder of article folders: one model for all, resumable, per-article errors.

``run_batch(IN, OUT)`` finds every ``IN/<article>/article.sv.txt`` (see :mod:`translate.batch_layout`),
skips articles whose outputs are up to date, and translates the rest in chunks of many articles:
each chunk goes through :func:`translate.pipeline.translate_documents` at once, so the model is
loaded once and fed full length-sorted batches, while memory and cache hits never reach it.  Each
article's outputs (``translation.en.txt``, ``document.json``, the chosen exports, ``scores.json``
when a ``reference.en.txt`` exists) are written atomically with ``manifest.json`` last; then
``OUT/summary.json`` and ``OUT/index.html`` describe the whole of OUT.

A bad article (empty, non-UTF-8, missing or unreadable text, malformed memory) is recorded with its
reason and the rest go on.  Ctrl-C or SIGTERM stop between files: the interrupted article's new
files are removed and the next run resumes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from tqdm import tqdm

from . import __version__
from .batch_index import render_index
from .batch_workers import pool_size
from .batch_layout import (
    MANIFEST,
    MANIFEST_VERSION,
    ArticleJob,
    find_articles,
    input_hash,
    read_manifest,
    remove_stale_temp_files,
    sha256_file,
    up_to_date,
)
from .document import Document
from .errors import TolkaError
from .textio import AUTO, read_input, without_fsync, write_bytes_atomic, write_text_atomic

DEFAULT_EXPORTS: tuple[str, ...] = ("html", "tmx")
#: reference metrics; TER is left out by default: its edit distance costs more than the rest of an
#: article's processing together (measured with scripts/bench_batch.py)
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "chrf++")
#: sentences per call to translate_documents: big enough for full length-sorted batches, small
#: enough that a killed run loses little work and the progress bar moves
DEFAULT_CHUNK_SENTENCES = 512
#: stem of the export files inside OUT/<article>/ (article.html, article.tmx, ...)
EXPORT_STEM = "article"
SUMMARY = "summary.json"
INDEX = "index.html"

#: Test hook (documented in the notes): "N" stops the process with SIGSTOP right after the N-th
#: article written by this run is complete; "N:K" stops after that article's K-th output file,
#: before its manifest.  The kill/resume test SIGKILLs the stopped process at a known point.
TEST_STOP_ENV = "TOLKA_BATCH_TEST_STOP"


# -- settings -----------------------------------------------------------------------------------

def _model_fingerprint(model: str) -> str:
    """A local model folder's file list with sizes and mtimes (new weights => redo); hub ids as is."""
    p = Path(model)
    if not p.is_dir():
        return model
    h = hashlib.sha256()
    for f in sorted(p.rglob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.relative_to(p).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return f"{p.resolve()}#{h.hexdigest()[:16]}"


def _memory_key(memory: Any, path: Path | None) -> str | None:
    if memory is None:
        return None
    if path is not None:
        return sha256_file(path)
    # An in-memory Memory: hash its pairs, so two runs with the same memory agree.
    h = hashlib.sha256()
    for sv, en in sorted(memory.items()):
        h.update(f"{sv}\t{en}\n".encode())
    return h.hexdigest()


def batch_settings(translator: Any, memory_key: str | None, exports: Sequence[str]) -> dict[str, Any]:
    """Everything besides an article's own files that changes its outputs."""
    tr = {k: getattr(translator, k, None) for k in ("backend_name", "device", "beams", "compute_type")}
    model = getattr(translator, "model_name", None)
    return {
        "tolka": __version__,
        "model": model,
        "model_fingerprint": _model_fingerprint(model) if model else None,
        "translator": {k: (v if isinstance(v, (str, int, float, bool)) or v is None else repr(v)) for k, v in tr.items()},
        "memory": memory_key,
        "exports": list(exports),
    }


def _settings_hash(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


# -- process plumbing ---------------------------------------------------------------------------

@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, so `kill` stops as cleanly as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
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


class _TestStop:
    def __init__(self) -> None:
        spec = os.environ.get(TEST_STOP_ENV, "")
        art, _, file = spec.partition(":")
        self.article = int(art) if art.isdigit() else None
        self.file = int(file) if file.isdigit() else None

    def __call__(self, article_no: int, file_no: int | None) -> None:
        if self.article == article_no and self.file == file_no and hasattr(signal, "SIGSTOP"):
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGSTOP)


# -- one article ----------------------------------------------------------------------------------

def _prepare(job: ArticleJob, encoding: str) -> tuple[Document, str | None]:
    """Read and prepare one article; raises TolkaError naming what is wrong with it."""
    from .memory import Memory
    from .pipeline import prepare_document

    if job.problem:
        raise TolkaError(job.problem)
    # Each file is decoded on its own: --encoding is the article's, the others say theirs (BOM,
    # UTF-8, or cp1252 noted), so a folder mixing UTF-8 and Windows files works.
    article = read_input(job.article, what="article", encoding=encoding)
    ref = read_input(job.reference, what="reference", override=None) if job.reference else None
    doc = prepare_document(article.text)
    notes = [d.note for d in (article, ref) if d is not None and d.note]
    reference = ref.text if ref is not None else None
    if job.memory:
        # The article's own memory sits on top of the global one: fill its hits before the
        # pipeline looks at the global memory, the cache and the model.
        mem = Memory.load(job.memory)
        notes += [mem.note] if mem.note else []
        for seg in doc.segments:
            if seg.needs_mt:
                hit = mem.lookup(seg.source)
                if hit is not None:
                    seg.translation = hit
                    seg.origin = "memory"
    doc.meta["article"] = job.name
    if notes:
        doc.meta["notes"] = notes
    return doc, reference


def _evaluate(doc: Document, reference: str | None, metrics: Sequence[str]) -> Document:
    """Fidelity flags always; scores (after aligning to the reference) when there is one."""
    from .evaluate import evaluate_document

    return evaluate_document(doc, reference, metrics=list(metrics))


def _flat_scores(scores: dict[str, Any]) -> dict[str, float]:
    flat: dict[str, float] = {}
    for k, v in scores.items():
        if isinstance(v, dict) and isinstance(v.get("score"), (int, float)):
            v = v["score"]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            flat[k] = round(float(v), 2)
    return flat


def _row(job: ArticleJob, doc: Document, outputs: list[str]) -> dict[str, Any]:
    origins = Counter(s.origin for s in doc.segments)
    kinds = Counter(str(f.get("kind", "?")) for s in doc.segments for f in s.flags)
    return {
        "article": job.name,
        "status": "ok",
        "error": None,
        "sentences": len(doc.segments),
        "mt": origins.get("mt", 0),
        "memory": origins.get("memory", 0),
        "passthrough": origins.get("passthrough", 0),
        "quotes": sum(1 for s in doc.segments if s.role == "quote") + sum(len(s.spans) for s in doc.segments),
        "quote_links": len(doc.quote_links),
        "scores": _flat_scores(doc.scores),
        "flags": sum(kinds.values()),
        "flag_kinds": dict(sorted(kinds.items())),
        "outputs": outputs,
        **({"notes": list(doc.meta["notes"])} if doc.meta.get("notes") else {}),
    }


def _failed_row(job: ArticleJob, reason: str) -> dict[str, Any]:
    return {"article": job.name, "status": "failed", "error": reason}


def _scores_json(doc: Document) -> str:
    segs = [
        {"id": s.id, "scores": s.scores, "flags": s.flags}
        for s in doc.segments
        if s.scores or s.flags
    ]
    return json.dumps({"article": doc.meta.get("article"), "scores": doc.scores, "segments": segs}, ensure_ascii=False, indent=2) + "\n"


def _render_article(
    job: ArticleJob, doc: Document, has_reference: bool, exports: Sequence[str], render_exports: bool = True
) -> tuple[list[tuple[str, str | bytes]], dict[str, Any]]:
    """An article's output files (name, content) in writing order, and its summary row.

    Pure (touches no file), so a worker process can do it and hand the bytes to the writer.  With
    ``render_exports=False`` the exports are left out of the files (the serial path has
    :func:`_write_article` write them with ``export_document``) but still listed in the row.
    """
    files: list[tuple[str, str | bytes]] = [
        ("translation.en.txt", doc.translated_text()),
        ("document.json", doc.to_json() + "\n"),
    ]
    if has_reference:
        files.append(("scores.json", _scores_json(doc)))
    names = {n for n, _ in files}
    if exports:
        from .export import FORMATS

        export_names = [f"{EXPORT_STEM}.{FORMATS[n].SUFFIX}" for n in exports]
        names.update(export_names)
        if render_exports:
            files += [(name, FORMATS[n].render(doc, stem=EXPORT_STEM)) for name, n in zip(export_names, exports)]
    names = sorted(names)
    return files, _row(job, doc, names)


def _write_article(
    job: ArticleJob,
    files: list[tuple[str, str | bytes]],
    row: dict[str, Any],
    article_no: int,
    stop: _TestStop,
    export_doc: Document | None = None,
    exports: Sequence[str] = (),
) -> dict[str, Any]:
    """Write one article's rendered outputs, manifest last; on any failure remove what this call wrote.

    ``export_doc``: the serial path's document, whose ``exports`` are rendered and written here
    (worker processes hand them over already rendered, in ``files``).
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
            try:
                if isinstance(data, bytes):
                    write_bytes_atomic(out / name, data)
                else:
                    write_text_atomic(out / name, data)
            except OSError as e:
                if isinstance(data, bytes):  # an export: the same message export_document gives
                    raise TolkaError(f"cannot write exports to {out}: {e.strerror or e} (check the directory and its permissions)") from e
                raise
            written.append(out / name)
            stop(article_no, len(written))
        if export_doc is not None and exports:
            from .export import export_document

            for p in export_document(export_doc, list(exports), out, EXPORT_STEM):
                written.append(Path(p))
                stop(article_no, len(written))
        manifest = {
            "version": MANIFEST_VERSION,
            "article": job.name,
            "input_hash": job.input_hash,
            "outputs": {n: sha256_file(out / n) for n in names},
            "row": row,
        }
        write_text_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    except BaseException:
        for p in written:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    # Outputs of an earlier run that this one no longer makes (e.g. the reference was removed).
    for stale in set((old or {}).get("outputs", {})) - set(names):
        with contextlib.suppress(OSError):
            (out / stale).unlink()
    stop(article_no, None)
    return row


def _clear_outputs(job: ArticleJob) -> None:
    """An article that now fails must not keep the outputs of its last good run."""
    old = read_manifest(job.out)
    if old is None:
        return
    for name in list(old.get("outputs", {})) + [MANIFEST]:
        with contextlib.suppress(OSError):
            (job.out / name).unlink()


# -- the batch ------------------------------------------------------------------------------------

def _chunks(items: Iterable[Any], size_of, limit: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    total = 0
    for it in items:
        chunk.append(it)
        total += size_of(it)
        if total >= limit:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def run_batch(
    in_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    translator: Any = None,
    memory: Any = None,
    exports: Sequence[str] = DEFAULT_EXPORTS,
    force: bool = False,
    progress: bool | None = None,
    chunk_sentences: int = DEFAULT_CHUNK_SENTENCES,
    encoding: str = AUTO,
    metrics: Sequence[str] = DEFAULT_METRICS,
    jobs: int | None = None,
) -> dict[str, Any]:
    """Translate every article folder under ``in_dir`` into ``out_dir``; return the summary.

    ``translator``: a :class:`translate.translator.Translator` (default: the default model, loaded
    only if some sentence needs MT).  ``memory``: a ``Memory`` or the path of a TSV/TMX memory,
    applied to all articles (an article's own ``memory.tsv`` takes precedence).  ``exports``:
    formats for :func:`translate.export.export_document`.  ``force``: redo up-to-date articles.
    ``progress``: tqdm bars on stderr (None = only on a terminal).  ``encoding``: of the
    articles (``"auto"``: each file's BOM, else UTF-8, else Windows-1252 Swedish, noted per article
    in the summary); references and memories are always read on their own.  ``metrics``: scores against a
    ``reference.en.txt`` (see :mod:`translate.evaluate.metrics`; "ter" is slow).  ``jobs``: worker
    processes for preparing and evaluating articles (None = the available CPUs, used only for runs of
    enough articles, see :func:`translate.batch_workers.pool_size`; 1 = all in this process).  The
    outputs do not depend on it.

    The returned dict is what ``OUT/summary.json`` holds plus a ``"run"`` entry about this run
    (articles translated, skipped as up to date, failed; seconds; whether the model was loaded).
    Raises TolkaError for a usage error (IN missing, no articles, model unusable).
    """
    t0 = time.perf_counter()
    requested_jobs = jobs  # the name `jobs` is the article list below
    if requested_jobs is not None and requested_jobs < 1:
        raise TolkaError(f"--jobs must be at least 1, got {requested_jobs} (1 = no worker processes)")
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    if not in_dir.is_dir():
        raise TolkaError(f"input folder not found: {in_dir} (give a folder of article folders, IN/<article>/article.sv.txt)")
    if out_dir.exists() and not out_dir.is_dir():
        raise TolkaError(f"output {out_dir} is a file; give a folder for -o")
    if out_dir.resolve() == in_dir.resolve():
        raise TolkaError(f"output folder {out_dir} is the input folder; choose another -o")
    exports = _check_exports(exports)
    jobs = find_articles(in_dir, out_dir)
    if not jobs:
        raise TolkaError(f"no article folders under {in_dir} (expected {in_dir}/<article>/article.sv.txt)")

    memory_path = None
    if memory is not None and not hasattr(memory, "lookup"):
        memory_path = Path(memory)
        from .memory import Memory

        memory = Memory.load(memory_path)
        if memory.note:
            print(f"tolka: note: {memory.note}", file=sys.stderr)
    if translator is None:
        from .translator import Translator

        translator = Translator()  # lazy: loads nothing unless some sentence needs MT
    settings = batch_settings(translator, _memory_key(memory, memory_path), exports)
    from .evaluate.metrics import parse_metrics

    metrics = parse_metrics(metrics)
    settings["encoding"] = encoding
    settings["metrics"] = metrics
    settings_hash = _settings_hash(settings)

    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict[str, Any]] = {}
    counts = Counter()
    stop = _TestStop()

    def fail(job: ArticleJob, reason: str, bar: tqdm) -> None:
        rows[job.name] = _failed_row(job, reason)
        counts["failed"] += 1
        _clear_outputs(job)
        bar.write(f"tolka: {job.name}: {reason}", file=sys.stderr)

    with _sigterm_as_interrupt(), _locked(out_dir):
        remove_stale_temp_files(out_dir)
        bar_kw = dict(file=sys.stderr, disable=(None if progress is None else not progress), dynamic_ncols=True)
        art_bar = tqdm(total=len(jobs), desc="articles", unit="art", position=0, **bar_kw)
        sent_bar = tqdm(total=0, desc="sentences", unit="sent", position=1, **bar_kw)
        try:
            pending: list[ArticleJob] = []
            for job in jobs:
                if job.problem is None:
                    try:
                        job.input_hash = input_hash(job, settings_hash)
                    except OSError as e:
                        fail(job, f"cannot read {job.src}: {e.strerror or e} (check its permissions)", art_bar)
                        art_bar.update()
                        continue
                    manifest = None if force else up_to_date(job)
                    if manifest is not None:
                        remove_stale_temp_files(job.out)
                        rows[job.name] = manifest["row"]
                        counts["skipped"] += 1
                        art_bar.update()
                        continue
                pending.append(job)

            workers = pool_size(requested_jobs, len(pending))
            with _worker_pool(workers) as pool:
                prepared = _prepared(pending, encoding, fail, art_bar, sent_bar, pool)
                for chunk in _chunks(prepared, lambda item: len(item[1].segments), max(1, chunk_sentences)):
                    _translate_chunk(chunk, translator, memory, fail, art_bar)
                    for job, doc, reference in chunk:
                        if job.name in rows:  # failed while translating
                            art_bar.update()
                    todo = [item for item in chunk if item[0].name not in rows]
                    for (job, doc, _), (status, result) in zip(todo, _finished(todo, metrics, exports, pool)):
                        try:
                            if status != "ok":
                                raise TolkaError(result)
                            files, row, export_doc = result
                            counts["written"] += 1
                            # No fsync per file (~750 cost ~1.5 s on the 123 NTREX articles): each file is
                            # still renamed into place whole, the manifest last, and resume re-hashes every
                            # output against it, so a file a power loss left empty gets its article redone.
                            with without_fsync():
                                rows[job.name] = _write_article(job, files, row, counts["written"], stop, export_doc, exports)
                            counts["translated"] += 1
                        except TolkaError as e:
                            fail(job, str(e), art_bar)
                        except (KeyboardInterrupt, MemoryError):
                            raise
                        except Exception as e:  # a bug on one article must not stop a night's batch
                            fail(job, f"internal error: {type(e).__name__}: {e}", art_bar)
                        art_bar.update()
                        sent_bar.update(len(doc.segments))
        except KeyboardInterrupt:
            art_bar.close()
            sent_bar.close()
            done = counts["translated"] + counts["skipped"]
            print(
                f"tolka: batch interrupted: {done} of {len(jobs)} articles complete in {out_dir}; "
                "rerun the same command to resume",
                file=sys.stderr,
            )
            raise
        art_bar.close()
        sent_bar.close()

        summary = _summary(jobs, rows, settings)
        write_text_atomic(out_dir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        write_text_atomic(out_dir / INDEX, render_index(summary))

    summary["run"] = {
        "translated": counts["translated"],
        "skipped": counts["skipped"],
        "failed": counts["failed"],
        "seconds": round(time.perf_counter() - t0, 3),
        "model_loaded": bool(getattr(translator, "loaded", False)),
    }
    return summary


def _check_exports(exports: Sequence[str]) -> tuple[str, ...]:
    if not [f for f in exports if f.strip()]:
        return ()
    from .export import parse_formats

    return tuple(parse_formats(exports))


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

    from .batch_workers import start_pool

    pool = start_pool(workers)
    try:
        yield pool
    except BrokenProcessPool as e:
        raise TolkaError(
            f"a batch worker process died ({e}); rerun to resume, with --jobs 1 if it happens again (e.g. out of memory)"
        ) from e
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _prepare_outcomes(pending: list[ArticleJob], encoding: str, pool: Any) -> Iterator[tuple[str, Any]]:
    """``("ok", (doc, reference))`` or ``("failed", reason)`` per pending article, in order."""
    if pool is None:
        for job in pending:
            try:
                yield "ok", _prepare(job, encoding)
            except TolkaError as e:
                yield "failed", str(e)
            except (KeyboardInterrupt, MemoryError):
                raise
            except Exception as e:
                yield "failed", f"internal error: {type(e).__name__}: {e}"
        return
    from .batch_workers import IN_FLIGHT, ordered_map, prepare_task

    yield from ordered_map(pool, prepare_task, ((job, encoding) for job in pending), window=IN_FLIGHT)


def _finished(todo: list[tuple[ArticleJob, Document, str | None]], metrics, exports, pool: Any) -> Iterator[tuple[str, Any]]:
    """Evaluate and render each translated article: ``("ok", (files, row, doc or None))`` or ``("failed", reason)``.

    The document comes back only where the exports are still to be written (the serial path).
    """
    if pool is None:
        for job, doc, reference in todo:
            try:
                doc = _evaluate(doc, reference, metrics)
                files, row = _render_article(job, doc, reference is not None, exports, render_exports=False)
                yield "ok", (files, row, doc)
            except TolkaError as e:
                yield "failed", str(e)
            except (KeyboardInterrupt, MemoryError):
                raise
            except Exception as e:  # a bug on one article must not stop a night's batch
                yield "failed", f"internal error: {type(e).__name__}: {e}"
        return
    from .batch_workers import IN_FLIGHT, finish_task, ordered_map

    items = ((job, doc, reference, tuple(metrics), tuple(exports)) for job, doc, reference in todo)
    yield from ordered_map(pool, finish_task, items, window=IN_FLIGHT)


def _prepared(pending, encoding, fail, art_bar, sent_bar, pool=None) -> Iterator[tuple[ArticleJob, Document, str | None]]:
    for job, (status, result) in zip(pending, _prepare_outcomes(pending, encoding, pool)):
        if status != "ok":
            fail(job, result, art_bar)
            art_bar.update()
            continue
        doc, reference = result
        sent_bar.total += len(doc.segments)
        sent_bar.refresh()
        yield job, doc, reference


def _translate_chunk(chunk, translator, memory, fail, art_bar) -> None:
    """Translate a chunk's documents in one call; if that breaks, find the article that broke it."""
    from .pipeline import translate_documents

    docs = [doc for _, doc, _ in chunk]
    try:
        results = translate_documents(docs, translator=translator, memory=memory)
    except TolkaError:
        raise  # the model or memory is unusable: every article would fail the same way
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception:
        if len(chunk) == 1:
            job = chunk[0][0]
            e = sys.exc_info()[1]
            fail(job, f"internal error: {type(e).__name__}: {e}", art_bar)
            return
        for i, item in enumerate(chunk):
            alone = [item]
            _translate_chunk(alone, translator, memory, fail, art_bar)
            chunk[i] = alone[0]
        return
    for i, doc in enumerate(results):
        job, _, ref = chunk[i]
        chunk[i] = (job, doc, ref)


def _summary(jobs: list[ArticleJob], rows: dict[str, dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    articles = [rows[j.name] for j in jobs if j.name in rows]
    ok = [r for r in articles if r["status"] == "ok"]
    totals = {
        "articles": len(articles),
        "ok": len(ok),
        "failed": len(articles) - len(ok),
        **{k: sum(r.get(k, 0) for r in ok) for k in ("sentences", "mt", "memory", "passthrough", "quotes", "flags")},
    }
    return {
        "tolka": __version__,
        "settings": {"model": settings["model"], "exports": settings["exports"], "metrics": settings["metrics"]},
        "totals": totals,
        "articles": articles,
    }

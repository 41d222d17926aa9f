"""Archives as datasets: JSONL or Parquet in, one article a row; a Parquet dataset out.

IN is a ``.jsonl`` or ``.parquet`` file, or a folder of them (its top level, read in name order), or a URI that
pyarrow's filesystems understand (``s3://bucket/archive/``, ``gs://...``, ``file:///...``).  A
row is an article: ``id`` (a string, or an integer read as its decimal string), ``text`` (the
Swedish article) and optionally ``reference`` (a human English translation, aligned and scored).
Other fields are ignored.  :func:`scan` checks every row before anything is translated: a row
without ``id`` or ``text``, a duplicate id, or a Parquet file without those columns is a usage
error naming the file and the row.

OUT holds ``summary.json`` and the dataset, ``OUT/articles/``: ``part-*.parquet`` files
(:data:`COLUMNS`, one row per article: its id, status and error, the English text, the document
JSON, ``scores.json``'s content, the summary row, the chosen exports, and the hash that says
whether it is up to date), readable as one table by anything that reads Parquet datasets
(``pyarrow.parquet.read_table("OUT/articles")``, ``pandas.read_parquet``, ``ray.data.read_parquet``).  Both engines write the same rows: the local one part by part with pyarrow
(each part written to a temporary name and renamed), Ray Data with ``write_parquet``.  A part
name starts with the run's time stamp, so when an article has rows in several parts -- it was
redone -- the newest one is the article's; :func:`compact` drops the others at the end of a run.
A part a killed writer left unreadable is deleted by the next run (:func:`read_output`) and its
articles are redone.

pyarrow is an optional dependency (``pip install 'tolka[parquet]'``, also in ``tolka[ray]``);
it is imported only here, and only when a dataset is read or written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TolkaError
from .layout import DOCUMENT, EXPORT_STEM, SCORES, TRANSLATION

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

#: input files a dataset is made of, by suffix
JSONL, PARQUET = ".jsonl", ".parquet"
SUFFIXES = (JSONL, PARQUET)
#: the output dataset's folder inside OUT, and its part files: ``part-<run stamp>-<writer>.parquet``
ARTICLES_DIR = "articles"
PART_PREFIX = "part-"
#: bump when the rows' meaning changes, so old rows are redone rather than trusted
DATASET_VERSION = 1
#: the export formats, each a column of the output (null unless chosen with --export)
EXPORT_COLUMNS = ("html", "tmx", "xliff", "tsv", "jsonl")
#: the output's columns, in order (all strings; null where they do not apply)
COLUMNS = ("id", "status", "error", "translation", "document", "scores", "summary", "input_hash", *EXPORT_COLUMNS)
PARQUET_HINT = "pip install 'tolka[parquet]' (or 'tolka[ray]')"


def require_pyarrow(what: str) -> Any:
    """``pyarrow``, or a TolkaError naming the extra that installs it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule the readers and writers need)
    except ImportError as e:
        raise TolkaError(f"{what} needs pyarrow: {PARQUET_HINT}") from e
    return pyarrow


def output_schema() -> pa.Schema:
    pa = require_pyarrow("writing a Parquet dataset")
    return pa.schema([(name, pa.string()) for name in COLUMNS])


@dataclass(frozen=True)
class Record:
    """One article of a dataset, as read (the text exactly as stored)."""

    id: str
    text: str
    reference: str | None = None


@dataclass
class DatasetInput:
    """A checked dataset: its files, and every article id in reading order."""

    location: str
    files: list[str]
    ids: list[str]
    #: each article's :func:`content_digest`, in the order of ``ids``
    digests: list[bytes]
    #: files holding a ``reference`` column/field (Ray reads those with it)
    with_reference: set[str] = field(default_factory=set)
    filesystem: Any = None


# -- finding and checking the input ------------------------------------------------------------------


def looks_like_dataset(path: str) -> bool:
    """Whether ``path`` names a dataset rather than a folder of article folders.

    A URI always does (folders of article folders are local); a file does when it ends in
    ``.jsonl`` or ``.parquet``; a folder does when it holds such files at its top level.
    """
    if "://" in path:
        return True
    p = Path(path)
    if p.is_file():
        return p.suffix.lower() in SUFFIXES
    if p.is_dir():
        try:
            return any(c.is_file() and c.suffix.lower() in SUFFIXES and not c.name.startswith(".") for c in p.iterdir())
        except OSError:
            return False
    return False


def _filesystem(location: str) -> tuple[Any, str]:
    require_pyarrow("reading a JSONL or Parquet dataset")
    import pyarrow.fs as pafs

    if "://" not in location:
        return pafs.LocalFileSystem(), str(Path(location).resolve())
    try:
        return pafs.FileSystem.from_uri(location)
    except (ValueError, OSError) as e:
        raise TolkaError(
            f"cannot open {location} ({e}); give a local path or a URI pyarrow understands (s3://, gs://, hdfs://, file://)"
        ) from e


def _input_files(location: str) -> tuple[Any, list[str]]:
    fs, root = _filesystem(location)
    import pyarrow.fs as pafs

    try:
        info = fs.get_file_info(root)
        if info.type == pafs.FileType.NotFound:
            raise TolkaError(f"input not found: {location} (give a folder of article folders, or a JSONL/Parquet file or folder of them)")
        if info.type == pafs.FileType.File:
            files = [root]
        else:
            infos = fs.get_file_info(pafs.FileSelector(root, recursive=False))
            files = sorted(
                i.path for i in infos if i.type == pafs.FileType.File and _suffix(i.path) in SUFFIXES and not i.base_name.startswith(".")
            )
    except OSError as e:
        raise TolkaError(f"cannot read {location} ({e}); check the path and its permissions") from e
    if not files:
        raise TolkaError(f"no .jsonl or .parquet files in {location} (one article a row: id, text, optional reference)")
    if info.type == pafs.FileType.File and _suffix(root) not in SUFFIXES:
        raise TolkaError(
            f"{location} is neither .jsonl nor .parquet; give a JSONL or Parquet file (one article a row: id, text, optional reference)"
        )
    return fs, files


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _id_of(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TolkaError(f"{where}: id must be a string or an integer, got {type(value).__name__}")
    text = str(value)
    if not text.strip():
        raise TolkaError(f"{where}: the id is empty (every article needs an id)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:  # JSON's "\\udc80": the summary and the output could not hold it
        raise TolkaError(f"{where}: the id holds a lone surrogate (U+{ord(text[e.start]):04X}), which is not text; fix the escape") from e
    return text


def parse_line(line: str, where: str) -> Record:
    """One JSONL line as a :class:`Record`; a :class:`TolkaError` naming ``where`` if it is not one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise TolkaError(f"{where}: not JSON ({e.msg} at column {e.colno}); give one JSON object per line") from e
    if not isinstance(obj, dict):
        raise TolkaError(f"{where}: a JSON {type(obj).__name__}, not an object; give one object per line with id and text")
    return record_of(obj, where)


def record_of(row: dict[str, Any], where: str) -> Record:
    """A :class:`Record` from a row's fields (a JSON object or a Parquet row)."""
    for name in ("id", "text"):
        if row.get(name) is None:
            raise TolkaError(f"{where}: no {name!r} (every row needs id and text, optionally reference)")
    text, reference = row["text"], row.get("reference")
    if not isinstance(text, str):
        raise TolkaError(f"{where}: text must be a string, got {type(text).__name__}")
    if reference is not None and not isinstance(reference, str):
        raise TolkaError(f"{where}: reference must be a string, got {type(reference).__name__}")
    return Record(_id_of(row["id"], where), text, reference)


def _jsonl_records(fs: Any, path: str) -> Iterator[tuple[str, Record]]:
    with fs.open_input_stream(path) as f:
        for no, raw in enumerate(_lines(f), start=1):
            where = f"{path} line {no}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise TolkaError(f"{where} is not valid UTF-8 (byte 0x{raw[e.start]:02x}); JSONL is UTF-8 by definition") from e
            if line.strip():
                yield where, parse_line(line, where)


def _lines(stream: Any) -> Iterator[bytes]:
    """The lines of a pyarrow input stream, without their line ends (read in 1 MB blocks)."""
    rest = b""
    while True:
        block = stream.read(1 << 20)
        if not block:
            break
        rest += block
        *lines, rest = rest.split(b"\n")
        for line in lines:
            yield line.rstrip(b"\r")
    if rest:
        yield rest.rstrip(b"\r")


def _parquet_file(fs: Any, path: str) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(fs.open_input_file(path))
    except (OSError, ValueError) as e:  # pyarrow's ArrowInvalid is a ValueError
        raise TolkaError(f"{path} is not a readable Parquet file ({e})") from e


def _check_parquet_columns(path: str, schema: Any) -> bool:
    """Whether the file has a reference column; a TolkaError unless it has id and text of usable types."""
    import pyarrow as pa

    names = schema.names
    if "id" not in names or "text" not in names:
        raise TolkaError(
            f"{path} has columns {', '.join(names) or '(none)'}; a dataset needs id and text (and optionally reference), one article a row"
        )

    def string_like(t: Any) -> bool:
        return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)

    for name, ok in (("id", lambda t: string_like(t) or pa.types.is_integer(t)), ("text", string_like), ("reference", string_like)):
        if name in names and not ok(schema.field(name).type):
            want = "string or integer" if name == "id" else "string"
            raise TolkaError(f"{path}: column {name} is {schema.field(name).type}, not {want}")
    return "reference" in names


def _parquet_records(fs: Any, path: str) -> Iterator[tuple[str, Record]]:
    pf = _parquet_file(fs, path)
    has_reference = _check_parquet_columns(path, pf.schema_arrow)
    columns = ["id", "text"] + (["reference"] if has_reference else [])
    row = 0
    for batch in pf.iter_batches(batch_size=1024, columns=columns):
        for values in batch.to_pylist():
            row += 1
            yield f"{path} row {row}", record_of(values, f"{path} row {row}")


def _records(fs: Any, path: str) -> Iterator[tuple[str, Record]]:
    try:
        if _suffix(path) == JSONL:
            yield from _jsonl_records(fs, path)
        else:
            yield from _parquet_records(fs, path)
    except OSError as e:
        raise TolkaError(f"cannot read {path} ({e}); check the file and its permissions") from e


def scan(location: str) -> DatasetInput:
    """Check every row of the dataset at ``location``; its files and ids (a TolkaError at the first bad row)."""
    fs, files = _input_files(location)
    ids: list[str] = []
    digests: list[bytes] = []
    first_seen: dict[str, str] = {}
    with_reference: set[str] = set()
    for path in files:
        if _suffix(path) == PARQUET and _check_parquet_columns(path, _parquet_file(fs, path).schema_arrow):
            with_reference.add(path)
        for where, rec in _records(fs, path):
            if rec.id in first_seen:
                raise TolkaError(f"{where}: id {rec.id!r} again (first at {first_seen[rec.id]}); every article needs its own id")
            first_seen[rec.id] = where
            ids.append(rec.id)
            digests.append(content_digest(rec))
            if rec.reference is not None:
                with_reference.add(path)
    if not ids:
        raise TolkaError(f"no articles in {location} (the files hold no rows)")
    return DatasetInput(location, files, ids, digests, with_reference, fs)


def iter_records(dataset: DatasetInput) -> Iterator[Record]:
    """Every record of a scanned dataset, in reading order."""
    for path in dataset.files:
        for _, rec in _records(dataset.filesystem, path):
            yield rec


# -- what is up to date ------------------------------------------------------------------------------


def content_digest(record: Record) -> bytes:
    """Digest of an article as stored: id, text and reference."""
    h = hashlib.sha256()
    for part in (record.id, record.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    h.update(b"absent" if record.reference is None else b"reference\0" + record.reference.encode("utf-8", "surrogatepass"))
    return h.digest()


def input_hash(digest: bytes, settings_hash: str) -> str:
    """What an article's row must record to be up to date: its :func:`content_digest` under the run's settings."""
    return hashlib.sha256(f"tolka-dataset-{DATASET_VERSION}\0{settings_hash}\0".encode() + digest).hexdigest()


class DoneSet:
    """The input hashes of the articles the output holds up to date, as one sorted array.

    Workers of a distributed engine test membership too: a sorted fixed-width array is 32 bytes
    an article (a Python set is several times that) and Ray shares numpy arrays between
    processes without copying.
    """

    def __init__(self, hashes: Sequence[str] = ()):
        import numpy as np

        self.array: np.ndarray = np.sort(np.array([bytes.fromhex(h) for h in hashes], dtype="S32"))

    def __len__(self) -> int:
        return len(self.array)

    def __contains__(self, digest: str) -> bool:
        import numpy as np

        if not len(self.array):
            return False
        key = np.array([bytes.fromhex(digest)], dtype="S32")
        i = int(np.searchsorted(self.array, key)[0])
        return i < len(self.array) and bytes(self.array[i]) == key[0]


@dataclass
class OutputRow:
    """What a run needs of an article's row in the output."""

    part: str
    input_hash: str | None
    status: str
    summary: dict[str, Any]


def data_dir(out_dir: Path) -> Path:
    """Where a dataset's parts are: ``OUT/articles``."""
    return out_dir / ARTICLES_DIR


def _parts(out_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir(out_dir).glob(f"{PART_PREFIX}*{PARQUET}") if p.is_file())


def read_output(out_dir: Path) -> dict[str, OutputRow]:
    """Each article's newest row in the dataset at ``out_dir`` (empty if there is none).

    A part that cannot be read was left by a writer killed mid-file: it is deleted, so its
    articles are redone.  Call this only while holding OUT's lock.
    """
    if not _parts(out_dir):
        return {}
    require_pyarrow("resuming a Parquet dataset")
    import pyarrow.parquet as pq

    rows: dict[str, OutputRow] = {}
    for part in _parts(out_dir):  # oldest first: a newer row replaces an older one
        try:
            table = pq.read_table(part, columns=["id", "status", "input_hash", "summary"])
        except (OSError, ValueError, KeyError):
            with contextlib.suppress(OSError):
                part.unlink()
            continue
        for values in table.to_pylist():
            try:
                summary = summary_of(values)
            except ValueError:
                continue
            rows[values["id"]] = OutputRow(part.name, values["input_hash"], values["status"], summary)
    return rows


def done_set(rows: dict[str, OutputRow]) -> DoneSet:
    """The articles whose newest row is a success (failed ones are retried, as in a folder batch)."""
    return DoneSet([r.input_hash for r in rows.values() if r.status == "ok" and r.input_hash])


# -- writing -----------------------------------------------------------------------------------------


def run_stamp() -> str:
    """A name prefix that sorts after every earlier run's: UTC time to the microsecond."""
    ns = time.time_ns()
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 10**9)) + f"{ns % 10**9 // 1000:06d}"


def part_name(stamp: str, writer: str) -> str:
    """``part-<stamp>-<writer>``: the stamp orders runs, the writer tells one run's parts apart."""
    return f"{PART_PREFIX}{stamp}-{writer}"


def output_row(name: str, input_hash: str, files: Sequence[tuple[str, bytes]], summary: dict[str, Any]) -> dict[str, str | None]:
    """The dataset row of an article finished with ``files`` (:func:`translate.batch.stages.finish_article`)."""
    by_name = {n: data.decode("utf-8") for n, data in files}
    suffixes = _export_suffixes()
    exports = {fmt: by_name.get(f"{EXPORT_STEM}.{suffixes[fmt]}") for fmt in EXPORT_COLUMNS}
    columns = (
        ["translation", "document"] + (["scores"] if SCORES in by_name else []) + [f for f in EXPORT_COLUMNS if exports[f] is not None]
    )
    summary = {**summary, "outputs": columns}
    return {
        "id": name,
        "status": "ok",
        "error": None,
        "translation": by_name[TRANSLATION],
        "document": by_name[DOCUMENT],
        "scores": by_name.get(SCORES),
        "summary": json.dumps(summary, ensure_ascii=False, sort_keys=True),
        "input_hash": input_hash,
        **exports,
    }


def summary_of(row: dict[str, str | None]) -> dict[str, Any]:
    """The summary row an output row records (what ``summary.json`` lists for the article)."""
    return json.loads(row["summary"] or "{}")


def failed_output_row(name: str, input_hash: str | None, summary: dict[str, Any]) -> dict[str, str | None]:
    """The dataset row of an article that failed (``summary`` is its failed summary row)."""
    row: dict[str, str | None] = dict.fromkeys(COLUMNS)
    row.update(
        id=name,
        status="failed",
        error=summary["error"],
        input_hash=input_hash,
        summary=json.dumps(summary, ensure_ascii=False, sort_keys=True),
    )
    return row


def _export_suffixes() -> dict[str, str]:
    from ..export import FORMATS

    return {name: FORMATS[name].SUFFIX for name in EXPORT_COLUMNS}


def table_of(rows: Sequence[dict[str, str | None]]) -> pa.Table:
    """Rows as a table with exactly :func:`output_schema`."""
    pa = require_pyarrow("writing a Parquet dataset")
    schema = output_schema()
    return pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in rows], schema=schema)


def write_part(out_dir: Path, name: str, rows: Sequence[dict[str, str | None]]) -> Path:
    """Write rows as ``OUT/articles/<name>.parquet`` atomically (temporary name, then rename)."""
    import pyarrow.parquet as pq

    from ..textio import atomic_writer

    path = data_dir(out_dir) / f"{name}{PARQUET}"
    table = table_of(rows)
    try:
        with atomic_writer(path, "wb") as f:
            pq.write_table(table, f)
    except OSError as e:
        raise TolkaError(f"cannot write {path.name} to {path.parent}: {e.strerror or e} (check the directory and its permissions)") from e
    return path


def compact(out_dir: Path, ids: Sequence[str]) -> int:
    """Keep one row per article of ``ids`` -- its newest -- and none of other articles.

    Rewrites (atomically) each part that holds a row to drop, deletes parts left empty; returns
    the number of rows dropped.  Call it at the end of a complete run, holding OUT's lock.
    """
    pa = require_pyarrow("writing a Parquet dataset")
    import pyarrow.parquet as pq

    from ..textio import atomic_writer

    wanted = set(ids)
    parts = _parts(out_dir)
    ids_of = {part.name: pq.read_table(part, columns=["id"]).column("id").to_pylist() for part in parts}
    newest: dict[str, tuple[str, int]] = {}
    for part in parts:  # oldest first; within a part, the last row
        for j, i in enumerate(ids_of[part.name]):
            newest[i] = (part.name, j)
    dropped = 0
    for part in parts:
        keep = [i in wanted and newest[i] == (part.name, j) for j, i in enumerate(ids_of[part.name])]
        if all(keep):
            continue
        dropped += keep.count(False)
        if not any(keep):
            part.unlink()
            continue
        table = pq.read_table(part).filter(pa.array(keep))
        with atomic_writer(part, "wb") as f:
            pq.write_table(table, f)
    return dropped

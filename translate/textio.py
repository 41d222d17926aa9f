"""Reading user files strictly and writing outputs atomically.

Every output goes to a temporary file beside its destination and is renamed
into place, so an error or an interrupt never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from collections.abc import Iterator, Sized
from pathlib import Path

from .errors import TolkaError


def read_text(path: str | os.PathLike, what: str = "file", encoding: str = "utf-8", allow_empty: bool = False) -> str:
    """Read a text file or raise a :class:`TolkaError` that says what to do."""
    p = Path(path)
    if not p.exists():
        raise TolkaError(f"{what} not found: {p} (check the path)")
    if p.is_dir():
        raise TolkaError(f"{what} is a directory, not a file: {p} (give a text file)")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise TolkaError(f"cannot read {what} {p}: {e.strerror} (check its permissions)") from e
    if b"\x00" in data[:8192]:
        raise TolkaError(f"{what} {p} looks like binary data, not text (give a plain-text UTF-8 file)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        hint = "e.g. --encoding cp1252 for Windows-encoded Swedish" if encoding.lower().replace("-", "") == "utf8" else "check --encoding"
        raise TolkaError(
            f"{what} {p} is not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
            f"convert it to UTF-8 or pass its encoding, {hint}"
        ) from e
    except LookupError as e:
        raise TolkaError(f"unknown encoding {encoding!r} (use a Python codec name such as utf-8 or cp1252)") from e
    return clean_text(text, f"{what} {p}", allow_empty=allow_empty)


def clean_text(text: str, what: str, allow_empty: bool = False) -> str:
    """Text as tolka reads it from anywhere (a file, a dataset row): no BOM, ``\\n`` line ends.

    ``what`` names it in the error an empty text raises (unless ``allow_empty``).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # Offsets are into the text as tolka sees it: normalise Windows line ends once, here.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not allow_empty and not text.strip():
        raise TolkaError(f"{what} is empty (give an article with some text)")
    return text


def read_lines(path: str | os.PathLike[str], what: str = "file", encoding: str = "utf-8") -> list[str]:
    """The lines of a one-segment-per-line file (a final newline ends the last line; it starts no other)."""
    lines = read_text(path, what=what, encoding=encoding).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def check_parallel(first: tuple[str, Sized], *others: tuple[str, Sized], unit: str = "lines") -> None:
    """Refuse line-aligned inputs of different lengths with one message naming both counts.

    Each input is ``(name, items)``, e.g. ``("hyp.txt", hyps)``.  Every parallel-length check
    of line files goes through here (scoring tools such as sacrebleu would truncate silently).
    """
    name, items = first
    for other, its in others:
        if len(its) != len(items):
            raise TolkaError(
                f"{name} has {len(items)} {unit} but {other} has {len(its)}; give one segment per line in each, in the same order"
            )


_FSYNC: contextvars.ContextVar[bool] = contextvars.ContextVar("tolka_textio_fsync", default=True)


@contextlib.contextmanager
def without_fsync() -> Iterator[None]:
    """Atomic writes inside this block skip the fsync before the rename.

    A file is still never seen half-written, by a reader or after the process dies; only a
    power loss may leave it empty or old.  For callers that detect that themselves (the batch
    re-hashes every output against its manifest on resume) and write many small files, where
    one fsync each costs more than the work.
    """
    token = _FSYNC.set(False)
    try:
        yield
    finally:
        _FSYNC.reset(token)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    The data is fsynced before the rename unless inside :func:`without_fsync`.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, mode, encoding=encoding if "b" not in mode else None, newline="" if "b" not in mode else None) as f:
            yield f
            f.flush()
            if _FSYNC.get():
                os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    with atomic_writer(path) as f:
        f.write(text)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    with atomic_writer(path, "wb") as f:
        f.write(data)

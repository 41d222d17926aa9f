"""Reading user files as people really have them, and writing outputs without harm.

Reading (:func:`read_input`): every file is decoded on its own.  A byte-order mark decides
(UTF-8, UTF-16, UTF-32: what Windows Notepad saves as "Unicode" is UTF-16 with a BOM); else an
explicit encoding; else UTF-8; else -- only with ``encoding="auto"`` and only where the bytes
are not UTF-8 yet read as Swedish or English text in Windows-1252 -- cp1252, with a note saying
so.  Binary data (a NUL anywhere) is refused after decoding, so UTF-16's zero bytes are not
mistaken for it.  Line endings are normalised (:func:`normalise_newlines`).

Writing (:func:`write_output`, :func:`atomic_writer`): a regular file (or a new one) is written
to a temporary name beside it and renamed into place, so it is never seen half-written.  New
files get ``0666 & ~umask`` like any other program's; a replaced file keeps its mode.  What is
not a regular file is never replaced: a symlink's target is written (the link stays), a FIFO or
a character device (``/dev/null``, a terminal) is written directly, and ``-`` is standard output.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import TolkaError

#: ``encoding`` value that detects the encoding of each file (the default everywhere)
AUTO = "auto"
STDOUT = "-"

# Longest BOMs first: UTF-32 LE starts with the UTF-16 LE mark.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)

#: letters Swedish (and English loanwords and names) write outside ASCII; most non-ASCII letters
#: of a Swedish or English text in cp1252 are these, while other 8-bit encodings read as cp1252
#: (Mac Roman Swedish, cp1251 Cyrillic, ISO-8859-2) turn into other letters or symbols
_SWEDISH_LETTERS = frozenset("åäöÅÄÖéÉüÜ")
#: what else Swedish or English prose in cp1252 uses outside ASCII: Latin-1 letters, the
#: typographic punctuation Word puts in, no-break space and a few common signs
_CP1252_TEXT = frozenset("àáâãæçèêëìíîïðñòóôõøùúûýþÿßÀÁÂÃÆÇÈÊËÌÍÎÏÐÑÒÓÔÕØÙÚÛÝÞ–—‘’‚“”„…•€™‹›«»\u00a0§°±´·½¼¾©®£") | _SWEDISH_LETTERS


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was read."""

    text: str
    #: the codec used (``utf-8``, ``utf-16``, ``cp1252``, or the one asked for)
    encoding: str
    #: a one-line note for the user when the encoding was guessed (cp1252), else None
    note: str | None = None


def normalise_newlines(text: str) -> str:
    """``text`` with Windows (CRLF) and old Mac (bare CR) line ends as ``\\n``.

    The one place line ends are normalised, for files (:func:`read_input`) and for text given
    to the library (:func:`translate.segmenter.segment_article`), so offsets are always into the
    text as tolka sees it and a bare CR never merges paragraphs.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_utf8_name(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def reads_as_cp1252_text(text: str) -> bool:
    """Whether ``text`` (bytes decoded as cp1252) looks like Swedish or English prose.

    Every non-ASCII character must be a Western European letter or typographic sign, non-ASCII
    letters must be rare (Swedish writes about one in thirty; Cyrillic or Greek read as cp1252 is
    mostly non-ASCII), and most of them must be the letters Swedish uses (å ä ö é ü).
    """
    letters = foreign = swedish = 0
    for ch in text:
        if ch < "\x80":
            letters += ch.isalpha()
            continue
        if ch not in _CP1252_TEXT:
            return False
        if ch.isalpha():
            letters += 1
            foreign += 1
            swedish += ch in _SWEDISH_LETTERS
    return foreign <= 0.2 * letters and swedish * 2 >= foreign


def decode_bytes(data: bytes, name: str, what: str = "file", encoding: str = AUTO, override: str | None = "--encoding") -> Decoded:
    """Decode one file's bytes (see the module docstring); raise a one-line :class:`TolkaError`.

    ``name`` and ``what`` ("article", "translation memory") go into messages; ``override`` is the
    option that sets this file's encoding, offered in them (None where there is none).
    """
    label = f"{what} {name}"
    offer = f" or pass its encoding with {override}" if override else ""
    for bom, codec, family in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise TolkaError(
                    f"{label} starts with a {family} byte-order mark but is not valid {family} (offset {e.start}); save it again as UTF-8"
                ) from e
            return _checked(Decoded(text.lstrip("\ufeff"), codec), label, override)
    if encoding.lower() != AUTO:
        try:
            text = data.decode(encoding)
        except LookupError as e:
            raise TolkaError(f"unknown encoding {encoding!r} (use a Python codec name such as utf-8 or cp1252, or auto)") from e
        except UnicodeDecodeError as e:
            if b"\x00" in data:
                raise _binary(label, override) from e
            hint = (
                f"e.g. {override} cp1252 for Windows-encoded Swedish"
                if override and _is_utf8_name(encoding)
                else f"check {override or 'the file'}"
            )
            raise TolkaError(
                f"{label} is not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
                f"convert it to UTF-8 or pass its encoding, {hint}"
            ) from e
        return _checked(Decoded(text.lstrip("\ufeff") if _is_utf8_name(encoding) else text, encoding), label, override)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), label, override)
    except UnicodeDecodeError as e:
        bad = e
    if b"\x00" in data:
        raise _binary(label, override) from bad
    guess: str | None
    try:
        guess = data.decode("cp1252")
    except UnicodeDecodeError:
        guess = None  # bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d)
    if guess is not None and reads_as_cp1252_text(guess):
        how = f"; pass {override} if that is wrong" if override else ""
        note = f"{label} is not UTF-8; read it as Windows-1252 (cp1252){how}"
        return _checked(Decoded(guess, "cp1252", note), label, override)
    raise TolkaError(
        f"{label} is not UTF-8 (byte 0x{data[bad.start]:02x} at offset {bad.start}) and does not read as "
        f"Windows-1252 Swedish either; convert it to UTF-8{offer}"
    ) from bad


def _binary(label: str, override: str | None) -> TolkaError:
    how = f", or pass {override} utf-16-le if it is UTF-16 without a byte-order mark" if override else ""
    return TolkaError(f"{label} looks like binary data, not text (it contains NUL bytes); give a plain-text UTF-8 file{how}")


def _checked(decoded: Decoded, label: str, override: str | None) -> Decoded:
    # Binary is decided on the decoded text: UTF-16 is full of zero bytes, text never has NUL.
    if "\x00" in decoded.text:
        raise _binary(label, override)
    return Decoded(normalise_newlines(decoded.text), decoded.encoding, decoded.note)


def read_bytes(path: str | os.PathLike, what: str = "file") -> bytes:
    """A file's bytes, or a :class:`TolkaError` naming a missing file, a directory or a permission problem."""
    p = Path(path)
    if not p.exists():
        raise TolkaError(f"{what} not found: {p} (check the path)")
    if p.is_dir():
        raise TolkaError(f"{what} is a directory, not a file: {p} (give a text file)")
    try:
        return p.read_bytes()
    except OSError as e:
        raise TolkaError(f"cannot read {what} {p}: {e.strerror} (check its permissions)") from e


def read_input(
    path: str | os.PathLike,
    what: str = "file",
    encoding: str = AUTO,
    allow_empty: bool = False,
    override: str | None = "--encoding",
) -> Decoded:
    """Read and decode one user file; raise a one-line :class:`TolkaError` that says what to do.

    ``encoding``: ``"auto"`` (BOM, UTF-8, then Windows-1252 Swedish with a note) or a codec name
    (a BOM still wins).  An empty or whitespace-only file is refused unless ``allow_empty``.
    """
    p = Path(path)
    decoded = decode_bytes(read_bytes(p, what), str(p), what, encoding, override)
    if not allow_empty and not decoded.text.strip():
        raise TolkaError(f"{what} {p} is empty (give an article with some text)")
    return decoded


def clean_text(text: str, what: str, allow_empty: bool = False) -> str:
    """Text that arrives already decoded (a dataset row), held to the rules a file is: no BOM,
    no NUL, valid Unicode (no lone surrogate), ``\\n`` line ends, not empty (unless ``allow_empty``).

    ``what`` ("article 17") names it in the errors.
    """
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise TolkaError(f"{what} looks like binary data, not text (it contains NUL characters); give plain text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:  # JSON's "\\ud800": no file tolka writes could hold it
        raise TolkaError(
            f"{what} holds a lone surrogate (U+{ord(text[e.start]):04X} at offset {e.start}), which is not text; "
            "fix the escape in the input"
        ) from e
    text = normalise_newlines(text)
    if not allow_empty and not text.strip():
        raise TolkaError(f"{what} is empty (give an article with some text)")
    return text


def read_text(path: str | os.PathLike, what: str = "file", encoding: str = AUTO, allow_empty: bool = False) -> str:
    """:func:`read_input`'s text, for callers that have nowhere to show a note."""
    return read_input(path, what, encoding, allow_empty).text


def split_lines(text: str) -> list[str]:
    """The lines of a one-segment-per-line text (a final newline ends the last line; it starts no other)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_lines(path: str | os.PathLike[str], what: str = "file", encoding: str = AUTO) -> list[str]:
    """The lines of a one-segment-per-line file (see :func:`split_lines`)."""
    return split_lines(read_text(path, what=what, encoding=encoding))


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


# -- writing --------------------------------------------------------------------------------------

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


def _writes_through(p: Path) -> bool:
    """Whether ``p`` exists and is something other than a regular file (a FIFO, a device, a socket)."""
    try:
        return not stat.S_ISREG(p.stat().st_mode) and not p.is_dir()
    except OSError:
        return False


def _open_temp(target: Path) -> tuple[int, Path]:
    """A new temporary file beside ``target``, created with mode 0666 so the umask applies (mkstemp's 0600 would not)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open ``path`` for writing so that a failure leaves no half-written regular file.

    A regular file (or a new one) gets a temporary file beside it, renamed over it only on
    success (fsynced first unless inside :func:`without_fsync`); a replaced file keeps its mode.
    A symlink's target is what gets replaced.  A FIFO, a device and ``-`` (standard output)
    are written directly: they cannot be replaced, and must not be.
    """
    binary = "b" in mode
    if str(path) == STDOUT:
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))
    if _writes_through(target):
        with open(target, mode, encoding=None if binary else encoding, newline=None if binary else "") as f:
            yield f
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    fd, tmp = _open_temp(target)
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as f:
            yield f
            f.flush()
            if old is not None and hasattr(os, "fchmod"):  # (POSIX; elsewhere there are no such modes)
                os.fchmod(f.fileno(), stat.S_IMODE(old.st_mode))
                with contextlib.suppress(OSError):  # only root may give a file away; keep what we can
                    os.fchown(f.fileno(), old.st_uid, old.st_gid)
            if _FSYNC.get():
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_output(path: str | os.PathLike, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` to ``path`` by the rules of :func:`atomic_writer`.

    Text goes out as UTF-8; an iterable of text pieces is written as it comes, so a big
    document never has to exist as one string.
    """
    if isinstance(data, bytes):
        with atomic_writer(path, "wb") as f:
            f.write(data)
        return
    with atomic_writer(path) as f:
        for piece in [data] if isinstance(data, str) else data:
            f.write(piece)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    write_output(path, text)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    write_output(path, data)


def is_stdout(path: str | os.PathLike | None) -> bool:
    """Whether an ``-o`` value means standard output (none, or ``-``)."""
    return path is None or str(path) == STDOUT


__all__ = [
    "AUTO",
    "Decoded",
    "atomic_writer",
    "check_parallel",
    "clean_text",
    "decode_bytes",
    "is_stdout",
    "normalise_newlines",
    "read_bytes",
    "read_input",
    "read_lines",
    "read_text",
    "reads_as_cp1252_text",
    "split_lines",
    "without_fsync",
    "write_bytes_atomic",
    "write_output",
    "write_text_atomic",
]

"""The aligner's files: pre-split documents (one sentence per line, a blank line between
documents), and reading/writing text for bead files without half-written results."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import AlignmentError


def read_text(path: str | os.PathLike[str], what: str = "file", encoding: str = "utf-8") -> str:
    """The text of ``path``, or an :class:`AlignmentError` naming the file and what to do."""
    p = Path(path)
    try:
        return p.read_text(encoding=encoding)
    except FileNotFoundError:
        raise AlignmentError(f"{what} not found: {p} (check the path)") from None
    except IsADirectoryError:
        raise AlignmentError(f"{what} is a directory, not a file: {p} (give a text file)") from None
    except UnicodeDecodeError as e:
        raise AlignmentError(f"{what} {p} is not valid {encoding} (byte offset {e.start}); convert it or pass its encoding") from None
    except LookupError:
        raise AlignmentError(f"unknown encoding {encoding!r} (use a Python codec name such as utf-8)") from None
    except OSError as e:
        raise AlignmentError(f"cannot read {what} {p}: {e.strerror or e} (check its permissions)") from None


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path`` and rename it into place."""
    p = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def split_documents(text: str) -> list[list[str]]:
    """Documents of sentences: one sentence per line, blank line(s) between documents."""
    docs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            docs[-1].append(line.strip())
        elif docs[-1]:
            docs.append([])
    if not docs[-1]:
        docs.pop()
    return docs


def check_parallel(
    source: list[list[str]],
    target: list[list[str]],
    mt: list[list[str]] | None = None,
    names: tuple[str, str, str] = ("SOURCE", "TARGET", "MT"),
) -> None:
    """Raise a one-line :class:`AlignmentError` unless the files hold the same documents (and MT one line per source line)."""
    s, t, m = names
    if len(source) != len(target):
        raise AlignmentError(
            f"{s} has {len(source)} documents but {t} has {len(target)}; give both the same documents, separated by one blank line"
        )
    if mt is None:
        return
    if len(mt) != len(source):
        raise AlignmentError(
            f"{m} has {len(mt)} documents but {s} has {len(source)}; give one translated line per {s} line, with the same blank lines"
        )
    for k, (src_doc, mt_doc) in enumerate(zip(source, mt), 1):
        if len(src_doc) != len(mt_doc):
            raise AlignmentError(
                f"document {k}: {m} has {len(mt_doc)} lines but {s} has {len(src_doc)}; give one translated line per {s} line"
            )

"""The bead (one n-m alignment unit) and vecalign's bead-file format.

A bead file holds one bead per line, ``[src ids]:[tgt ids]`` with an optional
``:score``, ids 0-based within their document, and a blank line between
documents: ``[0]:[0]:0.91``, ``[1, 2]:[1]:0.77``, ``[3]:[]``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .errors import AlignmentError
from .io import read_text, write_text_atomic


@dataclass(frozen=True)
class Bead:
    """Source ids and target ids aligned together (either side may be empty) and a score in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def is_null(self) -> bool:
        return not self.src or not self.tgt


def format_bead(bead: Bead, with_score: bool = True) -> str:
    """One line of vecalign's format; null beads carry no score, as in vecalign's gold files."""
    ids = f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"
    if with_score and not bead.is_null:
        return f"{ids}:{bead.score:.4f}"
    return ids


def format_beads(docs: list[list[Bead]], with_score: bool = True) -> str:
    """Bead lines for several documents, a blank line between documents."""
    return "\n\n".join("\n".join(format_bead(b, with_score) for b in doc) for doc in docs) + "\n"


_IDS = re.compile(r"^\[\s*(\d+(?:\s*,\s*\d+)*)?\s*,?\s*\]$")


def _ids(field: str, where: str) -> tuple[int, ...]:
    m = _IDS.match(field.strip())
    if not m:
        raise AlignmentError(f"{where}: {field.strip()!r} is not a list of sentence ids like [1,2] or []")
    return tuple(int(x) for x in m.group(1).split(",")) if m.group(1) else ()


def parse_beads(text: str, name: str = "bead file") -> list[list[Bead]]:
    """Documents of beads from vecalign-format text (blank line between documents)."""
    docs: list[list[Bead]] = []
    cur: list[Bead] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            docs.append(cur)
            cur = []
            continue
        fields = line.split(":")
        where = f"{name} line {n}"
        if len(fields) not in (2, 3):
            raise AlignmentError(f"{where}: expected [src]:[tgt] or [src]:[tgt]:score, got {line.strip()!r}")
        score = 0.0
        if len(fields) == 3 and fields[2].strip():
            try:
                score = float(fields[2])
            except ValueError:
                raise AlignmentError(f"{where}: score {fields[2].strip()!r} is not a number") from None
        cur.append(Bead(_ids(fields[0], where), _ids(fields[1], where), score))
    docs.append(cur)
    # A final newline (or trailing blank lines) does not start another document.
    while len(docs) > 1 and not docs[-1]:
        docs.pop()
    if not any(docs):
        raise AlignmentError(f"{name} holds no beads (expected lines like [0]:[0])")
    return docs


def read_beads(path: str | os.PathLike[str], encoding: str = "utf-8") -> list[list[Bead]]:
    """Documents of beads from a bead file (one-line :class:`AlignmentError` on bad input)."""
    return parse_beads(read_text(path, "bead file", encoding), f"bead file {path}")


def write_beads(path: str | os.PathLike[str], docs: list[list[Bead]], with_score: bool = True) -> None:
    """Write documents of beads atomically (no half-written file on error)."""
    write_text_atomic(path, format_beads(docs, with_score))

"""Bilingual export: HTML for readers; TMX, XLIFF, TSV and JSONL for translators' tools.

>>> paths = export_document(doc, ["html", "tmx"], "out", stem="article")

Every format module has ``SUFFIX``, ``DESCRIPTION`` and
``render(doc, *, stem) -> bytes``; :data:`FORMATS` maps format names to them.
All files are rendered before any is written, and each is written
atomically, so a failure leaves no partial output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from ..choices import parse_names
from ..document import Document
from ..errors import TolkaError
from ..textio import write_bytes_atomic
from . import html, jsonl, tmx, tsv, xliff
from .common import count_forbidden

__all__ = [
    "FORMATS",
    "count_forbidden",
    "export_document",
    "parse_formats",
    "removed_characters_note",
    "render_exports",
    "write_exports",
]

#: Format name -> module (``SUFFIX``, ``DESCRIPTION``, ``render``), in a sensible default order.
FORMATS: dict[str, ModuleType] = {"html": html, "tmx": tmx, "xliff": xliff, "tsv": tsv, "jsonl": jsonl}


def parse_formats(spec: str | Iterable[str]) -> list[str]:
    """``"html,tmx"`` (or a list of names) -> ``["html", "tmx"]``; unknown names raise :class:`TolkaError`.

    Usable as an argparse ``type=``; duplicates are dropped, order is kept.
    """
    return parse_names(
        spec,
        FORMATS,
        unknown=lambda item: f"unknown export format {item!r} (choose from {', '.join(FORMATS)}; separate several with commas)",
        empty=f"no export format given (choose from {', '.join(FORMATS)}, e.g. --to html,tmx)",
    )


def _check_stem(stem: str) -> str:
    if not stem or stem in (".", "..") or "/" in stem or (os.sep in stem) or (os.altsep and os.altsep in stem):
        raise TolkaError(f"export file stem {stem!r} must be a plain file name without directories (e.g. 'article')")
    return stem


def removed_characters_note(doc: Document, formats: Iterable[str]) -> str | None:
    """What to tell the user when exporting ``doc`` to ``formats`` drops characters XML 1.0 forbids, else None."""
    removed = count_forbidden(doc)
    if not removed or all(f == "jsonl" for f in formats):
        return None
    return f"replaced or removed {removed} control characters that XML 1.0 forbids (the .jsonl export keeps them)"


def export_document(doc: Document, formats: str | Iterable[str], outdir: str | os.PathLike, stem: str = "article") -> list[Path]:
    """Write ``doc`` to ``outdir/STEM.SUFFIX`` for each format; return the paths written, in order.

    ``formats``: names from :data:`FORMATS`, as a list or a comma-separated
    string.  Characters that XML 1.0 forbids are replaced or removed in every
    format but JSONL (see :mod:`translate.export.common`); :func:`count_forbidden`
    says how many (TMX and XLIFF headers record it too).
    """
    names = parse_formats(formats)
    _check_stem(stem)
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise TolkaError(f"export directory {out} is a file (give a directory with -o)")
    rendered = render_exports(doc, names, stem=stem)
    write_exports(out, rendered)
    return [out / name for name, _ in rendered]


def render_exports(doc: Document, formats: str | Iterable[str], stem: str = "article") -> list[tuple[str, bytes]]:
    """Every export of ``doc`` as ``(STEM.SUFFIX, bytes)``, in the order of ``formats``; nothing is written."""
    names = parse_formats(formats)
    _check_stem(stem)
    return [(f"{stem}.{FORMATS[n].SUFFIX}", FORMATS[n].render(doc, stem=stem)) for n in names]


def write_exports(outdir: str | os.PathLike[str], files: Iterable[tuple[str, bytes]]) -> None:
    """Write rendered files into ``outdir``, each atomically; a failure is one :class:`TolkaError`."""
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            write_bytes_atomic(out / name, data)
    except OSError as e:
        raise export_write_error(out, e) from e


def export_write_error(outdir: Path, e: OSError) -> TolkaError:
    """The message for exports that cannot be written (also used by runners that write them)."""
    return TolkaError(f"cannot write exports to {outdir}: {e.strerror or e} (check the directory and its permissions)")

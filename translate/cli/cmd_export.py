"""``tolka export DOCUMENT.json --to html,tmx,xliff,tsv,jsonl -o DIR``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..document import Document
from ..errors import TolkaError
from ..export import FORMATS, export_document, parse_formats, removed_characters_note
from ..textio import read_text
from .common import note

NAME = "export"
ORDER = 40
HELP = "write a translated document (tolka translate --format json) as HTML, TMX, XLIFF, TSV or JSONL"
DESCRIPTION = (
    "Export a document that `tolka translate --format json` wrote: a side-by-side HTML page for readers, "
    "and TMX / XLIFF / TSV / JSONL files for translation tools. Formats: "
    + "; ".join(f"{name} ({mod.DESCRIPTION}, .{mod.SUFFIX})" for name, mod in FORMATS.items())
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("document", metavar="DOCUMENT.json", help="a document written by `tolka translate --format json`")
    p.add_argument(
        "--to",
        dest="formats",
        default="html",
        metavar="FORMATS",
        help=f"comma-separated formats: {','.join(FORMATS)} (default html)",
    )
    p.add_argument("-o", "--out-dir", default=".", metavar="DIR", help="directory for the files (default: current)")
    p.add_argument("--stem", default=None, help="file name without extension (default: the document's name, e.g. article)")


def load_document(path: str) -> Document:
    """Read a document JSON file or raise a one-line :class:`TolkaError`."""
    text = read_text(path, what="document")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise TolkaError(
            f"document {path} is not valid JSON ({e.msg} at line {e.lineno} column {e.colno}); "
            "give the file `tolka translate --format json` wrote"
        ) from e
    try:
        if not isinstance(data, dict):
            raise TypeError("not an object")
        doc = Document.from_dict(data)
        # fail here, not half-way through rendering, if fields have the wrong types
        for seg in doc.segments:
            if not (isinstance(seg.id, int) and isinstance(seg.paragraph, int) and isinstance(seg.source, str)):
                raise TypeError(f"segment {seg.id!r}")
            if seg.translation is not None and not isinstance(seg.translation, str):
                raise TypeError(f"segment {seg.id!r} translation")
            if not isinstance(seg.scores, dict) or not all(isinstance(f, dict) for f in seg.flags):
                raise TypeError(f"segment {seg.id!r} scores or flags")
        for q in doc.quote_links:
            if not (isinstance(q.quote, int) and isinstance(q.sentence, int) and isinstance(q.score, (int, float))):
                raise TypeError(f"quote link {q!r}")
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise TolkaError(
            f"document {path} is JSON but not a tolka document ({type(e).__name__}: {e}); "
            "give the file `tolka translate --format json` wrote"
        ) from e
    return doc


def _default_stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".document.json", ".json"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return Path(path).stem or "article"


def run(args: argparse.Namespace) -> int:
    formats = parse_formats(args.formats)
    doc = load_document(args.document)
    paths = export_document(doc, formats, args.out_dir, stem=args.stem or _default_stem(args.document))
    note(removed_characters_note(doc, formats))
    for path in paths:
        print(path)
    return 0

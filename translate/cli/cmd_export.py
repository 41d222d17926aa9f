"""``tolka export DOCUMENT.json --to html,tmx,xliff,tsv,jsonl -o DIR``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..document import Document
from ..export import FORMATS, export_document, parse_formats, removed_characters_note
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


def _default_stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".document.json", ".json"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return Path(path).stem or "article"


def run(args: argparse.Namespace) -> int:
    formats = parse_formats(args.formats)
    doc = Document.load(args.document)
    paths = export_document(doc, formats, args.out_dir, stem=args.stem or _default_stem(args.document))
    note(removed_characters_note(doc, formats))
    for path in paths:
        print(path)
    return 0

"""``tolka translate [ARTICLE]``: a Swedish article in, the English article out."""

from __future__ import annotations

import argparse
from importlib import resources

from .common import add_encoding_option, add_model_options, check_output_path, emit, load_memory, make_translator

NAME = "translate"
ORDER = 10
HELP = "translate a Swedish article into English (no ARTICLE: the bundled example)"
DESCRIPTION = (
    "Translate a Swedish news article (plain text, paragraphs separated by blank lines) into English. "
    "English quotations are kept verbatim; sentences found in --memory or the cache skip the model. "
    "Without ARTICLE, translates the example article bundled with tolka."
)


def example_article() -> str:
    """The bundled example article (Swedish, with an English block quote)."""
    return resources.files("translate").joinpath("data/example.sv.txt").read_text(encoding="utf-8")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("article", nargs="?", metavar="ARTICLE", help="Swedish article, a UTF-8 text file (default: the bundled example)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text: the English article; json: the full document model")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="write to OUT (atomically) instead of standard output")
    add_encoding_option(p)
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import prepare_document, translate_documents
    from ..textio import read_text

    if args.output:
        check_output_path(args.output)
    # Cheap checks first: a bad memory or article must fail before any model is touched.
    memory = load_memory(args)
    text = read_text(args.article, what="article", encoding=args.encoding) if args.article else example_article()
    doc = prepare_document(text)
    if args.article:
        doc.meta["article"] = args.article
    doc = translate_documents([doc], translator=make_translator(args), memory=memory)[0]
    out = doc.to_json() + "\n" if args.format == "json" else doc.translated_text()
    emit(out, args.output)
    return 0

"""``tolka translate [ARTICLE]``: a Swedish article in, the English article out."""

from __future__ import annotations

import argparse
import itertools
import sys
from importlib import resources
from pathlib import Path

from ..errors import ModelUnavailableError, TolkaError

from .common import add_encoding_option, add_model_options, check_output_path, emit, load_memory, make_translator, note, read_user_file

NAME = "translate"
ORDER = 10
HELP = "translate a Swedish article into English (no ARTICLE: the bundled example)"
DESCRIPTION = (
    "Translate a Swedish news article (plain text, paragraphs separated by blank lines) into English. "
    "English quotations are kept verbatim; sentences found in --memory or the cache skip the model. "
    "Without ARTICLE, translates the example article bundled with tolka."
)


EXAMPLE_MEMORY = "data/example.memory.tsv"


def example_article() -> str:
    """The bundled example article (Swedish, with an English block quote)."""
    return resources.files("translate").joinpath("data/example.sv.txt").read_text(encoding="utf-8")


def translate_example_offline():
    """The bundled example translated from its bundled memory, after the model could not be had.

    So the first command a new user runs works without the hub; an article of their own still
    ends in the error, which says how to pass a local model folder.
    """
    from ..memory import Memory
    from ..pipeline import prepare_document, translate_documents

    with resources.as_file(resources.files("translate").joinpath(EXAMPLE_MEMORY)) as path:
        memory = Memory.load(path)
    note(
        "the translation model cannot be loaded (not in the local cache, and the hub cannot be reached), "
        f"so the bundled example comes from its bundled memory translate/{EXAMPLE_MEMORY}; "
        "for a model offline, pass --model /path/to/local/folder"
    )
    return translate_documents([prepare_document(example_article())], translator=None, memory=memory)[0]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("article", nargs="?", metavar="ARTICLE", help="Swedish article, a UTF-8 text file (default: the bundled example)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text: the English article; json: the full document model")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default=None,
        help="write to OUT (atomically) instead of standard output; with --export, OUT is a folder that gets "
        "STEM.en.txt (or STEM.json) and the exported files",
    )
    p.add_argument(
        "--export",
        metavar="FORMATS",
        default=None,
        help="also write bilingual files, comma-separated: html,tmx,xliff,tsv,jsonl (into the -o folder, default .)",
    )
    p.add_argument(
        "--reference",
        metavar="REF",
        default=None,
        help="a human English translation of the article: aligned to the output and scored (BLEU, chrF, TER); "
        "scores go into the JSON document and the exports",
    )
    add_encoding_option(p, what="ARTICLE (a --memory or --reference file is read on its own)")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import prepare_document, translate_documents

    exports = None
    if args.export:
        from ..export import parse_formats

        exports = parse_formats(args.export)
        if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
            raise TolkaError(f"with --export, -o names a folder, but {args.output} is a file (give a folder, e.g. -o out/)")
    elif args.output:
        check_output_path(args.output)
    # Cheap checks first: a bad memory, article or reference must fail before any model is touched.
    memory = load_memory(args)
    text = read_user_file(args.article, "article", args.encoding) if args.article else example_article()
    reference = read_user_file(args.reference, "reference", override=None) if args.reference else None
    doc = prepare_document(text)
    if args.article:
        doc.meta["article"] = args.article
    try:
        doc = translate_documents([doc], translator=make_translator(args), memory=memory)[0]
    except ModelUnavailableError:
        if args.article or args.memory:
            raise
        doc = translate_example_offline()
    from ..evaluate import document_report, evaluate_document, flag_document, format_text

    if reference is not None:
        doc = evaluate_document(doc, reference)
        if args.format == "text":
            # The text output is the English article only; the scores go to the terminal.
            print(format_text(document_report(doc), document=True), file=sys.stderr)
    else:
        # Flags need no reference and cost milliseconds: they tell a reader which sentences need a look.
        doc = flag_document(doc)
    # JSON goes out piece by piece: a big article's document need never be one string
    out = itertools.chain(doc.iter_json(), ["\n"]) if args.format == "json" else doc.translated_text()
    if exports is None:
        emit(out, args.output)
        return 0
    from ..export import export_document, removed_characters_note

    outdir = Path(args.output or ".")
    stem = Path(args.article).name.split(".")[0] if args.article else "example"
    # Render every export before writing anything: a failure leaves no partial set behind.
    paths = export_document(doc, exports, outdir, stem=stem)
    note(removed_characters_note(doc, exports))
    main_out = outdir / (f"{stem}.json" if args.format == "json" else f"{stem}.en.txt")
    emit(out, str(main_out))
    for path in [main_out, *paths]:
        print(path, file=sys.stderr)
    return 0

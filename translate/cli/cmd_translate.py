"""``tolka translate [ARTICLE]``: a Swedish article in, the English article out."""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

from ..errors import ModelUnavailableError, TolkaError
from .common import (
    EXAMPLE_MEMORY,
    add_encoding_option,
    add_metrics_option,
    add_model_options,
    check_output_path,
    emit,
    example_article,
    example_memory,
    load_memory,
    make_translator,
    note,
    read_user_file,
)

NAME = "translate"
ORDER = 10
HELP = "translate a Swedish article into English (no ARTICLE: the bundled example)"
DESCRIPTION = (
    "Translate a Swedish news article (plain text, paragraphs separated by blank lines) into English. "
    "English quotations are kept verbatim; sentences found in --memory or the cache skip the model. "
    "Without ARTICLE, translates the example article bundled with tolka."
)


#: said once when the bundled example falls back to its memory
OFFLINE_NOTE = (
    "the translation model cannot be loaded (not in the local cache, and the hub cannot be reached), "
    f"so the bundled example comes from its bundled memory translate/{EXAMPLE_MEMORY}; "
    "for a model offline, pass --model /path/to/local/folder"
)


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
        help="a human English translation of the article: aligned to the output and scored (see --metrics); "
        "scores go into the JSON document and the exports",
    )
    add_metrics_option(p)
    add_encoding_option(p, what="ARTICLE (a --memory or --reference file is read on its own)")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    from .. import pipeline
    from ..evaluate.metrics import parse_metrics

    exports = None
    if args.export:
        from ..export import parse_formats

        exports = parse_formats(args.export)
        if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
            raise TolkaError(f"with --export, -o names a folder, but {args.output} is a file (give a folder, e.g. -o out/)")
    elif args.output:
        check_output_path(args.output)
    # Cheap checks first: a bad option, memory, article or reference must fail before any model is touched.
    metrics = parse_metrics(args.metrics)
    memory = load_memory(args)
    text = read_user_file(args.article, "article", args.encoding) if args.article else example_article()
    reference = read_user_file(args.reference, "reference", override=None) if args.reference else None

    doc = pipeline.prepare(text, name=args.article)
    try:
        doc = pipeline.translate_documents([doc], translator=make_translator(args), memory=memory)[0]
    except ModelUnavailableError:
        # The first command a new user runs works without the hub; their own article (or
        # memory) still ends in the error, which says how to pass a local model folder.
        if args.article or args.memory:
            raise
        note(OFFLINE_NOTE)
        doc = pipeline.translate_documents([pipeline.prepare(text)], translator=None, memory=example_memory())[0]
    doc = pipeline.finish(doc, reference, metrics=metrics)

    if reference is not None and args.format == "text":
        from ..evaluate import document_report, format_text

        # The text output is the English article only; the scores go to the terminal.
        print(format_text(document_report(doc), document=True), file=sys.stderr)
    # JSON goes out piece by piece: a big article's document need never be one string.
    out = itertools.chain(doc.iter_json(), ["\n"]) if args.format == "json" else doc.translated_text()
    if exports is None:
        emit(out, args.output)
        return 0
    from ..export import removed_characters_note, write_exports

    outdir = Path(args.output or ".")
    stem = Path(args.article).name.split(".")[0] if args.article else "example"
    # Every export is rendered before anything is written: a failure leaves no partial set behind.
    files = pipeline.render(doc, exports, stem=stem)
    write_exports(outdir, files)
    note(removed_characters_note(doc, exports))
    main_out = outdir / (f"{stem}.json" if args.format == "json" else f"{stem}.en.txt")
    emit(out, str(main_out))
    for path in [main_out, *(outdir / name for name, _ in files)]:
        print(path, file=sys.stderr)
    return 0

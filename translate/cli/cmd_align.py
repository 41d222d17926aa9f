"""``tolka align``: pair the sentences of a Swedish text with those of an English version (n-m beads)."""

from __future__ import annotations

import argparse
import json

from ..errors import TolkaError
from .common import add_encoding_option, add_model_options, emit, read_user_file

NAME = "align"
HELP = "align the sentences of a Swedish text and an English version (1-1, 1-2, 2-1, ..., 1-0, 0-1 beads)"
DESCRIPTION = (
    "Align SOURCE (Swedish) with TARGET (English) sentence by sentence, allowing merges, splits, "
    "and sentences left unaligned.  With --presplit each file holds one sentence per line and a "
    "blank line between documents; otherwise both are articles, split into sentences as `tolka split` "
    "does.  An English translation of the Swedish side makes the alignment much more reliable: give it "
    "with --source-translation (one line per SOURCE sentence), or let tolka translate it with --model "
    "(and/or --memory; the cache applies).  Without either, sentence lengths and anchors (numbers, "
    "names, cognates) are used."
)
ORDER = 60


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help="the Swedish text")
    p.add_argument("target", metavar="TARGET", help="the English text")
    p.add_argument("--source-translation", metavar="MT", help="English translation of SOURCE, one line per SOURCE sentence")
    p.add_argument("--presplit", action="store_true", help="files hold one sentence per line, a blank line between documents")
    p.add_argument(
        "--format",
        choices=("beads", "tsv", "json"),
        default="beads",
        help="beads: vecalign's [0]:[0]:0.91 lines (default); tsv: source, target, score; json: ids, texts, scores",
    )
    add_encoding_option(p)
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    add_model_options(p)
    for action in p._actions:
        if action.dest == "model":
            # Here translating is opt-in: no --model (and no --memory) means no MT at all.
            action.default = None
            action.help = "translate the Swedish side with this model (hub id or local folder) before aligning; default: no MT"


def _article_sentences(text: str, lang: str) -> list[str]:
    from ..segmenter import segment_article

    return [_one_line(s.source) for s in segment_article(text, lang=lang).segments]


def _translate(text: str, args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """Swedish sentences and their English (memory -> cache -> model), segmented as the pipeline does."""
    from ..pipeline import DEFAULT_MODEL, prepare, translate_documents
    from .common import load_memory, make_translator

    # --memory alone still needs a model for the sentences it misses; it is loaded only then.
    translator = make_translator(argparse.Namespace(**{**vars(args), "model": args.model or DEFAULT_MODEL}))
    doc = translate_documents([prepare(text)], translator=translator, memory=load_memory(args))[0]
    return [_one_line(s.source) for s in doc.segments], [_one_line(s.translation or s.source) for s in doc.segments]


def _inputs(args: argparse.Namespace) -> tuple[list[list[str]], list[list[str]], list[list[str]] | None]:
    from alignments.io import check_parallel, split_documents

    src_text = read_user_file(args.source, "SOURCE", args.encoding)
    tgt_text = read_user_file(args.target, "TARGET", args.encoding)
    mt_text = read_user_file(args.source_translation, "MT", args.encoding) if args.source_translation else None
    if args.source_translation and (args.model or args.memory):
        raise TolkaError("give either --source-translation or --model/--memory, not both")
    if args.presplit:
        if args.model or args.memory:
            raise TolkaError("--model/--memory translate articles; with --presplit give the translation with --source-translation")
        src, tgt = split_documents(src_text), split_documents(tgt_text)
        mt = split_documents(mt_text) if mt_text is not None else None
        check_parallel(src, tgt, mt)
        return src, tgt, mt
    tgt = [_article_sentences(tgt_text, "en")]
    if args.model or args.memory:
        src_sents, mt_sents = _translate(src_text, args)
        return [src_sents], tgt, [mt_sents]
    src = [_article_sentences(src_text, "sv")]
    mt = None
    if mt_text is not None:
        mt = [[line.strip() for line in mt_text.split("\n") if line.strip()]]
    check_parallel(src, tgt, mt)
    return src, tgt, mt


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(fmt: str, src: list[list[str]], tgt: list[list[str]], beads) -> str:
    """The aligned documents in one of the output formats."""
    from alignments import format_beads

    if fmt == "beads":
        return format_beads(beads)
    if fmt == "tsv":
        blocks = []
        for s_doc, t_doc, b_doc in zip(src, tgt, beads):
            blocks.append(
                "\n".join(
                    f"{_one_line(' '.join(s_doc[i] for i in b.src))}\t{_one_line(' '.join(t_doc[j] for j in b.tgt))}\t{b.score:.4f}"
                    for b in b_doc
                )
            )
        return "\n\n".join(blocks) + "\n"
    docs = []
    for s_doc, t_doc, b_doc in zip(src, tgt, beads):
        docs.append(
            {
                "beads": [
                    {
                        "src": list(b.src),
                        "tgt": list(b.tgt),
                        "source": " ".join(s_doc[i] for i in b.src),
                        "target": " ".join(t_doc[j] for j in b.tgt),
                        "score": b.score,
                    }
                    for b in b_doc
                ]
            }
        )
    return json.dumps({"documents": docs}, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    from alignments import align

    src, tgt, mt = _inputs(args)
    beads = [align(s, t, mt[k] if mt is not None else None) for k, (s, t) in enumerate(zip(src, tgt))]
    emit(render(args.format, src, tgt, beads), args.output)
    return 0

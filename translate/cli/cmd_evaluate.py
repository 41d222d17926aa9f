"""``tolka evaluate``: score a translation against a reference, compare with a baseline, flag segments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..document import Document
from ..errors import TolkaError
from ..textio import check_parallel, split_lines
from .common import add_encoding_option, emit, read_user_file, read_user_lines

NAME = "evaluate"
HELP = "score a translation against a reference (BLEU, chrF, TER), test significance, flag suspect segments"
DESCRIPTION = (
    "Score HYP against REF with sacrebleu (BLEU 13a, chrF2, chrF2++, TER; corpus and per segment) and "
    "flag segments that may be mistranslated (numbers, names, quotation marks, length, Swedish left in, "
    "repetition).  HYP and REF are one-segment-per-line files of the same length; or HYP is a tolka JSON "
    "document (from `tolka translate --format json`) and REF an English reference article, which is then "
    "split into sentences and aligned to the document's segments before scoring bead by bead.  Without "
    "REF only the flags are computed (give --source for line files).  With --baseline, paired bootstrap "
    "resampling and approximate randomization (sacrebleu's) tell whether HYP differs from the baseline."
)
ORDER = 40


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("hyp", metavar="HYP", help="the translation: one segment per line, or a tolka JSON document")
    p.add_argument("ref", metavar="REF", nargs="?", help="the reference: one segment per line, or an English article for a JSON HYP")
    p.add_argument("--baseline", metavar="HYP2", help="a second translation of the same input to compare against (significance tests)")
    p.add_argument("--source", metavar="SRC", help="the Swedish source, one segment per line (line-file HYP): enables every fidelity check")
    p.add_argument("--metrics", default="bleu,chrf,chrf++,ter", help="comma-separated subset of bleu,chrf,chrf++,ter (default: all)")
    p.add_argument("--seed", type=int, default=12345, help="random seed of the significance tests (default 12345, sacrebleu's)")
    p.add_argument(
        "--paired-bs-n", type=int, default=1000, metavar="N", help="bootstrap resamples for --baseline (default 1000, sacrebleu's)"
    )
    p.add_argument(
        "--paired-ar-n",
        type=int,
        default=10000,
        metavar="N",
        help="approximate randomization trials for --baseline (default 10000, sacrebleu's)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    add_encoding_option(p)
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")


def _maybe_document(path: str, encoding: str) -> tuple[Document | None, str]:
    """A tolka JSON document (checked), or None and the text of a line file."""
    text = read_user_file(path, "hypothesis", encoding)
    if not text.lstrip().startswith("{"):
        return None, text
    fix = "give `tolka translate --format json` output or a one-segment-per-line file"
    return Document.loads(text, source=f"hypothesis {path}", fix=fix), text


def run(args: argparse.Namespace) -> int:
    from ..evaluate import document_report, evaluate_document, evaluate_lines, format_text
    from ..evaluate.metrics import parse_metrics

    metrics = parse_metrics(args.metrics)
    doc, hyp_text = _maybe_document(args.hyp, args.encoding)
    hyp_name, ref_name = Path(args.hyp).name, Path(args.ref).name if args.ref else None

    if doc is not None:
        if args.source:
            raise TolkaError("--source is for line files; a tolka JSON document already carries its Swedish source")
        reference = read_user_file(args.ref, "reference", args.encoding) if args.ref else None
        baseline = _baseline_for_document(args.baseline, len(doc.segments), args.encoding) if args.baseline else None
        if baseline is not None and reference is None:
            raise TolkaError("--baseline needs a reference: give REF")
        evaluate_document(
            doc,
            reference,
            metrics=metrics,
            baseline=baseline,
            seed=args.seed,
            bootstrap_samples=args.paired_bs_n,
            ar_trials=args.paired_ar_n,
        )
        result = document_report(doc)
        title = f"tolka evaluate: {hyp_name} (tolka document, {len(doc.segments)} segments)" + (
            f" against the reference article {ref_name}" if ref_name else ", fidelity flags only (no reference)"
        )
    else:
        hyps = split_lines(hyp_text)
        refs = read_user_lines(args.ref, "reference", args.encoding) if args.ref else None
        sources = read_user_lines(args.source, "source", args.encoding) if args.source else None
        if refs is not None:
            check_parallel((hyp_name, hyps), (str(ref_name), refs))
        if sources is not None:
            check_parallel((hyp_name, hyps), (f"the source {Path(args.source).name}", sources))
        if refs is None and sources is None:
            raise TolkaError("give REF to score HYP, or --source SRC to flag it without a reference")
        baseline = None
        if args.baseline:
            if refs is None:
                raise TolkaError("--baseline needs a reference: give REF")
            baseline = read_user_lines(args.baseline, "baseline", args.encoding)
            check_parallel((hyp_name, hyps), (f"the baseline {Path(args.baseline).name}", baseline))
        result = evaluate_lines(
            hyps,
            refs,
            sources=sources,
            baseline=baseline,
            metrics=metrics,
            seed=args.seed,
            bootstrap_samples=args.paired_bs_n,
            ar_trials=args.paired_ar_n,
        )
        title = f"tolka evaluate: {hyp_name}" + (f" against {ref_name}" if ref_name else "") + f", {len(hyps)} segments (one per line)"

    if args.format == "json":
        emit(json.dumps(result, ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        emit(format_text(result, title=title, document=doc is not None), args.output)
    return 0


def _baseline_for_document(path: str, n: int, encoding: str) -> list[str]:
    """A baseline for a document: another tolka JSON of the same article, or its translations one per line."""
    doc, text = _maybe_document(path, encoding)
    if doc is None:
        lines = split_lines(text)
    else:
        lines = [s.translation if s.translation is not None else s.source for s in doc.segments]
    check_parallel((f"the baseline {path}", lines), ("the document", range(n)), unit="segments")
    return lines

"""``tolka evaluate``: score a translation against a reference, compare with a baseline, flag segments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..document import Document
from ..errors import TolkaError
from .common import add_encoding_option, emit, read_user_file

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
    p.add_argument("--paired-bs-n", type=int, default=1000, metavar="N", help="bootstrap resamples for --baseline (default 1000, sacrebleu's)")
    p.add_argument("--paired-ar-n", type=int, default=10000, metavar="N", help="approximate randomization trials for --baseline (default 10000, sacrebleu's)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    add_encoding_option(p)
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")


def _lines(path: str, what: str, encoding: str) -> list[str]:
    text = read_user_file(path, what, encoding)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return lines


def _maybe_document(path: str, encoding: str) -> tuple[Document | None, str]:
    text = read_user_file(path, "hypothesis", encoding)
    if not text.lstrip().startswith("{"):
        return None, text
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or "segments" not in data or "text" not in data:
            raise ValueError("no 'text' and 'segments'")
        return Document.from_dict(data), text
    except (ValueError, TypeError, KeyError) as e:
        raise TolkaError(
            f"hypothesis {path} looks like JSON but is not a tolka document ({e}); "
            "give `tolka translate --format json` output or a one-segment-per-line file"
        ) from e


def run(args: argparse.Namespace) -> int:
    from ..evaluate import document_report, evaluate_document, evaluate_lines, format_text
    from ..evaluate.metrics import parse_metrics

    metrics = parse_metrics(args.metrics)
    doc, _ = _maybe_document(args.hyp, args.encoding)
    hyp_name, ref_name = Path(args.hyp).name, Path(args.ref).name if args.ref else None

    if doc is not None:
        if args.source:
            raise TolkaError("--source is for line files; a tolka JSON document already carries its Swedish source")
        reference = read_user_file(args.ref, "reference", args.encoding) if args.ref else None
        baseline = _baseline_for_document(args.baseline, len(doc.segments), args.encoding) if args.baseline else None
        if baseline is not None and reference is None:
            raise TolkaError("--baseline needs a reference: give REF")
        evaluate_document(
            doc, reference, metrics=metrics, baseline=baseline, seed=args.seed,
            bootstrap_samples=args.paired_bs_n, ar_trials=args.paired_ar_n,
        )
        result = document_report(doc)
        title = f"tolka evaluate: {hyp_name} (tolka document, {len(doc.segments)} segments)" + (
            f" against the reference article {ref_name}" if ref_name else ", fidelity flags only (no reference)"
        )
    else:
        hyps = _lines(args.hyp, "hypothesis", args.encoding)
        refs = _lines(args.ref, "reference", args.encoding) if args.ref else None
        sources = _lines(args.source, "source", args.encoding) if args.source else None
        if refs is not None and len(hyps) != len(refs):
            raise TolkaError(
                f"{hyp_name} has {len(hyps)} lines but {ref_name} has {len(refs)}; "
                "line files must have one segment per line, in the same order"
            )
        if sources is not None and len(sources) != len(hyps):
            raise TolkaError(f"{hyp_name} has {len(hyps)} lines but the source {Path(args.source).name} has {len(sources)}")
        if refs is None and sources is None:
            raise TolkaError("give REF to score HYP, or --source SRC to flag it without a reference")
        baseline = None
        if args.baseline:
            if refs is None:
                raise TolkaError("--baseline needs a reference: give REF")
            baseline = _lines(args.baseline, "baseline", args.encoding)
            if len(baseline) != len(hyps):
                raise TolkaError(
                    f"{hyp_name} has {len(hyps)} lines but the baseline {Path(args.baseline).name} has {len(baseline)}"
                )
        result = evaluate_lines(
            hyps, refs, sources=sources, baseline=baseline, metrics=metrics, seed=args.seed,
            bootstrap_samples=args.paired_bs_n, ar_trials=args.paired_ar_n,
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
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != n:
            raise TolkaError(f"the baseline {path} has {len(lines)} lines but the document has {n} segments")
        return lines
    if len(doc.segments) != n:
        raise TolkaError(f"the baseline document {path} has {len(doc.segments)} segments but the document has {n}")
    return [s.translation if s.translation is not None else s.source for s in doc.segments]

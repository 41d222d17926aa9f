"""``tolka batch IN -o OUT``: translate a folder of article folders."""

from __future__ import annotations

import argparse
import sys

NAME = "batch"
ORDER = 20
HELP = "translate every IN/<article>/article.sv.txt into OUT/<article>/ (resumable)"
DESCRIPTION = (
    "Translate a folder of article folders. Each IN/<article>/ holds article.sv.txt and optionally "
    "reference.en.txt (scored into scores.json) and memory.tsv or memory.tmx (a memory for that article only, used before --memory). "
    "Writes OUT/<article>/translation.en.txt, document.json and the chosen exports, plus "
    "OUT/index.html and OUT/summary.json. Up-to-date articles are skipped, so an interrupted run "
    "resumes. Exit status: 0 all articles ok, 1 some failed, 2 usage error."
)


def _export_list(value: str) -> list[str]:
    parts = [p.strip().lower() for p in value.split(",") if p.strip()]
    return [] if parts == ["none"] else parts


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .common import add_encoding_option, add_metrics_option, add_model_options

    p.add_argument("input", metavar="IN", help="folder of article folders (IN/<article>/article.sv.txt)")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="output folder (created if missing)")
    add_model_options(p)
    p.add_argument(
        "--export",
        metavar="FMT[,FMT]",
        type=_export_list,
        action="extend",
        help="export formats per article, comma-separated or repeated (default html,tmx; 'none' for none)",
    )
    add_metrics_option(p)
    add_encoding_option(p, what="each article.sv.txt (reference.en.txt and memory files are read on their own)")
    p.add_argument("--force", action="store_true", help="redo articles whose outputs are up to date")
    p.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes for segmenting and scoring articles (default: the CPUs available, "
        "for runs of 64+ articles to process; 1 = none). The outputs are the same for every N",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars on stderr (default: only on a terminal)",
    )


def run(args: argparse.Namespace) -> int:
    from ..batch import DEFAULT_EXPORTS, run_batch
    from .common import load_memory, make_translator

    exports = DEFAULT_EXPORTS if args.export is None else tuple(args.export)
    summary = run_batch(
        args.input,
        args.output,
        translator=make_translator(args),
        memory=load_memory(args),
        exports=exports,
        force=args.force,
        progress=args.progress,
        encoding=args.encoding,
        metrics=args.metrics,
        jobs=args.jobs,
    )
    t, r = summary["totals"], summary["run"]
    print(
        f"tolka: batch: {t['ok']} of {t['articles']} articles ok ({r['translated']} translated, "
        f"{r['skipped']} up to date), {t['failed']} failed; {t['sentences']} sentences "
        f"({t['mt']} MT, {t['memory']} memory, {t['passthrough']} passthrough) in {r['seconds']:.1f} s; "
        f"see {args.output}/index.html",
        file=sys.stderr,
    )
    return 0 if t["failed"] == 0 else 1


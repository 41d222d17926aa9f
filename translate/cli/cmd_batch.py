"""``tolka batch IN -o OUT``: translate a folder of article folders."""

from __future__ import annotations

import argparse
import sys

from ..errors import TolkaError

NAME = "batch"
ORDER = 20
HELP = "translate every IN/<article>/article.sv.txt (or every row of a JSONL/Parquet archive) into OUT (resumable)"
DESCRIPTION = (
    "Translate a folder of article folders. Each IN/<article>/ holds article.sv.txt and optionally "
    "reference.en.txt (scored into scores.json) and memory.tsv or memory.tmx (a memory for that article only, used before --memory). "
    "Writes OUT/<article>/translation.en.txt, document.json and the chosen exports, plus "
    "OUT/index.html and OUT/summary.json. IN may instead be a JSONL or Parquet file (or a folder of them) "
    "with one article a row (id, text, optional reference); OUT is then a Parquet dataset of one row per "
    "article plus OUT/summary.json. Up-to-date articles are skipped, so an interrupted run "
    "resumes. --engine ray runs the same stages on Ray Data (a local Ray, or a cluster), with the same outputs. "
    "Exit status: 0 all articles ok, 1 some failed, 2 usage error."
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


def _amount(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = -1.0
    if not n >= 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value!r}")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .common import add_encoding_option, add_metrics_option, add_model_options

    p.add_argument(
        "input", metavar="IN", help="folder of article folders (IN/<article>/article.sv.txt), or a JSONL/Parquet file or folder of them"
    )
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
    g = p.add_argument_group("engine")
    g.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="where the articles are processed (default local; ray needs tolka[ray])"
    )
    g.add_argument(
        "--ray-address",
        metavar="ADDR",
        default=None,
        help="Ray cluster to run on, host:port of its head (default: RAY_ADDRESS if set, else a local Ray for this run)",
    )
    g.add_argument(
        "--workers",
        type=_jobs,
        default=None,
        metavar="N",
        help="translation actors, each with its own model (default: GPUs / --gpus-per-worker, else 1)",
    )
    g.add_argument("--cpus-per-worker", type=_amount, default=1.0, metavar="C", help="CPUs each translation actor reserves (default 1)")
    g.add_argument(
        "--gpus-per-worker",
        type=_amount,
        default=None,
        metavar="G",
        help="GPUs each translation actor reserves, e.g. 1 or 0.5 (with --device cuda; default 1 there)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars on stderr (default: only on a terminal)",
    )


def run(args: argparse.Namespace) -> int:
    from .common import load_memory, make_translator

    exports = None if args.export is None else tuple(args.export)
    common = dict(
        translator=make_translator(args),
        memory=load_memory(args),
        exports=exports,
        force=args.force,
        progress=args.progress,
        encoding=args.encoding,
        metrics=args.metrics,
    )
    if args.engine == "ray":
        if args.jobs is not None:
            raise TolkaError("--jobs is for --engine local; the Ray engine sizes its CPU stages itself (see --workers, --cpus-per-worker)")
        from ..raybatch import run_batch_ray

        summary = run_batch_ray(
            args.input,
            args.output,
            address=args.ray_address,
            workers=args.workers,
            cpus_per_worker=args.cpus_per_worker,
            gpus_per_worker=args.gpus_per_worker,
            **common,
        )
    else:
        ray_only = [
            f
            for f, v in (("--ray-address", args.ray_address), ("--workers", args.workers), ("--gpus-per-worker", args.gpus_per_worker))
            if v is not None
        ]
        if ray_only or args.cpus_per_worker != 1.0:
            option = ray_only[0] if ray_only else "--cpus-per-worker"
            raise TolkaError(f"{option} is for --engine ray; add --engine ray (the local engine uses --jobs)")
        from ..batch import run_batch

        summary = run_batch(args.input, args.output, jobs=args.jobs, **common)
    t, r = summary["totals"], summary["run"]
    where = f"{args.output}/{'index.html' if r['kind'] == 'folders' else 'summary.json'}"
    print(
        f"tolka: batch: {t['ok']} of {t['articles']} articles ok ({r['translated']} translated, "
        f"{r['skipped']} up to date), {t['failed']} failed; {t['sentences']} sentences "
        f"({t['mt']} MT, {t['memory']} memory, {t['passthrough']} passthrough) in {r['seconds']:.1f} s; "
        f"see {where}",
        file=sys.stderr,
    )
    return 0 if t["failed"] == 0 else 1

#!/usr/bin/env python3
"""Benchmark ``tolka batch`` on the 123 NTREX-128 newstest2019 documents as article folders.

Each document becomes ``<tmp>/in/<docid>/article.sv.txt`` (one line per paragraph) with its
``.en`` lines as ``reference.en.txt`` (so every article is also aligned, scored and flagged).

1. memory run: the ``.mt`` lines as a translation memory (TSV), a translator whose model folder
   does not exist -- loading it would fail -- so the run proves no sentence reached the model.
   Reports wall time (target < 10 s for all 123) and the resume run (everything up to date).
2. model run: no memory, a tiny random Marian model (translate.testing), cache off.
   Reports articles/s and sentences/s.

Run from the project root:  python scripts/bench_batch.py [--data ../shared/data/ntrex128]
[--exports html,tmx] [--skip-model].  Timings are noisy on a shared machine; run it twice.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.batch import run_batch  # noqa: E402


def make_articles(data: Path, root: Path, reference: bool = True) -> tuple[Path, Path, int]:
    """Write the article folders and the .mt memory; return (IN, memory.tsv, number of lines)."""
    read = lambda ext: (data / f"newstest2019.{ext}").read_text(encoding="utf-8").split("\n")[:-1]  # noqa: E731
    sv, en, mt, ids = read("sv"), read("en"), read("mt"), read("docids")
    assert len(sv) == len(en) == len(mt) == len(ids), "NTREX files are not line-aligned"
    docs: OrderedDict[str, list[int]] = OrderedDict()
    for i, d in enumerate(ids):
        docs.setdefault(d, []).append(i)
    src = root / "in"
    pairs: list[tuple[str, str]] = []
    for d, lines in docs.items():
        folder = src / d
        folder.mkdir(parents=True)
        text = "\n\n".join(sv[i] for i in lines) + "\n"
        (folder / "article.sv.txt").write_text(text, encoding="utf-8")
        if reference:
            (folder / "reference.en.txt").write_text("\n\n".join(en[i] for i in lines) + "\n", encoding="utf-8")
        pairs.extend(memory_pairs(text, [mt[i] for i in lines]))
    memory = root / "memory.tsv"
    memory.write_text("".join(f"{s}\t{m}\n" for s, m in pairs), encoding="utf-8")
    return src, memory, len(sv)


def memory_pairs(article: str, mt_lines: list[str]) -> list[tuple[str, str]]:
    """(Swedish sentence, English) pairs covering every sentence tolka finds in ``article``.

    The article has one paragraph per line.  About 4 % of the .sv lines hold two sentences
    (tolka splits them) where the .mt line is one unit.  Such a line's .mt is split into as many
    sentences when the counts agree, else into word runs in proportion to the Swedish sentences'
    lengths, so the pieces joined give the .mt line back and the memory covers every sentence.
    """
    from translate.pipeline import prepare_document
    from translate.segmenter import split_sentences

    doc = prepare_document(article)
    by_para: dict[int, list[str]] = {}
    for seg in doc.segments:
        by_para.setdefault(seg.paragraph, []).append(seg.source)
    assert len(by_para) == len(mt_lines), "a line did not become one paragraph"
    pairs: list[tuple[str, str]] = []
    for segs, m in zip((by_para[k] for k in sorted(by_para)), mt_lines):
        if len(segs) == 1:
            pairs.append((segs[0], m))
            continue
        STATS["several"] += 1
        pieces = [m[a:b] for a, b in split_sentences(m, lang="en")]
        if len(pieces) != len(segs):
            STATS["by_length"] += 1
            words = m.split()
            total = sum(len(x) for x in segs)
            pieces, used, acc = [], 0, 0
            for i, x in enumerate(segs):
                acc += len(x)
                end = len(words) if i == len(segs) - 1 else max(used + 1, round(len(words) * acc / total))
                pieces.append(" ".join(words[used:end]) or m)
                used = end
        pairs.extend(zip(segs, pieces))
    return pairs


STATS = {"several": 0, "by_length": 0}


def _cpu() -> float:
    """CPU seconds of this process only: --jobs workers are children of the forkserver, not of it."""
    return time.process_time()


def report(label: str, summary: dict, seconds: float, cpu: float) -> None:
    t, r = summary["totals"], summary["run"]
    print(
        f"{label}: {t['ok']}/{t['articles']} articles ok, {t['failed']} failed; {t['sentences']} sentences "
        f"({t['mt']} MT, {t['memory']} memory, {t['passthrough']} passthrough); "
        f"{r['translated']} translated, {r['skipped']} up to date; model loaded: {r['model_loaded']}; "
        f"{seconds:.2f} s wall ({cpu:.2f} s CPU in this process, workers not counted) = {t['articles'] / seconds:.1f} articles/s, "
        f"{t['sentences'] / seconds:.0f} sentences/s"
    )
    for row in summary["articles"]:
        if row["status"] != "ok":
            print(f"  failed {row['article']}: {row['error']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--exports", default="html,tmx")
    ap.add_argument("--skip-model", action="store_true", help="only the memory run")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: as tolka batch; 1 = serial)")
    ap.add_argument("--no-reference", action="store_true", help="no reference.en.txt: no alignment or scores (flags only)")
    ap.add_argument("--metrics", default=None, help="reference metrics, e.g. bleu,chrf,chrf++,ter (default: as tolka batch)")
    add_engine_arguments(ap)
    args = ap.parse_args()
    if args.engine != "local" or args.worker or args.driver_rows or args.ray_floor:
        return engine_bench(args)
    if not (args.data / "newstest2019.sv").exists():
        print(f"NTREX data not found at {args.data} (pass --data)", file=sys.stderr)
        return 2
    exports = tuple(e for e in args.exports.split(",") if e and e != "none")
    metrics = {} if args.metrics is None else {"metrics": args.metrics}

    from translate.translator import Translator

    with tempfile.TemporaryDirectory(prefix="tolka-bench-batch-") as tmp:
        root = Path(tmp)
        src, memory, n_lines = make_articles(args.data, root, reference=not args.no_reference)
        print(f"{len(list(src.iterdir()))} article folders, {n_lines} lines; exports: {','.join(exports) or 'none'}")
        print(
            f"memory: {STATS['several']} lines are several sentences for tolka; their .mt split "
            f"{STATS['several'] - STATS['by_length']} by sentence, {STATS['by_length']} by length"
        )

        nomodel = Translator(str(root / "no-such-model"), cache=False)  # loading it would raise
        t0, c0 = time.perf_counter(), _cpu()
        s = run_batch(
            src, root / "out-memory", translator=nomodel, memory=memory, exports=exports, progress=False, jobs=args.jobs, **metrics
        )
        report("memory run (.mt as memory, no model)", s, time.perf_counter() - t0, _cpu() - c0)
        if nomodel.loaded or s["run"]["model_loaded"]:
            print("ERROR: the model was loaded during the memory run", file=sys.stderr)
            return 1
        t0, c0 = time.perf_counter(), _cpu()
        s = run_batch(
            src, root / "out-memory", translator=nomodel, memory=memory, exports=exports, progress=False, jobs=args.jobs, **metrics
        )
        report("resume run (all up to date)", s, time.perf_counter() - t0, _cpu() - c0)

        if not args.skip_model:
            from translate.testing import TINY, build_random_marian

            model_dir = build_random_marian(root / "tiny-model", TINY)
            tiny = Translator(str(model_dir), cache=False)
            t0, c0 = time.perf_counter(), _cpu()
            s = run_batch(src, root / "out-model", translator=tiny, exports=exports, progress=False, jobs=args.jobs, **metrics)
            report("tiny random model run (no memory, no cache)", s, time.perf_counter() - t0, _cpu() - c0)
    return 0


# -- engines: `--engine ray|both` -------------------------------------------------------------------
#
#   python scripts/bench_batch.py --engine ray                 # the Ray engine: folders and one JSONL,
#                                                              # memory only and the tiny model
#   python scripts/bench_batch.py --engine both --rounds 3     # both engines, alternating run by run
#
# Every measured run is its own process (the driver's peak RSS is its own); the Ray runs start a
# local Ray first, as `tolka batch --engine ray` does, timed apart from the run itself.

ENGINE_INPUTS = ("folders", "jsonl")
ENGINE_MODES = ("memory", "model")


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return n


def add_engine_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument(
        "--engine",
        choices=("local", "ray", "both"),
        default="local",
        help="local: the runs above; ray or both: each engine on the articles as folders and as one JSONL",
    )
    ap.add_argument("--inputs", default=",".join(ENGINE_INPUTS), help="with --engine ray|both: folders, jsonl or both")
    ap.add_argument("--modes", default=",".join(ENGINE_MODES), help="with --engine ray|both: memory (no model), model (tiny random model)")
    ap.add_argument("--rounds", type=positive, default=1, help="with --engine ray|both: repeat every run, engines alternating")
    ap.add_argument(
        "--copies", type=positive, default=1, help="with --engine ray|both: each article K times (under other names), for larger runs"
    )
    ap.add_argument(
        "--driver-rows",
        type=positive,
        default=None,
        metavar="N",
        help="instead: what the driver spends on an N-row JSONL of the NTREX articles (checking it; the summary rows)",
    )
    ap.add_argument(
        "--ray-floor",
        type=positive,
        default=None,
        metavar="N",
        help="instead: Ray Data's own cost for N articles -- the Ray engine's stages, blocks and actor pool, each stage doing nothing",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)


def make_jsonl(src: Path, path: Path) -> Path:
    """The article folders as one JSONL file (id = the NTREX docid, text, reference)."""
    import json

    with path.open("w", encoding="utf-8") as f:
        for folder in sorted(src.iterdir()):
            row = {"id": folder.name, "text": (folder / "article.sv.txt").read_text(encoding="utf-8")}
            if (folder / "reference.en.txt").exists():
                row["reference"] = (folder / "reference.en.txt").read_text(encoding="utf-8")
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def engine_worker(spec: dict) -> dict:
    """One measured run (in its own process): the summary's counts, wall time, the driver's peak RSS."""
    from translate.translator import Translator

    translator = Translator(spec["model"], cache=False)
    kwargs = dict(translator=translator, memory=spec["memory"], exports=spec["exports"], progress=False, **spec["metrics"])
    start_s = 0.0
    if spec["engine"] == "ray":
        import ray

        from translate.raybatch import run_batch_ray
        from translate.raybatch.engine import local_ray_cpus

        t0 = time.perf_counter()  # the local Ray `tolka batch --engine ray` would start, timed apart
        ray.init(include_dashboard=False, num_cpus=local_ray_cpus(None, 1.0), logging_level="ERROR", log_to_driver=False)
        start_s = time.perf_counter() - t0
        run = lambda: run_batch_ray(spec["input"], spec["out"], **kwargs)  # noqa: E731
    else:
        run = lambda: run_batch(spec["input"], spec["out"], jobs=spec["jobs"], **kwargs)  # noqa: E731
    t0 = time.perf_counter()
    summary = run()
    wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = run()
    resume = time.perf_counter() - t0
    if spec["engine"] == "ray":
        ray.shutdown()
    return {
        "wall_s": wall,
        "start_s": start_s,
        "resume_s": resume,
        "rss_mb": _peak_rss_mb(),
        "articles": summary["totals"]["articles"],
        "ok": summary["totals"]["ok"],
        "sentences": summary["totals"]["sentences"],
        "mt": summary["totals"]["mt"],
        "memory": summary["totals"]["memory"],
        "translated": summary["run"]["translated"],
        "resumed_skipped": again["run"]["skipped"],
        "model_loaded": summary["run"]["model_loaded"],
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def driver_cost(data: Path, n: int) -> int:
    """The driver's share that grows with the archive: checking every row, and the summary rows."""
    import json

    from translate.batch import datasets

    with tempfile.TemporaryDirectory(prefix="tolka-bench-driver-") as tmp:
        src, _, _ = make_articles(data, Path(tmp))
        articles = make_jsonl(src, Path(tmp) / "ntrex.jsonl").read_text(encoding="utf-8").splitlines()
        big = Path(tmp) / "big.jsonl"
        with big.open("w", encoding="utf-8") as f:
            for k in range(n):
                row = json.loads(articles[k % len(articles)])
                f.write(json.dumps({**row, "id": f"doc-{k:08d}"}, ensure_ascii=False) + "\n")
        datasets.require_pyarrow("the benchmark")
        r0, t0, c0 = _rss_mb(), time.perf_counter(), time.process_time()
        scanned = datasets.scan(str(big))
        wall, cpu, grown = time.perf_counter() - t0, time.process_time() - c0, _rss_mb() - r0
        size = big.stat().st_size
        print(
            f"checking {len(scanned.ids)} rows ({size / 1e6:.0f} MB): {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({cpu / n * 1e6:.0f} us a row, {size / 1e6 / cpu:.0f} MB/s), +{grown:.1f} MB RSS ({grown * 2**20 / n:.0f} bytes a row)"
        )
        # what summary.json records of an NTREX article, as the driver holds it
        row = {
            "article": "doc-00000000",
            "status": "ok",
            "error": None,
            "sentences": 16,
            "mt": 15,
            "memory": 0,
            "passthrough": 1,
            "quotes": 2,
            "quote_links": 1,
            "scores": {"bleu": 43.21, "chrf": 66.1, "chrf++": 64.3},
            "flags": 3,
            "flag_kinds": {"name": 2, "number": 1},
            "outputs": ["translation", "document", "scores"],
        }
        text = json.dumps(row)
        r0 = _rss_mb()
        rows = {}
        for k in range(n):
            held = json.loads(text)
            held["article"] = f"doc-{k:08d}"
            rows[held["article"]] = held
        grown = _rss_mb() - r0
        print(f"holding {len(rows)} summary rows: +{grown:.1f} MB RSS ({grown * 2**20 / n:.0f} bytes a row)")
    return 0


def _unchanged(batch):
    return batch


class _UnchangedActor:
    def __call__(self, batch):
        return batch


def ray_floor(n: int) -> int:
    """What Ray Data costs before any article's work: the Ray engine's pipeline over N rows (its
    block size, its actor pool, the repartition after translation, its local Ray's CPUs) with
    every stage returning its batch unchanged."""
    import pyarrow as pa
    import ray

    from translate.raybatch import engine

    t0 = time.perf_counter()
    ray.init(num_cpus=engine.local_ray_cpus(None, 1.0), include_dashboard=False, log_to_driver=False)
    t1 = time.perf_counter()
    try:
        task = {**engine.TASK_ARGS}
        table = pa.table({"name": [f"article-{i}" for i in range(n)]})
        rows = engine.ARTICLES_PER_TASK
        ds = ray.data.from_arrow([table.slice(i, rows) for i in range(0, n, rows)])
        ds = ds.map_batches(_unchanged, **task)
        actor = ray.data.ActorPoolStrategy(size=1)
        ds = ds.map_batches(_UnchangedActor, batch_size=engine.ARTICLES_PER_MT_BATCH, batch_format="pyarrow", num_cpus=1, compute=actor)
        ds = ds.repartition(target_num_rows_per_block=rows).map_batches(_unchanged, **task)
        got = sum(b.num_rows for b in ds.iter_batches(batch_size=None, batch_format="pyarrow"))
        t2 = time.perf_counter()
    finally:
        ray.shutdown()
    print(
        f"Ray Data, the Ray engine's pipeline with stages that do nothing, {got} rows: {t2 - t1:.2f} s (starting the local Ray: {t1 - t0:.2f} s)"
    )
    return 0 if got == n else 1


def engine_bench(args: argparse.Namespace) -> int:
    import json
    import os
    import shutil
    import subprocess

    if args.driver_rows:
        return driver_cost(args.data, args.driver_rows)
    if args.ray_floor:
        return ray_floor(args.ray_floor)
    if args.worker:
        spec = json.loads(Path(args.worker).read_text(encoding="utf-8"))
        Path(spec["result"]).write_text(json.dumps(engine_worker(spec)), encoding="utf-8")
        return 0
    if not (args.data / "newstest2019.sv").exists():
        print(f"NTREX data not found at {args.data} (pass --data)", file=sys.stderr)
        return 2
    engines = ("local", "ray") if args.engine == "both" else (args.engine,)
    inputs = [i for i in args.inputs.split(",") if i]
    modes = [m for m in args.modes.split(",") if m]
    exports = [e for e in args.exports.split(",") if e and e != "none"]
    metrics = {} if args.metrics is None else {"metrics": args.metrics}
    with tempfile.TemporaryDirectory(prefix="tolka-bench-engines-") as tmp:
        root = Path(tmp)
        src, memory, n_lines = make_articles(args.data, root, reference=not args.no_reference)
        for folder in sorted(src.iterdir()) if args.copies > 1 else []:
            for k in range(1, args.copies):
                shutil.copytree(folder, src / f"{folder.name}-copy{k}")
        sources = {"folders": str(src), "jsonl": str(make_jsonl(src, root / "articles.jsonl"))}
        os.environ.setdefault("TOLKA_CACHE_DIR", str(root / "cache"))  # the conversion below, shared by every run
        model = str(root / "no-such-model")
        if "model" in modes:
            from translate.testing import TINY, build_random_marian

            tiny = str(build_random_marian(root / "tiny-model", TINY))
            # CTranslate2 converts a model on first use: once here, outside every measured run
            from translate.translator import Translator

            Translator(tiny, cache=False).load()
        print(
            f"{len(list(src.iterdir()))} articles, {n_lines} lines; exports: {','.join(exports) or 'none'}; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"
        )
        results: list[tuple[int, str, str, str, dict]] = []
        n = 0
        for rnd in range(args.rounds):
            for inp in inputs:
                for mode in modes:
                    # engines alternate run by run, so both see the same machine load
                    for engine in engines if (rnd + n) % 2 == 0 else tuple(reversed(engines)):
                        n += 1
                        spec = {
                            "engine": engine,
                            "input": sources[inp],
                            "out": str(root / f"out-{n}"),
                            "model": tiny if mode == "model" else model,
                            "memory": str(memory) if mode == "memory" else None,
                            "exports": exports,
                            "metrics": metrics,
                            "jobs": args.jobs,
                            "result": str(root / f"result-{n}.json"),
                        }
                        (root / f"spec-{n}.json").write_text(json.dumps(spec), encoding="utf-8")
                        subprocess.run([sys.executable, __file__, "--worker", str(root / f"spec-{n}.json")], check=True)
                        r = json.loads((root / f"result-{n}.json").read_text(encoding="utf-8"))
                        results.append((rnd, engine, inp, mode, r))
                        print(
                            f"  round {rnd + 1} {engine:5} {inp:7} {mode:6}: {r['wall_s']:6.2f} s run"
                            + (f" + {r['start_s']:.1f} s Ray start" if engine == "ray" else "")
                            + f", {r['articles'] / r['wall_s']:5.1f} articles/s, driver peak RSS {r['rss_mb']:.0f} MB, "
                            f"{r['ok']}/{r['articles']} ok ({r['mt']} MT, {r['memory']} memory), resume {r['resume_s']:.2f} s "
                            f"({r['resumed_skipped']} up to date), model loaded: {r['model_loaded']}",
                            flush=True,
                        )
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}; medians over {args.rounds} round(s):")
        print(
            f"{'input':8} {'mode':7} {'engine':6} {'run s':>7} {'+start s':>8} {'art/s':>6} {'RSS MB':>7}  ratio ray/local (run; with start)"
        )
        for inp in inputs:
            for mode in modes:
                med = {}
                for engine in engines:
                    rs = [r for _, e, i, m, r in results if (e, i, m) == (engine, inp, mode)]
                    med[engine] = {k: statistics.median(r[k] for r in rs) for k in ("wall_s", "start_s", "rss_mb")}
                    med[engine]["articles"] = rs[0]["articles"]
                for engine in engines:
                    m = med[engine]
                    ratio = ""
                    if engine == "ray" and "local" in med:
                        ratio = (
                            f"  {m['wall_s'] / med['local']['wall_s']:.2f}x; {(m['wall_s'] + m['start_s']) / med['local']['wall_s']:.2f}x"
                        )
                    print(
                        f"{inp:8} {mode:7} {engine:6} {m['wall_s']:7.2f} {m['start_s']:8.1f} {m['articles'] / m['wall_s']:6.1f} "
                        f"{m['rss_mb']:7.0f}{ratio}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

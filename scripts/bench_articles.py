#!/usr/bin/env python3
"""Whole articles: ``tolka batch`` against the recipe users would write themselves.

The first 50 NTREX-128 newstest2019 documents become article folders (``IN/<docid>/article.sv.txt``,
one paragraph per line, no reference). Both sides translate them with the random-weight model of
opus-mt-sv-en's shape (scripts/bench_translate.py builds it), cache off, at realistic lengths:
every sentence decodes the token count of its real OPUS-MT translation (NTREX's .mt, split like
scripts/bench_batch.py splits it where tolka finds two sentences in one line), see
scripts/real_lengths.py.

* tolka: ``run_batch(IN, OUT, translator=Translator(MODEL, cache=False))``, which is what
  ``tolka batch IN -o OUT --model MODEL --no-cache`` runs: default backend (CTranslate2 int8 when
  installed), beams from the model (6), batches of 16, exports html,tmx, fidelity flags, quote
  linking. CTranslate2 takes one length per batch, so each batch decodes its sentences' mean
  real length (``--rule max``: their longest, a pessimistic bound; ``--rule mean max``: both).
* the recipe: per article, its sentences in one padded batch through ``MarianMTModel.generate``
  with the model's defaults (6 beams), each sentence decoding exactly its real length, the
  translations written to a file per article. It gets the sentences tolka sends to the model
  (tolka's segmentation, prepared beforehand and not timed), so both translate the same
  sentences, which is checked.

Each side runs in its own process: wall time from loading the model to the last file written
(imports and the one-off CTranslate2 conversion excluded), peak RSS. Then a table of where
``tolka batch`` spends its time, measured by wrapping its stage functions from outside (exclusive
time: a stage called inside another counts once, in itself).

    python scripts/bench_articles.py --rule mean max       # 50 articles (the README's numbers)
    python scripts/bench_articles.py --articles 5          # a quick look
    python scripts/bench_articles.py --device cuda         # on a GPU (scripts/bench_gpu.sh runs this)
    python scripts/bench_articles.py --profile tolka.prof  # cProfile of the tolka side too
    python scripts/bench_articles.py --workers 2           # tolka's CTranslate2 two batches side by side

Needs ../shared/data/ntrex128.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import os
import sys
import tempfile
import time
import warnings
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench_translate  # noqa: E402  (the model, the worker plumbing)
import real_lengths  # noqa: E402

NTREX = bench_translate.NTREX

#: (label, module, attribute) of the stage functions timed inside tolka batch. A target that has
#: moved is reported and left out (its time then shows under "other").
STAGES = [
    ("segmentation", "translate.segmenter", "segment_article"),
    ("segmentation", "translate.segmenter", "split_sentences"),
    ("language ID", "translate.langid", "tag_document"),
    ("quotes: marking", "translate.quotes", "mark_quotes"),
    ("quotes: linking", "translate.quotes", "link_quotes"),
    ("MT: loading the model", "translate.translator", "Translator.load"),
    ("MT: translating", "translate.translator", "Translator.translate"),
    ("fidelity flags", "translate.evaluate", "evaluate_document"),
    ("exports (html, tmx)", "translate.export", "render_exports"),
    ("document.json", "translate.document", "Document.to_json"),
    ("writing files and manifests", "translate.batch.store", "write_article"),
    ("index.html, summary.json", "translate.batch.runner", "render_index"),
]


# -- the articles ----------------------------------------------------------------------------------


def make_articles(root: Path, n_articles: int) -> dict:
    """Write ``root/in/<docid>/article.sv.txt`` for the first documents; return what both sides need.

    ``pairs``: (Swedish sentence, its real English) for every sentence tolka finds;
    ``recipe``: per article, the sentences tolka sends to the model, in order.
    """
    from bench_batch import memory_pairs

    from translate.pipeline import prepare_document

    read = lambda ext: (NTREX / f"newstest2019.{ext}").read_text(encoding="utf-8").split("\n")[:-1]  # noqa: E731
    sv, mt, ids = read("sv"), read("mt"), read("docids")
    docs: OrderedDict[str, list[int]] = OrderedDict()
    for i, d in enumerate(ids):
        docs.setdefault(d, []).append(i)
    pairs: list[tuple[str, str]] = []
    recipe: dict[str, list[str]] = {}
    for d in list(docs)[:n_articles]:
        lines = docs[d]
        text = "\n\n".join(sv[i] for i in lines) + "\n"
        folder = root / "in" / d
        folder.mkdir(parents=True)
        (folder / "article.sv.txt").write_text(text, encoding="utf-8")
        pairs += memory_pairs(text, [mt[i] for i in lines])
        recipe[d] = [seg.source for seg in prepare_document(text).segments if seg.needs_mt]
    return {"pairs": pairs, "recipe": recipe}


def _table(model: str, pairs: list[list[str]]) -> real_lengths.LengthTable:
    from translate.backends.tokenizer import load_tokenizer

    return real_lengths.LengthTable.build(load_tokenizer(Path(model)), pairs)


# -- timing the stages from outside ------------------------------------------------------------------


class StageClock:
    """Exclusive wall time per stage label, from wrappers around the stage functions.

    ``calls`` counts the outermost call of each label only (segment_article calling
    split_sentences is one segmentation call).
    """

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.missing: list[str] = []
        self._inner: list[float] = []  # time spent in wrapped calls nested in each open call
        self._open: Counter[str] = Counter()

    def _wrap(self, label: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            self._inner.append(0.0)
            self._open[label] += 1
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                inner = self._inner.pop()
                self._open[label] -= 1
                self.seconds[label] += elapsed - inner
                self.calls[label] += 0 if self._open[label] else 1
                if self._inner:
                    self._inner[-1] += elapsed

        return timed

    def install(self, stages=STAGES) -> None:
        for label, module, attr in stages:
            try:
                owner = importlib.import_module(module)
                *path, name = attr.split(".")
                for part in path:
                    owner = getattr(owner, part)
                fn = getattr(owner, name)
            except (ImportError, AttributeError):
                self.missing.append(f"{module}.{attr}")
                continue
            setattr(owner, name, self._wrap(label, fn))


# -- the two sides, each in its own process ---------------------------------------------------------


def tolka_side(spec: dict) -> dict:
    from translate.batch import run_batch
    from translate.translator import Translator

    if spec.get("threads") or spec.get("workers"):
        import translate.backends.ct2 as ct2

        if spec.get("threads"):
            ct2.default_threads = lambda: spec["threads"]
        if spec.get("workers"):
            ct2.default_workers = lambda device, threads: spec["workers"]

    data = json.loads(Path(spec["data"]).read_text(encoding="utf-8"))
    table = _table(spec["model"], data["pairs"])
    record = real_lengths.Record()
    tr = Translator(spec["model"], cache=False, device=spec["device"])  # tolka batch's defaults, --no-cache
    clock = StageClock()
    clock.install()
    load = tr.load  # after install(): the timed method

    loaded = []

    def load_and_force():  # the benchmark's hook: the product's Translator itself is untouched
        backend = load()
        if not loaded:
            real_lengths.install(backend, table, spec["rule"], record)
            loaded.append(backend)
        return backend

    tr.load = load_and_force
    profiler = None
    if spec.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    with profiler or contextlib.nullcontext():
        summary = run_batch(spec["in"], spec["out"], translator=tr, progress=False, jobs=spec.get("jobs"))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if profiler is not None:
        profiler.dump_stats(spec["profile"])
    if not loaded:
        raise RuntimeError("tolka batch never loaded the model: nothing was translated")
    backend = loaded[0]
    # A sentence with an English quotation inside goes to the model masked (and, where the model
    # drops the placeholder, as pieces): rows the recipe never decodes, for sentences it decodes whole.
    from translate.document import Document

    inline = set()
    for path in Path(spec["out"]).rglob("document.json"):
        for seg in Document.from_json(path.read_text(encoding="utf-8")).segments:
            if seg.origin == "mt" and seg.spans:
                inline.add(seg.source)
    sources = set(record.sources)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": bench_translate._peak_rss_mb(),
        "stages": dict(clock.seconds),
        "calls": dict(clock.calls),
        "missing": clock.missing,
        "record": record.totals(),
        "sources": [list(s) for s in sorted(sources)],
        "unknown": table.unknown,
        "inline_sentences": len(inline),
        "unknown_sources": len(sources - set(table.lengths)),
        "totals": summary["totals"],
        "failed": [r["article"] for r in summary["articles"] if r["status"] != "ok"],
        "backend": f"{backend.name} {backend.compute_type}",
        "beams": tr.settings.beams,
        "batch_size": tr.batch_size,
        "threads": bench_translate._threads(backend),
    }


def recipe_side(spec: dict) -> dict:
    """The plain recipe: load, then per article one padded generate() with the model's defaults."""
    data = json.loads(Path(spec["data"]).read_text(encoding="utf-8"))
    table = _table(spec["model"], data["pairs"])
    record = real_lengths.Record()
    out_dir = Path(spec["out"])
    out_dir.mkdir(parents=True, exist_ok=True)
    import torch

    if spec.get("threads"):
        torch.set_num_threads(spec["threads"])
    t0, c0 = time.perf_counter(), time.process_time()
    from transformers import MarianMTModel, MarianTokenizer

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        tokenizer = MarianTokenizer.from_pretrained(spec["model"])
    model = MarianMTModel.from_pretrained(spec["model"]).to(spec["device"])
    load_s = time.perf_counter() - t0
    real_lengths.force_generate(model, table, "row", record)  # the benchmark's hook, outside the recipe
    for article, sentences in data["recipe"].items():
        english: list[str] = []
        if sentences:
            batch = tokenizer(sentences, return_tensors="pt", padding=True).to(spec["device"])
            english = tokenizer.batch_decode(model.generate(**batch), skip_special_tokens=True)
        (out_dir / f"{article}.en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    if spec["device"] == "cuda":
        torch.cuda.synchronize()
    return {
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "load_s": load_s,
        "peak_rss_mb": bench_translate._peak_rss_mb(),
        "record": record.totals(),
        "sources": [list(s) for s in sorted(set(record.sources))],
        "unknown": table.unknown,
        "beams": model.generation_config.num_beams,
        "threads": torch.get_num_threads(),
    }


def run_side(side: str, spec: dict, work: Path) -> dict:
    return bench_translate.run_worker({"articles_side": side, **spec}, work, script=__file__)


def worker(spec: dict) -> dict:
    return {"tolka": tolka_side, "recipe": recipe_side}[spec["articles_side"]](spec)


# -- report -------------------------------------------------------------------------------------------


def report(args, data: dict, tolkas: dict[str, dict], recipe: dict) -> dict:
    """Print the comparison (one tolka row per length rule) and the first rule's stage table."""
    n = args.articles
    tolka = tolkas[args.rule[0]]
    rows = sum(len(s) for s in data["recipe"].values())
    distinct = {tuple(s) for s in recipe["sources"]}

    def same_work(t: dict) -> bool:
        # Equal, but for the sentences with English quotations inside: tolka decodes those in other
        # forms (masked, pieces), rows that have no real length and that the recipe never sees.
        decoded = {tuple(s) for s in t["sources"]}
        return (
            len(distinct - decoded) == t["inline_sentences"]
            and len(decoded - distinct) == t["unknown_sources"]
            and t["totals"]["mt"] == rows
            and not t["failed"]
        )

    same = all(same_work(t) for t in tolkas.values())
    per_hour = lambda r: n / r["wall_s"] * 3600  # noqa: E731
    ratios = {rule: per_hour(t) / per_hour(recipe) for rule, t in tolkas.items()}
    print(
        f"\n{n} NTREX articles, {tolka['totals']['sentences']} sentences ({rows} to the model); random weights of "
        f"opus-mt-sv-en's shape ({args.model_shape}), realistic lengths, cache off, device {args.device}; "
        f"load average now {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':66} {'wall s':>7} {'articles/h':>10} {'cpu s':>7} {'peak RSS':>9} {'tokens':>7} {'row-steps':>9}")
    sides = [(f"recipe: generate(), a padded batch per article, {recipe['beams']} beams", recipe)]
    for rule, t in tolkas.items():
        sides.append((f"tolka batch: {t['backend']}, {t['beams']} beams, batches of {t['batch_size']} ({rule} lengths)", t))
    for label, r in sides:
        rec = r["record"]
        print(
            f"{label:66} {r['wall_s']:>7.1f} {per_hour(r):>10.0f} {r['cpu_s']:>7.1f} {r['peak_rss_mb']:>6.0f} MB "
            f"{rec['forced_tokens']:>7} {rec['row_steps']:>9}"
        )
    for rule, t in tolkas.items():
        verdict = "met" if ratios[rule] >= 4 else "NOT met"
        print(
            f"tolka batch ({rule} lengths) / recipe: {ratios[rule]:.2f}x the articles per hour (target >= 4x: {verdict}); "
            f"{recipe['cpu_s'] / t['cpu_s']:.2f}x in CPU time; tolka's threads: {t['threads']}"
        )
    print(
        f"same sentences translated: {'yes' if same else 'NO'} ({len(distinct)} distinct sentences; the recipe decoded "
        f"{recipe['record']['rows']} rows, tolka {tolka['record']['rows']}, its summary counts {tolka['totals']['mt']} MT "
        f"segments{', failed: ' + ', '.join(tolka['failed']) if tolka['failed'] else ''}; "
        f"{tolka['inline_sentences']} of them hold an English quotation, which tolka decodes masked, "
        f"then in pieces where the model drops the placeholder: {tolka['unknown_sources']} rows of its own)"
    )
    print(
        f"tokens: the recipe decoded each sentence's real length ({recipe['record']['real_tokens']} tokens; its padded "
        f"batches ran {recipe['record']['row_steps']} row-steps); each tolka batch decoded its sentences' mean (the same "
        f"total) or longest real length"
    )
    unknown = [t["unknown"] for t in tolkas.values()] + [recipe["unknown"]]
    if any(unknown):
        print(f"note: decoded rows without a real translation (forced to their source length): {unknown}")

    total = tolka["wall_s"]
    print(f"\nwhere tolka batch ({args.rule[0]} lengths) spends its {total:.1f} s (exclusive wall time per stage):")
    print(f"{'stage':36} {'s':>7} {'share':>6} {'calls':>6}")
    for label, sec in sorted(tolka["stages"].items(), key=lambda kv: -kv[1]):
        print(f"{label:36} {sec:>7.2f} {sec / total:>6.1%} {tolka['calls'][label]:>6}")
    other = total - sum(tolka["stages"].values())
    print(f"{'other (reading, hashing, bookkeeping)':36} {other:>7.2f} {other / total:>6.1%}")
    if args.articles >= 64 and args.jobs != 1:
        print(
            "note: with 64 articles or more tolka batch prepares and evaluates them in worker processes, which "
            "these stage times do not see (pass --jobs 1 to time every stage)"
        )
    if tolka["missing"]:
        print(f"note: not found, so not timed apart: {', '.join(tolka['missing'])}")
    keep = ("wall_s", "cpu_s", "peak_rss_mb", "record", "stages", "calls", "backend", "beams", "totals", "threads")
    return {
        "articles": n,
        "device": args.device,
        "model_shape": args.model_shape,
        "rules": args.rule,
        "recipe": {k: recipe[k] for k in ("wall_s", "cpu_s", "load_s", "peak_rss_mb", "record", "beams", "threads")},
        "tolka": {k: tolka[k] for k in keep},
        "tolka_by_rule": {rule: {k: t[k] for k in keep} for rule, t in tolkas.items()},
        "articles_per_hour": {"recipe": per_hour(recipe), "tolka": per_hour(tolka)},
        "ratio": ratios[args.rule[0]],
        "ratios": ratios,
        "same_sentences": same,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    ap.add_argument(
        "--rule",
        nargs="+",
        choices=("mean", "max"),
        default=["mean"],
        help="tolka's CTranslate2 batches decode their sentences' mean (default) or longest real length; "
        "both: tolka runs once per rule against one recipe run",
    )
    ap.add_argument("--model-shape", choices=bench_translate.SHAPES, default="opus")
    ap.add_argument("--jobs", type=int, default=None, help="tolka batch --jobs (default: its own)")
    ap.add_argument("--threads", type=int, default=None, help="CPU threads for both sides (default: each its own default, all CPUs)")
    ap.add_argument("--workers", type=int, default=None, help="tolka's CTranslate2 batches decoded side by side (default: its own, 1)")
    ap.add_argument("--work-dir", type=Path, default=None, help="model and conversions (default: <tolka cache>/bench)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    ap.add_argument("--profile", type=Path, default=None, help="write a cProfile of the tolka side here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        result = worker(json.loads(args.worker))
        Path(args.out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if not (NTREX / "newstest2019.sv").is_file():
        print(f"bench_articles: {NTREX} not found; the benchmark needs ../shared/data/ntrex128", file=sys.stderr)
        return 2

    from translate.cache import cache_dir

    work = (args.work_dir or cache_dir() / "bench").resolve()
    work.mkdir(parents=True, exist_ok=True)
    model = bench_translate.build_model(work, args.model_shape)
    print(f"model: {model}; machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="tolka-bench-articles-", dir=work) as tmp:
        root = Path(tmp)
        data = make_articles(root, args.articles)
        data_file = root / "data.json"
        data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        spec = {
            "model": str(model),
            "device": args.device,
            "data": str(data_file),
            "in": str(root / "in"),
            "jobs": args.jobs,
            "threads": args.threads,
            "workers": args.workers,
        }
        # The one-off CTranslate2 conversion happens here, outside the timed run (as tolka's cache keeps it).
        from translate.backends import resolve_backend_name

        if resolve_backend_name("auto") == "ctranslate2":
            from translate.backends.ct2 import default_compute_type

            bench_translate.run_worker(
                {"model": str(model), "device": args.device, "convert": True, "compute_types": [default_compute_type(args.device)]}, work
            )
        recipe = run_side("recipe", {**spec, "out": str(root / "out-recipe")}, work)
        print(f"  done: recipe, {recipe['wall_s']:.1f} s", flush=True)
        tolkas = {}
        for rule in dict.fromkeys(args.rule):
            profile = args.profile.resolve() if args.profile and rule == args.rule[0] else None
            tolkas[rule] = run_side(
                "tolka", {**spec, "rule": rule, "out": str(root / f"out-tolka-{rule}"), "profile": str(profile) if profile else None}, work
            )
            print(f"  done: tolka batch ({rule} lengths), {tolkas[rule]['wall_s']:.1f} s", flush=True)
        result = report(args, data, tolkas, recipe)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if not result["same_sentences"]:
        print("bench_articles: the two sides did not translate the same sentences", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

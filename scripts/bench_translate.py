"""Speed and memory of the translation backends, side by side, in one run.

Builds a random-weight Marian model with opus-mt-sv-en's shape (d_model 512, 6+6 layers,
8 heads, FFN 2048, 58,101-token vocabulary, sinusoidal positions; sentencepiece trained on
the NTREX-128 .sv/.en lines), then translates the first 200 Swedish NTREX sentences with
each backend through :class:`translate.translator.Translator` (cache off), at beams 1, 4
and 6. Each backend runs in its own subprocess, so its peak RSS is its own.

Random weights never emit EOS, so left alone every output runs to the length bound (2n + 10
tokens): that is the "bound" table. The "real" table gives every sentence a realistic length
instead, the token count of the real OPUS-MT translation of it (NTREX's .mt file, tokenized
with the model's target vocabulary), forced on both backends (see scripts/real_lengths.py:
CTranslate2 takes one length per batch, so each batch decodes its sentences' mean real
length). Compare target tokens per second, not sentences per second; the script checks that
both backends decoded the same number of tokens for every sentence.

    python scripts/bench_translate.py                 # bound and real lengths, beams 1 4 6
    python scripts/bench_translate.py --lengths bound --beams 1 6    # the bound table alone
    python scripts/bench_translate.py --lengths real --sentences 20 --beams 1   # a quick look
    python scripts/bench_translate.py --beam-cost 6              # what beam search itself costs in CTranslate2
    python scripts/bench_translate.py --batch-invariance         # does a sentence's batch change its translation?
    python scripts/bench_translate.py --lengths real --beams 6 --runs ctranslate2:int8 --workers 2   # vs the default 1
    python scripts/bench_translate.py --device cuda --runs transformers:float16 ctranslate2:float16 ctranslate2:int8_float16

Needs ../shared/data/ntrex128 (see the README); the model and the CTranslate2
conversions are kept in --work-dir between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "data" / "ntrex128"

#: (label, backend, compute_type): the transformers baseline first, then the default fast path.
RUNS = [
    ("transformers float32", "transformers", "float32"),
    ("ctranslate2 int8 (default)", "ctranslate2", "int8"),
    ("ctranslate2 float32", "ctranslate2", "float32"),
]
#: the run of RUNS that only --float32-beams run (the greedy equivalence check)
FLOAT32_RUN = RUNS[2][0]
#: how the "real" table forces lengths on a batch (scripts/real_lengths.py: "mean" or "max")
DEFAULT_RULE = "mean"
#: model shapes: "opus" is opus-mt-sv-en's; "tiny" is for the dry run of scripts/bench_gpu.sh
SHAPES = ("opus", "tiny")


def _lines(ext: str, n: int | None = None) -> list[str]:
    path = NTREX / f"newstest2019.{ext}"
    if not path.is_file():
        sys.exit(f"bench_translate: {path} not found; the benchmark needs ../shared/data/ntrex128")
    return path.read_text(encoding="utf-8").splitlines()[:n]


def _sentences(n: int) -> list[str]:
    return _lines("sv", n)


def build_model(work: Path, shape: str = "opus") -> Path:
    """The random model of ``shape``, built once into ``work`` (about 300 MB for "opus")."""
    from translate.testing import OPUS_MT_SV_EN, TINY, build_random_marian

    out = work / ("opus-shape-random" if shape == "opus" else f"{shape}-shape-random")
    if (out / "model.safetensors").is_file() and (out / "tokenizer_config.json").is_file():
        return out
    sv = _lines("sv")
    en = _lines("en")
    if shape == "opus":
        # 8,000 pieces gives NTREX sentences token counts close to the real model's (~1.5 per word);
        # the shape's small default sentencepiece would make every sentence twice as long.
        model_shape = replace(OPUS_MT_SV_EN, spm_vocab_size=8000)
    else:
        # The tiny network, with room for NTREX's longest sentences and their 2n + 10 bound.
        model_shape = replace(TINY, spm_vocab_size=2000, max_position_embeddings=512, model_max_length=512)
    tmp = Path(tempfile.mkdtemp(prefix=".model-", dir=work))
    build_random_marian(tmp, model_shape, source_lines=sv, target_lines=en)
    tmp.rename(out)
    return out


# -- worker: one backend, one process ------------------------------------------------


def _instrument(backend) -> dict[tuple, list[int]]:
    """Record the target token ids (no EOS) each source token sequence produced."""
    seen: dict[tuple, list[int]] = {}
    if backend.name == "ctranslate2":
        real = backend.translator

        class Recorder:
            def translate_batch(self, source, **kwargs):
                results = real.translate_batch(source, **kwargs)
                if kwargs.get("asynchronous"):  # two batches in flight: record when each is collected
                    return [_Recorded(src, r) for src, r in zip(source, results)]
                for src, r in zip(source, results):
                    seen[tuple(backend.tokenizer.convert_tokens_to_ids(src))] = backend.tokenizer.convert_tokens_to_ids(r.hypotheses[0])
                return results

        class _Recorded:
            def __init__(self, src, pending):
                self.src, self.pending = src, pending

            def result(self):
                r = self.pending.result()
                seen[tuple(backend.tokenizer.convert_tokens_to_ids(self.src))] = backend.tokenizer.convert_tokens_to_ids(r.hypotheses[0])
                return r

        backend.translator = Recorder()
    else:
        generate = backend.model.generate
        cfg = backend.model.config

        def recorder(*args, **kwargs):
            out = generate(*args, **kwargs)
            for src, row in zip(kwargs["input_ids"].tolist(), out.tolist()):
                src = [t for t in src if t != cfg.pad_token_id]
                row = [t for t in row[1:] if t != cfg.pad_token_id]
                if row and row[-1] == cfg.eos_token_id:
                    row.pop()
                seen[tuple(src)] = row
            return out

        backend.model.generate = recorder
    return seen


def beam_cost(spec: dict) -> dict:
    """CTranslate2 int8 at beam B against greedy decoding of every sentence repeated B times.

    Both run B rows per sentence at every step, under the same length bound, so equal times
    mean the beam search itself costs nothing and the time is the network's.
    """
    from translate.backends.base import GenerationSettings
    from translate.backends.ct2 import CT2Backend, default_threads

    # One batch at a time on every thread: token_ids() decodes one batch, so a second worker would idle.
    backend = CT2Backend(spec["model"], device="cpu", compute_type="int8", intra_threads=default_threads())
    sentences = sorted(_sentences(spec["sentences"]), key=backend.count_tokens)
    batches = [sentences[i : i + 16] for i in range(0, len(sentences), 16)]
    beams = spec["beams"]
    backend.token_ids(batches[0][:2], GenerationSettings(beams=1))  # first-call allocations
    out = {}
    for name, run in (
        ("beam", lambda b: backend.token_ids(b, GenerationSettings(beams=beams))),
        ("greedy_repeated", lambda b: backend.token_ids([s for s in b for _ in range(beams)], GenerationSettings(beams=1))),
    ):
        t0, c0 = time.perf_counter(), time.process_time()
        tokens = sum(len(ids) for b in batches for ids in run(b))
        out[name] = {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "tokens": tokens}
    return out


def batch_invariance(n: int, work: Path) -> int:
    """Each backend on the tiny random model: the first ``n`` NTREX sentences in one call (batches
    of 16) against each sentence alone, with the translator's length-class batches and with
    batches cut by count only (the bound then follows each batch's longest input).

    Random weights run every output to the length bound and flip on the last bit of a logit,
    so this is the strictest check that batching changes no translation.
    """
    import translate.translator as translator_mod
    from translate.testing import TINY, build_random_marian
    from translate.translator import Translator

    model = work / "tiny-random"
    if not (model / "config.json").is_file():
        build_random_marian(model, TINY)
    by_length_class = translator_mod._batches

    def by_count(order, length_class, size):
        return [order[i : i + size] for i in range(0, len(order), size)]

    for backend, compute in (("transformers", "float32"), ("ctranslate2", "int8"), ("ctranslate2", "float32")):
        tr = Translator(str(model), backend=backend, device="cpu", compute_type=compute, cache=False)
        loaded = tr.load()
        # the tiny model takes 128 tokens; longer lines would be split into pieces
        sentences = [s for s in _sentences(n) if loaded.count_tokens(s) <= loaded.max_input_tokens]
        alone = [tr.translate([s])[0] for s in sentences]
        line = f"{backend} {compute}: {len(sentences)} sentences, batched vs alone differ in"
        for label, batching in (("length-class batches", by_length_class), ("batches by count only", by_count)):
            translator_mod._batches = batching
            try:
                together = tr.translate(sentences)
            finally:
                translator_mod._batches = by_length_class
            line += f" {sum(a != b for a, b in zip(alone, together))} ({label})"
        print(line, flush=True)
    return 0


def convert(spec: dict) -> dict:
    """Convert (or just load) the CTranslate2 models of ``spec["compute_types"]``, outside any timing."""
    from translate.backends.ct2 import CT2Backend

    seconds = {}
    for compute in spec["compute_types"]:
        t0 = time.perf_counter()
        CT2Backend(spec["model"], device=spec["device"], compute_type=compute)
        seconds[compute] = time.perf_counter() - t0
    return seconds


def worker(spec: dict) -> dict:
    if spec.get("beam_cost"):
        return beam_cost(spec)
    if spec.get("convert"):
        return convert(spec)
    from translate.translator import Translator

    if spec.get("threads") and spec["backend"] == "transformers":
        import torch

        torch.set_num_threads(spec["threads"])
    elif spec["backend"] == "ctranslate2" and (spec.get("threads") or spec.get("workers")):
        import translate.backends.ct2 as ct2  # importing torch here would inflate CT2's peak RSS

        if spec.get("threads"):
            ct2.default_threads = lambda: spec["threads"]
        if spec.get("workers"):
            ct2.default_workers = lambda device, threads: spec["workers"]
    sentences = _sentences(spec["sentences"])
    tr = Translator(
        spec["model"],
        backend=spec["backend"],
        device=spec.get("device", "cpu"),
        compute_type=spec["compute_type"],
        beams=spec["beams"],
        cache=False,
    )
    t0 = time.perf_counter()
    backend = tr.load()
    load_s = time.perf_counter() - t0
    tr.translate(["Det här meningen värmer upp.", "Hej."])  # first-call allocations, not in the timing
    _sync(spec)
    real = forced = None
    if spec.get("lengths") == "real":
        import real_lengths

        limit = backend.max_input_tokens
        table = real_lengths.LengthTable.build(
            backend.tokenizer,
            zip(sentences, _lines("mt", len(sentences))),
            bound=lambda n: tr.settings.max_new_tokens(n, limit) - 1,
        )
        record = real_lengths.install(backend, table, spec.get("rule", DEFAULT_RULE))
        seen = record.outputs
    else:
        seen = _instrument(backend)
    t0, c0 = time.perf_counter(), time.process_time()
    texts = tr.translate(sentences)
    _sync(spec)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    keys = [tuple(backend.tokenizer(s)["input_ids"]) for s in sentences]
    ids = [seen[k] for k in keys]
    if spec.get("lengths") == "real":
        real = [record.real[k] for k in keys]
        forced = [record.forced[k] for k in keys]
    return {
        "texts": texts,
        "ids": ids,
        "tokens": sum(len(r) for r in ids),
        "real": real,
        "forced": forced,
        "wall_s": wall,
        "cpu_s": cpu,
        "load_s": load_s,
        "peak_rss_mb": _peak_rss_mb(),
        "threads": _threads(backend),
    }


def _threads(backend) -> str:
    """CTranslate2: batches side by side x threads each; transformers: torch's threads."""
    if backend.name == "ctranslate2":
        return f"{backend.inter_threads}x{backend.intra_threads}" if backend.inter_threads > 1 else str(backend.intra_threads)
    return str(_torch_threads())


def _sync(spec: dict) -> None:
    """Wait for queued CUDA work (transformers), so the clock stops when the GPU has finished."""
    if spec.get("device") == "cuda" and spec["backend"] == "transformers":
        import torch

        torch.cuda.synchronize()


def _peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM starts afresh at exec; ru_maxrss would carry the parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def run_worker(spec: dict, work: Path, script: str = __file__) -> dict:
    """Run ``script --worker SPEC`` in a fresh process (its own peak RSS) and return its JSON answer."""
    env = dict(os.environ, TOLKA_CACHE_DIR=str(work / "cache"), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    with tempfile.NamedTemporaryFile("w+", suffix=".json", dir=work, delete=False) as f:
        out = Path(f.name)
    try:
        subprocess.run([sys.executable, script, "--worker", json.dumps(spec), "--out", str(out)], env=env, check=True)
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)


# -- report ---------------------------------------------------------------------------


def _agreement(a: list[list[int]], b: list[list[int]]) -> tuple[float, float]:
    """(share of identical outputs, mean share of leading tokens that agree)."""
    same = sum(x == y for x, y in zip(a, b)) / len(a)
    prefix = []
    for x, y in zip(a, b):
        n = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        prefix.append(n / max(len(x), len(y), 1))
    return same, sum(prefix) / len(prefix)


def _parse_runs(items: list[str] | None, device: str) -> list[tuple[str, str, str]]:
    """``backend:compute_type`` items -> RUNS entries (the default RUNS without items)."""
    if not items:
        if device != "cpu":
            sys.exit("bench_translate: --device cuda needs --runs (e.g. transformers:float16 ctranslate2:float16)")
        return list(RUNS)
    runs = []
    for item in items:
        backend, _, compute = item.partition(":")
        if backend not in ("transformers", "ctranslate2") or not compute:
            sys.exit(f"bench_translate: --runs takes backend:compute_type items, e.g. ctranslate2:int8 (got {item!r})")
        runs.append((f"{backend} {compute}", backend, compute))
    return runs


def report(
    mode: str,
    results: dict[tuple[str, int], dict],
    runs: list[tuple[str, str, str]],
    beams_list: list[int],
    sentences: int,
    rule: str,
    bound_total: int | None = None,
) -> list[dict]:
    """Print one table (one length mode) with its checks; return its rows for --json."""
    base_label = runs[0][0]
    title = {
        "bound": "bound lengths (every output runs to 2n + 10 tokens, the random weights' default)",
        "real": f"real lengths (each batch decodes the {rule} token count of its sentences' real translations)",
    }[mode]
    print(f"\n{sentences} NTREX sentences, sv->en, {title}; load average now {os.getloadavg()[0]:.1f}")
    print(
        f"{'backend':28} {'beam':>4} {'tokens':>7} {'wall s':>7} {'tok/s':>7} {'x tf':>6} {'cpu s':>7} {'x tf cpu':>8} {'peak RSS':>9} {'threads':>7}"
    )
    rows = []
    for (label, beams), r in results.items():
        base = results[(base_label, beams)]
        speed = base["wall_s"] / r["wall_s"] * r["tokens"] / base["tokens"]
        cpu_speed = base["cpu_s"] / r["cpu_s"] * r["tokens"] / base["tokens"]
        print(
            f"{label:28} {beams:>4} {r['tokens']:>7} {r['wall_s']:>7.1f} {r['tokens'] / r['wall_s']:>7.0f} "
            f"{speed:>5.2f}x {r['cpu_s']:>7.1f} {cpu_speed:>7.2f}x {r['peak_rss_mb']:>6.0f} MB {r['threads']:>7}"
        )
        rows.append(
            {
                "lengths": mode,
                "label": label,
                "beams": beams,
                "tokens": r["tokens"],
                "wall_s": round(r["wall_s"], 2),
                "tok_s": round(r["tokens"] / r["wall_s"], 1),
                "x_tf": round(speed, 3),
                "cpu_s": round(r["cpu_s"], 2),
                "x_tf_cpu": round(cpu_speed, 3),
                "peak_rss_mb": round(r["peak_rss_mb"]),
                "threads": r["threads"],
                "load_s": round(r["load_s"], 2),
            }
        )
    print()
    checks_ok = True
    for beams in beams_list:
        base = results[(base_label, beams)]
        for label, _, _ in runs[1:]:
            r = results.get((label, beams))
            if r is None:
                continue
            same, prefix = _agreement(base["ids"], r["ids"])
            counts = [len(x) for x in r["ids"]] == [len(x) for x in base["ids"]]
            checks_ok &= counts
            verdict = "same token count for every sentence" if counts else f"TOKEN COUNTS DIFFER ({r['tokens']} vs {base['tokens']} in all)"
            print(f"beam {beams}: {label} vs {base_label}: {same:.1%} identical outputs, {prefix:.1%} of leading tokens agree; {verdict}")
            for row in rows:
                if row["label"] == label and row["beams"] == beams:
                    row.update(identical_share=round(same, 4), same_counts=counts)
    fp32 = results.get((FLOAT32_RUN, 1))
    if fp32 is not None and (base_label, 1) in results and results[(base_label, 1)] is not fp32:
        identical = fp32["ids"] == results[(base_label, 1)]["ids"]
        print(f"greedy float32 outputs identical (token ids, all {sentences} sentences): {'yes' if identical else 'NO'}")
        checks_ok &= identical
    if mode == "real":
        any_run = next(iter(results.values()))
        real, forced = sum(any_run["real"]), sum(any_run["forced"])
        exact = sum(a == b for a, b in zip(any_run["real"], any_run["forced"]))
        bound = f"; the bound table decoded {bound_total}" if bound_total else ""
        print(
            f"forced lengths: {forced} tokens in all, the real translations have {real} ({forced / real - 1:+.1%}){bound}; "
            f"{exact} of {sentences} sentences decoded exactly their own real length, the rest their batch's {rule}"
        )
        forced_ok = all(r["forced"] == any_run["forced"] and [len(x) for x in r["ids"]] == r["forced"] for r in results.values())
        print(f"every run decoded exactly the forced lengths: {'yes' if forced_ok else 'NO'}")
        checks_ok &= forced_ok
    for row in rows:
        row["checks_ok"] = checks_ok
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--beams", type=int, nargs="+", default=[1, 4, 6])
    ap.add_argument(
        "--lengths",
        nargs="+",
        choices=("bound", "real"),
        default=["bound", "real"],
        help="bound: every output runs to 2n+10 tokens (random weights); real: each sentence's real translation length",
    )
    ap.add_argument(
        "--rule",
        choices=("mean", "max"),
        default=DEFAULT_RULE,
        help="real lengths: each batch decodes its sentences' mean (default) or longest real length",
    )
    ap.add_argument(
        "--runs",
        nargs="+",
        metavar="BACKEND:TYPE",
        default=None,
        help="backends to run, e.g. transformers:float16 ctranslate2:int8_float16 (default: transformers float32, "
        "ctranslate2 int8, ctranslate2 float32); the first is the baseline",
    )
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    ap.add_argument(
        "--float32-beams",
        type=int,
        nargs="*",
        default=[1],
        help="beams at which CTranslate2 float32 also runs with the default --runs (default 1: the equivalence check)",
    )
    ap.add_argument(
        "--threads", type=int, default=None, help="CPU threads for every backend (default: each backend's own default, all CPUs)"
    )
    ap.add_argument(
        "--workers", type=int, default=None, help="CTranslate2 batches decoded side by side on the CPU (default: the backend's own, 1)"
    )
    ap.add_argument("--model-shape", choices=SHAPES, default="opus", help="opus (default) or tiny (a dry run of the steps)")
    ap.add_argument("--work-dir", type=Path, default=None, help="model and conversions (default: <tolka cache>/bench)")
    ap.add_argument("--json", type=Path, default=None, help="also write the tables' rows to this JSON file")
    ap.add_argument(
        "--beam-cost",
        type=int,
        metavar="B",
        default=None,
        help="instead: time CTranslate2 int8 at beam B against greedy over each sentence repeated B times",
    )
    ap.add_argument(
        "--batch-invariance",
        action="store_true",
        help="instead: tiny random model, --sentences translated batched and alone, per backend (outputs must agree)",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        result = worker(json.loads(args.worker))
        Path(args.out).write_text(json.dumps(result), encoding="utf-8")
        return 0

    from translate.cache import cache_dir

    work = (args.work_dir or cache_dir() / "bench").resolve()
    work.mkdir(parents=True, exist_ok=True)
    _sentences(1)
    if args.batch_invariance:
        return batch_invariance(args.sentences, work)
    runs = _parse_runs(args.runs, args.device)
    t0 = time.perf_counter()
    model = build_model(work, args.model_shape)
    print(f"model: {model} (random weights, {args.model_shape} shape; ready in {time.perf_counter() - t0:.0f}s)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; device {args.device}")
    if args.beam_cost:  # the worker converts the int8 model it needs, before its timing
        r = run_worker({"model": str(model), "beam_cost": True, "beams": args.beam_cost, "sentences": args.sentences}, work)
        for name, label in (("beam", f"beam {args.beam_cost}"), ("greedy_repeated", f"greedy, each sentence x{args.beam_cost}")):
            x = r[name]
            print(f"ctranslate2 int8, {label:24} {x['wall_s']:7.1f} s wall {x['cpu_s']:7.1f} s CPU ({x['tokens']} tokens)")
        print(
            f"beam search / same rows greedy: {r['beam']['wall_s'] / r['greedy_repeated']['wall_s']:.2f}x wall, "
            f"{r['beam']['cpu_s'] / r['greedy_repeated']['cpu_s']:.2f}x CPU"
        )
        return 0

    base_spec = {"model": str(model), "device": args.device, "sentences": args.sentences, "threads": args.threads, "workers": args.workers}
    conversions = [compute for _, backend, compute in runs if backend == "ctranslate2"]
    if conversions:  # convert outside the measured processes
        for compute, seconds in run_worker({**base_spec, "convert": True, "compute_types": conversions}, work).items():
            print(f"ctranslate2 {compute}: converted/loaded in {seconds:.1f}s")

    rows: list[dict] = []
    checks_ok = True
    bound_total = None
    for mode in args.lengths:
        results: dict[tuple[str, int], dict] = {}
        for beams in args.beams:
            for label, backend, compute in runs:
                if args.runs is None and label == FLOAT32_RUN and beams not in args.float32_beams:
                    continue
                spec = {**base_spec, "backend": backend, "compute_type": compute, "beams": beams, "lengths": mode, "rule": args.rule}
                r = run_worker(spec, work)
                results[(label, beams)] = r
                print(f"  done: {mode} lengths, {label}, beam {beams}: {r['tokens']} tokens in {r['wall_s']:.1f}s", flush=True)
        if mode == "bound":
            bound_total = next(iter(results.values()))["tokens"]
        mode_rows = report(mode, results, runs, args.beams, args.sentences, args.rule, bound_total if mode == "real" else None)
        checks_ok &= all(row["checks_ok"] for row in mode_rows)
        rows += mode_rows
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "sentences": args.sentences,
                    "device": args.device,
                    "model_shape": args.model_shape,
                    "rule": args.rule,
                    "checks_ok": checks_ok,
                    "rows": rows,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    if not checks_ok:
        print("bench_translate: a token-count or identity check FAILED (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

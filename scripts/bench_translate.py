"""Speed and memory of the translation backends, side by side, in one run.

Builds a random-weight Marian model with opus-mt-sv-en's shape (d_model 512, 6+6 layers,
8 heads, FFN 2048, 58,101-token vocabulary, sinusoidal positions; sentencepiece trained on
the NTREX-128 .sv/.en lines), then translates the first 200 Swedish NTREX sentences with
each backend through :class:`translate.translator.Translator` (cache off), at beam 1 and
beam 6. Each backend runs in its own subprocess, so its peak RSS is its own.

Random weights never emit EOS, so every output runs to the length bound: compare target
tokens per second, not sentences per second. Both backends get the same bound, and the
script checks that they produced the same number of tokens.

    python scripts/bench_translate.py                 # 200 sentences, beams 1 and 6
    python scripts/bench_translate.py --sentences 48 --beams 1   # a quick look
    python scripts/bench_translate.py --beam-cost 6              # what beam search itself costs in CTranslate2
    python scripts/bench_translate.py --batch-invariance         # does a sentence's batch change its translation?

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


def _sentences(n: int) -> list[str]:
    path = NTREX / "newstest2019.sv"
    if not path.is_file():
        sys.exit(f"bench_translate: {path} not found; the benchmark needs ../shared/data/ntrex128")
    return path.read_text(encoding="utf-8").splitlines()[:n]


def build_model(work: Path) -> Path:
    """The full-shape random model, built once into ``work`` (about 300 MB)."""
    from translate.testing import OPUS_MT_SV_EN, build_random_marian

    out = work / "opus-shape-random"
    if (out / "model.safetensors").is_file() and (out / "tokenizer_config.json").is_file():
        return out
    sv = (NTREX / "newstest2019.sv").read_text(encoding="utf-8").splitlines()
    en = (NTREX / "newstest2019.en").read_text(encoding="utf-8").splitlines()
    # 8,000 pieces gives NTREX sentences token counts close to the real model's (~1.5 per word);
    # the shape's small default sentencepiece would make every sentence twice as long.
    shape = replace(OPUS_MT_SV_EN, spm_vocab_size=8000)
    tmp = Path(tempfile.mkdtemp(prefix=".model-", dir=work))
    build_random_marian(tmp, shape, source_lines=sv, target_lines=en)
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
                for src, r in zip(source, results):
                    seen[tuple(backend.tokenizer.convert_tokens_to_ids(src))] = backend.tokenizer.convert_tokens_to_ids(r.hypotheses[0])
                return results

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
    from translate.backends.ct2 import CT2Backend

    backend = CT2Backend(spec["model"], device="cpu", compute_type="int8")
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


def worker(spec: dict) -> dict:
    if spec.get("beam_cost"):
        return beam_cost(spec)
    from translate.translator import Translator

    if spec.get("threads") and spec["backend"] == "transformers":
        import torch

        torch.set_num_threads(spec["threads"])
    elif spec.get("threads"):
        import translate.backends.ct2 as ct2  # importing torch here would inflate CT2's peak RSS

        ct2.default_threads = lambda: spec["threads"]
    sentences = _sentences(spec["sentences"])
    tr = Translator(spec["model"], backend=spec["backend"], device="cpu", compute_type=spec["compute_type"],
                    beams=spec["beams"], cache=False)
    t0 = time.perf_counter()
    backend = tr.load()
    load_s = time.perf_counter() - t0
    if spec.get("prepare_only"):
        return {"load_s": load_s}
    tr.translate(["Det här meningen värmer upp.", "Hej."])  # first-call allocations, not in the timing
    seen = _instrument(backend)
    t0, c0 = time.perf_counter(), time.process_time()
    texts = tr.translate(sentences)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    ids = [seen[tuple(backend.tokenizer(s)["input_ids"])] for s in sentences]
    return {
        "texts": texts,
        "ids": ids,
        "tokens": sum(len(r) for r in ids),
        "wall_s": wall,
        "cpu_s": cpu,
        "load_s": load_s,
        "peak_rss_mb": _peak_rss_mb(),
        "threads": backend.intra_threads if spec["backend"] == "ctranslate2" else _torch_threads(),
    }


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


def run_worker(spec: dict, work: Path) -> dict:
    env = dict(os.environ, TOLKA_CACHE_DIR=str(work / "cache"), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    with tempfile.NamedTemporaryFile("w+", suffix=".json", dir=work, delete=False) as f:
        out = Path(f.name)
    try:
        subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec), "--out", str(out)], env=env, check=True)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--beams", type=int, nargs="+", default=[1, 6])
    ap.add_argument("--float32-beams", type=int, nargs="*", default=[1],
                    help="beams at which CTranslate2 float32 also runs (default 1: the equivalence check)")
    ap.add_argument("--threads", type=int, default=None,
                    help="CPU threads for every backend (default: each backend's own default, all CPUs)")
    ap.add_argument("--work-dir", type=Path, default=None, help="model and conversions (default: <tolka cache>/bench)")
    ap.add_argument("--beam-cost", type=int, metavar="B", default=None,
                    help="instead: time CTranslate2 int8 at beam B against greedy over each sentence repeated B times")
    ap.add_argument("--batch-invariance", action="store_true",
                    help="instead: tiny random model, --sentences translated batched and alone, per backend (outputs must agree)")
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
    t0 = time.perf_counter()
    model = build_model(work)
    print(f"model: {model} (random weights, opus-mt-sv-en shape; ready in {time.perf_counter() - t0:.0f}s)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    if args.beam_cost:  # the worker converts the int8 model it needs, before its timing
        r = run_worker({"model": str(model), "beam_cost": True, "beams": args.beam_cost, "sentences": args.sentences}, work)
        for name, label in (("beam", f"beam {args.beam_cost}"), ("greedy_repeated", f"greedy, each sentence x{args.beam_cost}")):
            x = r[name]
            print(f"ctranslate2 int8, {label:24} {x['wall_s']:7.1f} s wall {x['cpu_s']:7.1f} s CPU ({x['tokens']} tokens)")
        print(f"beam search / same rows greedy: {r['beam']['wall_s'] / r['greedy_repeated']['wall_s']:.2f}x wall, "
              f"{r['beam']['cpu_s'] / r['greedy_repeated']['cpu_s']:.2f}x CPU")
        return 0

    for _, backend, compute in RUNS:
        if backend == "ctranslate2":  # convert outside the measured processes
            r = run_worker({"model": str(model), "backend": backend, "compute_type": compute, "beams": 1,
                            "sentences": 1, "prepare_only": True}, work)
            print(f"ctranslate2 {compute}: converted/loaded in {r['load_s']:.1f}s")

    results: dict[tuple[str, int], dict] = {}
    for beams in args.beams:
        for label, backend, compute in RUNS:
            if backend == "ctranslate2" and compute == "float32" and beams not in args.float32_beams:
                continue
            spec = {"model": str(model), "backend": backend, "compute_type": compute, "beams": beams, "sentences": args.sentences,
                    "threads": args.threads}
            r = run_worker(spec, work)
            results[(label, beams)] = r
            print(f"  done: {label}, beam {beams}: {r['tokens']} tokens in {r['wall_s']:.1f}s", flush=True)

    base_label = RUNS[0][0]
    print(f"\n{args.sentences} NTREX sentences, sv->en, CPU; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'backend':28} {'beam':>4} {'tokens':>7} {'wall s':>7} {'tok/s':>7} {'x tf':>6} {'cpu s':>7} {'x tf cpu':>8} {'peak RSS':>9} {'threads':>7}")
    for (label, beams), r in results.items():
        base = results[(base_label, beams)]
        print(
            f"{label:28} {beams:>4} {r['tokens']:>7} {r['wall_s']:>7.1f} {r['tokens'] / r['wall_s']:>7.0f} "
            f"{base['wall_s'] / r['wall_s'] * r['tokens'] / base['tokens']:>5.2f}x {r['cpu_s']:>7.1f} "
            f"{base['cpu_s'] / r['cpu_s'] * r['tokens'] / base['tokens']:>7.2f}x {r['peak_rss_mb']:>6.0f} MB {r['threads']:>7}"
        )
    print()
    for beams in args.beams:
        base = results[(base_label, beams)]
        for label, backend, compute in RUNS[1:]:
            r = results.get((label, beams))
            if r is None:
                continue
            same, prefix = _agreement(base["ids"], r["ids"])
            counts = "same token count" if r["tokens"] == base["tokens"] else f"token counts differ ({r['tokens']} vs {base['tokens']})"
            print(f"beam {beams}: {label} vs {base_label}: {same:.1%} identical outputs, "
                  f"{prefix:.1%} of leading tokens agree; {counts}")
    fp32 = results.get(("ctranslate2 float32", 1))
    if fp32 is not None and 1 in args.beams:
        identical = fp32["ids"] == results[(base_label, 1)]["ids"]
        print(f"greedy float32 outputs identical (token ids, all {args.sentences} sentences): {'yes' if identical else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

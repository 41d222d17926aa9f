#!/usr/bin/env python3
"""Benchmark the sentence aligner on NTREX-128 newstest2019 (sv source, en target, mt of sv).

Synthetic n-m gold is made from the line-aligned corpus, seeded:

* std:  per document, walk the 1-1 lines; p=.10 two lines become one unit merged
  on one side (merged source -> 1-2 bead, merged target -> 2-1), p=.03 drop the
  target line (1-0), p=.03 drop the source line (0-1), else 1-1. A merged
  source's MT is the two MT lines joined.
* hard: fuse every 10 consecutive documents into one; then p=.04 a run of 2-4
  consecutive lines exists on one side only; otherwise as std.
* short: every document cut into consecutive windows of 3-6 lines (a shorter
  remainder joins the last window when that keeps it at 6 or fewer lines, else
  is dropped), each window a document of its own, perturbed as std.  Most of a
  short document's sentences are at an edge, and it is too short to estimate its
  own statistics (length ratio, unrelated-pair threshold) from.
* short+edges: the same windows, and in addition each loses its first line
  (p=.15) and its last line (p=.15) on one side, chosen at random: a sentence
  with no counterpart at a document's edge, several times as often as in std.

Settings: std with MT, hard with MT, hard without MT, short and short+edges
with MT, short without MT, and the whole corpus as
one document (hard perturbation, with MT), once and doubled (the corpus twice)
for the scaling figure.  Prints strict/lax P/R/F1 and the wall and CPU seconds ``align``
took.  Run from the project root:  python scripts/bench_align.py [--seed N]

``--seeds 1,2,3,4,5`` runs the accuracy settings once per seed (the timing setting,
``corpus``, only for the first) and ends with a mean and a min row of strict F1 per setting.
``--by-type`` adds, per setting, strict precision and recall per bead shape (1-1, 1-2, 2-1,
1-0, 0-1, ...): precision over the test beads of that shape, recall over the gold beads of
that shape (null beads included here, unlike the F1 rows, which follow vecalign).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alignments import Bead, align, score_beads  # noqa: E402

NTREX = ROOT.parent / "shared" / "data" / "ntrex128"

Doc = tuple[list[str], list[str], list[str], list[Bead]]  # src, tgt, mt, gold


def load_corpus(path: Path = NTREX) -> list[tuple[list[str], list[str], list[str]]]:
    """The corpus as documents of (sv lines, en lines, mt lines)."""
    read = lambda ext: (path / f"newstest2019.{ext}").read_text(encoding="utf-8").split("\n")[:-1]  # noqa: E731
    sv, en, mt, ids = read("sv"), read("en"), read("mt"), read("docids")
    if not (len(sv) == len(en) == len(mt) == len(ids)):
        raise SystemExit("ntrex128 files are not line-aligned")
    docs: list[tuple[list[str], list[str], list[str]]] = []
    prev = None
    for s, e, m, d in zip(sv, en, mt, ids):
        if d != prev:
            docs.append(([], [], []))
            prev = d
        docs[-1][0].append(s)
        docs[-1][1].append(e)
        docs[-1][2].append(m)
    return docs


def perturb(sv: list[str], en: list[str], mt: list[str], rng: random.Random, runs: bool, edge: float = 0.0) -> Doc:
    """Turn a 1-1 document into an n-m one with its gold beads.

    ``edge``: probability that the first line, and (independently) the last line, exists on
    one side only (the side chosen at random), on top of the other perturbations.
    """
    src: list[str] = []
    tgt: list[str] = []
    smt: list[str] = []
    gold: list[Bead] = []

    def emit(s_lines: list[str], m_lines: list[str], t_lines: list[str], s_units: int, t_units: int) -> None:
        si = tuple(range(len(src), len(src) + s_units))
        ti = tuple(range(len(tgt), len(tgt) + t_units))
        if s_units:
            src.append(" ".join(s_lines)) if s_units == 1 else src.extend(s_lines)
            smt.append(" ".join(m_lines)) if s_units == 1 else smt.extend(m_lines)
        if t_units:
            tgt.append(" ".join(t_lines)) if t_units == 1 else tgt.extend(t_lines)
        gold.append(Bead(si, ti, 1.0))

    i, n = 0, len(sv)
    drop_first = edge and rng.random() < edge
    drop_last = edge and n > 1 and rng.random() < edge
    while i < n:
        if (drop_first and i == 0) or (drop_last and i == n - 1):
            if rng.random() < 0.5:
                emit([sv[i]], [mt[i]], [], 1, 0)
            else:
                emit([], [], [en[i]], 0, 1)
            i += 1
            continue
        if runs and rng.random() < 0.04:
            k = min(rng.randint(2, 4), n - i)
            side = rng.random() < 0.5
            for j in range(i, i + k):
                if side:
                    emit([sv[j]], [mt[j]], [], 1, 0)
                else:
                    emit([], [], [en[j]], 0, 1)
            i += k
            continue
        u = rng.random()
        if u < 0.10 and i + 1 < n and not (drop_last and i + 1 == n - 1):
            if rng.random() < 0.5:  # merged source: one source sentence, two target lines
                emit(sv[i : i + 2], mt[i : i + 2], en[i : i + 2], 1, 2)
            else:
                emit(sv[i : i + 2], mt[i : i + 2], en[i : i + 2], 2, 1)
            i += 2
        elif u < 0.13:
            emit([sv[i]], [mt[i]], [], 1, 0)
            i += 1
        elif u < 0.16:
            emit([], [], [en[i]], 0, 1)
            i += 1
        else:
            emit([sv[i]], [mt[i]], [en[i]], 1, 1)
            i += 1
    return src, tgt, smt, gold


def make_setting(docs, rng: random.Random, hard: bool, fuse: int = 10) -> list[Doc]:
    if hard:
        fused = []
        for k in range(0, len(docs), fuse):
            group = docs[k : k + fuse]
            fused.append(tuple(sum((list(g[x]) for g in group), []) for x in range(3)))
        docs = fused
    return [perturb(sv, en, mt, rng, runs=hard) for sv, en, mt in docs]


def make_short(docs, rng: random.Random, lo: int = 3, hi: int = 6, edge: float = 0.0) -> list[Doc]:
    """Documents cut into windows of ``lo``-``hi`` lines, each perturbed as std (plus ``edge`` drops, see perturb)."""
    out: list[Doc] = []
    for sv, en, mt in docs:
        cuts = [0]
        while len(sv) - cuts[-1] >= lo:
            cuts.append(cuts[-1] + min(rng.randint(lo, hi), len(sv) - cuts[-1]))
        if len(cuts) > 1 and len(sv) - cuts[-1] and cuts[-1] - cuts[-2] + len(sv) - cuts[-1] <= hi:
            cuts[-1] = len(sv)
        for a, b in zip(cuts, cuts[1:]):
            out.append(perturb(sv[a:b], en[a:b], mt[a:b], rng, runs=False, edge=edge))
    return out


def shape(b: Bead) -> str:
    return f"{len(b.src)}-{len(b.tgt)}"


def by_type(golds: list[list[Bead]], tests: list[list[Bead]]) -> dict[str, list[int]]:
    """Per bead shape: [test beads, of them in the gold, gold beads, of them in the test]."""
    out: dict[str, list[int]] = {}
    for gold, test in zip(golds, tests):
        g = {(b.src, b.tgt) for b in gold}
        t = {(b.src, b.tgt) for b in test}
        for b in test:
            row = out.setdefault(shape(b), [0, 0, 0, 0])
            row[0] += 1
            row[1] += (b.src, b.tgt) in g
        for b in gold:
            row = out.setdefault(shape(b), [0, 0, 0, 0])
            row[2] += 1
            row[3] += (b.src, b.tgt) in t
    return out


def print_by_type(counts: dict[str, list[int]]) -> None:
    order = ["1-1", "1-2", "2-1", "1-0", "0-1", "1-3", "3-1", "2-2"]
    for k in sorted(counts, key=lambda x: (order.index(x) if x in order else len(order), x)):
        nt, tp, ng, found = counts[k]
        p = f"{tp / nt:.4f}" if nt else "  -   "
        r = f"{found / ng:.4f}" if ng else "  -   "
        print(f"    {k:<4} precision {p} ({tp}/{nt})   recall {r} ({found}/{ng})")


def run(
    name: str,
    data: list[Doc],
    use_mt: bool,
    f1s: dict[str, list[float]] | None = None,
    types: dict[str, dict[str, list[int]]] | None = None,
) -> tuple[float, float]:
    """Align and score one setting, print its row; record its strict F1 in ``f1s[name]``
    and, when ``types`` is given, add its per-shape counts to ``types[name]``."""
    t0, c0 = time.perf_counter(), time.process_time()
    tests = [align(src, tgt, mt if use_mt else None) for src, tgt, mt, _ in data]
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    res = score_beads([d[3] for d in data], tests)
    lines = sum(len(d[0]) + len(d[1]) for d in data)
    print(
        f"{name:<22} strict P/R/F1 {res['precision_strict']:.4f} {res['recall_strict']:.4f} {res['f1_strict']:.4f}"
        f"   lax P/R/F1 {res['precision_lax']:.4f} {res['recall_lax']:.4f} {res['f1_lax']:.4f}"
        f"   {secs:6.3f} s wall {cpu:6.3f} s cpu  ({len(data)} docs, {lines} sentences)"
    )
    sys.stdout.flush()
    if f1s is not None:
        f1s.setdefault(name, []).append(res["f1_strict"])
    if types is not None:
        acc = types.setdefault(name, {})
        for k, v in by_type([d[3] for d in data], tests).items():
            row = acc.setdefault(k, [0, 0, 0, 0])
            for x in range(4):
                row[x] += v[x]
    return secs, cpu


def parse_seeds(text: str) -> list[int]:
    """``"1,2,5"`` or ``"1-5"`` (or a mix) as a list of seeds."""
    seeds: list[int] = []
    try:
        for part in text.split(","):
            if "-" in part.strip()[1:]:
                a, b = part.split("-", 1)
                seeds.extend(range(int(a), int(b) + 1))
            elif part.strip():
                seeds.append(int(part))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers such as 1,2,3 or 1-5, got {text!r}") from None
    if not seeds:
        raise argparse.ArgumentTypeError("give at least one seed, e.g. 1,2,3")
    return seeds


def accuracy(docs, seed: int, only: str | None, f1s: dict[str, list[float]], types=None) -> None:
    """The std / hard / hard-nomt / short / short-nomt / short-edges settings for one seed."""
    if only in (None, "std"):
        run("std, MT", make_setting(docs, random.Random(seed), hard=False), True, f1s, types)
    if only in (None, "hard", "hard-nomt"):
        hard = make_setting(docs, random.Random(seed), hard=True)
        if only in (None, "hard"):
            run("hard, MT", hard, True, f1s, types)
        if only in (None, "hard-nomt"):
            run("hard, no MT", hard, False, f1s, types)
    if only in (None, "short", "short-nomt"):
        short = make_short(docs, random.Random(seed))
        if only in (None, "short"):
            run("short, MT", short, True, f1s, types)
        if only in (None, "short-nomt"):
            run("short, no MT", short, False, f1s, types)
    if only in (None, "short-edges"):
        run("short+edges, MT", make_short(docs, random.Random(seed), edge=0.15), True, f1s, types)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1, help="random seed of the perturbations (default 1)")
    ap.add_argument("--seeds", type=parse_seeds, help="several seeds, e.g. 1,2,3,4,5 or 1-5: accuracy per seed, then mean and min rows")
    ap.add_argument("--only", choices=["std", "hard", "hard-nomt", "short", "short-nomt", "short-edges", "corpus"], help="run one setting")
    ap.add_argument("--by-type", action="store_true", help="strict precision/recall per bead shape, over all seeds")
    args = ap.parse_args()
    if not NTREX.exists():
        print(f"shared data not found at {NTREX}", file=sys.stderr)
        return 2
    docs = load_corpus()
    seeds = args.seeds or [args.seed]
    args.seed = seeds[0]
    f1s: dict[str, list[float]] = {}
    types: dict[str, dict[str, list[int]]] | None = {} if args.by_type else None
    if args.only != "corpus":
        for seed in seeds:
            if len(seeds) > 1:
                print(f"seed {seed}")
            accuracy(docs, seed, args.only, f1s, types)
    if len(seeds) > 1 and f1s:
        print(f"strict F1 over seeds {','.join(map(str, seeds))}:")
        for name, vals in f1s.items():
            per = " ".join(f"{v:.4f}" for v in vals)
            print(f"{name:<22} mean {sum(vals) / len(vals):.4f}  min {min(vals):.4f}   ({per})")
        sys.stdout.flush()
    if types:
        print(f"strict precision/recall per bead shape, seeds {','.join(map(str, seeds))} together:")
        for name, counts in types.items():
            print(f"  {name}")
            print_by_type(counts)
        sys.stdout.flush()
    if args.only in (None, "corpus"):
        one = make_setting(docs, random.Random(args.seed), hard=True, fuse=len(docs))
        whole = [tuple(sum((list(g[x]) for g in docs), []) for x in range(3))]
        two = [perturb(whole[0][0] * 2, whole[0][1] * 2, whole[0][2] * 2, random.Random(args.seed), runs=True)]
        align(one[0][0][:50], one[0][1][:50], one[0][2][:50])  # warm imports and caches, not timed
        # Interleaved, best of 5: on a shared machine the load changes between runs.
        t1, t2 = [], []
        for _ in range(5):
            t1.append(run("corpus x1, MT", one, True))
            t2.append(run("corpus x2, MT", two, True))
        for k, what in ((0, "wall"), (1, "cpu")):
            a, b = min(t[k] for t in t1), min(t[k] for t in t2)
            print(f"scaling ({what}): best of 5 x1 {a:.3f} s, x2 {b:.3f} s, ratio {b / a:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
    args = ap.parse_args()
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
        print(f"memory: {STATS['several']} lines are several sentences for tolka; their .mt split "
              f"{STATS['several'] - STATS['by_length']} by sentence, {STATS['by_length']} by length")

        nomodel = Translator(str(root / "no-such-model"), cache=False)  # loading it would raise
        t0, c0 = time.perf_counter(), _cpu()
        s = run_batch(src, root / "out-memory", translator=nomodel, memory=memory, exports=exports, progress=False, jobs=args.jobs, **metrics)
        report("memory run (.mt as memory, no model)", s, time.perf_counter() - t0, _cpu() - c0)
        if nomodel.loaded or s["run"]["model_loaded"]:
            print("ERROR: the model was loaded during the memory run", file=sys.stderr)
            return 1
        t0, c0 = time.perf_counter(), _cpu()
        s = run_batch(src, root / "out-memory", translator=nomodel, memory=memory, exports=exports, progress=False, jobs=args.jobs, **metrics)
        report("resume run (all up to date)", s, time.perf_counter() - t0, _cpu() - c0)

        if not args.skip_model:
            from translate.testing import TINY, build_random_marian

            model_dir = build_random_marian(root / "tiny-model", TINY)
            tiny = Translator(str(model_dir), cache=False)
            t0, c0 = time.perf_counter(), _cpu()
            s = run_batch(src, root / "out-model", translator=tiny, exports=exports, progress=False, jobs=args.jobs, **metrics)
            report("tiny random model run (no memory, no cache)", s, time.perf_counter() - t0, _cpu() - c0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

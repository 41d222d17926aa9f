#!/usr/bin/env python3
"""Measure the fidelity flags on real MT: false flags on clean output, recall on injected errors.

Data: ../shared/data/ntrex128/newstest2019.sv (source), .mt (a real OPUS-MT
translation, mostly correct), .docids (documents, for per-document norms).

1. Flag rate on the clean pair: the share of segments with any flag.  Some of
   these flags are real MT errors (a dropped first name, a hallucinated quote
   mark); the number is reported as is, an upper bound on the false flag rate.
   Target: <= 5% of segments.
2. Recall on injected corruptions, seeded: in segments that had no flag of that
   kind, change one number, drop one name (a capitalised word the translation
   copied from the source), or duplicate a 2-5 word phrase in place.  Recall is
   the share of corrupted segments that get a flag of the matching kind.
   Target: >= 95% of injected errors.

    python scripts/bench_fidelity.py [--per-kind 300] [--seed 13] [--json] [--show]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.evaluate import fidelity as F  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ntrex128"


def _load(name: str) -> list[str]:
    return (DATA / f"newstest2019.{name}").read_text(encoding="utf-8").splitlines()


def change_number(mt: str, rng: random.Random) -> str | None:
    runs = list(re.finditer(r"\d+", mt))
    if not runs:
        return None
    m = rng.choice(runs)
    old = int(m.group(0))
    new = old + rng.randint(1, 9)
    return mt[: m.start()] + str(new) + mt[m.end():]


def drop_name(sv: str, mt: str, rng: random.Random) -> str | None:
    src_words = set(re.findall(r"\w+", sv))
    words = list(re.finditer(r"[^\W\d_][\w]*", mt))
    cands = [
        m for m in words[1:]  # the translation's first word is capitalised anyway
        if m.group(0)[0].isupper() and len(m.group(0)) >= 3 and m.group(0) in src_words
        and len(re.findall(r"(?<!\w)" + re.escape(m.group(0)) + r"(?!\w)", mt)) == 1
    ]
    if not cands:
        return None
    m = rng.choice(cands)
    out = mt[: m.start()] + mt[m.end():]
    return re.sub(r"\s{2,}", " ", out).replace(" ,", ",").replace(" .", ".").strip()


def duplicate_phrase(mt: str, rng: random.Random) -> str | None:
    words = mt.split()
    if len(words) < 4:
        return None
    k = rng.randint(2, min(5, len(words) - 1))
    i = rng.randint(0, len(words) - k)
    return " ".join(words[: i + k] + words[i : i + k] + words[i + k:])


INJECTORS = {
    "number": lambda sv, mt, rng: change_number(mt, rng),
    "name": drop_name,
    "repetition": lambda sv, mt, rng: duplicate_phrase(mt, rng),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=300, help="corrupted segments per error type (default 300)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--show", action="store_true", help="print flagged clean segments and missed corruptions")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"bench_fidelity: shared data not found at {DATA}", file=sys.stderr)
        return 2

    sv, mt, docids = _load("sv"), _load("mt"), _load("docids")
    t0 = time.perf_counter()
    clean = F.flag_segments(sv, mt, groups=docids)
    t_clean = time.perf_counter() - t0
    flagged = [i for i, f in enumerate(clean) if f]
    docs = sorted(set(docids))
    half = {d: k % 2 for k, d in enumerate(docs)}
    halves = []
    for h in (0, 1):
        idx = [i for i in range(len(sv)) if half[docids[i]] == h]
        halves.append(sum(1 for i in idx if clean[i]) / len(idx))

    # per-document context the detector sees, so a corrupted segment is judged as in its document
    ctx: dict[str, tuple[set[str], float]] = {}
    for d in docs:
        idx = [i for i in range(len(sv)) if docids[i] == d]
        ctx[d] = (F.document_names(sv[i] for i in idx), F.length_norm([sv[i] for i in idx], [mt[i] for i in idx]))

    rng = random.Random(args.seed)
    recall = {}
    missed_examples = []
    for kind, inject in INJECTORS.items():
        order = list(range(len(sv)))
        rng.shuffle(order)
        tried = hit = 0
        for i in order:
            if tried >= args.per_kind:
                break
            if any(f["kind"] == kind for f in clean[i]):
                continue
            bad = inject(sv[i], mt[i], rng)
            if bad is None or bad == mt[i]:
                continue
            known, norm = ctx[docids[i]]
            flags = F.flag_pair(sv[i], bad, known_names=known, length_log_norm=norm)
            tried += 1
            if any(f["kind"] == kind for f in flags):
                hit += 1
            elif len(missed_examples) < 40:
                missed_examples.append((kind, i, bad))
        recall[kind] = {"injected": tried, "flagged": hit, "recall": hit / tried if tried else None}
    total_inj = sum(r["injected"] for r in recall.values())
    total_hit = sum(r["flagged"] for r in recall.values())

    result = {
        "segments": len(sv),
        "clean_flagged_segments": len(flagged),
        "clean_flag_rate": len(flagged) / len(sv),
        "clean_flag_rate_doc_halves": halves,
        "clean_flags_by_kind": F.count_flags(clean),
        "recall": recall,
        "recall_overall": total_hit / total_inj,
        "seed": args.seed,
        "seconds_clean_pass": round(t_clean, 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"NTREX newstest2019 sv->mt, {len(sv)} segments, {len(docs)} documents")
        print(f"clean pair: {len(flagged)} segments flagged = {result['clean_flag_rate']:.1%} (target <= 5%); "
              f"document halves {halves[0]:.1%} / {halves[1]:.1%}; {t_clean:.1f} s")
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in result["clean_flags_by_kind"].items()))
        for kind, r in recall.items():
            print(f"injected {kind:<10} {r['flagged']}/{r['injected']} flagged = {r['recall']:.1%}")
        print(f"recall overall: {total_hit}/{total_inj} = {result['recall_overall']:.1%} (target >= 95%), seed {args.seed}")
    if args.show:
        print("\n# flagged clean segments")
        for i in flagged:
            for f in clean[i]:
                print(f"{i} [{f['kind']}] {f['why']}\n   SV {sv[i]}\n   MT {mt[i]}")
        print("\n# missed corruptions")
        for kind, i, bad in missed_examples:
            print(f"{i} [{kind}]\n   SV {sv[i]}\n   MT {mt[i]}\n   XX {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

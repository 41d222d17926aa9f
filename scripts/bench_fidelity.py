#!/usr/bin/env python3
"""Measure the fidelity flags on real MT: false flags on clean output, recall on injected errors.

Data: ../shared/data/ntrex128/newstest2019.sv (source), .mt (a real OPUS-MT
translation, mostly correct), .docids (documents, for per-document norms).

1. Flag rate on the clean pair: the share of segments with any flag.  Some of
   these flags are real MT errors (a dropped first name, a hallucinated quote
   mark); the number is reported as is, an upper bound on the false flag rate.
   Target: <= 5% of segments.
2. Recall on injected corruptions, seeded, in segments of the translation that
   had no flag of the kind looked for:

   * the errors the checks are built for: change one number (by 1-9), drop one
     name (a capitalised word the translation copied from the source), duplicate
     a 2-5 word phrase in place.  Recall is the share of corrupted segments that
     get a flag of the matching kind.  Target: >= 95% of injected errors.
   * errors no check looks for, to show what the flags do not catch: a negation
     dropped (``not``/``n't``/``never`` removed) or added (``not`` after the first
     auxiliary verb), subject and object swapped (two names the source also has
     exchange places), a wrong month or weekday, a unit changed (``km``/``miles``,
     ``kronor``/``dollars``, ...), and the sentence replaced by another sentence
     of the same article.  Recall is the share that get any flag at all (they
     were drawn from segments with no flag); no target.

    python scripts/bench_fidelity.py [--per-kind 300] [--seed 13] [--json] [--show]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
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
    return mt[: m.start()] + str(new) + mt[m.end() :]


def drop_name(sv: str, mt: str, rng: random.Random) -> str | None:
    src_words = set(re.findall(r"\w+", sv))
    words = list(re.finditer(r"[^\W\d_][\w]*", mt))
    cands = [
        m
        for m in words[1:]  # the translation's first word is capitalised anyway
        if m.group(0)[0].isupper()
        and len(m.group(0)) >= 3
        and m.group(0) in src_words
        and len(re.findall(r"(?<!\w)" + re.escape(m.group(0)) + r"(?!\w)", mt)) == 1
    ]
    if not cands:
        return None
    m = rng.choice(cands)
    out = mt[: m.start()] + mt[m.end() :]
    return re.sub(r"\s{2,}", " ", out).replace(" ,", ",").replace(" .", ".").strip()


def duplicate_phrase(mt: str, rng: random.Random) -> str | None:
    words = mt.split()
    if len(words) < 4:
        return None
    k = rng.randint(2, min(5, len(words) - 1))
    i = rng.randint(0, len(words) - k)
    return " ".join(words[: i + k] + words[i : i + k] + words[i + k :])


_NEGATION = re.compile(r"\s+(?:not|never)\b|n't\b", re.I)
_AUX = re.compile(
    r"\b(?:is|are|was|were|will|would|can|could|should|must|has|have|had|does|do|did|may|might)\b(?!\s+(?:not|never)\b)",
    re.I,
)


def drop_negation(mt: str, rng: random.Random) -> str | None:
    runs = list(_NEGATION.finditer(mt))
    if not runs:
        return None
    m = rng.choice(runs)
    # "can't" -> "can", "won't" -> "won" is not English: only drop n't where the stem stays a word
    if m.group(0).lower() == "n't" and not re.search(
        r"(?:is|are|was|were|does|do|did|has|have|had|could|should|would|must)$", mt[: m.start()], re.I
    ):
        return None
    return mt[: m.start()] + mt[m.end() :]


def add_negation(mt: str, rng: random.Random) -> str | None:
    if _NEGATION.search(mt):
        return None  # keep the kinds apart: this one only adds
    runs = list(_AUX.finditer(mt))
    if not runs:
        return None
    m = runs[0]
    return mt[: m.end()] + " not" + mt[m.end() :]


def swap_names(sv: str, mt: str, rng: random.Random) -> str | None:
    """Two names the source also has exchange places; a lower-case word must stand between them
    (``Team Sweden beat Team Norway``), so that a first and last name (``Anna Berg``) are not swapped."""
    src_words = set(re.findall(r"\w+", sv))
    names = [m for m in re.finditer(r"[^\W\d_][\w]*", mt) if m.group(0)[0].isupper() and len(m.group(0)) >= 3 and m.group(0) in src_words]
    pairs = sorted(
        {
            (x.group(0), y.group(0))
            for k, x in enumerate(names)
            for y in names[k + 1 :]
            if x.group(0) != y.group(0) and re.search(r"(?<!\w)[a-z]", mt[x.end() : y.start()])
        }
    )
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return re.sub(r"(?<!\w)(" + re.escape(a) + "|" + re.escape(b) + r")(?!\w)", lambda m: b if m.group(0) == a else a, mt)


MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def wrong_date(mt: str, rng: random.Random) -> str | None:
    # "May" is also a verb; the rest are unambiguous
    runs = [m for m in re.finditer(r"\b(" + "|".join(MONTHS + WEEKDAYS) + r")\b", mt) if m.group(0) != "May"]
    if not runs:
        return None
    m = rng.choice(runs)
    names = MONTHS if m.group(0) in MONTHS else WEEKDAYS
    other = rng.choice([n for n in names if n != m.group(0) and n != "May"])
    return mt[: m.start()] + other + mt[m.end() :]


UNITS = {
    "km": "miles",
    "kilometres": "miles",
    "kilometers": "miles",
    "miles": "kilometres",
    "mile": "kilometre",
    "metres": "feet",
    "meters": "feet",
    "feet": "metres",
    "kilograms": "pounds",
    "kg": "lbs",
    "tonnes": "pounds",
    "kronor": "dollars",
    "krona": "dollar",
    "SEK": "USD",
    "dollars": "euros",
    "euros": "dollars",
    "USD": "SEK",
    "percent": "degrees",
    "degrees": "percent",
    "hours": "minutes",
    "minutes": "hours",
    "years": "months",
    "months": "years",
}
_UNIT = re.compile(r"(?<=\d )(" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")\b|(?<=\d)(km|kg)\b")


def change_unit(mt: str, rng: random.Random) -> str | None:
    runs = list(_UNIT.finditer(mt))
    if not runs:
        return None
    m = rng.choice(runs)
    return mt[: m.start()] + UNITS[m.group(0)] + mt[m.end() :]


INJECTORS = {
    "number": lambda sv, mt, rng: change_number(mt, rng),
    "name": drop_name,
    "repetition": lambda sv, mt, rng: duplicate_phrase(mt, rng),
}
#: errors no check was built for: recall counts any flag
UNCHECKED = {
    "negation dropped": lambda sv, mt, rng: drop_negation(mt, rng),
    "negation added": lambda sv, mt, rng: add_negation(mt, rng),
    "names swapped": swap_names,
    "month/weekday": lambda sv, mt, rng: wrong_date(mt, rng),
    "unit": lambda sv, mt, rng: change_unit(mt, rng),
    # "other sentence" needs the article: see main()
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

    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(docids):
        by_doc.setdefault(d, []).append(i)

    def other_sentence(i: int, rng: random.Random) -> str | None:
        # another segment's translation from the same article, as if the output were misaligned
        others = [j for j in by_doc[docids[i]] if j != i and mt[j].strip() and mt[j] != mt[i]]
        return mt[rng.choice(others)] if others else None

    rng = random.Random(args.seed)
    recall = {}
    missed_examples = []

    def on_line(f):  # an injector of (sv, mt, rng) as one of (line index, rng)
        return lambda i, r: f(sv[i], mt[i], r)

    unchecked = {**{k: on_line(f) for k, f in UNCHECKED.items()}, "other sentence": other_sentence}
    checked = {k: on_line(f) for k, f in INJECTORS.items()}
    for kind, inject in {**checked, **unchecked}.items():
        built_for = kind in INJECTORS
        order = list(range(len(sv)))
        rng.shuffle(order)
        tried = hit = 0
        flagged_as: Counter = Counter()
        for i in order:
            if tried >= args.per_kind:
                break
            if any(f["kind"] == kind for f in clean[i]) if built_for else clean[i]:
                continue
            bad = inject(i, rng)
            if bad is None or bad == mt[i]:
                continue
            known, norm = ctx[docids[i]]
            flags = F.flag_pair(sv[i], bad, known_names=known, length_log_norm=norm)
            tried += 1
            if any(f["kind"] == kind for f in flags) if built_for else flags:
                hit += 1
                flagged_as.update({f["kind"] for f in flags})
            elif len(missed_examples) < 40 or (not built_for and sum(1 for k, _, _ in missed_examples if k == kind) < 5):
                missed_examples.append((kind, i, bad))
        recall[kind] = {
            "checked": built_for,
            "injected": tried,
            "flagged": hit,
            "recall": hit / tried if tried else None,
            "flag_kinds": dict(flagged_as.most_common()),
        }
    checked_r = [r for r in recall.values() if r["checked"]]
    total_inj = sum(r["injected"] for r in checked_r)
    total_hit = sum(r["flagged"] for r in checked_r)
    unchecked_r = [r for r in recall.values() if not r["checked"]]
    other_inj = sum(r["injected"] for r in unchecked_r)
    other_hit = sum(r["flagged"] for r in unchecked_r)

    result = {
        "segments": len(sv),
        "clean_flagged_segments": len(flagged),
        "clean_flag_rate": len(flagged) / len(sv),
        "clean_flag_rate_doc_halves": halves,
        "clean_flags_by_kind": F.count_flags(clean),
        "recall": recall,
        "recall_overall": total_hit / total_inj,
        "recall_unchecked_overall": other_hit / other_inj if other_inj else None,
        "seed": args.seed,
        "seconds_clean_pass": round(t_clean, 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"NTREX newstest2019 sv->mt, {len(sv)} segments, {len(docs)} documents")
        print(
            f"clean pair: {len(flagged)} segments flagged = {result['clean_flag_rate']:.1%} (target <= 5%); "
            f"document halves {halves[0]:.1%} / {halves[1]:.1%}; {t_clean:.1f} s"
        )
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in result["clean_flags_by_kind"].items()))
        print("errors the checks are built for (flag of the matching kind):")
        for kind, r in recall.items():
            if r["checked"]:
                print(f"  injected {kind:<16} {r['flagged']}/{r['injected']} flagged = {r['recall']:.1%}")
        print(f"  recall: {total_hit}/{total_inj} = {result['recall_overall']:.1%} (target >= 95%), seed {args.seed}")
        print("errors no check looks for (any flag):")
        for kind, r in recall.items():
            if not r["checked"]:
                rate = f"{r['recall']:.1%}" if r["recall"] is not None else "n/a"
                how = ", ".join(f"{k} {n}" for k, n in r["flag_kinds"].items())
                print(f"  injected {kind:<16} {r['flagged']}/{r['injected']} flagged = {rate}" + (f" (by {how})" if how else ""))
        if other_inj:
            print(f"  recall: {other_hit}/{other_inj} = {other_hit / other_inj:.1%} (no target)")
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

#!/usr/bin/env python3
"""Sentence-splitter benchmark on NTREX-128 newstest2019 (Swedish and English).

For every document (``newstest2019.docids``) the lines are joined with single
spaces and split again; a line is *recovered* when the splitter's boundaries
reproduce it.  Two counts are printed per language:

* ``exact``: the line comes out as exactly one sentence.
* ``edges``: the line's start and end are both sentence boundaries (the line is
  a whole number of sentences).  Some NTREX lines hold two or three sentences
  (the Swedish translators often split one English sentence in two), so a
  correct splitter cannot reach 100% ``exact``; ``--show-internal`` lists the
  lines it cut inside, to check that those cuts are real sentence ends.
* ``punctuated``: ``edges`` counted only over lines that end in sentence
  punctuation and follow one that does.  Nearly every document starts with a
  headline without final punctuation, which the space-joining glues to the
  lead; this figure separates the splitter's sentence rules from that
  headline-recovery problem.

It also splits each punctuated NTREX line on its own and counts the lines cut
after a token without sentence punctuation (false cuts; keep this near zero).
wordfreq's frequency lists load once per process (~0.5 s per language); that
time is printed apart from the splitting time.

Run from the project root:  python scripts/bench_segment.py [--data DIR] [--show-errors N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.segmenter import split_sentences  # noqa: E402
from translate.segmenter.evidence import _frequencies  # noqa: E402

_ENDS = re.compile(r"[.!?…:][\"”’'»)\]]*$")


def documents(data: Path, lang: str) -> list[list[str]]:
    ids = (data / "newstest2019.docids").read_text(encoding="utf-8").splitlines()
    lines = (data / f"newstest2019.{lang}").read_text(encoding="utf-8").splitlines()
    if len(ids) != len(lines):
        raise SystemExit(f"{data}: newstest2019.{lang} has {len(lines)} lines but .docids has {len(ids)}")
    docs: OrderedDict[str, list[str]] = OrderedDict()
    for doc_id, line in zip(ids, lines):
        docs.setdefault(doc_id, []).append(line.strip())
    return list(docs.values())


def evaluate(docs: list[list[str]], lang: str) -> dict:
    total = exact = edges = punct_total = punct_edges = 0
    errors: list[tuple[str, list[str]]] = []
    internal: list[tuple[str, list[str]]] = []
    for lines in docs:
        text = " ".join(lines)
        spans = split_sentences(text, lang)
        starts = {s for s, _ in spans}
        ends = {e for _, e in spans}
        pos = 0
        for j, line in enumerate(lines):
            s, e = pos, pos + len(line)
            pos = e + 1
            total += 1
            inside = [text[a:b] for a, b in spans if a < e and b > s]
            punctuated = _ENDS.search(line) and (j == 0 or _ENDS.search(lines[j - 1]))
            punct_total += bool(punctuated)
            if s in starts and e in ends:
                punct_edges += bool(punctuated)
                edges += 1
                if len(inside) == 1:
                    exact += 1
                else:
                    internal.append((line, inside))
            else:
                errors.append((line, inside))
    return {
        "lang": lang,
        "lines": total,
        "exact": exact,
        "edges": edges,
        "punct_lines": punct_total,
        "punct_edges": punct_edges,
        "errors": errors,
        "internal": internal,
    }


def false_cuts(docs: list[list[str]], lang: str) -> list[list[str]]:
    """Each punctuated line split alone: the lines cut after a token without sentence punctuation."""
    bad = []
    for lines in docs:
        for line in lines:
            if not _ENDS.search(line):
                continue  # headlines
            pieces = [line[s:e] for s, e in split_sentences(line, lang)]
            if any(not _ENDS.search(p) for p in pieces[:-1]):
                bad.append(pieces)
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N missed lines per language")
    ap.add_argument("--show-internal", action="store_true", help="print lines cut inside (multi-sentence lines)")
    args = ap.parse_args()
    if not (args.data / "newstest2019.docids").exists():
        print(f"NTREX data not found in {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    for lang in ("sv", "en"):
        _frequencies(lang)  # wordfreq's lists load once per process; timed apart from splitting
    print(f"wordfreq lists loaded in {time.perf_counter() - t0:.2f}s")
    for lang in ("sv", "en"):
        docs = documents(args.data, lang)
        t0 = time.perf_counter()
        r = evaluate(docs, lang)
        dt = time.perf_counter() - t0
        n = r["lines"]
        print(
            f"{lang}: {len(docs)} docs, {n} lines | edges recovered {r['edges']}/{n} = {100 * r['edges'] / n:.2f}% "
            f"| exact one-sentence {r['exact']}/{n} = {100 * r['exact'] / n:.2f}% "
            f"| punctuated {r['punct_edges']}/{r['punct_lines']} = {100 * r['punct_edges'] / r['punct_lines']:.2f}% "
            f"| lines cut inside {len(r['internal'])} | {dt:.2f}s"
        )
        bad = false_cuts(docs, lang)
        print(f"{lang}: punctuated lines split alone and cut after a non-punctuation token: {len(bad)}")
        for pieces in bad[: args.show_errors]:
            print("  FALSE " + " || ".join(pieces))
        for line, got in r["errors"][: args.show_errors]:
            print(f"  MISS {line}")
            for g in got:
                print(f"     | {g}")
        if args.show_internal:
            for line, got in r["internal"]:
                print(f"  CUT  {line}")
                for g in got:
                    print(f"     | {g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark English-quote detection, passthrough and linking on NTREX-128 (newstest2019).

Articles are five consecutive documents each, one paragraph per document (its
Swedish lines joined by spaces).  In each article three sentences (lines of at
least ``--min-words`` words) are picked at random (seeded) and their English
originals (``.en`` lines) inserted as paragraphs of their own, 0-2 paragraphs
after the paragraph holding the Swedish sentence: the whole line, or, for lines
of >= 14 words, half of the time an excerpt of >= 8 consecutive words in curly
quotes ``“…”``.  The ``.mt`` lines (a real OPUS-MT translation of the ``.sv``
side) are the translation memory, so no model is needed; a Swedish segment the
segmenter cut differently from the lines falls back to the ``.mt`` of the lines
it overlaps (counted and printed).

Reported:
  detected -- the inserted paragraph comes out as English quote segments only;
  verbatim -- its text is unchanged in the output (passthrough);
  top-1    -- its best link goes to the Swedish sentence it came from.
Targets: detected = verbatim = 1.00, top-1 >= .97.

For calibrating :data:`translate.quotes.THRESHOLD` the same articles are built
again with *control* quotes -- English lines from documents outside the article,
which have no counterpart -- and the score distributions are printed.

    python scripts/bench_quotes.py [--data ../shared/data/ntrex128] [--seed 7] [--threshold T]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate import quotes  # noqa: E402
from translate.memory import Memory  # noqa: E402
from translate.pipeline import prepare_document, translate_documents  # noqa: E402


@dataclass
class Insert:
    line: int  # NTREX line index of the Swedish sentence / English original
    text: str  # the inserted English paragraph
    excerpt: bool
    after: int  # inserted after this (original) paragraph index
    control: bool = False  # an English line from elsewhere: no sentence here renders it


@dataclass
class Article:
    text: str
    inserts: list[tuple[Insert, int, int]]  # (insert, char start, char end) of the inserted paragraph
    line_spans: dict[int, tuple[int, int]]  # NTREX line -> char span in the article


def load(data: Path):
    out = {}
    for ext in ("sv", "en", "mt", "docids"):
        p = data / f"newstest2019.{ext}"
        if not p.exists():
            sys.exit(f"bench_quotes: {p} not found (pass --data DIR holding newstest2019.sv/.en/.mt/.docids)")
        out[ext] = p.read_text(encoding="utf-8").splitlines()
    return out


def english_paragraph(en: str, rng: random.Random) -> tuple[str, bool]:
    words = en.split()
    if len(words) >= 14 and rng.random() < 0.5:
        n = rng.randint(8, len(words) - 1)
        i = rng.randint(0, len(words) - n)
        return "“" + " ".join(words[i : i + n]) + "”", True
    return en, False


def build_article(docs: list[list[int]], inserts: list[Insert], sv: list[str]) -> Article:
    """Lay out paragraphs (documents) and inserted quote paragraphs; remember where everything is."""
    after: dict[int, list[Insert]] = defaultdict(list)
    for ins in inserts:
        after[ins.after].append(ins)
    text = ""
    placed: list[tuple[Insert, int, int]] = []
    line_spans: dict[int, tuple[int, int]] = {}

    def add_para() -> None:
        nonlocal text
        if text:
            text += "\n\n"

    for p, lines in enumerate(docs):
        add_para()
        for k, li in enumerate(lines):
            if k:
                text += " "
            line_spans[li] = (len(text), len(text) + len(sv[li]))
            text += sv[li]
        for ins in after[p]:
            add_para()
            placed.append((ins, len(text), len(text) + len(ins.text)))
            text += ins.text
    return Article(text + "\n", placed, line_spans)


class LineFallback:
    """Stands in for the model: a segment not in the memory gets the .mt of the lines it overlaps."""

    model_name = "ntrex-mt-fallback"

    def __init__(self) -> None:
        self.calls = 0
        self.sentences = 0
        self.lookup: dict[str, str] = {}

    def translate(self, sentences: list[str]) -> list[str]:
        self.calls += 1
        self.sentences += len(sentences)
        return [self.lookup.get(s, s) for s in sentences]


def make_articles(data, rng: random.Random, size: int, min_words: int, control: bool):
    sv, en, docids = data["sv"], data["en"], data["docids"]
    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(docids):
        by_doc.setdefault(d, []).append(i)
    docs = list(by_doc.values())
    groups = [docs[i : i + size] for i in range(0, len(docs) - size + 1, size)]
    articles = []
    for gi, group in enumerate(groups):
        lines = [li for d in group for li in d]
        para_of = {li: p for p, d in enumerate(group) for li in d}
        pool = [li for li in lines if len(en[li].split()) >= min_words and len(sv[li].split()) >= min_words]
        picked = rng.sample(pool, 3)
        if control:
            # Lines from documents of another article: no Swedish sentence here renders them.
            other = [li for g in groups if g is not group for d in g for li in d if len(en[li].split()) >= min_words]
            picked_src = rng.sample(other, 3)
        else:
            picked_src = picked
        inserts = []
        for li, src in zip(picked, picked_src):
            text, excerpt = english_paragraph(en[src], rng)
            after = min(para_of[li] + rng.randint(0, 2), len(group) - 1)
            inserts.append(Insert(line=li, text=text, excerpt=excerpt, after=after, control=control))
        articles.append(build_article(group, inserts, sv))
    return articles


def run(articles: list[Article], data) -> tuple[list, LineFallback]:
    sv, mt = data["sv"], data["mt"]
    memory = Memory.from_pairs(zip(sv, mt))
    fallback = LineFallback()
    docs = []
    for art in articles:
        doc = prepare_document(art.text)
        for seg in doc.segments:
            if seg.needs_mt and memory.lookup(seg.source) is None:
                over = sorted(li for li, (a, b) in art.line_spans.items() if a < seg.end and seg.start < b)
                if over:
                    fallback.lookup[seg.source] = " ".join(mt[li] for li in over)
        docs.append(doc)
    docs = [quotes.link_quotes(d) for d in translate_documents(docs, translator=fallback, memory=memory)]
    return docs, fallback


def evaluate(articles, docs):
    n = detected = verbatim = top1 = linked_any = links_kept = links_right = 0
    true_scores, wrong_best, ex_n, ex_top1 = [], [], 0, 0
    misses = []
    for art, doc in zip(articles, docs):
        scores = quotes.score_matrix(doc)
        for ins, a, b in art.inserts:
            n += 1
            qsegs = [s for s in doc.segments if a <= s.start and s.end <= b]
            covered = " ".join(s.source for s in qsegs) == ins.text
            detected += covered and all(s.lang == "en" and s.role == "quote" for s in qsegs)
            out = " ".join(s.translation or "" for s in qsegs)
            verbatim += out == ins.text and all(s.origin == "passthrough" for s in qsegs)
            la, lb = art.line_spans[ins.line]
            # The segmenter may cut a line in two or join it to its neighbour: any overlap counts.
            gold = set() if ins.control else {s.id for s in doc.segments if s.lang == "sv" and s.start < lb and s.end > la}
            cand = [(v, sid) for (qid, sid), v in scores.items() if qid in {q.id for q in qsegs}]
            if not cand:
                misses.append((ins, None))
                continue
            best_v, best_s = max(cand)
            ok = best_s in gold
            top1 += ok
            ex_n += ins.excerpt
            ex_top1 += ok and ins.excerpt
            mine = [link for link in doc.quote_links if link.quote in {q.id for q in qsegs}]
            linked_any += bool(mine)
            links_kept += len(mine)
            links_right += sum(link.sentence in gold for link in mine)
            true_v = max((v for v, s in cand if s in gold), default=0.0)
            true_scores.append(true_v)
            wrong_best.append(max((v for v, s in cand if s not in gold), default=0.0))
            if not ok:
                misses.append((ins, doc.segment(best_s).translation, best_v, true_v))
    return dict(n=n, detected=detected, verbatim=verbatim, top1=top1, linked=linked_any, excerpts=ex_n,
                links_kept=links_kept, links_right=links_right,
                excerpt_top1=ex_top1, true_scores=true_scores, wrong_best=wrong_best, misses=misses)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--size", type=int, default=5, help="documents per article (default 5)")
    ap.add_argument("--min-words", type=int, default=6, help="shortest line picked as a quote (default 6)")
    ap.add_argument("--threshold", type=float, default=None, help=f"link threshold (default {quotes.THRESHOLD})")
    ap.add_argument("--show", type=int, default=5, help="top-1 misses to print")
    args = ap.parse_args(argv)
    if args.threshold is not None:
        quotes.THRESHOLD = args.threshold
    data = load(args.data)

    t = time.perf_counter()
    articles = make_articles(data, random.Random(args.seed), args.size, args.min_words, control=False)
    docs, fb = run(articles, data)
    r = evaluate(articles, docs)
    elapsed = time.perf_counter() - t
    n = r["n"]
    print(f"NTREX newstest2019: {len(articles)} articles of {args.size} documents, {n} inserted quotes "
          f"({r['excerpts']} excerpts), seed {args.seed}; {elapsed:.1f} s for prepare+translate+link")
    print(f"  Swedish segments not in the .mt memory (the segmenter cut a line differently): {fb.sentences}")
    print(f"  detected  {r['detected'] / n:.3f}  ({r['detected']}/{n})   target 1.00")
    print(f"  verbatim  {r['verbatim'] / n:.3f}  ({r['verbatim']}/{n})   target 1.00")
    print(f"  top-1     {r['top1'] / n:.3f}  ({r['top1']}/{n})   target >= .97   "
          f"[excerpts {r['excerpt_top1']}/{r['excerpts']}]")
    print(f"  quotes with a link at threshold {quotes.THRESHOLD}: {r['linked'] / n:.3f} ({r['linked']}/{n}); "
          f"links kept {r['links_kept']} ({r['links_kept'] / n:.2f} per quote), "
          f"to the right sentence {r['links_right'] / max(r['links_kept'], 1):.3f}")

    carts = make_articles(data, random.Random(args.seed + 1000), args.size, args.min_words, control=True)
    cdocs, _ = run(carts, data)
    cr = evaluate(carts, cdocs)
    control_best = cr["wrong_best"]  # control quotes have no gold sentence: every link is wrong
    false_linked = cr["linked"]
    print(f"\ncontrol quotes (no counterpart in the article): {cr['n']}, given a link: {false_linked / cr['n']:.3f} ({false_linked})")
    print("score distributions (for calibrating THRESHOLD):")
    print(f"  right sentence:          min {min(r['true_scores']):.3f}  p05 {pct(r['true_scores'], .05):.3f}  "
          f"median {statistics.median(r['true_scores']):.3f}")
    print(f"  best wrong sentence:     median {statistics.median(r['wrong_best']):.3f}  p95 {pct(r['wrong_best'], .95):.3f}  "
          f"max {max(r['wrong_best']):.3f}")
    print(f"  control quote, best:     median {statistics.median(control_best):.3f}  p95 {pct(control_best, .95):.3f}  "
          f"max {max(control_best):.3f}")
    print("  threshold  right sentence >= T    control quotes linked (false)")
    for t in (0.10, 0.14, 0.18, 0.22, 0.26, 0.30):
        right = sum(v >= t for v in r["true_scores"]) / len(r["true_scores"])
        false = sum(v >= t for v in control_best) / len(control_best)
        mark = "  <- THRESHOLD" if abs(t - quotes.THRESHOLD) < 1e-9 else ""
        print(f"  {t:9.2f}  {right:21.3f}  {false:29.3f}{mark}")
    for m in r["misses"][: args.show]:
        ins = m[0]
        if m[1] is None:
            print(f"  miss: no candidate for {ins.text[:80]!r}")
        else:
            print(f"  miss: {ins.text[:70]!r}\n        best {m[2]:.3f} {m[1][:70]!r}; right one scored {m[3]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

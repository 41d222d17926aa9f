#!/usr/bin/env python3
"""Measure Swedish/English language ID on NTREX-128 (newstest2019) sentences and short strings.

Reports, for tolka's classifier (py3langid restricted to sv/en, ``translate.langid``):

* sentence level: ``detect()`` on every ``.sv`` and ``.en`` line alone (target >= 99.5 %);
* headlines: ``detect()`` on the first 3-6 words of each line (seeded), alone;
* headlines in context: ``tag_document()`` on an article made of the headline as its own
  paragraph followed by its document's lines -- once with the document in the same
  language, once with an English headline in the Swedish document (a short English
  quote paragraph, where the article's language must not swamp the segment's own evidence).

``--compare`` also measures lingua-language-detector (if installed) the same way, alone.

    python scripts/bench_langid.py [--data ../shared/data/ntrex128] [--seed 13] [--compare]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate import langid  # noqa: E402
from translate.document import Document  # noqa: E402


def load(data: Path):
    def lines(ext):
        p = data / f"newstest2019.{ext}"
        if not p.exists():
            sys.exit(f"bench_langid: {p} not found (pass --data DIR holding newstest2019.sv/.en/.docids)")
        return p.read_text(encoding="utf-8").splitlines()

    return lines("sv"), lines("en"), lines("docids")


def headlines(lines: list[str], rng: random.Random) -> list[str | None]:
    out: list[str | None] = []
    for line in lines:
        words = line.split()
        n = rng.randint(3, 6)
        out.append(" ".join(words[:n]).rstrip(",.:;") if len(words) >= n else None)
    return out


def accuracy(fn, texts: list[str], gold: str) -> tuple[float, float, list[str]]:
    t = time.perf_counter()
    pred = [fn(x) for x in texts]
    dt = time.perf_counter() - t
    wrong = [x for x, p in zip(texts, pred) if p != gold]
    return 1 - len(wrong) / len(texts), dt / len(texts), wrong


build = Document.from_sentences


def in_context(heads, docs_lines, gold_lang: str) -> float:
    ok = n = 0
    for head, body in zip(heads, docs_lines):
        if head is None:
            continue
        doc = langid.tag_document(build([[head], body]))
        ok += doc.segments[0].lang == gold_lang
        n += 1
    return ok / n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--compare", action="store_true", help="also measure lingua-language-detector")
    ap.add_argument("--show", type=int, default=5, help="misclassified examples to print per row")
    args = ap.parse_args(argv)

    sv, en, docids = load(args.data)
    rng = random.Random(args.seed)
    sv_heads, en_heads = headlines(sv, rng), headlines(en, rng)

    detectors = {"py3langid (tolka)": langid.detect}
    if args.compare:
        try:
            from lingua import Language, LanguageDetectorBuilder

            t = time.perf_counter()
            det = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SWEDISH).with_preloaded_language_models().build()
            print(f"lingua model load: {time.perf_counter() - t:.2f} s")
            codes = {Language.ENGLISH: "en", Language.SWEDISH: "sv"}
            detectors["lingua"] = lambda x: codes.get(det.detect_language_of(x), "und")
        except ImportError:
            print("lingua-language-detector not installed; skipping the comparison")
    t = time.perf_counter()
    langid.detect("warm up")
    print(f"py3langid model load: {time.perf_counter() - t:.2f} s")

    print(f"\nNTREX newstest2019: {len(sv)} lines per side; headlines = first 3-6 words (seed {args.seed})")
    print(f"{'detector':20s} {'set':10s} {'n':>5s} {'accuracy':>9s} {'us/item':>8s}")
    for name, fn in detectors.items():
        both_ok = both_n = 0
        for label, texts, gold in [
            ("sv lines", sv, "sv"),
            ("en lines", en, "en"),
            ("sv heads", [h for h in sv_heads if h], "sv"),
            ("en heads", [h for h in en_heads if h], "en"),
        ]:
            acc, per, wrong = accuracy(fn, texts, gold)
            if label.endswith("lines"):
                both_ok += round(acc * len(texts))
                both_n += len(texts)
            print(f"{name:20s} {label:10s} {len(texts):5d} {acc:9.4f} {per * 1e6:8.0f}")
            for w in wrong[: args.show]:
                print(f"{'':31s}x {w[:90]!r}")
        print(f"{name:20s} {'sv+en lines':10s} {both_n:5d} {both_ok / both_n:9.4f}   <- sentence-level accuracy (target >= 0.995)")

    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docids):
        by_doc[d].append(i)
    # One headline per document (its first line's), placed before the document's other lines.
    firsts = [idx[0] for idx in by_doc.values() if len(idx) > 1]
    sv_body = [[sv[i] for i in by_doc[docids[f]][1:]] for f in firsts]
    en_body = [[en[i] for i in by_doc[docids[f]][1:]] for f in firsts]
    print(f"\nheadline as its own paragraph before its document ({len(firsts)} documents), tag_document():")
    print(f"  sv headline, Swedish document:          {in_context([sv_heads[f] for f in firsts], sv_body, 'sv'):.4f}")
    print(f"  en headline, English document:          {in_context([en_heads[f] for f in firsts], en_body, 'en'):.4f}")
    print(f"  en headline, Swedish document (quote):  {in_context([en_heads[f] for f in firsts], sv_body, 'en'):.4f}")
    print(
        f"  alone, detect(): sv {sum(langid.detect(sv_heads[f]) == 'sv' for f in firsts if sv_heads[f]) / sum(1 for f in firsts if sv_heads[f]):.4f}"
        f"  en {sum(langid.detect(en_heads[f]) == 'en' for f in firsts if en_heads[f]) / sum(1 for f in firsts if en_heads[f]):.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

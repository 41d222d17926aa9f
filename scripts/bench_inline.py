#!/usr/bin/env python3
"""Benchmark English quotations inside Swedish sentences on NTREX-128 (newstest2019).

Every NTREX document becomes an article: its headline a paragraph of its own, then its
Swedish lines in paragraphs of three (longer where a quotation runs on).  In each article some lines are replaced by Swedish
reporting frames written for this benchmark (:data:`FRAMES`) around a quotation: an
English excerpt (3-14 consecutive words of another document's English side) or a Swedish
excerpt (the same, from another document's Swedish side), in varying quotation marks.
Each article also gets an English block-quote paragraph (two consecutive English lines
of another document, half of the time as one quotation ``“… …”`` over both sentences).
A memory of every NTREX ``.sv`` line with its ``.mt`` translation covers the untouched
sentences; the rest goes to a tiny random-weight Marian model built on the spot
(:mod:`translate.testing`), which loses placeholders, so the fallback path is exercised.

Reported:
  english  -- English quotations kept verbatim exactly once, the frame translated (origin mt,
              Swedish, the quotation a span whose target offsets slice it out of the translation);
  swedish  -- Swedish quotations translated: origin mt, not protected, not in the output verbatim;
  block    -- block-quote sentences passed through verbatim.
Targets: english >= 99%, swedish >= 99%, block 100%.

Timing: the English-quotation sentences are translated again (no cache) both plainly (the
whole sentence to the model) and the inline way (masked, then the pieces), alternating for
``--rounds`` rounds; the ratio of the medians is the extra cost per mixed sentence (target < 2x).
Timings are wall time on a machine that may be shared: the ratio, measured in one run, is
what to compare.

The quotation language rule is also measured on bare excerpts (``--excerpts N`` per
language and length, 2-14 words), without a model.

    python scripts/bench_inline.py [--data ../shared/data/ntrex128] [--seed 1] [--rounds 5] [--excerpts 300]
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.document import Document, Segment  # noqa: E402
from translate.inline import quotation_language, translate_segments  # noqa: E402
from translate.memory import Memory  # noqa: E402
from translate.pipeline import prepare, translate_documents  # noqa: E402

#: Swedish reporting frames written for this benchmark; {q} is the quotation with its marks.
FRAMES = [
    "{Who} sade att {q} inför publiken i {place}.",
    "{q}, skriver {outlet} i en ledare.",
    "Enligt {outlet} var samtalet {q}, och mer än så.",
    "I ett uttalande på onsdagen hävdade {who} att {q}.",
    "{q}, säger {who} till tidningen.",
    "{Who} beskrev beslutet som {q} under presskonferensen.",
    "På sociala medier skrev {who}: {q}.",
    "Flera bedömare menar att det handlar om {q} snarare än om en ny politik.",
    "Rapporten från {outlet} konstaterar att {q} och kräver snabba åtgärder.",
    "Det var, med {who_gen} egna ord, {q}.",
    "{q}, löd budskapet på skylten utanför rådhuset i {place}.",
    "Kritikerna kallar planen för {q}, men regeringen står fast vid den.",
]
WHO = [
    ("ministern", "ministerns"),
    ("talespersonen", "talespersonens"),
    ("borgmästaren", "borgmästarens"),
    ("presidenten", "presidentens"),
    ("forskaren", "forskarens"),
    ("förbundskaptenen", "förbundskaptenens"),
]
OUTLETS = ["The Guardian", "Politico", "New York Times", "BBC", "Financial Times", "Der Spiegel"]
PLACES = ["Ohio", "Bryssel", "Manchester", "Göteborg", "Sydney", "Toronto"]
MARKS = [("”", "”"), ("“", "”"), ('"', '"'), ("»", "»")]
# Quotation marks (and apostrophes outside words) inside an excerpt would nest quotations: left out.
_NESTED = re.compile(r"[”“\"„»«‘’'](?![^\W\d_])|(?<![^\W\d_])[”“\"„»«‘’']")
_EDGE = ".,;:!?()[]–—- "


@dataclass
class Placed:
    kind: str  # "en", "sv" (a frame around an excerpt) or "block" (a block-quote paragraph)
    start: int  # char range of the inserted sentence or paragraph in the article
    end: int
    quote: str  # the excerpt (empty for block quotes)


def load(data: Path) -> dict[str, list[str]]:
    out = {}
    for ext in ("sv", "en", "mt", "docids"):
        p = data / f"newstest2019.{ext}"
        if not p.exists():
            sys.exit(f"bench_inline: {p} not found (pass --data DIR holding newstest2019.sv/.en/.mt/.docids)")
        out[ext] = p.read_text(encoding="utf-8").splitlines()
    return out


def excerpt(line: str, rng: random.Random, lo: int, hi: int) -> str | None:
    words = line.split()
    if len(words) < lo:
        return None
    n = rng.randint(lo, min(hi, len(words)))
    i = rng.randint(0, len(words) - n)
    text = " ".join(words[i : i + n]).strip(_EDGE)
    if len(text.split()) < lo or _NESTED.search(text):
        return None
    return text


def draw_excerpt(lines: list[int], side: list[str], rng: random.Random, lo: int = 3, hi: int = 14) -> str:
    while True:
        text = excerpt(side[rng.choice(lines)], rng, lo, hi)
        if text:
            return text


def frame(quote: str, rng: random.Random) -> tuple[str, str]:
    """A framed sentence around ``quote``, and the quotation as it stands in it."""
    who, who_gen = rng.choice(WHO)
    a, b = rng.choice(MARKS)
    template = rng.choice(FRAMES)
    if template.startswith("{q}") or ": {q}" in template:
        quote = quote[0].upper() + quote[1:]  # a quotation that opens a sentence opens with a capital
    text = template.format(
        q=f"{a}{quote}{b}", who=who, Who=who.capitalize(), who_gen=who_gen, outlet=rng.choice(OUTLETS), place=rng.choice(PLACES)
    )
    return text, quote


def paragraphs(lines: list[int], sv: list[str], size: int = 3) -> list[list[int]]:
    """The headline alone, then lines in paragraphs of about ``size``, never breaking inside a quotation."""
    paras, current = [[lines[0]]], []
    for li in lines[1:]:
        current.append(li)
        open_quote = sum(sv[x].count(m) for x in current for m in '”“"»«') % 2
        if len(current) >= size and not open_quote:
            paras.append(current)
            current = []
    return paras + ([current] if current else [])


def make_articles(data, rng: random.Random, per_article: int) -> list[tuple[str, list[Placed]]]:
    sv, en, docids = data["sv"], data["en"], data["docids"]
    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(docids):
        by_doc.setdefault(d, []).append(i)
    docs = list(by_doc.values())
    articles = []
    for k, lines in enumerate(docs):
        others = [li for j, d in enumerate(docs) if j != k for li in d]
        body = lines[1:]
        # lines without quotation marks of their own, so the paragraphs' quotations stay as they were
        plain = [li for li in body if not any(m in sv[li] for m in '”“"»«')]
        chosen = rng.sample(plain, min(per_article, len(plain)))
        kinds = {li: ("en" if n % 2 == 0 else "sv") for n, li in enumerate(chosen)}
        other_doc = rng.choice([d for j, d in enumerate(docs) if j != k and len(d) > 3])
        b0 = rng.randrange(1, len(other_doc) - 1)
        block = [en[other_doc[b0]], en[other_doc[b0 + 1]]]
        block_text = f"“{block[0]} {block[1]}”" if rng.random() < 0.5 and not _NESTED.search(" ".join(block)) else " ".join(block)
        block_after = rng.randrange(0, len(paragraphs(lines, sv)))
        text, placed = "", []
        layout = paragraphs(lines, sv)
        for p, para in enumerate(layout):
            text += "\n\n" if text else ""
            for n, li in enumerate(para):
                text += " " if n else ""
                if li in kinds:
                    quote = draw_excerpt(others, en if kinds[li] == "en" else sv, rng)
                    sentence, quote = frame(quote, rng)
                    placed.append(Placed(kinds[li], len(text), len(text) + len(sentence), quote))
                    text += sentence
                else:
                    text += sv[li]
            if p == block_after:
                text += "\n\n"
                placed.append(Placed("block", len(text), len(text) + len(block_text), ""))
                text += block_text
        articles.append((text + "\n", placed))
    return articles


def segments_of(doc: Document, p: Placed) -> list[Segment]:
    return [s for s in doc.segments if s.start < p.end and p.start < s.end]


def judge(doc: Document, p: Placed) -> tuple[bool, str]:
    segs = segments_of(doc, p)
    out = " ".join(s.translation or "" for s in segs)
    if p.kind == "block":
        ok = all(s.origin == "passthrough" and s.translation == s.source for s in segs)
        return ok, "block quote not verbatim"
    if not all(s.lang == "sv" and s.origin == "mt" for s in segs):
        return False, f"not translated: {[(s.lang, s.origin) for s in segs]}"
    protected = [sp for s in segs for sp in s.spans if sp.lang == "en" and sp.kind == "quote"]
    if p.kind == "sv":
        if protected or p.quote in out:
            return False, "Swedish quotation protected or passed through"
        return True, ""
    # A quotation the sentence splitter cut in two is a span in each sentence: each piece once in its own.
    if "".join(sp.text for sp in protected).replace(" ", "") != p.quote.replace(" ", ""):
        return False, f"spans {[sp.text for sp in protected]} are not the quotation"
    for s in segs:
        for sp in s.spans:
            if (s.translation or "")[sp.target_start : sp.target_end] != sp.text or (s.translation or "").count(sp.text) != 1:
                return False, "the quotation is not in the translation exactly once"
    frame_src = " ".join(s.source for s in segs).replace(p.quote, "")
    if out.replace(p.quote, "") == frame_src:
        return False, "frame not translated"
    return True, ""


def timing(docs: list[Document], translator, rounds: int) -> tuple[float, float, int]:
    """Median wall seconds per round for the mixed sentences: plain, then inline."""
    mixed = [s for d in docs for s in d.segments if s.origin == "mt" and any(sp.lang == "en" for sp in s.spans)]
    fresh = [copy.deepcopy(s) for s in mixed]
    for s in fresh:
        s.translation = s.origin = None
    plain, inline = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        translator.translate([s.source for s in fresh])
        plain.append(time.perf_counter() - t)
        work = [copy.deepcopy(s) for s in fresh]
        t = time.perf_counter()
        translate_segments(work, translator.translate)
        inline.append(time.perf_counter() - t)
    return statistics.median(plain), statistics.median(inline), len(mixed)


def excerpt_accuracy(data, rng: random.Random, n: int) -> None:
    print(f"\nquotation language rule on bare NTREX excerpts ({n} per language and length):")
    print("  words   English kept (en)   Swedish not protected (sv or und)")
    lines = list(range(len(data["sv"])))
    totals = {"en": [0, 0], "sv": [0, 0]}
    for length in (2, 3, 4, 5, 6, 8, 10, 14):
        row = []
        for lang in ("en", "sv"):
            good = 0
            for _ in range(n):
                text = draw_excerpt(lines, data[lang], rng, length, length)
                verdict = quotation_language(text)
                good += (verdict == "en") if lang == "en" else (verdict != "en")
            row.append(good / n)
            if length >= 3:
                totals[lang][0] += good
                totals[lang][1] += n
        print(f"  {length:5d}   {row[0]:17.3f}   {row[1]:.3f}")
    print(f"  3-14 words: English {totals['en'][0] / totals['en'][1]:.4f}, Swedish {totals['sv'][0] / totals['sv'][1]:.4f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-article", type=int, default=4, help="lines replaced by framed quotations per article (default 4)")
    ap.add_argument("--rounds", type=int, default=5, help="timing rounds, plain and inline alternating (default 5)")
    ap.add_argument("--excerpts", type=int, default=300, help="bare excerpts per language and length for the language rule (0: skip)")
    ap.add_argument("--show", type=int, default=5, help="failures to print per kind")
    args = ap.parse_args(argv)
    data = load(args.data)

    import torch

    from translate.testing import TINY, build_random_marian
    from translate.translator import Translator

    torch.set_num_threads(1)  # a 16-wide model is all thread overhead
    rng = random.Random(args.seed)
    articles = make_articles(data, rng, args.per_article)
    memory = Memory.from_pairs(zip(data["sv"], data["mt"]))
    with tempfile.TemporaryDirectory() as tmp:
        model = build_random_marian(Path(tmp) / "tiny", TINY)
        translator = Translator(model, backend="transformers", device="cpu", cache=False)
        t = time.perf_counter()
        docs = translate_documents([prepare(text) for text, _ in articles], translator=translator, memory=memory)
        elapsed = time.perf_counter() - t
        plain, inline, n_mixed = timing(docs, translator, args.rounds)

    results: dict[str, list[bool]] = {"en": [], "sv": [], "block": []}
    failures: dict[str, list[str]] = {"en": [], "sv": [], "block": []}
    for doc, (_, placed) in zip(docs, articles):
        for p in placed:
            ok, why = judge(doc, p)
            results[p.kind].append(ok)
            if not ok:
                failures[p.kind].append(f"{why}: {' | '.join(s.source for s in segments_of(doc, p))}")
    via: dict[str, int] = {}
    for doc in docs:
        for s in doc.segments:
            for sp in s.spans:
                via[str(sp.via)] = via.get(str(sp.via), 0) + 1
    flagged = sum(1 for d in docs for s in d.segments for f in s.flags if f.get("kind") == "quotation")
    to_model = sum(d.meta["origins"].get("mt", 0) for d in docs)
    print(
        f"NTREX newstest2019: {len(docs)} articles, seed {args.seed}; tiny random Marian model, .mt memory; "
        f"{elapsed:.1f} s for prepare+translate"
    )
    print(
        f"  sentences to the model: {to_model} (framed quotations and lines the segmenter cut differently); "
        f"spans by path: {via}; sentences flagged for quotation marks: {flagged}"
    )
    targets = {
        "en": ("English quotations kept verbatim once, frame translated", 0.99),
        "sv": ("Swedish quotations translated", 0.99),
        "block": ("block quotes verbatim", 1.0),
    }
    for kind, (label, target) in targets.items():
        got = results[kind]
        rate = sum(got) / max(len(got), 1)
        print(
            f"  {label:58s} {rate:.4f} ({sum(got)}/{len(got)})  target {'>= ' if target < 1 else ''}{target:.0%}  "
            f"{'met' if rate >= target else 'NOT MET'}"
        )
        for line in failures[kind][: args.show]:
            print(f"      {line}")
    print(f"\ntiming, {n_mixed} sentences with English quotations, median of {args.rounds} rounds (shared CPU: compare the ratio):")
    print(f"  plain (whole sentence): {plain * 1000 / max(n_mixed, 1):.1f} ms per sentence")
    print(f"  inline (mask, then pieces): {inline * 1000 / max(n_mixed, 1):.1f} ms per sentence")
    print(f"  ratio {inline / plain:.2f}x  target < 2x  {'met' if inline / plain < 2 else 'NOT MET'}")
    if args.excerpts:
        excerpt_accuracy(data, random.Random(args.seed + 1000), args.excerpts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

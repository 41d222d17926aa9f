#!/usr/bin/env python3
"""Sentence-splitter benchmark on NTREX-128 newstest2019 (Swedish and English).

Each NTREX document is a list of lines (``newstest2019.docids``): a headline without final
punctuation, sometimes a standfirst or sub-headlines, and sentences.  The lines are laid out as
a text in four ways and split again; a cut is where one sentence ends and the next begins
inside a paragraph.

(a) **headline paragraph**: the document's first line (its headline) is a paragraph of its own,
    the other lines are joined with spaces into one paragraph.  Reported: *boundary recall*
    (the gaps between consecutive lines where the splitter ends a sentence and begins the
    next), and the cuts made where no sentence-final punctuation (``. ! ? … : ;``, then closing
    quotes or brackets) precedes, per 1,000 cuts -- split into those that fall inside a line
    (in the middle of a sentence: wrong) and those at the end of a line without punctuation (a
    standfirst or a sub-headline: right).  Targets: recall >= 99.5%, wrong cuts without
    punctuation <= 1 per 1,000 cuts.
(a') **headline paragraph, lines kept**: as (a), but the lines after the headline keep their line
    breaks (one line break between lines, inside one paragraph): the layout of an article whose
    sub-headlines, captions and list items stand on lines of their own, where the splitter may
    cut an unpunctuated line after a line break.  Same measures and targets as (a).
(b) **space-joined**: all lines joined with spaces, the headline glued to the lead as when a
    text's line breaks were lost.  Reported as before (lines whose start and end are both
    recovered), for reference only: capitalisation alone marks most headline ends there.
(c) **joined prose**: the lines after the headline joined with spaces into one paragraph, no
    headline -- running prose, the layout of held-out news.  Reported: the cuts without
    punctuation inside a line (want 0) and at a line end.
(d) **openings**: each punctuated line (after a punctuated one) opens a text of its own, followed
    by the next three lines -- every sentence of the corpus in the one place where the headline
    rules look for an unpunctuated headline end.  Reported: how many are cut without punctuation.

``--mt`` measures the English machine translation (``newstest2019.mt``) too: English that the
word lists and rules were not written against.

It also splits each punctuated NTREX line on its own and counts the lines cut after a token
without sentence punctuation.  wordfreq's frequency lists load once per process (~0.5 s per
language); that time is printed apart from the splitting time.

Run from the project root:  python scripts/bench_segment.py [--data DIR] [--mt] [--show-errors N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.segmenter import split_paragraphs, split_sentences  # noqa: E402
from translate.segmenter.evidence import _frequencies  # noqa: E402

# Sentence-final punctuation, then closing quotes or brackets (a stray space before a closing
# quote, ``klart. "``, is allowed: the splitter keeps the quote with its sentence).
PUNCTUATED = re.compile(r"[.!?…:;](?:\s?[\"”’'»)\]])*$")


def documents(data: Path, lang: str) -> list[list[str]]:
    ids = (data / "newstest2019.docids").read_text(encoding="utf-8").splitlines()
    lines = (data / f"newstest2019.{lang}").read_text(encoding="utf-8").splitlines()
    if len(ids) != len(lines):
        raise SystemExit(f"{data}: newstest2019.{lang} has {len(lines)} lines but .docids has {len(ids)}")
    docs: OrderedDict[str, list[str]] = OrderedDict()
    for doc_id, line in zip(ids, lines):
        docs.setdefault(doc_id, []).append(line.strip())
    return list(docs.values())


def headline_paragraph(lines: list[str]) -> tuple[str, list[str]]:
    """Layout (a): the headline a paragraph of its own, the rest one space-joined paragraph."""
    if len(lines) == 1:
        return lines[0], lines
    return lines[0] + "\n\n" + " ".join(lines[1:]), lines


def headline_paragraph_lines(lines: list[str]) -> tuple[str, list[str]]:
    """Layout (a'): the headline a paragraph of its own, the rest one paragraph, a line each."""
    if len(lines) == 1:
        return lines[0], lines
    return lines[0] + "\n\n" + "\n".join(lines[1:]), lines


def space_joined(lines: list[str]) -> tuple[str, list[str]]:
    """Layout (b): every line joined with spaces."""
    return " ".join(lines), lines


def joined_prose(lines: list[str]) -> tuple[str, list[str]]:
    """Layout (c): the lines after the headline as one paragraph of running prose."""
    body = lines[1:] or lines
    return " ".join(body), body


LAYOUTS: dict[str, Callable[[list[str]], tuple[str, list[str]]]] = {
    "a": headline_paragraph,
    "a'": headline_paragraph_lines,
    "b": space_joined,
    "c": joined_prose,
}


@dataclass
class Result:
    lines: int = 0
    line_edges: int = 0  # lines whose start and end are both boundaries
    gaps: int = 0  # gaps between consecutive lines
    gaps_found: int = 0
    cuts: int = 0  # sentence ends inside a paragraph
    unpunct_inside: list[str] = field(default_factory=list)  # cut without punctuation inside a line
    unpunct_at_line_end: int = 0  # cut without punctuation where a line ends (standfirst, sub-headline)
    missed: list[str] = field(default_factory=list)  # "... line end || next line ..." not cut
    missed_kinds: dict[str, int] = field(default_factory=dict)

    def per_mille(self, n: int) -> float:
        return 1000 * n / self.cuts if self.cuts else 0.0


def measure(docs: list[list[str]], lang: str, layout: Callable[[list[str]], tuple[str, list[str]]]) -> Result:
    """Split every document laid out by ``layout`` and compare the boundaries with its lines."""
    r = Result()
    for doc in docs:
        text, lines = layout(doc)
        spans = [s for p0, p1 in split_paragraphs(text) for s in split_sentences(text, lang, p0, p1)]
        starts, ends = {s for s, _ in spans}, {e for _, e in spans}
        # each line's offsets: lines are separated by one space or a blank line
        offsets = []
        pos = 0
        for line in lines:
            pos = text.index(line, pos)
            offsets.append((pos, pos + len(line)))
            pos += len(line)
        line_ends = {e for _, e in offsets}
        for k, (s, e) in enumerate(offsets):
            r.lines += 1
            r.line_edges += s in starts and e in ends
            if k + 1 < len(offsets):
                r.gaps += 1
                nxt = offsets[k + 1][0]
                if e in ends and nxt in starts:
                    r.gaps_found += 1
                else:
                    r.missed.append(f"{text[max(s, e - 60) : e]} || {text[nxt : nxt + 50]}")
                    kind = miss_kind(text, offsets, k)
                    r.missed_kinds[kind] = r.missed_kinds.get(kind, 0) + 1
        para_ends = {e for _, e in split_paragraphs(text)}
        for s, e in spans:
            if e in para_ends:
                continue
            r.cuts += 1
            if PUNCTUATED.search(text[s:e]):
                continue
            if e in line_ends:
                r.unpunct_at_line_end += 1
            else:
                r.unpunct_inside.append(f"{text[max(s, e - 60) : e]} || {text[e : e + 50].lstrip()}")
    return r


def miss_kind(text: str, offsets: list[tuple[int, int]], k: int) -> str:
    """Why the gap after line ``k`` may be missed: the line ends in a colon (a quotation or a list
    introduced inline stays in its sentence), or without final punctuation in running prose
    (after a punctuated line of the same paragraph: never cut, by design), or something else."""
    s, e = offsets[k]
    line = text[s:e]
    if line.rstrip("\"”’'»)]").endswith(":"):
        return "colon"
    if not PUNCTUATED.search(line):
        para_start = text.rfind("\n\n", 0, s)
        earlier = [text[a:b] for a, b in offsets[:k] if a > para_start]
        if any(PUNCTUATED.search(x) for x in earlier):
            return "unpunctuated line in prose"
        return "unpunctuated opening"
    return "other"


def openings(docs: list[list[str]], lang: str) -> tuple[int, list[str]]:
    """Layout (d): each punctuated line that follows a punctuated one opens a text (with the next
    three lines); the cuts without punctuation inside that first line."""
    n = 0
    wrong: list[str] = []
    for doc in docs:
        for j in range(1, len(doc)):
            if not (PUNCTUATED.search(doc[j]) and PUNCTUATED.search(doc[j - 1])):
                continue
            n += 1
            text = " ".join(doc[j : j + 4])
            for s, e in split_sentences(text, lang):
                if e < len(doc[j]) and not PUNCTUATED.search(text[s:e]):
                    wrong.append(f"{text[max(s, e - 60) : e]} || {text[e : e + 50].lstrip()}")
    return n, wrong


def false_cuts(docs: list[list[str]], lang: str) -> list[list[str]]:
    """Each punctuated line split alone: the lines cut after a token without sentence punctuation."""
    bad = []
    for lines in docs:
        for line in lines:
            if not PUNCTUATED.search(line):
                continue  # headlines
            pieces = [line[s:e] for s, e in split_sentences(line, lang)]
            if any(not PUNCTUATED.search(p) for p in pieces[:-1]):
                bad.append(pieces)
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--mt", action="store_true", help="also measure the English MT output (newstest2019.mt)")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N wrong cuts and misses per layout")
    args = ap.parse_args()
    if not (args.data / "newstest2019.docids").exists():
        print(f"NTREX data not found in {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    for lang in ("sv", "en"):
        _frequencies(lang)  # wordfreq's lists load once per process; timed apart from splitting
    print(f"wordfreq lists loaded in {time.perf_counter() - t0:.2f}s")
    n_show = args.show_errors
    sources = [("sv", "sv"), ("en", "en")] + ([("en-mt", "mt")] if args.mt else [])
    for label, suffix in sources:
        lang = label[:2]
        docs = documents(args.data, suffix)
        t0 = time.perf_counter()
        a, a2, b, c = (measure(docs, lang, LAYOUTS[k]) for k in ("a", "a'", "b", "c"))
        n_open, wrong_open = openings(docs, lang)
        bad = false_cuts(docs, lang)
        dt = time.perf_counter() - t0
        print(
            f"{label} (a) headline paragraph: boundary recall {a.gaps_found}/{a.gaps} = {100 * a.gaps_found / a.gaps:.2f}% "
            f"| cuts {a.cuts}, without punctuation: inside a line {len(a.unpunct_inside)} "
            f"({a.per_mille(len(a.unpunct_inside)):.1f} per 1,000), at a line end {a.unpunct_at_line_end} "
            f"({a.per_mille(a.unpunct_at_line_end):.1f} per 1,000)"
        )
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(a.missed_kinds.items(), key=lambda kv: -kv[1]))
        print(f"{label} (a) missed boundaries: {kinds or 'none'}")
        kinds2 = ", ".join(f"{n} {kind}" for kind, n in sorted(a2.missed_kinds.items(), key=lambda kv: -kv[1]))
        print(
            f"{label} (a') lines kept: boundary recall {a2.gaps_found}/{a2.gaps} = {100 * a2.gaps_found / a2.gaps:.2f}% "
            f"| cuts {a2.cuts}, without punctuation: inside a line {len(a2.unpunct_inside)} "
            f"({a2.per_mille(len(a2.unpunct_inside)):.1f} per 1,000) | missed: {kinds2 or 'none'}"
        )
        print(
            f"{label} (b) space-joined: lines recovered {b.line_edges}/{b.lines} = {100 * b.line_edges / b.lines:.2f}% "
            f"| boundary recall {100 * b.gaps_found / b.gaps:.2f}% | cuts without punctuation inside a line "
            f"{len(b.unpunct_inside)}"
        )
        print(
            f"{label} (c) joined prose: cuts {c.cuts}, without punctuation: inside a line {len(c.unpunct_inside)} "
            f"({c.per_mille(len(c.unpunct_inside)):.1f} per 1,000), at a line end {c.unpunct_at_line_end} "
            f"| boundary recall {100 * c.gaps_found / c.gaps:.2f}%"
        )
        print(f"{label} (d) openings: {len(wrong_open)} of {n_open} cut without punctuation")
        print(f"{label} punctuated lines split alone and cut after a non-punctuation token: {len(bad)} | {dt:.2f}s")
        for name, r in (("a", a), ("a'", a2), ("b", b), ("c", c)):
            for cut in r.unpunct_inside[:n_show]:
                print(f"  ({name}) WRONG {cut}")
            for miss in r.missed[:n_show]:
                print(f"  ({name}) MISS  {miss}")
        for cut in wrong_open[:n_show]:
            print(f"  (d) WRONG {cut}")
        for pieces in bad[:n_show]:
            print("  FALSE " + " || ".join(pieces))
    return 0


if __name__ == "__main__":
    sys.exit(main())

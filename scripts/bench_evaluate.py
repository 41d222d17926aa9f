#!/usr/bin/env python3
"""Check the evaluator against the OPUS-MT leaderboard, and aligned scoring against line scoring.

1. Line files: ``newstest2019.mt`` against ``newstest2019.en`` must give the
   leaderboard's BLEU 43.5 and chrF2 66.74 (``newstest2019.mt.eval``).
2. Aligned documents: every NTREX document becomes a tolka document (one segment
   per Swedish line, translated by the ``.mt`` line); its reference is the English
   lines joined into one paragraph, so the reference's sentence boundaries come
   from tolka's segmenter and the two sides are aligned before scoring.  If the
   alignment is right, the aligned corpus scores sit close to the line scores.

    python scripts/bench_evaluate.py [--docs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.document import Document, Paragraph, Segment  # noqa: E402
from translate.evaluate import evaluate_document, evaluate_lines  # noqa: E402
from translate.evaluate.metrics import score_all  # noqa: E402
from translate.segmenter import segment_article  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ntrex128"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents in the aligned check (default all)")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"bench_evaluate: shared data not found at {DATA}", file=sys.stderr)
        return 2
    load = lambda n: (DATA / f"newstest2019.{n}").read_text(encoding="utf-8").splitlines()  # noqa: E731
    sv, mt, en, ids = load("sv"), load("mt"), load("en"), load("docids")

    t0 = time.perf_counter()
    res = evaluate_lines(mt, en, metrics="bleu,chrf")
    t1 = time.perf_counter() - t0
    print(
        f"line files: BLEU {res['bleu']['score']:.1f}  chrF2 {res['chrf']['score']:.2f}  "
        f"(leaderboard: 43.5 / 66.74)  {t1:.1f} s for bleu+chrf with segment scores and flags"
    )

    docs = list(dict.fromkeys(ids))
    if args.docs:
        docs = docs[: args.docs]
    t0 = time.perf_counter()
    bead_h, bead_r, n_beads, n_ref, n_11, line_h, line_r = [], [], 0, 0, 0, [], []
    for d in docs:
        idx = [i for i, g in enumerate(ids) if g == d]
        text, segs = "", []
        for k, i in enumerate(idx):
            if text:
                text += " "
            start = len(text)
            text += sv[i]
            segs.append(Segment(k, 0, start, len(text), sv[i], lang="sv", translation=mt[i], origin="mt"))
        doc = Document(text=text, paragraphs=[Paragraph(0, 0, len(text), "sv")], segments=segs)
        evaluate_document(doc, " ".join(en[i] for i in idx) + "\n", metrics="bleu", detect=lambda t: "en")
        beads = doc.scores["alignment"]["beads"]
        n_beads += len(beads)
        n_ref += doc.scores["alignment"]["ref_sentences"]
        n_11 += sum(1 for b in beads if len(b["src"]) == 1 and len(b["tgt"]) == 1)
        # rebuild the bead texts to pool all documents into one corpus score
        refs = [s.source for s in segment_article(" ".join(en[i] for i in idx), lang="en").segments]
        for b in beads:
            bead_h.append(" ".join(mt[idx[i]] for i in b["src"]))
            bead_r.append(" ".join(refs[j] for j in b["tgt"]))
        line_h += [mt[i] for i in idx]
        line_r += [en[i] for i in idx]
    t2 = time.perf_counter() - t0
    aligned, _ = score_all(bead_h, bead_r, ["bleu", "chrf"], ())
    lines, _ = score_all(line_h, line_r, ["bleu", "chrf"], ())
    print(
        f"aligned documents: {len(docs)} docs, {len(line_h)} segments, {n_ref} reference sentences after "
        f"segmentation, {n_beads} beads ({n_11} 1-1)"
    )
    print(
        f"  aligned BLEU {aligned['bleu']['score']:.2f}  chrF2 {aligned['chrf']['score']:.2f}   "
        f"line-aligned BLEU {lines['bleu']['score']:.2f}  chrF2 {lines['chrf']['score']:.2f}   {t2:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

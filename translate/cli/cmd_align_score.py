"""``tolka align-score``: strict and lax precision/recall/F1 of an alignment against a gold one."""

from __future__ import annotations

import argparse
import json

from .common import add_encoding_option, emit, read_user_file

NAME = "align-score"
HELP = "score bead files against gold beads (strict/lax precision, recall, F1 as vecalign's score.py)"
DESCRIPTION = (
    "Compare TEST beads with GOLD beads (vecalign's format, e.g. [0]:[0]:0.91 or [1,2]:[1], a blank line "
    "between documents) and print strict and lax precision, recall and F1 exactly as vecalign's score.py: "
    "null beads (1-0, 0-1) count in precision but not in recall; counts are summed over documents."
)
ORDER = 61


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", metavar="GOLD", help="gold bead file")
    p.add_argument("test", metavar="TEST", help="bead file to score")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    add_encoding_option(p)
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")


def run(args: argparse.Namespace) -> int:
    from alignments import parse_beads, score_beads

    gold = parse_beads(read_user_file(args.gold, "GOLD", args.encoding), f"GOLD {args.gold}")
    test = parse_beads(read_user_file(args.test, "TEST", args.encoding), f"TEST {args.test}")
    res = score_beads(gold, test)
    if args.format == "json":
        emit(json.dumps(res, indent=2) + "\n", args.output)
    else:
        emit(
            "            strict    lax\n"
            f"precision   {res['precision_strict']:.4f}   {res['precision_lax']:.4f}\n"
            f"recall      {res['recall_strict']:.4f}   {res['recall_lax']:.4f}\n"
            f"F1          {res['f1_strict']:.4f}   {res['f1_lax']:.4f}\n",
            args.output,
        )
    return 0

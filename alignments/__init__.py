"""Sentence alignment: n-m beads between a Swedish article and an English translation.

``align(src, tgt, src_mt=None) -> list[Bead]``; bead files in vecalign's format
(``parse_beads``/``format_beads``); and ``score_beads(gold_docs, test_docs)``,
strict and lax precision/recall/F1 exactly as vecalign's ``score.py``.

A library on its own: it imports nothing from ``translate``.  Bad input raises
:class:`AlignmentError` (a ``ValueError``) with a one-line message.
"""

from .aligner import Params, align
from .bead import Bead, format_bead, format_beads, parse_beads, read_beads, write_beads
from .errors import AlignmentError
from .metric import score_beads

__all__ = [
    "AlignmentError",
    "Bead",
    "Params",
    "align",
    "format_bead",
    "format_beads",
    "parse_beads",
    "read_beads",
    "write_beads",
    "score_beads",
]

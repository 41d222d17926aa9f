"""Tab-separated pairs in LF Aligner's column order: source, target, info, confidence.

No header row and no quoting, like LF Aligner's own output, so the file loads
as a ``--memory`` (column 1 Swedish, column 2 English, the rest ignored) and
opens in a spreadsheet.  Tabs and line breaks inside a sentence become spaces.
The info column reads ``STEM:ID ORIGIN`` (e.g. ``article:3 mt``); confidence
has three decimals, or is empty when nothing measured it.
"""

from __future__ import annotations

from ..document import Document
from .common import clean_tsv, fmt_score, pairs

SUFFIX = "tsv"
DESCRIPTION = "TSV in LF Aligner's column order: source, target, info, confidence"


def render(doc: Document, *, stem: str = "article") -> bytes:
    """Every translated segment (passthrough included) as one TSV line (UTF-8 bytes)."""
    lines = []
    for pair in pairs(doc):
        seg = pair.seg
        info = clean_tsv(f"{stem}:{seg.id} {seg.origin or 'unknown'}")
        fields = (clean_tsv(seg.source), clean_tsv(seg.translation or ""), info, fmt_score(pair.confidence))
        lines.append("\t".join(fields) + "\n")
    return "".join(lines).encode("utf-8")

'''Tab-separated pairs for spreadsheets and CAT tools: source, target, info, confidence.

The file is CSV with tabs (Python's ``excel-tab`` dialect), UTF-8, ``\\n`` line ends, one header
row -- the source and target language codes, ``info``, ``confidence`` -- then one row per pair in
LF Aligner's column order.  A field that holds a double quote is written in double quotes with
the quote doubled (``"""Vi vinner"", sa hon."``), so readers that follow CSV quoting (Python's
``csv``, pandas, LibreOffice) read exactly the sentence; without that, a sentence opening with a
quotation mark swallowed the tab after it and shifted the rows.  Tabs and line breaks inside a
sentence become spaces, so a pair is always one line.  The info column reads ``STEM:ID ORIGIN``
(e.g. ``article:3 mt``); confidence has three decimals, or is empty when nothing measured it.
``--memory`` recognises the header and reads the quoting back (:mod:`translate.memory`).
'''

from __future__ import annotations

import csv
import io

from ..document import Document
from ..memory import TSV_HEADER_TAIL
from .common import clean_tsv, fmt_score, lang_tag, pairs

SUFFIX = "tsv"
DESCRIPTION = "TSV (tab-separated CSV with a header row): source, target, info, confidence"


def render(doc: Document, *, stem: str = "article") -> bytes:
    """A header row, then every translated segment (passthrough included) as one row (UTF-8 bytes)."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow((lang_tag(doc.source_lang, "sv"), lang_tag(doc.target_lang, "en"), *TSV_HEADER_TAIL))
    for pair in pairs(doc):
        seg = pair.seg
        info = clean_tsv(f"{stem}:{seg.id} {seg.origin or 'unknown'}")
        writer.writerow((clean_tsv(seg.source), clean_tsv(seg.translation or ""), info, fmt_score(pair.confidence)))
    return out.getvalue().encode("utf-8")

"""TSV export: tab-separated CSV, a header row, then LF Aligner's columns: source, target, info, confidence."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings

from tests.translate.export.test_export_common import make_document
from tests.translate.export.test_export_html import fuzz_text
from translate.document import Document, Segment
from translate.export import tsv
from translate.export.common import clean_tsv


def rows(data: bytes, header: tuple[str, ...] = ("sv", "en", "info", "confidence")) -> list[list[str]]:
    """The data rows as Python's csv module reads the file (excel-tab dialect), after the header."""
    text = data.decode("utf-8")
    assert text.endswith("\n")
    table = list(csv.reader(io.StringIO(text, newline=""), dialect="excel-tab"))
    assert tuple(table[0]) == header
    return table[1:]


def test_columns_source_target_info_confidence():
    doc = make_document()
    table = rows(tsv.render(doc, stem="bridge"))
    assert len(table) == len(doc.segments)  # passthrough included: the whole article, as LF Aligner aligns it
    assert all(len(r) == 4 for r in table)
    assert table[1] == [doc.segments[1].source, doc.segments[1].translation, "bridge:1 mt", "0.810"]
    assert table[0][3] == "" and table[6][2] == "bridge:6 memory" and table[3][2] == "bridge:3 passthrough"


def test_header_row_names_the_languages_and_untranslated_segments_are_left_out():
    doc = make_document()
    doc.segments[0].translation, doc.segments[0].origin = None, None
    doc.target_lang = "en-GB"
    table = rows(tsv.render(doc), header=("sv", "en-GB", "info", "confidence"))
    assert table[0][0] == doc.segments[1].source  # the line after the header is data
    assert len(table) == len(doc.segments) - 1


def test_tabs_and_line_breaks_inside_a_sentence_become_spaces():
    seg = Segment(
        id=0, paragraph=0, start=0, end=9, source="rad ett\nrad\ttvå", lang="sv", translation="line one\u2028line\r\ntwo", origin="mt"
    )
    table = rows(tsv.render(Document(text=seg.source, segments=[seg])))
    assert table == [["rad ett rad två", "line one line  two", "article:0 mt", ""]]


@settings(max_examples=150, deadline=None)
@given(source=fuzz_text, translation=fuzz_text, stem=fuzz_text)
def test_fuzzed_text_keeps_one_line_per_pair_and_four_columns(source, translation, stem):
    seg = Segment(id=0, paragraph=0, start=0, end=len(source), source=source, lang="sv", translation=translation, origin="mt")
    data = tsv.render(Document(text=source, segments=[seg]), stem=stem)
    assert rows(data) == [[clean_tsv(source), clean_tsv(translation), f"{clean_tsv(stem)}:0 mt", ""]]
    assert len(data.decode("utf-8").splitlines()) == 2  # header + pair, also for readers that split on U+2028 and friends

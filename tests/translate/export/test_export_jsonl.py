"""JSON Lines export: one pair per line, lossless."""

from __future__ import annotations

import json
import re

from hypothesis import assume, given, settings

from tests.translate.export.test_export_common import make_document
from tests.translate.export.test_export_html import fuzz_text
from translate.document import Document, Segment
from translate.export import jsonl


def test_one_pair_per_line_with_ids_texts_origin_and_scores():
    doc = make_document()
    records = [json.loads(line) for line in jsonl.render(doc, stem="bridge").decode("utf-8").splitlines()]
    assert [r["id"] for r in records] == [s.id for s in doc.segments]
    r = records[2]
    assert (r["document"], r["source"], r["translation"], r["origin"]) == (
        "bridge",
        doc.segments[2].source,
        doc.segments[2].translation,
        "mt",
    )
    assert r["scores"] == {"chrf": 42.5} and r["confidence"] == 0.425 and r["flags"][0]["kind"] == "number"
    assert records[5]["quote_links"] == [{"quote": 3, "sentence": 5, "score": 0.82}]
    assert records[3]["target_lang"] == "en" and records[3]["origin"] == "passthrough"


_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


@settings(max_examples=150, deadline=None)
@given(source=fuzz_text, translation=fuzz_text)
def test_every_character_survives(source, translation):
    # A high surrogate followed by a low one is not text (no decoder produces it), and JSON cannot
    # tell the two escapes from the character they pair into, so only those inputs are left out.
    assume(not any(_SURROGATE_PAIR.search(t) for t in (source, translation)))
    seg = Segment(id=0, paragraph=0, start=0, end=len(source), source=source, lang="sv", translation=translation, origin="mt")
    data = jsonl.render(Document(text=source, segments=[seg]))
    lines = data.decode("utf-8").split("\n")
    assert len(lines) == 2 and lines[1] == ""  # JSON escapes line breaks, so one record is one line
    record = json.loads(lines[0])
    assert (record["source"], record["translation"]) == (source, translation)

import dataclasses
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.document import FULL_SCHEMA, SCHEMA_VERSION, Document, Paragraph, QuoteLink, Segment, Span


def _doc(texts: list[str], meta: dict) -> Document:
    text = "\n\n".join(texts)
    doc = Document(text=text, meta=meta)
    pos = 0
    for i, t in enumerate(texts):
        doc.paragraphs.append(Paragraph(index=i, start=pos, end=pos + len(t)))
        seg = Segment(
            id=i,
            paragraph=i,
            start=pos,
            end=pos + len(t),
            source=t,
            lang="sv",
            translation=t.upper(),
            origin="mt",
            scores={"chrf++": 50.0 + i},
            flags=[{"kind": "number", "why": f"segment {i}"}],
        )
        if len(t) > 2:
            seg.spans.append(Span(start=pos, end=pos + 2, text=t[:2]))
        doc.segments.append(seg)
        pos += len(t) + 2
    if len(texts) > 1:
        doc.quote_links.append(QuoteLink(quote=1, sentence=0, score=0.5))
    return doc


texts = st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5)
metas = st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=8), st.none(), st.lists(st.integers(), max_size=3)),
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(texts, metas)
def test_to_dict_matches_the_standard_library_and_to_json_leaves_out_only_what_it_repeats(ts, meta):
    doc = _doc(ts, meta)
    expected = dataclasses.asdict(doc) | {"schema": FULL_SCHEMA}
    assert doc.to_dict() == expected
    written = json.loads(doc.to_json())
    assert written["schema"] == SCHEMA_VERSION
    for seg, full in zip(written["segments"], expected["segments"]):
        assert seg == {k: v for k, v in full.items() if k != "source" and v not in ([], {})}
    assert {k: v for k, v in written.items() if k not in ("segments", "schema")} == {
        k: v for k, v in expected.items() if k not in ("segments", "schema")
    }


@settings(max_examples=100, deadline=None)
@given(texts, metas)
def test_json_round_trip_keeps_everything(ts, meta):
    doc = _doc(ts, meta)
    back = Document.from_json(doc.to_json())
    assert back == doc
    assert all(back.text[s.start : s.end] == s.source for s in back.segments)


def test_translated_text_keeps_paragraphs_and_falls_back_to_the_source():
    doc = _doc(["Ett.", "Två."], {})
    doc.segments[1].translation = None
    assert doc.translated_text() == "ETT.\n\nTvå.\n"
    assert [len(g) for g in doc.paragraph_segments()] == [1, 1]


def test_from_sentences_keeps_offsets_and_paragraphs():
    doc = Document.from_sentences([["Ett.", "Två."], ["Three."]], source_lang="sv")
    assert doc.text == "Ett. Två.\n\nThree."
    assert [(s.id, s.paragraph) for s in doc.segments] == [(0, 0), (1, 0), (2, 1)]
    assert all(doc.text[s.start : s.end] == s.source for s in doc.segments)
    assert [(p.start, p.end) for p in doc.paragraphs] == [(0, 9), (11, 17)]


def test_load_reads_back_what_to_json_wrote(tmp_path):
    doc = _doc(["Det regnar.", "Solen skiner."], {"article": "a"})
    path = tmp_path / "a.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    assert Document.load(path) == doc


def test_load_refuses_files_that_are_not_documents_in_one_line(tmp_path):
    import pytest

    from translate.errors import TolkaError

    cases = {
        "{not json": "is not valid JSON",
        "[1, 2]": "not a tolka document",
        '{"text": 5}': "not a tolka document",
        '{"text": "x", "segments": [{"id": 0, "paragraph": 0, "start": 0, "end": 1, "source": "x", "flags": ["?"]}]}': "scores or flags",
    }
    for i, (content, why) in enumerate(cases.items()):
        path = tmp_path / f"bad{i}.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(TolkaError, match=why) as info:
            Document.load(path)
        assert str(path) in str(info.value) and "\n" not in str(info.value)

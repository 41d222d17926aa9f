"""Translating around English quotations: the masked path, the pieces fallback, offsets, typography, cache and memory."""

from __future__ import annotations

import re

from translate.cache import TranslationCache
from translate.document import Document, Span
from translate.inline import mark_inline, translate_segments
from translate.memory import Memory
from translate.pipeline import prepare, translate_documents
from translate.translator import Translator

SENTENCE = "Trump sade att ”we will make America great again” inför publiken i Ohio."
QUOTE = "we will make America great again"


def _doc(*sentences: str) -> Document:
    doc = Document.from_sentences([list(sentences)])
    for seg in doc.segments:
        seg.lang = "sv"
    return mark_inline(doc)


class Keeping:
    """A model that keeps every placeholder: it "translates" by tagging each sentence."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        return [f"EN<{s}>" for s in sentences]


class Losing(Keeping):
    """A model that loses placeholders (as a random one does)."""

    def __call__(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        return [re.sub(r"QX\d", "", f"EN<{s}>") for s in sentences]


def _check(seg, quotes: list[str], via: str) -> None:
    assert seg.origin == "mt" and [sp.text for sp in seg.spans] == quotes
    for sp in seg.spans:
        assert seg.translation[sp.target_start : sp.target_end] == sp.text  # slicing gives the quotation
        assert seg.translation.count(sp.text) == 1  # verbatim, exactly once
        assert sp.via == via


def test_masked_path_when_the_model_keeps_the_placeholder():
    doc = _doc(SENTENCE)
    model = Keeping()
    translate_segments(doc.segments, model)
    (seg,) = doc.segments
    assert model.calls == [["Trump sade att QX1 inför publiken i Ohio."]]  # one call, the quotation never sent
    assert seg.translation == "EN<Trump sade att “we will make America great again” inför publiken i Ohio.>"
    _check(seg, [QUOTE], "mask")


def test_pieces_path_when_the_placeholder_is_lost():
    doc = _doc(SENTENCE, "”This is not who we are”, skriver The Guardian i en ledare.")
    model = Losing()
    translate_segments(doc.segments, model)
    first, second = doc.segments
    assert model.calls[1] == ["Trump sade att", "inför publiken i Ohio.", "skriver The Guardian i en ledare."]
    # the Swedish frame is translated around the quotation, joined with the source's own glue; a piece
    # that began in lower case is not capitalised
    assert first.translation == "EN<Trump sade att> “we will make America great again” eN<inför publiken i Ohio.>"
    assert second.translation == "“This is not who we are”, eN<skriver The Guardian i en ledare.>"
    _check(first, [QUOTE], "pieces")
    _check(second, ["This is not who we are"], "pieces")


def test_placeholder_repeated_or_mangled_falls_back_to_pieces():
    for output in ("EN QX1 and QX1", "EN QX 1", "EN QX1 qx", "EN QX12"):
        doc = _doc(SENTENCE)
        translate_segments(doc.segments, lambda ss, out=output: [out] if "QX1" in ss[0] else [f"[{s}]" for s in ss])
        _check(doc.segments[0], [QUOTE], "pieces")


def test_restoring_tidies_what_models_do_around_a_placeholder():
    doc = _doc(
        "Han sade: ”We will win.”", "Hon kallade det ”fake news” och ’a witch hunt’.", "Hon sade att ”Swedes are stubborn” (läs: envisa)."
    )
    outputs = {
        "Han sade: QX1": "He said: QX1.",  # the model ends the sentence; the quotation had its own full stop
        "Hon kallade det QX1 och QX2.": "She called it QX2 and QX1.",  # reordered: each goes where the model put it
        "Hon sade att QX1 (läs: envisa).": 'She said that "QX1" (read: stubborn).',  # quoted placeholder: no double marks
    }
    translate_segments(doc.segments, lambda ss: [outputs[s] for s in ss])
    assert [s.translation for s in doc.segments] == [
        "He said: “We will win.”",
        "She called it ‘a witch hunt’ and “fake news”.",
        "She said that “Swedes are stubborn” (read: stubborn).",
    ]
    for seg in doc.segments:
        _check(seg, [sp.text for sp in seg.spans], "mask")


def test_pieces_keep_lower_case_and_drop_full_stops_the_swedish_lacked():
    doc = _doc(SENTENCE)
    english = {"Trump sade att": "Trump said that.", "inför publiken i Ohio.": "Before the audience in Ohio."}
    translate_segments(doc.segments, lambda ss: [english.get(s, "lost") for s in ss])
    assert doc.segments[0].translation == "Trump said that “we will make America great again” before the audience in Ohio."


def test_a_quotation_over_two_sentences_keeps_only_the_marks_each_has():
    doc = _doc("Ministern sade: ”We will not accept this.", "The deal is dead and buried”, sade hon sedan.")
    translate_segments(doc.segments, Keeping())
    first, second = doc.segments
    assert first.translation == "EN<Ministern sade: “We will not accept this.>"
    assert second.translation == "EN<The deal is dead and buried”, sade hon sedan.>"
    _check(first, ["We will not accept this."], "mask")
    _check(second, ["The deal is dead and buried"], "mask")


def test_placeholder_stem_avoids_what_the_sentence_already_says():
    doc = _doc("Modellen QX1 kallades ”the best car of the year” av tidningen.")
    model = Keeping()
    translate_segments(doc.segments, model)
    assert model.calls[0] == ["Modellen QX1 kallades QZ1 av tidningen."]
    _check(doc.segments[0], ["the best car of the year"], "mask")


def test_segments_without_spans_go_whole_in_the_same_call():
    doc = _doc("Det regnar i Lund.", SENTENCE)
    model = Keeping()
    translate_segments(doc.segments, model)
    assert model.calls == [["Det regnar i Lund.", "Trump sade att QX1 inför publiken i Ohio."]]
    assert doc.segments[0].translation == "EN<Det regnar i Lund.>"


def test_spans_that_do_not_fit_the_text_translate_the_sentence_whole():
    doc = _doc(SENTENCE)
    doc.segments[0].spans = [Span(start=3, end=9, text="not in the text")]
    translate_segments(doc.segments, Keeping())
    assert doc.segments[0].translation == f"EN<{SENTENCE}>" and doc.segments[0].spans[0].target_start is None


def test_the_tiny_random_model_loses_the_placeholder_and_the_pieces_keep_the_quotation(tiny_model_dir):
    tr = Translator(tiny_model_dir, backend="transformers", device="cpu", cache=False)
    doc = _doc(SENTENCE, "Kritikerna kallade talet ”fake news” och ”a witch hunt” på onsdagen.")
    translate_segments(doc.segments, tr.translate)
    _check(doc.segments[0], [QUOTE], "pieces")
    _check(doc.segments[1], ["fake news", "a witch hunt"], "pieces")
    assert "“we will make America great again”" in doc.segments[0].translation


def test_cache_keys_cover_the_masking(tiny_model_dir, tmp_path, monkeypatch):
    import translate.translator as translator_mod
    from tests.translate.test_translator import FakeBackend

    backends: list[FakeBackend] = []
    monkeypatch.setattr(translator_mod, "make_backend", lambda *a, **k: backends.append(FakeBackend()) or backends[-1])
    cache = TranslationCache(tmp_path / "c.sqlite3")

    def run(sentences):
        return Translator(tiny_model_dir, backend="transformers", cache=cache).translate(sentences)

    plain = run([SENTENCE])[0]  # a plain translation of the whole sentence, now cached
    doc = _doc(SENTENCE)
    translate_segments(doc.segments, run)
    assert backends[-1].batches == [["Trump sade att QX1 inför publiken i Ohio."]]  # not served the plain entry
    assert doc.segments[0].translation != plain and doc.segments[0].spans[0].via == "mask"
    # ... and the masked entry is never served for the plain sentence
    assert run([SENTENCE]) == [plain]
    fresh = TranslationCache(tmp_path / "d.sqlite3")
    translate_segments(_doc(SENTENCE).segments, lambda ss: Translator(tiny_model_dir, backend="transformers", cache=fresh).translate(ss))
    n = len(backends)
    Translator(tiny_model_dir, backend="transformers", cache=fresh).translate([SENTENCE])
    assert len(backends) == n + 1 and backends[-1].batches == [[SENTENCE]]


def test_memory_hits_keep_origin_memory_and_find_the_quotation():
    text = f"{SENTENCE}\n\nKritikerna kallade talet ”fake news” och ”a witch hunt” på onsdagen.\n"
    memory = Memory.from_pairs(
        [
            (SENTENCE, "Trump said that “we will make America great again” in front of the audience in Ohio."),
            ("Kritikerna kallade talet ”fake news” och ”a witch hunt” på onsdagen.", "The critics dismissed the speech."),
        ]
    )
    (doc,) = translate_documents([prepare(text)], memory=memory)
    first, second = doc.segments
    assert (first.origin, second.origin) == ("memory", "memory")
    (sp,) = first.spans
    assert first.translation[sp.target_start : sp.target_end] == QUOTE and sp.via == "memory"
    assert [(s.target_start, s.via) for s in second.spans] == [(None, "memory"), (None, "memory")]


def test_pipeline_translates_the_issues_sentences_with_the_frame_translated():
    class Recording:
        model_name = "recording"

        def translate(self, sentences):
            return [f"<{s}>" for s in sentences]

    text = "\n\n".join(
        [
            "Presidentens tal i Ohio väckte stor uppmärksamhet i hela landet under veckan som gick.",
            SENTENCE,
            "”This is not who we are”, skriver The Guardian i en ledare.",
            "Enligt Politico var samtalet ”a clear signal to Washington”, och mer än så.",
        ]
    )
    (doc,) = translate_documents([prepare(text)], translator=Recording())
    assert [s.translation for s in doc.segments[1:]] == [
        "<Trump sade att “we will make America great again” inför publiken i Ohio.>",
        "<“This is not who we are”, skriver The Guardian i en ledare.>",
        "<Enligt Politico var samtalet “a clear signal to Washington”, och mer än så.>",
    ]
    assert all(s.lang == "sv" and s.origin == "mt" for s in doc.segments)

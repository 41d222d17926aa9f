import pytest

import translate.pipeline as pipeline
from translate.cli.common import example_article
from translate.memory import Memory
from translate.pipeline import prepare_document, translate_article, translate_documents
from translate.translator import Translator

ARTICLE = example_article()


@pytest.fixture(scope="module")
def prepared():
    return prepare_document(ARTICLE)


def _paragraph_count(text: str) -> int:
    return len([p for p in text.split("\n\n") if p.strip()])


def test_offsets_reproduce_the_source(prepared):
    assert prepared.segments
    for seg in prepared.segments:
        assert prepared.text[seg.start : seg.end] == seg.source


def test_english_quotes_and_letterless_lines_pass_through(prepared):
    english = [s for s in prepared.segments if s.lang == "en"]
    assert len(english) >= 4
    assert all(s.translation == s.source and s.origin == "passthrough" for s in english)
    dots = [s for s in prepared.segments if s.source == "(…)"]
    assert len(dots) == 1 and dots[0].origin == "passthrough"
    swedish = [s for s in prepared.segments if s.lang == "sv"]
    assert swedish and all(s.needs_mt for s in swedish)
    # ...and after translation: still as they were, and never sent to the model
    tr = RecordingTranslator()
    (out,) = translate_documents([prepare_document(ARTICLE)], translator=tr)
    sent = [s for call in tr.calls for s in call]
    assert sent == [s.source for s in swedish]
    kept = [s for s in out.segments if s.lang != "sv"]
    assert len(kept) == len(english) + 1 and all(s.translation == s.source and s.origin == "passthrough" for s in kept)


def test_memory_hits_never_make_or_load_a_translator(monkeypatch):
    doc = prepare_document(ARTICLE)
    memory = Memory.from_pairs((s.source, f"EN {s.id}") for s in doc.segments if s.lang == "sv")

    def no_translator(*a, **k):
        raise AssertionError("a translator was made although the memory covers every sentence")

    monkeypatch.setattr(pipeline, "Translator", no_translator)
    (out,) = translate_documents([doc], memory=memory)
    assert {s.origin for s in out.segments} == {"memory", "passthrough"}
    assert all(s.translation == f"EN {s.id}" for s in out.segments if s.origin == "memory")


def test_given_translator_stays_unloaded_on_memory_hits(tiny_model_dir):
    doc = prepare_document(ARTICLE)
    memory = Memory.from_pairs((s.source, "x") for s in doc.segments if s.lang == "sv")
    tr = Translator(tiny_model_dir, backend="transformers")
    translate_documents([doc], translator=tr, memory=memory)
    assert not tr.loaded


class RecordingTranslator:
    model_name = "recording"

    def __init__(self):
        self.calls = []

    def translate(self, sentences):
        self.calls.append(list(sentences))
        return [f"<{s}>" for s in sentences]


def test_one_translate_call_for_all_documents_and_memory_first():
    docs = [prepare_document("Det regnar i Lund.\n\nSolen skiner i Malmö.\n"), prepare_document("Hej då, sade hon.\n")]
    memory = Memory.from_pairs([("Solen skiner i Malmö.", "The sun shines in Malmö.")])
    tr = RecordingTranslator()
    out = translate_documents(docs, translator=tr, memory=memory)
    assert tr.calls == [["Det regnar i Lund.", "Hej då, sade hon."]]
    assert [s.translation for s in out[0].segments] == ["<Det regnar i Lund.>", "The sun shines in Malmö."]
    assert [s.origin for s in out[0].segments] == ["mt", "memory"]
    assert out[0].model == "recording" and out[0].meta["origins"] == {"mt": 1, "memory": 1}


def test_memory_may_be_a_path(tmp_path):
    f = tmp_path / "tm.tsv"
    f.write_text("Det regnar i Lund.\tIt rains in Lund.\n", encoding="utf-8")
    (doc,) = translate_documents([prepare_document("Det regnar i Lund.\n")], translator=RecordingTranslator(), memory=f)
    assert doc.segments[0].translation == "It rains in Lund." and doc.meta["memory"] == str(f)


def test_translate_article_with_the_tiny_model(tiny_model_dir):
    doc = translate_article(ARTICLE, model=tiny_model_dir, backend="transformers", device="cpu")
    assert doc.model == str(tiny_model_dir)
    assert all(s.translation is not None for s in doc.segments)
    assert {s.origin for s in doc.segments if s.lang == "sv"} == {"mt"}
    assert all(s.translation == s.source for s in doc.segments if s.lang == "en")
    assert _paragraph_count(doc.translated_text()) == _paragraph_count(ARTICLE)
    for seg in doc.segments:
        assert ARTICLE[seg.start : seg.end] == seg.source


def test_second_run_is_served_from_the_cache(tiny_model_dir):
    first = Translator(tiny_model_dir, backend="transformers", device="cpu")
    doc1 = translate_article(ARTICLE, translator=first)
    assert first.loaded
    second = Translator(tiny_model_dir, backend="transformers", device="cpu")
    doc2 = translate_article(ARTICLE, translator=second)
    assert not second.loaded
    assert [s.translation for s in doc2.segments] == [s.translation for s in doc1.segments]


def test_one_translator_serves_many_articles(tiny_model_dir):
    tr = Translator(tiny_model_dir, backend="transformers", device="cpu", cache=False)
    a = translate_article("Det regnar i Lund.\n", translator=tr)
    backend = tr.load()
    b = translate_article("Solen skiner i Malmö.\n\nDet blåser.\n", translator=tr)
    assert tr.load() is backend
    assert a.segments[0].origin == "mt" and len(b.segments) == 2


def test_english_quote_paragraphs_are_split_with_english_rules():
    # Swedish rules end a sentence after an English title ("Gov.") before a name, and the
    # first pass splits with them; the quote must stay whole so it passes through and links as one.
    from translate.segmenter import split_sentences

    quote = '"The final say on what the Harbour Board Members are paid is a matter for Gov. Holm and the members themselves, as ever."'
    text = f"Hamnstyrelsen skriver följande i sitt uttalande:\n\n{quote}\n\nDet återstår att se."
    doc = prepare_document(text)
    quoted = [s for s in doc.segments if s.paragraph == 1]
    assert len(split_sentences(quote, "sv")) > 1 and len(split_sentences(quote, "en")) == 1
    assert [s.source for s in quoted] == [quote]
    assert quoted[0].lang == "en" and quoted[0].origin == "passthrough" and quoted[0].role == "quote"
    assert [s.id for s in doc.segments] == list(range(len(doc.segments)))
    assert all(text[s.start : s.end] == s.source for s in doc.segments)


def test_memory_chain_earlier_memories_win():
    own = Memory.from_pairs([("Det regnar i Lund.", "Own rendering.")])
    shared = Memory.from_pairs([("Det regnar i Lund.", "Shared rendering."), ("Hej då, sade hon.", "Bye, she said.")])
    (doc,) = translate_documents([prepare_document("Det regnar i Lund. Hej då, sade hon.\n")], memory=[own, shared])
    assert [s.translation for s in doc.segments] == ["Own rendering.", "Bye, she said."]
    assert {s.origin for s in doc.segments} == {"memory"}


def test_finish_links_flags_and_scores_with_the_default_metrics():
    doc = prepare_document("Hamnen köper 12 båtar. Båtarna kostar 340 miljoner kronor.\n")
    memory = Memory.from_pairs(
        [
            ("Hamnen köper 12 båtar.", "The port buys 12 boats."),
            ("Båtarna kostar 340 miljoner kronor.", "The boats cost 430 million kronor."),
        ]
    )
    (doc,) = translate_documents([doc], memory=memory)
    flagged = pipeline.finish(doc)  # no reference: flags only, counted in the scores
    assert [f["kind"] for f in flagged.segments[1].flags] == ["number"]
    assert flagged.scores["flags"]["number"] == 1 and "bleu" not in flagged.scores
    scored = pipeline.finish(doc, "The port buys 12 boats. The boats cost 340 million kronor.\n")
    assert set(pipeline.DEFAULT_METRICS) <= set(scored.scores) and "ter" not in scored.scores
    assert "ter" in pipeline.finish(doc, "The port buys 12 boats.\n", metrics="bleu,ter").scores


def test_render_gives_the_bytes_export_document_writes(tmp_path):
    from translate.export import export_document

    memory = Memory.from_pairs([("Det regnar i Lund.", "It rains in Lund.")])
    doc = pipeline.finish(translate_documents([prepare_document("Det regnar i Lund.\n")], memory=memory)[0])
    files = pipeline.render(doc, ["html", "tmx", "jsonl"], stem="lund")
    assert [name for name, _ in files] == ["lund.html", "lund.tmx", "lund.jsonl"]
    paths = export_document(doc, ["html", "tmx", "jsonl"], tmp_path, stem="lund")
    assert [(p.name, p.read_bytes()) for p in paths] == files

"""An exported TMX or TSV works as ``--memory``: the same translations come back without the model."""

from __future__ import annotations

import pytest

from translate.export import export_document
from translate.memory import Memory
from translate.pipeline import translate_article

# Our own example text: Swedish prose, a sentence broken over two lines, an English block quote.
ARTICLE = """Kommunen bygger en ny bro

Den nya bron över älven ska vara klar
i juni nästa år. Bygget beräknas kosta 3,5 miljoner kronor & mer.

"We wanted a bridge that people would actually enjoy crossing," the architect said. "It took years."

Arkitekten säger att hon ville bygga en bro som folk faktiskt tycker om att gå över.
"""


class FakeTranslator:
    """Stands in for the model in the first run: deterministic 'translations' with XML-hostile characters."""

    model_name = "fake-model"
    loaded = True

    def __init__(self):
        self.calls = 0

    def translate(self, sentences):
        self.calls += 1
        # one line each, like a model's output (a TSV field cannot hold a line break)
        return [f'EN <{len(s)}> & "{" ".join(s.split())[::-1]}" ]]>' for s in sentences]


class NoModel:
    """The second run must never reach a model."""

    model_name = "no-model"
    loaded = False

    def translate(self, sentences):
        sentences = list(sentences)
        if sentences:
            raise AssertionError(f"the model was asked for {len(sentences)} sentences: {sentences[:2]}")
        return []


@pytest.fixture(scope="module")
def first_run():
    fake = FakeTranslator()
    doc = translate_article(ARTICLE, translator=fake)
    assert fake.calls == 1
    assert sum(s.origin == "mt" for s in doc.segments) >= 4  # the memory will have something to do
    assert any(s.origin == "passthrough" for s in doc.segments)
    assert any("\n" in s.source for s in doc.segments)  # TSV turns it into a space; the memory must still match
    return doc


@pytest.mark.parametrize("fmt", ["tmx", "tsv"])
def test_exported_memory_reproduces_the_translations_without_the_model(first_run, fmt, tmp_path):
    (path,) = export_document(first_run, [fmt], tmp_path, stem="bridge")
    memory = Memory.load(path)
    assert len(memory) >= sum(s.origin == "mt" for s in first_run.segments)
    again = translate_article(ARTICLE, memory=path, translator=NoModel())
    assert [s.translation for s in again.segments] == [s.translation for s in first_run.segments]
    assert {s.origin for s in again.segments if s.lang == "sv"} == {"memory"}
    assert again.translated_text() == first_run.translated_text()

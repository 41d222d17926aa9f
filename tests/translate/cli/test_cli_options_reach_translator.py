"""The model options of every command that translates reach the Translator, its backend and the cache key.

`tolka translate`, `align` (with --model), `quotes` and `batch` each take --beams, --batch-size,
--compute-type and --device.  For each command, run it for real on the tiny model and check that
each option arrives: in the Translator's settings, in what the backend was asked to do (beam size,
sentences per batch, weights' dtype, device), and in the key the translations were cached under
(computed here from the model folder and the options, not read back from the Translator).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.backends.base import GenerationSettings
from translate.backends.device import backend_identity
from translate.backends.marian import MarianBackend
from translate.backends.model_source import resolve_model
from translate.cache import TranslationCache
from translate.cli import main
from translate.pipeline import prepare_document
from translate.translator import Translator

# Our own text: four Swedish sentences (so batches of two are visible) and an English block
# quote (so `tolka quotes` has something to link, which is when it translates).
SWEDISH = [
    "Färjan till Vaxholm blir eldriven nästa sommar.",
    "Regionen betalar nästan hela kostnaden själv.",
    "Resenärerna har väntat länge på beskedet.",
    "Hamnchefen säger att bullret från båtarna försvinner helt.",
]
QUOTE = "“The new ferries are quiet, clean and ready for the summer,” the harbour master said."
ARTICLE = f"{SWEDISH[0]} {SWEDISH[1]}\n\n{QUOTE}\n\n{SWEDISH[2]} {SWEDISH[3]}\n"
ENGLISH = "The ferry to Vaxholm goes electric. The region pays. Travellers waited. The noise goes away.\n"

OPTIONS = ["--backend", "transformers", "--beams", "3", "--batch-size", "2", "--compute-type", "bfloat16", "--device", "cpu"]
COMMANDS = ["translate", "align", "quotes", "batch"]


def argv_for(command: str, tmp_path: Path, model: Path) -> list[str]:
    article = tmp_path / "in" / "farja" / "article.sv.txt"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(ARTICLE, encoding="utf-8")
    english = tmp_path / "en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    common = ["--model", str(model), *OPTIONS]
    return {
        "translate": ["translate", str(article), *common],
        "align": ["align", str(article), str(english), *common],
        "quotes": ["quotes", str(article), *common],
        "batch": ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--export", "none", *common],
    }[command]


@pytest.fixture
def spies(monkeypatch):
    """Record every Translator that translates and every batch its backend decodes."""
    translators: list[Translator] = []
    batches: list[dict] = []
    real_translate, real_batch = Translator.translate, MarianBackend.translate_batch

    def translate(self, sentences):
        translators.append(self)
        return real_translate(self, sentences)

    def translate_batch(self, sentences, settings):
        batches.append(
            {
                "size": len(sentences),
                "beams": settings.beams,
                "dtype": str(self.model.dtype),
                "device": str(self.model.device),
                "compute_type": self.compute_type,
            }
        )
        return real_batch(self, sentences, settings)

    monkeypatch.setattr(Translator, "translate", translate)
    monkeypatch.setattr(MarianBackend, "translate_batch", translate_batch)
    return translators, batches


@pytest.mark.parametrize("command", COMMANDS)
def test_model_options_reach_translator_backend_and_cache_key(command, tmp_path, tiny_model_dir, spies, capsys):
    translators, batches = spies
    code = main(argv_for(command, tmp_path, tiny_model_dir))
    assert code == 0, capsys.readouterr().err

    # the Translator's settings
    assert translators and len({id(t) for t in translators}) == 1
    tr = translators[0]
    assert (tr.settings.beams, tr.batch_size, tr.compute_type, tr.device, tr.backend_name) == (3, 2, "bfloat16", "cpu", "transformers")

    # what the backend was asked to do
    swedish = [s.source for s in prepare_document(ARTICLE).segments if s.needs_mt]
    assert sorted(swedish) == sorted(SWEDISH)
    assert sum(b["size"] for b in batches) == len(swedish) and max(b["size"] for b in batches) == 2
    assert {(b["beams"], b["dtype"], b["device"], b["compute_type"]) for b in batches} == {(3, "torch.bfloat16", "cpu", "bfloat16")}

    # the cache key: every sentence is stored under this model, backend, device, precision and beam size
    identity = backend_identity(resolve_model(tiny_model_dir)[1], "transformers", "cpu", "bfloat16")
    cache = TranslationCache()
    try:
        assert set(cache.get_many(identity, GenerationSettings(beams=3).key(), swedish)) == set(swedish)
        assert cache.get_many(identity, GenerationSettings(beams=2).key(), swedish) == {}
        other = backend_identity(resolve_model(tiny_model_dir)[1], "transformers", "cpu", "float32")
        assert cache.get_many(other, GenerationSettings(beams=3).key(), swedish) == {}
    finally:
        cache.close()


@pytest.mark.parametrize("command", COMMANDS)
def test_device_option_reaches_the_backend(command, tmp_path, tiny_model_dir, capsys):
    """--device cuda is honoured: refused in one line on a machine without a GPU, used on one with."""
    import torch

    argv = argv_for(command, tmp_path, tiny_model_dir)
    argv[argv.index("cpu")] = "cuda"
    argv[argv.index("bfloat16")] = "float16"
    code = main(argv)
    err = capsys.readouterr().err
    if torch.cuda.is_available():  # a machine with a GPU: the translations are cached as made on it
        assert code == 0, err
        swedish = [s.source for s in prepare_document(ARTICLE).segments if s.needs_mt]
        identity = backend_identity(resolve_model(tiny_model_dir)[1], "transformers", "cuda", "float16")
        cache = TranslationCache()
        try:
            assert set(cache.get_many(identity, GenerationSettings(beams=3).key(), swedish)) == set(swedish)
        finally:
            cache.close()
    else:
        assert code == 2
        assert err.startswith("tolka: error: --device cuda was asked for") and err.count("\n") == 1

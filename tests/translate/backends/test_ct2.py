"""The CTranslate2 backend against the transformers backend, on the tiny random Marian model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2", reason="ctranslate2 is part of the test extra: pip install -e '.[test]'")

import ctranslate2  # noqa: E402

from translate.backends.base import GenerationSettings  # noqa: E402
from translate.backends.ct2 import CT2Backend, converted_model_dir, default_compute_type  # noqa: E402
from translate.backends.marian import MarianBackend  # noqa: E402
from translate.cache import cache_dir  # noqa: E402
from translate.errors import TolkaError  # noqa: E402
from translate.translator import Translator  # noqa: E402

# Written for these tests: short and long, with numbers, quotes, abbreviations and a dash.
SENTENCES = [
    "Det regnar i Lund.",
    "Regeringen meddelade i går att skolan i Västerås måste stänga före jul.",
    "Hej!",
    "Enligt räddningstjänsten har fler än 3,5 miljoner människor påverkats av stormen, bl.a. i Dalarna.",
    "”Vi tar det här på stort allvar”, säger presstalespersonen till tidningen.",
    "Mötet börjar kl. 9.00 – men ingen vet när det slutar.",
    "Älgjakten startar i början av september.",
    "Priset på bensin har sjunkit med 1,20 kronor litern sedan i somras, och fler väljer att köra bil igen.",
]


@pytest.fixture(scope="session")
def ct2_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ct2-cache")


@pytest.fixture(scope="session")
def backends(tiny_model_dir, ct2_cache):
    """Both backends in float32 on CPU, loaded once (the CT2 conversion lands in a test folder)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TOLKA_CACHE_DIR", str(ct2_cache))
        fast = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    slow = MarianBackend(tiny_model_dir, device="cpu", compute_type="float32")
    return slow, fast


def _transformers_ids(backend: MarianBackend, sentences, settings) -> tuple[list[list[int]], list[str]]:
    """Run the real transformers path; return the token ids generate() gave, and the texts."""
    seen = []
    generate = backend.model.generate

    def spy(*args, **kwargs):
        out = generate(*args, **kwargs)
        seen.append(out)
        return out

    backend.model.generate = spy
    try:
        texts = backend.translate_batch(sentences, settings)
    finally:
        del backend.model.generate  # back to the class's method
    config = backend.model.config
    rows = []
    for row in seen[0].tolist():
        row = row[1:]  # the decoder start token
        while row and row[-1] in (config.pad_token_id, config.eos_token_id):
            row.pop()
        rows.append(row)
    return rows, texts


@pytest.mark.parametrize("batch", [SENTENCES, SENTENCES[:1]], ids=["batched", "single"])
def test_greedy_float32_gives_the_same_tokens_as_transformers(backends, batch):
    slow, fast = backends
    settings = GenerationSettings(beams=1)
    want, want_texts = _transformers_ids(slow, batch, settings)
    got = fast.token_ids(batch, settings)
    assert got == want
    assert any(len(row) > 3 for row in got)  # a real decode, not empty outputs agreeing
    assert fast.translate_batch(batch, settings) == want_texts


def test_decoding_options_are_set_explicitly(backends, monkeypatch):
    """CTranslate2's defaults (beam 2, 256 tokens, 1024-token input cut) must never apply."""
    _, fast = backends
    calls = []
    real = fast.translator

    class Spy:
        def translate_batch(self, source, **kwargs):
            calls.append((source, kwargs))
            return real.translate_batch(source, **kwargs)

    monkeypatch.setattr(fast, "translator", Spy())
    settings = GenerationSettings(beams=3, no_repeat_ngram_size=3, repetition_penalty=1.2)
    fast.translate_batch(SENTENCES[:2], settings)
    ((source, kw),) = calls
    longest = max(fast.count_tokens(s) for s in SENTENCES[:2])
    assert kw["beam_size"] == 3
    assert kw["no_repeat_ngram_size"] == 3
    assert kw["repetition_penalty"] == 1.2
    assert kw["max_input_length"] == 0
    # transformers forces EOS at the last of max_new_tokens, so CT2 gets one step fewer
    assert kw["max_decoding_length"] == settings.max_new_tokens(longest, 128) - 1
    assert all(row[-1] == "</s>" for row in source)  # Marian's input ends in EOS


def test_outputs_never_exceed_the_length_bound(backends):
    _, fast = backends
    settings = GenerationSettings(beams=1, max_length_ratio=0.5, max_length_slack=1)
    for sentence in SENTENCES:
        (row,) = fast.token_ids([sentence], settings)
        assert len(row) <= settings.max_new_tokens(fast.count_tokens(sentence), 128) - 1


def test_conversion_is_cached_per_quantization(tiny_model_dir, monkeypatch):
    first = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    assert (first.model_dir / "model.bin").is_file()

    def no_conversion(*args, **kwargs):
        raise AssertionError("converted again although the cache holds the model")

    monkeypatch.setattr("ctranslate2.converters.TransformersConverter", no_conversion)
    again = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    assert again.model_dir == first.model_dir
    assert converted_model_dir(first.model_identity, "int8") != first.model_dir


def test_interrupted_conversion_leaves_no_broken_model(tiny_model_dir, monkeypatch):
    from ctranslate2.converters import TransformersConverter

    real_convert = TransformersConverter.convert

    def crash(self, output_dir, **kwargs):
        Path(output_dir, "model.bin").write_bytes(b"half a model")
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(TransformersConverter, "convert", crash)
    with pytest.raises(TolkaError, match="cannot convert model"):
        CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    assert list((cache_dir() / "ct2").iterdir()) == []  # neither the model folder nor a temp folder

    monkeypatch.setattr(TransformersConverter, "convert", real_convert)
    fast = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    assert fast.translate_batch(["Det regnar."], GenerationSettings(beams=1))[0]


def test_cpu_defaults_to_int8_and_identity_names_backend_and_precision(tiny_model_dir):
    fast = CT2Backend(tiny_model_dir, device="cpu", intra_threads=1)
    assert fast.compute_type == default_compute_type("cpu") == "int8"
    assert default_compute_type("cuda") == "float16"
    assert fast.identity.endswith("|ctranslate2|cpu|int8")
    assert fast.identity.startswith(fast.model_identity)
    texts = fast.translate_batch(SENTENCES, GenerationSettings(beams=2))
    assert len(texts) == len(SENTENCES) and all(isinstance(t, str) for t in texts)


def test_unsupported_compute_type_is_a_user_error(tiny_model_dir):
    with pytest.raises(TolkaError, match="compute type 'int4'.*use one of"):
        CT2Backend(tiny_model_dir, device="cpu", compute_type="int4")


@pytest.mark.skipif(ctranslate2.get_cuda_device_count() > 0, reason="this machine has a GPU")
def test_cuda_without_a_gpu_is_a_user_error(tiny_model_dir):
    with pytest.raises(TolkaError, match="no CUDA GPU"):
        CT2Backend(tiny_model_dir, device="cuda")


def test_missing_model_folder_is_a_user_error(tmp_path):
    with pytest.raises(TolkaError, match="not found"):
        CT2Backend(tmp_path / "nope" / "model", device="cpu")


def test_translator_gives_the_same_article_with_both_backends(tiny_model_dir):
    """Splitting, batching and the cache sit above the backend, so both give the same text."""
    text = SENTENCES[:5] + ["Det regnar i Lund."]  # a duplicate is decoded once
    outputs = {}
    for name in ("transformers", "ctranslate2"):
        tr = Translator(tiny_model_dir, backend=name, device="cpu", compute_type="float32", beams=1, batch_size=3, cache=False)
        outputs[name] = tr.translate(text)
        tr.close()
    assert outputs["ctranslate2"] == outputs["transformers"]
    assert outputs["ctranslate2"][0] == outputs["ctranslate2"][-1]


def test_a_broken_cache_folder_is_converted_again(tiny_model_dir):
    from translate.backends.model_source import resolve_model

    _, identity = resolve_model(tiny_model_dir)
    target = converted_model_dir(identity, "float32", cache_dir() / "ct2")
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}")  # no model.bin: e.g. copied half-way by hand
    fast = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    assert fast.model_dir == target and (target / "model.bin").stat().st_size > 1000


def test_threads_follow_omp_num_threads_when_set(monkeypatch):
    """Ray sets OMP_NUM_THREADS to an actor's CPUs: an actor must not spread over the whole node."""
    from translate.backends.ct2 import default_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert default_threads() == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert default_threads() == len(os.sched_getaffinity(0))
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert default_threads() == len(os.sched_getaffinity(0))


def test_two_workers_give_each_batch_its_own_translations(tiny_model_dir, ct2_cache, monkeypatch):
    """Batches decoded side by side (and one batch cut in two for two workers) translate as when decoded alone.

    Random weights run every output to the batch's length bound, so a piece that got its own, shorter
    bound would come out shorter.
    """
    monkeypatch.setenv("TOLKA_CACHE_DIR", str(ct2_cache))
    alone = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1)
    pair = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=1, inter_threads=2)
    assert (alone.inter_threads, pair.inter_threads) == (1, 2)
    ordered = sorted(SENTENCES, key=alone.count_tokens, reverse=True)
    for beams in (1, 2):
        settings = GenerationSettings(beams=beams)
        for batches in ([ordered], [ordered[:3], ordered[3:6], ordered[6:]]):
            expected = [alone.translate_batch(b, settings) for b in batches]
            assert list(pair.translate_batches(batches, settings)) == expected
            assert list(alone.translate_batches(batches, settings)) == expected


def test_cpu_threads_are_shared_by_the_workers(tiny_model_dir, ct2_cache, monkeypatch):
    import translate.backends.ct2 as ct2

    monkeypatch.setenv("TOLKA_CACHE_DIR", str(ct2_cache))
    monkeypatch.setattr(ct2, "default_threads", lambda: 4)
    fast = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32")
    assert (fast.inter_threads, fast.intra_threads) == (1, 4)  # the default: one batch on every thread
    monkeypatch.setattr(ct2, "default_workers", lambda device, threads: 2)
    for threads, expected in ((4, (2, 2)), (3, (2, 1))):
        monkeypatch.setattr(ct2, "default_threads", lambda threads=threads: threads)
        fast = CT2Backend(tiny_model_dir, device="cpu", compute_type="float32")
        assert (fast.inter_threads, fast.intra_threads) == expected
    # threads given by the caller: one batch at a time, as asked
    assert CT2Backend(tiny_model_dir, device="cpu", compute_type="float32", intra_threads=3).inter_threads == 1


def test_translator_with_two_workers_matches_transformers_on_one_batch(tiny_model_dir, ct2_cache, monkeypatch):
    """One batch, cut into a piece per worker, keeps the batch's length bound: the same text as transformers.

    The translator batches one length class at a time, so the sentences are those of the largest class.
    """
    import translate.backends.ct2 as ct2

    monkeypatch.setenv("TOLKA_CACHE_DIR", str(ct2_cache))
    monkeypatch.setattr(ct2, "default_threads", lambda: 2)  # two workers of one thread, whatever the machine
    monkeypatch.setattr(ct2, "default_workers", lambda device, threads: 2)
    counter = MarianBackend(tiny_model_dir, device="cpu", compute_type="float32")
    classes: dict[int, list[str]] = {}
    for sentence in SENTENCES:
        classes.setdefault(GenerationSettings().length_class(counter.count_tokens(sentence)), []).append(sentence)
    one_class = max(classes.values(), key=len)
    assert len(one_class) >= 3
    outputs = {}
    for name in ("transformers", "ctranslate2"):
        tr = Translator(tiny_model_dir, backend=name, device="cpu", compute_type="float32", beams=1, cache=False)
        outputs[name] = tr.translate(one_class)
        assert tr.stats["batches"] == 1
    assert tr.load().inter_threads == 2
    assert outputs["ctranslate2"] == outputs["transformers"]

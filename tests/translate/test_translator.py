import json
import re
import shutil
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import translate.translator as translator_mod
from translate.backends import Backend, make_backend, resolve_backend_name
from translate.backends.marian import MarianBackend
from translate.backends.model_source import resolve_model
from translate.errors import TolkaError
from translate.testing import TINY, build_random_marian
from translate.translator import Translator, split_to_fit


def words(s: str) -> int:
    return len(s.split()) + 1  # +1 like EOS


# -- split_to_fit ------------------------------------------------------------


def test_short_sentence_is_not_split():
    s = "Det regnar i Lund, sade hon."
    assert split_to_fit(s, words, 50) == [s]


def test_cut_prefers_clause_boundaries():
    s = "Regeringen vill bygga fler bostäder i Stockholm, men oppositionen säger nej till förslaget."
    pieces = split_to_fit(s, words, 9)
    assert pieces == ["Regeringen vill bygga fler bostäder i Stockholm,", "men oppositionen säger nej till förslaget."]


def test_spaced_dash_starts_the_next_piece():
    s = "Det blev ett långt och mycket svårt möte – men till sist kom ett beslut om saken."
    assert split_to_fit(s, words, 10) == ["Det blev ett långt och mycket svårt möte", "– men till sist kom ett beslut om saken."]


def test_clause_without_boundary_is_cut_between_words():
    s = "ett två tre fyra fem sex sju åtta nio tio elva tolv"
    pieces = split_to_fit(s, words, 4)
    assert all(words(p) <= 4 for p in pieces)
    assert " ".join(pieces) == s


_text = st.lists(
    st.one_of(
        st.sampled_from(["och", "att", "en", "Stockholm", "3,5", "1990–2000", "–", "”Nej”"]),
        st.text(alphabet="abcåäö", min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=60,
).flatmap(
    lambda ws: st.lists(st.sampled_from([" ", ", ", "; ", ": ", " – ", "  "]), min_size=len(ws), max_size=len(ws)).map(
        lambda seps: "".join(w + s for w, s in zip(ws, seps)).strip()
    )
)


@settings(max_examples=150, deadline=None)
@given(_text, st.integers(min_value=2, max_value=12))
def test_pieces_fit_and_rebuild_the_sentence(sentence, limit):
    pieces = split_to_fit(sentence, words, limit)
    assert all(words(p) <= limit or len(p.split()) == 1 for p in pieces)
    # nothing lost: only whitespace disappears at the cuts
    assert re.sub(r"\s+", "", "".join(pieces)) == re.sub(r"\s+", "", sentence)
    pos = 0
    for p in pieces:
        found = sentence.index(p, pos)
        assert sentence[pos:found].strip() == ""
        pos = found + len(p)
    assert sentence[pos:].strip() == ""


# -- Translator with a recording fake backend --------------------------------


class FakeBackend(Backend):
    name = "fake"

    def __init__(self, limit=64):
        self.limit = limit
        self.batches: list[list[str]] = []

    @property
    def identity(self):
        return "fake"

    @property
    def max_input_tokens(self):
        return self.limit

    def count_tokens(self, sentence):
        return words(sentence)

    def translate_batch(self, sentences, settings):
        self.batches.append(list(sentences))
        return [f"EN[{s}|b{settings.beams}]" for s in sentences]


@pytest.fixture
def fake(monkeypatch):
    made = []

    def _make(model, backend="auto", device="auto", compute_type=None, resolved=None):
        b = FakeBackend()
        made.append(b)
        return b

    monkeypatch.setattr(translator_mod, "make_backend", _make)
    return made


def test_nothing_loaded_until_translate_and_results_in_order(tiny_model_dir, fake):
    tr = Translator(tiny_model_dir, backend="transformers", batch_size=2, cache=False)
    assert not tr.loaded and fake == []
    sents = ["a b c d e", "a", "a b c", "a b", "a b c d e f g", "a b c d"]
    out = tr.translate(sents)
    assert tr.loaded and len(fake) == 1
    assert out == [f"EN[{s}|b{TINY.num_beams}]" for s in sents]
    flat = [s for batch in fake[0].batches for s in batch]
    lengths = [words(s) for s in flat]
    assert lengths == sorted(lengths, reverse=True), "batches are length-sorted"
    assert all(len(b) <= 2 for b in fake[0].batches)


def test_duplicates_and_blank_sentences_are_not_decoded(tiny_model_dir, fake):
    tr = Translator(tiny_model_dir, backend="transformers", cache=False)
    out = tr.translate(["Hej.", "  ", "Hej.", "Ja."])
    assert out[1] == "  " and out[0] == out[2]
    assert sorted(s for b in fake[0].batches for s in b) == ["Hej.", "Ja."]
    assert tr.translate([]) == []


def test_beams_come_from_generation_config_unless_given(tiny_model_dir, fake):
    assert Translator(tiny_model_dir, cache=False).settings.beams == TINY.num_beams
    tr = Translator(tiny_model_dir, beams=5, cache=False)
    assert tr.settings.beams == 5
    assert tr.translate(["Hej."]) == ["EN[Hej.|b5]"]


def test_second_translator_is_served_from_the_cache(tiny_model_dir, fake):
    first = Translator(tiny_model_dir, backend="transformers")
    out1 = first.translate(["Det regnar.", "Solen skiner."])
    second = Translator(tiny_model_dir, backend="transformers")
    assert second.translate(["Solen skiner.", "Det regnar."]) == out1[::-1]
    assert not second.loaded and len(fake) == 1
    assert second.stats["cached"] == 2
    # other generation settings are another cache entry
    third = Translator(tiny_model_dir, backend="transformers", beams=3)
    third.translate(["Det regnar."])
    assert third.loaded and third.stats["translated"] == 1


def test_no_cache_means_decoding_again(tiny_model_dir, fake):
    Translator(tiny_model_dir, cache=False).translate(["Det regnar."])
    tr = Translator(tiny_model_dir, cache=False)
    tr.translate(["Det regnar."])
    assert tr.loaded and tr.stats["cached"] == 0


def test_long_sentence_pieces_are_translated_and_joined(tiny_model_dir, fake):
    tr = Translator(tiny_model_dir, cache=False)
    tr.load().limit = 6
    s = "Regeringen vill bygga fler bostäder, men oppositionen säger nej, och väljarna tvekar."
    out = tr.translate([s])[0]
    assert out == "EN[Regeringen vill bygga fler bostäder,|b2] EN[men oppositionen säger nej,|b2] EN[och väljarna tvekar.|b2]"


@pytest.mark.parametrize("kwargs", [{"beams": 0}, {"batch_size": 0}, {"device": "tpu"}, {"backend": "onnx"}])
def test_bad_options_are_tolka_errors(kwargs):
    with pytest.raises(TolkaError):
        Translator("whatever", **kwargs)


# -- model resolution ----------------------------------------------------------


def test_local_folder_identity_is_a_content_hash(tiny_model_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model_dir, copy)
    d1, id1 = resolve_model(copy)
    assert d1 == copy.resolve() and id1.startswith("local:copy:")
    assert resolve_model(copy)[1] == id1
    cfg = json.loads((copy / "generation_config.json").read_text())
    cfg["num_beams"] = 7
    (copy / "generation_config.json").write_text(json.dumps(cfg))
    assert resolve_model(copy)[1] != id1


def test_bad_model_paths_are_tolka_errors(tmp_path):
    with pytest.raises(TolkaError, match="not found"):
        resolve_model(tmp_path / "missing")
    (tmp_path / "f.bin").write_bytes(b"x")
    with pytest.raises(TolkaError, match="is a file"):
        resolve_model(tmp_path / "f.bin")
    with pytest.raises(TolkaError, match="no config.json"):
        resolve_model(tmp_path)


def test_unavailable_hub_model_says_how_to_use_a_local_folder():
    # tests run with HF_HUB_OFFLINE=1 and an empty hub cache for this id
    with pytest.raises(TolkaError, match="--model /path/to/local/folder"):
        resolve_model("tolka-tests/no-such-model")
    with pytest.raises(TolkaError, match="neither an existing folder nor a valid hub id"):
        resolve_model("no such model")


def test_hub_failures_of_any_kind_become_one_line_errors(monkeypatch):
    import huggingface_hub

    def boom(**kwargs):
        raise ConnectionError("network is down\nsecond line")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", boom)
    with pytest.raises(TolkaError) as e:
        resolve_model("Helsinki-NLP/opus-mt-sv-en")
    assert "\n" not in str(e.value) and "--model" in str(e.value)


def test_auto_backend_prefers_ctranslate2_when_importable(monkeypatch):
    import translate.backends as backends

    monkeypatch.setattr(backends, "_ct2_available", lambda: False)
    assert resolve_backend_name("auto") == "transformers"
    with pytest.raises(TolkaError, match="ctranslate2"):
        resolve_backend_name("ctranslate2")
    monkeypatch.setattr(backends, "_ct2_available", lambda: True)
    assert resolve_backend_name("auto") == "ctranslate2"


# -- the real transformers backend on the tiny model ----------------------------


@pytest.fixture(scope="module")
def short_limit_model(tmp_path_factory):
    """A tiny model whose tokenizer accepts at most 12 tokens."""
    return build_random_marian(tmp_path_factory.mktemp("short"), replace(TINY, model_max_length=12))


def test_transformers_backend_translates_with_the_tiny_model(tiny_model_dir):
    backend = make_backend(tiny_model_dir, "transformers", device="cpu")
    assert isinstance(backend, MarianBackend)
    assert backend.max_input_tokens == TINY.max_position_embeddings
    assert backend.count_tokens("Hej.") >= 2  # at least one piece and EOS
    assert "transformers|cpu|float32" in backend.identity
    tr = Translator(tiny_model_dir, backend="transformers", device="cpu", cache=False)
    out = tr.translate(["Regeringen meddelade i går att skolan stänger.", "Det regnar."])
    assert len(out) == 2 and all(isinstance(t, str) and t for t in out)
    # the cache key computed before loading is the loaded backend's own identity
    assert tr.identity == tr.load().identity == backend.identity


def test_over_long_sentence_is_split_not_truncated(short_limit_model, monkeypatch):
    seen: list[str] = []
    real = MarianBackend.translate_batch

    def spy(self, sentences, settings):
        seen.extend(sentences)
        return real(self, sentences, settings)

    monkeypatch.setattr(MarianBackend, "translate_batch", spy)
    tr = Translator(short_limit_model, backend="transformers", device="cpu", cache=False)
    s = (
        "Regeringen meddelade i går att priserna på el kommer att stiga under vintern, "
        "men oppositionen säger att skolan i Västerås måste stänga före jul; "
        "samtalen med grannländerna fortsätter nästa vecka – enligt TT."
    )
    backend = tr.load()
    assert backend.max_input_tokens == 12 and backend.count_tokens(s) > 12
    out = tr.translate([s])[0]
    assert len(seen) > 1 and all(backend.count_tokens(p) <= 12 for p in seen)
    assert re.sub(r"\s", "", "".join(sorted(seen, key=s.index))) == re.sub(r"\s", "", s)
    # the joined translation is exactly the pieces' translations (same batch, deterministic decoding)
    again = Translator(short_limit_model, backend="transformers", device="cpu", cache=False).translate(sorted(seen, key=s.index))
    assert out == " ".join(again)


def test_a_batch_holds_one_length_class(tiny_model_dir, fake):
    """Every piece of a batch gets the same length bound: batches never straddle a class."""
    tr = Translator(tiny_model_dir, backend="transformers", batch_size=4, cache=False)
    step = tr.settings.length_step
    # tokens (words + EOS): step + 2 and step + 1 (class 2), step and 2 (class 1), 2 * step + 4 (class 3)
    sents = [" ".join(["a"] * n) for n in (step + 1, step, step - 1, 2 * step + 3, 1)]
    tr.translate(sents)
    classes = [{tr.settings.length_class(words(s)) for s in batch} for batch in fake[0].batches]
    assert all(len(c) == 1 for c in classes), fake[0].batches
    assert [len(b) for b in fake[0].batches] == [1, 2, 2]  # room for 4, cut at each new class


# Our own prose: sentences of many lengths, so batches of 3 mix lengths within and across classes.
VARIED = [
    "Det regnar.",
    "Tåget till Luleå är försenat i kväll.",
    "Kommunen bygger en ny skola i centrum och bygget beräknas kosta 120 miljoner kronor.",
    "Hej!",
    "Regeringen meddelade i går att priserna på el kommer att stiga under vintern.",
    "Polisen söker vittnen efter en stöld på Drottninggatan.",
    "Ministern säger att arbetet börjar i höst, men oppositionen vill vänta till nästa år.",
    "Snön smälter.",
    "Forskarna vid Uppsala universitet har undersökt hur havsisen i Östersjön förändrats sedan 1960-talet.",
    "Matchen slutade oavgjort.",
    "Biljetterna blir inte dyrare, lovar trafikdirektören.",
    "I helgen väntas kraftiga vindar längs hela västkusten och SMHI utfärdar en gul varning.",
]


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_a_sentence_translates_the_same_in_any_batch(tiny_model_dir, backend):
    """Random weights babble to the length bound and flip on any rounding: the strictest check
    that a sentence's translation does not depend on the sentences batched with it."""
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2", reason="ctranslate2 is in the test extra; needed to test its backend")
    tr = Translator(tiny_model_dir, backend=backend, device="cpu", batch_size=3, cache=False)
    together = tr.translate(VARIED)
    assert tr.stats["batches"] > 3  # several batches, mixed lengths
    alone = [tr.translate([s])[0] for s in VARIED]
    assert together == alone
    other_mix = tr.translate(VARIED[::2] + ["Ännu en mening om vädret i Norrland."])  # other neighbours
    assert other_mix[:-1] == alone[::2]


# -- hub ids, served offline from a hand-made Hugging Face cache ----------------

REV = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def fake_hub(tiny_model_dir, tmp_path, monkeypatch):
    import huggingface_hub.constants as constants

    repo = tmp_path / "hub" / "models--tolka-tests--tiny"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(REV)
    shutil.copytree(tiny_model_dir, repo / "snapshots" / REV)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    return repo / "snapshots" / REV


def test_hub_id_identity_pins_the_commit(fake_hub, capsys):
    local, identity = resolve_model("tolka-tests/tiny")
    assert local == fake_hub and identity == f"tolka-tests/tiny@{REV}"
    tr = Translator("tolka-tests/tiny", backend="transformers", device="cpu", cache=False)
    assert tr.translate(["Det regnar."])[0]
    assert tr.identity.startswith(f"tolka-tests/tiny@{REV}|transformers")
    assert "downloading" not in capsys.readouterr().err


def test_missing_hub_weights_announce_a_download_then_fail_cleanly(fake_hub, capsys):
    (fake_hub / "model.safetensors").unlink()
    with pytest.raises(TolkaError, match="--model /path/to/local/folder"):
        MarianBackend("tolka-tests/tiny", device="cpu")
    assert "downloading tolka-tests/tiny" in capsys.readouterr().err


def test_interrupted_run_keeps_finished_batches_in_the_cache(tiny_model_dir, monkeypatch):
    class Interrupting(FakeBackend):
        def translate_batch(self, sentences, settings):
            if self.batches:
                raise KeyboardInterrupt
            return super().translate_batch(sentences, settings)

    monkeypatch.setattr(translator_mod, "make_backend", lambda *a, **k: Interrupting())
    sents = ["a b c d", "a b c", "a b", "a"]
    with pytest.raises(KeyboardInterrupt):
        Translator(tiny_model_dir, batch_size=2).translate(sents)
    made = []
    monkeypatch.setattr(translator_mod, "make_backend", lambda *a, **k: made.append(FakeBackend()) or made[-1])
    tr = Translator(tiny_model_dir, batch_size=2)
    tr.translate(sents)
    assert tr.stats["cached"] == 2 and made[0].batches == [["a b", "a"]]


def test_fingerprint_is_identity_and_generation_settings(tiny_model_dir):
    tr = Translator(str(tiny_model_dir), backend="transformers", device="cpu", beams=3, cache=False)
    fp = tr.fingerprint()
    assert fp == {"model": str(tiny_model_dir), "identity": tr.identity, "generation": tr.settings.key()}
    assert "beams=3" in fp["generation"] and "|transformers|cpu|" in fp["identity"]
    assert not tr.loaded  # knowing the fingerprint loads no weights
    missing = Translator("/nonexistent/tolka-model", cache=False).fingerprint()
    assert missing == {"model": "/nonexistent/tolka-model", "identity": None, "generation": None}

"""Properties the whole product relies on, each checked over many cases rather than one.

* The translation cache key: two runs share cached translations exactly when their decoding
  settings agree (model, backend, device, precision and every generation setting).
* Atomic outputs: whatever file a command writes, an interrupt (Ctrl-C, a full disk) in the
  middle of writing it leaves no partial file and no temporary file behind, and the file an
  earlier run wrote there stays whole until the new one replaces it.  Through a symlink the same
  holds for its target, and the link stays a link (a FIFO or a device is written through and
  cannot be atomic: see tests/translate/test_textio_outputs.py).
* Significance: a system against itself is never significant (p = 1); a clearly better
  system is (p < .05), in both paired tests; the tests are symmetric in the two systems.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from translate.backends.base import GenerationSettings
from translate.cache import cache_key
from translate.cli import main

# -- the cache key -------------------------------------------------------------------------------

_setting_values = {
    "beams": st.integers(1, 8),
    "max_length_ratio": st.sampled_from([1.5, 2.0, 2.5]),
    "max_length_slack": st.integers(0, 20),
    "no_repeat_ngram_size": st.integers(0, 5),
    "repetition_penalty": st.sampled_from([1.0, 1.1, 1.3]),
    "length_step": st.integers(1, 16),
}
generation_settings = st.builds(GenerationSettings, **_setting_values)


def test_the_strategy_covers_every_generation_setting():
    # a field added to GenerationSettings must be added above, or the property below misses it
    assert {f.name for f in fields(GenerationSettings)} == set(_setting_values)


@settings(max_examples=300, deadline=None)
@given(a=generation_settings, b=generation_settings, sentence=st.text(max_size=20))
def test_generation_settings_share_a_cache_key_only_when_equal(a, b, sentence):
    same_key = cache_key("model|transformers|cpu|float32", a.key(), sentence) == cache_key(
        "model|transformers|cpu|float32", b.key(), sentence
    )
    assert same_key == (a == b)


@pytest.fixture(scope="module")
def translator_options(tiny_model_dir):
    import importlib.util

    backends = ["transformers"] + (["ctranslate2"] if importlib.util.find_spec("ctranslate2") else [])
    return tiny_model_dir, backends


def _effective(tr) -> tuple:
    """What decides the translations: the model's content, backend, device, precision and beams."""
    from translate.backends.device import default_compute_type, resolve_device
    from translate.backends.model_source import resolve_model

    if tr.backend_name == "ctranslate2":
        from translate.backends.ct2 import default_compute_type  # noqa: F811
        from translate.backends.ct2 import resolve_ct2_device as resolve_device
    device = resolve_device(tr.device)  # "auto": whatever this machine has
    compute = tr.compute_type
    if compute in (None, "default", "auto"):
        compute = default_compute_type(device)
    return resolve_model(tr.model_name)[1], tr.backend_name, device, compute, tr.settings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_translators_share_cache_keys_exactly_when_they_would_decode_alike(translator_options, data):
    from translate.translator import Translator

    model, backends = translator_options

    def options():
        return data.draw(
            st.fixed_dictionaries(
                {
                    "backend": st.sampled_from(backends),
                    "device": st.sampled_from(["cpu", "auto"]),
                    "compute_type": st.sampled_from([None, "default", "float32", "bfloat16"]),
                    "beams": st.sampled_from([None, 1, 2, 3]),  # None: the model's generation_config (2)
                }
            )
        )

    a, b = Translator(model, cache=False, **options()), Translator(model, cache=False, **options())
    same_key = (a.identity, a.settings.key()) == (b.identity, b.settings.key())
    assert same_key == (_effective(a) == _effective(b))


def test_editing_the_model_folder_changes_the_cache_key(tiny_model_dir, tmp_path):
    import shutil

    from translate.translator import Translator

    copy = Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))
    before = Translator(copy, backend="transformers", device="cpu", cache=False).identity
    gen = json.loads((copy / "generation_config.json").read_text(encoding="utf-8"))
    gen["num_beams"] = 3
    (copy / "generation_config.json").write_text(json.dumps(gen), encoding="utf-8")
    after = Translator(copy, backend="transformers", device="cpu", cache=False)
    assert after.identity != before and after.settings.beams == 3


# -- atomic outputs --------------------------------------------------------------------------------

# Our own article: Swedish prose and an English block quote, all covered by the memory (no model).
ARTICLE = (
    "Bron öppnar i maj\n\n"
    "Den nya bron över älven öppnar för trafik i maj. Bygget kostade 48 miljoner kronor.\n\n"
    "“The bridge will change how people in the north of the town get to work,” the mayor said.\n\n"
    "Kommunen räknar med att tusentals cyklister använder den varje dag.\n"
)
MEMORY = {
    "Bron öppnar i maj": "The bridge opens in May",
    "Den nya bron över älven öppnar för trafik i maj.": "The new bridge over the river opens to traffic in May.",
    "Bygget kostade 48 miljoner kronor.": "Construction cost 48 million kronor.",
    "Kommunen räknar med att tusentals cyklister använder den varje dag.": "The municipality expects thousands of cyclists to use it every day.",
}
REFERENCE = "The bridge opens in May\n\nThe new bridge opens in May. It cost 48 million kronor.\n"


class Interrupter:
    """Every file opened for writing under ``root`` counts; the ``stop_at``-th gets half its data, then
    ``error`` (Ctrl-C, or a full disk).

    Installed as ``open``/``io.open`` (``os.fdopen`` and ``Path.write_*`` go through ``io.open``),
    so it reaches every way of writing a file from Python, atomic or not.
    """

    def __init__(self, root: Path, stop_at: int | None, error: BaseException | None = None):
        self.root, self.stop_at, self.opened, self.error = root.resolve(), stop_at, 0, error
        self.real = io.open

    def _under_root(self, file) -> bool:
        if isinstance(file, int):
            try:
                file = os.readlink(f"/proc/self/fd/{file}")
            except OSError:
                return False
        try:
            return Path(os.path.abspath(file)).resolve().is_relative_to(self.root)
        except (TypeError, ValueError):
            return False

    def open(self, file, mode="r", *args, **kwargs):
        f = self.real(file, mode, *args, **kwargs)
        if not any(c in mode for c in "wax+") or not self._under_root(file):
            return f
        self.opened += 1
        return _Breaking(f, self.error) if self.opened == self.stop_at else f


class _Breaking:
    def __init__(self, f, error: BaseException):
        self._f, self._error = f, error

    def write(self, data):
        self._f.write(data[: max(1, len(data) // 2)])
        self._f.flush()
        raise self._error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._f, name)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def inputs(tmp_path):
    src = tmp_path / "in"
    (src / "bron").mkdir(parents=True)
    (src / "bron" / "article.sv.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "bron" / "reference.en.txt").write_text(REFERENCE, encoding="utf-8")
    (src / "kort").mkdir()
    (src / "kort" / "article.sv.txt").write_text(ARTICLE.split("\n\n", 1)[1], encoding="utf-8")
    memory = tmp_path / "memory.tsv"
    memory.write_text("".join(f"{sv}\t{en}\n" for sv, en in MEMORY.items()), encoding="utf-8")
    doc = tmp_path / "doc.json"
    no_model = ["--model", str(tmp_path / "no-model-needed"), "--memory", str(memory)]
    assert main(["translate", str(src / "bron" / "article.sv.txt"), "--format", "json", "-o", str(doc), *no_model]) == 0
    return {"src": src, "article": src / "bron" / "article.sv.txt", "doc": doc, "no_model": no_model, "tmp": tmp_path}


COMMANDS = {
    # name: argv, given the inputs and the output folder
    "translate -o": lambda i, out: ["translate", str(i["article"]), "-o", str(out / "a.en.txt"), *i["no_model"]],
    "translate --format json -o": lambda i, out: [
        "translate",
        str(i["article"]),
        "--format",
        "json",
        "-o",
        str(out / "a.json"),
        *i["no_model"],
    ],
    "translate --export": lambda i, out: [
        "translate",
        str(i["article"]),
        "--export",
        "html,tmx,xliff,tsv,jsonl",
        "-o",
        str(out),
        *i["no_model"],
    ],
    "export": lambda i, out: ["export", str(i["doc"]), "--to", "html,tmx,xliff,tsv,jsonl", "-o", str(out)],
    "batch": lambda i, out: ["batch", str(i["src"]), "-o", str(out), "--export", "html,tmx,xliff,tsv,jsonl", *i["no_model"]],
    "quotes -o": lambda i, out: ["quotes", str(i["article"]), "--format", "json", "-o", str(out / "q.json"), *i["no_model"]],
    "split -o": lambda i, out: ["split", str(i["article"]), "-o", str(out / "s.txt")],
    "align -o": lambda i, out: ["align", str(i["article"]), str(i["src"] / "bron" / "reference.en.txt"), "-o", str(out / "b.txt")],
    "evaluate -o": lambda i, out: ["evaluate", str(i["doc"]), str(i["src"] / "bron" / "reference.en.txt"), "-o", str(out / "e.txt")],
}


DISK_FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
EARLIER = b"an earlier run's output\n"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="follows temporary files through /proc/self/fd (Linux)")
@pytest.mark.parametrize("error", ["ctrl-c", "disk full"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_interrupted_write_leaves_no_partial_file(command, error, inputs, monkeypatch, capsys):
    """Each file write in turn is cut off half-way, into an empty folder and over an earlier run's
    outputs: every file left is whole (this run's, or the earlier one untouched), none is missing
    that was there before (except a batch article being redone, whose outputs go together)."""
    tmp = inputs["tmp"]
    whole_out = tmp / "whole"
    whole_out.mkdir()
    counter = Interrupter(whole_out, stop_at=None)
    with monkeypatch.context() as m:
        m.setattr(io, "open", counter.open)
        m.setattr(builtins, "open", counter.open)
        code = main(COMMANDS[command](inputs, whole_out))
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    whole = _files(whole_out)
    assert whole and counter.opened >= len(whole)

    for k in range(1, counter.opened + 1):
        for over in (False, True):
            out = tmp / f"cut-{k}-{over}"
            out.mkdir()
            if over:
                for name in whole:
                    (out / name).parent.mkdir(parents=True, exist_ok=True)
                    (out / name).write_bytes(EARLIER)
            breaker = Interrupter(out, stop_at=k, error=KeyboardInterrupt() if error == "ctrl-c" else DISK_FULL)
            with monkeypatch.context() as m:
                m.setattr(io, "open", breaker.open)
                m.setattr(builtins, "open", breaker.open)
                code = main(COMMANDS[command](inputs, out))  # no exception escapes
            where = (k, "over an earlier run" if over else "into an empty folder")
            lines = capsys.readouterr().err.strip().splitlines()
            assert all(line.startswith("tolka: ") for line in lines), (where, lines)
            if error == "ctrl-c":
                assert code == 130, (where, lines)
            elif command == "batch" and code == 1:  # one article failed, named with the reason; the others were written
                assert [line for line in lines if os.strerror(errno.ENOSPC) in line and "cannot write" in line], (where, lines)
            else:
                assert code == 2 and len(lines) == 1 and os.strerror(errno.ENOSPC) in lines[0], (where, lines)
            left = _files(out)
            assert set(left) <= set(whole), (where, sorted(set(left) - set(whole)))  # no temporary or stray file
            for name, data in left.items():
                if code == 1 and name in ("summary.json", "index.html"):
                    continue  # they describe the failed article
                # a file left is a whole one: what the uninterrupted run wrote, or the earlier run's
                assert data == whole[name] or (over and data == EARLIER), (where, name)
            if over and command != "batch":
                assert set(left) == set(whole), (where, sorted(set(whole) - set(left)))
            if command == "batch":  # an article has all its new files and its manifest, or none
                for article in {name.split("/")[0] for name in whole if "/" in name}:
                    mine = {n for n in left if n.startswith(article + "/") and left[n] != EARLIER}
                    assert not mine or mine == {n for n in whole if n.startswith(article + "/")}, (where, sorted(mine))
            if code == 1:
                rows = json.loads(left["summary.json"])["articles"]
                failed = [r for r in rows if r["status"] == "failed"]
                assert len(failed) == 1 and os.strerror(errno.ENOSPC) in failed[0]["error"]
                assert not [n for n in left if n.startswith(failed[0]["article"] + "/")]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="follows temporary files through /proc/self/fd (Linux)")
@pytest.mark.parametrize("error", ["ctrl-c", "disk full"])
def test_an_interrupted_write_through_a_symlink_keeps_the_link_and_its_target_whole(error, inputs, monkeypatch, capsys):
    tmp = inputs["tmp"]

    def argv(out: Path) -> list[str]:
        return ["translate", str(inputs["article"]), "--format", "json", "-o", str(out / "doc.json"), *inputs["no_model"]]

    plain = tmp / "plain"
    plain.mkdir()
    assert main(argv(plain)) == 0
    whole = (plain / "doc.json").read_bytes()
    out = tmp / "linked"
    (out / "real").mkdir(parents=True)
    target = out / "real" / "doc.json"
    target.write_bytes(EARLIER)
    (out / "doc.json").symlink_to(Path("real") / "doc.json")
    capsys.readouterr()
    breaker = Interrupter(out, stop_at=1, error=KeyboardInterrupt() if error == "ctrl-c" else DISK_FULL)
    with monkeypatch.context() as m:
        m.setattr(io, "open", breaker.open)
        m.setattr(builtins, "open", breaker.open)
        code = main(argv(out))
    assert code == (130 if error == "ctrl-c" else 2), capsys.readouterr().err
    assert breaker.opened == 1
    assert (out / "doc.json").is_symlink() and target.read_bytes() == EARLIER
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["doc.json", "real", "real/doc.json"]
    assert main(argv(out)) == 0  # uninterrupted: the target is replaced, the link stays
    assert (out / "doc.json").is_symlink() and target.read_bytes() == whole


# -- significance -----------------------------------------------------------------------------------

_WORDS = "the a river bridge town council opened closed new old said will today yesterday people cars".split()
sentence = st.lists(st.sampled_from(_WORDS), min_size=4, max_size=12).map(" ".join)
SMALL = dict(bootstrap_samples=100, ar_trials=200)  # p can go down to 1/101 and 1/201


_REFS = [f"the council said the {w} bridge will open today" for w in _WORDS] * 2


@settings(max_examples=12, deadline=None)
@given(refs=st.lists(sentence, min_size=2, max_size=30), hyps=st.lists(sentence, min_size=30, max_size=30), seed=st.integers(1, 2**31))
@example(refs=_REFS, hyps=(_REFS * 2)[1:31], seed=12345)
def test_a_system_against_itself_is_never_significant(refs, hyps, seed):
    from translate.evaluate.significance import paired_significance

    refs = (refs * 30)[:30]
    out = paired_significance(hyps, list(hyps), refs, ["bleu", "chrf"], seed=seed, **SMALL)
    for r in out["metrics"].values():
        assert r["delta"] == 0
        assert r["bootstrap"]["p_value"] == pytest.approx(1.0)
        assert r["approximate_randomization"]["p_value"] == pytest.approx(1.0)


@settings(max_examples=12, deadline=None)
@given(refs=st.lists(sentence, min_size=24, max_size=40, unique=True), seed=st.integers(1, 2**31))
@example(refs=_REFS, seed=12345)
def test_a_clearly_better_system_is_significant_and_the_tests_are_symmetric(refs, seed):
    from translate.evaluate.significance import paired_significance

    # the baseline drops the second half of every sentence; the system is the reference itself
    worse = [" ".join(r.split()[: len(r.split()) // 2]) for r in refs]
    out = paired_significance(refs, worse, refs, ["bleu", "chrf"], seed=seed, **SMALL)
    back = paired_significance(worse, refs, refs, ["bleu", "chrf"], seed=seed, **SMALL)
    for m, r in out["metrics"].items():
        assert r["delta"] > 0
        assert r["bootstrap"]["p_value"] < 0.05
        assert r["approximate_randomization"]["p_value"] < 0.05
        rb = back["metrics"][m]
        assert rb["delta"] == pytest.approx(-r["delta"])
        for test in ("bootstrap", "approximate_randomization"):
            assert rb[test]["p_value"] == pytest.approx(r[test]["p_value"])


def test_one_changed_line_is_not_significant():
    """Every randomization of two systems that differ on one line gives exactly the observed
    difference; counting only larger ones (sacrebleu's rule) called that p = 1/(n+1)."""
    from translate.evaluate.significance import paired_significance

    refs = list(_REFS)
    other = list(refs)
    other[0] = "the council said a bridge opened"
    r = paired_significance(refs, other, refs, ["bleu"], seed=3, **SMALL)["metrics"]["bleu"]
    assert r["delta"] > 0
    assert r["approximate_randomization"]["p_value"] == pytest.approx(1.0)
    assert r["bootstrap"]["p_value"] > 0.05

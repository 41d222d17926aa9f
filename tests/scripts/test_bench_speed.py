"""The speed benchmarks' own machinery: forced realistic lengths, the stage clock, the GPU script's dry run.

The numbers come from the scripts; these tests check that what the scripts measure is what they say:
every sentence decodes exactly the length it was given, both backends decode the same tokens, the
stage clock counts a nested stage once, and scripts/bench_gpu.sh runs end to end on a CPU.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2", reason="ctranslate2 is part of the test extra: pip install -e '.[test]'")

from tests.conftest import NTREX, need_shared  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import real_lengths  # noqa: E402

from translate.translator import Translator  # noqa: E402

# Written for these tests, with "real translations" of very different lengths.
PAIRS = [
    ("Det regnar i Lund.", "It is raining in Lund again, as so often."),
    ("Regeringen meddelade i går att skolan i Västerås måste stänga före jul.", "School closes."),
    ("Hej!", "Hello!"),
    ("Älgjakten startar i början av september i stora delar av landet.", "The moose hunt starts in early September."),
    ("Mötet börjar kl. 9.00 på fredag.", "The meeting starts at nine on Friday morning."),
]
SOURCES = [sv for sv, _ in PAIRS]


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ct2-cache")


def _translator(model: Path, backend: str, beams: int, ct2_cache: Path, monkeypatch) -> Translator:
    monkeypatch.setenv("TOLKA_CACHE_DIR", str(ct2_cache))
    return Translator(str(model), backend=backend, device="cpu", compute_type="float32", beams=beams, cache=False, batch_size=3)


def _batches_of(tr: Translator, sources: list[str]) -> list[list[str]]:
    """The translator's own batches of ``sources``: longest first, one length class a batch, at most its batch size."""
    from translate.translator import _batches

    backend = tr.load()
    lengths = {s: backend.count_tokens(s) for s in sources}
    order = sorted(lengths, key=lambda s: -lengths[s])
    return _batches(order, lambda s: tr.settings.length_class(lengths[s]), tr.batch_size)


def _forced_run(model, backend, beams, rule, ct2_cache, monkeypatch):
    tr = _translator(model, backend, beams, ct2_cache, monkeypatch)
    loaded = tr.load()
    table = real_lengths.LengthTable.build(loaded.tokenizer, PAIRS)
    record = real_lengths.install(loaded, table, rule)
    texts = tr.translate(SOURCES)
    keys = [tuple(loaded.tokenizer(s)["input_ids"]) for s in SOURCES]
    return texts, record, keys, table


@pytest.mark.parametrize("beams", [1, 2])
def test_transformers_rows_end_at_their_own_real_length(tiny_model_dir, ct2_cache, monkeypatch, beams):
    texts, record, keys, table = _forced_run(tiny_model_dir, "transformers", beams, "row", ct2_cache, monkeypatch)
    real = [table.lengths[k] for k in keys]
    assert len(set(real)) > 2  # the batch mixes lengths: rows must stop at different steps
    assert [len(record.outputs[k]) for k in keys] == real
    assert [record.forced[k] for k in keys] == real
    assert all(texts)


@pytest.mark.parametrize("beams", [1, 2])
def test_both_backends_decode_the_same_tokens_per_sentence(tiny_model_dir, ct2_cache, monkeypatch, beams):
    runs = {b: _forced_run(tiny_model_dir, b, beams, "mean", ct2_cache, monkeypatch) for b in ("transformers", "ctranslate2")}
    (_, slow, keys, table), (_, fast, _, _) = runs["transformers"], runs["ctranslate2"]
    slow_lengths = [len(slow.outputs[k]) for k in keys]
    assert slow_lengths == [len(fast.outputs[k]) for k in keys] == [fast.forced[k] for k in keys]
    # the translator's batches (at most 3, one length class each): each decodes the rounded mean of its real lengths
    batches = _batches_of(_translator(tiny_model_dir, "ctranslate2", beams, ct2_cache, monkeypatch), SOURCES)
    assert fast.batches == len(batches) and max(len(b) for b in batches) > 1
    assert sorted(set(slow_lengths)) != sorted(set(table.lengths.values()))
    assert sum(fast.forced[k] for k in keys) == pytest.approx(sum(table.lengths[k] for k in keys), abs=2)
    # float32 on both sides: the forcing changes the length, not the search, so the tokens agree too
    assert [slow.outputs[k] for k in keys] == [fast.outputs[k] for k in keys]


def test_ctranslate2_takes_one_length_per_batch(tiny_model_dir, ct2_cache, monkeypatch):
    tr = _translator(tiny_model_dir, "ctranslate2", 1, ct2_cache, monkeypatch)
    with pytest.raises(ValueError, match="one decoding length per call"):
        real_lengths.install(tr.load(), real_lengths.LengthTable(), "row")


def test_max_rule_decodes_every_row_to_the_batch_longest(tiny_model_dir, ct2_cache, monkeypatch):
    _, record, keys, table = _forced_run(tiny_model_dir, "ctranslate2", 2, "max", ct2_cache, monkeypatch)
    first = _batches_of(_translator(tiny_model_dir, "ctranslate2", 2, ct2_cache, monkeypatch), SOURCES)[0]
    assert len(first) > 1  # the translator batches longest sources first, one length class a batch
    first_batch = [keys[SOURCES.index(sentence)] for sentence in first]
    assert {len(record.outputs[k]) for k in first_batch} == {max(table.lengths[k] for k in first_batch)}


def test_length_table_clamps_to_the_bound_and_falls_back_to_the_source_length():
    table = real_lengths.LengthTable(lengths={(5, 6, 0): 40}, bound=lambda n: 2 * n + 9)
    assert table((5, 6, 0)) == 15  # a real translation longer than the bound decodes to the bound
    assert table((7, 8, 9, 0)) == 3 and table.unknown == 1


def test_stage_clock_counts_nested_time_once(monkeypatch):
    import bench_articles

    ticks = iter(range(0, 1000, 1))
    monkeypatch.setattr(bench_articles.time, "perf_counter", lambda: float(next(ticks)))
    clock = bench_articles.StageClock()
    inner = clock._wrap("inner", lambda: None)
    outer = clock._wrap("outer", lambda: [inner(), inner()])
    outer()
    # clock reads: outer 0 | inner 1..2 | inner 3..4 | outer 5: outer ran 5 ticks, 2 of them inside inner
    assert clock.seconds == {"inner": 2.0, "outer": 3.0}
    assert clock.calls == {"inner": 2, "outer": 1}


def test_stage_clock_reports_targets_that_moved():
    import bench_articles

    clock = bench_articles.StageClock()
    clock.install([("x", "translate.segmenter", "no_such_function"), ("y", "translate.no_such_module", "f")])
    assert clock.missing == ["translate.segmenter.no_such_function", "translate.no_such_module.f"]


def test_bench_gpu_dry_run(tmp_path):
    """scripts/bench_gpu.sh --dry-run: every step of the GPU run, on the CPU with a tiny model, checks passing."""
    need_shared(NTREX)
    env = dict(os.environ, TOLKA_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bench_gpu.sh"), "--dry-run", "--work-dir", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    table = proc.stdout[proc.stdout.index("== speed summary") :]
    for beams in (1, 6):
        for run in ("transformers float32", "ctranslate2 float32", "ctranslate2 int8"):
            assert f"{run:28} {beams:>4}" in table
    assert "tolka batch" in table and "recipe" in table
    assert "token counts identical per sentence: yes" in table
    assert "same sentences translated: yes" in table

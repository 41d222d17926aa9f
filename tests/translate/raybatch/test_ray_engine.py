"""`tolka batch --engine ray` on a local Ray (2 CPUs, started once for this module), tiny random model.

The Ray engine must write what the local engine writes, byte for byte (folders) and row for row
(datasets), resume the local engine's output and be resumed by it, survive a translation worker
killed mid-run without losing or repeating an article, and resume after its driver is killed.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import need_module
from tests.translate.batch.test_batch import GOOD, RAILWAY, SCHOOL, WEATHER, make_input, snapshot
from tests.translate.cli.test_cli_batch import _stopped_child, posix_only
from tests.translate.test_translator import VARIED
from translate.batch import run_batch
from translate.cli import main
from translate.errors import TolkaError
from translate.memory import Memory
from translate.translator import Translator

ray = need_module("ray", "the Ray engine needs Ray (pip install 'tolka[ray]'; the test extra has it, so CI runs these)")
pa = need_module("pyarrow", "datasets need pyarrow (pip install 'tolka[ray]')")
pq = need_module("pyarrow.parquet", "datasets need pyarrow (pip install 'tolka[ray]')")

from translate.raybatch import TEST_HOLD_ENV, run_batch_ray  # noqa: E402


@pytest.fixture(scope="module")
def ray_address(tmp_path_factory):
    """One local Ray for the module; workers get their own cache folder (never the user's)."""
    cache = tmp_path_factory.mktemp("ray-tolka-cache")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        logging_level="ERROR",
        log_to_driver=False,
        runtime_env={"env_vars": {"TOLKA_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}},
    )
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture()
def small_batches(monkeypatch):
    """Two articles per translation call in the actor, where the local engine translates all at once:
    parity then needs each sentence's translation to be independent of its batch."""
    import translate.raybatch.engine as engine

    monkeypatch.setattr(engine, "ARTICLES_PER_MT_BATCH", 2)


def tiny(model_dir: Path) -> Translator:
    return Translator(str(model_dir), cache=False)


def half_memory() -> Memory:
    """Made-up translations of the first article's sentences: the rest goes to the model."""
    from translate.pipeline import prepare

    return Memory.from_pairs([(s.source, f"EN[{s.source[:12]}]") for s in prepare(RAILWAY).segments if s.needs_mt])


def more_articles(src: Path) -> None:
    """Four more good articles of sentences of many lengths (one with its own memory, one with a
    reference): the engines batch them differently, so equal outputs need batch-independent MT."""
    for i in range(3):
        (src / f"extra {i}").mkdir()
        (src / f"extra {i}" / "article.sv.txt").write_text(" ".join(VARIED[i::3]) + "\n\n" + SCHOOL, encoding="utf-8")
    (src / "extra 0" / "memory.tsv").write_text("Kommunen bygger en ny skola i centrum.\tThe town builds a school.\n", encoding="utf-8")
    (src / "extra 1" / "reference.en.txt").write_text("The weather turns cold at the weekend.\n", encoding="utf-8")
    # saved by an old Windows editor: read as cp1252, with a note in the document and the summary
    (src / "windows").mkdir()
    (src / "windows" / "article.sv.txt").write_bytes((WEATHER + "\n" + SCHOOL).encode("cp1252"))


#: the articles more_articles adds
MORE = 4


def without_run(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "run"}


def test_folders_byte_identical_to_the_local_engine_and_resumed_by_it(ray_address, small_batches, tmp_path, tiny_model_dir):
    src = make_input(tmp_path)
    more_articles(src)
    memory = half_memory()
    exports = ("html", "tmx", "xliff")
    local = run_batch(src, tmp_path / "local", translator=tiny(tiny_model_dir), memory=memory, exports=exports, jobs=1)
    remote = run_batch_ray(src, tmp_path / "ray", translator=tiny(tiny_model_dir), memory=memory, exports=exports)
    assert remote["run"]["engine"] == "ray" and remote["run"]["translated"] == len(GOOD) + MORE and remote["run"]["model_loaded"]
    assert remote["totals"]["mt"] > 0 and remote["totals"]["memory"] > 0 and remote["totals"]["failed"] == 3
    assert snapshot(tmp_path / "ray") == snapshot(tmp_path / "local")  # every file, summary.json and index.html too
    assert without_run(remote) == without_run(local)
    assert "cp1252" in next(r for r in remote["articles"] if r["article"] == "windows")["notes"][0]

    again = run_batch_ray(src, tmp_path / "local", translator=tiny(tiny_model_dir), memory=memory, exports=exports)
    assert (again["run"]["translated"], again["run"]["skipped"]) == (0, len(GOOD) + MORE)
    back = run_batch(src, tmp_path / "ray", translator=tiny(tiny_model_dir), memory=memory, exports=exports)
    assert (back["run"]["translated"], back["run"]["skipped"]) == (0, len(GOOD) + MORE)
    assert snapshot(tmp_path / "ray") == snapshot(tmp_path / "local")


def write_jsonl(path: Path, n: int) -> Path:
    """``n`` articles (our own prose, varied), one a reference-scored, one empty."""
    texts = [RAILWAY, SCHOOL, WEATHER, WEATHER + RAILWAY, SCHOOL + WEATHER]
    rows = [{"id": f"a{i:02d}", "text": texts[i % len(texts)] + f"\nArtikel nummer {i} i serien.\n"} for i in range(n)]
    rows[0]["reference"] = "The government presented a plan today.\n"
    rows.append({"id": "tom", "text": "\n"})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def rows_of(out: Path) -> list[dict]:
    return sorted(pq.read_table(out / "articles").to_pylist(), key=lambda r: r["id"])


def test_dataset_rows_equal_the_local_engines_and_resume_across_engines(ray_address, small_batches, tmp_path, tiny_model_dir):
    src = write_jsonl(tmp_path / "in.jsonl", 6)
    local = run_batch(src, tmp_path / "local", translator=tiny(tiny_model_dir), memory=half_memory(), exports=("tmx",))
    remote = run_batch_ray(src, tmp_path / "ray", translator=tiny(tiny_model_dir), memory=half_memory(), exports=("tmx",))
    assert (remote["run"]["kind"], remote["run"]["translated"], remote["run"]["failed"]) == ("dataset", 6, 1)
    assert rows_of(tmp_path / "ray") == rows_of(tmp_path / "local")
    assert [p.name for p in (tmp_path / "ray" / "articles").iterdir()][0].startswith("part-")
    assert (tmp_path / "ray" / "summary.json").read_bytes() == (tmp_path / "local" / "summary.json").read_bytes()
    assert without_run(remote) == without_run(local)

    again = run_batch_ray(src, tmp_path / "local", translator=tiny(tiny_model_dir), memory=half_memory(), exports=("tmx",))
    assert (again["run"]["translated"], again["run"]["skipped"], again["run"]["failed"]) == (0, 6, 1)
    assert rows_of(tmp_path / "local") == rows_of(tmp_path / "ray")


def _wait_for(path: Path, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear within {seconds:.0f} s")
        time.sleep(0.05)
    return path.read_text(encoding="utf-8")


@posix_only
def test_killed_translation_worker_loses_and_repeats_nothing(ray_address, small_batches, tmp_path, tiny_model_dir, monkeypatch):
    """The first actor to take a batch stops (TOLKA_RAY_TEST_HOLD) and is SIGKILLed: Ray restarts it
    and retries that batch; the dataset then holds exactly one row per article, the clean run's."""
    src = write_jsonl(tmp_path / "in.jsonl", 8)
    clean = run_batch(src, tmp_path / "clean", translator=tiny(tiny_model_dir), exports=())
    hold = tmp_path / "hold"
    hold.mkdir()
    monkeypatch.setenv(TEST_HOLD_ENV, str(hold))
    result: dict = {}

    def drive() -> None:
        try:
            result["summary"] = run_batch_ray(src, tmp_path / "ray", translator=tiny(tiny_model_dir), exports=())
        except BaseException as e:  # shown by the assertion below
            result["error"] = e

    driver = threading.Thread(target=drive)
    driver.start()
    pid = int(_wait_for(hold / "pid", 300))
    os.kill(pid, signal.SIGKILL)
    driver.join(600)
    assert not driver.is_alive() and "error" not in result, result
    summary = result["summary"]
    assert (summary["run"]["translated"], summary["run"]["failed"]) == (8, 1)
    rows = rows_of(tmp_path / "ray")
    assert [r["id"] for r in rows] == sorted({r["id"] for r in rows}) == sorted([f"a{i:02d}" for i in range(8)] + ["tom"])
    assert rows == rows_of(tmp_path / "clean")
    assert without_run(summary) == without_run(clean)


@posix_only
def test_killed_driver_resumes_like_the_local_engine(ray_address, tmp_path, tiny_model_dir):
    """The driver stops itself after its first article is written (TOLKA_BATCH_TEST_STOP=1) and is
    SIGKILLed; a rerun finds that article up to date and ends with the clean run's files."""
    src = make_input(tmp_path)
    more_articles(src)
    argv = [
        "batch",
        str(src),
        "--engine",
        "ray",
        "--ray-address",
        ray_address,
        "--model",
        str(tiny_model_dir),
        "--no-cache",
        "--export",
        "html",
        "--no-progress",
    ]
    assert main(argv + ["-o", str(tmp_path / "straight")]) == 1  # the bad articles fail
    expected = snapshot(tmp_path / "straight")

    out = tmp_path / "killed"
    child = _stopped_child(argv + ["-o", str(out)], "1")
    child.kill()
    child.wait()
    child.stderr.close()
    partial = snapshot(out)
    complete = {k.rsplit("/", 1)[0] for k in partial if k.endswith("/manifest.json")}
    assert complete and "summary.json" not in partial
    for article in complete:
        assert {k: v for k, v in partial.items() if k.startswith(article + "/")} == {
            k: v for k, v in expected.items() if k.startswith(article + "/")
        }

    resumed = run_batch_ray(src, out, translator=tiny(tiny_model_dir), exports=("html",))
    assert resumed["run"]["skipped"] >= len(complete) >= 1
    assert snapshot(out) == expected
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_model_that_cannot_load_stops_the_run_with_one_line(ray_address, tmp_path, capsys):
    src = make_input(tmp_path)
    argv = ["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "ray", "--model", str(tmp_path / "no-model"), "--no-progress"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("tolka: error: ") and "no-model" in err[-1] and "Traceback" not in "\n".join(err)
    assert not (tmp_path / "out" / "summary.json").exists()


def test_gpus_without_a_gpu_in_the_cluster(ray_address, tmp_path, tiny_model_dir, capsys):
    src = make_input(tmp_path)
    base = ["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "ray", "--model", str(tiny_model_dir)]
    assert main(base + ["--device", "cuda"]) == 2  # cuda: one GPU a worker by default
    assert "tolka: error: --gpus-per-worker 1 but the Ray cluster has 0 GPUs" in capsys.readouterr().err
    assert main(base + ["--gpus-per-worker", "0.5", "--device", "cpu"]) == 2
    assert "--gpus-per-worker needs --device cuda" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    with pytest.raises(TolkaError, match="--workers must be at least 1"):
        run_batch_ray(src, tmp_path / "out", translator=tiny(tiny_model_dir), workers=0)


def test_bad_datasets_are_refused_before_any_work_naming_the_row(ray_address, tmp_path, tiny_model_dir):
    """The Ray engine checks a dataset as the local engine does, on the driver, before anything runs."""
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"id": "a", "text": "Hej."}\n{"id": "b", "text": "Hej då."}\n{"id": "a", "text": "Igen."}\n', encoding="utf-8")
    with pytest.raises(TolkaError, match=r"in\.jsonl line 3: id 'a' again \(first at .*in\.jsonl line 1\)"):
        run_batch_ray(jsonl, tmp_path / "out", translator=tiny(tiny_model_dir))
    jsonl.write_text('{"id": "a", "text": "Hej."}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(TolkaError, match=r"in\.jsonl line 2: no 'text'"):
        run_batch_ray(jsonl, tmp_path / "out", translator=tiny(tiny_model_dir))
    wrong = tmp_path / "wrong.parquet"
    pq.write_table(pa.table({"key": ["a"], "body": ["Hej."]}), wrong)
    with pytest.raises(TolkaError, match=r"wrong\.parquet has columns key, body; a dataset needs id and text"):
        run_batch_ray(wrong, tmp_path / "out", translator=tiny(tiny_model_dir))
    assert not (tmp_path / "out").exists()

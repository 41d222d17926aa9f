"""`tolka batch` and scripts/batch_translate.py: exit codes, and SIGKILL/SIGTERM then resume.

The kill tests use the documented test hook TOLKA_BATCH_TEST_STOP (translate.batch): the child
stops itself with SIGSTOP at a chosen point -- after an article is complete, or between two of an
article's files -- so the test kills it at a known place without sleeping or racing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.translate.batch.test_batch import BAD, GOOD, RAILWAY, SCHOOL, WEATHER, make_input, snapshot
from translate.batch import TEST_STOP_ENV
from translate.cli import main

ROOT = Path(__file__).resolve().parents[3]
posix_only = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs POSIX signals (SIGSTOP/SIGKILL)")


def write_memory_tsv(path: Path, *texts: str) -> Path:
    from translate.pipeline import prepare_document

    lines = []
    for text in texts:
        for seg in prepare_document(text).segments:
            if seg.needs_mt:
                lines.append(f"{seg.source}\tEN[{seg.source[:12]}]\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_exit_codes(tmp_path, tiny_model_dir, capsys):
    src = make_input(tmp_path)
    mem = write_memory_tsv(tmp_path / "mem.tsv", RAILWAY, SCHOOL, WEATHER)
    args = ["batch", str(src), "-o", str(tmp_path / "out"), "--model", str(tiny_model_dir), "--memory", str(mem)]
    assert main(args + ["--export", "none"]) == 1  # some articles failed
    err = capsys.readouterr().err
    for name in BAD:
        assert f"tolka: {name}: " in err
    assert f"{len(GOOD)} of {len(GOOD) + len(BAD)} articles ok" in err
    assert not (tmp_path / "out" / GOOD[0] / "article.html").exists()

    for name in BAD:
        for p in sorted((src / name).iterdir()):
            p.unlink()
        (src / name).rmdir()
    assert main(args + ["--export", "tmx"]) == 0
    assert (tmp_path / "out" / GOOD[0] / "article.tmx").exists()
    assert f"{len(GOOD)} of {len(GOOD)} articles ok" in capsys.readouterr().err

    assert main(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "o2")]) == 2
    assert "tolka: error: input folder not found" in capsys.readouterr().err
    assert main(args + ["--export", "nosuchformat"]) == 2
    assert "nosuchformat" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:  # argparse usage error: -o is required
        main(["batch", str(src)])
    assert e.value.code == 2


def test_script_is_the_same_command(tmp_path, tiny_model_dir):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "article.sv.txt").write_text(WEATHER, encoding="utf-8")
    mem = write_memory_tsv(tmp_path / "mem.tsv", WEATHER)
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "batch_translate.py"),
            str(src),
            "-o",
            str(tmp_path / "out"),
            "--model",
            str(tiny_model_dir),
            "--memory",
            str(mem),
            "--export",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "1 of 1 articles ok" in run.stderr
    assert (tmp_path / "out" / "a" / "translation.en.txt").read_text(encoding="utf-8").startswith("EN[")


def _stopped_child(argv: list[str], stop: str) -> subprocess.Popen:
    """Start `tolka batch` in a child that stops itself (SIGSTOP) at the hook point; wait for that."""
    env = dict(os.environ, **{TEST_STOP_ENV: stop})
    child = subprocess.Popen(
        [sys.executable, "-m", "translate", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    if not os.WIFSTOPPED(status):  # it finished or crashed instead: show why
        raise AssertionError(f"child did not reach the stop point: {child.stderr.read().decode()}")
    return child


@posix_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_then_rerun_is_byte_identical(tmp_path, tiny_model_dir, jobs):
    """Killed after article 1 is complete and between two of article 2's files; MT for real."""
    stop = "2:2"
    src = make_input(tmp_path)
    argv = ["batch", str(src), "--model", str(tiny_model_dir), "--export", "html,tmx", "--jobs", jobs]
    assert main(argv + ["-o", str(tmp_path / "straight")]) == 1
    expected = snapshot(tmp_path / "straight")

    out = tmp_path / "killed"
    child = _stopped_child(argv + ["-o", str(out)], stop)
    child.kill()  # SIGKILL: no handler runs, nothing is cleaned up
    child.wait()
    child.stderr.close()
    partial = snapshot(out)
    first, second = sorted(GOOD)[:2]
    assert {k for k in partial if k.startswith(first + "/")} == {k for k in expected if k.startswith(first + "/")}
    assert sorted(k for k in partial if k.startswith(second + "/")) == [f"{second}/document.json", f"{second}/translation.en.txt"]
    assert len([k for k in partial if k.endswith("/manifest.json")]) == 1
    assert "summary.json" not in partial

    assert main(argv + ["-o", str(out)]) == 1  # the rerun resumes
    assert snapshot(out) == expected
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@posix_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_stops_cleanly(tmp_path, tiny_model_dir, jobs):
    src = make_input(tmp_path)
    out = tmp_path / "out"
    mem = write_memory_tsv(tmp_path / "mem.tsv", RAILWAY, SCHOOL, WEATHER)  # no model: a quick child
    argv = ["batch", str(src), "-o", str(out), "--model", str(tiny_model_dir), "--memory", str(mem), "--jobs", jobs]
    child = _stopped_child(argv, "1:1")  # after the first article's first file
    os.kill(child.pid, signal.SIGTERM)
    os.kill(child.pid, signal.SIGCONT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130
    assert "interrupted" in err.decode()
    left = [p for p in out.rglob("*") if p.is_file()]
    assert left == []  # the interrupted article's first file was removed; nothing else was written
    assert main(argv) == 1
    assert (out / "summary.json").exists()


def test_jobs_must_be_a_positive_number(tmp_path, capsys):
    src = make_input(tmp_path)
    with pytest.raises(SystemExit) as e:
        main(["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "0"])
    assert e.value.code == 2
    assert "--jobs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

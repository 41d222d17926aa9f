"""`tolka batch --engine ray` usage errors that need no Ray cluster: each ends in one line naming the fix."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.conftest import need_module
from tests.translate.batch.test_batch import make_input
from translate.cli import main


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_error_line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("tolka: error: ")
    return lines[0]


def test_unreachable_ray_address(tmp_path, capsys, monkeypatch):
    need_module("ray", "the Ray engine needs Ray (tolka[ray]; in the test extra)")
    src = make_input(tmp_path)
    port = closed_port()
    argv = ["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "ray"]
    assert main(argv + ["--ray-address", f"127.0.0.1:{port}"]) == 2
    assert f"cannot reach the Ray cluster at --ray-address 127.0.0.1:{port}" in _one_error_line(capsys)
    monkeypatch.setenv("RAY_ADDRESS", f"127.0.0.1:{port}")
    assert main(argv) == 2
    assert f"cannot reach the Ray cluster at RAY_ADDRESS=127.0.0.1:{port}" in _one_error_line(capsys)
    assert main(argv + ["--ray-address", "headnode"]) == 2
    assert "--ray-address headnode is not an address" in _one_error_line(capsys)
    assert not (tmp_path / "out").exists()


def test_without_ray_the_error_names_the_extra(tmp_path, capsys, monkeypatch):
    src = make_input(tmp_path)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "ray"]) == 2
    assert "--engine ray needs Ray Data" in (line := _one_error_line(capsys)) and "pip install 'tolka[ray]'" in line


def test_engine_options_belong_to_their_engine(tmp_path, capsys):
    src = make_input(tmp_path)
    argv = ["batch", str(src), "-o", str(tmp_path / "out")]
    assert main(argv + ["--workers", "2"]) == 2
    assert "--workers is for --engine ray" in _one_error_line(capsys)
    assert main(argv + ["--engine", "ray", "--jobs", "2"]) == 2
    assert "--jobs is for --engine local" in _one_error_line(capsys)
    with pytest.raises(SystemExit):
        main(argv + ["--engine", "ray", "--gpus-per-worker", "-1"])
    assert "--gpus-per-worker" in capsys.readouterr().err


def test_importing_tolka_imports_neither_ray_nor_pyarrow():
    code = (
        "import sys, translate, translate.cli, translate.cli.cmd_batch, translate.batch, translate.raybatch, translate.pipeline\n"
        "from translate.cli import build_parser; build_parser()\n"
        "print(sorted(m for m in ('ray', 'pyarrow') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_ray_fails_in_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    """The Ray tests must run in CI: there a missing Ray is a failure, not a quiet skip."""
    monkeypatch.setenv("CI", ci)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    # both caught here: a skip escaping the test would only mark it skipped
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception), match="tolka.ray.") as raised:
        need_module("ray", "the Ray engine needs Ray (pip install 'tolka[ray]')")
    assert raised.type is outcome

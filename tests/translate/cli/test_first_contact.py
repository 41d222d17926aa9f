"""First contact: the README's two commands, its first code example, and the offline fallback
of the bundled example -- run as a new user would, in fresh processes without a model hub."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from translate.cli.common import example_article
from translate.memory import Memory
from translate.pipeline import translate_article

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README, re.S | re.M)


def _offline_env(tmp_path: Path) -> dict[str, str]:
    """No hub, and an empty Hugging Face cache: a machine that never downloaded the model."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf"), TOLKA_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("TRANSFORMERS_CACHE", None)
    env.pop("HF_HUB_CACHE", None)
    return env


def _tolka(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "translate", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def _expected_example() -> str:
    memory = Memory.load(ROOT / "translate" / "data" / "example.memory.tsv")
    return translate_article(example_article(), memory=memory, translator=None).translated_text()


def test_readme_opens_with_exactly_two_commands_and_ci_runs_the_second():
    assert README.startswith("# tolka\n\n```sh\n")  # nothing before the commands but the title
    lines = [line for line in _blocks("sh")[0].splitlines() if line.strip()]
    assert len(lines) == 2, lines
    main_job, tests = lines
    assert main_job.startswith("pip install") and main_job.endswith("&& tolka translate")
    assert 'pip install -e ".[test]"' in tests and tests.endswith("&& python -m pytest -q")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci  # CI runs the README's line, as written


def test_the_main_job_works_offline_from_the_bundled_memory_and_says_so_once(tmp_path):
    main_job = _blocks("sh")[0].splitlines()[0]
    command = main_job.rsplit("&&", 1)[1].split()  # after the installs: `tolka translate`
    assert command == ["tolka", "translate"]
    done = _tolka(command[1:], _offline_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == _expected_example()
    (line,) = done.stderr.splitlines()
    assert line.startswith("tolka: note: ") and "bundled memory" in line and "--model /path/to/local/folder" in line


def test_an_article_of_ones_own_still_ends_in_the_one_line_error(tmp_path):
    article = tmp_path / "artikel.sv.txt"
    article.write_text("Regeringen höjer skatten på bensin.\n", encoding="utf-8")
    done = _tolka(["translate", str(article), "-o", str(tmp_path / "out.txt")], _offline_env(tmp_path))
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("tolka: error: ") and "--model /path/to/local/folder" in line
    assert not (tmp_path / "out.txt").exists()


def test_the_readmes_first_code_example_runs_as_written_in_a_fresh_clone(tmp_path):
    code = _blocks("python")[0]
    done = subprocess.run([sys.executable, "-c", code], env=_offline_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(_expected_example())
    assert "0 sv memory Eldrivna pendelbåtar" in done.stdout
    assert done.stderr == ""


def test_the_sacremoses_notice_never_reaches_the_user(tiny_model_dir, tmp_path):
    """MarianTokenizer warns about sacremoses whenever one is made, also when one is copied or
    unpickled -- outside the block that loads it.  With warnings shown always, nothing may say so."""
    code = (
        "import copy, pickle, sys\n"
        "from translate.backends.marian import load_tokenizer\n"
        f"tok = load_tokenizer({str(tiny_model_dir)!r})\n"
        "copy.deepcopy(tok); pickle.loads(pickle.dumps(tok))\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", code], env=_offline_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
    assert "sacremoses" not in done.stderr


def test_no_fallback_note_when_the_memory_is_given(tmp_path):
    done = _tolka(["translate", "--memory", "translate/data/example.memory.tsv"], _offline_env(tmp_path))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout == _expected_example()


def test_no_fallback_when_the_model_is_there(tiny_model_dir, capsys):
    from translate.cli import main

    assert main(["translate", "--model", str(tiny_model_dir), "--backend", "transformers", "--device", "cpu"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out != _expected_example()  # the (random) model translated it

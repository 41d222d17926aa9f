"""The promises the README makes about setting up and testing tolka."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.match(r"# tolka\n\n```sh\n[^\n]+\n([^\n]+)\n```", readme)
    assert m, "README must open with the two commands, the tests second"
    ci_lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert ci_lines[-1] == m.group(1).strip()


def test_ci_installs_the_cpu_torch_pin_before_the_project():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("torch==2.13.0") < ci.index('-e ".[dev]"')


def test_ci_checks_layers_lint_and_types_before_the_tests():
    ci = [ln.split("#")[0].strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    (tests,) = [k for k, ln in enumerate(ci) if ln.endswith("python -m pytest -q")]  # the README's test command
    for step in ("lint-imports", "ruff check .", "ruff format --check .", "mypy translate alignments"):
        assert ci.index(step) < tests, step
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    tools = " ".join(extras["dev"])
    assert "tolka[test]" in extras["dev"] and all(t in tools for t in ("import-linter", "ruff", "mypy"))
    for pkg in ("translate", "alignments"):
        assert (ROOT / pkg / "py.typed").exists()


def test_console_script_and_top_level_packages():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["scripts"]["tolka"] == "translate.cli:main"
    assert meta["project"]["requires-python"] == ">=3.11"
    for pkg in ("translate", "alignments"):
        assert (ROOT / pkg / "__init__.py").exists()
    # every dependency is pinned to a tested range, never open-ended
    for dep in meta["project"]["dependencies"]:
        assert "<" in dep, f"{dep} has no upper bound"

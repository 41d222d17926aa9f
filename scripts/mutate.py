#!/usr/bin/env python3
"""Make small deliberate bugs, one at a time, and report whether the tests catch each.

Each mutation below names a snippet of product code, what to put in its place, and the test files
that should notice.  The snippet is looked up in every ``.py`` file under ``translate/`` and
``alignments/`` and must occur exactly once there, so a mutation still applies after code moves
between files; one whose snippet is gone is reported as ``stale`` (update or drop it).  Test files
are found by name anywhere under ``tests/``.

The work happens in a copy of the repository (tracked and untracked files, as ``git ls-files``
lists them) in a temporary folder, imported ahead of any installed copy: the working tree is
never touched.  Each mutation runs its tests with ``pytest -x``; ``caught`` means a test failed,
``NOT CAUGHT`` that all passed.  First the selected tests run once unmutated: they must pass, or
nothing they say about mutations means anything.

    python scripts/mutate.py                 # every mutation, with its tests
    python scripts/mutate.py --list          # names and what each breaks
    python scripts/mutate.py batch-memory segmenter-t.ex   # some of them
    python scripts/mutate.py --full          # run the whole suite for each mutation (slow)

Exit status 0 when every mutation applied was caught.  Not part of CI: each mutation costs a test
run (the whole list takes several minutes on two cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("translate", "alignments")


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str  # the bug, in words
    old: str  # a snippet of product code, found exactly once
    new: str
    tests: tuple[str, ...]  # test file names


M = Mutation
BATCH_RESUME = ("test_batch_resume_settings.py",)
CLI_OPTIONS = ("test_cli_options_reach_translator.py",)
INVARIANTS = ("test_invariants.py",)
HOSTILE = ("test_export_html_hostile.py",)
ABBREVIATIONS = ("test_segmenter_abbreviations.py",)

MUTATIONS: list[Mutation] = [
    # 1. batch resume: everything that changes an output is in the settings hash
    M("batch-memory", "the global memory's content left out of the batch settings", '"memory": memory,', '"memory": None,', BATCH_RESUME),
    M(
        "batch-memory-source",
        "the global memory's file name left out of the batch settings",
        'source = memory.source or ""',
        'source = ""',
        BATCH_RESUME,
    ),
    M(
        "batch-model-fingerprint",
        "the model's identity (hub commit or folder hash) left out of the batch settings",
        '"identity": self.identity, "generation"',
        '"identity": None, "generation"',
        BATCH_RESUME,
    ),
    M(
        "batch-folder-content",
        "the model folder's hash ignores what its files hold (names only)",
        "                h.update(block)",
        "                pass",
        BATCH_RESUME,
    ),
    M(
        "batch-generation",
        "the generation settings (beams, ...) left out of the batch settings",
        '"generation": self.settings.key()}',
        '"generation": None}',
        BATCH_RESUME,
    ),
    M(
        "batch-compute-type",
        "compute type left out of the model identity",
        "return f\"{model_identity}|{backend}|{device}|{compute_type or 'default'}\"",
        'return f"{model_identity}|{backend}|{device}"',
        BATCH_RESUME,
    ),
    M(
        "batch-backend",
        "backend left out of the model identity",
        "return f\"{model_identity}|{backend}|{device}|{compute_type or 'default'}\"",
        "return f\"{model_identity}|{device}|{compute_type or 'default'}\"",
        BATCH_RESUME,
    ),
    M("batch-metrics", "metrics left out of the batch settings", '"metrics": list(metrics),', '"metrics": [],', BATCH_RESUME),
    M(
        "batch-encoding",
        "encoding left out of the batch settings",
        '"encoding": encoding,\n    }',
        '"encoding": None,\n    }',
        BATCH_RESUME,
    ),
    M(
        "batch-jobs-setting",
        "something that differs between runs (like the worker count) becomes a setting",
        '"encoding": encoding,\n    }',
        '"encoding": encoding, "run": __import__("time").time_ns(),\n    }',
        BATCH_RESUME,
    ),
    M("batch-exports", "exports left out of the batch settings", '"exports": list(exports),', '"exports": [],', BATCH_RESUME),
    M(
        "batch-reference-input",
        "an article's reference.en.txt is not one of its inputs",
        "INPUTS = (ARTICLE, REFERENCE, MEMORY, MEMORY_TMX)",
        "INPUTS = (ARTICLE, MEMORY, MEMORY_TMX)",
        BATCH_RESUME,
    ),
    M(
        "batch-memory-input",
        "an article's memory.tsv is not one of its inputs",
        "INPUTS = (ARTICLE, REFERENCE, MEMORY, MEMORY_TMX)",
        "INPUTS = (ARTICLE, REFERENCE, MEMORY_TMX)",
        BATCH_RESUME,
    ),
    M(
        "batch-memory-tmx-input",
        "an article's memory.tmx is not one of its inputs",
        "INPUTS = (ARTICLE, REFERENCE, MEMORY, MEMORY_TMX)",
        "INPUTS = (ARTICLE, REFERENCE, MEMORY)",
        BATCH_RESUME,
    ),
    # 2. CLI model options reach the Translator
    M("cli-beams", "--beams never reaches the Translator", "beams=args.beams,", "beams=None,", CLI_OPTIONS),
    M("cli-batch-size", "--batch-size never reaches the Translator", "batch_size=args.batch_size,", "batch_size=16,", CLI_OPTIONS),
    M(
        "cli-compute-type",
        "--compute-type never reaches the Translator",
        "compute_type=args.compute_type,",
        "compute_type=None,",
        CLI_OPTIONS,
    ),
    M("cli-device", "--device never reaches the Translator", "device=args.device,", 'device="auto",', CLI_OPTIONS),
    M(
        "translator-batch-size",
        "the Translator ignores its batch size",
        "batches = _batches(order, lambda p: settings.length_class(lengths[p]), self.batch_size)",
        "batches = _batches(order, lambda p: settings.length_class(lengths[p]), 16)",
        CLI_OPTIONS,
    ),
    M(
        "align-own-translator",
        "`tolka align --model` builds its Translator from --model alone",
        'translator = make_translator(argparse.Namespace(**{**vars(args), "model": args.model or DEFAULT_MODEL}))',
        "from ..translator import Translator; translator = Translator(args.model or DEFAULT_MODEL)",
        CLI_OPTIONS,
    ),
    M(
        "quotes-own-translator",
        "`tolka quotes` builds its Translator from --model alone",
        "doc = translate_documents([doc], translator=make_translator(args), memory=memory)[0]\n    doc = link_quotes",
        "from ..translator import Translator\n        doc = translate_documents([doc], translator=Translator(args.model), memory=memory)[0]\n    doc = link_quotes",
        CLI_OPTIONS,
    ),
    # 3. HTML escaping outside the sentences
    M(
        "html-links-box",
        "the 'Retold in' box text is not escaped",
        """f'{_e(text)}</a> <span class="score">retells""",
        """f'{text}</a> <span class="score">retells""",
        HOSTILE,
    ),
    M("html-flags-box", "the flags box text is not escaped", ": {_bdi(flag_text(f))}</li>", ": {flag_text(f)}</li>", HOSTILE),
    M("html-score-name", "document score names are not escaped", "<dt>{_bdi(name)}</dt>", "<dt>{name}</dt>", HOSTILE),
    M("html-signature", "score signatures are not escaped", 'title="{_e(detail)}"', 'title="{detail}"', HOSTILE),
    M(
        "html-summary",
        "the summary line (model name) is not escaped",
        'f" · model {_iso(self.doc.model)}"',
        'f" · model {self.doc.model}"',
        HOSTILE,
    ),
    M("html-title", "the page title is not escaped", "<h1>{_bdi(self.title())}</h1>", "<h1>{self.title()}</h1>", HOSTILE),
    M("html-stem", "the file name (stem) is not escaped", 'aria-label="{_e(self.stem)}"', 'aria-label="{self.stem}"', HOSTILE),
    M(
        "html-tooltip",
        "a sentence's tooltip (flags, score names) is not escaped",
        'bits += [f"⚑ {_iso(flag_text(f))}" for f in seg.flags]',
        'bits += [f"⚑ {flag_text(f)}" for f in seg.flags]',
        HOSTILE,
    ),
    M(
        "index-name",
        "article names on the batch index are not escaped",
        '<td><a href="{href}">{_e(name)}</a></td>',
        '<td><a href="{href}">{name}</a></td>',
        HOSTILE,
    ),
    M(
        "index-error",
        "error messages on the batch index are not escaped",
        'failed: {_e(row.get("error") or "")}',
        'failed: {row.get("error") or ""}',
        HOSTILE,
    ),
    M(
        "index-clean",
        "the batch index skips the control-character policy",
        "def _e(text: Any) -> str:\n    return escape(clean_xml(str(text)), quote=True)",
        "def _e(text: Any) -> str:\n    return escape(str(text), quote=True)",
        HOSTILE,
    ),
    # 4. invariants: cache keys, atomic writes, significance
    M(
        "key-drops-a-setting",
        "the generation settings' key leaves out one field",
        'return ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))',
        'return ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()) if k != "no_repeat_ngram_size")',
        INVARIANTS,
    ),
    M(
        "key-drops-precision",
        "the model identity leaves out the precision",
        "return f\"{model_identity}|{backend}|{device}|{compute_type or 'default'}\"",
        'return f"{model_identity}|{backend}|{device}"',
        INVARIANTS,
    ),
    M(
        "key-drops-settings",
        "the cache key leaves out the generation settings",
        "for part in (identity, settings_key, sentence):",
        "for part in (identity, sentence):",
        INVARIANTS,
    ),
    M(
        "translator-ignores-beams",
        "the Translator decodes (and caches) with the default beam size whatever it is given",
        "self._settings = GenerationSettings(beams=beams)",
        "self._settings = GenerationSettings()",
        INVARIANTS + CLI_OPTIONS,
    ),
    M(
        "key-raw-compute-type",
        "the cache identity uses the compute type as typed (None and float32 differ)",
        'return device, self.compute_type if self.compute_type not in (None, "default", "auto") else default_compute_type(device)',
        "return device, self.compute_type",
        INVARIANTS,
    ),
    M(
        "write-not-atomic",
        "atomic_writer writes the destination directly",
        "    fd, tmp = _open_temp(target)",
        "    tmp = target; fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)",
        INVARIANTS,
    ),
    M(
        "export-not-atomic",
        "export_document writes its files directly",
        "            write_bytes_atomic(out / name, data)",
        "            (out / name).write_bytes(data)",
        INVARIANTS,
    ),
    M(
        "emit-not-atomic",
        "`-o` outputs are written directly",
        "            write_output(out, text)",
        "            Path(out).write_text(text if isinstance(text, str) else ''.join(text), encoding='utf-8')",
        INVARIANTS,
    ),
    M(
        "batch-keeps-partial-exports",
        "a failed article keeps the exports written before the failure",
        "for p in {*written, *(out / n for n in names)}:",
        "for p in written:",
        INVARIANTS,
    ),
    M(
        "significance-sacrebleu-ties",
        "p-values count only larger differences (sacrebleu's rule)",
        "c = int(np.sum(stats >= real_difference - tol))",
        "c = int(np.sum(stats > real_difference))",
        INVARIANTS,
    ),
    M(
        "significance-baseline-ignored",
        "both paired tests compare the system with itself, not the baseline",
        '[("baseline", list(baseline)), ("system", list(hyps))]',
        '[("baseline", list(hyps)), ("system", list(hyps))]',
        INVARIANTS,
    ),
    # 5. segmenter abbreviations
    M("segmenter-t.ex", "'t.ex' dropped from the Swedish abbreviations", '"t.ex", "bl.a", ', '"bl.a", ', ABBREVIATIONS),
    M("segmenter-bl.a", "'bl.a' dropped from the Swedish abbreviations", '"t.ex", "bl.a", ', '"t.ex", ', ABBREVIATIONS),
    M("segmenter-en-mr", "'mr' dropped from the English abbreviations", '"mr", "mrs", "ms", "mx",', '"mrs", "ms", "mx",', ABBREVIATIONS),
    M(
        "segmenter-final-jr",
        "'jr' dropped from the English abbreviations that may end a sentence",
        '"inc", "ltd", "co", "corp", "plc", "llc", "jr", "sr",',
        '"inc", "ltd", "co", "corp", "plc", "llc", "sr",',
        ABBREVIATIONS,
    ),
    M(
        "segmenter-months",
        "a month abbreviation before a day ends the sentence",
        "if (low in _NUMERIC[lang] or low in _MONTHS[lang]) and first.isdigit():",
        "if low in _NUMERIC[lang] and first.isdigit():",
        ABBREVIATIONS,
    ),
    # 6. quote-link distance
    M(
        "quotes-no-distance",
        "no preference for nearby sentences",
        "DISTANCE_PENALTY = 0.03",
        "DISTANCE_PENALTY = 0.0",
        ("test_quotes_distance.py",),
    ),
    M(
        "quotes-distance-counts-quote-paragraphs",
        "quote paragraphs count in the distance",
        "ranks[p] = rank + 0.5  # between the paragraph before and the one after",
        "rank += 1; ranks[p] = rank",
        ("test_quotes_distance.py",),
    ),
    # hollow tests made to assert something
    M(
        "flags-repetition-ignores-source",
        "a repeat is flagged even where the source repeats itself",
        "    if _adjacent_repeats(st) or _loops(st):\n        return []",
        "    if False:\n        return []",
        ("test_evaluate_fidelity.py",),
    ),
    M(
        "quotes-distance-too-strong",
        "the distance preference outweighs a clearly better rendering",
        "DISTANCE_PENALTY = 0.03",
        "DISTANCE_PENALTY = 0.3",
        ("test_quotes_distance.py",),
    ),
    M(
        "pipeline-translates-passthrough",
        "English quotes are sent to the model too",
        "        pending.extend(seg for seg in doc.segments if seg.needs_mt)",
        "        pending.extend(seg for seg in doc.segments if seg.needs_mt or seg.lang == 'en')",
        ("test_pipeline.py",),
    ),
    M(
        "report-wrong-p",
        "the text report prints the bootstrap p-value in the AR column",
        "{r['approximate_randomization']['p_value']:>8.4f}",
        "{bs['p_value']:>8.4f}",
        ("test_evaluate_report.py", "test_evaluate_cli.py"),
    ),
    M(
        "batch-article-memory-origin",
        "an article's own memory hits are counted as MT",
        'seg.translation, seg.origin = hit, "memory"',
        'seg.translation, seg.origin = hit, "mt"',
        ("test_batch.py",),
    ),
]


def _product_files(root: Path) -> list[Path]:
    return [p for pkg in PACKAGES for p in sorted((root / pkg).rglob("*.py"))]


def locate(m: Mutation, root: Path) -> tuple[Path | None, str]:
    """The one file holding ``m.old``, or None and why not."""
    hits = [(p, p.read_text(encoding="utf-8").count(m.old)) for p in _product_files(root)]
    hits = [(p, n) for p, n in hits if n]
    if not hits:
        return None, "snippet not found"
    if len(hits) > 1 or hits[0][1] > 1:
        return None, "snippet found more than once: " + ", ".join(f"{p.relative_to(root)} ({n})" for p, n in hits)
    return hits[0][0], ""


def find_tests(root: Path, names: tuple[str, ...]) -> list[str]:
    found = []
    for name in names:
        paths = sorted((root / "tests").rglob(name))
        if not paths:
            raise SystemExit(f"mutate: test file {name} not found under {root / 'tests'}")
        found += [str(p.relative_to(root)) for p in paths]
    return found


def make_copy(dest: Path) -> Path:
    """The repository's files (tracked and untracked, not ignored) under ``dest/<name>``."""
    listing = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\0")
    )
    repo = dest / ROOT.name
    for rel in filter(None, listing):
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    shared = ROOT.parent / "shared"
    if shared.exists():  # tests that read ../shared find it beside the copy too
        (dest / "shared").symlink_to(shared.resolve())
    return repo


def _env(repo: Path) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = os.pathsep.join([str(repo), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_tests(repo: Path, tests: list[str], timeout: float) -> tuple[str, float]:
    """``passed``, ``failed``, ``error`` (pytest could not run them) or ``timeout``; and seconds."""
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header", *tests]
    try:
        proc = subprocess.run(cmd, cwd=repo, env=_env(repo), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - t0
    status = {0: "passed", 1: "failed"}.get(proc.returncode, "error")
    return status, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="mutations to run (default: all)")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    ap.add_argument("--full", action="store_true", help="run the whole suite for each mutation, not only its tests")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per test run (default 900; a timeout counts as caught)")
    args = ap.parse_args(argv)

    chosen = MUTATIONS
    if args.names:
        known = {m.name: m for m in MUTATIONS}
        unknown = [n for n in args.names if n not in known]
        if unknown:
            print(f"mutate: unknown mutation(s): {', '.join(unknown)} (see --list)", file=sys.stderr)
            return 2
        chosen = [known[n] for n in args.names]
    if args.list:
        for m in chosen:
            where, why = locate(m, ROOT)
            place = where.relative_to(ROOT) if where else f"STALE: {why}"
            print(f"{m.name:<40} {m.what}  [{place}; {', '.join(m.tests)}]")
        return 0

    # SIGTERM ends the run like Ctrl-C, so the temporary copy is removed
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with tempfile.TemporaryDirectory(prefix="tolka-mutate-") as tmp:
        repo = make_copy(Path(tmp))
        probe = subprocess.run(
            [sys.executable, "-c", "import translate; print(translate.__file__)"], cwd=repo, env=_env(repo), capture_output=True, text=True
        )
        if not probe.stdout.strip().startswith(str(repo)):
            print(f"mutate: the copy is not what Python imports ({probe.stdout.strip() or probe.stderr.strip()})", file=sys.stderr)
            return 2
        groups = sorted({t for m in chosen for t in m.tests})
        baseline_tests = ["tests"] if args.full else find_tests(repo, tuple(groups))
        status, secs = run_tests(repo, baseline_tests, args.timeout)
        print(f"unmutated: {len(baseline_tests)} test file(s) {status} in {secs:.0f} s")
        if status != "passed":
            print("mutate: the tests fail without any mutation; fix that first", file=sys.stderr)
            return 2
        results = []
        for m in chosen:
            where, why = locate(m, repo)
            if where is None:
                results.append((m, f"stale ({why})", 0.0))
                print(f"{m.name:<40} stale: {why}", flush=True)
                continue
            original = where.read_text(encoding="utf-8")
            where.write_text(original.replace(m.old, m.new, 1), encoding="utf-8")
            try:
                tests = ["tests"] if args.full else find_tests(repo, m.tests)
                status, secs = run_tests(repo, tests, args.timeout)
            finally:
                where.write_text(original, encoding="utf-8")
            verdict = {"failed": "caught", "timeout": "caught (timeout)", "passed": "NOT CAUGHT", "error": "error (tests did not run)"}[
                status
            ]
            results.append((m, verdict, secs))
            print(f"{m.name:<40} {verdict:<18} {secs:5.0f} s  {m.what}", flush=True)

    caught = sum(v.startswith("caught") for _, v, _ in results)
    print(
        f"\n{caught} of {len(results)} mutations caught"
        + "".join(f"\n  {v}: {m.name} ({m.what})" for m, v, _ in results if not v.startswith("caught"))
    )
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())

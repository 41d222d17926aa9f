"""`tolka batch` resume: every input that changes an article's outputs redoes it, and nothing else does.

An article is up to date when its manifest's input hash (its own files and the run's settings)
matches.  What that hash must cover, and the scope of a change:

* an article's own files (``article.sv.txt``, ``reference.en.txt``, ``memory.tsv``/``.tmx``):
  that article only;
* run-wide settings (the global memory's content and file, the model id or folder content,
  backend, beams, compute type, metrics, encoding, exports): every article, since any of them
  may change what any article's outputs hold;
* nothing else: ``--batch-size``, ``--jobs``, ``--no-cache``, ``--progress``, files in an article
  folder that are not inputs, and touching a file without changing it redo nothing.

``--batch-size`` is a speed setting here, as it is for the translation cache (whose key leaves it
out, so a rerun with another batch size is served the same translations from the cache anyway).
Padding does not change what a sentence decodes to (its attention is masked); what can is the
length cap, ``max_new_tokens``, which the backends set per batch from its longest input, so a
translation that runs into the cap (a babbling one) may differ with the batch it lands in.  That
depends on the other sentences of the run as much as on the batch size, so keying on the batch
size could not make it reproducible; the random test model, which babbles to the cap on every
sentence, shows it (see :func:`test_batch_size_changes_only_translations_cut_at_the_length_cap`).

Which articles a rerun redid is read from their manifests: before the rerun each manifest gets an
extra key, and a redone article's fresh manifest lacks it (no timing, no mtimes).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from translate.cli import main

# Our own short articles.  The memory-covered ones are plain ASCII, so that --encoding changes
# only the article that is not (PLAIN), not the global memory's content.
PLAIN = "Älgjakten börjar i september. Jägarna hoppas på ett bättre år än förra hösten.\n"
COVERED = "Det regnar i Lund i dag. Solen kommer tillbaka i morgon.\n"
OWN = "Bussen till Malmo var sen igen. Resenarerna fick vanta i en timme.\n"
SCORED = "Skolan i Kiruna flyttar till en ny plats. Bygget startar nasta ar.\n"
SCORED_REF = "The school in Kiruna moves to a new site. Construction starts next year.\n"
ARTICLES = {"plain": PLAIN, "covered": COVERED, "own": OWN, "scored": SCORED}
ALL = set(ARTICLES)

GLOBAL_MEMORY = {
    "Det regnar i Lund i dag.": "It is raining in Lund today.",
    "Solen kommer tillbaka i morgon.": "The sun returns tomorrow.",
    "Bussen till Malmo var sen igen.": "The bus to Malmo was late again.",
    "Resenarerna fick vanta i en timme.": "The passengers had to wait an hour.",
    "Skolan i Kiruna flyttar till en ny plats.": "The school in Kiruna is moving to a new site.",
    "Bygget startar nasta ar.": "Construction starts next year.",
}
OWN_MEMORY = "Bussen till Malmo var sen igen.\tThe Malmo bus was late once more.\n"
PROBE = "resume-probe"


def write_memory(path: Path, pairs: dict[str, str]) -> Path:
    path.write_text("".join(f"{sv}\t{en}\n" for sv, en in pairs.items()), encoding="utf-8")
    return path


def copy_model(tiny_model_dir: Path, dest: Path) -> Path:
    shutil.copytree(tiny_model_dir, dest)
    return dest


class Setup:
    """IN, the global memory, a private copy of the tiny model, OUT, and the command line."""

    def __init__(self, root: Path, tiny_model_dir: Path):
        self.root = root
        self.src = root / "in"
        for name, text in ARTICLES.items():
            (self.src / name).mkdir(parents=True)
            (self.src / name / "article.sv.txt").write_text(text, encoding="utf-8")
        (self.src / "own" / "memory.tsv").write_text(OWN_MEMORY, encoding="utf-8")
        (self.src / "scored" / "reference.en.txt").write_text(SCORED_REF, encoding="utf-8")
        self.memory = write_memory(root / "memory.tsv", GLOBAL_MEMORY)
        self.model = copy_model(tiny_model_dir, root / "model")
        self.out = root / "out"

    def argv(self, *extra: str, model: Path | str | None = None, memory: Path | None = None) -> list[str]:
        return [
            "batch",
            str(self.src),
            "-o",
            str(self.out),
            "--model",
            str(model or self.model),
            "--backend",
            "transformers",
            "--device",
            "cpu",
            "--memory",
            str(memory or self.memory),
            "--export",
            "html",
            *extra,
        ]

    def run(self, *extra: str, **kw) -> None:
        assert main(self.argv(*extra, **kw)) == 0

    def mark(self) -> None:
        """Tag every manifest; a rerun that redoes an article writes a fresh one without the tag."""
        for name in ARTICLES:
            p = self.out / name / "manifest.json"
            data = json.loads(p.read_text(encoding="utf-8"))
            data[PROBE] = True
            p.write_text(json.dumps(data), encoding="utf-8")

    def redone(self) -> set[str]:
        return {n for n in ARTICLES if PROBE not in json.loads((self.out / n / "manifest.json").read_text(encoding="utf-8"))}

    def english(self, name: str) -> str:
        return (self.out / name / "translation.en.txt").read_text(encoding="utf-8")

    def output(self, name: str, file: str) -> str:
        return (self.out / name / file).read_text(encoding="utf-8")


@pytest.fixture
def setup(tmp_path, tiny_model_dir):
    s = Setup(tmp_path, tiny_model_dir)
    s.run()
    assert ALL == {p.parent.name for p in s.out.glob("*/manifest.json")}
    s.mark()
    return s


def test_the_probe_sees_a_forced_rerun_and_an_unchanged_one(setup):
    setup.run()
    assert setup.redone() == set()
    setup.run("--force")
    assert setup.redone() == ALL


# -- run-wide inputs: every article is redone -----------------------------------------------------


def test_editing_the_global_memory_redoes_every_article_and_uses_the_new_english(setup):
    """The regression this file was written for: a changed --memory file was reported up to date."""
    assert "It is raining in Lund today." in setup.english("covered")
    write_memory(setup.memory, {**GLOBAL_MEMORY, "Det regnar i Lund i dag.": "Rain falls on Lund today."})
    setup.run()
    assert setup.redone() == ALL
    assert "Rain falls on Lund today." in setup.english("covered")


def test_the_global_memory_file_path_is_an_input(setup, tmp_path):
    """document.json records where the memory came from, so the same pairs from another file redo."""
    moved = write_memory(tmp_path / "elsewhere.tsv", GLOBAL_MEMORY)
    setup.run(memory=moved)
    assert setup.redone() == ALL
    assert json.loads(setup.output("covered", "document.json"))["meta"]["memory"] == str(moved)


def test_another_model_folder_redoes_every_article(setup, tmp_path):
    from translate.testing import build_random_marian

    other = build_random_marian(tmp_path / "other-model", seed=1)
    before = setup.english("plain")
    setup.run(model=other)
    assert setup.redone() == ALL
    assert setup.english("plain") != before
    assert json.loads(setup.output("covered", "document.json"))["model"] == str(other)


def test_the_model_as_given_is_an_input(setup):
    """document.json records --model as given, so another spelling of the same folder redoes."""
    respelled = f"{setup.model}{os.sep}"  # a str: a Path would drop the separator
    setup.run(model=respelled)
    assert setup.redone() == ALL
    assert json.loads(setup.output("covered", "document.json"))["model"] == respelled


def test_new_weights_in_the_same_model_folder_redo_every_article(setup):
    from translate.testing import build_random_marian

    before = setup.english("plain")
    build_random_marian(setup.model, seed=2)  # same folder, same file names, other weights
    setup.run()
    assert setup.redone() == ALL
    assert setup.english("plain") != before


@pytest.mark.parametrize(
    "option",
    [
        ["--beams", "3"],  # the model's generation_config says 2
        ["--compute-type", "bfloat16"],
        ["--metrics", "bleu"],
        ["--encoding", "latin-1"],
        ["--export", "tmx"],  # --export extends: html and tmx
    ],
    ids=lambda o: o[0],
)
def test_a_changed_run_setting_redoes_every_article(setup, option):
    plain_before = setup.english("plain")
    scores_before = setup.output("scored", "scores.json")
    setup.run(*option)
    assert setup.redone() == ALL
    # ...and the outputs show the setting
    if option[0] in ("--beams", "--compute-type", "--encoding"):
        assert setup.english("plain") != plain_before
    if option[0] == "--metrics":
        assert setup.output("scored", "scores.json") != scores_before
        assert set(json.loads(setup.output("scored", "scores.json"))["scores"]) >= {"bleu"}
        assert "chrf" not in json.loads(setup.output("scored", "scores.json"))["scores"]
    if option[0] == "--export":
        assert all((setup.out / n / "article.tmx").is_file() for n in ARTICLES)


def test_another_backend_redoes_every_article(setup):
    pytest.importorskip("ctranslate2", reason="ctranslate2 is part of the test extra: pip install -e '.[test]'")
    # The same precision as the first run's (transformers on a CPU: float32), so only the backend differs.
    argv = [*setup.argv(), "--compute-type", "float32"]
    argv[argv.index("transformers")] = "ctranslate2"
    assert main(argv) == 0
    assert setup.redone() == ALL


# -- an article's own inputs: that article only ---------------------------------------------------


def test_editing_an_articles_own_memory_redoes_only_that_article(setup):
    assert "The Malmo bus was late once more." in setup.english("own")
    (setup.src / "own" / "memory.tsv").write_text("Bussen till Malmo var sen igen.\tThe bus was late.\n", encoding="utf-8")
    setup.run()
    assert setup.redone() == {"own"}
    assert "The bus was late." in setup.english("own")


def test_adding_or_removing_an_articles_own_memory_redoes_only_that_article(setup):
    (setup.src / "covered" / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="sv"/><body>'
        '<tu><tuv xml:lang="sv"><seg>Det regnar i Lund i dag.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Wet day in Lund.</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    setup.run()
    assert setup.redone() == {"covered"}
    assert "Wet day in Lund." in setup.english("covered")
    setup.mark()
    (setup.src / "own" / "memory.tsv").unlink()
    setup.run()
    assert setup.redone() == {"own"}
    assert "The bus to Malmo was late again." in setup.english("own")


def test_reference_changes_redo_only_that_article(setup):
    before = setup.output("scored", "scores.json")
    (setup.src / "scored" / "reference.en.txt").write_text("The school moves.\n", encoding="utf-8")
    setup.run()
    assert setup.redone() == {"scored"}
    assert setup.output("scored", "scores.json") != before

    setup.mark()
    (setup.src / "covered" / "reference.en.txt").write_text("It rains in Lund today. The sun returns tomorrow.\n", encoding="utf-8")
    setup.run()
    assert setup.redone() == {"covered"}
    assert (setup.out / "covered" / "scores.json").is_file()

    setup.mark()
    (setup.src / "scored" / "reference.en.txt").unlink()
    setup.run()
    assert setup.redone() == {"scored"}
    assert not (setup.out / "scored" / "scores.json").exists()


def test_editing_an_article_redoes_only_that_article(setup):
    (setup.src / "plain" / "article.sv.txt").write_text(PLAIN + "\nDet regnar i Lund i dag.\n", encoding="utf-8")
    setup.run()
    assert setup.redone() == {"plain"}
    assert "It is raining in Lund today." in setup.english("plain")


# -- nothing else -----------------------------------------------------------------------------------


def test_settings_that_do_not_change_outputs_redo_nothing(setup):
    for option in (["--batch-size", "1"], ["--jobs", "2"], ["--no-cache"], ["--progress"], ["--metrics", "chrf++,bleu,chrf"]):
        setup.run(*option)
        assert setup.redone() == set(), option


def test_touching_files_or_adding_non_inputs_redoes_nothing(setup):
    for p in [setup.memory, *setup.src.rglob("*.txt"), *setup.src.rglob("*.tsv")]:
        os.utime(p, ns=(p.stat().st_atime_ns + 10**9, p.stat().st_mtime_ns + 10**9))
    (setup.src / "plain" / "notes.md").write_text("not an input\n", encoding="utf-8")
    # the same pairs, in another order: the same memory
    write_memory(setup.memory, dict(reversed(list(GLOBAL_MEMORY.items()))))
    setup.run()
    assert setup.redone() == set()


def test_batch_size_changes_only_translations_cut_at_the_length_cap(tiny_model_dir):
    """Why --batch-size is no setting: batching changes nothing but the per-batch length cap.

    The random model never emits an end token, so every translation runs to the cap; the cap
    comes from the longest input of the batch, so a sentence decoded alone stops sooner than
    beside a longer one.  Cut to the shorter length, the two decodings agree: batching (and its
    padding) did not change what was decoded, only where it was cut off.
    """
    from translate.backends.base import GenerationSettings
    from translate.backends.marian import MarianBackend

    backend = MarianBackend(tiny_model_dir, device="cpu")
    short, long = "Det regnar i Lund.", "Regeringen meddelade i går att skolan i Västerås måste stänga före jul."
    settings = GenerationSettings(beams=1)
    alone = backend.translate_batch([short], settings)[0]
    beside = backend.translate_batch([long, short], settings)[1]
    assert alone != beside  # the cap differs...
    a, b = backend.tokenizer(alone)["input_ids"][:-1], backend.tokenizer(beside)["input_ids"][:-1]
    assert len(a) < len(b) and b[: len(a)] == a  # ...and is the only difference

"""`tolka translate` and `tolka batch` take an article through the same pipeline stages.

The same article, model, memory, reference and settings through both commands give equal documents
(apart from fields naming paths) and byte-identical exports.  The two commands once drifted apart
(fidelity flags and default metrics); this is the guard.
"""

from __future__ import annotations

import json

import pytest

from translate.cli import main

# Our own example prose (never corpus text): a headline, Swedish prose, an English block quote
# and the Swedish sentence that retells it.
ARTICLE = (
    "Hamnen får nya snabbladdade båtar\n\n"
    "Stockholms hamn köper tolv elbåtar för 340 miljoner kronor. Båtarna ska gå i trafik från maj 2026.\n\n"
    "En brittisk tidning skriver att staden blir först i världen med en hel flotta av snabbladdade båtar.\n\n"
    "“Stockholm is about to become the first city in the world to run an entire fleet on batteries.”\n\n"
    "Kommunens trafikdirektör Anna Lind säger att biljetterna inte blir dyrare.\n"
)
REFERENCE = (
    "The port gets new fast-charged boats\n\n"
    "The port of Stockholm is buying twelve electric boats for 340 million kronor. "
    "The boats will enter service in May 2026.\n\n"
    "A British newspaper writes that the city will be the first in the world with a whole fleet of fast-charged boats.\n\n"
    "“Stockholm is about to become the first city in the world to run an entire fleet on batteries.”\n\n"
    "The municipality's traffic director Anna Lind says that tickets will not become more expensive.\n"
)
# The memory covers two sentences; the model translates the rest.
MEMORY = (
    "Båtarna ska gå i trafik från maj 2026.\tThe boats go into service in May 2026.\n"
    "Kommunens trafikdirektör Anna Lind säger att biljetterna inte blir dyrare.\tThe traffic director Anna Lind says tickets stay the same.\n"
)
OTHER = "Båtarna ska gå i trafik från maj 2026.\n"  # a second batch article, all from the memory
FORMATS = ["html", "tmx", "xliff", "tsv", "jsonl"]
SUFFIXES = ["html", "tmx", "xlf", "tsv", "jsonl"]


def _without_paths(doc: dict) -> dict:
    # meta["article"] names the article: the path given to `translate`, the folder name in a batch.
    return {**doc, "meta": {k: v for k, v in doc["meta"].items() if k != "article"}}


@pytest.mark.parametrize("extra", [[], ["--metrics", "bleu,ter"]], ids=["default-metrics", "bleu-ter"])
@pytest.mark.parametrize("with_reference", [True, False], ids=["reference", "no-reference"])
def test_translate_and_batch_write_the_same_article(tmp_path, tiny_model_dir, capsys, with_reference, extra):
    src = tmp_path / "in" / "hamnen"
    src.mkdir(parents=True)
    (src / "article.sv.txt").write_text(ARTICLE, encoding="utf-8")
    if with_reference:
        (src / "reference.en.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "in" / "other").mkdir()
    (tmp_path / "in" / "other" / "article.sv.txt").write_text(OTHER, encoding="utf-8")
    memory = tmp_path / "memory.tsv"
    memory.write_text(MEMORY, encoding="utf-8")
    model = ["--model", str(tiny_model_dir), "--backend", "transformers", "--device", "cpu", "--no-cache", "--memory", str(memory)]

    reference = ["--reference", str(src / "reference.en.txt")] if with_reference else []
    single = tmp_path / "single"
    argv = ["translate", str(src / "article.sv.txt"), "--format", "json", "--export", ",".join(FORMATS), "-o", str(single)]
    assert main(argv + model + reference + extra) == 0, capsys.readouterr().err
    batch = tmp_path / "batch"
    argv = ["batch", str(tmp_path / "in"), "-o", str(batch), "--export", ",".join(FORMATS), "--no-progress"]
    assert main(argv + model + extra) == 0, capsys.readouterr().err

    one = json.loads((single / "article.json").read_text(encoding="utf-8"))
    many = json.loads((batch / "hamnen" / "document.json").read_text(encoding="utf-8"))
    assert _without_paths(one) == _without_paths(many)
    assert {s["origin"] for s in one["segments"]} == {"mt", "memory", "passthrough"}  # every way a sentence goes
    # Both carry the fidelity flags and, with a reference, the same metrics.
    assert "flags" in one["scores"]
    wanted = {"bleu", "ter"} if extra else {"bleu", "chrf", "chrf++"}
    assert {k for k in one["scores"] if k not in ("flags", "alignment")} == (wanted if with_reference else set())
    for suffix in SUFFIXES:
        assert (single / f"article.{suffix}").read_bytes() == (batch / "hamnen" / f"article.{suffix}").read_bytes(), suffix
    assert (batch / "hamnen" / "translation.en.txt").read_text(encoding="utf-8") == _text_output(src, model, reference, extra, capsys)


def _text_output(src, model, reference, extra, capsys) -> str:
    assert main(["translate", str(src / "article.sv.txt"), *model, *reference, *extra]) == 0
    return capsys.readouterr().out

from __future__ import annotations

import json

import pytest

from translate.cli import main

# Our own article: a Swedish story, an English quote it retells, an inline English
# quotation, and an English quote that nothing in the article renders.
PAIRS = [
    ("Hamnen i Göteborg byter kranar", "The port of Gothenburg changes cranes"),
    (
        "Göteborgs hamn byter ut sina dieselkranar mot eldrivna under de kommande tre åren.",
        "The port of Gothenburg is replacing its diesel cranes with electric ones over the next three years.",
    ),
    (
        "Hamnchefen säger att utsläppen från lastningen ska halveras redan nästa år.",
        "The port director says that emissions from loading will be halved as early as next year.",
    ),
    (
        "En brittisk tidning kallade planen ”a model for every port in Europe” i en ledare.",
        'A British newspaper called the plan "a model for every port in Europe" in an editorial.',
    ),
]
QUOTE = "“We expect emissions from our loading operations to fall by half as early as next year,” the port director said."
UNRELATED = "The port of Rotterdam welcomed a record number of cruise ships this summer, the harbour master said."
ARTICLE = f"{PAIRS[0][0]}\n\n{PAIRS[1][0]} {PAIRS[2][0]}\n\n{QUOTE}\n\n{PAIRS[3][0]}\n\n{UNRELATED}\n"


@pytest.fixture
def files(tmp_path):
    article = tmp_path / "hamn.sv.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    memory = tmp_path / "hamn.tsv"
    memory.write_text("".join(f"{sv}\t{en}\n" for sv, en in PAIRS), encoding="utf-8")
    return article, memory


def test_quotes_text_lists_quotes_links_and_inline_quotations(files, capsys):
    article, memory = files
    assert main(["quotes", str(article), "--memory", str(memory)]) == 0
    out = capsys.readouterr().out
    first, second = out.split("Quote 1", 1)[1].split("Quote 2", 1)
    assert "We expect emissions" in first and "sv: Hamnchefen säger" in first and "en: The port director says" in first
    assert "Rotterdam" in second and "no Swedish sentence renders it" in second
    assert "English quotation(s) inside Swedish sentences" in out and "a model for every port in Europe" in out


def test_quotes_json(files, capsys):
    article, memory = files
    assert main(["quotes", str(article), "--memory", str(memory), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    q1, q2 = data["quotes"]
    assert q1["text"] == QUOTE and q2["text"] == UNRELATED
    assert q1["links"][0]["source"] == PAIRS[2][0] and 0 < q1["links"][0]["score"] <= 1
    assert q2["links"] == []
    (inline,) = data["inline_quotes"]
    assert ARTICLE[inline["start"] : inline["end"]] == inline["text"] == "a model for every port in Europe"


def test_quotes_threshold_and_output_file(files, tmp_path, capsys):
    article, memory = files
    out = tmp_path / "quotes.txt"
    assert main(["quotes", str(article), "--memory", str(memory), "--threshold", "1", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text(encoding="utf-8")
    assert "0 link(s)" in text and text.count("no Swedish sentence renders it") == 2


def test_article_without_english_quotes_needs_no_translation(tmp_path, capsys):
    # No memory and no model available: nothing needs translating when there is no quote.
    article = tmp_path / "a.txt"
    article.write_text(f"{PAIRS[1][0]}\n\n{PAIRS[2][0]}\n", encoding="utf-8")
    assert main(["quotes", str(article), "--model", str(tmp_path / "no-model")]) == 0
    assert capsys.readouterr().out.startswith("0 English quote sentence(s)")


def test_quotes_errors(files, tmp_path, capsys):
    article, memory = files
    out = tmp_path / "out.txt"
    assert main(["quotes", str(tmp_path / "missing.txt"), "--memory", str(memory), "-o", str(out)]) == 2
    assert "tolka: error: article not found" in capsys.readouterr().err
    assert not out.exists()
    assert main(["quotes", str(article), "--memory", str(tmp_path / "nope.tsv")]) == 2
    assert "tolka: error:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["quotes", str(article), "--threshold", "1.5"])
    assert e.value.code == 2


def test_inline_quotations_are_listed_with_the_sentence_that_contains_them(files, capsys):
    article, memory = files
    assert main(["quotes", str(article), "--memory", str(memory), "--format", "json"]) == 0
    (inline,) = json.loads(capsys.readouterr().out)["inline_quotes"]
    sentence = PAIRS[3]
    assert (inline["source"], inline["translation"]) == sentence and inline["sentence"] == inline["segment"]
    assert inline["translation"][inline["target_start"] : inline["target_end"]] == inline["text"] and inline["via"] == "memory"
    assert main(["quotes", str(article), "--memory", str(memory)]) == 0
    listing = capsys.readouterr().out.split("inside Swedish sentences", 1)[1]
    assert "kept verbatim (memory)" in listing and f"sv: {sentence[0]}" in listing and "en: A British newspaper" in listing


def test_an_article_with_only_inline_quotations_is_translated_to_show_them(tmp_path, capsys, tiny_model_dir):
    article = tmp_path / "a.txt"
    article.write_text(f"{PAIRS[1][0]}\n\nHamnchefen kallade planen ”a model for every port” på mötet.\n", encoding="utf-8")
    assert main(["quotes", str(article), "--model", str(tiny_model_dir), "--backend", "transformers", "--format", "json"]) == 0
    (inline,) = json.loads(capsys.readouterr().out)["inline_quotes"]
    assert inline["translation"][inline["target_start"] : inline["target_end"]] == "a model for every port"
    assert inline["via"] in ("mask", "pieces") and inline["translation"].count("“a model for every port”") == 1

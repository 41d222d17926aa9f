import json

import pytest

from translate.backends.marian import MarianBackend
from translate.cli import main
from translate.cli.common import example_article
from translate.document import Document
from translate.pipeline import prepare_document

EXAMPLE = example_article()


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.fixture
def model_args(tiny_model_dir):
    return ["--model", str(tiny_model_dir), "--backend", "transformers", "--device", "cpu"]


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_argument_translates_the_bundled_example(capsys, model_args):
    code, out, err = _run(capsys, "translate", *model_args)
    assert code == 0, err
    paras = _paragraphs(out)
    assert len(paras) == len(_paragraphs(EXAMPLE))
    # the English block quote comes out verbatim, in place
    english = [p for p in _paragraphs(EXAMPLE) if p.startswith("“")]
    assert english and all(p in paras for p in english)
    assert "(…)" in paras


def test_bundled_example_has_the_promised_shape():
    doc = prepare_document(EXAMPLE)
    assert len(_paragraphs(EXAMPLE)) >= 10
    assert doc.segments[0].role == "heading"
    assert sum(s.lang == "en" for s in doc.segments) >= 3
    assert any(s.source == "(…)" for s in doc.segments)


def test_json_has_the_document_model(capsys, model_args, tmp_path):
    article = tmp_path / "a.sv.txt"
    article.write_text("Rubrik utan punkt\n\nDet regnar i Lund. ”We will win this,” she said.\n", encoding="utf-8")
    code, out, err = _run(capsys, "translate", article, "--format", "json", *model_args)
    assert code == 0, err
    d = json.loads(out)
    assert d["source_lang"] == "sv" and d["target_lang"] == "en"
    assert d["model"] == model_args[1]
    assert isinstance(d["quote_links"], list)
    assert d["schema"] == 2 and d["text"] == article.read_text(encoding="utf-8")
    for seg in d["segments"]:
        # the source is left out: it is text[start:end] (Document.from_json puts it back)
        assert {"id", "paragraph", "start", "end", "lang", "role", "translation", "origin"} <= set(seg) and "source" not in seg
    assert [s["id"] for s in d["segments"]] == list(range(len(d["segments"])))
    doc = Document.from_json(out)
    assert [s.source for s in doc.segments][:2] == ["Rubrik utan punkt", "Det regnar i Lund."]


def test_output_file_equals_stdout(capsys, model_args, tmp_path):
    code, out, _ = _run(capsys, "translate", *model_args)
    target = tmp_path / "out" / "en.txt"
    code2, out2, _ = _run(capsys, "translate", *model_args, "-o", target)
    assert code == code2 == 0 and out2 == ""
    assert target.read_text(encoding="utf-8") == out


def test_memory_hits_need_no_model(capsys, tmp_path):
    doc = prepare_document(EXAMPLE)
    tm = tmp_path / "tm.tsv"
    tm.write_text("".join(f"{s.source}\tEnglish {s.id}\tinfo\n" for s in doc.segments if s.lang == "sv"), encoding="utf-8")
    # the model id does not exist (and the hub is off): any attempt to load it would fail
    code, out, err = _run(capsys, "translate", "--memory", tm, "--model", "tolka-tests/no-such-model", "--format", "json")
    assert code == 0, err
    origins = {s["origin"] for s in json.loads(out)["segments"]}
    assert origins == {"memory", "passthrough"}


def test_second_run_is_served_from_the_cache(capsys, model_args, monkeypatch):
    code, first, _ = _run(capsys, "translate", *model_args)
    assert code == 0

    def no_load(*a, **k):
        raise AssertionError("the model was loaded on a cached rerun")

    monkeypatch.setattr(MarianBackend, "__init__", no_load)
    code, second, err = _run(capsys, "translate", *model_args)
    assert code == 0, err
    assert second == first
    with pytest.raises(AssertionError, match="cached rerun"):
        main(["translate", *model_args, "--no-cache"])


def test_encoding_option_reads_cp1252(capsys, model_args, tmp_path):
    f = tmp_path / "cp.txt"
    f.write_bytes("Det är kallt i Göteborg.\n".encode("cp1252"))
    code, _, err = _run(capsys, "translate", f, "--encoding", "utf-8", *model_args)
    assert code == 2 and "--encoding cp1252" in err
    code, out, err = _run(capsys, "translate", f, "--encoding", "cp1252", "--format", "json", *model_args)
    assert code == 0, err
    assert Document.from_json(out).segments[0].source == "Det är kallt i Göteborg."
    assert err == ""  # asked for: nothing to note
    # the default (auto) reads it too, and says so in one line
    code, out, err = _run(capsys, "translate", f, "--format", "json", *model_args)
    assert code == 0, err
    assert Document.from_json(out).segments[0].source == "Det är kallt i Göteborg."
    assert err.splitlines() == [
        f"tolka: note: article {f} is not UTF-8; read it as Windows-1252 (cp1252); pass --encoding if that is wrong"
    ]


def _bad_inputs(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text(" \n\t\n\n", encoding="utf-8")
    # Swedish from an old Mac: not UTF-8, and read as Windows-1252 it would be "VŠlkommen till Malmš"
    (tmp_path / "cp1252.txt").write_bytes("Välkommen till Malmö.\n".encode("mac_roman"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    good = tmp_path / "good.txt"
    good.write_text("Det regnar.\n", encoding="utf-8")
    bad_tm = tmp_path / "bad.tsv"
    bad_tm.write_text("Hej.\tHello.\nJa.\tYes.\nutan tabb\n", encoding="utf-8")
    bad_tmx = tmp_path / "bad.tmx"
    bad_tmx.write_text("<tmx><body><tu>", encoding="utf-8")
    return {
        "missing": ([tmp_path / "nope.txt"], "not found"),
        "directory": ([tmp_path / "dir"], "is a directory"),
        "empty": ([tmp_path / "empty.txt"], "is empty"),
        "whitespace": ([tmp_path / "blank.txt"], "is empty"),
        "non-utf8": ([tmp_path / "cp1252.txt"], "--encoding"),
        "binary": ([tmp_path / "binary.txt"], "binary"),
        "memory line": ([good, "--memory", bad_tm], "bad.tsv line 3"),
        "memory missing": ([good, "--memory", tmp_path / "none.tsv"], "not found"),
        "tmx": ([good, "--memory", bad_tmx], "not well-formed TMX"),
        "unknown model": ([good, "--model", "tolka-tests/no-such-model"], "--model /path/to/local/folder"),
        "model path": ([good, "--model", tmp_path / "no" / "model"], "model folder not found"),
        "no cuda": ([good, "--device", "cuda"], "cuda"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "whitespace",
        "non-utf8",
        "binary",
        "memory line",
        "memory missing",
        "tmx",
        "unknown model",
        "model path",
        "no cuda",
    ],
)
def test_bad_input_is_one_line_error_and_no_output(case, capsys, tmp_path, tiny_model_dir):
    import torch

    if case == "no cuda" and torch.cuda.is_available():
        pytest.skip("this machine has a GPU, so --device cuda is valid")  # never the case on CI
    argv, message = _bad_inputs(tmp_path)[case]
    if "--model" not in argv:
        argv = [*argv, "--model", tiny_model_dir, "--backend", "transformers"]
    target = tmp_path / "out.txt"
    code, out, err = _run(capsys, "translate", *argv, "-o", target)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tolka: error: ")
    assert message in lines[0]
    assert not target.exists() and not list(tmp_path.glob(".out.txt*"))


def test_output_path_that_is_a_directory(capsys, model_args, tmp_path):
    code, _, err = _run(capsys, "translate", *model_args, "-o", tmp_path)
    assert code == 2 and "is a directory" in err


@pytest.mark.parametrize("opt", [["--beams", "0"], ["--batch-size", "-3"], ["--format", "pdf"], ["--device", "tpu"]])
def test_bad_options_are_usage_errors(opt, capsys):
    with pytest.raises(SystemExit) as e:
        main(["translate", *opt])
    assert e.value.code == 2
    err = capsys.readouterr().err
    # one line, naming the option and where help is (no usage block)
    assert err.count("\n") == 1 and opt[0] in err and "--help" in err


ARTICLE = "Regeringen satsar 3,5 miljoner kronor på nya båtar.\n\nDet meddelade ministern i går.\n"
MEMORY = (
    "Regeringen satsar 3,5 miljoner kronor på nya båtar.\tThe government is investing 3.5 million kronor in new boats.\n"
    "Det meddelade ministern i går.\tThe minister announced it yesterday.\n"
)


def _memory_article(tmp_path):
    art, mem = tmp_path / "nyhet.sv.txt", tmp_path / "tm.tsv"
    art.write_text(ARTICLE, encoding="utf-8")
    mem.write_text(MEMORY, encoding="utf-8")
    return art, mem


def test_export_writes_the_article_and_bilingual_files_into_the_folder(capsys, tmp_path):
    art, mem = _memory_article(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = _run(capsys, "translate", art, "--memory", mem, "--export", "html,tmx", "-o", out)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["nyhet.en.txt", "nyhet.html", "nyhet.tmx"]
    assert "The minister announced it yesterday." in (out / "nyhet.en.txt").read_text(encoding="utf-8")
    assert "The government is investing" in (out / "nyhet.tmx").read_text(encoding="utf-8")


def test_unknown_export_format_fails_before_any_output(capsys, tmp_path):
    art, mem = _memory_article(tmp_path)
    out = tmp_path / "out"
    code, _, err = _run(capsys, "translate", art, "--memory", mem, "--export", "html,docx", "-o", out)
    assert code == 2 and "docx" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_reference_scores_go_into_the_json_document(capsys, tmp_path):
    art, mem = _memory_article(tmp_path)
    ref = tmp_path / "ref.en.txt"
    ref.write_text("The government invests 3.5 million kronor in new boats.\n\nThe minister said so yesterday.\n", encoding="utf-8")
    code, stdout, err = _run(capsys, "translate", art, "--memory", mem, "--reference", ref, "--format", "json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert 0 < doc["scores"]["bleu"]["score"] < 100
    assert "tok:13a" in doc["scores"]["bleu"]["signature"]
    assert all("chrf++" in s["scores"] for s in doc["segments"])


def test_flags_are_filled_without_a_reference(capsys, tmp_path):
    art, mem = _memory_article(tmp_path)
    mem.write_text(MEMORY.replace("3.5 million", "4.5 million"), encoding="utf-8")
    code, stdout, err = _run(capsys, "translate", art, "--memory", mem, "--format", "json")
    assert code == 0, err
    flags = json.loads(stdout)["segments"][0]["flags"]
    assert [f["kind"] for f in flags] == ["number"]


def test_bundled_example_memory_translates_the_example_without_a_model(capsys):
    # the default model is not available here, so any sentence the memory missed would fail the run
    from importlib import resources

    mem = resources.files("translate").joinpath("data/example.memory.tsv")
    code, out, err = _run(capsys, "translate", "--memory", mem, "--format", "json")
    assert code == 0, err
    segs = json.loads(out)["segments"]
    assert {s["origin"] for s in segs} == {"memory", "passthrough"}
    assert sum(s["origin"] == "memory" for s in segs) == sum(s["lang"] == "sv" for s in segs)


def test_unknown_metric_fails_before_any_translation(capsys, tmp_path):
    code, out, err = _run(capsys, "translate", "--model", "tolka-tests/no-such-model", "--metrics", "bleu,blue", "-o", tmp_path / "x.txt")
    assert code == 2 and out == ""
    assert err.startswith("tolka: error: unknown metric 'blue'") and err.count("\n") == 1
    assert not (tmp_path / "x.txt").exists()

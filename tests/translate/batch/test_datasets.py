"""translate.batch on datasets: JSONL/Parquet in, a Parquet dataset out; resume, compaction, bad rows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import need_module
from tests.translate.batch.test_batch import RAILWAY, RAILWAY_EN, SCHOOL, WEATHER, full_memory, no_model_translator
from translate.batch import run_batch
from translate.cli import main
from translate.errors import TolkaError

pa = need_module("pyarrow", "datasets need pyarrow (tolka[parquet]; in the test extra)")
pq = need_module("pyarrow.parquet", "datasets need pyarrow (tolka[parquet]; in the test extra)")

ROWS = [
    {"id": "järnväg", "text": RAILWAY, "reference": RAILWAY_EN},
    {"id": 7, "text": SCHOOL, "source": "an extra field, ignored"},
    {"id": "väder", "text": WEATHER, "reference": None},
    {"id": "tom", "text": " \n"},
]
IDS = ["järnväg", "7", "väder", "tom"]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_parquet(path: Path, rows: list[dict], columns=("id", "text", "reference")) -> Path:
    table = pa.table({c: [r.get(c) for r in rows] for c in columns})
    pq.write_table(table, path)
    return path


def rows_of(out: Path) -> list[dict]:
    """The output dataset as rows, in id order (a reader of OUT/articles sees exactly these)."""
    return sorted(pq.read_table(out / "articles").to_pylist(), key=lambda r: r["id"])


@pytest.fixture()
def memory():
    return full_memory(RAILWAY, SCHOOL, WEATHER)


def test_jsonl_in_parquet_dataset_out(tmp_path, memory, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    summary = run_batch(src, tmp_path / "out", translator=no_model_translator(), memory=memory, exports=("html",))
    assert summary["run"] == {**summary["run"], "kind": "dataset", "translated": 3, "failed": 1, "model_loaded": False}
    assert [r["article"] for r in summary["articles"]] == IDS  # reading order
    rows = {r["id"]: r for r in rows_of(tmp_path / "out")}
    assert sorted(rows) == sorted(IDS)
    ok = rows["järnväg"]
    assert ok["status"] == "ok" and ok["error"] is None
    assert ok["translation"].startswith("EN[Regeringen p")
    doc = json.loads(ok["document"])
    assert doc["meta"]["article"] == "järnväg" and len(doc["segments"]) >= 3
    assert json.loads(ok["scores"])["scores"]  # it had a reference
    assert rows["väder"]["scores"] is None  # no reference: no scores
    assert ok["html"].startswith("<!DOCTYPE html>") and ok["tmx"] is None  # only the chosen export
    assert json.loads(ok["summary"])["outputs"] == ["translation", "document", "scores", "html"]
    bad = rows["tom"]
    assert bad["status"] == "failed" and "empty" in bad["error"] and bad["document"] is None
    assert "tolka: tom: " in capsys.readouterr().err
    on_disk = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert on_disk == {k: v for k, v in summary.items() if k != "run"}
    assert not (tmp_path / "out" / "index.html").exists()  # the rows are the output; no pages to link


def test_parquet_input_gives_the_same_rows_and_each_resumes_the_other(tmp_path, memory):
    tr = no_model_translator()
    jsonl = write_jsonl(tmp_path / "in.jsonl", ROWS)
    parquet = write_parquet(tmp_path / "in.parquet", [{**r, "id": str(r["id"])} for r in ROWS])
    run_batch(jsonl, tmp_path / "a", translator=tr, memory=memory)
    run_batch(parquet, tmp_path / "b", translator=tr, memory=memory)
    assert rows_of(tmp_path / "a") == rows_of(tmp_path / "b")
    again = run_batch(parquet, tmp_path / "a", translator=tr, memory=memory)
    assert (again["run"]["translated"], again["run"]["skipped"]) == (0, 3)  # the failed row is retried


def test_resume_redoes_what_changed_and_keeps_one_row_per_article(tmp_path, memory):
    tr = no_model_translator()
    src = tmp_path / "in.jsonl"
    out = tmp_path / "out"
    write_jsonl(src, ROWS)
    run_batch(src, out, translator=tr, memory=memory)
    before = {r["id"]: r for r in rows_of(out)}

    changed = [dict(r) for r in ROWS[:3]]  # "tom" is gone, "väder" changed
    changed[2]["text"] = WEATHER + "\nRegeringen presenterade i dag en ny plan för järnvägen.\n"
    write_jsonl(src, changed)
    summary = run_batch(src, out, translator=tr, memory=memory)
    assert (summary["run"]["translated"], summary["run"]["skipped"]) == (1, 2)
    after = {r["id"]: r for r in rows_of(out)}
    assert sorted(after) == ["7", "järnväg", "väder"]  # one row each; none for the removed article
    assert after["järnväg"] == before["järnväg"] and after["väder"] != before["väder"]

    forced = run_batch(src, out, translator=tr, memory=memory, force=True)
    assert forced["run"]["translated"] == 3
    assert [r["id"] for r in rows_of(out)] == ["7", "järnväg", "väder"]
    assert rows_of(out) == sorted(after.values(), key=lambda r: r["id"])


def test_part_left_by_a_killed_writer_is_removed_and_its_articles_redone(tmp_path, memory):
    tr = no_model_translator()
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    run_batch(src, out, translator=tr, memory=memory)
    expected = rows_of(out)
    (part,) = (out / "articles").glob("part-*.parquet")
    part.write_bytes(part.read_bytes()[:100])  # cut off mid-file, as by a kill
    again = run_batch(src, out, translator=tr, memory=memory)
    assert again["run"]["translated"] == 3 and not part.exists()
    assert rows_of(out) == expected


def test_interrupted_run_resumes_after_the_parts_written(tmp_path, memory, monkeypatch):
    import translate.batch.datasets as datasets
    import translate.batch.runner as runner

    tr = no_model_translator()
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    run_batch(src, tmp_path / "straight", translator=tr, memory=memory)
    monkeypatch.setattr(runner, "PART_ARTICLES", 1)
    real, calls = datasets.write_part, []

    def interrupt_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(datasets, "write_part", interrupt_second)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, translator=tr, memory=memory)
    assert [r["status"] for r in rows_of(out)].count("ok") == 1 and not (out / "summary.json").exists()
    monkeypatch.setattr(datasets, "write_part", real)
    resumed = run_batch(src, out, translator=tr, memory=memory)
    assert (resumed["run"]["translated"], resumed["run"]["skipped"]) == (2, 1)
    assert rows_of(out) == rows_of(tmp_path / "straight")
    assert (out / "summary.json").read_bytes() == (tmp_path / "straight" / "summary.json").read_bytes()


def test_folder_of_files_and_file_uri(tmp_path, memory):
    tr = no_model_translator()
    data = tmp_path / "archive"
    data.mkdir()
    write_jsonl(data / "2024-01.jsonl", ROWS[:2])
    write_parquet(data / "2024-02.parquet", [{"id": "väder", "text": WEATHER}], columns=("id", "text"))
    (data / "README.txt").write_text("not read\n", encoding="utf-8")
    summary = run_batch(data, tmp_path / "out", translator=tr, memory=memory)
    assert [r["article"] for r in summary["articles"]] == ["järnväg", "7", "väder"]
    again = run_batch(data.as_uri(), tmp_path / "out", translator=tr, memory=memory)
    assert again["run"]["skipped"] == 3


def test_worker_pool_writes_the_same_rows(tmp_path, memory):
    tr = no_model_translator()
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    run_batch(src, tmp_path / "serial", translator=tr, memory=memory, jobs=1)
    run_batch(src, tmp_path / "pooled", translator=tr, memory=memory, jobs=2)
    assert rows_of(tmp_path / "pooled") == rows_of(tmp_path / "serial")


@pytest.mark.parametrize(
    "lines, message",
    [
        (['{"id": "a", "text": "Hej."}', '{"text": "Ingen id."}'], "line 2: no 'id'"),
        (['{"id": "a"}'], "line 1: no 'text'"),
        (['{"id": "a", "text": "Hej."}', "", '{"id": "a", "text": "Igen."}'], r"line 3: id 'a' again \(first at .*in\.jsonl line 1\)"),
        (
            [
                '{"id": "a", "text": "Hej."',
            ],
            "line 1: not JSON",
        ),
        (['["a", "Hej."]'], "line 1: a JSON list, not an object"),
        (['{"id": ["a"], "text": "Hej."}'], "line 1: id must be a string or an integer"),
        (['{"id": "a", "text": 5}'], "line 1: text must be a string"),
        (['{"id": "a", "text": "Hej."}', '{"id": "b\\udc80", "text": "Hej."}'], r"line 2: the id holds a lone surrogate \(U\+DC80\)"),
    ],
    ids=["no-id", "no-text", "duplicate", "not-json", "not-object", "bad-id", "bad-text", "surrogate-id"],
)
def test_bad_jsonl_rows_are_usage_errors_naming_the_row(tmp_path, lines, message):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TolkaError, match=rf"in\.jsonl {message}"):
        run_batch(src, tmp_path / "out", translator=no_model_translator())
    assert not (tmp_path / "out").exists()


def test_rows_that_are_not_text_fail_alone(tmp_path, memory, capsys):
    """JSON can spell what no file holds: a lone surrogate, a NUL, CRLF line ends. Each row is held
    to the rules a file is: the first two fail with their reason, the third reads as with LF."""
    rows = [
        {"id": "surrogate", "text": RAILWAY + "\ud800 Mer text."},
        {"id": "nul", "text": "Hej\x00 då."},
        {"id": "crlf", "text": SCHOOL.replace("\n", "\r\n")},
        {"id": "lf", "text": SCHOOL},
        {"id": "bad reference", "text": WEATHER, "reference": "Cold.\udfff"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")  # json.dumps escapes the surrogates
    summary = run_batch(src, tmp_path / "out", translator=no_model_translator(), memory=memory)
    assert (summary["run"]["translated"], summary["run"]["failed"]) == (2, 3)
    out = {r["id"]: r for r in rows_of(tmp_path / "out")}
    assert "lone surrogate (U+D800" in out["surrogate"]["error"] and "article surrogate" in out["surrogate"]["error"]
    assert "NUL" in out["nul"]["error"]
    assert "the reference of article bad reference holds a lone surrogate (U+DFFF" in out["bad reference"]["error"]
    assert out["crlf"]["translation"] == out["lf"]["translation"] and "\r" not in out["crlf"]["document"]
    err = capsys.readouterr().err
    assert "tolka: surrogate: article surrogate holds a lone surrogate" in err and "Traceback" not in err


def test_jsonl_that_is_not_utf8_names_the_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "Hej."}\n' + '{"id": "b", "text": "Väder."}\n'.encode("cp1252"))
    with pytest.raises(TolkaError, match=r"in\.jsonl line 2 is not valid UTF-8"):
        run_batch(src, tmp_path / "out", translator=no_model_translator())


def test_parquet_with_wrong_columns_or_null_text(tmp_path):
    wrong = tmp_path / "wrong.parquet"
    pq.write_table(pa.table({"key": ["a"], "body": ["Hej."]}), wrong)
    with pytest.raises(TolkaError, match=r"wrong\.parquet has columns key, body; a dataset needs id and text"):
        run_batch(wrong, tmp_path / "out", translator=no_model_translator())
    typed = tmp_path / "typed.parquet"
    pq.write_table(pa.table({"id": ["a"], "text": [3.5]}), typed)
    with pytest.raises(TolkaError, match=r"typed\.parquet: column text is double, not string"):
        run_batch(typed, tmp_path / "out", translator=no_model_translator())
    null = tmp_path / "null.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["Hej.", None]}), null)
    with pytest.raises(TolkaError, match=r"null\.parquet row 2: no 'text'"):
        run_batch(null, tmp_path / "out", translator=no_model_translator())
    assert not (tmp_path / "out").exists()


def test_folder_holding_both_kinds_is_refused(tmp_path):
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "a" / "article.sv.txt").write_text(WEATHER, encoding="utf-8")
    write_jsonl(tmp_path / "in" / "more.jsonl", ROWS[:1])
    with pytest.raises(TolkaError, match="both article folders and .jsonl/.parquet files"):
        run_batch(tmp_path / "in", tmp_path / "out", translator=no_model_translator())


def test_without_pyarrow_the_error_names_the_extra(tmp_path, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` now raises ImportError
    with pytest.raises(TolkaError, match=r"needs pyarrow: pip install 'tolka\[parquet\]'"):
        run_batch(src, tmp_path / "out", translator=no_model_translator())


def test_cli_on_a_dataset(tmp_path, tiny_model_dir, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    argv = ["batch", str(src), "-o", str(out), "--model", str(tiny_model_dir), "--no-cache", "--no-progress"]
    assert main(argv) == 1  # one article failed
    err = capsys.readouterr().err
    assert "tolka: tom: " in err and "3 of 4 articles ok" in err and f"see {out}/summary.json" in err
    assert {r["status"] for r in rows_of(out)} == {"ok", "failed"}
    assert main(argv + ["--engine", "local", "--workers", "2"]) == 2
    assert "--workers is for --engine ray" in capsys.readouterr().err

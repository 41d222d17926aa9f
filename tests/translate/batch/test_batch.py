"""translate.batch: article discovery, per-article errors, resume, memories, batching, interrupts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate.batch import run_batch
from translate.batch.layout import find_articles
from translate.errors import TolkaError

# Our own example prose (never corpus text).
RAILWAY = (
    "Regeringen presenterade i dag en ny plan för järnvägen. Planen ska vara klar nästa år.\n\nMinistern sa att arbetet börjar i höst.\n"
)
RAILWAY_EN = (
    "The government presented a new plan for the railway today. The plan will be finished next year.\n\n"
    "The minister said that the work starts in the autumn.\n"
)
SCHOOL = (
    "Kommunen bygger en ny skola i centrum. Bygget beräknas kosta 120 miljoner kronor.\n\n"
    "“The new school will be ready in two years, and every child in the town will have a place there.”\n\n"
    "Rektorn är mycket glad över beskedet från politikerna.\n"
)
WEATHER = "Vädret blir kallt i helgen. Meteorologerna varnar för halka på vägarna i hela landet.\n"
ODD_NAME = 'Kod <b>&"citat"'

GOOD = ["Ett val i höst", "2024/maj/Åsa och Östen", ODD_NAME]
BAD = {"tom": "empty", "fel kodning": "is not utf-8", "saknas": "missing article.sv.txt"}


def make_input(root: Path) -> Path:
    """A folder mix: good articles (spaces, å/ä/ö, nested, HTML-ish name) and bad ones."""
    src = root / "in"
    texts = {GOOD[0]: RAILWAY, GOOD[1]: SCHOOL, GOOD[2]: WEATHER}
    for name, text in texts.items():
        (src / name).mkdir(parents=True)
        (src / name / "article.sv.txt").write_text(text, encoding="utf-8")
    (src / GOOD[0] / "reference.en.txt").write_text(RAILWAY_EN, encoding="utf-8")
    (src / "tom").mkdir()
    (src / "tom" / "article.sv.txt").write_text("  \n\n", encoding="utf-8")
    (src / "fel kodning").mkdir()
    # an old Mac's Swedish: neither UTF-8 nor Windows-1252 (which auto-detection would read)
    (src / "fel kodning" / "article.sv.txt").write_bytes("Vädret blir kallt på söndag.\n".encode("mac_roman"))
    (src / "saknas").mkdir()
    (src / "saknas" / "reference.en.txt").write_text("An orphan reference.\n", encoding="utf-8")
    return src


def full_memory(*texts: str):
    """A Memory holding a made-up translation of every Swedish segment of ``texts``."""
    from translate.memory import Memory
    from translate.pipeline import prepare_document

    pairs = []
    for text in texts:
        for seg in prepare_document(text).segments:
            if seg.needs_mt:
                pairs.append((seg.source, f"EN[{seg.source[:12]}]"))
    return Memory.from_pairs(pairs)


def no_model_translator():
    """A translator that fails loudly if anything makes it load (the folder does not exist)."""
    from translate.translator import Translator

    return Translator("/nonexistent/tolka-test-model", cache=False)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture()
def mixed(tmp_path):
    src = make_input(tmp_path)
    return src, tmp_path / "out", full_memory(RAILWAY, SCHOOL, WEATHER)


def test_find_articles_nested_and_missing(tmp_path):
    src = make_input(tmp_path)
    (src / "2024" / "maj" / "Åsa och Östen" / "bilder").mkdir()
    (src / "2024" / "maj" / "Åsa och Östen" / "bilder" / "foto.jpg").write_bytes(b"\xff\xd8")
    jobs = find_articles(src, tmp_path / "out")
    names = [j.name for j in jobs]
    assert names == sorted(names)
    assert set(names) == set(GOOD) | set(BAD)  # the picture folder is not an article
    assert [j.name for j in jobs if j.problem] == ["saknas"]


def test_in_dir_that_is_an_article_is_a_usage_error(tmp_path):
    (tmp_path / "article.sv.txt").write_text(WEATHER, encoding="utf-8")
    with pytest.raises(TolkaError, match="itself an article folder"):
        run_batch(tmp_path, tmp_path / "out", translator=no_model_translator(), exports=())


def test_missing_or_empty_input_folder(tmp_path):
    with pytest.raises(TolkaError, match="input folder not found"):
        run_batch(tmp_path / "nope", tmp_path / "out", exports=())
    (tmp_path / "empty").mkdir()
    with pytest.raises(TolkaError, match="no article folders"):
        run_batch(tmp_path / "empty", tmp_path / "out", exports=())


def test_mixed_folder_memory_only(mixed, capsys):
    src, out, memory = mixed
    translator = no_model_translator()
    summary = run_batch(src, out, translator=translator, memory=memory)
    assert translator.loaded is False  # every Swedish sentence came from memory
    rows = {r["article"]: r for r in summary["articles"]}
    assert set(rows) == set(GOOD) | set(BAD)
    for name in GOOD:
        r = rows[name]
        assert r["status"] == "ok", r
        assert r["mt"] == 0 and r["memory"] > 0
        assert r["sentences"] == r["memory"] + r["passthrough"]
        for f in ("translation.en.txt", "document.json", "article.html", "article.tmx", "manifest.json"):
            assert (out / name / f).is_file(), (name, f)
    assert rows[GOOD[1]]["passthrough"] >= 1 and rows[GOOD[1]]["quotes"] >= 1  # the English quote
    assert "EN[Regeringen p" in (out / GOOD[0] / "translation.en.txt").read_text(encoding="utf-8")
    # A reference is aligned and scored; articles without one get no scores.json.
    scores = json.loads((out / GOOD[0] / "scores.json").read_text(encoding="utf-8"))
    assert scores["article"] == GOOD[0] and scores["scores"]
    assert rows[GOOD[0]]["scores"]
    assert not (out / GOOD[2] / "scores.json").exists()
    # Bad articles: recorded with their reason, on stderr too, and no outputs.
    err = capsys.readouterr().err
    for name, reason in BAD.items():
        assert rows[name]["status"] == "failed"
        assert reason in rows[name]["error"].lower(), rows[name]
        assert f"{name}: " in err
        assert not (out / name).exists() or not any((out / name).iterdir())
    assert summary["totals"]["ok"] == len(GOOD) and summary["totals"]["failed"] == len(BAD)
    assert summary["run"] == {**summary["run"], "translated": 3, "skipped": 0, "failed": 3, "model_loaded": False}
    on_disk = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert on_disk == {k: v for k, v in summary.items() if k != "run"}
    assert not list(out.rglob("*.tmp"))


def test_index_page_escapes_and_links(mixed):
    src, out, memory = mixed
    run_batch(src, out, translator=no_model_translator(), memory=memory)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert ODD_NAME not in page and "<b>" not in page
    assert "Kod &lt;b&gt;&amp;&quot;citat&quot;" in page
    assert 'href="2024/maj/%C3%85sa%20och%20%C3%96sten/article.html"' in page
    assert 'href="Kod%20%3Cb%3E%26%22citat%22/article.html"' in page
    assert page.count('class="failed"') == len(BAD)
    from lxml import html as lxml_html

    rows = lxml_html.fromstring(page).xpath("//tbody/tr")
    assert len(rows) == len(GOOD) + len(BAD)
    assert ODD_NAME in [r.xpath("string(td[1])") for r in rows]


def test_resume_skips_up_to_date_and_redoes_changes(mixed):
    src, out, memory = mixed
    tr = no_model_translator()
    first = run_batch(src, out, translator=tr, memory=memory, exports=("tmx",))
    before = snapshot(out)
    second = run_batch(src, out, translator=tr, memory=memory, exports=("tmx",))
    assert (second["run"]["translated"], second["run"]["skipped"]) == (0, len(GOOD))
    assert snapshot(out) == before  # summary and index describe OUT, not the run: unchanged
    assert {k: v for k, v in first.items() if k != "run"} == {k: v for k, v in second.items() if k != "run"}

    (src / GOOD[2] / "article.sv.txt").write_text(WEATHER + "\nRegeringen presenterade i dag en ny plan för järnvägen.\n", encoding="utf-8")
    third = run_batch(src, out, translator=tr, memory=memory, exports=("tmx",))
    assert (third["run"]["translated"], third["run"]["skipped"]) == (1, len(GOOD) - 1)

    forced = run_batch(src, out, translator=tr, memory=memory, exports=("tmx",), force=True)
    assert forced["run"]["translated"] == len(GOOD)

    # Other settings (exports) => other outputs: everything is redone, stale exports go.
    fourth = run_batch(src, out, translator=tr, memory=memory, exports=("html",))
    assert fourth["run"]["translated"] == len(GOOD)
    assert (out / GOOD[0] / "article.html").exists() and not (out / GOOD[0] / "article.tmx").exists()


def test_tampered_output_is_redone(mixed):
    src, out, memory = mixed
    tr = no_model_translator()
    run_batch(src, out, translator=tr, memory=memory, exports=())
    target = out / GOOD[1] / "translation.en.txt"
    good = target.read_bytes()
    target.write_text("edited by hand\n", encoding="utf-8")
    again = run_batch(src, out, translator=tr, memory=memory, exports=())
    assert again["run"]["translated"] == 1
    assert target.read_bytes() == good


def test_article_that_turns_bad_loses_its_old_outputs(mixed):
    src, out, memory = mixed
    tr = no_model_translator()
    run_batch(src, out, translator=tr, memory=memory, exports=())
    assert (out / GOOD[2] / "translation.en.txt").exists()
    (src / GOOD[2] / "article.sv.txt").write_bytes(b"")
    summary = run_batch(src, out, translator=tr, memory=memory, exports=())
    row = next(r for r in summary["articles"] if r["article"] == GOOD[2])
    assert row["status"] == "failed" and "empty" in row["error"]
    assert not (out / GOOD[2] / "translation.en.txt").exists()
    assert not (out / GOOD[2] / "manifest.json").exists()


def test_article_memory_sits_on_top_of_global(tmp_path):
    src = tmp_path / "in"
    for name in ("a", "b"):
        (src / name).mkdir(parents=True)
        (src / name / "article.sv.txt").write_text(WEATHER, encoding="utf-8")
    global_mem = full_memory(WEATHER)
    first = "Vädret blir kallt i helgen."
    assert global_mem.lookup(first) is not None
    (src / "a" / "memory.tsv").write_text(f"{first}\tThe article's own rendering.\n", encoding="utf-8")
    summary = run_batch(src, tmp_path / "out", translator=no_model_translator(), memory=global_mem, exports=())
    assert summary["totals"]["failed"] == 0
    a = (tmp_path / "out" / "a" / "translation.en.txt").read_text(encoding="utf-8")
    b = (tmp_path / "out" / "b" / "translation.en.txt").read_text(encoding="utf-8")
    assert "The article's own rendering." in a
    assert "The article's own rendering." not in b and global_mem.lookup(first) in b
    rows = {r["article"]: r for r in summary["articles"]}
    assert rows["a"]["memory"] == rows["b"]["memory"] == rows["a"]["sentences"]  # its own memory's hit counts as memory


def test_malformed_article_memory_fails_only_that_article(tmp_path):
    src = tmp_path / "in"
    for name in ("a", "b"):
        (src / name).mkdir(parents=True)
        (src / name / "article.sv.txt").write_text(WEATHER, encoding="utf-8")
    (src / "a" / "memory.tsv").write_text("no tab on this line\n", encoding="utf-8")
    summary = run_batch(src, tmp_path / "out", translator=no_model_translator(), memory=full_memory(WEATHER), exports=())
    rows = {r["article"]: r for r in summary["articles"]}
    assert rows["a"]["status"] == "failed" and "line 1" in rows["a"]["error"]
    assert rows["b"]["status"] == "ok"


def test_output_inside_input_is_not_read_as_articles(mixed):
    src, _, memory = mixed
    out = src / "_out"
    tr = no_model_translator()
    run_batch(src, out, translator=tr, memory=memory, exports=())
    again = run_batch(src, out, translator=tr, memory=memory, exports=())
    assert {r["article"] for r in again["articles"]} == set(GOOD) | set(BAD)


def test_one_model_many_articles_in_one_call(tmp_path, tiny_model_dir, monkeypatch):
    """Sentences needing MT from all articles go to the translator together; it is loaded once."""
    import translate.pipeline as pipeline
    from translate.translator import Translator

    calls = []
    real = pipeline.translate_documents

    def spy(docs, translator=None, memory=None):
        calls.append(len(docs))
        return real(docs, translator=translator, memory=memory)

    monkeypatch.setattr(pipeline, "translate_documents", spy)
    src = make_input(tmp_path)
    tr = Translator(str(tiny_model_dir))
    summary = run_batch(src, tmp_path / "out", translator=tr, exports=("html",))
    assert calls == [len(GOOD)]
    assert tr.loaded
    assert summary["totals"]["mt"] > 0 and summary["run"]["model_loaded"]
    # Smaller chunks: several calls, each still spanning articles.
    calls.clear()
    run_batch(src, tmp_path / "out2", translator=tr, exports=(), chunk_sentences=3)
    assert sum(calls) == len(GOOD) and len(calls) > 1


def test_interrupt_mid_article_leaves_no_partial_output_and_resumes(mixed, monkeypatch):
    src, out, memory = mixed
    tr = no_model_translator()
    reference = run_batch(src, out.with_name("reference-out"), translator=tr, memory=memory)
    expected = snapshot(out.with_name("reference-out"))

    import translate.batch.store as store

    real = store.write_output
    seen = []

    def interrupt_at_second_export(path, data):
        if path.name == "article.html":  # the exports come after translation.en.txt and document.json
            seen.append(path.parent)
            if len(seen) == 2:
                raise KeyboardInterrupt
        return real(path, data)

    monkeypatch.setattr(store, "write_output", interrupt_at_second_export)
    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, translator=tr, memory=memory)
    interrupted = snapshot(out)
    second = seen[1].relative_to(out).as_posix()
    assert not any(k.startswith(second + "/") for k in interrupted)  # its early files were removed
    assert "summary.json" not in interrupted and not list(out.rglob("*.tmp"))

    monkeypatch.setattr(store, "write_output", real)
    resumed = run_batch(src, out, translator=tr, memory=memory)
    assert resumed["run"]["skipped"] == 1 and resumed["run"]["translated"] == len(GOOD) - 1
    assert snapshot(out) == expected
    assert {k: v for k, v in resumed.items() if k != "run"} == {k: v for k, v in reference.items() if k != "run"}


def test_stale_temp_files_from_a_killed_run_are_removed(mixed):
    src, out, memory = mixed
    tr = no_model_translator()
    run_batch(src, out, translator=tr, memory=memory, exports=())
    leftovers = [out / ".summary.json.x1y2.tmp", out / GOOD[0] / ".document.json.a7b8.tmp"]
    for p in leftovers:
        p.write_text("half", encoding="utf-8")
    again = run_batch(src, out, translator=tr, memory=memory, exports=())
    assert again["run"]["skipped"] == len(GOOD)
    assert not any(p.exists() for p in leftovers)


def test_second_batch_into_the_same_output_is_refused(mixed):
    import fcntl
    import os

    src, out, memory = mixed
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(TolkaError, match="another tolka batch"):
            run_batch(src, out, translator=no_model_translator(), memory=memory, exports=())
    finally:
        os.close(fd)
    assert not any(out.iterdir())


def test_progress_bars_on_stderr(mixed, capsys):
    src, out, memory = mixed
    run_batch(src, out, translator=no_model_translator(), memory=memory, exports=(), progress=True)
    err = capsys.readouterr().err
    assert "articles: 100%" in err and "sentences: 100%" in err
    run_batch(src, out, translator=no_model_translator(), memory=memory, exports=(), progress=False, force=True)
    assert "articles:" not in capsys.readouterr().err


def test_article_memory_may_be_tmx(tmp_path):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "article.sv.txt").write_text(WEATHER, encoding="utf-8")
    first = "Vädret blir kallt i helgen."
    (src / "a" / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="sv"/><body>'
        f'<tu><tuv xml:lang="sv"><seg>{first}</seg></tuv><tuv xml:lang="en"><seg>Cold &amp; grey.</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    run_batch(src, tmp_path / "out", translator=no_model_translator(), memory=full_memory(WEATHER), exports=())
    assert "Cold & grey." in (tmp_path / "out" / "a" / "translation.en.txt").read_text(encoding="utf-8")


def test_worker_pool_gives_byte_identical_outputs(tmp_path):
    """--jobs 2 (prepare and evaluate+render in worker processes) writes exactly what --jobs 1 writes."""
    src = make_input(tmp_path)
    (src / GOOD[1] / "reference.en.txt").write_text("The municipality builds a school.\n", encoding="utf-8")
    (src / GOOD[2] / "memory.tsv").write_text("Vädret blir kallt i helgen.\tCold weekend.\n", encoding="utf-8")
    memory = full_memory(RAILWAY, SCHOOL, WEATHER)
    tr = no_model_translator()
    serial = run_batch(src, tmp_path / "serial", translator=tr, memory=memory, jobs=1)
    pooled = run_batch(src, tmp_path / "pooled", translator=tr, memory=memory, jobs=2)
    assert serial["run"]["translated"] == pooled["run"]["translated"] == len(GOOD)
    assert serial["run"]["failed"] == pooled["run"]["failed"] == len(BAD)
    assert snapshot(tmp_path / "pooled") == snapshot(tmp_path / "serial")
    assert {k: v for k, v in pooled.items() if k != "run"} == {k: v for k, v in serial.items() if k != "run"}
    # The number of workers is not a setting: a serial rerun finds the pooled outputs up to date.
    again = run_batch(src, tmp_path / "pooled", translator=tr, memory=memory, jobs=1)
    assert again["run"]["skipped"] == len(GOOD) and again["run"]["translated"] == 0


def test_interrupt_with_worker_pool_shuts_it_down_and_resumes(mixed, monkeypatch):
    import multiprocessing

    import translate.batch.store as store

    src, out, memory = mixed
    tr = no_model_translator()
    reference = run_batch(src, out.with_name("reference-out"), translator=tr, memory=memory, jobs=1)
    real = store.write_article
    calls = []

    def interrupt_on_second(job, files, *args, **kwargs):
        calls.append(job.name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(job, files, *args, **kwargs)

    monkeypatch.setattr(store, "write_article", interrupt_on_second)
    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, translator=tr, memory=memory, jobs=2)
    assert not multiprocessing.active_children()  # the pool was shut down, its workers joined
    interrupted = snapshot(out)
    assert not any(k.startswith(calls[1] + "/") for k in interrupted)
    assert "summary.json" not in interrupted and not list(out.rglob("*.tmp"))

    monkeypatch.setattr(store, "write_article", real)
    resumed = run_batch(src, out, translator=tr, memory=memory, jobs=2)
    assert resumed["run"]["skipped"] == 1 and resumed["run"]["translated"] == len(GOOD) - 1
    assert snapshot(out) == snapshot(out.with_name("reference-out"))
    assert {k: v for k, v in resumed.items() if k != "run"} == {k: v for k, v in reference.items() if k != "run"}


def test_pool_size_rule():
    from translate.batch.workers import MAX_DEFAULT_JOBS, MIN_POOL_ARTICLES, available_cpus, pool_size

    assert pool_size(1, 500) == 0  # --jobs 1: the serial path
    assert pool_size(4, 3) == 3 and pool_size(2, 1) == 0  # never more workers than articles
    assert pool_size(None, MIN_POOL_ARTICLES - 1) == 0  # small runs stay serial by default
    expected = min(available_cpus(), MAX_DEFAULT_JOBS)
    assert pool_size(None, MIN_POOL_ARTICLES) == (expected if expected > 1 else 0)
    with pytest.raises(TolkaError, match="--jobs"):
        pool_size(0, 10)


def test_other_generation_settings_redo_the_articles(tmp_path, tiny_model_dir):
    """The settings key is the translator's fingerprint: its identity and generation settings."""
    from translate.translator import Translator

    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "article.sv.txt").write_text(WEATHER, encoding="utf-8")

    def run(beams):
        tr = Translator(str(tiny_model_dir), backend="transformers", device="cpu", beams=beams, cache=False)
        return run_batch(src, tmp_path / "out", translator=tr, exports=())["run"]

    assert run(1)["translated"] == 1
    assert run(1)["skipped"] == 1
    assert run(2)["translated"] == 1  # a different decoding: the old outputs are not reused


def test_one_helper_turns_exceptions_into_failure_reasons():
    from alignments import AlignmentError
    from translate.batch.stages import attempt

    def boom(e):
        raise e

    assert attempt(len, "abc") == ("ok", 3)
    assert attempt(boom, TolkaError("article x is empty (give text)")) == ("failed", "article x is empty (give text)")
    assert attempt(boom, AlignmentError("bad bead line 2")) == ("failed", "bad bead line 2")
    assert attempt(boom, KeyError("k")) == ("failed", "internal error: KeyError: 'k'")
    with pytest.raises(KeyboardInterrupt):
        attempt(boom, KeyboardInterrupt())

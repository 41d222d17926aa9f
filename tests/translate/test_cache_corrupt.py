"""A damaged translation cache is set aside (kept, with a timestamp), noted once, and replaced."""

from __future__ import annotations

import sqlite3

import pytest

from translate.cache import CACHE_FILE, TranslationCache, cache_dir
from translate.cli import main
from translate.errors import TolkaError

ARTICLE = "Det regnar i Lund.\n\nI morgon blir det sol.\n"


def _translate(capsys, tiny_model_dir, article):
    code = main(["translate", str(article), "--model", str(tiny_model_dir), "--backend", "transformers", "--device", "cpu"])
    out, err = capsys.readouterr()
    return code, out, err


def _damage_pages(path, keep_first: bool = True) -> None:
    """Overwrite every page after the first (the schema) with garbage: the header still reads."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 2 * page  # more than the schema page: there is something to damage
    start = page if keep_first else 0
    data[start:] = bytes((i * 37 + 11) % 251 for i in range(len(data) - start))
    path.write_bytes(bytes(data))


def test_a_file_that_is_not_a_database_is_set_aside_and_the_run_goes_on(capsys, tmp_path, tiny_model_dir):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cache = cache_dir() / CACHE_FILE
    cache.parent.mkdir(parents=True, exist_ok=True)
    junk = b"this is not a database" * 100
    cache.write_bytes(junk)
    code, first, err = _translate(capsys, tiny_model_dir, article)
    assert code == 0, err
    (line,) = err.splitlines()
    assert line.startswith(f"tolka: note: the translation cache {cache} was damaged")
    (aside,) = cache.parent.glob(f"{CACHE_FILE}.damaged-*")
    assert aside.name in line and aside.read_bytes() == junk  # kept, not deleted
    assert len(TranslationCache(cache)) == 2  # the fresh cache holds this run's sentences
    code, second, err = _translate(capsys, tiny_model_dir, article)
    assert code == 0 and err == "" and second == first


def test_damage_found_mid_query_is_recovered_the_same_way(tmp_path, capsys):
    path = tmp_path / CACHE_FILE
    c = TranslationCache(path)
    pairs = [(f"Mening nummer {i} om vädret.", f"Sentence number {i} about the weather.") for i in range(400)]
    c.put_many("m", "s", pairs)
    c.close()
    _damage_pages(path)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):  # what a plain lookup meets
        sqlite3.connect(path).execute("SELECT key, translation FROM translations WHERE key = 'x'").fetchall()
    c = TranslationCache(path)
    assert c.get_many("m", "s", [s for s, _ in pairs[:3]]) == {}
    assert "was damaged" in capsys.readouterr().err
    c.put_many("m", "s", pairs[:3])
    assert c.get_many("m", "s", [s for s, _ in pairs[:3]]) == dict(pairs[:3])
    assert len(list(tmp_path.glob(f"{CACHE_FILE}.damaged-*"))) == 1


def test_a_cache_that_cannot_be_created_is_still_an_error_naming_no_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(TolkaError, match="--no-cache"):
        TranslationCache(blocker / CACHE_FILE).get_many("m", "s", ["Hej."])
    assert blocker.read_text(encoding="utf-8") == "not a folder"  # nothing was moved aside

from translate.cache import CACHE_FILE, TranslationCache, cache_dir, cache_key


def test_cache_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TOLKA_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    assert TranslationCache().path == tmp_path / "c" / CACHE_FILE


def test_cache_dir_defaults_to_the_user_cache(monkeypatch):
    import platformdirs

    monkeypatch.delenv("TOLKA_CACHE_DIR")
    assert str(cache_dir()) == platformdirs.user_cache_dir("tolka", appauthor=False)


def test_roundtrip_persists_across_connections(tmp_path):
    c = TranslationCache(tmp_path / "t.sqlite3")
    c.put_many("m@1", "beams=6", [("Hej.", "Hello."), ("Ja.", "Yes.")])
    c.close()
    c2 = TranslationCache(tmp_path / "t.sqlite3")
    assert c2.get_many("m@1", "beams=6", ["Hej.", "Nej.", "Ja."]) == {"Hej.": "Hello.", "Ja.": "Yes."}
    assert len(c2) == 2


def test_key_separates_model_settings_and_sentence(tmp_path):
    c = TranslationCache(tmp_path / "t.sqlite3")
    c.put_many("m@1", "beams=6", [("Hej.", "Hello.")])
    assert c.get_many("m@2", "beams=6", ["Hej."]) == {}
    assert c.get_many("m@1", "beams=4", ["Hej."]) == {}
    assert c.get_many("m@1", "beams=6", ["Hej. "]) == {}
    # the parts cannot be shifted into one another
    assert cache_key("ab", "c", "d") != cache_key("a", "bc", "d")


def test_many_sentences_in_one_lookup(tmp_path):
    c = TranslationCache(tmp_path / "t.sqlite3")
    pairs = [(f"Mening {i}.", f"Sentence {i}.") for i in range(1200)]
    c.put_many("m", "s", pairs)
    got = c.get_many("m", "s", [s for s, _ in pairs])
    assert got == dict(pairs)

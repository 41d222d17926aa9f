import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.errors import TolkaError
from translate.memory import Memory, load_memory, normalize

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence"
          adminlang="en" srclang="sv" o-tmf="none"/>
  <body>
    <tu>
      <tuv xml:lang="sv-SE"><seg>Det regnar i   Malmö.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>It is raining in Malmö.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="SV"><seg>Vi ses <bpt i="1">&lt;b&gt;</bpt>i morgon<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="EN"><seg>See you <hi>tomorrow</hi>.<!-- a note --></seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="de"><seg>Guten Tag.</seg></tuv>
      <tuv xml:lang="en"><seg>Good day.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tsv_first_two_columns_used_extra_columns_ignored(tmp_path):
    f = tmp_path / "tm.tsv"
    f.write_text("Hej världen.\tHello world.\t0.93\tinfo\n\nDet regnar.\tIt is raining.\n", encoding="utf-8")
    mem = Memory.load(f)
    assert len(mem) == 2
    assert mem.lookup("Hej världen.") == "Hello world."
    assert mem.lookup("Det regnar.") == "It is raining."
    assert mem.lookup("Det snöar.") is None


def test_lookup_is_exact_after_whitespace_normalisation():
    mem = Memory.from_pairs([("Det  regnar\ti Lund.", "It rains in Lund.")])
    assert mem.lookup(" Det regnar i\nLund. ") == "It rains in Lund."
    assert "Det regnar i Lund." in mem
    # exact otherwise: case and punctuation matter
    assert mem.lookup("det regnar i Lund.") is None
    assert mem.lookup("Det regnar i Lund") is None


@given(st.text())
def test_normalize_is_idempotent_and_has_no_whitespace_runs(s):
    n = normalize(s)
    assert normalize(n) == n
    assert "  " not in n and n == n.strip()


def test_malformed_tsv_line_names_file_and_line(tmp_path):
    f = tmp_path / "bad.tsv"
    f.write_text("Hej.\tHello.\nEn rad utan tabb\n", encoding="utf-8")
    with pytest.raises(TolkaError, match=r"bad\.tsv line 2: no tab"):
        Memory.load(f)
    f.write_text("Hej.\tHello.\n\nTom.\t  \n", encoding="utf-8")
    with pytest.raises(TolkaError, match=r"line 3: the English column is empty"):
        Memory.load(f)


def test_missing_or_non_utf8_memory_is_a_tolka_error(tmp_path):
    with pytest.raises(TolkaError, match="not found"):
        Memory.load(tmp_path / "nope.tsv")
    f = tmp_path / "cp.tsv"
    f.write_bytes("Välkommen.\tWelcome.\n".encode("mac_roman"))
    with pytest.raises(TolkaError, match="is not UTF-8"):
        Memory.load(f)
    assert Memory.load(f, encoding="mac_roman").lookup("Välkommen.") == "Welcome."
    f.write_bytes("Välkommen.\tWelcome.\n".encode("cp1252"))  # Windows-1252 is read, and noted
    mem = Memory.load(f)
    assert mem.lookup("Välkommen.") == "Welcome." and "cp1252" in mem.note


def test_tmx_pairs_with_region_codes_and_inline_markup(tmp_path):
    f = tmp_path / "tm.tmx"
    f.write_text(TMX, encoding="utf-8")
    mem = Memory.load(f)
    assert len(mem) == 2  # the de-en unit is skipped
    assert mem.lookup("Det regnar i Malmö.") == "It is raining in Malmö."
    assert mem.lookup("Vi ses i morgon.") == "See you tomorrow."


def test_tmx_detected_by_content_without_suffix(tmp_path):
    f = tmp_path / "memory.xml"
    f.write_text(TMX, encoding="utf-8")
    assert Memory.load(f).lookup("Det regnar i Malmö.") == "It is raining in Malmö."


@pytest.mark.parametrize(
    "content, message",
    [
        ("<tmx version='1.4'><body><tu><tuv xml:lang='sv'><seg>Hej</seg></tuv>", "not well-formed TMX"),
        ("<html><body></body></html>", "not TMX"),
        ("<tmx version='1.4'><header/></tmx>", "no <body>"),
        ("<tmx version='1.4'><body><tu><tuv xml:lang='sv'><seg>Hej</seg></tuv></tu></body></tmx>", "no Swedish-English"),
    ],
)
def test_malformed_tmx_is_a_tolka_error(tmp_path, content, message):
    f = tmp_path / "bad.tmx"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(TolkaError, match=message):
        Memory.load(f)


def test_tmx_with_an_external_entity_is_refused_and_says_so(tmp_path):
    f = tmp_path / "xxe.tmx"
    f.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        '<tmx version="1.4"><body><tu><tuv xml:lang="sv"><seg>A &x;</seg></tuv>'
        '<tuv xml:lang="en"><seg>B</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(TolkaError, match=r"external entity \(x -> file:///etc/hostname\)") as e:
        Memory.load(f)
    assert "\n" not in str(e.value)


def test_tmx_internal_entities_are_expanded(tmp_path):
    f = tmp_path / "internal.tmx"
    f.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY co "Vattenfall">]>'
        '<tmx version="1.4"><body><tu><tuv xml:lang="sv"><seg>&co; bygger.</seg></tuv>'
        '<tuv xml:lang="en"><seg>&co; is building.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    assert Memory.load(f).lookup("Vattenfall bygger.") == "Vattenfall is building."


def test_load_memory_accepts_none_memory_or_path(tmp_path):
    assert load_memory(None) is None
    mem = Memory.from_pairs([("a", "b")])
    assert load_memory(mem) is mem
    f = tmp_path / "tm.tsv"
    f.write_text("Ja.\tYes.\n", encoding="utf-8")
    assert load_memory(f).lookup("Ja.") == "Yes."

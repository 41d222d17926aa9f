"""Every abbreviation the segmenter knows, before a capitalised word and before a real sentence end.

The splitter never cuts before a lowercase word, so an abbreviation tested only before one
(``t.ex. äpplen``) proves nothing: these put a capitalised word after each abbreviation -- one
that opens sentences (``Det``, ``The``), so that without the abbreviation the full stop would end
the sentence -- and a real sentence end after it, which must still be cut.

The lists are written out here on purpose, not read from the segmenter: dropping an entry there
must fail a test here.
"""

from __future__ import annotations

import pytest

from translate.segmenter import split_sentences

# Never end a sentence, whatever follows (titles, "for example", "approximately", ...).
SV_PREFIX = [
    "t.ex",
    "bl.a",
    "dvs",
    "d.v.s",
    "s.k",
    "ca",
    "kl",
    "fr.o.m",
    "t.o.m",
    "jfr",
    "p.g.a",
    "pga",
    "f.d",
    "resp",
    "inkl",
    "exkl",
    "enl",
    "prof",
    "dr",
    "doc",
    "tel",
    "sid",
    "s",
    "ang",
    "bl",
    "mha",
    "m.h.a",
    "i.o.m",
    "f.ö",
    "m.a.o",
    "s.a.s",
    "ff",
    "ev",
    "nr",
    "tf",
    "t.f",
    "vs",
    "hr",
    "Mr",
    "Ms",
    "Mrs",
    "jmf",
    "ordf",
    "v",
    "kapt",
    "lt",
    "fil",
    "fil.dr",
    "med.dr",
    "jur",
]
EN_PREFIX = [
    "Mr",
    "Mrs",
    "Ms",
    "Mx",
    "Dr",
    "Prof",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Lt",
    "Col",
    "Capt",
    "Cmdr",
    "Sgt",
    "Rev",
    "Hon",
    "Pres",
    "Supt",
    "Insp",
    "Adm",
    "Maj",
    "Brig",
    "Cpl",
    "Pvt",
    "Fr",
    "Mt",
    "vs",
    "v",
    "e.g",
    "i.e",
    "cf",
    "approx",
    "ca",
    "Messrs",
    "Mme",
    "Mlle",
    "Gens",
    "Reps",
    "Sens",
    "Det",
    "Atty",
    "Asst",
    "Assoc",
    "Dept",
    "Lieut",
]
# End a sentence when a sentence opener follows ("... äpplen, päron osv. Det gick bra.").
SV_FINAL = [
    "osv",
    "o.s.v",
    "m.fl",
    "m.m",
    "mm",
    "etc",
    "f.Kr",
    "e.Kr",
    "kr",
    "milj",
    "mdr",
    "mkr",
    "tkr",
    "o.d",
    "o.dyl",
    "f.n",
    "dyl",
    "fm",
    "em",
    "f.m",
    "e.m",
    "AB",
    "Inc",
    "Ltd",
    "Co",
    "Corp",
    "Jr",
    "St",
    "ex",
]
EN_FINAL = [
    "Inc",
    "Ltd",
    "Co",
    "Corp",
    "Plc",
    "LLC",
    "Jr",
    "Sr",
    "Bros",
    "etc",
    "al",
    "Mon",
    "Tue",
    "Tues",
    "Thu",
    "Thur",
    "Thurs",
    "Fri",
    "St",
    "Ave",
    "Blvd",
    "Rd",
    "Hwy",
    "ft",
    "Ala",
    "Ariz",
    "Calif",
    "Colo",
    "Conn",
    "Fla",
    "Ga",
    "Ky",
    "Md",
    "Mich",
    "Minn",
    "Mont",
    "Neb",
    "Nev",
    "Okla",
    "Pa",
    "Penn",
    "Tenn",
    "Tex",
    "Va",
    "Vt",
    "Wis",
    "Wyo",
    "yrs",
    "hrs",
    "mins",
    "secs",
    "oz",
    "lb",
    "lbs",
    "cm",
    "km",
    "kg",
    "govt",
    "univ",
    "ex",
    "La",
]
# Before a number they do not end a sentence (``nr. 5``, ``p. 12``).
SV_NUMERIC = ["nr", "no", "s", "sid", "kap", "vol", "art", "tab", "fig", "p", "pp", "bd", "kl", "ca"]
EN_NUMERIC = ["No", "Nos", "nr", "p", "pp", "vol", "vols", "art", "ch", "sec", "para", "fig", "figs", "op", "tab"]
# Before a day they do not end a sentence (``5 jan. 2020``, ``Jan. 5``); before a word they do.
SV_MONTHS = ["jan", "febr", "feb", "apr", "jun", "jul", "aug", "sept", "sep", "okt", "nov", "dec"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]


def sents(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


@pytest.mark.parametrize("abbr", SV_PREFIX)
def test_swedish_prefix_abbreviation_before_a_capital_and_a_real_end(abbr):
    first = f"Listan nämner {abbr}. Det nya förslaget och inget annat."
    assert sents(f"{first} Beslutet kommer i morgon.", "sv") == [first, "Beslutet kommer i morgon."]


@pytest.mark.parametrize("abbr", EN_PREFIX)
def test_english_prefix_abbreviation_before_a_capital_and_a_real_end(abbr):
    first = f"We met {abbr}. The others at the station."
    assert sents(f"{first} Then it rained.", "en") == [first, "Then it rained."]


@pytest.mark.parametrize("abbr", SV_FINAL)
def test_swedish_final_abbreviation_ends_a_sentence_before_an_opener(abbr):
    text = f"Listan slutar med {abbr}. Det gick bra ändå."
    assert sents(text, "sv") == [f"Listan slutar med {abbr}.", "Det gick bra ändå."]


@pytest.mark.parametrize("abbr", EN_FINAL)
def test_english_final_abbreviation_ends_a_sentence_before_an_opener(abbr):
    text = f"The list ends with {abbr}. The rest came later."
    assert sents(text, "en") == [f"The list ends with {abbr}.", "The rest came later."]


@pytest.mark.parametrize("lang, abbr", [("sv", a) for a in SV_NUMERIC] + [("en", a) for a in EN_NUMERIC])
def test_numeric_abbreviation_before_a_number(lang, abbr):
    first, second = {
        "sv": (f"Se {abbr}. 12 i rapporten.", "Det gäller alla."),
        "en": (f"See {abbr}. 12 in the report.", "It applies to all."),
    }[lang]
    assert sents(f"{first} {second}", lang) == [first, second]


@pytest.mark.parametrize("lang, abbr", [("sv", a) for a in SV_MONTHS] + [("en", a) for a in EN_MONTHS])
def test_month_abbreviation_before_a_day_and_before_a_word(lang, abbr):
    if lang == "sv":
        dated, ended = f"Mötet hölls den 5 {abbr}. 2020 i Umeå.", (f"Reglerna gäller till {abbr}.", "Sedan kommer nya.")
    else:
        dated, ended = f"It happened on {abbr}. 5 in Boston.", (f"The rules apply until {abbr}.", "The council meets again.")
    assert sents(dated, lang) == [dated]
    assert sents(" ".join(ended), lang) == list(ended)


@pytest.mark.parametrize(
    "lang, text",
    [
        ("sv", "Flera partier, t.ex. De gröna, vill ändra lagen."),
        ("sv", "Hon har arbetat i bl.a. Sverige och Norge."),
        ("sv", "Regeringen följer det s.k. Nato-spåret i frågan."),
        ("sv", "Vi talade med Mr. Smith om saken i går."),
        ("en", "We spoke to Mr. Smith about it yesterday."),
        ("en", "The U.S. Army confirmed the report on Monday."),
        ("en", "Troops from the U.S. Army and the U.K. Royal Navy took part."),
        # abbreviations that may end a sentence, before a name that continues it
        ("en", "Martin Luther King Jr. Day is a public holiday."),
        ("en", "Apple Inc. Chief Executive Tim Cook said sales rose."),
        ("en", "Warner Bros. Pictures released the film in May."),
        ("en", "Acme Co. President John Smith resigned on Friday."),
    ],
)
def test_abbreviations_before_names_stay_in_the_sentence(lang, text):
    follow = {"sv": "Sedan blev det tyst.", "en": "Then it went quiet."}[lang]
    assert sents(f"{text} {follow}", lang) == [text, follow]

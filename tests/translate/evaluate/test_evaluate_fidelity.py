"""Fidelity flags: each check fires on the error it is for and stays quiet on correct translations."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import NTREX, need_shared
from translate.document import Document, Segment
from translate.evaluate import fidelity as F
from translate.evaluate.fidelity import checks, names


def kinds(source, translation, **kw):
    return [f["kind"] for f in F.flag_pair(source, translation, detect=lambda t: "en", **kw)]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "sv, en",
    [
        ("Priset steg med 3,5 procent.", "The price rose by 3.5 percent."),
        ("Över 10 000 personer kom.", "More than 10,000 people came."),
        ("Över 10\u00a0000 personer kom.", "More than 10 000 people came."),
        ("Hon är 69 år.", "She is 69."),
        ("Tåget går kl. 19.30 i kväll.", "The train leaves at 7:30 p.m. tonight."),
        ("Mötet börjar 09.00.", "The meeting starts at 9 a.m."),
        ("Tre av dem var 12 år.", "Three of them were 12 years old."),
        ("Fem personer skadades.", "5 people were injured."),
        ("Affären var värd 5,5 miljoner kronor.", "The deal was worth 5,500,000 kronor."),
        ("Han föddes på 90-talet.", "He was born in the 1990s."),
        ("Kyrkan byggdes på 1800-talet.", "The church was built in the 19th century."),
        ("Hon kom på 18:e plats.", "She finished 18th."),
        ("Matchen slutade 2-1.", "The match ended 2-1."),
    ],
)
def test_numbers_that_survive_in_english_conventions_are_not_flagged(sv, en):
    assert F.check_numbers(sv, en) == []


@pytest.mark.parametrize(
    "sv, en, fragment",
    [
        ("Priset steg med 3,5 procent.", "The price rose by 5.3 percent.", "3,5"),
        ("Över 10 000 personer kom.", "More than 1,000 people came.", "10 000"),
        ("Det kostade 1,50 kronor.", "It cost 150 kronor.", "1,50"),
        ("Det väger 1,5 ton.", "It weighs 1,500 tonnes.", "1,5"),  # a decimal comma read as thousands
        ("Hon är 69 år.", "She is 96.", "69"),
        ("Tåget går kl. 19.30.", "The train leaves at 8:30 p.m.", "19.30"),
        ("Mötet hölls 2018.", "The meeting was held in 2019.", "2018"),
    ],
)
def test_changed_numbers_are_flagged_naming_them(sv, en, fragment):
    why = F.check_numbers(sv, en)
    assert why and fragment in " ".join(why)


def test_an_invented_number_is_flagged():
    assert F.check_numbers("Många kom till mötet.", "Many, 40 in all, came to the meeting.") == ["translation has 40, not in the source"]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=9_999_999), st.integers(min_value=0, max_value=99))
def test_swedish_and_english_number_formats_agree(whole, frac):
    sv_whole = f"{whole:,}".replace(",", " ")
    en_whole = f"{whole:,}"
    sv = f"Summan var {sv_whole},{frac:02d} kronor och {sv_whole} personer."
    en = f"The sum was {en_whole}.{frac:02d} kronor and {en_whole} people."
    assert F.check_numbers(sv, en) == []
    wrong = f"The sum was {whole + 1:,}.{frac:02d} kronor and {whole + 1:,} people."
    assert F.check_numbers(sv, wrong)


# ---------------------------------------------------------------- names


def test_a_dropped_name_is_flagged():
    sv = "I går besökte statsminister Magdalena Andersson Kiruna och LKAB."
    ok = "Yesterday Prime Minister Magdalena Andersson visited Kiruna and LKAB."
    assert F.check_names(sv, ok) == []
    why = F.check_names(sv, "Yesterday Prime Minister Magdalena Andersson visited the town and LKAB.")
    assert why == ["name Kiruna from the source missing in the translation"]
    assert "Magdalena" in F.check_names(sv, ok.replace("Magdalena ", ""))[0]


@pytest.mark.parametrize(
    "sv, en",
    [
        ("Handeln med Kina och Tyskland ökade.", "Trade with China and Germany increased."),
        ("Anderssons förslag fick stöd av FN.", "Andersson's proposal was backed by the UN."),
        ("Brexitförhandlingarna fortsätter i Bryssel.", "The Brexit negotiations continue in Brussels."),
        ("Koreakriget tog slut 1953.", "The Korean War ended in 1953."),
        ("Det var Nato som svarade.", "It was Nato that answered."),
        ("Hon flyttade till Katalonien.", "She moved to Catalonia."),
        ("”Vad händer nu?” frågade han.", '"What happens now?" he asked.'),
        ("EU:s ledare möttes i Vita huset.", "The EU's leaders met in the White House."),
        ("Han sa: Det är klart.", "He said: It is done."),
    ],
)
def test_translated_names_and_sentence_starts_are_not_flagged(sv, en):
    assert F.check_names(sv, en) == []


def test_case_matters_for_short_names():
    sv = "Domaren Theresa May gav besked."
    assert F.check_names(sv, "Judge Theresa May gave notice.") == []
    assert F.check_names(sv, "Judge Theresa gave notice, as she may.")


def test_a_name_opening_a_sentence_is_known_from_the_rest_of_the_document():
    sources = ["Mötet leddes av Lindqvist.", "Lindqvist sa att allt gick bra."]
    known = F.document_names(sources)
    assert "Lindqvist" in known
    assert F.check_names(sources[1], "He said all went well.", known)
    assert F.check_names(sources[1], "He said all went well.") == []


# ---------------------------------------------------------------- quotes, length, language, repetition


def test_unbalanced_quotes_are_flagged_only_when_the_source_balances():
    sv = "Han kallade det ”en katastrof” i går."
    assert F.check_quotes(sv, 'He called it "a disaster" yesterday.') == []
    assert F.check_quotes(sv, 'He called it "a disaster yesterday.')
    # a quotation running across sentences is odd in both
    assert F.check_quotes("”Vi är glada.", '"We are happy.') == []


def test_length_far_outside_the_documents_norm_is_flagged():
    sv = [f"Detta är mening nummer {i} i en lång artikel om vädret i norr." for i in range(8)]
    en = [f"This is sentence number {i} in a long article about the weather up north." for i in range(8)]
    en[3] = "This is sentence."
    flags = F.flag_segments(sv, en, detect=lambda t: "en")
    assert [i for i, f in enumerate(flags) if any(x["kind"] == "length" for x in f)] == [3]
    assert "missing" in next(x for x in flags[3] if x["kind"] == "length")["why"]


def test_swedish_left_in_the_output_is_flagged():
    sv = "Regeringen presenterade i dag sitt förslag till ny budget för nästa år."
    assert F.check_untranslated(sv, sv) == ["translation is a copy of the Swedish source"]
    half = "The government presented i dag sitt förslag till ny budget för nästa år."
    assert F.check_untranslated(sv, half, detect=lambda t: "sv")
    assert F.check_untranslated(sv, "The government presented its proposal for a new budget for next year today.") == []


@pytest.mark.parametrize(
    "en",
    [
        "That is all all all the bread we have left.",
        "She never seemed angry or angry or upset.",
        "They went up to up to the top of the hill.",
        "We will we will we will we will rock you tonight.",
    ],
)
def test_repetition_loops_are_flagged(en):
    assert F.check_repetition("En mening utan upprepning här.", en)


@pytest.mark.parametrize("en", ["He had had enough of it.", "No, no, I am waiting.", "The U.S. said the U.S. would act."])
def test_ordinary_repeats_are_not_flagged(en):
    assert F.check_repetition("En mening utan upprepning här.", en) == []


def test_repetition_in_the_source_is_not_blamed_on_the_translation():
    assert F.check_repetition("Nej nej nej, sa hon.", "No no no, she said.") == []


# ---------------------------------------------------------------- together


def test_flags_name_the_segment_and_counts_cover_every_kind():
    flags = F.flag_segments(["Hon är 69 år.", "Det regnar."], ["She is 96.", "It is raining."], ids=[4, 5], detect=lambda t: "en")
    assert flags[0] == [{"kind": "number", "why": flags[0][0]["why"], "segment": 4}]
    assert flags[1] == []
    counts = F.count_flags(flags)
    assert list(counts) == list(F.KINDS) and counts["number"] == 1 and sum(counts.values()) == 1


def test_flag_document_skips_passthrough_segments():
    text = "Hon är 69 år. The score was 3-1."
    doc = Document(
        text=text,
        segments=[
            Segment(0, 0, 0, 13, "Hon är 69 år.", lang="sv", translation="She is 96.", origin="mt"),
            Segment(1, 0, 14, 32, "The score was 3-1.", lang="en", translation="The score was 3-1.", origin="passthrough"),
        ],
    )
    F.flag_document(doc, detect=lambda t: "en")
    assert [f["kind"] for f in doc.segments[0].flags] == ["number"]
    assert doc.segments[1].flags == []


def test_flag_translation_needs_no_source():
    assert [f["kind"] for f in F.flag_translation("It was all all all over.", segment=2, detect=lambda t: "en")] == ["repetition"]
    assert F.flag_translation("It was a fine day.", detect=lambda t: "en") == []


def test_few_correct_ntrex_translations_are_flagged():
    # a guard for the benchmark's number (scripts/bench_fidelity.py): 20 documents of real MT output
    d = need_shared(NTREX)
    sv = (d / "newstest2019.sv").read_text(encoding="utf-8").splitlines()
    mt = (d / "newstest2019.mt").read_text(encoding="utf-8").splitlines()
    ids = (d / "newstest2019.docids").read_text(encoding="utf-8").splitlines()
    keep = sorted(set(ids), key=ids.index)[:20]
    idx = [i for i, g in enumerate(ids) if g in keep]
    flags = F.flag_segments([sv[i] for i in idx], [mt[i] for i in idx], groups=[ids[i] for i in idx])
    assert sum(1 for f in flags if f) <= 0.05 * len(idx)


_TEXT = st.text(alphabet=st.sampled_from(list("aåÄöB Kx0123456789.,:;-–\"”“'’()½%$ \u00a0\n")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(_TEXT, _TEXT)
@example("Det är så.", "Ja, ja, ja, sa Kalle ”Kx” B och B B B.")
def test_any_text_gets_a_list_of_well_formed_flags(source, translation):
    flags = F.flag_pair(source, translation, segment=1, detect=lambda t: "en")
    assert all(set(f) == {"kind", "why", "segment"} and f["kind"] in F.KINDS and f["why"] for f in flags)
    # a text against itself: its names are copied, its quotation marks and repeats are the source's own
    same = F.flag_pair(translation, translation, detect=lambda t: "en")
    assert not [f for f in same if f["kind"] in ("name", "quotes", "repetition", "untranslated")], same


def test_urls_handles_and_hashtags_must_be_copied():
    sv = "Läs mer på https://example.se/nyheter eller följ @tolka_nyheter och #val2022."
    assert F.check_names(sv, "Read more at https://example.se/nyheter or follow @tolka_nyheter and #val2022.") == []
    why = F.check_names(sv, "Read more at example.se or follow tolka news and #val2022.")
    assert why == ["https://example.se/nyheter, @tolka_nyheter from the source not copied into the translation"]


# ---------------------------------------------------------------- fast paths equal the plain versions


def _naive_adjacent_repeats(tokens, max_n=12):
    found = []
    for n in range(1, max_n + 1):
        for i in range(len(tokens) - 2 * n + 1):
            gram = tokens[i : i + n]
            if sum(t[0].isalnum() for t in gram) < min(n, 2):
                continue
            if gram == tokens[i + n : i + 2 * n] and not (n == 1 and tokens[i + 2 : i + 3] != gram):
                found.append(" ".join(gram))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "cat", ",", "no", "a", "."]), max_size=40), st.integers(1, 12))
def test_adjacent_repeats_equals_trying_every_position(tokens, max_n):
    assert checks._adjacent_repeats(tokens, max_n) == _naive_adjacent_repeats(tokens, max_n)


@settings(max_examples=300, deadline=None)
@given(st.text("aAbB_1 -.éÉkK", min_size=1, max_size=3), st.text("aAbB_1 -.éÉkKſ", max_size=14), st.booleans())
def test_word_start_search_equals_the_regex(name, text, ignore_case):
    import re

    expected = re.search(r"(?<!\w)" + re.escape(name), text, re.I if ignore_case else 0) is not None
    assert names._at_word_start(name, text, ignore_case) == expected

"""Exports meeting real readers: spreadsheets' CSV rules, line readers, CAT tools' approval,
validators, and text that plays tricks with bidi controls and control characters."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.translate.export.test_export_common import make_document
from translate.cli import main
from translate.cli.common import example_article
from translate.document import Document, Paragraph, QuoteLink, Segment
from translate.export import html as export_html
from translate.export import jsonl, tsv, xliff
from translate.memory import Memory
from translate.pipeline import translate_article

EXAMPLE_MEMORY = Path(__file__).resolve().parents[3] / "translate" / "data" / "example.memory.tsv"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


class NoModel:
    """Every sentence here comes from a memory: reaching the model is a failure."""

    model_name = "no-model"

    def translate(self, sentences):
        if sentences:
            raise AssertionError(f"the model was asked for {sentences[:2]}")
        return []


@pytest.fixture(scope="module")
def example_doc() -> Document:
    """The bundled example, translated from its bundled memory: it has fields opening with a quotation mark."""
    return translate_article(example_article(), memory=str(EXAMPLE_MEMORY), translator=NoModel())


# -- TSV ----------------------------------------------------------------------------------------


def test_tsv_reads_row_for_row_with_pythons_csv_excel_tab(example_doc):
    data = tsv.render(example_doc, stem="example").decode("utf-8")
    pairs = [s for s in example_doc.segments if s.translation is not None]
    assert any(s.translation.startswith('"') for s in pairs)  # the case that shifted rows
    table = list(csv.reader(io.StringIO(data, newline=""), dialect="excel-tab"))
    # every pair on its own row, in order: a quotation mark opening a field does not swallow the next ones
    assert [row[:3] for row in table[-len(pairs) :]] == [[s.source, s.translation, f"example:{s.id} {s.origin}"] for s in pairs]
    assert table[0] == ["sv", "en", "info", "confidence"] and len(table) == 1 + len(pairs)
    # pandas' reader (default quoting, first row as header) follows the same rules as csv's
    dicts = list(csv.DictReader(io.StringIO(data, newline=""), dialect="excel-tab"))
    assert [d["en"] for d in dicts] == [s.translation for s in pairs]


def test_exported_tsv_is_still_a_memory_and_plain_tsv_keeps_its_quotation_marks(example_doc, tmp_path):
    path = tmp_path / "example.tsv"
    path.write_bytes(tsv.render(example_doc, stem="example"))
    again = translate_article(example_article(), memory=str(path), translator=NoModel())
    assert again.translated_text() == example_doc.translated_text()
    # a TSV without tolka's header (LF Aligner's, the bundled memory) has no quoting: a leading
    # quotation mark belongs to the sentence
    plain = tmp_path / "plain.tsv"
    plain.write_text('"Vi vinner", sa hon.\t"We will win," she said.\n', encoding="utf-8")
    assert Memory.load(plain).lookup('"Vi vinner", sa hon.') == '"We will win," she said.'


# -- JSONL --------------------------------------------------------------------------------------


def test_jsonl_records_survive_every_line_splitter():
    doc = make_document()
    doc.segments[1].translation = "line\u2028separator, paragraph\u2029separator, next\x85line"
    doc.segments[2].source = "rad\u2028ett"
    data = jsonl.render(doc).decode("utf-8")
    lines = data.splitlines()  # str.splitlines() breaks at U+2028, U+2029 and U+0085 too
    assert len(lines) == sum(s.translation is not None for s in doc.segments)
    records = [json.loads(line) for line in lines]
    assert records[1]["translation"] == doc.segments[1].translation and records[2]["source"] == "rad\u2028ett"
    assert not re.search("[\u2028\u2029\x85]", data)


# -- XLIFF --------------------------------------------------------------------------------------


def _fuzzy_by_translate_toolkit(unit) -> bool:
    # translate-toolkit's xliffunit.isfuzzy(): "not self.isapproved() and bool(self.target)"
    return unit.get("approved") != "yes" and bool(unit.findtext("x:target", namespaces=NS))


def test_xliff_approves_final_targets_and_leaves_machine_translation_for_review():
    doc = make_document()
    root = etree.fromstring(xliff.render(doc))
    units = {u.get("id"): u for u in root.iter("{*}trans-unit")}
    by_origin = {o: [units[f"s{s.id}"] for s in doc.segments if s.origin == o] for o in ("mt", "memory", "passthrough")}
    assert all(by_origin.values())
    assert all(u.get("approved") == "yes" for o in ("memory", "passthrough") for u in by_origin[o])
    assert all(u.get("approved") is None for u in by_origin["mt"])
    assert all(u.find("x:target", NS).get("state") == "needs-review-translation" for u in by_origin["mt"])
    fuzzy = [u.get("id") for u in units.values() if _fuzzy_by_translate_toolkit(u)]
    assert fuzzy == [u.get("id") for u in by_origin["mt"]]


# -- HTML ---------------------------------------------------------------------------------------


def _quote_doc(model_used: bool = True) -> Document:
    """A two-sentence English quote, both sentences retold by one Swedish sentence."""
    parts = [
        ("The ferries will run on time. Winter will test them.", "en", "quote", "passthrough"),
        ("Tidningen skriver att färjorna ska gå i tid men att vintern blir ett prov.", "sv", "body", "mt" if model_used else "memory"),
    ]
    text = parts[0][0] + "\n\n" + parts[1][0] + "\n"
    a, b = parts[0][0].split(". ")
    q1, q2 = a + ".", b
    segs = [
        Segment(0, 0, 0, len(q1), q1, "en", "quote", q1, "passthrough"),
        Segment(1, 0, len(q1) + 1, len(parts[0][0]), q2, "en", "quote", q2, "passthrough"),
        Segment(
            2,
            1,
            len(parts[0][0]) + 2,
            len(text) - 1,
            parts[1][0],
            "sv",
            "body",
            "The paper writes that the ferries will run on time but that winter will be a test.",
            parts[1][3],
        ),
    ]
    paras = [Paragraph(0, 0, len(parts[0][0]), "en", "quote"), Paragraph(1, segs[2].start, segs[2].end, "sv", "body")]
    return Document(
        text=text,
        paragraphs=paras,
        segments=segs,
        model="Helsinki-NLP/opus-mt-sv-en",
        quote_links=[QuoteLink(0, 2, 0.61), QuoteLink(1, 2, 0.44)],
    )


def test_retold_in_lists_each_sentence_once_with_the_quote_sentences_it_retells():
    tree = lxml_html.fromstring(export_html.render(_quote_doc(), stem="q"))
    for side in ("src", "tgt"):
        (box,) = tree.xpath(f"//div[contains(@class,'col-{side}')]//div[@class='links']")
        items = box.xpath(".//li")
        assert len(items) == 1  # not once per quote sentence
        (ref,) = items[0].xpath("./a[@class='ref']")
        assert ref.get("href") == f"#{side}-2" and ref.get("data-rel") == "0 1"
        quotes = items[0].xpath(".//a[@class='qref']")
        assert [(q.get("href"), q.text_content()) for q in quotes] == [
            (f"#{side}-0", "The ferries will run on time."),
            (f"#{side}-1", "Winter will test them."),
        ]
        assert "(0.61)" in items[0].text_content() and "(0.44)" in items[0].text_content()


def test_the_page_names_the_model_only_if_it_translated_something():
    with_mt = lxml_html.fromstring(export_html.render(_quote_doc(model_used=True)))
    without = lxml_html.fromstring(export_html.render(_quote_doc(model_used=False)))
    assert "opus-mt-sv-en" in with_mt.xpath("//header/p")[0].text_content()
    assert "opus-mt" not in lxml_html.tostring(without, encoding="unicode")


def test_validator_findings_stay_fixed():
    """What the W3C validator (vnu) reported: aria-label on elements with no role, checkboxes outside
    any landmark, sections without headings."""
    tree = lxml_html.fromstring(export_html.render(make_document(), stem="bridge"))
    roles = {"main", "nav", "header", "footer", "aside", "section", "form", "a", "input", "button"}
    labelled = tree.xpath("//*[@aria-label]")
    assert all(el.tag in roles or el.get("role") for el in labelled), [lxml_html.tostring(e)[:80] for e in labelled]
    boxes = tree.xpath("//input[@type='checkbox']")
    assert len(boxes) == 2 and all(b.xpath("ancestor::header or ancestor::main or ancestor::nav") for b in boxes)
    assert all(s.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6") for s in tree.xpath("//section"))


def test_bidi_overrides_in_article_text_are_isolated_in_plain_text_places():
    doc = make_document()
    doc.meta["title"] = "Rubrik \u202eslutar aldrig"
    doc.segments[2].flags = [{"kind": "number", "why": "3,5 \u202e35"}]
    page = export_html.render(doc).decode("utf-8")
    # <title> and title="" tooltips are plain text: the override is closed by a PDI right after it
    assert "<title>\u2068Rubrik \u202eslutar aldrig\u2069 — tolka</title>" in page
    assert "\u2068number: 3,5 \u202e35\u2069" in page
    css = export_html._asset("html.css")
    # ... and in the page body every sentence, English quotation inside one, tag and reference is an isolate
    assert re.search(r"\.seg, \.inline-en, \.tag, \.ref, \.qref, bdi \{ unicode-bidi: isolate; \}", css)


# -- control characters: said by `tolka translate --export` as by `tolka export` ------------------------


def test_translate_export_says_it_dropped_control_characters(capsys, tmp_path):
    article = tmp_path / "a.sv.txt"
    article.write_text("Det regnar\x07 i Lund.\n\nI morgon\x1b blir det sol.\n", encoding="utf-8")
    tm = tmp_path / "tm.tsv"
    tm.write_text(
        "Det regnar\x07 i Lund.\tIt rains\x07 in Lund.\nI morgon\x1b blir det sol.\tTomorrow it will be sunny.\n", encoding="utf-8"
    )
    code = main(
        [
            "translate",
            str(article),
            "--memory",
            str(tm),
            "--export",
            "tmx,jsonl",
            "-o",
            str(tmp_path / "out"),
            "--model",
            "tolka-tests/no-such-model",
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    # BEL and ESC: two in the Swedish, one in the English
    assert "tolka: note: replaced or removed 3 control characters that XML 1.0 forbids (the .jsonl export keeps them)" in err
    code = main(
        [
            "translate",
            str(article),
            "--memory",
            str(tm),
            "--export",
            "jsonl",
            "-o",
            str(tmp_path / "out2"),
            "--model",
            "tolka-tests/no-such-model",
        ]
    )
    assert code == 0 and "control characters" not in capsys.readouterr().err  # JSONL keeps them: nothing to say

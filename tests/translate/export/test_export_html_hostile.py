"""No text that reaches an HTML page becomes markup: every field, not only the sentences.

The article page shows, besides each sentence's source and translation: the "Retold in" boxes
under an English quote (the linked Swedish sentences, or their English), the evaluator's flags
(kind and reason) in a box and in tooltips, segment score names and values, document score names
and signatures, the model name, the title, the language of inline quotations and the file name
(the page's stem).  The batch index shows article names, error messages, flag kinds, score names,
output file names and the model.  Each is filled with hostile strings; the parsed page must have
exactly the elements and attribute names it has when they are plain text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import html as lhtml

from tests.translate.export.test_export_common import make_document
from translate.batch.index import render_index
from translate.document import Document, Span
from translate.export import html as export_html
from translate.export.common import clean_xml, flag_text

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</span></div><b>bold</b>",
    "</a><a href='//evil'>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "&amp;",
    "&lt;b&gt;",
    "&",
    "<!--",
    "-->",
    "]]>",
    "<style>*{display:none}</style>",
    "</title><script>1</script>",
    "</textarea>",
    "<![CDATA[x]]>",
    "\x00",
    "\x0b",
    "\ud800",
    "\ufffe",
    "\r\n",
    "\u2028",
    "😀",
    "`",
    "{{x}}",
]
hostile = st.lists(st.one_of(st.text(min_size=1, max_size=8), st.sampled_from(HOSTILE)), min_size=1, max_size=5).map("".join)

FIELDS = (
    "heading",
    "source",
    "translation",
    "inline",
    "inline_lang",
    "quote",
    "linked_sv",
    "linked_en",
    "flag_kind",
    "flag_why",
    "score_name",
    "score_text",
    "doc_score",
    "signature",
    "model",
    "title",
    "stem",
)


def parse(data: bytes | str):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return lhtml.document_fromstring(data, parser=lhtml.HTMLParser(encoding="utf-8"))


def shape(tree) -> list:
    return [(el.tag, sorted(el.attrib)) for el in tree.iter()]


def norm(text: str) -> str:
    # what an HTML parser makes of our cleaned text: CR and CRLF become LF
    return clean_xml(text).replace("\r\n", "\n").replace("\r", "\n")


def article(v: dict[str, str]) -> tuple[Document, str]:
    """A heading, a Swedish paragraph (with an inline English quotation), an English block quote
    linked to two Swedish sentences, flags and scores everywhere: every field from ``v``."""
    paras = [
        ([(v["heading"], "sv", "heading", v["title"], "mt")], "heading"),
        (
            [(v["linked_sv"], "sv", "body", v["linked_en"], "mt"), (v["source"] + v["inline"], "sv", "body", v["translation"], "memory")],
            "body",
        ),
        ([(v["quote"], "en", "quote", v["quote"], "passthrough")], "quote"),
        ([(v["source"], "sv", "body", v["translation"], "mt")], "body"),
    ]
    doc = make_document(paras, quote_links=((3, 1, 0.9), (3, 4, 0.4)), scored=False)
    segs = doc.segments
    inline = segs[2]
    a = inline.start + len(v["source"])
    inline.spans = [Span(start=a, end=a + len(v["inline"]), text=v["inline"], lang=v["inline_lang"])]
    for seg in segs:
        seg.flags = [{"kind": v["flag_kind"], "why": v["flag_why"]}]
        seg.scores = {v["score_name"]: 12.5, "note": v["score_text"]}
    doc.model, doc.meta = v["model"], {"title": v["title"]}
    doc.scores = {v["doc_score"]: {"score": 31.4, "signature": v["signature"]}, "chrf": 55.0}
    return doc, v["stem"]


PLAIN = {name: "x" for name in FIELDS}
BASELINE = shape(parse(export_html.render(*article(PLAIN)[:1], stem="x")))


def test_the_plain_page_shows_every_field():
    tree = parse(export_html.render(*article({k: f"<{k}>" for k in FIELDS})[:1], stem="<stem>"))
    text = tree.text_content()
    page = lhtml.tostring(tree, encoding="unicode")
    for name in FIELDS:
        assert (
            f"<{name}>" in text
            or f'"&lt;{name}&gt;"' in page
            or f"<{name}>" in " ".join(v for el in tree.iter() for v in el.attrib.values())
        ), name


ATTACK = '</span></a></div><img src=x onerror=alert(1)>" onmouseover="alert(2)'


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: hostile for name in FIELDS}))
@example({name: f"{name} {ATTACK}" for name in FIELDS})
def test_no_field_of_a_document_becomes_markup(v):
    doc, stem = article(v)
    data = export_html.render(doc, stem=stem)
    tree = parse(data)
    assert shape(tree) == BASELINE
    # the quote's "Retold in" boxes carry the linked sentences as text (each once, then the quote it retells)
    src_box = tree.xpath("//div[@id='p2']/div[contains(@class,'col-src')]//div[@class='links']//a[@class='ref']")
    tgt_box = tree.xpath("//div[@id='p2']/div[contains(@class,'col-tgt')]//div[@class='links']//a[@class='ref']")
    assert [a.text_content() for a in src_box] == [norm(v["linked_sv"]), norm(v["source"])]
    assert [a.text_content() for a in tgt_box] == [norm(v["linked_en"]), norm(v["translation"])]
    assert tree.xpath("//h1")[0].text_content() == norm(v["title"])
    assert tree.xpath("//dl[@class='scores']//dt")[0].text_content() == norm(v["doc_score"])
    flag = norm(flag_text({"kind": v["flag_kind"], "why": v["flag_why"]}))
    assert tree.xpath("//div[@class='flags']//li")[0].text_content() == f"sentence 0: {flag}"
    assert tree.xpath("//script")[0].text == export_html._asset("html.js")


def _summary(v: dict[str, str]) -> dict:
    ok = {
        "article": v["name"],
        "status": "ok",
        "error": None,
        "sentences": 3,
        "mt": 1,
        "memory": 1,
        "passthrough": 1,
        "quotes": 1,
        "quote_links": 1,
        "scores": {v["score"]: 40.0},
        "flags": 2,
        "flag_kinds": {v["kind"]: 2},
        "outputs": ["article.html", v["file"], "manifest.json"],
    }
    failed = {"article": v["bad"], "status": "failed", "error": v["error"]}
    totals = {"articles": 2, "ok": 1, "failed": 1, "sentences": 3, "mt": 1, "memory": 1, "passthrough": 1, "quotes": 1, "flags": 2}
    return {"tolka": "0", "settings": {"model": v["model"], "exports": ["html"], "metrics": []}, "totals": totals, "articles": [ok, failed]}


INDEX_FIELDS = ("name", "bad", "error", "score", "kind", "file", "model")
INDEX_BASELINE = shape(parse(render_index(_summary({k: "x" for k in INDEX_FIELDS}))))
# Article and file names hold no lone surrogates: a folder whose name is not UTF-8 is refused
# (see the test below), and tolka names the output files.
name = hostile.map(lambda t: t.encode("utf-8", "replace").decode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({k: name if k in ("name", "bad", "file") else hostile for k in INDEX_FIELDS}))
@example({k: f"{k} {ATTACK}" for k in INDEX_FIELDS})
@example({k: f"{k} \x1f\ud800" for k in INDEX_FIELDS if k not in ("name", "bad", "file")} | {"name": "n", "bad": "b", "file": "f"})
def test_no_field_of_a_batch_summary_becomes_markup(v):
    tree = parse(render_index(_summary(v)))
    assert shape(tree) == INDEX_BASELINE
    first, second = tree.xpath("//tbody/tr")
    assert first.xpath("string(td[1])") == norm(v["name"])
    assert second.xpath("string(td[2])") == "failed: " + norm(v["error"])


def test_hostile_and_undecodable_folder_names_through_a_batch(tmp_path):
    """Article names are folder names: markup, control characters and bytes that are not UTF-8."""
    import os

    import pytest

    from translate.batch import run_batch
    from translate.memory import Memory
    from translate.translator import Translator

    src = tmp_path / "in"
    text = "Det regnar i Lund i dag.\n"
    names = [b"<img src=x onerror=alert(1)>", b"Ett\x1fval", b"M\xf6tet"]  # the last is Latin-1, not UTF-8
    for raw in names:
        try:
            os.makedirs(os.path.join(os.fsencode(src), raw))
        except OSError:  # pragma: no cover - a filesystem that insists on UTF-8 names (macOS)
            pytest.skip("this filesystem refuses names that are not UTF-8")
        with open(os.path.join(os.fsencode(src), raw, b"article.sv.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    memory = Memory.from_pairs([("Det regnar i Lund i dag.", "It is raining in Lund today.")])
    summary = run_batch(src, tmp_path / "out", translator=Translator(tmp_path / "no-model", cache=False), memory=memory)
    rows = {r["article"]: r for r in summary["articles"]}
    assert rows["<img src=x onerror=alert(1)>"]["status"] == "ok" and rows["Ett\x1fval"]["status"] == "ok"
    assert rows["M\ufffdtet"]["status"] == "failed" and "not valid UTF-8" in rows["M\ufffdtet"]["error"]
    page = parse((tmp_path / "out" / "index.html").read_bytes())
    assert not page.xpath("//img | //script")
    assert [r.xpath("string(td[1])") for r in page.xpath("//tbody/tr")] == ["<img src=x onerror=alert(1)>", "Ett val", "M\ufffdtet"]

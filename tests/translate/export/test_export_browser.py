"""A real browser opens the exported HTML: hovering a Swedish sentence highlights its English counterpart.

Chromium is driven over the DevTools protocol through ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), so the test
needs no Python package beyond the standard library.  CI installs Debian's
``chromium`` (see .ci/run); there the test fails if it is missing, elsewhere it
skips with the reason.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.translate.export.test_export_common import make_document
from translate.export import export_document

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
TIMEOUT_S = 60.0  # a generous bound for a loaded 2-core machine, not a measurement


def chromium_path() -> str:
    path = (
        os.environ.get("TOLKA_CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    )
    if path:
        return path
    reason = "Debian's chromium is not installed (apt-get install chromium; .ci/run does it in CI)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


class Browser:
    """Just enough of the DevTools protocol: commands on one page, over a pipe."""

    def __init__(self, executable: str, profile: Path):
        profile.mkdir(parents=True, exist_ok=True)
        # a file, not a pipe: nobody drains stderr while the test runs, and a full pipe would block chromium
        self._log_path = profile.parent / "chromium.log"
        self._log = open(self._log_path, "wb")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds() -> None:
            # Chromium reads commands on fd 3 and writes replies on fd 4.  Duplicate
            # first: dup2 onto the same number would keep the pipe's close-on-exec flag.
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=child_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self.session: str | None = None

    def send(self, method: str, params: dict | None = None, *, page: bool = True) -> dict:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if page and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            while b"\0" not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                    raise TimeoutError(f"chromium did not answer {method}")
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"chromium exited: {self._log_path.read_text(errors='replace')[-2000:]}")
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def open(self, url: str, width: int = 1280, height: int = 900, javascript: bool = True) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, page=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, page=False)["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        if not javascript:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True})
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + TIMEOUT_S
        while self.eval("document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError(f"page did not load: {url}")
            time.sleep(0.05)

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def center(self, selector: str) -> tuple[float, float]:
        box = self.eval(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)}); el.scrollIntoView({{block: 'center'}});"
            " const r = el.getClientRects()[0]; return [r.x + Math.min(r.width / 2, 20), r.y + r.height / 2]; })()"
        )
        return box[0], box[1]

    def hover(self, selector: str) -> None:
        x, y = self.center(selector)
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close", page=False)
            self.proc.wait(timeout=15)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._to_chrome)
            os.close(self._from_chrome)
            self._log.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    executable = chromium_path()
    out = tmp_path_factory.mktemp("browser")
    (html,) = export_document(make_document(), ["html"], out, stem="bridge")
    browser = Browser(executable, out / "profile")
    try:
        browser.open(html.resolve().as_uri())
        yield browser, out
    finally:
        browser.close()


def _background(browser: Browser, selector: str) -> str:
    return browser.eval(f"getComputedStyle(document.querySelector({json.dumps(selector)})).backgroundColor")


def test_hovering_a_swedish_sentence_highlights_its_english_counterpart(page):
    browser, out = page
    before = _background(browser, "#tgt-1")
    browser.hover("#src-1")
    assert browser.eval("document.querySelector('#tgt-1').classList.contains('hl')")
    assert _background(browser, "#tgt-1") != before  # the highlight is visible, not only a class
    assert not browser.eval("document.querySelector('#tgt-2').classList.contains('hl')")
    shot = out / "hover.png"
    browser.screenshot(shot)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000


def test_hovering_a_quote_paraphrase_highlights_the_quote_on_both_sides(page):
    browser, _ = page
    browser.hover("#src-5")
    lit = browser.eval("[...document.querySelectorAll('.hl-link[id]')].map(e => e.id).sort()")
    assert lit == ["src-3", "tgt-3"]
    assert browser.eval("document.querySelector('#tgt-5').classList.contains('hl')")
    browser.hover("h1")  # moving away clears every highlight
    assert browser.eval("document.querySelectorAll('[data-seg].hl, [data-seg].hl-link, [data-seg].hl-self').length") == 0


def test_keyboard_focus_highlights_and_swap_control_reorders_columns(page):
    browser, out = page
    browser.eval("document.querySelector('#tgt-6').focus()")
    assert browser.eval("document.querySelector('#src-6').classList.contains('hl')")
    left = "document.querySelector('#src-1').getBoundingClientRect().x < document.querySelector('#tgt-1').getBoundingClientRect().x"
    assert browser.eval(left) is True
    browser.eval("document.querySelector('#swap').click()")
    assert browser.eval(left) is False
    browser.screenshot(out / "swapped.png")
    browser.eval("document.querySelector('#swap').click()")


def test_page_fetches_nothing_and_raises_no_csp_violation(page):
    browser, _ = page
    # resources other than the page itself (the CSP would block them, so there must be none)
    assert browser.eval("performance.getEntriesByType('resource').length") == 0
    assert browser.eval("document.documentElement.classList.contains('js')")  # our script ran under the CSP
    assert browser.eval("getComputedStyle(document.querySelector('.row')).display") == "grid"  # and our style applied


def test_print_stylesheet_hides_the_controls(page):
    browser, out = page
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.eval("getComputedStyle(document.querySelector('label[for=swap]')).display") == "none"
        assert browser.eval("getComputedStyle(document.querySelector('.row')).display") == "grid"  # still side by side
    finally:
        browser.send("Emulation.setEmulatedMedia", {"media": ""})


def test_without_javascript_the_page_reads_and_swaps(page):
    browser, out = page
    with_js = browser.session
    browser.open((out / "bridge.html").as_uri(), javascript=False)  # a second tab
    try:
        _check_no_js_page(browser)
    finally:
        browser.session = with_js


def _check_no_js_page(browser: Browser) -> None:
    assert not browser.eval("document.documentElement.classList.contains('js')")  # our script really did not run
    assert browser.eval("document.querySelector('#tgt-1').innerText") == make_document().segments[1].translation
    left = "document.querySelector('#src-1').getBoundingClientRect().x < document.querySelector('#tgt-1').getBoundingClientRect().x"
    assert browser.eval(left) is True
    x, y = browser.center("label[for=swap]")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
    assert browser.eval(left) is False  # the swap control is a CSS checkbox: no script needed


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_chromium_fails_in_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    monkeypatch.delenv("TOLKA_CHROMIUM", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(os.path, "exists", lambda p: False)
    with pytest.raises(outcome, match="apt-get install chromium"):
        chromium_path()


# -- hostile text and the finer points of the page (a second page, in its own tab) ----------------

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE, never terminated


def _hostile_document():
    from translate.document import Document, Paragraph, Segment, Span

    paragraphs = [
        [("Rubrik om färjorna", "Headline about the ferries", "mt")],
        [
            (f"Första meningen {RLO}vänds inte om.", f"The first sentence {RLO}is not turned around.", "mt"),
            ("Andra meningen står kvar.", "The second sentence stays.", "memory"),
        ],
    ] + [[(f"Stycke nummer {i} om vädret.", f"Paragraph number {i} about the weather.", "mt")] for i in range(2, 60)]
    text, segs, paras = "", [], []
    for p_index, sentences in enumerate(paragraphs):
        text += "\n\n" if p_index else ""
        p_start = len(text)
        for k, (src, tgt, origin) in enumerate(sentences):
            text += " " if k else ""
            segs.append(
                Segment(len(segs), p_index, len(text), len(text) + len(src), src, "sv", "heading" if p_index == 0 else "body", tgt, origin)
            )
            text += src
        paras.append(Paragraph(p_index, p_start, len(text), "sv", "heading" if p_index == 0 else "body"))
    # last: an English quotation kept verbatim inside a Swedish sentence, with an override of its own
    quote = f"we {RLO}stay here"
    src, tgt = f"Hon sade ”{quote}” och gick hem.", f"She said “{quote}” and went home."
    text += "\n\n"
    start = len(text)
    span = Span(
        start + src.index(quote),
        start + src.index(quote) + len(quote),
        quote,
        target_start=tgt.index(quote),
        target_end=tgt.index(quote) + len(quote),
        via="mask",
    )
    segs.append(Segment(len(segs), len(paras), start, start + len(src), src, "sv", "body", tgt, "mt", spans=[span]))
    text += src
    paras.append(Paragraph(len(paras), start, len(text), "sv", "body"))
    return Document(text=text + "\n", paragraphs=paras, segments=segs, model="test/tiny-marian")


@pytest.fixture
def hostile(page):
    """The hostile page in a tab of its own; the other tests go on in the first tab."""
    browser, out = page
    (html,) = export_document(_hostile_document(), ["html"], out, stem="hostile")
    first_tab = browser.session
    browser.open(html.resolve().as_uri(), height=600)
    try:
        yield browser
    finally:
        browser.session = first_tab


def _reads_left_to_right(browser: Browser, selector: str, after: bool = False) -> bool:
    """Whether each character of the element's first text (``after``: of the text right after the
    element) is drawn right of the one before it (on one line)."""
    node = "el.nextSibling" if after else "document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode()"
    return browser.eval(
        "(() => { const el = document.querySelector(" + json.dumps(selector) + ");"
        " const t = " + node + ";"
        " const r = document.createRange(); const box = (i) => { r.setStart(t, i); r.setEnd(t, i + 1);"
        " return r.getBoundingClientRect(); };"
        " let pairs = 0; for (let i = 0; i + 1 < t.length; i++) { const a = box(i), b = box(i + 1);"
        " if (Math.abs(a.top - b.top) > 1) continue; if (b.left <= a.left) return false; pairs++; }"
        " return pairs > 0; })()"
    )


def test_an_unterminated_override_does_not_reverse_the_next_sentence_or_tag(hostile):
    browser = hostile
    for side in ("src", "tgt"):
        assert _reads_left_to_right(browser, f"#{side}-2"), side  # the sentence after the override
    assert browser.eval("document.querySelector('#tgt-2 + .tag').textContent") == "TM"
    assert _reads_left_to_right(browser, "#tgt-2 + .tag")  # "TM", not "MT"
    assert _reads_left_to_right(browser, "#tgt-1 + .tag")  # the override's own sentence's tag too


def test_an_override_inside_an_inline_quotation_stays_inside_it(hostile):
    """An English quotation kept verbatim inside a Swedish sentence is an isolate of its own: its
    unterminated override does not reverse the rest of the sentence, in either column."""
    browser = hostile
    for side in ("src", "tgt"):
        assert browser.eval(f"document.querySelector('#{side}-61 .inline-en') !== null"), side
        assert _reads_left_to_right(browser, f"#{side}-61 .inline-en", after=True), side  # " och gick hem." / " and went home."


def test_a_link_target_scrolls_below_the_sticky_header_and_is_highlighted(hostile):
    browser = hostile
    browser.eval("location.hash = '#tgt-50'")
    top = browser.eval("document.querySelector('#tgt-50').getBoundingClientRect().top")
    heads = browser.eval("document.querySelector('.heads').getBoundingClientRect().bottom")
    assert browser.eval("window.scrollY") > 0 and top >= heads
    style = "getComputedStyle(document.querySelector(%s)).outlineStyle"
    assert browser.eval(style % json.dumps("#tgt-50")) != "none"
    assert browser.eval(style % json.dumps("#tgt-49")) == "none"


_CONTRAST = """(() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = (c) => { const v = rgb(c).slice(0, 3).map((x) => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
    if (rgb(c).length < 4 || rgb(c)[3] > 0) return c; } return "rgb(255, 255, 255)"; };
  const out = {};
  for (const sel of %s) { const el = document.querySelector(sel);
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    out[sel] = Math.round(100 * (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) / 100; }
  out.page = lum(background(document.body));
  return out; })()"""
_READ = [
    "body",
    "h1",
    ".top p",
    ".button",
    ".legend li",
    ".col-tgt .seg",
    ".tag",
    ".heads .col",
    ".foot",
    ".flags",
    ".seg.c-flag",
    ".links",
]


def test_dark_mode_is_honoured_and_stays_readable(page):
    browser, _ = page  # the first page has flags, a quote link box and scores
    browser.eval("window.scrollTo(0, 0)")
    light = browser.eval(_CONTRAST % json.dumps(_READ))
    browser.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        dark = browser.eval(_CONTRAST % json.dumps(_READ))
    finally:
        browser.send("Emulation.setEmulatedMedia", {"features": []})
    assert light["page"] > 0.8 and dark["page"] < 0.05  # a dark page when the reader asks for one
    for sel in _READ:
        assert light[sel] >= 4.5 and dark[sel] >= 4.5, (sel, light[sel], dark[sel])

"""One self-contained HTML page: Swedish and English side by side, paragraph by paragraph.

Every piece of article text goes through :func:`html.escape` (after the
control-character policy of :mod:`translate.export.common`); the page's only
script and stylesheet are tolka's own (``html.js``, ``html.css`` beside this
module), inlined and pinned by hash in a Content-Security-Policy that also
forbids fetching anything.  Without JavaScript the page still reads: columns,
colours, tags, quote-link lists and the swap control (a checkbox) are HTML and
CSS; the script only adds highlighting of counterparts on hover and focus.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from ..document import Document, Segment
from .common import VERBATIM_WHY, alignment_score, clean_xml, confidence, flag_text, inline_ranges, lang_tag, tool_version

SUFFIX = "html"
DESCRIPTION = "self-contained side-by-side HTML page for readers"

#: Confidence bands for the colour of a sentence: >= HIGH green, >= MID amber, else red.
HIGH, MID = 0.75, 0.5

ORIGIN_TAGS = {"mt": "MT", "memory": "TM", "passthrough": "as is"}
ORIGIN_NAMES = {"mt": "machine translation", "memory": "from the translation memory", "passthrough": "kept as is"}
_COUNTED = {"mt": "machine-translated", "memory": "from the translation memory", "passthrough": "kept as is"}
LANG_NAMES = {"sv": "Swedish", "en": "English"}


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _e(text: Any) -> str:
    """Escape for element content and double-quoted attributes."""
    return escape(clean_xml(str(text)), quote=True)


def _iso(text: Any) -> str:
    """Article text for plain-text places (``<title>``, ``title`` tooltips), bidi-isolated and escaped.

    FSI ... PDI closes whatever the text opens: an unterminated RIGHT-TO-LEFT OVERRIDE (U+202E)
    inside it cannot reverse the words after it.  In the page body CSS does the same
    (``unicode-bidi: isolate`` on every sentence, tag and reference).
    """
    return _e(f"\u2068{text}\u2069")


def _bdi(text: Any) -> str:
    """Article text inside a line of tolka's own words, in an isolating ``<bdi>``."""
    return f"<bdi>{_e(text)}</bdi>"


def band(score: float | None, flagged: bool = False) -> str:
    """The colour class for a confidence score (``c-flag`` wins when the evaluator flagged the sentence)."""
    if flagged:
        return "c-flag"
    if score is None:
        return "c-none"
    return "c-high" if score >= HIGH else "c-mid" if score >= MID else "c-low"


class _Page:
    def __init__(self, doc: Document, stem: str):
        self.doc = doc
        self.stem = stem
        self.src = lang_tag(doc.source_lang, "sv")
        self.tgt = lang_tag(doc.target_lang, "en")
        # quote links by segment: the segments each one is tied to, with the score
        self.links: dict[int, list[tuple[int, float]]] = {}
        for q in doc.quote_links:
            self.links.setdefault(q.quote, []).append((q.sentence, q.score))
            self.links.setdefault(q.sentence, []).append((q.quote, q.score))
        # ids go into id/href/data attributes unescaped: they must be what the model says, integers
        if not all(isinstance(s.id, int) and isinstance(s.paragraph, int) for s in doc.segments):
            raise TypeError("segment ids and paragraph numbers must be integers")
        self.roles = {p.index: p.role for p in doc.paragraphs}
        self.known = {s.id: s for s in doc.segments}

    # -- one sentence -----------------------------------------------------
    def _title(self, seg: Segment, score: float | None) -> str:
        bits = [f"sentence {seg.id}", ORIGIN_NAMES.get(seg.origin or "", "not translated")]
        if score is not None:
            bits.append(f"confidence {score:.2f}")
        aligned = alignment_score(self.doc, seg)
        if aligned is not None:
            bits.append(f"alignment {aligned:.2f}")
        # "bead" is the index of the segment's alignment bead, not a score
        bits += [
            f"{_iso(k)} {v:.3g}" if isinstance(v, (int, float)) else f"{_iso(k)} {_iso(v)}" for k, v in seg.scores.items() if k != "bead"
        ]
        bits += [f"⚑ {_iso(flag_text(f))}" for f in seg.flags]
        return " · ".join(bits)

    def _marked_html(self, seg: Segment, side: str) -> str:
        """The sentence's source or translation with its inline English quotations wrapped; all text escaped."""
        text = (seg.source if side == "source" else seg.translation) or ""
        out, pos = [], 0
        for a, b, sp in inline_ranges(seg, side):
            out.append(_e(text[pos:a]))
            # an isolate of its own (html.css), like the sentence around it
            out.append(f'<span class="inline-en" lang="{_e(sp.lang)}" title="{_e(VERBATIM_WHY)}">{_e(text[a:b])}</span>')
            pos = b
        out.append(_e(text[pos:]))
        return "".join(out)

    def sentence(self, seg: Segment, side: str) -> str:
        score = confidence(self.doc, seg)
        cls = ["seg", f"o-{seg.origin if seg.origin in ORIGIN_TAGS else 'none'}"]
        rel = " ".join(str(i) for i, _ in self.links.get(seg.id, []) if i in self.known)
        if side == "src":
            lang = seg.lang if seg.lang in ("sv", "en") else None
            body = self._marked_html(seg, "source")
        else:
            cls.append(band(score, bool(seg.flags)))
            lang = seg.lang if seg.origin == "passthrough" and seg.lang in ("sv", "en") else None
            if seg.translation is None:
                cls.append("missing")
                body = "[not translated]"
            else:
                body = self._marked_html(seg, "target")
        attrs = [
            f'id="{side}-{seg.id}"',
            f'class="{" ".join(cls)}"',
            f'data-seg="{seg.id}"',
            f'data-rel="{rel}"' if rel else "",
            f'lang="{lang}"' if lang else "",
            'tabindex="0"',
            f'title="{self._title(seg, score)}"',  # escaped piece by piece
        ]
        html = f"<span {' '.join(a for a in attrs if a)}>{body}</span>"
        for other, score_ in self.links.get(seg.id, []):
            if other in self.known and self.known[other].role == "quote" and seg.role != "quote":
                html += (
                    f'<a class="qmark" href="#{side}-{other}" title="retells the English quote'
                    f' (sentence {other}, link score {score_:.2f})">❝</a>'
                )
        if side == "tgt":
            html += self._tag(seg, score)
        return html

    def _tag(self, seg: Segment, score: float | None) -> str:
        label = ORIGIN_TAGS.get(seg.origin or "", "—")
        if score is not None:
            label += f" {score:.2f}"
        flag = '<span class="flag" role="img" aria-label="flagged">⚑</span>' if seg.flags else ""
        return f'<span class="tag o-{_e(seg.origin or "none")}">{_e(label)}{flag}</span>'

    # -- one paragraph ----------------------------------------------------
    def _kind(self, group: list[Segment]) -> str:
        role = self.roles.get(group[0].paragraph)
        roles = {s.role for s in group}
        if role == "quote" or roles == {"quote"}:
            return "blockquote"
        if role == "heading" or roles == {"heading"}:
            return "h2"
        if role == "caption" or roles == {"caption"}:
            return "caption"
        return "p"

    def _links_box(self, group: list[Segment], side: str) -> str:
        """Under an English block quote: each Swedish sentence that retells it (or its English), once,
        with the quote sentences it retells."""
        retold: dict[int, list[tuple[int, float]]] = {}
        for seg in group:
            for other, score in self.links.get(seg.id, []):
                o = self.known.get(other)
                if o is not None and o.role != "quote":
                    retold.setdefault(other, []).append((seg.id, score))
        items = []
        for other, quotes in sorted(retold.items()):
            o = self.known[other]
            text = o.source if side == "src" else (o.translation if o.translation is not None else o.source)
            lang = (o.lang if o.lang in ("sv", "en") else self.src) if side == "src" else self.tgt
            rel = " ".join(str(q) for q, _ in quotes)
            which = ", ".join(
                f'<a class="qref" href="#{side}-{q}" data-seg="{q}">{_bdi(_opening(self.known[q].source))}</a> ({score:.2f})'
                for q, score in quotes
            )
            items.append(
                f'<li><a class="ref" href="#{side}-{o.id}" data-seg="{o.id}" data-rel="{rel}" lang="{lang}">'
                f'{_e(text)}</a> <span class="score">retells {which}</span></li>'
            )
        if not items:
            return ""
        what = "Retold in the Swedish text" if side == "src" else "Retold in the translation"
        return f'<div class="links" lang="en">{what}:<ul>{"".join(items)}</ul></div>'

    def _flags_box(self, group: list[Segment]) -> str:
        items = [
            f'<li><a class="ref" href="#tgt-{s.id}" data-seg="{s.id}">sentence {s.id}</a>: {_bdi(flag_text(f))}</li>'
            for s in group
            for f in s.flags
        ]
        return f'<div class="flags" lang="en">Flags:<ul>{"".join(items)}</ul></div>' if items else ""

    def paragraph(self, group: list[Segment]) -> str:
        kind = self._kind(group)
        cells = []
        for side in ("src", "tgt"):
            inner = " ".join(self.sentence(s, side) for s in group)
            langs = {s.lang for s in group}
            if side == "src":
                col_lang = "en" if langs == {"en"} else self.src
            else:
                col_lang = "en" if all(s.origin == "passthrough" for s in group) and "en" in langs else self.tgt
            if kind == "blockquote":
                block = f"<blockquote>{inner}</blockquote>" + self._links_box(group, side)
            elif kind == "caption":
                block = f'<p class="caption">{inner}</p>'
            else:
                block = f"<{kind}>{inner}</{kind}>"
            if side == "tgt":
                block += self._flags_box(group)
            cells.append(f'<div class="col col-{side}" lang="{col_lang}">{block}</div>')
        # a <div>: a row is not a section of the article (it has no heading of its own)
        return f'<div class="row" id="p{group[0].paragraph}">{"".join(cells)}</div>'

    # -- the page ---------------------------------------------------------
    def title(self) -> str:
        if self.doc.meta.get("title"):
            return str(self.doc.meta["title"])
        for seg in self.doc.segments:
            if seg.role == "heading":
                return seg.translation or seg.source
        return self.stem

    def summary(self) -> str:
        counts = Counter(s.origin for s in self.doc.segments)
        n = len(self.doc.segments)
        parts = [f"{counts[o]} {_COUNTED[o]}" for o in _COUNTED if counts[o]]
        if counts[None]:
            parts.append(f"{counts[None]} not translated")
        text = f"{LANG_NAMES.get(self.src, self.src)} → {LANG_NAMES.get(self.tgt, self.tgt)} · {n} sentence{'s' if n != 1 else ''}"
        if parts:
            text += ": " + ", ".join(parts)
        if self.doc.quote_links:
            n_links = len(self.doc.quote_links)
            text += f" · {n_links} quote link{'s' if n_links != 1 else ''}"
        text = _e(text)
        # The model is named only where it translated something: memory hits and quotes are not its work.
        if self.doc.model and counts["mt"]:
            text += f" · model {_iso(self.doc.model)}"
        return text

    def doc_scores(self) -> str:
        rows = []
        for name, val in self.doc.scores.items():
            detail = ""
            if isinstance(val, dict):
                detail = str(val.get("signature", ""))
                val = val.get("score")
            if isinstance(val, bool) or not isinstance(val, (int, float)):
                continue
            title = f' title="{_e(detail)}"' if detail else ""
            rows.append(f"<div{title}><dt>{_bdi(name)}</dt><dd>{val:.2f}</dd></div>")
        return f'<dl class="scores">{"".join(rows)}</dl>' if rows else ""

    def legend(self) -> str:
        items = [
            ("c-high", f"confidence ≥ {HIGH:.2f}"),
            ("c-mid", f"{MID:.2f}–{HIGH:.2f}"),
            ("c-low", f"< {MID:.2f}"),
            ("c-flag", "flagged by the evaluator ⚑"),
            ("c-none", "not scored"),
            ("hl", "counterpart"),
            ("hl-link", "quote link"),
        ]
        lis = "".join(f'<li><span class="sw {c}"></span>{_e(t)}</li>' for c, t in items)
        lis += (
            '<li class="wrap">tags: MT = machine translation, TM = translation memory, as is = kept (English quote) · ❝ retells a quote'
            " · in italics: English quoted inside a Swedish sentence, kept verbatim</li>"
        )
        return f'<ul class="legend">{lis}</ul>'

    def render(self) -> str:
        css, js = _asset("html.css"), _asset("html.js")
        csp = f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; base-uri 'none'; form-action 'none'"
        rows = "".join(self.paragraph(g) for g in self.doc.paragraph_segments())
        heads = (
            '<div class="row heads" aria-hidden="true">'
            f'<div class="col col-src">{LANG_NAMES.get(self.src, self.src)} (original)</div>'
            f'<div class="col col-tgt">{LANG_NAMES.get(self.tgt, self.tgt)}</div></div>'
        )
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f'<meta name="generator" content="tolka {_e(tool_version())}">\n'
            f"<title>{_iso(self.title())} — tolka</title>\n"
            f"<style>{css}</style>\n</head>\n<body>\n"
            '<header class="top">\n'
            f"<h1>{_bdi(self.title())}</h1>\n"
            f"<p>{self.summary()}</p>\n"
            f"{self.doc_scores()}\n"
            '<div class="bar">'
            f"{self.legend()}</div>\n</header>\n"
            # The controls open <main> (a landmark, as every control must be in one): CSS reaches
            # the rows from a checkbox only as its siblings (":has()" would do it from anywhere, but
            # the W3C validator cannot parse it yet, and older browsers ignore it).
            f'<main aria-label="{_e(self.stem)}">'
            '<input type="checkbox" id="swap" class="toggle">'
            '<label for="swap" class="button swap-label">⇄ Swap columns</label>'
            '<input type="checkbox" id="tags" class="toggle" checked>'
            '<label for="tags" class="button tags-label">Tags</label>'
            f"{heads}\n{rows}\n</main>\n"
            f'<footer class="foot">Made by tolka {_e(tool_version())}. Hover or focus (Tab) a sentence to see its counterpart.</footer>\n'
            f"<script>{js}</script>\n</body>\n</html>\n"
        )


def _opening(text: str, words: int = 6) -> str:
    """The first words of a quote sentence, to say which one a Swedish sentence retells."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def render(doc: Document, *, stem: str = "article") -> bytes:
    """The document as one self-contained HTML page (UTF-8 bytes)."""
    return _Page(doc, stem).render().encode("utf-8")

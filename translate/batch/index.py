"""What OUT says about all its articles: a row per article, ``summary.json`` and ``index.html``.

The summary describes OUT, not one run: rows of up-to-date articles come from their manifests, so
a rerun that changes nothing rewrites the same summary.  In the index page everything that comes
from the articles (names, error messages, scores, flag kinds) is escaped, after the control-character
policy of the exports (:func:`translate.export.common.clean_xml`: a lone surrogate would make the page
unwritable as UTF-8); links are percent-encoded so names with spaces and å/ä/ö work from a file:// URL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..document import Document
from ..export.common import clean_xml


def _flat_scores(scores: dict[str, Any]) -> dict[str, float]:
    flat: dict[str, float] = {}
    for k, v in scores.items():
        if isinstance(v, dict) and isinstance(v.get("score"), (int, float)):
            v = v["score"]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            flat[k] = round(float(v), 2)
    return flat


def article_row(name: str, doc: Document, outputs: list[str]) -> dict[str, Any]:
    """The summary row of an article written with ``outputs`` (file names, sorted)."""
    origins = Counter(s.origin for s in doc.segments)
    kinds = Counter(str(f.get("kind", "?")) for s in doc.segments for f in s.flags)
    return {
        "article": name,
        "status": "ok",
        "error": None,
        "sentences": len(doc.segments),
        "mt": origins.get("mt", 0),
        "memory": origins.get("memory", 0),
        "passthrough": origins.get("passthrough", 0),
        "quotes": sum(1 for s in doc.segments if s.role == "quote") + sum(len(s.spans) for s in doc.segments),
        "quote_links": len(doc.quote_links),
        "scores": _flat_scores(doc.scores),
        "flags": sum(kinds.values()),
        "flag_kinds": dict(sorted(kinds.items())),
        "outputs": outputs,
        # how the article's files were read, where it matters (an encoding guessed)
        **({"notes": list(doc.meta["notes"])} if doc.meta.get("notes") else {}),
    }


def failed_row(name: str, reason: str) -> dict[str, Any]:
    return {"article": name, "status": "failed", "error": reason}


def summarize(names: Sequence[str], rows: dict[str, dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    """``summary.json``: the rows of ``names`` (in that order; those without a row are left out) and totals."""
    articles = [rows[n] for n in names if n in rows]
    ok = [r for r in articles if r["status"] == "ok"]
    totals = {
        "articles": len(articles),
        "ok": len(ok),
        "failed": len(articles) - len(ok),
        **{k: sum(r.get(k, 0) for r in ok) for k in ("sentences", "mt", "memory", "passthrough", "quotes", "flags")},
    }
    return {
        "tolka": __version__,
        "settings": {"model": settings["model"], "exports": settings["exports"], "metrics": settings["metrics"]},
        "totals": totals,
        "articles": articles,
    }


#: column headings for score keys (sacrebleu's names)
_LABELS = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td{background:#fdecea}
.err{color:#a40000}
"""


def _e(text: Any) -> str:
    return escape(clean_xml(str(text)), quote=True)


def _num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.1f}"
    return "" if v is None else str(v)


def _link(article: str, file: str) -> str:
    href = quote(f"{article}/{file}", safe="/")
    return f'<a href="{escape(href, quote=True)}">{_e(file)}</a>'


def render_index(summary: dict[str, Any]) -> str:
    """The HTML page for a batch summary (as written to ``summary.json``)."""
    rows = []
    score_keys: list[str] = []
    for row in summary["articles"]:
        for k in row.get("scores", {}):
            if k not in score_keys:
                score_keys.append(k)
    for row in summary["articles"]:
        name = row["article"]
        ok = row["status"] == "ok"
        outputs = row.get("outputs", [])
        page = next((f for f in ("article.html", "translation.en.txt") if f in outputs), None)
        if page:
            href = escape(quote(f"{name}/{page}", safe="/"), quote=True)
            cells = [f'<td><a href="{href}">{_e(name)}</a></td>']
        else:
            cells = [f"<td>{_e(name)}</td>"]
        if ok:
            cells.append("<td>ok</td>")
        else:
            cells.append(f'<td class="err">failed: {_e(row.get("error") or "")}</td>')
        for key in ("sentences", "mt", "memory", "passthrough", "quotes"):
            cells.append(f'<td class="num">{_e(_num(row.get(key)))}</td>')
        for k in score_keys:
            cells.append(f'<td class="num">{_e(_num(row.get("scores", {}).get(k)))}</td>')
        kinds = row.get("flag_kinds") or {}
        flags = ", ".join(f"{_e(k)}: {_e(n)}" for k, n in sorted(kinds.items()))
        cells.append(f"<td>{flags}</td>" if ok else "<td></td>")
        links = " ".join(_link(name, f) for f in row.get("outputs", []) if f != "manifest.json")
        cells.append(f"<td>{links}</td>")
        rows.append(f'<tr class="{"ok" if ok else "failed"}">' + "".join(cells) + "</tr>")
    t = summary["totals"]
    head = "".join(
        f"<th>{_e(h)}</th>"
        for h in [
            "article",
            "status",
            "sentences",
            "MT",
            "memory",
            "passthrough",
            "quotes",
            *(_LABELS.get(k, k) for k in score_keys),
            "fidelity flags",
            "files",
        ]
    )
    title = f"tolka batch: {t['ok']} of {t['articles']} articles translated"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f"<p>{t['failed']} failed; {t['sentences']} sentences: {t['mt']} machine-translated, "
        f"{t['memory']} from memory, {t['passthrough']} passed through. "
        f"Model: {_e(summary['settings'].get('model') or '')}.</p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
        "</body>\n</html>\n"
    )

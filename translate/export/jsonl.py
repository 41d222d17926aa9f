"""JSON Lines: one translated pair per line, lossless (every character survives).

Each line: ``document``, ``id``, ``paragraph``, ``role``, ``source_lang``,
``target_lang``, ``source``, ``translation``, ``origin``, ``confidence``,
``scores``, ``flags`` and ``quote_links`` (``[{"quote", "sentence", "score"}]``
that involve the segment).
"""

from __future__ import annotations

import json
import re

from ..document import Document
from .common import pairs

SUFFIX = "jsonl"
DESCRIPTION = "JSON Lines, one pair per line with ids, texts, origin and scores"

# A lone surrogate (possible after json.loads of "\ud800") cannot be encoded
# as UTF-8; written as a \u escape it stays valid JSON and loads back as itself.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def render(doc: Document, *, stem: str = "article") -> bytes:
    """The document's translated pairs as JSON Lines (UTF-8 bytes)."""
    out = []
    for pair in pairs(doc):
        seg = pair.seg
        record = {
            "document": stem,
            "id": seg.id,
            "paragraph": seg.paragraph,
            "role": seg.role,
            "source_lang": seg.lang,
            "target_lang": doc.target_lang if seg.origin != "passthrough" else seg.lang,
            "source": seg.source,
            "translation": seg.translation,
            "origin": seg.origin,
            "confidence": pair.confidence,
            "scores": seg.scores,
            "flags": seg.flags,
            "quote_links": [
                {"quote": q.quote, "sentence": q.sentence, "score": q.score}
                for q in doc.quote_links
                if seg.id in (q.quote, q.sentence)
            ],
        }
        line = json.dumps(record, ensure_ascii=False)
        out.append(_LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n")
    return "".join(out).encode("utf-8")

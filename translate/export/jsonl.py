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

# Written as \u escapes (still valid JSON, loading back as the same character):
# a lone surrogate (possible after json.loads of "\ud800"), which UTF-8 cannot encode, and the
# line breaks JSON leaves raw but str.splitlines() and other line readers honour (NEL, LS, PS),
# which would cut a record in two.
_ESCAPED = re.compile("[\ud800-\udfff\x85\u2028\u2029]")


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
                {"quote": q.quote, "sentence": q.sentence, "score": q.score} for q in doc.quote_links if seg.id in (q.quote, q.sentence)
            ],
        }
        line = json.dumps(record, ensure_ascii=False)
        out.append(_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n")
    return "".join(out).encode("utf-8")

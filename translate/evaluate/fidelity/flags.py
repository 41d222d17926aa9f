"""Putting the checks together: flags for one pair, for the segments of documents, for a Document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...document import Document
from .checks import (
    DEFAULT_LOG_RATIO,
    Detector,
    _default_detect,
    check_length,
    check_quotes,
    check_repetition,
    check_untranslated,
    length_norm,
)
from .names import check_names, document_names
from .numbers import _WORD_RE, check_numbers

#: Flag kinds, in display order.
KINDS = ("number", "name", "quotes", "length", "untranslated", "repetition")


def flag_pair(
    source: str,
    translation: str,
    *,
    segment: int | None = None,
    known_names: set[str] | None = None,
    length_log_norm: float = DEFAULT_LOG_RATIO,
    detect: Detector | None = None,
    kinds: Sequence[str] = KINDS,
) -> list[dict]:
    """All flags for one Swedish ``source`` and its English ``translation``."""
    flags: list[dict] = []

    def add(kind: str, whys: list[str]) -> None:
        for why in whys:
            flag: dict[str, Any] = {"kind": kind, "why": why}
            if segment is not None:
                flag["segment"] = segment
            flags.append(flag)

    if "number" in kinds:
        add("number", check_numbers(source, translation))
    if "name" in kinds:
        add("name", check_names(source, translation, known_names))
    if "quotes" in kinds:
        add("quotes", check_quotes(source, translation))
    if "length" in kinds:
        add("length", check_length(source, translation, length_log_norm))
    if "untranslated" in kinds:
        add("untranslated", check_untranslated(source, translation, detect))
    if "repetition" in kinds:
        add("repetition", check_repetition(source, translation))
    return flags


def flag_translation(translation: str, *, segment: int | None = None, detect: Detector | None = None) -> list[dict]:
    """The checks that need no source: loops and a Swedish sentence in the output."""
    flags: list[dict] = []

    def add(kind: str, why: str) -> None:
        flags.append({"kind": kind, "why": why} | ({"segment": segment} if segment is not None else {}))

    for why in check_repetition("", translation):
        add("repetition", why.replace(" that the source does not repeat", ""))
    # Quotation marks are not judged without the source: a quote often spans several sentences.
    if len(_WORD_RE.findall(translation)) >= 5 and (detect or _default_detect())(translation) == "sv":
        add("untranslated", "translation looks Swedish (language ID)")
    return flags


def flag_segments(
    sources: Sequence[str],
    translations: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    ids: Sequence[int] | None = None,
    skip: Sequence[bool] | None = None,
    detect: Detector | None = None,
    kinds: Sequence[str] = KINDS,
) -> list[list[dict]]:
    """Flags for each (source, translation) pair.

    ``groups`` names the document of each pair (e.g. NTREX doc ids): names seen
    in a document and its usual length ratio are learnt per document; without
    it, all pairs are one document.  ``skip`` marks pairs not to check (English
    passthrough segments).
    """
    if len(sources) != len(translations):
        raise ValueError(f"{len(sources)} sources but {len(translations)} translations")
    n = len(sources)
    groups = list(groups) if groups is not None else [""] * n
    ids = list(ids) if ids is not None else list(range(n))
    skip = list(skip) if skip is not None else [False] * n
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    out: list[list[dict]] = [[] for _ in range(n)]
    for idx in members.values():
        live = [i for i in idx if not skip[i]]
        known = document_names(sources[i] for i in live)
        norm = length_norm([sources[i] for i in live], [translations[i] for i in live])
        for i in live:
            out[i] = flag_pair(
                sources[i], translations[i], segment=ids[i], known_names=known, length_log_norm=norm, detect=detect, kinds=kinds
            )
    return out


def count_flags(flag_lists: Iterable[Sequence[dict]]) -> dict[str, int]:
    """``{kind: number of flags}`` over all segments, every kind present (zero when unseen)."""
    counts = {k: 0 for k in KINDS}
    for flags in flag_lists:
        for f in flags:
            counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    return counts


def flag_document(doc: Document, detect: Detector | None = None) -> Document:
    """Fill ``seg.flags`` for every translated Swedish segment of ``doc`` (in place; also returned).

    Segments passed through unchanged (English quotes, ``(…)``) are not judged.  Flags of
    other kinds, from earlier stages (e.g. ``"quotation"``), are kept ahead of these.
    """
    segs = doc.segments
    sources = [s.source for s in segs]
    translations = [s.translation if s.translation is not None else "" for s in segs]
    skip = [s.translation is None or s.origin == "passthrough" or s.lang == "en" for s in segs]
    flags = flag_segments(sources, translations, ids=[s.id for s in segs], skip=skip, detect=detect)
    for seg, f in zip(segs, flags):
        seg.flags = [x for x in seg.flags if x.get("kind") not in KINDS] + f
    return doc

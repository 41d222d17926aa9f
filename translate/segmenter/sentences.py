"""The public entry points: paragraphs, sentences inside a range, and a segmented article."""

from __future__ import annotations

from ..document import Document, Paragraph, Segment
from ..errors import TolkaError
from ..textio import normalise_newlines
from .headcuts import _lead_cuts
from .restated import _restated_headline
from .rules import _boundary, _soft_breaks
from .tokens import _FAST_SKIP, _FINAL_PUNCT, _PARA_SPLIT, _SENTENCE_END, _TOKEN, _first_char
from .wordlists import LANGS


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise TolkaError(f"unknown language {lang!r} for sentence splitting (use one of: {', '.join(LANGS)})")
    return lang


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of ``text``, trimmed of whitespace.

    Whitespace-only stretches produce no paragraph.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        _add_trimmed(text, pos, m.start(), spans)
        pos = m.end()
    _add_trimmed(text, pos, len(text), spans)
    return spans


def split_sentences(text: str, lang: str = "sv", start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, as offsets into ``text``.

    Spans have no surrounding whitespace, are in order, do not overlap, and
    together cover every non-whitespace character of the range.
    """
    _check_lang(lang)
    if end is None:
        end = len(text)
    tokens = [m.span() for m in _TOKEN.finditer(text, start, end)]
    if not tokens:
        return []
    soft = _soft_breaks(text, start, end)
    cuts: list[int] = []  # token indices after which a sentence ends
    sent_first = 0
    # Whether the current sentence opens the range or a line, the only places where an
    # unpunctuated headline really ends inside a paragraph; after a sentence end, running prose.
    opening = True
    for i in range(len(tokens) - 1):
        (a0, b0), (a1, b1) = tokens[i], tokens[i + 1]
        # Fast path for the common case, which _boundary would decide the same way: two
        # tokens of 2+ characters (no lone quote), the first without a terminator, no line
        # break between them, and the next not capitalised.
        if (
            b0 - a0 > 1
            and b1 - a1 > 1
            and text[b0 - 1] not in _FAST_SKIP
            and "\n" not in text[b0:a1]
            and not _first_char(text[a1:b1]).isupper()
        ):
            continue
        if _boundary(tokens, text, i, sent_first, not cuts, lang, soft, opening):
            cuts.append(i)
            sent_first = i + 1
            # After a headline without punctuation (a standfirst or the lead follows) and after
            # a line break, the text is still opening.
            opening = ("\n" in text[b0:a1] and b0 not in soft) or not _FINAL_PUNCT.search(text[a0:b0])
    first_end = cuts[0] if cuts else len(tokens) - 1
    if _SENTENCE_END.search(text[tokens[first_end][0] : tokens[first_end][1]]):
        # A headline, then perhaps a standfirst, then the lead that restates them.
        head = 0
        for _ in range(2):
            k = _restated_headline(tokens[head : first_end + 1], text, lang)
            if k is None:
                break
            head += k
            cuts.append(head - 1)
        cuts.sort()
    cuts = _lead_cuts(tokens, text, lang, cuts)
    spans: list[tuple[int, int]] = []
    first = 0
    for c in cuts:
        spans.append((tokens[first][0], tokens[c][1]))
        first = c + 1
    spans.append((tokens[first][0], tokens[-1][1]))
    return spans


def segment_article(text: str, lang: str = "sv") -> Document:
    """Split ``text`` into paragraphs and sentences and return a :class:`Document`.

    Segments get ids 0..n-1 in text order, ``lang`` ``"und"`` (language ID
    decides later) and role ``"body"``; a paragraph that is one sentence without
    final punctuation (a headline) gets role ``"heading"``.
    """
    _check_lang(lang)
    text = normalise_newlines(text)  # a bare CR (old Mac files) must still end a paragraph
    doc = Document(text=text, source_lang=lang)
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        sents = split_sentences(text, lang, p_start, p_end)
        para = Paragraph(index=p_index, start=p_start, end=p_end)
        heading = len(sents) == 1 and not _FINAL_PUNCT.search(text[p_start:p_end])
        if heading:
            para.role = "heading"
        doc.paragraphs.append(para)
        for s, e in sents:
            doc.segments.append(
                Segment(
                    id=len(doc.segments),
                    paragraph=p_index,
                    start=s,
                    end=e,
                    source=text[s:e],
                    role="heading" if heading else "body",
                )
            )
    return doc


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))

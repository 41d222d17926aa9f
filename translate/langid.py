"""Language identification per segment: Swedish, English or undetermined.

tolka only has to tell Swedish from English (English quotes pass through
untranslated), so the classifier is py3langid restricted to those two
languages.  py3langid was chosen over lingua-language-detector after measuring
both on the NTREX sentences and on short headline-like strings
(``scripts/bench_langid.py``): it was more accurate on both, faster, and its
model is a few megabytes inside the wheel rather than ~100 MB.

A segment's evidence is the log-odds ``log P(sv) - log P(en)`` from the
classifier.  Long, clear segments decide alone.  Short or unclear ones (a
two-word sentence, a headline, a by-line) are decided together with the other
segments of their paragraph, and a paragraph that is itself unclear leans on
the article as a whole -- a short English sentence inside an English quote is
English, a short Swedish headline in a Swedish article is Swedish.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Literal

from .document import Document, Segment

Lang = Literal["sv", "en", "und"]

#: Fewer words than this and a segment is "short": its paragraph has a say.
SHORT_WORDS = 6
#: Log-odds (natural log) below which a segment's own evidence is "unclear".
MARGIN = 15.0
#: One confident segment contributes at most this much to a neighbour's decision,
#: so a single long sentence does not outvote the rest of its paragraph.
CONTEXT_CLIP = 20.0
#: The article's overall language shifts an unclear paragraph by at most this much.
PRIOR_CLIP = 4.0

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _identifier():
    # Loading decompresses the model (~1 s): do it once, on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(["sv", "en"])
    return ident


def has_letters(text: str) -> bool:
    """True when ``text`` contains at least one letter (``(…)``, ``12-3`` have none)."""
    return any(ch.isalpha() for ch in text)


def logodds(text: str) -> float:
    """Evidence that ``text`` is Swedish rather than English: ``log P(sv) - log P(en)``.

    Positive means Swedish, negative English; magnitude grows with length.
    Text without letters gives ``0.0``.
    """
    if not has_letters(text):
        return 0.0
    ident = _identifier()
    with _lock:  # the identifier keeps no per-call state, but be safe across threads
        ranked = dict(ident.rank(text))
    return float(ranked["sv"] - ranked["en"])


def _label(lo: float) -> Lang:
    # A tie (no evidence either way) goes to Swedish: the article language.
    return "en" if lo < 0 else "sv"


def detect(text: str) -> Lang:
    """Language of ``text`` on its own: ``"sv"``, ``"en"``, or ``"und"`` when it has no letters."""
    if not has_letters(text):
        return "und"
    return _label(logodds(text))


def _clip(x: float, c: float) -> float:
    return max(-c, min(c, x))


def _is_clear(text: str, lo: float) -> bool:
    return len(text.split()) >= SHORT_WORDS and abs(lo) >= MARGIN


def tag_document(doc: Document, frame: Callable[[str], str] | None = None) -> Document:
    """Set ``lang`` on every segment and paragraph of ``doc`` (in place; also returned).

    Segments without letters are ``"und"``.  Segments that are short or unclear
    on their own are decided with their paragraph, then the article, as context.
    In a Swedish article every English segment gets role ``"quote"``, and so does
    a paragraph made only of English (and letterless) segments.

    ``frame`` maps a segment's text to the part that decides its language (the pipeline
    passes :func:`translate.inline.frame_text`: the text outside English quotations).
    """
    los: dict[int, float] = {}
    texts: dict[int, str] = {}
    for seg in doc.segments:
        if has_letters(seg.source):
            texts[seg.id] = frame(seg.source) if frame is not None else seg.source
            los[seg.id] = logodds(texts[seg.id])

    article_vote = sum(_clip(lo, CONTEXT_CLIP) for lo in los.values())
    prior = _clip(article_vote, PRIOR_CLIP)
    if not los:
        prior = 0.0

    for group in doc.paragraph_segments():
        for seg in group:
            if seg.id not in los:
                seg.lang = "und"
                continue
            lo = los[seg.id]
            if _is_clear(texts[seg.id], lo):
                seg.lang = _label(lo)
                continue
            ctx = lo + sum(_clip(los[o.id], CONTEXT_CLIP) for o in group if o is not seg and o.id in los)
            if abs(ctx) < MARGIN:
                ctx += prior
            seg.lang = _label(ctx)

    _tag_paragraphs(doc)
    return doc


def _tag_paragraphs(doc: Document) -> None:
    by_para: dict[int, list[Segment]] = {}
    for seg in doc.segments:
        by_para.setdefault(seg.paragraph, []).append(seg)
    for para in doc.paragraphs:
        letters = {"sv": 0, "en": 0}
        for seg in by_para.get(para.index, []):
            if seg.lang in letters:
                letters[seg.lang] += sum(ch.isalpha() for ch in seg.source)
        if not any(letters.values()):
            para.lang = "und"
        else:
            para.lang = max(letters, key=lambda k: letters[k])
        if doc.source_lang == "sv" and letters["en"] and not letters["sv"]:
            para.role = "quote"
    if doc.source_lang == "sv":
        for seg in doc.segments:
            if seg.lang == "en":
                seg.role = "quote"

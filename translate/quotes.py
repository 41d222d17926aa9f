"""English quotes in Swedish articles: find them, and tie each to the Swedish sentences that retell them.

Swedish news quotes English sources verbatim (a block quote of its own, or a
quoted phrase inside a Swedish sentence) and paraphrases them nearby, often
before the quote.  No sentence aligner fits: quotes sit anywhere, a sentence
may render several quote sentences and a quote may be retold twice.

:func:`mark_quotes` finds the quotes.  :func:`link_quotes` compares every
English quote sentence with the English *translation* of every Swedish
sentence, so both sides are English and plain overlap measures work.  The
evidence, each feature weighted by how rare it is among the article's
translations (so the story's topic words -- *Putin*, *China* -- count for little
and the words only one sentence has count most):

* content words, stemmed with the Snowball English stemmer (*supports* /
  *supporting*, *tickets* / *ticket*), and character 4-grams of them (which
  also meet inflected names and compounds); both *containment-style*: an
  excerpt of what a sentence says can match fully.  For the word score the
  sentence side is read through the best *window* about as long as the quote, so
  an excerpt matches the stretch of the sentence it comes from, and a sentence
  whose shared words are scattered (a neighbour on the same topic) scores less;
* phrases: pairs of neighbouring words, and pairs one word apart, function words
  included (*of her staff had posted* / *one of her employees had posted*): a
  rendering keeps much of the quote's phrasing and word order, a sentence on the
  same topic shares single words;
* numbers, in the translation or the Swedish sentence itself: one in common is
  evidence for, numbers on both sides and none in common evidence against;
* distance: a quote usually follows the sentence that retells it within a few
  paragraphs, so each paragraph between them costs a little, and twice as much
  beyond :data:`NEAR_PARAGRAPHS` paragraphs or after the quote -- mildly, so a
  clear match anywhere still wins -- and a sentence ending in ``:`` right before
  the quote block (``He said, among other things, that ...:``), which introduces
  and usually sums up the quote, gets a boost;
* context: a quote paragraph is often retold as a whole, so each of its sentences
  also carries :data:`QUOTE_CONTEXT` of the evidence its paragraph's other
  sentences have for a candidate.

Links scoring at least :data:`THRESHOLD` and :data:`RELATIVE` times the quote's
best are kept, best first.  Both were calibrated with ``scripts/bench_quotes.py``
against quotes that have a source sentence and quotes that have none.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from . import langid
from .document import Document, QuoteLink, Segment, Span

#: Links scoring below this are dropped (calibrated on scripts/bench_quotes.py: see the notes there).
THRESHOLD = 0.15
#: ...and links scoring below this fraction of the quote's best link are dropped too: a
#: sentence on the same topic is not a second rendering.
RELATIVE = 0.3
#: An inline quotation needs at least this many words to count as an English quote.
MIN_INLINE_WORDS = 4
#: ...and at least this much English evidence (log-odds, see :func:`translate.langid.logodds`).
INLINE_MARGIN = 2.0
#: Score lost per paragraph between a sentence and the quote it precedes, for the first
#: :data:`NEAR_PARAGRAPHS` paragraphs (a retelling usually comes shortly before its quote)...
NEAR_PENALTY = 0.015
NEAR_PARAGRAPHS = 3
#: ...and per paragraph beyond those, or after the quote (in all at most :data:`MAX_DISTANCE` paragraphs' worth).
DISTANCE_PENALTY = 0.03
MAX_DISTANCE = 5
#: A sentence ending in ":" right before a quote block usually retells or sums it up.
INTRO_BOOST = 1.5
#: A quote sentence scores at least this fraction of what a sentence of its own paragraph scores.
QUOTE_CONTEXT = 0.8
#: Function words weigh this fraction of what their rarity says.
FUNCTION_WEIGHT = 0.3
#: Weights of the character n-gram, word and phrase scores in the similarity.
CHAR_WEIGHT = 0.25
WORD_WEIGHT = 0.25
PHRASE_WEIGHT = 0.5
#: A side with fewer than this many content words (of the rarest kind) cannot match fully.
MIN_WORDS = 4
#: Character 4-grams per word, roughly (for the same floor on the n-gram side).
GRAMS_PER_WORD = 5
#: The same floor for phrases (pairs of words).
MIN_PHRASES = 6
#: The sentence window read against a quote, in words: this many times the quote's words.
WINDOW = 1.5
#: Added when the quote and the sentence share a number; subtracted when both have numbers but none in common.
NUMBER_BONUS = 0.05
NUMBER_PENALTY = 0.05

# A quoted stretch inside one segment.  Swedish uses ” (and ») on both sides.
_QUOTED = re.compile(
    r"“(?P<a>[^“”\"]+)[”\"]"
    r"|”(?P<b>[^”“]+)”"
    r"|\"(?P<c>[^\"“”]+)\""
    r"|»(?P<d>[^»«]+)[»«]"
    r"|«(?P<e>[^»«]+)»"
    r"|„(?P<f>[^„“”]+)[“”]"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_STEMMER = snowballstemmer.stemmer("english")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("’", "'")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    return _STEMMER.stemWord(word)


#: English function words: they count, but little (:data:`FUNCTION_WEIGHT`), so "I want
#: to" alone does not tie two unrelated sentences.  Words of degree, negation and time
#: ("most", "not", "since") are left out: they can tell a paraphrase from a sentence on
#: the same topic.
FUNCTION_WORDS = frozenset(
    """a am an and any are as at be been being both but by can could did do does doing each for from had
    has have having he her here hers herself him himself his how i if in into is it its itself just me my
    myself of on or our ours ourselves she should so some that the their theirs them themselves then there
    these they this those to was we were what when where which while who whom why will with would you
    your yours yourself yourselves said says say told""".split()
)
_FUNCTION_STEMS = frozenset(_stem(w) for w in FUNCTION_WORDS)


def _words(text: str) -> list[str]:
    """Lower-cased words; ``n't`` is a word of its own (``isn't`` -> ``is``, ``not``)."""
    out: list[str] = []
    for w in _WORD.findall(_normalise(text)):
        if w.endswith("n't") and len(w) > 3:
            out.append(w[:-3])
            out.append("not")
        else:
            out.append(w)
    return out


@dataclass(frozen=True)
class _Features:
    words: frozenset[str]  # stems of all words
    order: tuple[str, ...]  # stems of all words, in order (for the window)
    grams: frozenset[str]  # character 4-grams of the content words, padded with "#"
    phrases: frozenset[str]  # neighbouring stems, and stems one apart, as "a b" / "a _ b"
    numbers: frozenset[str]  # digits of each number, separators dropped


def _features(text: str) -> _Features:
    words = _words(text)
    stems = tuple(_stem(w) for w in words)
    grams: set[str] = set()
    for w in words:
        if w in FUNCTION_WORDS:
            continue
        padded = f"#{w}#"
        if len(padded) <= 4:
            grams.add(padded)
        else:
            grams.update(padded[i : i + 4] for i in range(len(padded) - 3))
    phrases = {f"{a} {b}" for a, b in zip(stems, stems[1:])} | {f"{a} _ {b}" for a, b in zip(stems, stems[2:])}
    return _Features(frozenset(stems), stems, frozenset(grams), frozenset(phrases), _numbers(text))


def _numbers(text: str) -> frozenset[str]:
    """The digits of each number in ``text``, separators dropped (``1 000`` = ``1,000``)."""
    return frozenset(re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text))


def _is_function(key: str) -> bool:
    """A stem, or a phrase of stems, made only of function words."""
    return all(k in _FUNCTION_STEMS or k == "_" for k in key.split(" "))


class _Table:
    """Feature weights (inverse document frequency over the article's translations)."""

    def __init__(self, sets: list[frozenset[str]]):
        df: Counter = Counter()
        for s in sets:
            df.update(s)
        n = max(len(sets), 1)
        self.idf = {k: math.log(1.0 + n / d) * (FUNCTION_WEIGHT if _is_function(k) else 1.0) for k, d in df.items()}
        # A feature no translation has is as rare as can be.
        self.rarest = math.log(1.0 + n)

    def get(self, key: str) -> float:
        w = self.idf.get(key)
        if w is None:
            w = self.rarest * (FUNCTION_WEIGHT if _is_function(key) else 1.0)
        return w

    def weight(self, features: frozenset[str]) -> float:
        return sum(self.get(k) for k in features)


def _overlap(q: frozenset[str], wq: float, t: frozenset[str], wt: float, table: _Table, floor: float) -> float:
    """Containment-style similarity of quote features ``q`` and translation features ``t`` (0..1).

    ``wq``/``wt`` are the sides' total weights.  Each counts as at least ``floor``:
    two words found in a sentence are weak evidence, however short the quote (or
    the sentence) they make up.
    """
    if not wq or not wt:
        return 0.0
    shared = table.weight(q & t)
    if not shared:
        return 0.0
    recall, precision = shared / max(wq, floor), shared / max(wt, floor)
    if recall >= precision:  # the quote is the smaller side: an excerpt is a full match
        return recall
    return 2 * precision * recall / (precision + recall)


def _window_precision(shared: frozenset[str], order: tuple[str, ...], size: int, table: _Table, floor: float) -> float:
    """The largest share (by weight) of a ``size``-word window of ``order`` made of ``shared`` words.

    Words are counted with their repeats, which for windows as short as a quote is close
    enough to counting each once, and lets one pass of running sums do all windows.
    """
    weights = [table.get(k) for k in order]
    hits = [w if k in shared else 0.0 for k, w in zip(order, weights)]
    size = max(1, min(size, len(order)))
    tot, hit = sum(weights[:size]), sum(hits[:size])
    best = hit / max(tot, floor)
    for i in range(size, len(order)):
        tot += weights[i] - weights[i - size]
        hit += hits[i] - hits[i - size]
        if hit > 0:
            best = max(best, hit / max(tot, floor))
    return best


class _Scorer:
    """Scores quotes against a fixed set of English translations (and their Swedish sources)."""

    def __init__(self, translations: list[str], sources: list[str] | None = None):
        self.cands = [_features(t) for t in translations]
        # Numbers also from the Swedish sentence: the translation may spell one out or drop it.
        self.numbers = [f.numbers | _numbers(s) for f, s in zip(self.cands, sources or translations)]
        self.words = _Table([f.words for f in self.cands])
        self.grams = _Table([f.grams for f in self.cands])
        self.phrases = _Table([f.phrases for f in self.cands])
        self.gram_w = [self.grams.weight(f.grams) for f in self.cands]
        self.phrase_w = [self.phrases.weight(f.phrases) for f in self.cands]

    def scores(self, quote: str) -> list[float]:
        """Similarity of ``quote`` to each translation, in order (0..1)."""
        fq = _features(quote)
        qw, qg, qp = self.words.weight(fq.words), self.grams.weight(fq.grams), self.phrases.weight(fq.phrases)
        floor_w = MIN_WORDS * self.words.rarest
        floor_g = MIN_WORDS * GRAMS_PER_WORD * self.grams.rarest
        floor_p = MIN_PHRASES * self.phrases.rarest
        size = math.ceil(WINDOW * len(fq.order))
        out = []
        for fc, cg, cp, nums in zip(self.cands, self.gram_w, self.phrase_w, self.numbers):
            g = _overlap(fq.grams, qg, fc.grams, cg, self.grams, floor_g)
            shared = fq.words & fc.words
            w = 0.0
            if shared:
                recall = self.words.weight(shared) / max(qw, floor_w)
                precision = _window_precision(shared, fc.order, size, self.words, floor_w)
                w = 2 * recall * precision / (recall + precision)
            p = _overlap(fq.phrases, qp, fc.phrases, cp, self.phrases, floor_p)
            sim = CHAR_WEIGHT * g + WORD_WEIGHT * w + PHRASE_WEIGHT * p
            if fq.numbers and nums:
                sim += NUMBER_BONUS if fq.numbers & nums else -NUMBER_PENALTY
            out.append(min(max(sim, 0.0), 1.0))
        return out


def similarity(quote: str, translation: str, context: list[str] | None = None) -> float:
    """How well ``translation`` (English) renders ``quote`` (English), 0..1, excerpt-tolerant.

    ``context``: the other translations of the article, which make words they share
    count for less (as :func:`link_quotes` does); without it all words count alike.
    """
    texts = [translation] + list(context or [])
    return _Scorer(texts).scores(quote)[0]


# -- finding quotes -------------------------------------------------------------


def _is_english_phrase(text: str) -> bool:
    words = _WORD.findall(text)
    if len([w for w in words if any(ch.isalpha() for ch in w)]) < MIN_INLINE_WORDS:
        return False
    # Lower-case words with å/ä/ö are Swedish, whatever the classifier says about a short phrase.
    if any(_SWEDISH_LETTERS.search(w) and not w[0].isupper() for w in words):
        return False
    return langid.logodds(text) <= -INLINE_MARGIN


def inline_quotes(seg: Segment) -> list[Span]:
    """English quotations of at least :data:`MIN_INLINE_WORDS` words inside ``seg`` (article offsets)."""
    spans = []
    for m in _QUOTED.finditer(seg.source):
        group = next(g for g in "abcdef" if m.group(g) is not None)
        inner_start, inner_end = m.span(group)
        inner = seg.source[inner_start:inner_end]
        # Trim what the quote marks enclose, so the span is the quoted words themselves.
        lead = len(inner) - len(inner.lstrip())
        inner = inner.strip()
        if not inner or not _is_english_phrase(inner):
            continue
        start = seg.start + inner_start + lead
        spans.append(Span(start=start, end=start + len(inner), text=inner, lang="en", kind="quote"))
    return spans


def mark_quotes(doc: Document) -> Document:
    """Mark English quotes in a Swedish article (in place; also returned).

    Block quotes -- segments already tagged English by :func:`translate.langid.tag_document`
    -- get role ``"quote"``; inline English quotations inside Swedish segments are
    added to ``seg.spans`` (previous quote spans are replaced, so this is idempotent).
    """
    if doc.source_lang != "sv":
        return doc
    for seg in doc.segments:
        if seg.lang == "en":
            seg.role = "quote"
        seg.spans = [s for s in seg.spans if s.kind != "quote"]
        if seg.lang == "sv":
            seg.spans.extend(inline_quotes(seg))
    return doc


# -- linking ----------------------------------------------------------------------


def _introduces(seg: Segment, quote: Segment, doc: Document) -> bool:
    """True when ``seg`` ends in a colon and the quote block containing ``quote`` follows it directly."""
    if not seg.source.rstrip().endswith(":") or seg.id >= quote.id:
        return False
    between = doc.segments[seg.id + 1 : quote.id]
    # Only quote (or letterless, e.g. "(…)") segments may stand between them.
    return all(s.lang != "sv" for s in between)


def quote_segments(doc: Document) -> list[Segment]:
    """The English quote segments of ``doc`` (block quotes), in order."""
    return [s for s in doc.segments if s.lang == "en" and s.role == "quote"]


def _distances(doc: Document) -> dict[int, float]:
    """For each paragraph, its rank among the paragraphs that are not quotes or letterless.

    Distance between a quote and a sentence counts only the article's own
    paragraphs between them: the quote paragraphs of one block, and a ``(…)``
    between them, do not push a paraphrase further away.
    """
    quoteish = {s.paragraph for s in doc.segments if s.lang != "sv"} - {s.paragraph for s in doc.segments if s.lang == "sv"}
    ranks: dict[int, float] = {}
    rank = 0
    for p in sorted({s.paragraph for s in doc.segments}):
        if p not in quoteish:
            rank += 1
            ranks[p] = rank
        else:
            ranks[p] = rank + 0.5  # between the paragraph before and the one after
    return ranks


def score_matrix(doc: Document) -> dict[tuple[int, int], float]:
    """Score every (quote segment, translated Swedish segment) pair of ``doc``: ``{(q, s): score}``."""
    quotes = quote_segments(doc)
    cands = [s for s in doc.segments if s.lang == "sv" and s.translation]
    if not quotes or not cands:
        return {}
    # Rarity is measured over the article's translations: topic words shared by many
    # sentences (the people the story is about) say little about which sentence is which.
    scorer = _Scorer([c.translation or "" for c in cands], [c.source for c in cands])
    rank = _distances(doc)
    own = {q.id: scorer.scores(q.source) for q in quotes}
    # A quote paragraph is often retold as a whole: each of its sentences also carries a
    # share of the best evidence any sentence of its paragraph has for a candidate.
    by_para: dict[int, list[int]] = {}
    for q in quotes:
        by_para.setdefault(q.paragraph, []).append(q.id)
    scores = {}
    for q in quotes:
        mates = [own[m] for m in by_para[q.paragraph] if m != q.id]
        for k, c in enumerate(cands):
            sim = max([own[q.id][k]] + [QUOTE_CONTEXT * m[k] for m in mates])
            if _introduces(c, q, doc):
                sim = min(1.0, sim * INTRO_BOOST)
            scores[(q.id, c.id)] = max(0.0, sim - _distance_cost(rank[q.paragraph] - rank[c.paragraph]))
    return scores


def _distance_cost(before: float) -> float:
    """Score lost by a sentence ``before`` paragraphs before the quote (negative: after it)."""
    far = min(math.ceil(abs(before)), MAX_DISTANCE)
    if before <= 0:
        return DISTANCE_PENALTY * far
    near = min(far, NEAR_PARAGRAPHS)
    return NEAR_PENALTY * near + DISTANCE_PENALTY * (far - near)


def link_quotes(doc: Document, threshold: float | None = None) -> Document:
    """Fill ``doc.quote_links`` (in place; also returned).

    For each English quote segment, every Swedish segment with a translation is
    scored (see the module docstring); links scoring at least ``threshold``
    (default :data:`THRESHOLD`) and at least :data:`RELATIVE` times the quote's
    best score are kept, grouped by quote in article order and best first within
    a quote.  A quote nothing renders gets no link.
    """
    limit = THRESHOLD if threshold is None else threshold
    scores = score_matrix(doc)
    best: dict[int, float] = {}
    for (q, _), v in scores.items():
        best[q] = max(best.get(q, 0.0), v)
    links = [
        QuoteLink(quote=q, sentence=s, score=round(v, 4))
        for (q, s), v in scores.items()
        if v >= limit and v >= RELATIVE * best[q]
    ]
    links.sort(key=lambda link: (link.quote, -link.score, link.sentence))
    doc.quote_links = links
    return doc

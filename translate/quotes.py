"""English quotes in Swedish articles: find them, and tie each to the Swedish sentences that retell it.

Swedish news quotes English sources verbatim (a block quote of its own, or a
quoted phrase inside a Swedish sentence) and paraphrases them nearby, often
before the quote.  No sentence aligner fits: quotes sit anywhere, a sentence
may render several quote sentences and a quote may be retold twice.

:func:`mark_quotes` finds the quotes.  :func:`link_quotes` compares every
English quote sentence with the English *translation* of every Swedish
sentence, so both sides are English and plain overlap measures work:

* weighted overlap of character 4-grams (tolerates inflection: *support* /
  *supporting*) and of crudely stemmed words (precise), each feature weighted
  by how rare it is among the article's translations, so the story's topic words
  (*Putin*, *China*) count for little; function words count for less still;
* the overlap is *containment-style*: normalised by the quote's size when the
  quote is the smaller side (a quote that is an excerpt of what the sentence
  says scores as high as a full rendering), and by the harmonic mean of both
  sides otherwise; either side counts as at least :data:`MIN_WORDS` words, so a
  few shared words between short texts are weak evidence;
* a mild preference for nearby paragraphs, because a paraphrase usually sits
  next to its quote -- mild enough that a clear match anywhere still wins -- and
  a boost for a sentence ending in ``:`` right before the quote block (``He said,
  among other things, that ...:``), which introduces and usually sums up the quote.

Links scoring at least :data:`THRESHOLD` and :data:`RELATIVE` times the quote's
best are kept, best first.  Both were calibrated with ``scripts/bench_quotes.py``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .document import Document, QuoteLink, Segment
from .inline import mark_inline

#: Links scoring below this are dropped (calibrated on scripts/bench_quotes.py: see the notes there).
THRESHOLD = 0.18
#: ...and links scoring below this fraction of the quote's best link are dropped too: a
#: sentence on the same topic is not a second rendering (on the benchmark this raises
#: link precision from about .5 to .7 and keeps every best link).
RELATIVE = 0.4
#: Score lost per paragraph of distance between quote and sentence (capped at :data:`MAX_DISTANCE`).
DISTANCE_PENALTY = 0.03
MAX_DISTANCE = 5
#: A sentence ending in ":" right before a quote block usually retells or sums it up.
INTRO_BOOST = 1.5
#: Function words weigh this fraction of what their rarity says.
FUNCTION_WEIGHT = 0.3
#: Weight of the character n-gram score against the word score.
CHAR_WEIGHT = 0.5
#: A side with fewer than this many content words (of the rarest kind) cannot match fully.
MIN_WORDS = 4
#: Character 4-grams per word, roughly (for the same floor on the n-gram side).
GRAMS_PER_WORD = 5

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("’", "'")


def _stem(word: str) -> str:
    # Crude English suffix stripping: enough to match "supports"/"supported"/"supporting".
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: len(word) - len(suffix)] + repl
    return word


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


def _words(text: str) -> list[str]:
    return _WORD.findall(_normalise(text))


@dataclass(frozen=True)
class _Features:
    words: frozenset[str]  # stemmed words
    grams: frozenset[str]  # character 4-grams of words, padded with "#"


def _features(text: str) -> _Features:
    words = _words(text)
    grams: set[str] = set()
    for w in words:
        if w in FUNCTION_WORDS:
            continue
        padded = f"#{w}#"
        if len(padded) <= 4:
            grams.add(padded)
        else:
            grams.update(padded[i : i + 4] for i in range(len(padded) - 3))
    return _Features(frozenset(_stem(w) for w in words), frozenset(grams))


class _Table:
    """Feature weights (inverse document frequency over the article's translations)."""

    def __init__(self, sets: list[frozenset[str]]):
        df: Counter = Counter()
        for s in sets:
            df.update(s)
        self._set(df, len(sets))

    @classmethod
    def from_counts(cls, df: dict[str, int], n: int) -> "_Table":
        """The table for ``n`` translations in which feature ``k`` occurs ``df[k]`` times."""
        table = cls.__new__(cls)
        table._set(df, n)
        return table

    def _set(self, df: dict[str, int], n: int) -> None:
        n = max(n, 1)
        self.idf = {k: math.log(1.0 + n / d) * (FUNCTION_WEIGHT if k in FUNCTION_WORDS else 1.0) for k, d in df.items()}
        # A feature no translation has is as rare as can be.
        self.rarest = math.log(1.0 + n)

    def weight(self, features: frozenset[str]) -> float:
        idf, rarest = self.idf, self.rarest
        return sum(idf.get(k, FUNCTION_WEIGHT * rarest if k in FUNCTION_WORDS else rarest) for k in features)


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


class _Scorer:
    """Scores quotes against a fixed set of English translations.

    The translations' features sit in two sparse matrices (translation x feature), built one
    translation at a time, so one quote is scored against every translation with two sparse
    products instead of a Python loop over sentence pairs, and no feature set per sentence is
    kept: what lets a book-length "article" with hundreds of quotes take seconds and little
    memory.  The arithmetic is :func:`_overlap`'s.
    """

    def __init__(self, translations: list[str]):
        from array import array

        words: dict[str, int] = {}
        grams: dict[str, int] = {}
        # compressed rows, built as they come: a row's feature columns, and where each row ends
        # (4 bytes a cell: a Python list of ints cost nine times that for a book-length article)
        w_cols, g_cols = array("i"), array("i")
        w_ends, g_ends = array("q", [0]), array("q", [0])
        for t in translations:
            f = _features(t)
            w_cols.extend(words.setdefault(k, len(words)) for k in f.words)
            g_cols.extend(grams.setdefault(k, len(grams)) for k in f.grams)
            w_ends.append(len(w_cols))
            g_ends.append(len(g_cols))
        self._words = _Side(words, w_cols, w_ends)
        self._grams = _Side(grams, g_cols, g_ends)
        self.words, self.grams = self._words.table, self._grams.table

    def scores(self, quote: str):
        """Similarity of ``quote`` to each translation, in order (a numpy array)."""
        fq = _features(quote)
        floor_w = MIN_WORDS * self.words.rarest
        floor_g = MIN_WORDS * GRAMS_PER_WORD * self.grams.rarest
        g = self._grams.overlap(fq.grams, floor_g)
        w = self._words.overlap(fq.words, floor_w)
        return CHAR_WEIGHT * g + (1 - CHAR_WEIGHT) * w


class _Side:
    """One kind of feature (words or n-grams) of every translation, for :meth:`_Scorer.scores`."""

    def __init__(self, index: dict[str, int], cols, ends):
        import numpy as np
        from scipy import sparse

        self.index = index
        width = max(len(index), 1)
        indices = np.frombuffer(cols, dtype=np.intc) if len(cols) else np.zeros(0, dtype=np.intc)
        indptr = np.frombuffer(ends, dtype=np.int64)
        self.matrix = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(indptr) - 1, width))
        df = np.bincount(indices, minlength=width)
        self.table = _Table.from_counts({k: int(df[i]) for k, i in index.items()}, len(indptr) - 1)
        self.idf = np.zeros(width)
        for k, i in index.items():
            self.idf[i] = self.table.idf[k]
        self.weights = self.matrix @ self.idf  # each translation's total weight

    def overlap(self, q: frozenset[str], floor: float):
        """:func:`_overlap` of ``q`` with every translation, as an array."""
        import numpy as np

        wq = self.table.weight(q)
        wt = self.weights
        if not wq or not len(wt):
            return np.zeros(len(wt))
        picked = [self.index[k] for k in q if k in self.index]
        v = np.zeros(self.matrix.shape[1])
        v[picked] = self.idf[picked]
        shared = self.matrix @ v  # the weight of the features each translation shares with q
        recall = shared / max(wq, floor)
        precision = shared / np.maximum(wt, floor)
        with np.errstate(divide="ignore", invalid="ignore"):
            f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        out = np.where(recall >= precision, recall, f1)
        return np.where((shared > 0) & (wt > 0), out, 0.0)


def similarity(quote: str, translation: str, context: list[str] | None = None) -> float:
    """How well ``translation`` (English) renders ``quote`` (English), 0..1, excerpt-tolerant.

    ``context``: the other translations of the article, which make words they share
    count for less (as :func:`link_quotes` does); without it all words count alike.
    """
    texts = [translation] + list(context or [])
    return float(_Scorer(texts).scores(quote)[0])


# -- finding quotes -------------------------------------------------------------


def mark_quotes(doc: Document) -> Document:
    """Mark English quotes in a Swedish article (in place; also returned).

    Block quotes -- segments already tagged English by :func:`translate.langid.tag_document`
    -- get role ``"quote"``; English quotations inside Swedish segments become their
    ``spans`` (:func:`translate.inline.mark_inline`; previous quote spans are replaced,
    so this is idempotent).
    """
    if doc.source_lang != "sv":
        return doc
    for seg in doc.segments:
        if seg.lang == "en":
            seg.role = "quote"
    return mark_inline(doc)


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


def _quote_scores(doc: Document):
    """``(quote segment, Swedish segments, their scores as an array)`` for each English quote, in order.

    One quote at a time, so memory grows with the article, not with quotes x sentences.
    """
    import numpy as np

    quotes = quote_segments(doc)
    cands = [s for s in doc.segments if s.lang == "sv" and s.translation]
    if not quotes or not cands:
        return
    # Rarity is measured over the article's translations: topic words shared by many
    # sentences (the people the story is about) say little about which sentence is which.
    scorer = _Scorer([c.translation or "" for c in cands])
    rank = _distances(doc)
    cand_rank = np.array([rank[c.paragraph] for c in cands])
    # only a sentence ending in ":" can introduce a quote block (see _introduces)
    colons = [k for k, c in enumerate(cands) if c.source.rstrip().endswith(":")]
    for q in quotes:
        sim = scorer.scores(q.source)
        for k in colons:
            if _introduces(cands[k], q, doc):
                sim[k] = min(1.0, sim[k] * INTRO_BOOST)
        distance = np.minimum(np.ceil(np.abs(rank[q.paragraph] - cand_rank)), MAX_DISTANCE)
        yield q, cands, np.maximum(0.0, sim - DISTANCE_PENALTY * distance)


def score_matrix(doc: Document) -> dict[tuple[int, int], float]:
    """Score every (quote segment, translated Swedish segment) pair of ``doc``: ``{(q, s): score}``."""
    return {(q.id, c.id): float(v) for q, cands, row in _quote_scores(doc) for c, v in zip(cands, row)}


def link_quotes(doc: Document, threshold: float | None = None) -> Document:
    """Fill ``doc.quote_links`` (in place; also returned).

    For each English quote segment, every Swedish segment with a translation is
    scored (see the module docstring); links scoring at least ``threshold``
    (default :data:`THRESHOLD`) and at least :data:`RELATIVE` times the quote's
    best score are kept, grouped by quote in article order and best first within
    a quote.  A quote nothing renders gets no link.
    """
    limit = THRESHOLD if threshold is None else threshold
    links = []
    for q, cands, row in _quote_scores(doc):
        keep = (row >= limit) & (row >= RELATIVE * row.max())
        links += [QuoteLink(quote=q.id, sentence=cands[k].id, score=round(float(row[k]), 4)) for k in keep.nonzero()[0]]
    links.sort(key=lambda link: (link.quote, -link.score, link.sentence))
    doc.quote_links = links
    return doc

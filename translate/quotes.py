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
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

from .document import Document, QuoteLink, Segment
from .inline import mark_inline

if TYPE_CHECKING:
    import numpy as np

#: Links scoring below this are dropped (calibrated on scripts/bench_quotes.py: see the notes there).
THRESHOLD = 0.15
#: ...and links scoring below this fraction of the quote's best link are dropped too: a
#: sentence on the same topic is not a second rendering.
RELATIVE = 0.3
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
#: Tokens of the article read for a quote's windows at a time (bounds the memory this takes).
WINDOW_TOKENS = 1 << 16
#: Added when the quote and the sentence share a number; subtracted when both have numbers but none in common.
NUMBER_BONUS = 0.05
NUMBER_PENALTY = 0.05

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
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
        self._set(df, len(sets))

    @classmethod
    def from_counts(cls, df: dict[str, int], n: int) -> "_Table":
        """The table for ``n`` translations in which feature ``k`` occurs ``df[k]`` times."""
        table = cls.__new__(cls)
        table._set(df, n)
        return table

    def _set(self, df: dict[str, int], n: int) -> None:
        n = max(n, 1)
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
    the sentence) they make up.  (:meth:`_Side.overlap` does this for every translation at once.)
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
    """Scores quotes against a fixed set of English translations (and their Swedish sources).

    The translations' features sit in sparse matrices (translation x feature), built one
    translation at a time, so one quote is scored against every translation with a few sparse
    products instead of a Python loop over sentence pairs, and no feature set per sentence is
    kept: what lets a book-length "article" with hundreds of quotes take seconds and little
    memory.  The words of every translation are also kept in order, as ids in one flat array,
    for the windows of :meth:`_windows`.  The arithmetic is :func:`_overlap`'s.
    """

    def __init__(self, translations: list[str], sources: list[str] | None = None):
        import numpy as np

        vocab: dict[str, dict[str, int]] = {"words": {}, "grams": {}, "phrases": {}, "numbers": {}}
        # compressed rows, built as they come: a row's feature columns, and where each row ends
        # (4 bytes a cell: a Python list of ints cost nine times that for a book-length article)
        cols = {k: array("i") for k in vocab}
        ends = {k: array("q", [0]) for k in vocab}
        tokens, token_ends = array("i"), array("q", [0])
        words = vocab["words"]
        for t, s in zip(translations, sources or translations):
            f = _features(t)
            # Numbers also from the Swedish sentence: the translation may spell one out or drop it.
            kinds = {"words": f.words, "grams": f.grams, "phrases": f.phrases, "numbers": f.numbers | _numbers(s)}
            for kind, feats in kinds.items():
                index = vocab[kind]
                cols[kind].extend(index.setdefault(k, len(index)) for k in feats)
                ends[kind].append(len(cols[kind]))
            tokens.extend(words[k] for k in f.order)
            token_ends.append(len(tokens))
        self._sides = {k: _Side(vocab[k], cols[k], ends[k]) for k in vocab}
        self.words, self.grams, self.phrases = (self._sides[k].table for k in ("words", "grams", "phrases"))
        self._tokens = np.frombuffer(tokens, dtype=np.intc) if len(tokens) else np.zeros(0, dtype=np.intc)
        self._token_ends = np.frombuffer(token_ends, dtype=np.int64)

    def scores(self, quote: str) -> "np.ndarray":
        """Similarity of ``quote`` to each translation, in order (0..1, a numpy array)."""
        import numpy as np

        fq = _features(quote)
        sides = self._sides
        floor_w = MIN_WORDS * self.words.rarest
        floor_g = MIN_WORDS * GRAMS_PER_WORD * self.grams.rarest
        floor_p = MIN_PHRASES * self.phrases.rarest
        g = sides["grams"].overlap(fq.grams, floor_g)
        p = sides["phrases"].overlap(fq.phrases, floor_p)
        w = self._word_scores(fq, floor_w)
        sim = CHAR_WEIGHT * g + WORD_WEIGHT * w + PHRASE_WEIGHT * p
        if fq.numbers:
            nums = sides["numbers"]
            has = nums.row_sizes > 0
            shared = nums.shared(fq.numbers) > 0
            sim = sim + np.where(has, np.where(shared, NUMBER_BONUS, -NUMBER_PENALTY), 0.0)
        return np.clip(sim, 0.0, 1.0)

    def _word_scores(self, fq: _Features, floor: float) -> "np.ndarray":
        """The word score: recall of the quote's words, against the precision of the best window.

        Recall is the weight of the quote's words a translation has over the quote's weight;
        precision is that of the ``WINDOW`` x quote-length stretch of the translation with the
        most of them (:meth:`_windows`), so words scattered over a long sentence count less than
        the same words side by side.
        """
        import numpy as np

        side = self._sides["words"]
        shared = side.shared(fq.words)
        n = len(shared)
        out = np.zeros(n)
        wq = side.table.weight(fq.words)
        # Only sentences that share a content word: "the" and "of" alone are no evidence, and in a
        # book-length article nearly every sentence has them (the windows would then be read for all).
        rows = np.flatnonzero(side.shared(fq.words - _FUNCTION_STEMS) > 0)
        if not wq or not len(rows):
            return out
        recall = shared[rows] / max(wq, floor)
        size = math.ceil(WINDOW * len(fq.order))
        # a bounded number of tokens at a time: the windows' arrays are a few times the tokens read
        read = np.cumsum(self._token_ends[rows + 1] - self._token_ends[rows])
        precision = np.empty(len(rows))
        start = 0
        while start < len(rows):
            before = read[start - 1] if start else 0
            stop = max(start + 1, int(np.searchsorted(read, before + WINDOW_TOKENS, side="right")))
            precision[start:stop] = self._windows(rows[start:stop], fq.words, size, floor)
            start = stop
        out[rows] = 2 * recall * precision / np.maximum(recall + precision, 1e-12)
        return out

    def _windows(self, rows: "np.ndarray", words: frozenset[str], size: int, floor: float) -> "np.ndarray":
        """For each translation in ``rows``, the largest share (by weight) of a ``size``-word window of
        it made of ``words`` (each window's weight counting as at least ``floor``).

        Words are counted with their repeats, which for windows as short as a quote is close
        enough to counting each once, and lets running sums do all windows of all rows at once.
        """
        import numpy as np

        side = self._sides["words"]
        starts, stops = self._token_ends[rows], self._token_ends[rows + 1]
        lengths = stops - starts
        # the tokens of the rows, one after another
        total = int(lengths.sum())
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        pos = np.arange(total) - np.repeat(offsets[:-1] - starts, lengths)
        toks = self._tokens[pos]
        weights = side.idf[toks]
        hit = np.zeros(len(side.idf), dtype=bool)
        hit[[side.index[k] for k in words if k in side.index]] = True
        hits = np.where(hit[toks], weights, 0.0)
        cw = np.concatenate([[0.0], np.cumsum(weights)])
        ch = np.concatenate([[0.0], np.cumsum(hits)])
        # a window of min(size, length) words may start at the first length - its size + 1 tokens of a row
        win = np.minimum(size, lengths)
        row_of = np.repeat(np.arange(len(rows)), lengths)
        local = np.arange(total) - offsets[:-1][row_of]
        at = np.flatnonzero(local <= (lengths - win)[row_of])
        end = at + win[row_of[at]]
        ratio = (ch[end] - ch[at]) / np.maximum(cw[end] - cw[at], floor)
        # every row has at least one window (it shares a word, so it has one), in row order
        firsts = np.concatenate([[0], np.cumsum(lengths - win + 1)[:-1]])
        return np.maximum.reduceat(ratio, firsts)


class _Side:
    """One kind of feature (words, n-grams, phrases, numbers) of every translation, for :class:`_Scorer`."""

    def __init__(self, index: dict[str, int], cols: array, ends: array):
        import numpy as np
        from scipy import sparse

        self.index = index
        width = max(len(index), 1)
        indices = np.frombuffer(cols, dtype=np.intc) if len(cols) else np.zeros(0, dtype=np.intc)
        self.ends = np.frombuffer(ends, dtype=np.int64)
        self.matrix = sparse.csr_matrix((np.ones(len(indices)), indices, self.ends), shape=(len(self.ends) - 1, width))
        df = np.bincount(indices, minlength=width)
        self.table = _Table.from_counts({k: int(df[i]) for k, i in index.items()}, len(self.ends) - 1)
        self.idf = np.zeros(width)
        for k, i in index.items():
            self.idf[i] = self.table.idf[k]
        self.weights = self.matrix @ self.idf  # each translation's total weight
        self.row_sizes = np.diff(self.ends)

    def shared(self, q: frozenset[str]) -> "np.ndarray":
        """The weight of the features each translation shares with ``q``."""
        import numpy as np

        picked = [self.index[k] for k in q if k in self.index]
        v = np.zeros(self.matrix.shape[1])
        v[picked] = self.idf[picked]
        return self.matrix @ v

    def overlap(self, q: frozenset[str], floor: float) -> "np.ndarray":
        """:func:`_overlap` of ``q`` with every translation, as an array."""
        import numpy as np

        wq = self.table.weight(q)
        wt = self.weights
        if not wq or not len(wt):
            return np.zeros(len(wt))
        shared = self.shared(q)
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


def _distance_cost(before: "np.ndarray") -> "np.ndarray":
    """Score lost by sentences ``before`` paragraphs before the quote (negative: after it)."""
    import numpy as np

    far = np.minimum(np.ceil(np.abs(before)), MAX_DISTANCE)
    near = np.where(before > 0, np.minimum(far, NEAR_PARAGRAPHS), 0.0)
    rate = np.where(before > 0, NEAR_PENALTY, 0.0)
    return rate * near + DISTANCE_PENALTY * (far - near)


#: Quote sentences of one paragraph whose similarity rows are kept for each other (see
#: :func:`_quote_scores`); a paragraph with more (an English article pasted in whole) has its
#: rows computed twice instead, so memory stays a few rows per candidate.
_KEEP_ROWS = 16


def _quote_scores(doc: Document) -> Iterator[tuple[Segment, list[Segment], "np.ndarray"]]:
    """``(quote segment, Swedish segments, their scores as an array)`` for each English quote, in order.

    One quote paragraph at a time, so memory grows with the article, not with quotes x sentences.
    """
    import numpy as np

    quotes = quote_segments(doc)
    cands = [s for s in doc.segments if s.lang == "sv" and s.translation]
    if not quotes or not cands:
        return
    # Rarity is measured over the article's translations: topic words shared by many
    # sentences (the people the story is about) say little about which sentence is which.
    scorer = _Scorer([c.translation or "" for c in cands], [c.source for c in cands])
    rank = _distances(doc)
    cand_rank = np.array([rank[c.paragraph] for c in cands])
    # only a sentence ending in ":" can introduce a quote block (see _introduces)
    colons = [k for k, c in enumerate(cands) if c.source.rstrip().endswith(":")]
    paragraphs: dict[int, list[Segment]] = {}
    for q in quotes:
        paragraphs.setdefault(q.paragraph, []).append(q)
    for para in paragraphs.values():
        # A quote paragraph is often retold as a whole: each of its sentences also carries a
        # share of the best evidence any other sentence of its paragraph has for a candidate
        # (the best and second best row of the paragraph give "any other" for each).
        kept = [scorer.scores(q.source) for q in para] if len(para) <= _KEEP_ROWS else None
        first = np.zeros(len(cands))
        second = np.zeros(len(cands))
        owner = np.full(len(cands), -1)
        for i, q in enumerate(para):
            own = kept[i] if kept is not None else scorer.scores(q.source)
            better = own > first
            second = np.where(better, first, np.maximum(second, own))
            owner = np.where(better, i, owner)
            first = np.where(better, own, first)
        for i, q in enumerate(para):
            own = kept[i] if kept is not None else scorer.scores(q.source)
            mates = np.where(owner == i, second, first)
            sim = np.maximum(own, QUOTE_CONTEXT * mates)
            for k in colons:
                if _introduces(cands[k], q, doc):
                    sim[k] = min(1.0, sim[k] * INTRO_BOOST)
            yield q, cands, np.maximum(0.0, sim - _distance_cost(rank[q.paragraph] - cand_rank))


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

"""The language of a quotation inside a sentence: English (kept verbatim) or not (translated).

A quotation is short -- often two or three words (``”fake news”``, ``”båda sidor”``) --
and py3langid's character n-grams say little about so few letters (``a parade`` scores as
Swedish).  Word frequencies say more: ``news`` is common English and rare Swedish, ``sidor``
the reverse.  wordfreq ships frequency lists for both languages (Zipf scale: log10 of a
word's frequency per billion words), so the sum over the quotation's words of
``zipf_en(w) - zipf_sv(w)`` is the log10 likelihood ratio of English over Swedish under
two unigram language models.  A word either list lacks counts as :data:`FLOOR`, about once
per hundred million words, so one unknown word cannot decide alone.

The rule (:func:`quotation_language`):

* fewer than :data:`MIN_WORDS` words: undecided (a single quoted word, ``”lockdown”``,
  is translated with its sentence -- most single words are shared, borrowed or names);
* a lower-case word with å, ä or ö: Swedish;
* otherwise English when the words make English at least ``10 ** WORD_MARGIN`` times as
  likely as Swedish, and Swedish when the reverse holds;
* from :data:`LONG_WORDS` words on, py3langid must agree (its log-odds on the same side):
  a longer quotation gives it enough letters to catch what word lists miss (a Swedish
  clause full of English loanwords and names).

Undecided quotations are translated with their sentence, like Swedish ones: protecting a
Swedish phrase would leave Swedish in the English article.  Measured on NTREX-128 excerpts
(``python scripts/bench_inline.py --excerpts``): see the README.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from .. import langid

SpanLang = Literal["sv", "en", "und"]

#: A quotation needs this many words to be judged at all.
MIN_WORDS = 2
#: From this many words on, py3langid has to agree with the word lists.
LONG_WORDS = 4
#: Log10 odds the word lists must give one language over the other.
WORD_MARGIN = 1.0
#: The Zipf value of a word a list lacks (once per hundred million words).
FLOOR = 1.0

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")


def words(text: str) -> list[str]:
    """The words of ``text`` (runs of letters, with inner apostrophes)."""
    return _WORD.findall(text)


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return max(float(zipf_frequency(word, lang)), FLOOR)


def word_odds(text: str) -> float:
    """Log10 odds that ``text`` is English rather than Swedish, from wordfreq's word lists.

    Positive means English; each word adds ``zipf_en - zipf_sv`` (both at least :data:`FLOOR`).
    """
    return sum(_zipf(w, "en") - _zipf(w, "sv") for w in (w.lower().replace("’", "'") for w in words(text)))


@functools.lru_cache(maxsize=8192)
def quotation_language(text: str) -> SpanLang:
    """``"en"``, ``"sv"`` or ``"und"`` for the words of one quotation (see the module docstring).

    Cached: preparing an article asks about each quotation several times (tagging, then marking).
    """
    ws = words(text)
    if len(ws) < MIN_WORDS:
        return "und"
    if any(_SWEDISH_LETTERS.search(w) and not w[0].isupper() for w in ws):
        return "sv"
    odds = word_odds(text)
    agrees = len(ws) < LONG_WORDS
    if odds >= WORD_MARGIN and (agrees or langid.logodds(text) < 0):
        return "en"
    if odds <= -WORD_MARGIN and (agrees or langid.logodds(text) > 0):
        return "sv"
    return "und"

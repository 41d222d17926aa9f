"""What a whole text says about its words: which it writes in lower case (common words), which
it capitalises mid-sentence (names), which open its sentences; and general-language frequencies
from wordfreq.  Each counter is computed once per text (cached).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator

from ..errors import TolkaError
from .tokens import _CLOSERS, _DOTTED, _SENTENCE_END, _TOKEN, _core_word, _head_word, _plain_word, _stems
from .wordlists import _ALL_ABBREVIATIONS, _ALWAYS_CAPITAL_EN, _EN_ENDINGS, _SV_ENDINGS


def _text_tokens(text: str) -> Iterator[str]:
    """Every token of ``text``, one at a time, for the whole-text counters below (each cached per text).

    Not a cached tuple: a string object per token costs about ten times the text, which for a
    20 MB article was hundreds of MB held for the whole run.
    """
    return (m.group() for m in _TOKEN.finditer(text))


@functools.lru_cache(maxsize=16)
def _sentence_openers(text: str) -> dict[str, int]:
    """How often each capitalised word opens a sentence in ``text`` after a plain full stop, ``!`` or ``?``
    (not after an abbreviation or an initial)."""
    counts: dict[str, int] = {}
    prev = ""
    for tok in _text_tokens(text):
        core = prev.rstrip(_CLOSERS)
        stem = _core_word(core[:-1]).lower()
        if core[-1:] in ".!?" and not _DOTTED.match(stem) and len(stem) > 1 and stem not in _ALL_ABBREVIATIONS:
            word = _plain_word(tok)
            if word[:1].isupper():
                counts[word] = counts.get(word, 0) + 1
        prev = tok
    return counts


@functools.lru_cache(maxsize=16)
def _evidence(text: str) -> frozenset[str]:
    """Words that ``text`` treats as common words rather than names (lower case).

    A word counts when it occurs with a lower-case initial at least as often as
    it occurs capitalised in mid-sentence (after a word without sentence-final
    punctuation): ``aska`` in ``sprutar aska``, but not ``Bo`` in ``kallas Bo``.
    """
    lower: dict[str, int] = {}
    capital: dict[str, int] = {}
    prev_tok = ""
    for tok in _text_tokens(text):
        word = _plain_word(tok)
        if word.isalpha():
            if word[0].islower():
                lower[word] = lower.get(word, 0) + 1
            elif prev_tok and not _SENTENCE_END.search(prev_tok) and (len(word) == 1 or word[1:].islower()):
                key = word.lower()
                capital[key] = capital.get(key, 0) + 1
        prev_tok = tok
    return frozenset(w for w, n in lower.items() if n >= capital.get(w, 0))


@functools.lru_cache(maxsize=16)
def _evidence_stems(text: str, lang: str) -> frozenset[str]:
    return frozenset(st for w in _evidence(text) for st in _stems(w, lang))


@functools.lru_cache(maxsize=16)
def _word_forms(text: str) -> frozenset[str]:
    """Every word of ``text`` as written (without quotes, final punctuation and a possessive ending)."""
    return frozenset(_plain_word(tok) for tok in _text_tokens(text))


@functools.lru_cache(maxsize=16)
def _bigram_count(text: str) -> dict[tuple[str, str], int]:
    """How often each pair of capitalised words occurs in ``text`` (lower-cased): repeated pairs are names."""
    counts: dict[tuple[str, str], int] = {}
    prev = ""
    for tok in _text_tokens(text):
        word = _head_word(tok)
        if prev and word[:1].isupper():
            key = (prev.lower(), word.lower())
            counts[key] = counts.get(key, 0) + 1
        prev = word if word[:1].isupper() and tok == tok.rstrip(",;:.!?…") else ""
    return counts


# wordfreq Zipf frequencies (log10 per billion words + 9):
_COMMON_ZIPF = {"sv": 3.0, "en": 3.5}  # a common word
_STEM_ZIPF = 3.3  # the stem of an inflected common word (``president`` in ``Presidenten``)
_NAME_ZIPF = 4.0  # rarer than this is a name, not a common noun (``Marta``, not ``Senate``)
# A capitalised common word before a capitalised one makes a name with it: ``Högsta Domstolen``.
_ADJECTIVE_ZIPF = 4.5


@functools.lru_cache(maxsize=16)
def _lower(text: str) -> str:
    return text.lower()


@functools.lru_cache(maxsize=2)
def _frequencies(lang: str) -> dict[str, float]:
    """General-language word frequencies (lower case) from wordfreq, which ships them in its wheel."""
    try:
        import wordfreq
    except ImportError as exc:  # a declared dependency; say how to repair a broken install
        raise TolkaError("the wordfreq package is missing; install it with: pip install 'wordfreq>=3.1,<4'") from exc
    return wordfreq.get_frequency_dict(lang, wordlist="best")


def _zipf(word: str, lang: str) -> float:
    freq = _frequencies(lang).get(word, 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


def _is_common_word(word: str, text: str, lang: str, compounds: bool = True) -> bool:
    """Whether capitalised ``word`` is, by its form, an inflected common word of ``lang`` rather than a name.

    General frequency alone cannot tell (wordfreq lists ``grekland`` and
    ``republicans`` in lower case), so the word must carry an ending that
    names do not take, on a stem that is itself a common word: Swedish
    definite and plural forms (``Presidenten``, ``Lördagen``, ``Diplomater``,
    also as the last part of a compound: ``Hälso|ministern``), English
    ``-ing``/``-ed`` forms (``Addressing``, ``Promoted``).  The text itself
    vetoes words it capitalises in mid-sentence more often than not.
    """
    low = word.lower()
    if low in _names(text) or not low.isalpha():
        return False
    if lang == "en":
        return low not in _ALWAYS_CAPITAL_EN and _inflected(low, _EN_ENDINGS, lang)
    if _zipf(low, "en") + 1 > _zipf(low, "sv"):
        return False  # English, or shared with English: ``Baker``, ``Hunter``, ``Internet``
    if _inflected(low, _SV_ENDINGS, lang):
        return True
    if not compounds:
        return False
    # Swedish compounds are rare in any list, their last part is not (``Åklagar|sidan``).
    return any(_inflected(low[j:], _SV_ENDINGS, lang) for j in range(3, len(low) - 4))


def _inflected(low: str, endings: tuple[str, ...], lang: str) -> bool:
    """``low`` is a common word made of a common stem and one of ``endings``."""
    if _zipf(low, lang) < _COMMON_ZIPF[lang]:
        return False
    for ending in endings:
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 4:
            variants = (stem, stem + "e", stem[:-1] if lang == "en" and stem[-1:] == stem[-2:-1] else "")
            if any(_zipf(st, lang) >= _STEM_ZIPF for st in variants if st):
                return True
    return False


@functools.lru_cache(maxsize=16)
def _names(text: str) -> frozenset[str]:
    """Words (lower case) that ``text`` capitalises in mid-sentence more often than it writes them in lower case.

    One capitalised occurrence is not counted: it may be the very sentence start in question.
    """
    lower = _lower_counts(text)
    return frozenset(w for w, n in _capital_counts(text).items() if n >= 2 and n > lower.get(w, 0))


@functools.lru_cache(maxsize=16)
def _lower_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tok in _text_tokens(text):
        word = _plain_word(tok)
        if word[:1].islower():
            counts[word] = counts.get(word, 0) + 1
    return counts


@functools.lru_cache(maxsize=16)
def _capital_counts(text: str) -> dict[str, int]:
    capital: dict[str, int] = {}
    prev_tok = ""
    for tok in _text_tokens(text):
        word = _plain_word(tok)
        if word.isalpha() and word[0].isupper() and prev_tok and not _SENTENCE_END.search(prev_tok):
            key = word.lower()
            capital[key] = capital.get(key, 0) + 1
        prev_tok = tok
    return capital


def _doubled_name(text: str, word: str) -> bool:
    """Whether ``word`` only ever occurs doubled in ``text`` (``Walla Walla``, ``Bora Bora``):
    then the pair is a name, not a headline's last word repeated by the lead."""
    alone = len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text))
    doubled = len(re.findall(rf"(?<!\w){re.escape(word)}\s+{re.escape(word)}(?!\w)", text))
    return alone <= 2 * doubled


def _name_adjective(low: str) -> bool:
    """Whether a capitalised Swedish word may be an adjective opening a name (``Stilla havet``,
    ``Högsta domstolen``, ``Vita huset``): very common, or a Swedish word in the weak ``-a`` form."""
    zipf = _zipf(low, "sv")
    return zipf >= _ADJECTIVE_ZIPF or (low.endswith("a") and zipf >= _STEM_ZIPF and zipf > _zipf(low, "en"))

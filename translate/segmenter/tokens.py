"""Tokens and words: the character classes around a word and the shape tests on one token."""

from __future__ import annotations

import functools
import os
import re

from .wordlists import _NOT_CONTENT, _STARTERS, _SUFFIXES

# Characters that may close a sentence after its terminator: ``.”``, ``?)``, ``!»``.
_CLOSERS = "\"”’'»«)]}›"
# Characters that may open a sentence before its first letter.
_OPENERS = "\"“”„«»‘’'([{‹›–—-•*"
_QUOTES = "\"“”„«»‘’'"
_OPEN_QUOTES = "\"“”„«»‘'"
_CLOSE_QUOTES = "\"”“»«’'"
_BULLETS = "-–—•*·"
# Last characters for which split_sentences' fast path does not apply (terminators, closers).
_FAST_SKIP = frozenset(".!?…" + _CLOSERS + " ")
_TERMINATOR = re.compile(r"(?:\.{2,}|[.!?…]+)$")
_SENTENCE_END = re.compile(r"[.!?…:][" + re.escape(_CLOSERS) + r"]*$")
_FINAL_PUNCT = re.compile(r"[.!?…:;][" + re.escape(_CLOSERS) + r"]*$")
# ``U.S``, ``t.ex``, ``fr.o.m``, ``a.m``: letters with inner full stops.
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}$")
_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TOKEN = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"(?:[’']s|:s|[’'])$")
_POSSESSIVE_2 = frozenset(("’s", "'s", ":s"))


def _unpossessive(word: str) -> str:
    """``_POSSESSIVE.sub("", word)`` for a word without whitespace, minus the regex engine (a hot path)."""
    if word[-2:] in _POSSESSIVE_2:
        return word[:-2]
    if word and word[-1] in "’'":
        return word[:-1]
    return word


def _is_genitive(token: str) -> bool:
    """Whether ``token`` is marked as a genitive (``FN:s``, ``Trump's``, ``Trump’s``), which modifies the next word."""
    return _core_word(token)[-2:] in _POSSESSIVE_2


@functools.lru_cache(maxsize=1 << 16)
def _core_word(token: str) -> str:
    """The token without surrounding quotes, brackets and trailing commas."""
    return token.strip(_OPENERS + _CLOSERS + ",;:")


@functools.lru_cache(maxsize=1 << 16)
def _first_char(token: str) -> str:
    stripped = token.lstrip(_OPENERS)
    return stripped[:1]


@functools.lru_cache(maxsize=1 << 16)
def _plain_word(token: str) -> str:
    """The token without opening/closing marks, final punctuation and a possessive ending."""
    return _unpossessive(token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;:.!?…"))


@functools.lru_cache(maxsize=1 << 16)
def _head_word(token: str) -> str:
    """The token's core word without final punctuation and a possessive ending (headline comparisons)."""
    return _unpossessive(_core_word(token).rstrip(".!?…"))


def _is_starter(token: str, lang: str) -> bool:
    word = token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;:.!?…")
    return word in _STARTERS[lang]


def _title_word(token: str) -> str:
    """The word in ``token`` if it is written in title case (``Polisen``, ``McDonald’s``), else ``""``."""
    word = token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;")
    word = _unpossessive(word)
    head = word.split("-")[0]  # ``Bond-filmen`` is title case, ``EU-ledda`` is not
    if word.replace("-", "").isalpha() and head[:1].isupper() and (len(head) == 1 or head[1:].islower()):
        return word
    return ""


@functools.lru_cache(maxsize=1 << 16)
def _stems(word: str, lang: str) -> frozenset[str]:
    """``word`` (lower case) and its forms without an inflection ending; only stems of 5+ letters,
    as shorter ones match unrelated words (``annan`` -> ``anna``)."""
    out = {word} if len(word) >= 5 else set()
    for suffix in _SUFFIXES[lang]:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            out.add(word[: -len(suffix)])
    return frozenset(out)


def _is_title_case(text: str, tokens: list[tuple[int, int]], opens: bool = True) -> bool:
    """Whether these tokens read as an English Title Case headline (``Local Baker Wins Prize``,
    ``Why Our Bus Was So Late``).

    When they open a sentence (``opens``), the first word is capitalised in any case and says
    nothing, so it is not counted (a stretch after a candidate cut counts it: it may be the rest
    of a Title Case headline).  Of the others, capitalised words of any length count (sentence
    case writes ``Our``, ``Was`` in lower case), lower-case ones only when longer than three
    letters (Title Case keeps ``of``, ``in``, ``the`` in lower case).  So ``Officials at the
    U.S. State`` is sentence case with a name in it.
    """
    counted = upper = 0
    for a, b in tokens[1:] if opens else tokens:
        kind = _title_case_kind(text[a:b])
        if kind:
            counted += 1
            upper += kind == 2
    return counted >= 3 and upper >= 0.8 * counted


@functools.lru_cache(maxsize=1 << 16)
def _title_case_kind(tok: str) -> int:
    """0: not counted in :func:`_is_title_case` (a short lower-case word, or not a word), 1: lower case, 2: capitalised."""
    w = _core_word(tok)
    if not w[:1].isalpha():
        return 0
    if w[0].isupper():
        return 2
    return 1 if len(w) > 3 else 0


def _is_acronym(token: str) -> bool:
    word = _unpossessive(token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;"))
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _is_content(word: str, lang: str) -> bool:
    return (len(word) >= 3 or word.isdigit()) and word not in _NOT_CONTENT[lang]


def _same_word(a: str, b: str, lang: str) -> bool:
    """``a`` and ``b`` (lower case) are forms of one word: ``cup``/``cups``, ``sjunker``/``sjunkit``."""
    if a == b:
        return True
    if a[:3] != b[:3]:
        return False  # both tests below need a common beginning; this keeps the search fast
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short) :] in _SUFFIXES[lang] and len(short) >= 3:
        return True
    prefix = len(os.path.commonprefix((a, b)))
    return prefix >= 5 and prefix >= 0.7 * len(short)


def _quote_depths(text: str, tokens: list[tuple[int, int]]) -> list[int]:
    """How many quotations are open before each token (apostrophes are not quotes)."""
    depths = []
    depth = 0
    for a, b in tokens:
        depths.append(depth)
        opens, closes = _quote_marks(text[a:b])
        if opens:
            depth += 1
        if depth and closes:
            depth -= 1
    return depths


@functools.lru_cache(maxsize=1 << 16)
def _quote_marks(tok: str) -> tuple[bool, bool]:
    """Whether ``tok`` opens a quotation, and whether it closes one (when one is open)."""
    opens = tok[0] in _OPEN_QUOTES and len(tok) > 1 and tok[1].isalnum()
    tail = tok.rstrip(".,;:!?…")
    closes = len(tail) > 1 and tail[-1] in _CLOSE_QUOTES and not tail[-2].isspace()
    return opens, closes

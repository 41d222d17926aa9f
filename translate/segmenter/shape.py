"""Shapes of an ordinary sentence that rule out a cut without punctuation, whatever the evidence.

The rules that judge a headline end anywhere in an opening stretch (``restated``, ``headcuts``)
ask this before they weigh their evidence.  A wrong cut hands the model half a sentence, and a
shape here is far more often a name inside a sentence than a headline's end.
"""

from __future__ import annotations

from .evidence import _NAME_ZIPF, _word_forms, _zipf
from .tokens import _head_word

_ARTICLES_EN = frozenset({"the", "a", "an"})


def _name_genitive(word: str, text: str, lang: str) -> bool:
    """Whether ``word`` is a name the text also writes without its final ``s`` (``Linds`` beside
    ``Lind``): a Swedish genitive, which modifies the next word (``Erik Linds | OS-guld``); in
    English a plural or a genitive that lost its apostrophe in translation -- if the name is rare,
    as ``States`` beside ``State`` is a common word."""
    if len(word) < 4 or not word[:1].isupper() or not word.endswith("s"):
        return False
    base = word[:-1]
    return base in _word_forms(text) and (lang == "sv" or _zipf(base.lower(), lang) < _NAME_ZIPF)


def _apposition(words: list[str], k: int, lang: str) -> bool:
    """Whether ``words[k]`` opens a name that holds its own article, introduced by the English noun
    before it and that noun's article (``the party | The Greens``, ``the band | The Ark``).  A
    sentence opener before a lower-case word may open a lead there (``floods the town | The mayor
    said``), and so may any other capitalised word (``to help the homeless | Foreign buyers``)."""
    return (
        lang == "en"
        and 2 <= k < len(words) - 1
        and words[k] == "The"
        and words[k + 1][:1].isupper()
        and words[k - 1][:1].islower()
        and words[k - 1].isalpha()
        and words[k - 2].lower() in _ARTICLES_EN
    )


def _vetoed(text: str, tokens: list[tuple[int, int]], k: int, lang: str) -> bool:
    """Whether a cut before ``tokens[k]`` is ruled out: after a name's genitive, or between a noun
    and the name it introduces."""
    lo = max(0, k - 2)
    words = [_head_word(text[a:b]) for a, b in tokens[lo : k + 2]]
    return _name_genitive(words[k - lo - 1], text, lang) or _apposition(words, k - lo, lang)

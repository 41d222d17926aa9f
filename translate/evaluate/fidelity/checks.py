"""The other checks: unbalanced quotation marks, a length ratio far from the document's norm,
a translation still in Swedish, and phrases repeated back to back or looping.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence

from .names import _fold
from .numbers import _WORD_RE

Detector = Callable[[str], str]

_DQUOTES = '"“”„«»'


def check_quotes(source: str, translation: str) -> list[str]:
    """Unbalanced double quotation marks in the translation where the source's pair up."""
    s = sum(source.count(c) for c in _DQUOTES)
    t = sum(translation.count(c) for c in _DQUOTES)
    if s % 2 == 0 and t % 2 == 1:
        return [f"translation has {t} double quotation mark{'s' if t != 1 else ''} (unbalanced); the source has {s}"]
    if s % 2 == 1 and t % 2 == 0 and t != s - 1 and t != s + 1:
        return [f"source has {s} double quotation marks (a quote continuing across sentences), the translation {t}"]
    return []


#: Flag a segment whose log length ratio differs from the document's median by more than this:
#: a long source's translation under 1/1.6 or over 1.6 times its expected length ...
LENGTH_LOG_TOLERANCE = math.log(1.6)
#: ... and twice that slack for sources shorter than LENGTH_LONG_CHARS, whose ratios vary more
LENGTH_SHORT_LOG_TOLERANCE = math.log(2.0)
LENGTH_LONG_CHARS = 80
#: Sources shorter than this (characters) vary too much in ratio to judge.
LENGTH_MIN_CHARS = 25
#: The usual Swedish -> English character ratio, used when a document has too few segments.
DEFAULT_LOG_RATIO = math.log(1.05)


def _log_ratio(source: str, translation: str) -> float:
    return math.log((len(translation.strip()) + 1) / (len(source.strip()) + 1))


def length_norm(sources: Sequence[str], translations: Sequence[str]) -> float:
    """The document's typical log(translation length / source length)."""
    ratios = [_log_ratio(s, t) for s, t in zip(sources, translations) if len(s.strip()) >= LENGTH_MIN_CHARS]
    if len(ratios) < 5:
        return DEFAULT_LOG_RATIO
    return statistics.median(ratios)


def check_length(source: str, translation: str, norm: float = DEFAULT_LOG_RATIO) -> list[str]:
    """A translation far shorter or longer than the document's norm suggests lost or invented text."""
    if len(source.strip()) < LENGTH_MIN_CHARS and len(translation.strip()) < LENGTH_MIN_CHARS * 2.2:
        return []
    lr = _log_ratio(source, translation)
    tol = LENGTH_LOG_TOLERANCE if len(source.strip()) >= LENGTH_LONG_CHARS else LENGTH_SHORT_LOG_TOLERANCE
    if abs(lr - norm) <= tol:
        return []
    rel = math.exp(lr - norm)
    return [
        f"translation is {len(translation.strip())} characters for a {len(source.strip())}-character source, "
        f"{rel:.1f}x the document's usual ratio ({'text may be missing' if rel < 1 else 'text may be invented'})"
    ]


def check_untranslated(source: str, translation: str, detect: Detector | None = None) -> list[str]:
    """The translation is still Swedish."""
    words = _WORD_RE.findall(translation)
    if len(words) < 3:
        return []
    if _fold(" ".join(words)) == _fold(" ".join(_WORD_RE.findall(source))) and len(words) >= 4:
        if (detect or _default_detect())(source) == "sv":
            return ["translation is a copy of the Swedish source"]
    # Language ID alone misjudges short English headlines ("Storm hits coast"); Swedish
    # left in the output also shares its words with the source.
    src_words = {_fold(w) for w in _WORD_RE.findall(source)}
    shared = sum(_fold(w) in src_words for w in words) / len(words)
    if shared >= 0.5 and (detect or _default_detect())(translation) == "sv":
        return [f"translation looks Swedish (language ID; {shared:.0%} of its words are the source's)"]
    return []


def _default_detect() -> Detector:
    from ...langid import detect

    return detect


_REP_TOKEN = re.compile(r"\w+|[^\w\s]")


def _adjacent_repeats(tokens: list[str], max_n: int = 12) -> list[str]:
    # A repeat of n tokens at i needs tokens[i] == tokens[i + n]: collect those (n, i) from each
    # token's earlier positions rather than testing every i for every n (i ascending per n).
    starts: list[list[int]] = [[] for _ in range(max_n + 1)]
    seen: dict[str, list[int]] = {}
    for j, t in enumerate(tokens):
        earlier = seen.setdefault(t, [])
        for i in reversed(earlier):
            if j - i > max_n:
                break
            starts[j - i].append(i)
        earlier.append(j)
    found = []
    for n in range(1, max_n + 1):
        last = len(tokens) - 2 * n
        for i in starts[n]:
            if i > last:
                break
            gram = tokens[i : i + n]
            if sum(t[0].isalnum() for t in gram) < min(n, 2):
                continue  # "no, no," is emphasis; a stutter repeats words
            if gram == tokens[i + n : i + 2 * n]:
                # one repeated word is often fine English ("had had"); three in a row is a loop
                if n == 1 and tokens[i + 2 : i + 3] != gram:
                    continue
                found.append(" ".join(gram))
    return found


def _loops(tokens: list[str], n: int = 4, times: int = 3) -> list[str]:
    grams = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return [" ".join(g) for g, c in grams.items() if c >= times and sum(t[0].isalnum() for t in g) >= 2]


def check_repetition(source: str, translation: str) -> list[str]:
    """A phrase repeated back to back, or looping, that the source does not repeat."""
    tt = _REP_TOKEN.findall(translation.lower())
    st = _REP_TOKEN.findall(source.lower())
    if _adjacent_repeats(st) or _loops(st):
        return []  # the source repeats itself too ("Ja, ja"); do not judge
    # A phrase said twice apart is normal prose ("the U.S. ... the U.S."); back to back it is a stutter.
    reps = _adjacent_repeats(tt) or _loops(tt)
    if not reps:
        return []
    return [f"repeated phrase “{reps[0]}” that the source does not repeat"]

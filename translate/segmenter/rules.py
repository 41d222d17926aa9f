"""One boundary: whether a sentence ends between two tokens (terminators, abbreviations, line
breaks, quotations, and a headline glued to the next sentence).
"""

from __future__ import annotations

from .evidence import _NAME_ZIPF, _evidence, _evidence_stems, _is_common_word, _lower, _sentence_openers, _zipf
from .tokens import (
    _BULLETS,
    _CLOSERS,
    _DOTTED,
    _OPENERS,
    _POSSESSIVE,
    _QUOTES,
    _TERMINATOR,
    _core_word,
    _first_char,
    _is_acronym,
    _is_genitive,
    _is_starter,
    _is_title_case,
    _stems,
    _title_word,
)
from .wordlists import _FINAL, _FUNCTION_WORDS, _MONTHS, _NAME_JOINERS, _NO_HEADLINE_END, _NUMERIC, _PREFIX, _REPORTING, _STARTERS


def _after_period(word: str, nxt: str, lang: str, follow: str = "", text: str = "", before: str = "") -> bool:
    """Whether a full stop after ``word`` ends the sentence, given the next token (and the one after
    it) and the token before ``word``."""
    low = word.lower()
    first = _first_char(nxt)
    if low in _PREFIX[lang]:
        return False
    if (low in _NUMERIC[lang] or low in _MONTHS[lang]) and first.isdigit():
        return False
    if low in _MONTHS[lang]:
        return True
    initial = len(word) == 1 and word.isalpha()
    if initial or low in _FINAL[lang] or _DOTTED.match(word):
        if _is_starter(nxt, lang):
            return True
        name = _title_word(nxt)
        # ``... mjölk, ost etc. Priserna steg``, ``... en plan B. Regeringen måste``: a word
        # that is by its form a common word of the language (an inflected form of a common
        # stem, judged with general frequencies: Swedish definite and plural endings, English
        # ``-ing``/``-ed``) is no part of a name, so it opens a sentence.  Not a compound
        # (``St. Eriksgatan`` ends in one), not after a middle initial, which stands before a
        # surname (``Anna K. Dalen``) that may look like a common word, and not in Title Case,
        # where every word is capitalised (``U.S. Delayed New Rules``).  Swedish writes
        # names made of common words in lower case after their first word, so there a word that
        # the text itself writes in lower case elsewhere counts too (``f.Kr. Arkeologerna`` beside
        # ``arkeologerna``) -- but not after an initial, before which surnames stand (``A. Berg``).
        middle_initial = initial and _first_char(before).isupper()
        if (
            name
            and not middle_initial
            and not _first_char(follow).isupper()
            and (_is_common_word(name, text, lang, compounds=False) or (lang == "sv" and not initial and name.lower() in _evidence(text)))
        ):
            return True
        # ``... toward the U.K. Marta will reach``: a name that the text uses as a
        # sentence subject elsewhere, followed by a lower-case verb, starts a sentence
        # after an abbreviation too (``U.S. Senate``, ``John F. Kennedy`` stay whole:
        # initials never split this way, and ``Senate`` is a common word, not a name).
        return bool(
            not initial
            and name
            and _first_char(follow).islower()
            and _core_word(follow).lower() not in _NAME_JOINERS
            and _sentence_openers(text).get(_POSSESSIVE.sub("", name), 0) >= 1
            and _lower(text).count(f"{word.lower()}. {name.lower()}") == 1
            and _zipf(name.lower(), lang) < _NAME_ZIPF
        )
    return True


def _boundary(
    tokens: list[tuple[int, int]],
    text: str,
    i: int,
    sent_first: int,
    region_first: bool,
    lang: str,
    soft_breaks: frozenset[int],
    opening: bool = True,
) -> bool:
    """Whether a sentence ends between token ``i`` and token ``i + 1``.

    ``sent_first`` is the index of the current sentence's first token;
    ``region_first`` says whether it is the first sentence of the range;
    ``opening`` whether it opens the range or a line (or follows a headline that
    does), the only places where a headline without punctuation is looked for.
    """
    prev = text[tokens[i][0] : tokens[i][1]]
    nxt = text[tokens[i + 1][0] : tokens[i + 1][1]]
    ws = text[tokens[i][1] : tokens[i + 1][0]]
    first = _first_char(nxt)
    next_lower = first.islower()
    if _lone_closing_quote(text, tokens, i + 1) and _TERMINATOR.search(prev.rstrip(_CLOSERS)):
        return False  # ``landet. " Han``: a stray space before the closing quote
    if _lone_closing_quote(text, tokens, i) and i > 0:
        prev = text[tokens[i - 1][0] : tokens[i][1]]  # judge ``landet. "`` as one token
    core = prev.rstrip(_CLOSERS + " ")
    closers = prev[len(core) :]
    m = _TERMINATOR.search(core)
    if m:
        term = m.group(0)
        word = _core_word(core[: m.start()])
        if next_lower:
            return False
        if not word and nxt[:1] in ".…":
            return False  # spaced dots: ``. . .``
        if "…" in term or ".." in term:
            return True
        if "?" in term or "!" in term:
            # ``"Why?" Smith asked.``: the quotation sits inside the sentence.
            if closers and i + 2 < len(tokens) and first.isupper() and not _is_starter(nxt, lang):
                after = _core_word(text[tokens[i + 2][0] : tokens[i + 2][1]]).rstrip(".!?…").lower()
                if after in _REPORTING:
                    return False
            return True
        if not word:
            return True
        follow = text[tokens[i + 2][0] : tokens[i + 2][1]] if i + 2 < len(tokens) else ""
        before = text[tokens[i - 1][0] : tokens[i - 1][1]] if i > 0 else ""
        return _after_period(word, nxt, lang, follow, text, before)
    if "\n" in ws:
        if nxt[:1] in _BULLETS:
            return True  # a list item on its own line
        if tokens[i][1] not in soft_breaks:
            # A line break: a headline, a caption, or ``Han sade:`` before a quote.
            return not next_lower and core[-1:] not in ",;-–—(/&+"
    # No punctuation at all: a headline glued to the text that follows it -- never in running
    # prose, where a capitalised word is far more often a name (``sued | Apple for``).
    return opening and _headline_end(tokens, text, i, sent_first, region_first, prev, nxt, lang)


def _lone_closing_quote(text: str, tokens: list[tuple[int, int]], j: int) -> bool:
    """Whether token ``j`` is a closing quotation mark standing alone (``... landet. " Han``).

    ``”`` and ``»`` close; a straight ``"`` closes when an odd number of double quotation
    marks precede it in the range, of any shape: a quotation opened with ``”`` may be closed
    with ``"`` (``”vi kommer tillbaka. " Sedan``).
    """
    a, b = tokens[j]
    if b - a != 1 or j == 0 or "\n" in text[tokens[j - 1][1] : a]:
        return False
    ch = text[a]
    if ch in "”»":
        return True
    if ch != '"':
        return False
    start = tokens[0][0]
    return (text.count('"', start, a) + text.count("”", start, a) + text.count("“", start, a)) % 2 == 1


def _soft_breaks(text: str, start: int, end: int) -> frozenset[int]:
    """Line ends inside ``text[start:end]`` that only wrap a long line (hard-wrapped prose).

    In a range of three or more lines, a line at least 3/4 as long as the
    longest one ends where the editor wrapped it, not where a headline or a
    caption ends.
    """
    lines = []
    pos = start
    for line in text[start:end].split("\n"):
        stripped = line.rstrip()
        lines.append((pos + len(stripped), len(stripped)))
        pos += len(line) + 1
    if len(lines) < 3:
        return frozenset()
    longest = max(n for _, n in lines)
    if longest < 40:
        return frozenset()
    return frozenset(e for e, n in lines[:-1] if n >= 0.75 * longest)


def _headline_end(
    tokens: list[tuple[int, int]],
    text: str,
    i: int,
    sent_first: int,
    region_first: bool,
    prev: str,
    nxt: str,
    lang: str,
) -> bool:
    """Whether an unpunctuated headline (or caption) ends before token ``i + 1``.

    Asked only where a text or a line opens (:func:`_boundary`).  The next word
    must be in title case, not quoted, and look like a sentence opener; the word
    before must end a phrase (no function word, number word or genitive, comma,
    colon or dash, not the start of a quotation).  Openers are, from safest to
    boldest:

    * a capitalised function word or numeral (``Det``, ``The``, ``Sex``)
      followed by a lower-case word -- ``The Times`` or ``Den Haag`` are names;
    * a word the text elsewhere writes in lower case, also inflected
      (``Polisen`` beside ``polis``), followed by a lower-case word, and not
      right after another capitalised word (``Global Citizen``) -- except in
      Swedish at the head of a paragraph, where names keep common nouns in
      lower case (``i Visby Lördagen blev``), if the word is by its form a
      common word too.

    Headlines that end in a name and run into a name need the text's own
    restatement of the headline instead: see :func:`_restated_headline`.
    """
    if not _first_char(nxt).isupper():
        return False  # the common case, decided cheaply
    word = _title_word(nxt)
    if not word or (lang == "en" and word == "I") or i + 2 >= len(tokens):
        return False
    last = prev.rstrip(_CLOSERS)
    if not last or not last[-1].isalnum():
        return False
    if prev[:1] in _QUOTES and prev[-1:] not in _CLOSERS:
        return False  # inside a quoted title that has just begun: ``"60 Minutes"``
    prev_word = _core_word(prev)
    if prev_word.lower() in _NO_HEADLINE_END[lang] or _is_genitive(prev_word):
        return False  # ``att EU:s | Parlament``, ``three | Olympic medals``: the next word belongs to this one's phrase
    if prev_word[:1].isdigit() and not prev_word.isdigit():
        return False  # ``125th Street``, ``Radio 4's Today``: part of a name
    if nxt[:1] in _QUOTES:
        # ``has written "Even the darkest night``, ``said on Monday "We ...``: a title or a
        # quotation inside the sentence.  A lead that opens with a quotation is found by
        # its attribution instead (headcuts).
        return False
    follow = text[tokens[i + 2][0] : tokens[i + 2][1]]
    follow_ok = _first_char(follow).islower() or _first_char(follow).isdigit()
    after_name = prev_word[:1].isupper()
    headline_position = region_first and i + 1 - sent_first >= 3
    if word in _STARTERS[lang] and (follow_ok or _is_acronym(follow)):
        if lang == "en" and word == "A":
            # ``Class A shares``, ``grade A in``: a letter -- unless it follows
            # a Title Case headline (``Local Baker Wins National Bread Prize A baker from``).
            title_headline = headline_position and _is_title_case(text, tokens[sent_first : i + 1])
            if (after_name and not title_headline) or _core_word(follow).lower() in _FUNCTION_WORDS[lang]:
                return False
        return not (after_name and nxt.endswith(","))  # ``Kim So, a student``
    if not follow_ok or (after_name and not (headline_position and lang == "sv")) or nxt[:1] in _OPENERS:
        return False
    low = word.lower()
    written_lower = low in _evidence(text) or not _stems(low, lang).isdisjoint(_evidence_stems(text, lang))
    # ``i Visby Lördagen blev``: after a capitalised word, the word must also be by its form a
    # common word (``Lördagen``, definite), as surnames are often plain common words that the
    # text writes in lower case elsewhere (``statsminister Anna | Berg``, ``ett högt berg``).
    return written_lower and (not after_name or _is_common_word(word, text, lang, compounds=False))

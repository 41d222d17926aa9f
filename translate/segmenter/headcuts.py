"""Scored headline cuts: where the opening units of a range (headline, standfirst, bullets)
end when their line breaks were lost, judged at every candidate cut.
"""

from __future__ import annotations

from .evidence import _NAME_ZIPF, _bigram_count, _doubled_name, _is_common_word, _lower, _name_adjective, _zipf
from .shape import _vetoed
from .tokens import (
    _CLOSE_QUOTES,
    _CLOSERS,
    _OPEN_QUOTES,
    _OPENERS,
    _POSSESSIVE,
    _TERMINATOR,
    _core_word,
    _first_char,
    _head_word,
    _is_acronym,
    _is_content,
    _is_genitive,
    _is_title_case,
    _quote_depths,
    _same_word,
    _title_word,
    _unpossessive,
)
from .wordlists import (
    _DETERMINER_STARTERS,
    _FUNCTION_WORDS,
    _MODIFIED_TITLES,
    _NAME_JOINERS,
    _NO_HEADLINE_END,
    _OFFICES,
    _REPORTING,
    _RUN_CONTINUES,
    _TITLE_CASE_SMALL,
    _TITLES_EN,
)

_HEAD_UNITS = 6  # opening units (kicker, headline, standfirst, bullets) looked at per range
_HEAD_MAX = 25  # tokens: a headline is shorter than this
_LEAD_MIN = 4  # tokens the lead keeps after a cut
_KICKER_MAX = 8  # tokens: a punctuated first sentence this short may be a kicker before the headline
_REPLACE_NEAR = 5  # tokens: a scored cut replaces a rule's cut this far before it that splits a name
_REPLACE_AFTER = 3  # ... and (restated subject only) any rule's cut this far after it


def _lead_cuts(tokens: list[tuple[int, int]], text: str, lang: str, cuts: list[int]) -> list[int]:
    """Add cuts where headlines without punctuation end in the opening units of the range.

    A range (a document, a paragraph) may open with a headline, a standfirst or
    bullet lines without final punctuation, glued to the text that follows when
    the line breaks were lost.  Each opening unit that ends in sentence
    punctuation is scored at every candidate cut (:func:`_best_head_cut`);
    units that already end without punctuation are headlines, and the unit
    after them is opening too.
    """
    cuts = sorted(set(cuts))
    last = len(tokens) - 1

    def punctuated(c: int) -> bool:
        return bool(_TERMINATOR.search(text[tokens[c][0] : tokens[c][1]].rstrip(_CLOSERS)))

    def splits_name(c: int) -> bool:
        """Whether a cut after token ``c`` splits a pair of capitalised words the text repeats (``Ryder | Cup``)."""
        a, b = (_unpossessive(_core_word(text[x:y])) for x, y in tokens[c : c + 2])
        return a[:1].isupper() and b[:1].isupper() and _lower(text).count(f"{a} {b}".lower()) > 1

    # A lead or a bullet may repeat the headline's opening words (``Rail fares ...``).
    opening = tuple(_core_word(text[a:b]).lower() for a, b in tokens[:3])
    first = 0
    for _ in range(_HEAD_UNITS):
        if first > last:
            break
        # The opening stretch runs to the first sentence punctuation; the rules may
        # already have cut it at headline ends.
        stretch_end = next((c for c in cuts if c >= first and punctuated(c)), last)
        old = [c for c in cuts if first <= c < stretch_end]
        if not old and stretch_end == last and not punctuated(last):
            break  # a headline on its own
        found = _best_head_cut(tokens[first : stretch_end + 1], text, lang, opening)
        if found is not None:
            score, k = found
            new = first + k - 1
            before = [c for c in old if c < new]
            after = [c for c in old if new < c <= new + _REPLACE_AFTER]
            # A rule's cut before this one stands (the headline ended there; this stretch
            # is the lead) unless it splits a name the text repeats (``Ryder | Cup``).  The
            # lead restating the headline's subject is better evidence than a rule's cut a
            # few words on (``... i Oslo | Team Norge vann``, not ``Team | Norge``); a common word is not.
            if all(new - c <= _REPLACE_NEAR and splits_name(c) for c in before) and (score >= 2 or not after):
                drop = set(before) | set(after)
                cuts = sorted(set(c for c in cuts if c not in drop) | {new})
                first = new + 1
                continue
        if not old:
            if first == 0 and stretch_end < last and stretch_end + 1 <= _KICKER_MAX:
                first = stretch_end + 1  # a short punctuated kicker (``Finally over?!``)
                continue
            break
        first = old[0] + 1  # a headline already: what follows opens the text too
    return cuts


def _best_head_cut(tokens: list[tuple[int, int]], text: str, lang: str, opening: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """Where a headline ends inside this opening stretch, or ``None``: ``(score, index of the lead's first token)``.

    Every gap before a capitalised word in the first :data:`_HEAD_MAX` tokens
    is a candidate (not after a function word, a comma or inside a quotation);
    the best-supported one wins:

    3. the word repeats across the gap (``... mot Växjö Växjö Lakers tappade``);
    2. the lead opens with a name from the headline, as news leads do
       (``Berg warns unions Prime Minister Anna Berg warned``): a run of
       capitalised words holding a headline word, then a lower-case word;
    1. the lead opens with a common word of the language, not a name
       (``... i Visby Lördagen blev``, ``... city budget Addressing the``), or an
       English sentence opener (``... in Ohio The Governor ...``).
    """
    n = len(tokens)
    if n < 2 + _LEAD_MIN:
        return None
    last_k = min(n - _LEAD_MIN, _HEAD_MAX)
    # Only a gap before a capitalised word is a candidate (first test of the loop below).
    if not any(_first_char(text[a:b]).isupper() for a, b in tokens[2 : last_k + 1]):
        return None
    toks = [text[a:b] for a, b in tokens]
    words = [_head_word(t) for t in toks]
    lows = [w.lower() for w in words]
    depth = _quote_depths(text, tokens)
    bigrams = _bigram_count(text)
    best: tuple[int, int] | None = None  # (score, k)
    for k in range(2, last_k + 1):
        prev, nxt = toks[k - 1], toks[k]
        if not _first_char(nxt).isupper() or depth[k] > 0:
            continue
        quote = nxt[:1] in _OPEN_QUOTES
        if nxt[:1] in _OPENERS and not quote:
            continue
        if not prev.rstrip(_CLOSERS)[-1:].isalnum():
            continue
        # A Title Case headline may end in any word (``..., Oregon Mayor Says``).
        title_end = words[k - 1][:1].isupper() and _is_title_case(text, tokens[:k])
        if (lows[k - 1] in _NO_HEADLINE_END[lang] or lows[k - 1] in _REPORTING) and not title_end:
            continue
        if _is_genitive(prev):
            continue  # ``EU:s | Parlament``: a genitive modifies the next word
        if prev[:1].isdigit() and not prev.isdigit():
            continue  # ``125th Street``
        if _vetoed(text, tokens, k, lang):
            continue  # ``Linds | OS-guld``, ``the party | The Greens``
        if lang == "sv" and lows[k - 1].endswith("re") and not lows[k - 1].endswith("are"):
            continue  # a comparative (``den fem år äldre | Hollywoodstjärnan``) stands before its noun
        prev_cap = words[k - 1][:1].isupper()
        if prev_cap and bigrams.get((lows[k - 1], lows[k]), 0) > 1:
            continue  # a pair the text repeats is a name: ``Ryder | Cup``
        follow = toks[k + 1]
        follow_low = _first_char(follow).islower()
        score = 0
        if (
            prev_cap
            and lows[k - 1] == lows[k]
            and len(lows[k]) >= 3
            and words[k].isalpha()
            and lows[k] not in _FUNCTION_WORDS[lang]
            and not _doubled_name(text, words[k])
        ):
            # A headline ending in the name the lead opens with: ``... mot Växjö | Växjö Lakers tappade``.
            score = 3
        elif quote:
            # ``... old harbour district "Nobody here could ...," Mrs. Berg said.``: a long
            # quotation followed by its attribution opens its sentence, whatever word precedes it
            # (``... at Lake Vattern "Without them ...," Berg said``).
            said = any(lows[k - 1 - j] in _REPORTING for j in range(min(3, k)))
            if k >= 4 and not said and _quoted_lead(toks, lows, k):
                score = 1
        elif _repeats_opening(toks, k, opening, lang):
            score = 2  # the text's opening words again: ``... in Sweden | Rail fares will``
        elif _restates_name(toks, words, k, prev_cap, lang):
            # Inside a run of capitalised words, prefer the cut before a common word
            # (``Davis Cup | Svensken Mats Lind``).
            score = 3 if _title_word(nxt) and _is_common_word(words[k], text, lang) else 2
        elif (
            follow_low
            and _core_word(follow).lower() not in _NAME_JOINERS
            and _title_word(nxt)
            and "-" not in words[k]
            and not (lang == "en" and _POSSESSIVE.search(nxt.rstrip(",;")))
            and not (prev_cap and lang == "en" and not _is_title_case(text, tokens[:k]))
            and not (prev_cap and lang == "sv" and _name_adjective(lows[k - 1]))
            # After an infinitive (``avsluta | Balkankriget``) a compound is its object, not a new sentence.
            and _is_common_word(words[k], text, lang, compounds=not (lang == "sv" and not prev_cap and lows[k - 1].endswith("a")))
        ):
            # English capitalises names made of common words (``Labour | Party``), so after a
            # capitalised word only a Title Case headline's end counts there.
            score = 1
        elif lang == "en" and title_end and _title_case_end(words, lows, k, lang):
            score = 1
        elif lang == "sv" and not prev_cap and lows[k] in _OFFICES and _title_word(follow):
            # Swedish writes titles in lower case (``president Donald Trump``), so a
            # capitalised one before a name opens a sentence: ``… bostadsbidrag President Maria Lind presenterade``.
            score = 1
        elif lang == "en" and words[k] in _DETERMINER_STARTERS and k >= 4 and _title_word(follow) and _lowercase_soon(words, k + 1):
            # ``... in Ohio | The Governor briefly``: a determiner or conjunction
            # opening a capitalised subject, which a verb soon follows.
            score = 1
        if score and (best is None or score > best[0]):
            best = (score, k)
    return best


def _repeats_opening(toks: list[str], k: int, opening: tuple[str, ...], lang: str) -> bool:
    """Whether the lead at ``toks[k]`` repeats the text's opening words, the second in lower case:
    two content words (``Rail fares``), or all three opening words (``One in five``).  Not a name
    (``Maxine Waters``), which leads repeat anywhere, nor a name and a conjunction alone (``Lind
    och``): ordinary sentences repeat those too (``Lind och Holm vann i går, och i dag möter |
    Lind och Berg ...``)."""
    if len(opening) < 3 or k + 1 >= len(toks) or not toks[k + 1][:1].islower():
        return False
    here = tuple(_core_word(t).lower() for t in toks[k : k + 3])
    if here[:2] != opening[:2]:
        return False
    return all(_is_content(w, lang) for w in opening[:2]) or (here == opening and any(_is_content(w, lang) for w in opening))


def _lowercase_soon(words: list[str], j: int) -> bool:
    """A lower-case word (not ``of``/``and``, which join names) within three words after ``words[j]``."""
    for w in words[j + 1 : j + 4]:
        if w[:1].islower():
            return w.lower() not in _NAME_JOINERS
    return False


def _title_case_end(words: list[str], lows: list[str], k: int, lang: str) -> bool:
    """Whether an English Title Case headline ends before ``words[k]``.

    The headline's last word is a common word (``Summer Party``, ``Budget Row``);
    the lead opens with a title or a name -- a word rarer than common words
    (``President Donald Trump``, ``Kanye West``) -- in a run of at most four
    capitalised words, then goes on in sentence case.
    """
    if _zipf(lows[k - 1], lang) < _NAME_ZIPF or not words[k].isalpha():
        return False
    # Title Case proper: four or more words after the first (longer than three letters,
    # or capitalised ones of any length: ``Was``, ``Bad``), all capitalised,
    # and a capitalised function word that sentence case writes in lower case
    # (``So That Was Our``; names hold ``of``, ``the``, ``and``, not these).
    longer = [w for w in words[1:k] if (len(w) > 3 or w[:1].isupper()) and w[:1].isalpha()]
    if len(longer) < 4 or not all(w[0].isupper() for w in longer):
        return False
    if not any(w[:1].isupper() and w.lower() in _TITLE_CASE_SMALL for w in words[1:k]):
        return False
    if lows[k] not in _TITLES_EN and _zipf(lows[k], lang) >= _NAME_ZIPF:
        return False
    run_end = k
    while run_end < len(words) and words[run_end][:1].isupper():
        run_end += 1
    if run_end - k > 4 or run_end >= len(words) or lows[run_end] in _NAME_JOINERS:
        return False
    return sum(1 for w in words[run_end : run_end + 6] if w[:1].islower()) >= 3


def _quoted_lead(toks: list[str], lows: list[str], k: int) -> bool:
    """Whether a quotation of six words or more opens at token ``k`` and is followed by its
    attribution (a verb of saying within three words): a lead quoting someone."""
    for j in range(k, len(toks)):
        if j - k > 60:
            return False
        tok = toks[j].rstrip(".,;:!?…")
        if j > k and (tok[-1:] in _CLOSE_QUOTES or toks[j][-1:] in _CLOSE_QUOTES):
            if j - k + 1 < 6:
                return False
            return any(w.rstrip(".,;:!?…") in _REPORTING for w in lows[j + 1 : j + 4])
    return False


def _restates_name(toks: list[str], words: list[str], k: int, prev_cap: bool, lang: str) -> bool:
    """Whether the lead opens with a name from the headline ``words[:k]``, as news leads do.

    The lead's first capitalised run (at most four words, ``Prime Minister Theresa
    May``) must end in a capitalised word that the headline holds too (also
    inflected: ``Nordkorea``/``Nordkoreas``), and be followed by a lower-case
    word, as a subject is by its verb.  After a capitalised word the run must
    hold two words, so a single repeated name does not split a name
    (``Baker Street och Oxford | Street``).
    """
    run_end = k
    while run_end < len(words) and run_end - k < 5 and words[run_end][:1].isupper():
        end = toks[run_end].rstrip(_CLOSERS)[-1:]
        if end in ":;":
            return False  # ``landskapet Småland: Kalmar är``: a label before a colon, not a subject
        run_end += 1
        if end == ",":
            break
    if prev_cap and (words[k - 1].lower() in _TITLES_EN or words[k].lower() in _MODIFIED_TITLES):
        return False  # ``President | Donald Trump``, ``Foreign | Minister``: one title
    if prev_cap and _is_acronym(toks[k - 1]):
        # ``in the EU | Rail fares will``, but ``US | President Donald Trump``: after an
        # acronym only a single word that is not a title.
        if run_end - k != 1 or words[k].lower() in _TITLES_EN:
            return False
    elif prev_cap and run_end - k < 2:
        return False
    if run_end - k > 4 or run_end >= len(words):
        return False
    comma = toks[run_end - 1].rstrip(_CLOSERS).endswith(",")
    if not (words[run_end][:1].islower() or (comma and run_end - k >= 2)):
        return False
    if _POSSESSIVE.search(toks[run_end - 1].rstrip(",;")) or words[run_end].lower() in _RUN_CONTINUES[lang]:
        return False  # ``Andrews’ letters``, ``Lind och Holm``: not the subject of a new sentence
    last = words[run_end - 1].split("-")[0]
    if lang == "sv" and last.endswith("s") and any(last.lower() in (h.lower(), h.lower() + "s") for h in words[:k]):
        return False  # a genitive (``Lind`` ... ``Linds son``) modifies what follows
    if comma and not all(any(_same_word(w.lower(), h.lower(), lang) for h in words[:k]) for w in words[k:run_end]):
        return False  # an apposition restates the whole name: ``Karin Lund, 54,``
    if not (last.isalpha() and len(last) >= 3 and last[0].isupper() and last[1:].islower()):
        return False
    if sum(1 for w in words[:k] if _is_content(w.lower(), lang)) < 3:
        return False
    head = {w.split("-")[0].lower() for w in words[:k] if w[:1].isupper()}
    return any(_same_word(last.lower(), h, lang) for h in head if len(h) >= 3)

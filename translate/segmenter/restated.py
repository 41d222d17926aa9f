"""A headline without punctuation found by the lead that restates it (the first sentence's rule)."""

from __future__ import annotations

from .evidence import _bigram_count
from .shape import _vetoed
from .tokens import _CLOSERS, _OPENERS, _head_word, _is_content, _is_genitive, _is_title_case, _quote_depths, _same_word
from .wordlists import _NO_HEADLINE_END

# Restated-headline search (see _restated_headline); tuned on NTREX, see notes.
_MIN_HEADLINE_WORDS = 3  # content words in a headline
_RESTATED = 0.4  # share of them the lead must repeat
_RESTATED_BEFORE_NAME = 0.5  # ... when the lead would start with a name (``Prime Minister May``)
_RESTATED_IN_NAME = 0.6  # ... when the cut would fall inside a run of capitalised words
_HEADLINE_SEARCH = 40  # tokens: a headline is shorter than this
_LEAD_SEARCH = 80  # tokens of the lead compared with it


def _restated_headline(tokens: list[tuple[int, int]], text: str, lang: str) -> int | None:
    """Where an unpunctuated headline ends inside the first sentence, if it restates the lead.

    News bodies open by restating their headline (``New tram line opens in Malmö
    The new tram line to the harbour in Malmö opened on Monday ...``).  A cut is
    taken before a capitalised word that follows a phrase-ending word, when
    enough of the content words before it come back -- also inflected -- in the
    rest of the sentence.  Returns the index of the first token after the headline.
    """
    n = min(len(tokens), _LEAD_SEARCH)
    if n < 8:
        return None
    # The loop below only considers a capitalised token after a word ending in a letter or
    # digit; when there is none, skip the word analysis.
    if not any(
        text[tokens[k][0] : tokens[k][1]].lstrip(_OPENERS)[:1].isupper()
        and text[tokens[k - 1][0] : tokens[k - 1][1]].rstrip(_CLOSERS)[-1:].isalnum()
        for k in range(3, min(n - 4, _HEADLINE_SEARCH))
    ):
        return None
    words = [_head_word(text[a:b]).lower() for a, b in tokens[:n]]
    content = [_is_content(w, lang) for w in words]
    # the last token position at which each word has a later look-alike
    by_start: dict[str, list[int]] = {}
    for j in range(n):
        if content[j]:
            by_start.setdefault(words[j][:3], []).append(j)
    last_match = [-1] * n
    for i in range(n):
        if content[i]:
            for j in reversed(by_start[words[i][:3]]):
                if j <= i:
                    break
                if _same_word(words[i], words[j], lang):
                    last_match[i] = j
                    break
    quote_depth = _quote_depths(text, tokens[:n])
    found: list[tuple[float, int]] = []
    for k in range(3, min(n - 4, _HEADLINE_SEARCH)):
        prev = text[tokens[k - 1][0] : tokens[k - 1][1]]
        nxt = text[tokens[k][0] : tokens[k][1]]
        if not nxt.lstrip(_OPENERS)[:1].isupper():
            continue
        if not prev.rstrip(_CLOSERS)[-1:].isalnum() or words[k - 1] in _NO_HEADLINE_END[lang] or _is_genitive(prev):
            continue
        if prev.lstrip(_OPENERS)[:1].isupper() and (
            any(words[j] == words[k] and text[tokens[j - 1][0]].isupper() for j in range(k + 1, n))
            or _bigram_count(text).get((words[k - 1], words[k]), 0) > 1
        ):
            continue  # ``Ryder | Cup``, ``Orange | County``, ``Mexico | City``: a name seen elsewhere
        if _is_genitive(nxt) or nxt.rstrip(_CLOSERS)[-1:] in ":;":
            # ``trusted | Berg's figures``: the genitive opens an object; ``province |
            # Smaland: Kalmar is``: a label before a colon.  Neither opens a lead.
            continue
        if quote_depth[k] > 0:
            continue  # inside a quotation: ``"We will ask Judge | Holm to ...``
        if _vetoed(text, tokens, k, lang):
            continue  # ``Linds | OS-guld``, ``the band | The Ark``
        run = 0
        while k + run < n and text[tokens[k + run][0]].isupper():
            run += 1
        if (
            prev.lstrip(_OPENERS)[:1].isupper()
            and run >= 3
            and not any(_same_word(words[j], words[i], lang) for j in range(k, k + run) for i in range(k) if content[i])
        ):
            continue  # ``Swedish | National Heritage Board``: inside a long name, not a restated one
        before = [i for i in range(k) if content[i]]
        if len(before) < _MIN_HEADLINE_WORDS:
            continue
        hits = sum(1 for i in before if last_match[i] >= k)
        score = hits / len(before)
        # Inside or before a run of capitalised words the cut may split a name
        # (``South | Korea``, ``former | Governor Anna``): ask for more evidence.
        follow = text[tokens[k + 1][0] : tokens[k + 1][1]]
        # In a Title Case headline a capitalised last word says nothing about names,
        # and the lead must not read as Title Case itself (``Small Town | Resigns After ...``).
        title_head = _is_title_case(text, tokens[:k])
        if title_head and _is_title_case(text, tokens[k : k + 6], opens=False):
            continue
        prev_name = prev.lstrip(_OPENERS)[:1].isupper() and not title_head
        before_name = follow.lstrip(_OPENERS)[:1].isupper()
        if (prev_name or before_name) and len(before) < _MIN_HEADLINE_WORDS + 1:
            continue
        need = _RESTATED_IN_NAME if prev_name else _RESTATED_BEFORE_NAME if before_name else _RESTATED
        if hits >= 2 and score >= need:
            found.append((score, k))
    if not found:
        return None
    top = max(score for score, _ in found)
    return min(k for score, k in found if score == top)

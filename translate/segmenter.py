"""Rule-based paragraph and sentence segmentation for Swedish and English news.

No maintained library splits Swedish well, so this is hand-written (the
abbreviation and quotation handling follows the same ideas as pysbd's golden
rules).  It works on character offsets only, never rewriting the text, so every
later stage can map a sentence back to ``text[start:end]``.

Paragraphs are separated by blank lines.  Inside a paragraph, boundaries only
ever fall in a run of whitespace, and the tokens on either side decide:

* A terminator (``. ! ? … ...``), optionally followed by closing quotes or
  brackets, ends a sentence unless the next token continues in lower case,
  the full stop belongs to an abbreviation or an initial (see below), or the
  quotation is followed by its attribution (``"Why?" Smith asked.``).
* A line break ends a sentence (a headline, a caption, ``Han sade:`` before a
  quotation on its own line) unless the line ends mid-clause (comma, dash) or
  the next one continues in lower case.  In hard-wrapped prose, long lines are
  recognised as wraps (:func:`_soft_breaks`).
* With no punctuation at all, a headline that runs straight into the body text
  is cut before a capitalised sentence opener (:func:`_headline_end`), or
  where the lead restates it (:func:`_restated_headline`).  Then the opening
  stretch of the range (up to its first sentence punctuation) is scored at
  every candidate cut and the best-supported one wins (:func:`_lead_cuts`):
  the lead opening with the headline's subject or its opening words, a
  capitalised word that general-language frequencies (wordfreq) and its
  inflection show to be a common word (``Presidenten``, ``Addressing``), an
  English determiner before a capitalised subject.  This matters for text
  whose line structure was lost; it is deliberately cautious, as a wrong cut
  inside a sentence costs more than a missed headline.

Abbreviations come in four kinds: *prefix* ones that never end a sentence
(``Dr.``, ``t.ex.``, ``kl.``), *numeric* ones that do not end a sentence before
a number (``No. 5``, ``nr. 5``), months (``Jan. 5`` but ``until Oct. The``),
and *final* ones that may end a sentence (``osv.``, ``U.S.``, ``Inc.``,
initials).  After a final one the sentence ends only if the next word is a
typical sentence opener, so ``John F. Kennedy`` and ``U.S. Senate`` stay whole
while ``... osv. Det ...`` and ``... in the U.S. The ...`` are split.
Numbers (``3,5``, ``1.5``, ``7.00``) never split: there is no space after
their full stop.
"""

from __future__ import annotations

import functools
import math
import os
import re
from typing import Iterator

from .document import Document, Paragraph, Segment
from .errors import TolkaError
from .textio import normalise_newlines

__all__ = ["LANGS", "split_paragraphs", "split_sentences", "segment_article"]

#: Languages the splitter has rules for.
LANGS = ("sv", "en")


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

# --- abbreviations (lower case, without the final full stop) -----------------
# Words that are also ordinary words (sv ``fru``, ``min``; en ``in``, ``mass``)
# are left out: a missed abbreviation costs less than a sentence glued to the next.
_PREFIX = {
    "sv": {
        "t.ex", "bl.a", "dvs", "d.v.s", "s.k", "ca", "c:a", "kl", "fr.o.m", "t.o.m", "jfr", "p.g.a",
        "pga", "f.d", "resp", "inkl", "exkl", "enl", "prof", "dr", "doc", "tel", "sid", "s", "ang",
        "bl", "mha", "m.h.a", "i.o.m", "f.ö", "m.a.o", "s.a.s", "ff", "ev", "nr", "tf", "t.f", "vs",
        "hr", "mr", "ms", "mrs", "jmf", "ordf", "v", "kapt", "lt", "fil", "fil.dr", "med.dr", "jur",
    },
    "en": {
        "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cmdr",
        "sgt", "rev", "hon", "pres", "supt", "insp", "adm", "maj", "brig", "cpl", "pvt", "fr", "mt",
        "vs", "v", "e.g", "i.e", "cf", "approx", "ca", "messrs", "mme", "mlle", "gens", "reps", "sens",
        "det", "atty", "asst", "assoc", "dept", "lieut",
    },
}
_NUMERIC = {
    "sv": {"nr", "no", "s", "sid", "kap", "vol", "art", "tab", "fig", "p", "pp", "bd", "kl", "ca"},
    "en": {"no", "nos", "nr", "p", "pp", "vol", "vols", "art", "ch", "sec", "para", "fig", "figs", "op", "tab"},
}
# Month abbreviations stand before a day (``Jan. 5``, ``5 jan. 2020``); before
# anything else the full stop ends the sentence (``until Oct. President ...``).
_MONTHS = {
    "sv": {"jan", "febr", "feb", "apr", "jun", "jul", "aug", "sept", "sep", "okt", "nov", "dec"},
    "en": {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"},
}
_FINAL = {
    "sv": {
        "osv", "o.s.v", "m.fl", "m.m", "mm", "etc", "f.kr", "e.kr", "kr", "milj", "mdr", "mkr", "tkr",
        "o.d", "o.dyl", "f.n", "dyl", "fm", "em", "f.m", "e.m", "ab", "inc", "ltd", "co", "corp", "jr",
        "st", "ex",
    },
    "en": {
        "inc", "ltd", "co", "corp", "plc", "llc", "jr", "sr", "bros", "etc", "al", "mon", "tue", "tues",
        "thu", "thur", "thurs", "fri", "st", "ave", "blvd", "rd", "hwy", "ft", "ala", "ariz", "calif",
        "colo", "conn", "fla", "ga", "ky", "md", "mich", "minn", "mont", "neb", "nev", "okla", "pa",
        "penn", "tenn", "tex", "va", "vt", "wis", "wyo", "yrs", "hrs", "mins", "secs", "oz", "lb", "lbs",
        "cm", "km", "kg", "govt", "univ", "ex", "la",
    },
}
# Words that typically open a sentence: after a "final" abbreviation or an initial,
# and in a headline glued to the body text, a capitalised one of these starts a
# new sentence.  Content words are left out on purpose: they are often names.
_STARTERS = {
    "sv": {
        "Det", "Den", "De", "Dem", "Han", "Hon", "Hen", "Vi", "Jag", "Du", "Ni", "Man", "Detta",
        "Denna", "Dessa", "Där", "Här", "Men", "Och", "Så", "Nu", "Efter", "Enligt", "Om", "När",
        "Eftersom", "Sedan", "Då", "Vid", "Med", "För", "Till", "Hans", "Hennes", "Deras", "Vår",
        "Vårt", "Våra", "Min", "Mitt", "Mina", "En", "Ett", "Alla", "Många", "Flera", "Inte",
        "Dock", "Samtidigt", "Även", "Också", "Bland", "Redan", "Vad", "Vem", "Hur", "Varför",
        "Vilken", "Vilket", "Vilka", "Trots", "Under", "Inom", "Utan", "Varje", "Ingen", "Inget",
        "Inga", "Några", "Någon", "Något", "Vissa", "Andra", "Därför", "Dessutom", "Också", "Medan",
        "Även", "Sådana", "Sådan", "Samma", "Mellan", "Före", "Bakom", "Genom", "Mot", "Av", "Från",
        "Hos", "Ja", "Nej", "Kanske", "Ändå", "Fast", "Eller", "Att", "Tidigare", "Senare", "Idag",
        "Igår", "Imorgon", "Därefter", "Sen", "Som", "Ny", "Nytt", "Nya", "Minst", "Högst", "Drygt",
        "Nästan", "Cirka", "Över", "Omkring", "Endast", "Bara", "Två", "Tre", "Fyra", "Fem", "Sex",
        "Sju", "Åtta", "Nio", "Tio", "Elva", "Tolv", "Tretton", "Fjorton", "Femton", "Sexton", "Sjutton",
        "Arton", "Nitton", "Tjugo", "Trettio", "Fyrtio", "Femtio", "Hundra", "Tusentals", "Hundratals",
    },
    "en": {
        "The", "A", "An", "He", "She", "It", "They", "We", "You", "This", "That", "These", "Those",
        "There", "Here", "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "If", "When",
        "While", "After", "Before", "As", "His", "Her", "Its", "Their", "Our", "My", "Your", "Some",
        "Many", "Most", "All", "Several", "However", "Meanwhile", "What", "Who", "Why", "How",
        "Where", "Which", "Although", "Though", "Since", "During", "Despite", "According", "Each",
        "Every", "No", "Yes", "Now", "Then", "Also", "Still", "Instead", "Other", "Others", "Such",
        "Both", "Neither", "Nor", "Because", "Under", "With", "Without", "From", "By", "Of", "To",
        "Once", "Later", "Earlier", "Last", "Next", "Today", "Yesterday", "Tomorrow", "Many",
        "More", "Much", "Few", "Any", "Another", "Perhaps", "Maybe", "Even", "Only", "Just",
        "Not", "Is", "Are", "Was", "Were", "Do", "Does", "Did", "Can", "Could", "Will", "Would",
        "Should", "Must", "Have", "Has", "Had", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
        "Nine", "Ten", "Eleven", "Twelve", "Twenty", "Thirty", "Forty", "Fifty", "Hundreds", "Thousands",
        "Dozens", "Nearly", "Almost", "About", "Around", "Over", "Fewer", "Less", "At",
    },
}
# Lower-cased starters, not counted as content words when comparing a headline with its lead.
_LOWER_STARTERS = {lang: frozenset(w.lower() for w in words) for lang, words in _STARTERS.items()}
# A headline does not end on one of these, so no headline cut after them.
_FUNCTION_WORDS = {
    "sv": {
        "och", "eller", "men", "att", "som", "i", "på", "av", "till", "för", "med", "om", "från",
        "vid", "under", "över", "mot", "hos", "efter", "utan", "genom", "den", "det", "de", "en",
        "ett", "är", "var", "har", "hade", "sa", "sade", "säger", "enligt", "än", "så", "när",
        "där", "hans", "hennes", "deras", "sin", "sitt", "sina", "kallade", "heter", "mellan",
        "inom", "bland", "samt", "både", "vid", "kring", "inför", "före", "bakom", "ur", "åt", "sedan",
        "kommer", "ska", "skulle", "kan", "kunde", "vill", "ville", "måste", "inte", "blir", "blev",
        "inklusive", "däribland",
    },
    "en": {
        "and", "or", "but", "that", "which", "who", "in", "on", "at", "of", "to", "for", "with",
        "from", "by", "as", "the", "a", "an", "is", "are", "was", "were", "has", "have", "had",
        "said", "says", "told", "than", "so", "when", "where", "his", "her", "their", "its",
        "called", "named", "between", "into", "onto", "about", "like", "via", "per", "amid",
        "against", "at", "be", "been", "being", "over", "under", "after", "before", "during", "since",
        "until", "within", "through", "across", "behind", "beyond", "near", "toward", "towards", "upon",
        "off", "vs", "versus", "will", "would", "can", "could", "may", "might", "must", "should", "not",
        "including",
    },
}
# Inflection endings stripped to compare ``Polisen`` with ``polis`` (longest first).
_SUFFIXES = {
    "sv": ("erna", "arna", "orna", "ens", "ets", "en", "et", "na", "ns", "ar", "er", "or", "n", "t", "s", "e", "a"),
    "en": ("ing", "ed", "es", "s"),
}
# Verbs of saying: after ``"Why?" Smith asked`` the quotation did not end the
# sentence, and ``said last night "We ...`` is not a headline end.
_REPORTING = {
    "said", "says", "asked", "asks", "told", "added", "adds", "replied", "wrote", "writes",
    "shouted", "explained", "continued", "insisted", "tweeted", "saying", "chanting", "shouting",
    "sa", "sade", "säger", "frågade", "sägande", "ropar", "skanderade",
    "frågar", "skriver", "skrev", "svarade", "svarar", "tillade", "tillägger", "berättar",
    "berättade", "förklarar", "förklarade", "fortsatte", "ropade", "reported", "reports", "noted",
    "stated", "announced", "rapporterade", "rapporterar", "konstaterade", "skrek", "undrade",
}


# Restated-headline search (see _restated_headline); tuned on NTREX, see notes.
_MIN_HEADLINE_WORDS = 3  # content words in a headline
_RESTATED = 0.4  # share of them the lead must repeat
_RESTATED_BEFORE_NAME = 0.5  # ... when the lead would start with a name (``Prime Minister May``)
_RESTATED_IN_NAME = 0.6  # ... when the cut would fall inside a run of capitalised words
_HEADLINE_SEARCH = 40  # tokens: a headline is shorter than this
_LEAD_SEARCH = 80  # tokens of the lead compared with it


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise TolkaError(f"unknown language {lang!r} for sentence splitting (use one of: {', '.join(LANGS)})")
    return lang


# --- public API -----------------------------------------------------------------


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of ``text``, trimmed of whitespace.

    Whitespace-only stretches produce no paragraph.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        _add_trimmed(text, pos, m.start(), spans)
        pos = m.end()
    _add_trimmed(text, pos, len(text), spans)
    return spans


def split_sentences(text: str, lang: str = "sv", start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, as offsets into ``text``.

    Spans have no surrounding whitespace, are in order, do not overlap, and
    together cover every non-whitespace character of the range.
    """
    _check_lang(lang)
    if end is None:
        end = len(text)
    tokens = [m.span() for m in _TOKEN.finditer(text, start, end)]
    if not tokens:
        return []
    soft = _soft_breaks(text, start, end)
    cuts: list[int] = []  # token indices after which a sentence ends
    sent_first = 0
    for i in range(len(tokens) - 1):
        (a0, b0), (a1, b1) = tokens[i], tokens[i + 1]
        # Fast path for the common case, which _boundary would decide the same way: two
        # tokens of 2+ characters (no lone quote), the first without a terminator, no line
        # break between them, and the next not capitalised.
        if (
            b0 - a0 > 1
            and b1 - a1 > 1
            and text[b0 - 1] not in _FAST_SKIP
            and "\n" not in text[b0:a1]
            and not _first_char(text[a1:b1]).isupper()
        ):
            continue
        if _boundary(tokens, text, i, sent_first, not cuts, lang, soft):
            cuts.append(i)
            sent_first = i + 1
    first_end = cuts[0] if cuts else len(tokens) - 1
    if _SENTENCE_END.search(text[tokens[first_end][0] : tokens[first_end][1]]):
        # A headline, then perhaps a standfirst, then the lead that restates them.
        head = 0
        for _ in range(2):
            k = _restated_headline(tokens[head : first_end + 1], text, lang)
            if k is None:
                break
            head += k
            cuts.append(head - 1)
        cuts.sort()
    cuts = _lead_cuts(tokens, text, lang, cuts)
    spans: list[tuple[int, int]] = []
    first = 0
    for c in cuts:
        spans.append((tokens[first][0], tokens[c][1]))
        first = c + 1
    spans.append((tokens[first][0], tokens[-1][1]))
    return spans


def segment_article(text: str, lang: str = "sv") -> Document:
    """Split ``text`` into paragraphs and sentences and return a :class:`Document`.

    Segments get ids 0..n-1 in text order, ``lang`` ``"und"`` (language ID
    decides later) and role ``"body"``; a paragraph that is one sentence without
    final punctuation (a headline) gets role ``"heading"``.
    """
    _check_lang(lang)
    text = normalise_newlines(text)  # a bare CR (old Mac files) must still end a paragraph
    doc = Document(text=text, source_lang=lang)
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        sents = split_sentences(text, lang, p_start, p_end)
        para = Paragraph(index=p_index, start=p_start, end=p_end)
        heading = len(sents) == 1 and not _FINAL_PUNCT.search(text[p_start:p_end])
        if heading:
            para.role = "heading"
        doc.paragraphs.append(para)
        for s, e in sents:
            doc.segments.append(
                Segment(
                    id=len(doc.segments),
                    paragraph=p_index,
                    start=s,
                    end=e,
                    source=text[s:e],
                    role="heading" if heading else "body",
                )
            )
    return doc


# --- tokens ---------------------------------------------------------------------


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


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


def _after_period(word: str, nxt: str, lang: str, follow: str = "", text: str = "") -> bool:
    """Whether a full stop after ``word`` ends the sentence, given the next token (and the one after it)."""
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
        # ``... the southwest U.S. Rosa will bring``: a name that the text uses as a
        # sentence subject elsewhere, followed by a lower-case verb, starts a sentence
        # after an abbreviation too (``U.S. Senate``, ``John F. Kennedy`` stay whole:
        # initials never split this way, and ``Senate`` is a common word, not a name).
        name = _title_word(nxt)
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


_ALL_ABBREVIATIONS = frozenset().union(*_PREFIX.values(), *_NUMERIC.values(), *_MONTHS.values(), *_FINAL.values())


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


# --- one boundary -------------------------------------------------------------


def _boundary(
    tokens: list[tuple[int, int]],
    text: str,
    i: int,
    sent_first: int,
    region_first: bool,
    lang: str,
    soft_breaks: frozenset[int],
) -> bool:
    """Whether a sentence ends between token ``i`` and token ``i + 1``.

    ``sent_first`` is the index of the current sentence's first token;
    ``region_first`` says whether it is the first sentence of the range.
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
        return _after_period(word, nxt, lang, follow, text)
    if "\n" in ws:
        if nxt[:1] in _BULLETS:
            return True  # a list item on its own line
        if tokens[i][1] not in soft_breaks:
            # A line break: a headline, a caption, or ``Han sade:`` before a quote.
            return not next_lower and core[-1:] not in ",;-–—(/&+"
    # No punctuation at all: a headline glued to the text that follows it.
    return _headline_end(tokens, text, i, sent_first, region_first, prev, nxt, lang)


def _lone_closing_quote(text: str, tokens: list[tuple[int, int]], j: int) -> bool:
    """Whether token ``j`` is a closing quotation mark standing alone (``... landet. " Han``).

    ``”`` and ``»`` close; a straight ``"`` closes when an odd number of them precede it.
    """
    a, b = tokens[j]
    if b - a != 1 or j == 0 or "\n" in text[tokens[j - 1][1] : a]:
        return False
    ch = text[a]
    if ch in "”»":
        return True
    return ch == '"' and text.count('"', 0, a) % 2 == 1


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


# --- headlines without punctuation ---------------------------------------------


def _title_word(token: str) -> str:
    """The word in ``token`` if it is written in title case (``Polisen``, ``Sainsbury’s``), else ``""``."""
    word = token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;")
    word = _unpossessive(word)
    head = word.split("-")[0]  # ``Game-stjärnan`` is title case, ``USA-ledda`` is not
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

    The next word must be in title case and look like a sentence opener; the
    word before must end a phrase (no function word, comma, colon or dash, not
    the start of a quotation).  Openers are, from safest to boldest:

    * a capitalised function word or numeral (``Det``, ``The``, ``Sex``)
      followed by a lower-case word -- ``The Times`` or ``Den Haag`` are names;
    * a word the text elsewhere writes in lower case, also inflected
      (``Polisen`` beside ``polis``), followed by a lower-case word, and not
      right after another capitalised word (``Global Citizen``) -- except in
      Swedish at the head of a paragraph, where names keep common nouns in
      lower case (``i Köln Lördagen bjöd``).

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
    if prev_word.lower() in _FUNCTION_WORDS[lang]:
        return False
    if prev_word[:1].isdigit() and not prev_word.isdigit():
        return False  # ``125th Street``, ``Radio 4's Today``: part of a name
    if nxt[:1] in _QUOTES and any(
        _core_word(text[a:b]).lower() in _REPORTING for a, b in tokens[max(sent_first, i - 2) : i + 1]
    ):
        return False  # ``said last night "We ...``: a quotation inside the sentence
    follow = text[tokens[i + 2][0] : tokens[i + 2][1]]
    follow_ok = _first_char(follow).islower() or _first_char(follow).isdigit()
    after_name = prev_word[:1].isupper()
    headline_position = region_first and i + 1 - sent_first >= 3
    if word in _STARTERS[lang] and (follow_ok or _is_acronym(follow)):
        if lang == "en" and word == "A":
            # ``Class A misdemeanours``, ``grade A in``: a letter -- unless it follows
            # a Title Case headline (``Killer Pig Mauls Farmer to Death A farmer was``).
            title_headline = headline_position and _is_title_case(text, tokens[sent_first : i + 1])
            if (after_name and not title_headline) or _core_word(follow).lower() in _FUNCTION_WORDS[lang]:
                return False
        return not (after_name and nxt.endswith(","))  # ``Raymond So, a student``
    if not follow_ok or (after_name and not (headline_position and lang == "sv")) or nxt[:1] in _OPENERS:
        return False
    low = word.lower()
    common = _evidence(text)
    return low in common or not _stems(low, lang).isdisjoint(_evidence_stems(text, lang))


def _is_title_case(text: str, tokens: list[tuple[int, int]]) -> bool:
    """Whether these tokens read as an English Title Case headline (``Killer Pig Mauls Farmer``)."""
    counted = upper = 0
    for a, b in tokens:
        kind = _title_case_kind(text[a:b])
        if kind:
            counted += 1
            upper += kind == 2
    return counted >= 3 and upper >= 0.8 * counted


@functools.lru_cache(maxsize=1 << 16)
def _title_case_kind(tok: str) -> int:
    """0: not counted in :func:`_is_title_case` (short or not a word), 1: lower case, 2: capitalised."""
    w = _core_word(tok)
    if not (w[:1].isalpha() and len(w) > 3):
        return 0
    return 2 if w[0].isupper() else 1


def _is_acronym(token: str) -> bool:
    word = _unpossessive(token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;"))
    return len(word) >= 2 and word.isalpha() and word.isupper()


@functools.lru_cache(maxsize=16)
def _evidence(text: str) -> frozenset[str]:
    """Words that ``text`` treats as common words rather than names (lower case).

    A word counts when it occurs with a lower-case initial at least as often as
    it occurs capitalised in mid-sentence (after a word without sentence-final
    punctuation): ``aska`` in ``spyr aska``, but not ``Ye`` in ``kallats Ye``.
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


def _is_content(word: str, lang: str) -> bool:
    return (len(word) >= 3 or word.isdigit()) and word not in _NOT_CONTENT[lang]


_NOT_CONTENT = {lang: frozenset(_FUNCTION_WORDS[lang]) | _LOWER_STARTERS[lang] for lang in LANGS}


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


def _restated_headline(tokens: list[tuple[int, int]], text: str, lang: str) -> int | None:
    """Where an unpunctuated headline ends inside the first sentence, if it restates the lead.

    News bodies open by restating their headline (``Europe clinches Ryder Cup
    victory in Paris Team Europe has won the 2018 Ryder Cup ...``).  A cut is
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
        if not prev.rstrip(_CLOSERS)[-1:].isalnum() or words[k - 1] in _FUNCTION_WORDS[lang]:
            continue
        if prev.lstrip(_OPENERS)[:1].isupper() and (
            any(words[j] == words[k] and text[tokens[j - 1][0]].isupper() for j in range(k + 1, n))
            or _bigram_count(text).get((words[k - 1], words[k]), 0) > 1
        ):
            continue  # ``Ryder | Cup``, ``Pinellas | County``, ``Mexico | City``: a name seen elsewhere
        if quote_depth[k] > 0:
            continue  # inside a quotation: ``"A vote to confirm Judge | Kavanaugh is ...``
        run = 0
        while k + run < n and text[tokens[k + run][0]].isupper():
            run += 1
        if (
            prev.lstrip(_OPENERS)[:1].isupper()
            and run >= 3
            and not any(_same_word(words[j], words[i], lang) for j in range(k, k + run) for i in range(k) if content[i])
        ):
            continue  # ``National | Natural Science Foundation``: inside a long name, not a restated one
        before = [i for i in range(k) if content[i]]
        if len(before) < _MIN_HEADLINE_WORDS:
            continue
        hits = sum(1 for i in before if last_match[i] >= k)
        score = hits / len(before)
        # Inside or before a run of capitalised words the cut may split a name
        # (``South | Korea``, ``former | Governor Deval``): ask for more evidence.
        follow = text[tokens[k + 1][0] : tokens[k + 1][1]]
        # In a Title Case headline a capitalised last word says nothing about names,
        # and the lead must not read as Title Case itself (``Eldest Son | Arrested on ...``).
        title_head = _is_title_case(text, tokens[:k])
        if title_head and _is_title_case(text, tokens[k : k + 6]):
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


# --- scored headline cuts (the opening units of a range) ------------------------

_HEAD_UNITS = 6  # opening units (kicker, headline, standfirst, bullets) looked at per range
_HEAD_MAX = 25  # tokens: a headline is shorter than this
_LEAD_MIN = 4  # tokens the lead keeps after a cut
_KICKER_MAX = 8  # tokens: a punctuated first sentence this short may be a kicker before the headline
_REPLACE_NEAR = 5  # tokens: a scored cut replaces a rule's cut this far before it that splits a name
_REPLACE_AFTER = 3  # ... and (restated subject only) any rule's cut this far after it
# wordfreq Zipf frequencies (log10 per billion words + 9):
_COMMON_ZIPF = {"sv": 3.0, "en": 3.5}  # a common word
_STEM_ZIPF = 3.3  # the stem of an inflected common word (``president`` in ``Presidenten``)
_NAME_ZIPF = 4.0  # rarer than this is a name, not a common noun (``Rosa``, not ``Senate``)
# A capitalised common word before a capitalised one makes a name with it: ``Högsta Domstolen``.
_ADJECTIVE_ZIPF = 4.5
# English writes these with a capital everywhere, so general frequency says nothing.
_ALWAYS_CAPITAL_EN = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december i".split()
)
# ``Bank of England``, ``Game of Thrones``: a capitalised word before these is part of a name.
_NAME_JOINERS = frozenset("of and & de du da del des la le van von der den di y för och".split())


# English capitalises these before a name (``President Donald Trump``); Swedish does not.
_TITLES_EN = frozenset(
    "president vice prime minister secretary senator sen rep representative congressman congresswoman governor gov "
    "mayor judge justice chancellor king queen prince princess pope bishop archbishop general gen colonel captain "
    "sergeant officer detective inspector chief director professor prof dr doctor mr mrs ms sir lord lady dame "
    "coach manager chairman chairwoman ambassador commissioner sheriff attorney".split()
)
# Titles that follow a capitalised modifier (``Foreign Minister``, ``Health Secretary``).
_MODIFIED_TITLES = frozenset("minister secretary officer director general chancellor commissioner attorney chief".split())
# Titles of office, which Swedish writes in lower case (unlike ``Mr``, ``Dr``, ``Sir``).
_OFFICES = _TITLES_EN - frozenset("mr mrs ms dr doctor prof professor sir lord lady dame".split())
# After a sentence's subject comes its verb, not one of these.
_RUN_CONTINUES = {
    "sv": frozenset("och eller samt en ett av i till för".split()),
    "en": frozenset("and or nor a an the of in to for".split()),
}


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
        return False  # English, or shared with English: ``Warren``, ``Hunter``, ``Internet``
    if _inflected(low, _SV_ENDINGS, lang):
        return True
    if not compounds:
        return False
    # Swedish compounds are rare in any list, their last part is not (``Åklagar|sidan``).
    return any(_inflected(low[j:], _SV_ENDINGS, lang) for j in range(3, len(low) - 4))


# Endings that make a common word of a common stem; names rarely take them.
_SV_ENDINGS = ("erna", "arna", "orna", "andet", "endet", "aren", "eren", "ten", "en", "et", "na", "er", "ar", "or", "n", "t")
_EN_ENDINGS = ("ing", "ed")


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

    # A lead or a bullet may repeat the headline's opening words (``Foreign buyers ...``).
    opening = tuple(_core_word(text[a:b]).lower() for a, b in tokens[:2])
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
            # few words on (``Paris Team | Europa``); a common word is not.
            if all(new - c <= _REPLACE_NEAR and splits_name(c) for c in before) and (score >= 2 or not after):
                drop = set(before) | set(after)
                cuts = sorted(set(c for c in cuts if c not in drop) | {new})
                first = new + 1
                continue
        if not old:
            if first == 0 and stretch_end < last and stretch_end + 1 <= _KICKER_MAX:
                first = stretch_end + 1  # a short punctuated kicker (``Another black person?!``)
                continue
            break
        first = old[0] + 1  # a headline already: what follows opens the text too
    return cuts


def _best_head_cut(
    tokens: list[tuple[int, int]], text: str, lang: str, opening: tuple[str, ...] = ()
) -> tuple[int, int] | None:
    """Where a headline ends inside this opening stretch, or ``None``: ``(score, index of the lead's first token)``.

    Every gap before a capitalised word in the first :data:`_HEAD_MAX` tokens
    is a candidate (not after a function word, a comma or inside a quotation);
    the best-supported one wins:

    3. the word repeats across the gap (``... mot Dundee Dundee Stars sonade``);
    2. the lead opens with a name from the headline, as news leads do
       (``... over Brexit Prime Minister Theresa May accused``): a run of
       capitalised words holding a headline word, then a lower-case word;
    1. the lead opens with a common word of the language, not a name
       (``... i Köln Lördagen bjöd``, ``... to Pacific Sailors patrol``), or an
       English sentence opener (``... West Virginia The President ...``).
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
        # A Title Case headline may end in any word (``..., Massachusetts Senator Says``).
        title_end = words[k - 1][:1].isupper() and _is_title_case(text, tokens[:k])
        if (lows[k - 1] in _FUNCTION_WORDS[lang] or lows[k - 1] in _REPORTING) and not title_end:
            continue
        if prev[:1].isdigit() and not prev.isdigit():
            continue  # ``125th Street``
        if lang == "sv" and lows[k - 1].endswith("re") and not lows[k - 1].endswith("are"):
            continue  # a comparative (``den 20 år äldre | Oscarsvinnaren``) stands before its noun
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
            # A headline ending in the name the lead opens with: ``... mot Dundee | Dundee Stars sonade``.
            score = 3
        elif quote:
            # ``... Harlem Struggle "Historically, the old people ...," Mr. Adams said.``: a long
            # quotation followed by its attribution opens its sentence, whatever word precedes it
            # (``... of the Democratic Party "A vote for ...," Trump said``).
            said = any(lows[k - 1 - j] in _REPORTING for j in range(min(3, k)))
            if k >= 4 and not said and _quoted_lead(toks, lows, k):
                score = 1
        elif (
            k + 1 < n
            and len(opening) == 2
            and (_core_word(toks[k]).lower(), _core_word(toks[k + 1]).lower()) == opening
            and any(_is_content(w, lang) for w in opening)
            and toks[k + 1][:1].islower()  # not a name (``Maxine Waters``), which leads repeat anywhere
        ):
            score = 2  # the text's opening words again: ``... in the UK | Foreign buyers will``
        elif _restates_name(toks, words, k, prev_cap, lang):
            # Inside a run of capitalised words, prefer the cut before a common word
            # (``Ryder Cup | Amerikanen Phil Mickelson``).
            score = 3 if _title_word(nxt) and _is_common_word(words[k], text, lang) else 2
        elif (
            follow_low
            and _core_word(follow).lower() not in _NAME_JOINERS
            and _title_word(nxt)
            and "-" not in words[k]
            and not (lang == "en" and _POSSESSIVE.search(nxt.rstrip(",;")))
            and not (prev_cap and lang == "en" and not _is_title_case(text, tokens[:k]))
            and not (prev_cap and lang == "sv" and _name_adjective(lows[k - 1]))
            # After an infinitive (``avsluta | Koreakriget``) a compound is its object, not a new sentence.
            and _is_common_word(words[k], text, lang, compounds=not (lang == "sv" and not prev_cap and lows[k - 1].endswith("a")))
        ):
            # English capitalises names made of common words (``Labour | Party``), so after a
            # capitalised word only a Title Case headline's end counts there.
            score = 1
        elif lang == "en" and title_end and _title_case_end(words, lows, k, lang):
            score = 1
        elif lang == "sv" and not prev_cap and lows[k] in _OFFICES and _title_word(follow):
            # Swedish writes titles in lower case (``president Donald Trump``), so a
            # capitalised one before a name opens a sentence: ``… kroppsspråk President Donald Trump hånade``.
            score = 1
        elif (
            lang == "en"
            and words[k] in _DETERMINER_STARTERS
            and k >= 4
            and _title_word(follow)
            and _lowercase_soon(words, k + 1)
        ):
            # ``... in West Virginia | The President obliquely``: a determiner or conjunction
            # opening a capitalised subject, which a verb soon follows.
            score = 1
        if score and (best is None or score > best[0]):
            best = (score, k)
    return best


def _doubled_name(text: str, word: str) -> bool:
    """Whether ``word`` only ever occurs doubled in ``text`` (``Roa Roa Hotel``, ``Bora Bora``):
    then the pair is a name, not a headline's last word repeated by the lead."""
    alone = len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text))
    doubled = len(re.findall(rf"(?<!\w){re.escape(word)}\s+{re.escape(word)}(?!\w)", text))
    return alone <= 2 * doubled


def _name_adjective(low: str) -> bool:
    """Whether a capitalised Swedish word may be an adjective opening a name (``Stilla havet``,
    ``Högsta domstolen``, ``Vita huset``): very common, or a Swedish word in the weak ``-a`` form."""
    zipf = _zipf(low, "sv")
    return zipf >= _ADJECTIVE_ZIPF or (low.endswith("a") and zipf >= _STEM_ZIPF and zipf > _zipf(low, "en"))


# English sentence openers that, capitalised before a capitalised word, start a sentence
# rather than a name (``The President said``, ``When Momentum's activists``).
_DETERMINER_STARTERS = frozenset({"The", "A", "An", "When", "If", "After", "While", "Although", "Because", "As"})


def _lowercase_soon(words: list[str], j: int) -> bool:
    """A lower-case word (not ``of``/``and``, which join names) within three words after ``words[j]``."""
    for w in words[j + 1 : j + 4]:
        if w[:1].islower():
            return w.lower() not in _NAME_JOINERS
    return False


_TITLE_CASE_SMALL = _FUNCTION_WORDS["en"] - {"the", "a", "an", "of", "and", "de", "van", "von"}


def _title_case_end(words: list[str], lows: list[str], k: int, lang: str) -> bool:
    """Whether an English Title Case headline ends before ``words[k]``.

    The headline's last word is a common word (``Body Language``, ``Backed Off``);
    the lead opens with a title or a name -- a word rarer than common words
    (``President Donald Trump``, ``Kanye West``) -- in a run of at most four
    capitalised words, then goes on in sentence case.
    """
    if _zipf(lows[k - 1], lang) < _NAME_ZIPF or not words[k].isalpha():
        return False
    # Title Case proper: four or more words after the first (longer than three letters,
    # or capitalised ones of any length: ``Was``, ``Bad``), all capitalised,
    # and a capitalised function word that sentence case writes in lower case
    # (``That Was Really Bad``; names hold ``of``, ``the``, ``and``, not these).
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
    (``Bestwood Street och Evelyn | Street``).
    """
    run_end = k
    while run_end < len(words) and run_end - k < 5 and words[run_end][:1].isupper():
        if toks[run_end].rstrip(_CLOSERS).endswith(","):
            run_end += 1
            break
        run_end += 1
    if prev_cap and (words[k - 1].lower() in _TITLES_EN or words[k].lower() in _MODIFIED_TITLES):
        return False  # ``President | Donald Trump``, ``Foreign | Minister``: one title
    if prev_cap and _is_acronym(toks[k - 1]):
        # ``in the UK | Foreign buyers will``, but ``US | President Donald Trump``: after an
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
        return False  # ``Chambers’ texts``, ``Woods and Reed``: not the subject of a new sentence
    last = words[run_end - 1].split("-")[0]
    if lang == "sv" and last.endswith("s") and any(last.lower() in (h.lower(), h.lower() + "s") for h in words[:k]):
        return False  # a genitive (``Johnson`` ... ``Johnsons son``) modifies what follows
    if comma and not all(
        any(_same_word(w.lower(), h.lower(), lang) for h in words[:k]) for w in words[k : run_end]
    ):
        return False  # an apposition restates the whole name: ``Track Palin, 26,``
    if not (last.isalpha() and len(last) >= 3 and last[0].isupper() and last[1:].islower()):
        return False
    if sum(1 for w in words[:k] if _is_content(w.lower(), lang)) < 3:
        return False
    head = {w.split("-")[0].lower() for w in words[:k] if w[:1].isupper()}
    return any(_same_word(last.lower(), h, lang) for h in head if len(h) >= 3)

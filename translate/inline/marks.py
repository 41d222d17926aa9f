"""Quotation marks in one sentence: which open, which close, and what they enclose.

Swedish writes ``”…”`` and ``»…»`` with the same mark on both sides, English ``“…”``, and
both use straight ``"…"`` and single marks, so a mark's shape says little about its role.
Its neighbours do (the flanking rule of CommonMark's emphasis): a mark with a letter, digit
or punctuation after it and a space or punctuation before it *can open*; one with a
non-space before it and a space or punctuation after it *can close*.  Marks pair like
brackets, innermost first, so nested quotations (``”he said ’no’ to us”``) pair correctly
and only the outermost becomes a :class:`Quotation`.

Single marks double as apostrophes (``don't``, ``Moscow’s``, ``James’ bil``, ``'90-talet``):
one between two letters or digits is never a quote mark, and single marks that pair with
nothing are taken for apostrophes and ignored.  Double marks that pair with nothing are
*stray* (a typo, an inch mark, or a quotation whose other half the sentence splitter put in
another sentence): the caller decides what to do with them.

A quotation may run over several sentences.  :func:`scan` takes ``inside=True`` for a
sentence that starts inside a quotation opened earlier, and reports ``continues`` when the
sentence ends inside one, so a caller walking a paragraph can carry the state across.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Double quotation marks: Swedish ”…” and »…», English “…”, straight "…", German „…“, French «…».
DOUBLE = frozenset('”“"„»«')
#: Single quotation marks (also apostrophes).
SINGLE = frozenset("’‘'‚›‹")
MARKS = DOUBLE | SINGLE
_MARK = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")


@dataclass(frozen=True)
class Quotation:
    """A quoted stretch of one sentence; offsets are into the scanned text.

    ``start``/``end`` delimit the quoted words (spaces just inside the marks trimmed);
    ``open``/``close`` are the offsets of the marks, ``None`` where the quotation began in
    an earlier sentence or goes on into a later one.
    """

    start: int
    end: int
    open: int | None
    close: int | None
    single: bool = False


@dataclass(frozen=True)
class Scan:
    """What :func:`scan` found in one sentence."""

    #: outermost non-empty quotations, in order
    quotations: tuple[Quotation, ...] = ()
    #: offsets of double marks that pair with nothing (single ones are taken for apostrophes)
    stray: tuple[int, ...] = ()
    #: offsets of the opening marks of empty quotations (``””``)
    empty: tuple[int, ...] = ()
    #: the sentence ends inside a quotation (one opening mark left unclosed, or ``inside`` and no closing mark)
    continues: bool = False


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at ``text[i]``."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    can_open = not after.isspace() and not _is_word_char(before)
    can_close = not before.isspace() and not _is_word_char(after)
    return can_open, can_close


def scan(text: str, *, inside: bool = False) -> Scan:
    """Pair the quotation marks of ``text`` (one sentence); ``inside``: it starts inside a quotation."""
    # The stack holds (offset, single); offset -1 is the quotation the sentence started inside.
    stack: list[tuple[int, bool]] = [(-1, False)] if inside else []
    pairs: list[tuple[int, int, bool]] = []  # (open offset or -1, close offset, single)
    stray: list[int] = []
    for m in _MARK.finditer(text):
        i, ch = m.start(), m.group()
        single = ch in SINGLE
        can_open, can_close = _flanks(text, i)
        if inside and not single and not text[:i].strip() and not can_open:
            can_close = True  # the sentence splitter left the previous sentence's closing mark here
        if can_close and single and stack and stack[-1][1]:
            pairs.append((stack.pop()[0], i, True))
            continue
        if can_close and not single and any(not s for _, s in stack):
            while stack[-1][1]:
                stack.pop()  # single marks left open inside a double quotation were apostrophes
            pairs.append((stack.pop()[0], i, False))
            continue
        if can_open:
            stack.append((i, single))
        elif not single:
            stray.append(i)
    unclosed = [o for o, s in stack if not s]
    continues = len(unclosed) == 1
    if continues:
        pairs.append((unclosed[0], len(text), False))
    else:
        stray.extend(o for o in unclosed if o >= 0)
    quotations: list[Quotation] = []
    empty: list[int] = []
    for o, c, single in sorted(pairs):
        if quotations and _within(o, quotations[-1]):
            continue  # nested inside the previous outermost quotation
        a = o + 1 if o >= 0 else 0
        inner = text[a:c]
        if not inner.strip():
            if o >= 0 and c < len(text):
                empty.append(o)
            continue
        start = a + len(inner) - len(inner.lstrip())
        end = a + len(inner.rstrip())
        quotations.append(Quotation(start, end, o if o >= 0 else None, c if c < len(text) else None, single))
    return Scan(tuple(quotations), tuple(sorted(stray)), tuple(empty), continues)


def _within(offset: int, q: Quotation) -> bool:
    lo = q.open if q.open is not None else -1
    hi = q.close if q.close is not None else float("inf")
    return lo < offset < hi

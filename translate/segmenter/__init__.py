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
* With no punctuation at all, a cut is made only where a text or a line opens:
  in the first sentence of the range or of a line, and in the units after an
  unpunctuated headline there (a standfirst, the lead) -- the layouts where
  unpunctuated headlines really occur.  After a sentence that ends in
  punctuation the text is running prose, and a capitalised word there is far
  more often a name (``sued | Apple for``, ``the magazine | Time reported``)
  than a headline's end, so it is never cut.  In an opening, a headline that
  runs straight into the body text is cut before a capitalised sentence
  opener (:func:`_headline_end`), or where the lead restates it
  (:func:`_restated_headline`).  Then the opening stretch of the range (up to
  its first sentence punctuation) is scored at every candidate cut and the
  best-supported one wins (:func:`_lead_cuts`): the lead opening with the
  headline's subject or its opening words, a capitalised word that
  general-language frequencies (wordfreq) and its inflection show to be a
  common word (``Presidenten``, ``Addressing``), an English determiner before
  a capitalised subject.  Never after a function word, a number word or a
  genitive (``EU:s | Parlament``, ``Linds | OS-guld`` beside ``Lind``), nor
  before a quoted word or a name that holds its own article (``the party |
  The Greens``).  This matters for
  text whose line structure was lost; it is deliberately cautious, as a wrong
  cut inside a sentence costs more than a missed headline.

Abbreviations come in four kinds: *prefix* ones that never end a sentence
(``Dr.``, ``t.ex.``, ``kl.``), *numeric* ones that do not end a sentence before
a number (``No. 5``, ``nr. 5``), months (``Jan. 5`` but ``until Oct. The``),
and *final* ones that may end a sentence (``osv.``, ``U.S.``, ``Inc.``,
initials).  After a final one the sentence ends only if the next word is a
typical sentence opener, or by its form a common word of the language (an
inflected form of a common stem: ``etc. Priserna``, ``plan B. Regeringen``;
not after a middle initial: ``Anna K. Dalen``), or in Swedish a word the text
writes in lower case elsewhere (not after an initial), so ``John F. Kennedy`` and
``U.S. Senate`` stay whole while ``... osv. Det ...`` and ``... in the U.S.
The ...`` are split.
Numbers (``3,5``, ``1.5``, ``7.00``) never split: there is no space after
their full stop.
"""

from .sentences import segment_article, split_paragraphs, split_sentences
from .wordlists import LANGS

__all__ = ["LANGS", "segment_article", "split_paragraphs", "split_sentences"]

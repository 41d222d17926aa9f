"""English quotations inside Swedish sentences: found, given their own language, kept verbatim through MT.

Swedish news quotes English sources in the original inside Swedish sentences
(``Trump sade att ”we will make America great again” inför publiken.``).  Such a
sentence is Swedish -- its *frame* outside the quotation is -- and is translated, while
the quotation comes out verbatim, exactly once, in English quotation marks.

=====================  ==========================================================
:mod:`.marks`          which quotation marks open and close what, in one sentence
:mod:`.language`       the language of one quotation (word lists and py3langid)
:mod:`.spans`          the frame language ID sees; ``spans`` and ``flags`` per segment
:mod:`.masking`        translation with the quotation masked, or around it in pieces
=====================  ==========================================================

:func:`translate.pipeline.prepare` tags languages with :func:`frame_text` and marks spans
(through :func:`translate.quotes.mark_quotes`, which calls :func:`mark_inline`);
:func:`translate.pipeline.translate_documents` translates with :func:`translate_segments`.
"""

from .language import quotation_language, word_odds
from .marks import Quotation, Scan, scan
from .masking import place_in_translation, translate_segments
from .spans import FLAG_KIND, frame_text, mark_inline

__all__ = [
    "FLAG_KIND",
    "Quotation",
    "Scan",
    "frame_text",
    "mark_inline",
    "place_in_translation",
    "quotation_language",
    "scan",
    "translate_segments",
    "word_odds",
]

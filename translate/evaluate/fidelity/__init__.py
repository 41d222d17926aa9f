"""Fidelity flags: sentences that need a human look, found without a reference.

Each check compares a Swedish source segment with its English translation and
returns flags ``{"kind": ..., "why": ..., "segment": id}``:

``number``
    a number of the source is missing from the translation, or the translation
    has one the source lacks.  Swedish and English write numbers differently
    (``3,5`` = ``3.5``, ``10 000`` = ``10,000``, ``kl. 19.30`` = ``7:30 p.m.``,
    ``tre`` = ``3``, ``5,5 miljoner`` = ``5,500,000``), so each number is read as a
    set of values it may stand for and two numbers agree when the sets meet.
``name``
    a name or other token that should be copied (``Kavanaugh``, ``LSU``,
    ``COVID-19``) is missing from the translation.  Swedish capitalises only
    names, so a capitalised word that is not sentence-initial is a name; names
    that English spells differently (``Kina``, ``Vita huset``) are listed in
    :data:`EXONYMS` and close spellings (``Irak``/``Iraq``) are accepted.  URLs,
    e-mail addresses, @handles and #hashtags must be copied exactly.
``quotes``
    the translation's double quotation marks do not pair up where the source's do.
``length``
    the translation/source length ratio is far outside the document's norm (a
    dropped clause or a hallucinated tail).
``untranslated``
    the translation is still Swedish (language ID).
``repetition``
    a word or phrase repeated back to back, or looping, where the source does not.

Checks err towards silence: measured on real MT output (NTREX newstest2019,
``scripts/bench_fidelity.py``) they flag few correct sentences, and they catch
injected errors of the kinds above.  Errors that keep every number and name and
the length -- a dropped negation, swapped names, a wrong weekday or unit -- they
do not catch.

The checks live in :mod:`.numbers`, :mod:`.names` and :mod:`.checks`; :mod:`.flags` runs them
over a pair, the segments of documents, or a :class:`~translate.document.Document`.
"""

from .checks import DEFAULT_LOG_RATIO, Detector, check_length, check_quotes, check_repetition, check_untranslated, length_norm
from .flags import KINDS, count_flags, flag_document, flag_pair, flag_segments, flag_translation
from .names import EXONYMS, FUNCTION_WORDS, check_names, document_names, source_names, verbatim_tokens
from .numbers import check_numbers, extract_numbers

__all__ = [
    "DEFAULT_LOG_RATIO",
    "EXONYMS",
    "FUNCTION_WORDS",
    "KINDS",
    "Detector",
    "check_length",
    "check_names",
    "check_numbers",
    "check_quotes",
    "check_repetition",
    "check_untranslated",
    "count_flags",
    "document_names",
    "extract_numbers",
    "flag_document",
    "flag_pair",
    "flag_segments",
    "flag_translation",
    "length_norm",
    "source_names",
    "verbatim_tokens",
]

"""Evaluation: reference-based scores, significance tests and fidelity flags.

- :func:`evaluate_lines` -- parallel hypothesis/reference lines -> result dict
  (the JSON of ``tolka evaluate``);
- :func:`evaluate_document` -- a translated :class:`~translate.document.Document`
  and a reference article -> the document with ``scores`` and ``flags`` filled
  (aligned first, scored bead by bead);
- :func:`flag_document` / :func:`flag_segments` -- fidelity flags without a reference;
- :func:`paired_significance` -- sacrebleu's paired bootstrap and approximate randomization.
"""

from .document import document_report, evaluate_document
from .fidelity import KINDS, count_flags, flag_document, flag_pair, flag_segments, flag_translation
from .metrics import METRICS, corpus_scores, segment_scores
from .report import evaluate_lines, format_text
from .significance import paired_significance

__all__ = [
    "KINDS",
    "METRICS",
    "corpus_scores",
    "count_flags",
    "document_report",
    "evaluate_document",
    "evaluate_lines",
    "flag_document",
    "flag_pair",
    "flag_segments",
    "flag_translation",
    "format_text",
    "paired_significance",
    "segment_scores",
]

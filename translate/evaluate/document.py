"""Evaluate a translated document against a reference article with different sentence breaks.

The reference is segmented as English, aligned to the document's segments with
the project's aligner (n-m beads, using the translations as the bridge), and
scored bead by bead: the translations of a bead's segments against its
reference sentences.  Beads with no reference sentence (a segment the
reference left out) or no translation still count, so a missing or invented
sentence costs what it should.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..document import Document
from ..errors import TolkaError
from ..textio import check_parallel
from . import fidelity
from .metrics import SEGMENT_METRICS, parse_metrics, score_all
from .significance import AR_TRIALS, BOOTSTRAP_SAMPLES, DEFAULT_SEED, paired_significance

Aligner = Callable[..., list]

ALIGN_METHOD = "tolka aligner, n-m beads"


def _segment_reference(reference_text: str) -> list[str]:
    from ..segmenter import segment_article

    ref_doc = segment_article(reference_text, lang="en")
    return [s.source for s in ref_doc.segments]


def _translations(doc: Document) -> list[str]:
    if not doc.segments:
        raise TolkaError("the document has no segments to evaluate (translate an article first)")
    if all(s.translation is None for s in doc.segments):
        raise TolkaError("the document has no translations (run `tolka translate --format json` on the article first)")
    # An untranslated segment is scored as it stands, as the English article shows it.
    return [s.translation if s.translation is not None else s.source for s in doc.segments]


def evaluate_document(
    doc: Document,
    reference_text: str | None,
    *,
    metrics: str | Sequence[str] | None = None,
    baseline: Sequence[str] | None = None,
    seed: int = DEFAULT_SEED,
    bootstrap_samples: int = BOOTSTRAP_SAMPLES,
    ar_trials: int = AR_TRIALS,
    aligner: Aligner | None = None,
    detect: fidelity.Detector | None = None,
) -> Document:
    """Score ``doc``'s translations against ``reference_text`` and flag its segments.

    Fills ``doc.scores`` (corpus scores as ``{"bleu": {"score", "signature"}, ...}``,
    ``"flags"`` counts, ``"alignment"``, and ``"significance"`` with a ``baseline``),
    ``seg.scores`` (``{"bleu", "chrf++", "bead"}`` of the bead the segment is in) and
    ``seg.flags``.  ``reference_text=None`` only flags.  ``baseline`` is another set of
    translations of the same segments, in segment order.  Returns ``doc`` (changed in place).
    """
    names = parse_metrics(metrics)
    hyps = _translations(doc)
    fidelity.flag_document(doc, detect=detect)
    scores: dict[str, Any] = {}
    for seg in doc.segments:
        seg.scores = {}
    if reference_text is not None:
        refs = _segment_reference(reference_text)
        if not refs:
            raise TolkaError("the reference article has no sentences (give the English reference text)")
        if aligner is None:
            from alignments import align

            aligner = align
        beads = aligner([s.source for s in doc.segments], refs, hyps)
        bead_hyp = [" ".join(hyps[i] for i in b.src) for b in beads]
        bead_ref = [" ".join(refs[j] for j in b.tgt) for b in beads]
        corpus, rows = score_all(bead_hyp, bead_ref, names, [m for m in SEGMENT_METRICS if m in names])
        scores.update(corpus)
        bead_rows = []
        for k, (b, row) in enumerate(zip(beads, rows)):
            bead_rows.append({"src": list(b.src), "tgt": list(b.tgt), "score": float(b.score), **row})
            for i in b.src:
                doc.segments[i].scores = {**row, "bead": k}
        scores["alignment"] = {
            "method": ALIGN_METHOD,
            "hyp_segments": len(hyps),
            "ref_sentences": len(refs),
            "beads": bead_rows,
        }
        if baseline is not None:
            baseline = list(baseline)
            check_parallel(("the baseline", baseline), ("the document", hyps), unit="segments")
            bead_base = [" ".join(baseline[i] for i in b.src) for b in beads]
            scores["significance"] = paired_significance(
                bead_hyp, bead_base, bead_ref, names, seed=seed, bootstrap_samples=bootstrap_samples, ar_trials=ar_trials
            )
    elif baseline is not None:
        raise TolkaError("a baseline comparison needs a reference (give REF)")
    scores["flags"] = fidelity.count_flags(s.flags for s in doc.segments)
    doc.scores = scores
    return doc


def document_report(doc: Document) -> dict[str, Any]:
    """The evaluation of an evaluated ``doc`` in ``tolka evaluate``'s JSON shape (with ``segments``)."""
    result = {k: v for k, v in doc.scores.items() if k not in ("flags", "alignment", "significance")}
    result["segments"] = [{"id": s.id, **{k: v for k, v in s.scores.items()}, "flags": list(s.flags)} for s in doc.segments]
    result["flags"] = doc.scores.get("flags", fidelity.count_flags(s.flags for s in doc.segments))
    for key in ("significance", "alignment"):
        if key in doc.scores:
            result[key] = doc.scores[key]
    return result

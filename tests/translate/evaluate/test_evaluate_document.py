"""evaluate_document: align a translated document to a reference article, score bead by bead."""

import pytest
from sacrebleu.metrics import BLEU

from translate.document import Document, Paragraph, Segment
from translate.errors import TolkaError
from translate.evaluate import document_report, evaluate_document

SV = [
    "Regeringen presenterade på tisdagen en ny budget.",
    "Den innehåller satsningar på skolan och vården.",
    "Finansministern sa att 3,5 miljarder går till skolan.",
    "Oppositionen kritiserade förslaget.",
]
EN = [
    "On Tuesday the government presented a new budget.",
    "It contains investments in schools and healthcare.",
    "The finance minister said that 3.5 billion will go to schools.",
    "The opposition criticised the proposal.",
]


def make_doc(translations):
    text, segs, paras = "", [], []
    for i, (sv, en) in enumerate(zip(SV, translations)):
        start = len(text)
        text += sv + " "
        segs.append(Segment(i, 0, start, start + len(sv), sv, lang="sv", translation=en, origin="mt"))
    paras.append(Paragraph(0, 0, len(text.rstrip()), lang="sv"))
    return Document(text=text.rstrip(), paragraphs=paras, segments=segs)


def test_a_perfect_translation_scores_100_even_when_the_reference_splits_differently():
    # the reference joins sentences 2 and 3 into one: the aligner must make a 2-1 bead
    ref = f"{EN[0]} {EN[1][:-1]}, and {EN[2][0].lower()}{EN[2][1:]} {EN[3]}"
    doc = evaluate_document(make_doc(EN), ref, metrics="bleu,chrf", detect=lambda t: "en")
    align = doc.scores["alignment"]
    assert align["hyp_segments"] == 4 and align["ref_sentences"] == 3
    assert [(b["src"], b["tgt"]) for b in align["beads"]] == [([0], [0]), ([1, 2], [1]), ([3], [2])]
    assert doc.segments[1].scores["bead"] == doc.segments[2].scores["bead"] == 1
    assert doc.segments[0].scores["bleu"] == pytest.approx(100.0)
    # corpus BLEU is over the beads' joined texts
    hyps = [EN[0], f"{EN[1]} {EN[2]}", EN[3]]
    refs = [EN[0], f"{EN[1][:-1]}, and {EN[2][0].lower()}{EN[2][1:]}", EN[3]]
    assert doc.scores["bleu"]["score"] == pytest.approx(BLEU().corpus_score(hyps, [refs]).score)


def test_scores_flags_and_significance_land_on_the_document():
    bad = list(EN)
    bad[2] = "The finance minister said that 5.3 billion will go to schools."
    ref = " ".join(EN)
    doc = evaluate_document(
        make_doc(bad), ref, baseline=[s[::-1] for s in EN], metrics="bleu", detect=lambda t: "en", bootstrap_samples=100, ar_trials=200
    )
    assert doc.scores["flags"]["number"] == 1
    assert [f["kind"] for f in doc.segments[2].flags] == ["number"]
    assert doc.segments[2].scores["bleu"] < doc.segments[0].scores["bleu"]
    assert doc.scores["significance"]["metrics"]["bleu"]["delta"] > 0
    # survives the document's JSON round trip
    again = Document.from_json(doc.to_json())
    assert again.scores == doc.scores and again.segments[2].flags == doc.segments[2].flags


def test_report_has_the_cli_shape():
    doc = evaluate_document(make_doc(EN), " ".join(EN), detect=lambda t: "en")
    rep = document_report(doc)
    assert list(rep)[:4] == ["bleu", "chrf", "chrf++", "ter"]
    assert {"segments", "flags", "alignment"} <= set(rep)
    assert set(rep["segments"][0]) == {"id", "bleu", "chrf++", "bead", "flags"}


def test_an_injected_aligner_is_used():
    calls = []

    def one_to_one(src, tgt, src_mt=None):
        from alignments import Bead

        calls.append((len(src), len(tgt), src_mt))
        return [Bead((i,), (i,), 1.0) for i in range(len(src))]

    doc = evaluate_document(make_doc(EN), " ".join(EN), metrics="chrf", aligner=one_to_one, detect=lambda t: "en")
    assert calls == [(4, 4, EN)]
    assert doc.scores["chrf"]["score"] == pytest.approx(100.0)


def test_without_a_reference_only_flags():
    doc = evaluate_document(make_doc(EN), None, detect=lambda t: "en")
    assert set(doc.scores) == {"flags"} and all(s.scores == {} for s in doc.segments)


def test_a_document_without_translations_is_refused():
    doc = make_doc(EN)
    for s in doc.segments:
        s.translation = None
    with pytest.raises(TolkaError, match="no translations"):
        evaluate_document(doc, " ".join(EN))

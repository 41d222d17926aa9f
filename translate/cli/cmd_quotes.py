"""``tolka quotes [ARTICLE]``: the English quotes of a Swedish article and the sentences that retell them."""

from __future__ import annotations

import argparse
import json
import textwrap

from .common import (
    add_encoding_option,
    add_model_options,
    check_output_path,
    emit,
    example_article,
    load_memory,
    make_translator,
    read_user_file,
)

NAME = "quotes"
ORDER = 30
HELP = "list an article's English quotes with the Swedish sentences that render them"
DESCRIPTION = (
    "Find the English quotations in a Swedish news article (block quotes, and quoted English phrases of "
    "two words or more inside Swedish sentences) and link every block-quote sentence to the Swedish "
    "sentences whose English translation renders it, with a score from 0 to 1; an inline quotation is "
    "listed with the sentence that contains it and that sentence's translation, where the quotation is "
    "kept verbatim. Translations come from --memory, the cache or the model. Without ARTICLE, uses the "
    "example article bundled with tolka."
)

_WIDTH = 100


def _threshold(value: str) -> float:
    try:
        t = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value!r}") from None
    if not 0.0 <= t <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {t}")
    return t


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ..quotes import THRESHOLD

    p.add_argument("article", nargs="?", metavar="ARTICLE", help="Swedish article, a UTF-8 text file (default: the bundled example)")
    p.add_argument(
        "--threshold",
        type=_threshold,
        default=THRESHOLD,
        metavar="T",
        help=f"keep links scoring at least T, 0..1 (default {THRESHOLD}, calibrated by scripts/bench_quotes.py)",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text: readable listing; json: quotes, links and inline quotations"
    )
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="write to OUT (atomically) instead of standard output")
    add_encoding_option(p)
    add_model_options(p)


def _block(text: str, indent: str) -> str:
    # Wrapped lines line up under the first one's text ("    sv: ...").
    return textwrap.fill(" ".join(text.split()), width=_WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent))


def render_text(doc) -> str:
    """The quotes of ``doc`` and their links, for reading."""
    from ..quotes import quote_segments

    out: list[str] = []
    qsegs = quote_segments(doc)
    by_quote: dict[int, list] = {}
    for link in doc.quote_links:
        by_quote.setdefault(link.quote, []).append(link)
    out.append(f"{len(qsegs)} English quote sentence(s), {len(doc.quote_links)} link(s) (threshold {doc.meta.get('quote_threshold', '?')})")
    for n, q in enumerate(qsegs, 1):
        out.append("")
        out.append(f"Quote {n}  [segment {q.id}, paragraph {q.paragraph + 1}]")
        out.append(_block(q.source, "    "))
        links = by_quote.get(q.id, [])
        if not links:
            out.append("  no Swedish sentence renders it")
        for link in links:
            s = doc.segment(link.sentence)
            out.append(f"  {link.score:.2f}  [segment {s.id}, paragraph {s.paragraph + 1}]")
            out.append(_block(s.source, "        sv: "))
            if s.translation:
                out.append(_block(s.translation, "        en: "))
    inline = inline_quotes(doc)
    if inline:
        out.append("")
        out.append(f"{len(inline)} English quotation(s) inside Swedish sentences")
        for seg, span in inline:
            how = f", kept verbatim ({span.via})" if span.via else ""
            out.append(f"  [segment {seg.id}, paragraph {seg.paragraph + 1}, characters {span.start}-{span.end}{how}]")
            out.append(_block(span.text, "    "))
            out.append(_block(seg.source, "        sv: "))
            if seg.translation:
                out.append(_block(seg.translation, "        en: "))
    return "\n".join(out) + "\n"


def inline_quotes(doc) -> list:
    """``(segment, span)`` for every English quotation inside a Swedish sentence, in article order."""
    return [(seg, span) for seg in doc.segments for span in seg.spans if span.kind == "quote" and span.lang == "en"]


def render_json(doc) -> str:
    """Quotes with their links (best first) and inline quotations, as JSON."""
    from ..quotes import quote_segments

    quotes = []
    for q in quote_segments(doc):
        links = []
        for link in doc.quote_links:
            if link.quote == q.id:
                s = doc.segment(link.sentence)
                links.append({"sentence": s.id, "score": link.score, "source": s.source, "translation": s.translation})
        quotes.append({"quote": q.id, "paragraph": q.paragraph, "text": q.source, "links": links})
    # An inline quotation's link is the sentence that contains it (``sentence``, its source and translation).
    inline = [
        {
            "segment": seg.id,
            "paragraph": seg.paragraph,
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "sentence": seg.id,
            "source": seg.source,
            "translation": seg.translation,
            "target_start": span.target_start,
            "target_end": span.target_end,
            "via": span.via,
        }
        for seg, span in inline_quotes(doc)
    ]
    payload = {"threshold": doc.meta.get("quote_threshold"), "quotes": quotes, "inline_quotes": inline}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    from ..pipeline import prepare, translate_documents
    from ..quotes import link_quotes, quote_segments

    if args.output:
        check_output_path(args.output)
    memory = load_memory(args)
    text = read_user_file(args.article, "article", args.encoding) if args.article else example_article()
    doc = prepare(text)
    if quote_segments(doc) or inline_quotes(doc):
        # Translations link block quotes and show inline ones kept verbatim; without quotes, nothing is loaded.
        doc = translate_documents([doc], translator=make_translator(args), memory=memory)[0]
    doc = link_quotes(doc, threshold=args.threshold)
    doc.meta["quote_threshold"] = args.threshold
    emit(render_json(doc) if args.format == "json" else render_text(doc), args.output)
    return 0

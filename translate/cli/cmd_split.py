"""``tolka split``: print an article one sentence per line."""

from __future__ import annotations

import argparse

from ..segmenter import LANGS, segment_article
from .common import add_encoding_option, emit, read_user_file

NAME = "split"
HELP = "split an article into sentences (one per line, a blank line between paragraphs)"
DESCRIPTION = (
    "Split FILE into paragraphs (blank-line separated) and sentences, and print one sentence per "
    "line with a blank line between paragraphs.  This is the segmentation every other tolka "
    "command uses."
)
ORDER = 50


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a plain-text article (paragraphs separated by blank lines)")
    p.add_argument("--lang", choices=LANGS, default="sv", help="language of the article (default sv)")
    add_encoding_option(p)
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")


def run(args: argparse.Namespace) -> int:
    text = read_user_file(args.file, "article", args.encoding)
    doc = segment_article(text, lang=args.lang)
    paragraphs = ["\n".join(_one_line(s.source) for s in group) for group in doc.paragraph_segments()]
    emit("\n\n".join(paragraphs) + "\n", args.output)
    return 0


def _one_line(sentence: str) -> str:
    # A sentence may span a line break of the input (hard-wrapped text); keep one per line.
    return " ".join(sentence.split())

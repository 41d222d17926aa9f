"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import sys

from ..textio import write_text_atomic


def emit(text: str, out: str | None) -> None:
    """Print ``text`` or write it atomically to ``out``."""
    if out:
        write_text_atomic(out, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def add_encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default="utf-8", help="encoding of the input files (default utf-8; e.g. cp1252)")

#!/usr/bin/env python3
"""The batch script: translate a folder of article folders (same as ``tolka batch``).

    python scripts/batch_translate.py IN -o OUT [--model ID|PATH] [--memory FILE]
                                      [--export html,tmx] [--force]

IN/<article>/article.sv.txt (required), reference.en.txt and memory.tsv (optional) ->
OUT/<article>/..., OUT/index.html, OUT/summary.json.  Exit status 0: all ok, 1: some
articles failed (see summary.json), 2: usage error.  See ``tolka batch --help``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Runnable from a checkout without installing: the project root holds the translate package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from translate.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["batch", *sys.argv[1:]]))

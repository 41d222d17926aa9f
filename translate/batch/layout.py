"""Where a batch finds its articles: the input layout and the names of every file.

Input layout: ``IN/<article>/article.sv.txt`` (required), optional ``reference.en.txt`` and
``memory.tsv`` (or ``memory.tmx``); ``<article>`` may be nested (``IN/2024/maj/Ett val``).  Each
article's outputs go to ``OUT/<article>/`` (see :mod:`translate.batch.store`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import TolkaError

ARTICLE = "article.sv.txt"
REFERENCE = "reference.en.txt"
MEMORY = "memory.tsv"
#: an article's own memory may also be TMX (as exported by CAT tools); the TSV wins if both exist
MEMORY_TMX = "memory.tmx"
INPUTS = (ARTICLE, REFERENCE, MEMORY, MEMORY_TMX)
#: an article's outputs (besides the exports, named EXPORT_STEM.SUFFIX, and the manifest)
TRANSLATION = "translation.en.txt"
DOCUMENT = "document.json"
SCORES = "scores.json"
#: stem of the export files inside OUT/<article>/ (article.html, article.tmx, ...)
EXPORT_STEM = "article"
#: OUT's own files, describing every article
SUMMARY = "summary.json"
INDEX = "index.html"


@dataclass
class ArticleJob:
    """One article folder found under IN (possibly broken: ``problem`` says why)."""

    name: str  # path relative to IN, with "/" separators: the article's name everywhere
    src: Path
    out: Path
    problem: str | None = None
    input_hash: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def article(self) -> Path:
        return self.src / ARTICLE

    @property
    def reference(self) -> Path | None:
        p = self.src / REFERENCE
        return p if p.exists() else None

    @property
    def memory(self) -> Path | None:
        for name in (MEMORY, MEMORY_TMX):
            p = self.src / name
            if p.exists():
                return p
        return None


def _visible(name: str) -> bool:
    return not name.startswith(".")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's surrogate escapes for undecodable bytes
        return False
    return True


def _shown(name: str) -> str:
    """``name`` fit for UTF-8 output: undecodable bytes as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def find_articles(in_dir: Path, out_dir: Path) -> list[ArticleJob]:
    """Every article folder under ``in_dir``, sorted by name; ``out_dir`` is never searched.

    A folder holding ``article.sv.txt`` is an article.  A folder without it that still looks like
    one -- it holds ``reference.en.txt`` or ``memory.tsv``, or it is a leaf folder holding a ``.txt``
    file -- is reported as an article missing its text, so a misnamed file is not silently ignored.
    """
    in_dir = in_dir.resolve()
    out_resolved = out_dir.resolve()
    jobs: list[ArticleJob] = []
    for root, dirs, files in os.walk(in_dir):
        here = Path(root)
        has_article = ARTICLE in files or ARTICLE in dirs
        # Sorted, visible, and never the output folder (OUT inside IN must not be read as input).
        dirs[:] = sorted(d for d in dirs if _visible(d) and d != ARTICLE and (here / d).resolve() != out_resolved)
        if here == in_dir:
            if has_article:
                raise TolkaError(
                    f"{in_dir} is itself an article folder; give the folder that contains article folders "
                    f"(IN/<article>/{ARTICLE}), e.g. its parent, or use `tolka translate` for one article"
                )
            continue
        rel = here.relative_to(in_dir).as_posix()
        visible_files = sorted(f for f in files if _visible(f))
        looks_like_one = (
            REFERENCE in files or MEMORY in files or MEMORY_TMX in files or (not dirs and any(f.endswith(".txt") for f in visible_files))
        )
        if (has_article or looks_like_one) and not _utf8(rel):
            # Bytes that are not UTF-8 (e.g. a Latin-1 name from an old archive) cannot go into
            # the UTF-8 summary, index and documents: name the folder so it can be renamed.
            shown = _shown(rel)
            jobs.append(
                ArticleJob(
                    shown, here, out_dir / rel, f"folder name {shown!r} is not valid UTF-8 ({os.fsencode(rel)!r}); rename the folder"
                )
            )
            continue
        if has_article:
            problem = None
            if (here / ARTICLE).is_dir():
                problem = f"{here / ARTICLE} is a directory, not a file (put the Swedish text in {ARTICLE})"
            jobs.append(ArticleJob(rel, here, out_dir / rel, problem))
        elif looks_like_one:
            found = _shown(", ".join(visible_files))
            jobs.append(
                ArticleJob(
                    rel,
                    here,
                    out_dir / rel,
                    f"missing {ARTICLE} in {here} (found {found}; name the Swedish text {ARTICLE})",
                )
            )
    return jobs

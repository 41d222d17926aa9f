"""Where a batch finds its articles and how it knows an article's outputs are up to date.

Input layout: ``IN/<article>/article.sv.txt`` (required), optional ``reference.en.txt`` and
``memory.tsv`` (or ``memory.tmx``); ``<article>`` may be nested (``IN/2024/maj/Ett val``).  Each article's outputs go to
``OUT/<article>/`` together with a ``manifest.json`` written last: it records a hash of the
article's inputs and of the run's settings, and a hash of every output.  An article is up to date
when its manifest matches; a run killed before the manifest was written redoes the article.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import TolkaError

ARTICLE = "article.sv.txt"
REFERENCE = "reference.en.txt"
MEMORY = "memory.tsv"
#: an article's own memory may also be TMX (as exported by CAT tools); the TSV wins if both exist
MEMORY_TMX = "memory.tmx"
INPUTS = (ARTICLE, REFERENCE, MEMORY, MEMORY_TMX)
MANIFEST = "manifest.json"
#: bump when the manifest's meaning changes, so old outputs are redone rather than trusted
MANIFEST_VERSION = 1


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
        dirs[:] = sorted(
            d for d in dirs if _visible(d) and d != ARTICLE and (here / d).resolve() != out_resolved
        )
        if here == in_dir:
            if has_article:
                raise TolkaError(
                    f"{in_dir} is itself an article folder; give the folder that contains article folders "
                    f"(IN/<article>/{ARTICLE}), e.g. its parent, or use `tolka translate` for one article"
                )
            continue
        rel = here.relative_to(in_dir).as_posix()
        visible_files = sorted(f for f in files if _visible(f))
        looks_like_one = REFERENCE in files or MEMORY in files or MEMORY_TMX in files or (not dirs and any(f.endswith(".txt") for f in visible_files))
        if (has_article or looks_like_one) and not _utf8(rel):
            # Bytes that are not UTF-8 (e.g. a Latin-1 name from an old archive) cannot go into
            # the UTF-8 summary, index and documents: name the folder so it can be renamed.
            shown = _shown(rel)
            jobs.append(ArticleJob(shown, here, out_dir / rel, f"folder name {shown!r} is not valid UTF-8 ({os.fsencode(rel)!r}); rename the folder"))
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


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_hash(job: ArticleJob, settings_hash: str) -> str:
    """Hash of the article's input files (by name and bytes) and the run's settings.

    Raises OSError when an input cannot be read; the caller records it as the article's failure.
    """
    h = hashlib.sha256()
    h.update(f"tolka-batch-manifest-{MANIFEST_VERSION}\0{settings_hash}\0".encode())
    for name in INPUTS:
        p = job.src / name
        if p.is_file():
            h.update(f"{name}\0{sha256_file(p)}\0".encode())
        else:
            h.update(f"{name}\0absent\0".encode())
    return h.hexdigest()


def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def up_to_date(job: ArticleJob) -> dict[str, Any] | None:
    """The stored manifest when the article's outputs match its inputs and settings, else None."""
    m = read_manifest(job.out)
    if not m or m.get("version") != MANIFEST_VERSION or m.get("input_hash") != job.input_hash:
        return None
    outputs = m.get("outputs")
    if not isinstance(outputs, dict) or not isinstance(m.get("row"), dict):
        return None
    for rel, digest in outputs.items():
        p = job.out / rel
        try:
            if not p.is_file() or sha256_file(p) != digest:
                return None
        except OSError:
            return None
    return m


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temporary files a killed run left behind (``textio.atomic_writer``'s ``.NAME.*.tmp``).

    Only call this while holding the output folder's lock: a live writer's temp file looks the same.
    """
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for p in entries:
        if p.name.startswith(".") and p.name.endswith(".tmp") and p.is_file():
            try:
                p.unlink()
                removed += 1
            except OSError:
                pass
    return removed

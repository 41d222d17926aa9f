"""Translation memory: known Swedish -> English sentence pairs used instead of the model.

Two formats: TSV (``swedish<TAB>english``, further columns such as LF Aligner's
info/confidence ignored) and TMX 1.4. Lookups are exact after whitespace
normalisation (runs of spaces, tabs and line breaks count as one space).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import TolkaError
from .textio import read_text

# Inline TMX elements whose content is native markup, not translatable text.
_TMX_CODE_TAGS = {"bpt", "ept", "it", "ph", "ut", "sub"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def normalize(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return " ".join(text.split())


class Memory:
    """Exact-match Swedish -> English lookups."""

    def __init__(self, pairs: dict[str, str] | None = None, source: str | None = None):
        self._pairs: dict[str, str] = {}
        #: where the pairs came from (a file path) for messages and metadata
        self.source = source
        for sv, en in (pairs or {}).items():
            self.add(sv, en)

    def add(self, sv: str, en: str) -> None:
        """Add a pair; a later pair for the same sentence replaces the earlier one."""
        key = normalize(sv)
        if key:
            self._pairs[key] = en.strip()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], source: str | None = None) -> "Memory":
        mem = cls(source=source)
        for sv, en in pairs:
            mem.add(sv, en)
        return mem

    @classmethod
    def load(cls, path: str | os.PathLike, encoding: str = "utf-8") -> "Memory":
        """Read a TSV or TMX file (TMX by ``.tmx`` suffix or an XML start)."""
        p = Path(path)
        if p.suffix.lower() == ".tmx":
            return cls._load_tmx(p)
        text = read_text(p, what="translation memory", encoding=encoding)
        if text.lstrip().startswith(("<?xml", "<tmx")):
            return cls._load_tmx(p)
        return cls._load_tsv(p, text)

    @classmethod
    def _load_tsv(cls, p: Path, text: str) -> "Memory":
        mem = cls(source=str(p))
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise TolkaError(f"translation memory {p} line {n}: no tab; each line must be swedish<TAB>english")
            sv, en = cols[0].strip(), cols[1].strip()
            if not sv or not en:
                side = "Swedish" if not sv else "English"
                raise TolkaError(f"translation memory {p} line {n}: the {side} column is empty; each line must be swedish<TAB>english")
            mem.add(sv, en)
        return mem

    @classmethod
    def _load_tmx(cls, p: Path) -> "Memory":
        from lxml import etree

        read_text(p, what="translation memory", encoding="latin-1")  # existence, directory and binary checks
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.parse(str(p), parser).getroot()
        except etree.XMLSyntaxError as e:
            raise TolkaError(f"translation memory {p} is not well-formed TMX: {e.msg} (line {e.lineno}); fix the XML or export it again") from e
        if etree.QName(root).localname != "tmx":
            raise TolkaError(f"translation memory {p} is XML but not TMX (root element <{etree.QName(root).localname}>); give a TMX 1.4 file")
        body = root.find("body")
        if body is None:
            raise TolkaError(f"translation memory {p} has no <body>; give a TMX 1.4 file")
        mem = cls(source=str(p))
        for tu in body.iter("tu"):
            sides: dict[str, str] = {}
            for tuv in tu.iter("tuv"):
                lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower().split("-")[0].split("_")[0]
                seg = tuv.find("seg")
                if lang in ("sv", "en") and seg is not None and lang not in sides:
                    sides[lang] = _seg_text(seg)
            # Units in other language pairs are skipped; a TMX may hold several.
            if sides.get("sv", "").strip() and sides.get("en", "").strip():
                mem.add(sides["sv"], sides["en"])
        if not len(mem):
            raise TolkaError(f"translation memory {p} has no Swedish-English translation units (<tuv xml:lang=\"sv\"> and \"en\")")
        return mem

    def lookup(self, sv: str) -> str | None:
        """The English for ``sv`` if the memory holds it (whitespace-insensitive), else None."""
        return self._pairs.get(normalize(sv))

    def __len__(self) -> int:
        return len(self._pairs)

    def __contains__(self, sv: object) -> bool:
        return isinstance(sv, str) and normalize(sv) in self._pairs

    def items(self) -> Iterable[tuple[str, str]]:
        return self._pairs.items()


def _seg_text(seg) -> str:
    """Text of a TMX <seg>, keeping <hi> content and dropping inline native codes."""
    parts = [seg.text or ""]
    for child in seg:
        # comments and processing instructions have a non-string tag: skip their content too
        if isinstance(child.tag, str) and child.tag not in _TMX_CODE_TAGS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def load_memory(path: str | os.PathLike | Memory | None, encoding: str = "utf-8") -> Memory | None:
    """Accept a Memory, a path to one, or None."""
    if path is None or isinstance(path, Memory):
        return path
    return Memory.load(path, encoding=encoding)

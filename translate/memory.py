"""Translation memory: known Swedish -> English sentence pairs used instead of the model.

Two formats: TSV (``swedish<TAB>english``, further columns such as LF Aligner's
info/confidence ignored) and TMX 1.4. Lookups are exact after whitespace
normalisation (runs of spaces, tabs and line breaks count as one space).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import TolkaError
from .textio import AUTO, decode_bytes, read_bytes, read_input

# Inline TMX elements whose content is native markup, not translatable text.
_TMX_CODE_TAGS = {"bpt", "ept", "it", "ph", "ut", "sub"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: the header row of tolka's TSV export ends in these two columns (after the two language codes);
#: a file starting with it is CSV-quoted, any other TSV (LF Aligner's) is read as plain tab-split
TSV_HEADER_TAIL = ("info", "confidence")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def normalize(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return " ".join(text.split())


class Memory:
    """Exact-match Swedish -> English lookups."""

    def __init__(self, pairs: dict[str, str] | None = None, source: str | None = None):
        self._pairs: dict[str, str] = {}
        #: where the pairs came from (a file path) for messages and metadata
        self.source = source
        #: a note for the user about how the file was read (its encoding was guessed), else None
        self.note: str | None = None
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
    def load(cls, path: str | os.PathLike, encoding: str = AUTO) -> "Memory":
        """Read a TSV or TMX file (TMX by ``.tmx`` suffix or an XML start).

        ``encoding``: of a TSV file; ``"auto"`` (the default) reads it on its own, whatever
        encoding the article has (see :func:`translate.textio.read_input`).  TMX declares its own.
        """
        p = Path(path)
        if p.suffix.lower() == ".tmx":
            return cls._load_tmx(p)
        decoded = read_input(p, what="translation memory", encoding=encoding, override=None)
        if decoded.text.lstrip().startswith(("<?xml", "<tmx")):
            return cls._load_tmx(p)
        mem = cls._load_tsv(p, decoded.text)
        mem.note = decoded.note
        return mem

    @classmethod
    def _load_tsv(cls, p: Path, text: str) -> "Memory":
        mem = cls(source=str(p))
        for n, cols in _tsv_rows(text):
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

        data = read_bytes(p, what="translation memory")
        # XML declares its own encoding (and UTF-16 has a BOM), so lxml decodes; decode_bytes only
        # turns away binary data with the message every other input gets.
        if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) and b"\x00" in data:
            decode_bytes(data, str(p), "translation memory", override=None)
        # Entities stay unexpanded on the first pass: an external one would read a local file or
        # a URL named by whoever wrote the TMX, so it is refused; internal ones are plain text.
        tree = _parse_xml(data, p, resolve_entities=False)
        dtd = tree.docinfo.internalDTD
        entities = list(dtd.iterentities()) if dtd is not None else []
        for entity in entities:
            if entity.system_url:
                raise TolkaError(
                    f"translation memory {p} declares an external entity ({entity.name} -> {entity.system_url}), "
                    "which tolka never loads; replace it with its text or export the TMX again"
                )
        if entities:
            tree = _parse_xml(data, p, resolve_entities="internal")
        root = tree.getroot()
        if etree.QName(root).localname != "tmx":
            raise TolkaError(
                f"translation memory {p} is XML but not TMX (root element <{etree.QName(root).localname}>); give a TMX 1.4 file"
            )
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
            raise TolkaError(f'translation memory {p} has no Swedish-English translation units (<tuv xml:lang="sv"> and "en")')
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


def _parse_xml(data: bytes, p: Path, resolve_entities: bool | str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=resolve_entities, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as e:
        raise TolkaError(f"translation memory {p} is not well-formed TMX: {e.msg} (line {e.lineno}); fix the XML or export it again") from e


def _tsv_rows(text: str):
    """``(line number, fields)`` of the non-blank lines of a TSV memory.

    tolka's own export (recognised by its header row) quotes a field holding a double quote as
    CSV does, doubling the quote; other TSV (LF Aligner's) has no quoting, and a quotation mark
    there is part of the sentence.
    """
    lines = text.split("\n")
    first = lines[0].split("\t") if lines else []
    if len(first) == 4 and tuple(first[2:]) == TSV_HEADER_TAIL and all(_LANG.fullmatch(c) for c in first[:2]):
        # csv reads line by line here: tolka never writes a line break inside a field
        for n, line in enumerate(lines[1:], start=2):
            if line.strip():
                yield n, next(csv.reader([line], dialect="excel-tab"))
        return
    for n, line in enumerate(lines, start=1):
        if line.strip():
            yield n, line.split("\t")


def _seg_text(seg) -> str:
    """Text of a TMX <seg>, keeping <hi> content and dropping inline native codes."""
    parts = [seg.text or ""]
    for child in seg:
        # comments and processing instructions have a non-string tag: skip their content too
        if isinstance(child.tag, str) and child.tag not in _TMX_CODE_TAGS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def load_memory(path: str | os.PathLike | Memory | None, encoding: str = AUTO) -> Memory | None:
    """Accept a Memory, a path to one, or None."""
    if path is None or isinstance(path, Memory):
        return path
    return Memory.load(path, encoding=encoding)

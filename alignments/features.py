"""Per-sentence features for alignment, computed once per document with numpy.

Two kinds of sparse vectors, both hashed into a fixed number of columns so that
no vocabulary has to be built:

* character n-grams (word-order robust), compared between the English
  translation of the Swedish side and the English side;
* anchors that need no translation: numbers (separators normalised, so
  ``3,5`` matches ``3.5`` and ``1 000`` matches ``1,000``), capitalised tokens
  (names) and cognate prefixes (the first four letters of longer words, with
  diacritics folded, so ``parlament``/``parliament`` and ``presidenten``/
  ``president`` meet).

Vectors are tf-idf weighted with document frequencies taken over both sides,
so words every sentence shares weigh little.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np
from scipy import sparse

#: Hashed feature space; large enough that collisions are rare for news text.
DIM = 1 << 20

_WS = re.compile(r"\s+")
_NONDIGIT = re.compile(r"[^\d\x00]")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})


def _normalise(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


def normalise_all(texts: list[str]) -> list[str]:
    """``_normalise`` of every text, with one pass of each operation over the whole document."""
    if not texts:
        return []
    joined = unicodedata.normalize("NFC", "\n".join(t.replace("\n", " ") for t in texts)).lower()
    return [" ".join(p.split()) for p in joined.split("\n")]


def char_ngrams(texts: list[str], n: int = 3) -> sparse.csr_matrix:
    """Count matrix (sentences x DIM) of hashed character n-grams.

    Each sentence is padded with a space on both sides so word boundaries
    count; the hashing is vectorised over the whole document at once.
    """
    rows = len(texts)
    if rows == 0:
        return sparse.csr_matrix((0, DIM), dtype=np.float64)
    parts = [" " + t + " " for t in normalise_all(texts)]
    lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=rows)
    cps = np.frombuffer("".join(parts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sid = np.repeat(np.arange(rows, dtype=np.int64), lens)
    total = cps.shape[0]
    if total < n:
        return sparse.csr_matrix((rows, DIM), dtype=np.float64)
    span = total - n + 1
    h = np.zeros(span, dtype=np.uint64)
    for k in range(n):
        # Multiplication wraps modulo 2**64, which is what a rolling hash wants.
        h = h * np.uint64(1_000_003) + cps[k : k + span]
    h ^= h >> np.uint64(31)
    valid = sid[:span] == sid[n - 1 :]
    cols = (h[valid] % np.uint64(DIM)).astype(np.int64)
    mat = sparse.csr_matrix((np.ones(cols.shape[0], dtype=np.float64), (sid[:span][valid], cols)), shape=(rows, DIM))
    mat.sum_duplicates()
    return mat


def anchor_tokens(text: str) -> list[str]:
    """Tokens that match across Swedish and English without translation (readable form of ``anchors``)."""
    toks: list[str] = ["#" + re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text)]
    for m in re.finditer(r"[^\W\d_]+", text):
        w = m.group()
        low = w.lower().translate(_FOLD)
        if len(w) >= 2 and w[0].isupper():
            toks.append("N" + low[:5])
        if len(w) >= 4:
            toks.append("C" + low[:4])
    return toks


def _char_classes(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """isalpha, isupper and the lower-cased, diacritic-folded code point of every character."""
    # A lookup table over the code points present, not a sort: linear in the text's length.
    present = np.bincount(cps.astype(np.int64))
    uniq = np.flatnonzero(present)
    table = np.zeros(present.shape[0], dtype=np.int64)
    table[uniq] = np.arange(uniq.shape[0])
    inv = table[cps.astype(np.int64)]
    chars = [chr(int(u)) for u in uniq]
    alpha = np.fromiter((c.isalpha() for c in chars), dtype=bool, count=len(chars))
    upper = np.fromiter((c.isupper() for c in chars), dtype=bool, count=len(chars))
    folded = np.fromiter(
        (ord(low[0]) if len(low := c.lower().translate(_FOLD)) == 1 else ord(c) for c in chars),
        dtype=np.uint64,
        count=len(chars),
    )
    return alpha[inv], upper[inv], folded[inv]


def anchors(texts: list[str]) -> sparse.csr_matrix:
    """Count matrix (sentences x DIM) of hashed anchor tokens (see ``anchor_tokens``).

    Computed over the whole document at once with numpy: word starts and
    lengths from letter runs, prefixes hashed like character n-grams.
    """
    rows_n = len(texts)
    joined = "\n".join(texts)
    offsets = np.cumsum([0] + [len(t) + 1 for t in texts])
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    if cps.shape[0]:
        alpha, upper, folded = _char_classes(cps)
        prev = np.concatenate([[False], alpha[:-1]])
        nxt = np.concatenate([alpha[1:], [False]])
        starts = np.flatnonzero(alpha & ~prev)
        ends = np.flatnonzero(alpha & ~nxt) + 1
        lens = ends - starts
        padded = np.concatenate([folded, np.zeros(5, dtype=np.uint64)])
        for tag, width, keep in ((1, 4, lens >= 4), (2, 5, (lens >= 2) & upper[starts])):
            st, ln = starts[keep], lens[keep]
            h = np.full(st.shape, np.uint64(tag))
            for q in range(width):
                c = np.where(q < ln, padded[st + q], np.uint64(0))
                h = h * np.uint64(1_000_003) + c
            h ^= h >> np.uint64(31)
            rows.append(np.searchsorted(offsets, st, side="right") - 1)
            cols.append((h % np.uint64(DIM)).astype(np.int64))
    found = [(m.start(), m.group()) for m in _NUMBER.finditer(joined)]
    num_rows = [f[0] for f in found]
    digits = _NONDIGIT.sub("", "\n".join(f[1] + "\n" for f in found).replace("\n\n", "\x00")).split("\x00")
    num_cols = [zlib.crc32(("#" + d).encode()) % DIM for d in digits[: len(found)]]
    if num_rows:
        rows.append(np.searchsorted(offsets, np.asarray(num_rows), side="right") - 1)
        cols.append(np.asarray(num_cols, dtype=np.int64))
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    mat = sparse.csr_matrix((np.ones(r.shape[0]), (r, c)), shape=(rows_n, DIM))
    mat.sum_duplicates()
    return mat


def tfidf_pair(
    a: sparse.csr_matrix, b: sparse.csr_matrix, max_df: float = 0.03, min_cut: int = 30, max_cut: int = 1_000_000
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Weight two count matrices with idf over both; tf is dampened with sqrt.

    The hashed columns are renumbered to the features the two actually use, so
    later sparse products work on a few thousand columns, not ``DIM``. Features
    in more than ``max_df`` of the sentences (but at least ``min_cut`` and at
    most ``max_cut`` sentences) are dropped: they say little about which
    sentences belong together and make most of the cost of the sparse products;
    the fixed upper cut keeps that cost linear in the document's length.
    """
    allcols = np.concatenate([a.indices, b.indices]).astype(np.int64)
    if allcols.shape[0] * 16 < DIM:
        used, inv = np.unique(allcols, return_inverse=True)
        df = np.bincount(inv, minlength=used.shape[0]).astype(np.float64)
    else:  # a counting pass over the hash space beats sorting a long document's features
        counts = np.bincount(allcols, minlength=DIM)
        used = np.flatnonzero(counts)
        remap = np.zeros(DIM, dtype=np.int64)
        remap[used] = np.arange(used.shape[0])
        inv = remap[allcols]
        df = counts[used].astype(np.float64)
    n_docs = a.shape[0] + b.shape[0]
    # Never exactly 0: in a two-sentence document every shared feature is in "all" sentences.
    idf = np.log((n_docs + 1.0) / df)
    idf[df > max(min_cut, min(max_df * n_docs, max_cut))] = 0.0
    out = []
    offset = 0
    for m in (a, b):
        cols = inv[offset : offset + m.nnz]
        offset += m.nnz
        data = np.sqrt(m.data) * idf[cols]
        w = sparse.csr_matrix((data, cols, m.indptr.copy()), shape=(m.shape[0], max(used.shape[0], 1)))
        w.eliminate_zeros()
        out.append(w)
    return out[0], out[1]


def char_lengths(texts: list[str]) -> np.ndarray:
    """Sentence lengths in characters, whitespace collapsed."""
    return np.fromiter((len(t) for t in normalise_all(texts)), dtype=np.float64, count=len(texts))

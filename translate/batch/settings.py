"""The settings key: everything besides an article's own files that changes its outputs.

An article is up to date only if its manifest (or its dataset row) was written under the same
key (see :mod:`translate.batch.store`, :mod:`translate.batch.datasets`).  The translator's part
is its own :meth:`Translator.fingerprint` (model identity and generation settings), so a new
decoding option changes the key without this module knowing about it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..memory import Memory
from .store import sha256_file


def memory_key(memory: Memory | None, path: Path | None) -> str | None:
    """The global memory's identity: its source name and its file's hash, or a hash of its pairs (an in-memory one)."""
    if memory is None:
        return None
    # Where the memory came from is an input too: document.json records it (meta.memory).
    source = memory.source or ""
    if path is not None:
        return f"{source}\0{sha256_file(path)}"
    # Hash the pairs, so two runs with equal in-memory memories agree.
    h = hashlib.sha256()
    for sv, en in sorted(memory.items()):
        h.update(f"{sv}\t{en}\n".encode())
    return f"{source}\0{h.hexdigest()}"


def batch_settings(
    model: str,
    fingerprint: dict[str, Any],
    memory: str | None,
    exports: Sequence[str],
    metrics: Sequence[str],
    encoding: str,
) -> dict[str, Any]:
    """The settings of a run; hashed by :func:`settings_hash`.

    ``model`` and ``fingerprint`` are the translator's ``model_name`` and
    :meth:`~translate.translator.Translator.fingerprint` -- taken where the model will run, which
    for a distributed engine is a worker (its device may not be the driver's).  ``memory`` is
    :func:`memory_key`'s answer.
    """
    return {
        "tolka": __version__,
        "model": model,
        "translator": fingerprint,
        "memory": memory,
        "exports": list(exports),
        "metrics": list(metrics),
        "encoding": encoding,
    }


def settings_hash(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()

"""Decoding backends: plain transformers, and CTranslate2 when installed.

Backends are imported lazily: choosing one must not import torch or ctranslate2
unless a sentence actually needs the model.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import TolkaError
from .base import Backend, GenerationSettings

__all__ = ["Backend", "GenerationSettings", "BACKENDS", "make_backend", "resolve_backend_name"]

#: Names accepted by ``--backend``.
BACKENDS = ("auto", "transformers", "ctranslate2")


def _ct2_available() -> bool:
    if importlib.util.find_spec("ctranslate2") is None:
        return False
    try:
        import ctranslate2  # noqa: F401  (the wheel can be present but broken)
    except Exception:
        return False
    return importlib.util.find_spec(f"{__name__}.ct2") is not None


def resolve_backend_name(backend: str = "auto") -> str:
    """``auto`` -> ``ctranslate2`` when it can be imported, else ``transformers``."""
    if backend not in BACKENDS:
        raise TolkaError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "ctranslate2" if _ct2_available() else "transformers"
    if backend == "ctranslate2" and not _ct2_available():
        raise TolkaError("--backend ctranslate2 needs the ctranslate2 package: pip install 'tolka[fast]' (or use --backend transformers)")
    return backend


def make_backend(
    model: str | Path,
    backend: str = "auto",
    device: str = "auto",
    compute_type: str | None = None,
    resolved: tuple[Path, str] | None = None,
) -> Backend:
    """Load ``model`` into the chosen backend (this is where weights are read).

    ``resolved`` is :func:`~translate.backends.model_source.resolve_model`'s answer when the caller has it
    already, so a local folder is not hashed (nor the hub asked) a second time.
    """
    name = resolve_backend_name(backend)
    if name == "ctranslate2":
        from .ct2 import CT2Backend

        return CT2Backend(model, device=device, compute_type=compute_type, resolved=resolved)
    from .marian import MarianBackend

    return MarianBackend(model, device=device, compute_type=compute_type, resolved=resolved)

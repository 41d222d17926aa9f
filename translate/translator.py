"""The translator: cache, long-sentence splitting and length-sorted batching over a backend.

A :class:`Translator` is cheap to create and loads nothing until a sentence misses
the cache; load one and reuse it for many articles::

    tr = Translator("Helsinki-NLP/opus-mt-sv-en", beams=4)
    english = tr.translate(["Hej världen.", "Det regnar."])
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .backends import Backend, GenerationSettings, make_backend, resolve_backend_name
from .backends.device import backend_identity
from .backends.model_source import DEFAULT_MODEL, read_generation_defaults, resolve_model
from .cache import TranslationCache
from .errors import TolkaError

__all__ = ["DEFAULT_MODEL", "Translator", "split_to_fit"]

# Clause boundaries: whitespace after , ; : and whitespace before a spaced dash (– or —).
_CLAUSE_GAP = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)")
_WORD_GAP = re.compile(r"\s+")


def _gaps(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text) if 0 < m.start() and m.end() < len(text)]


def split_to_fit(sentence: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Split ``sentence`` into pieces of at most ``limit`` tokens, in order.

    Cuts fall at clause boundaries (``, ; : –``) nearest the middle, recursively; only a
    clause still too long is cut between words, and only a "word" too long between
    characters. Every character except the whitespace at a cut is kept: nothing is
    ever truncated.
    """
    if count_tokens(sentence) <= limit or len(sentence) < 2:
        return [sentence]
    gaps = _gaps(sentence, _CLAUSE_GAP) or _gaps(sentence, _WORD_GAP)
    middle = len(sentence) / 2
    if gaps:
        a, b = min(gaps, key=lambda g: abs((g[0] + g[1]) / 2 - middle))
    else:
        a = b = len(sentence) // 2
    return split_to_fit(sentence[:a], count_tokens, limit) + split_to_fit(sentence[b:], count_tokens, limit)


def _batches(order: list[str], length_class: Callable[[str], int], size: int) -> list[list[str]]:
    """Consecutive runs of ``order`` of at most ``size`` pieces, each of one length class.

    Every piece of a batch then gets the same length bound (see :class:`GenerationSettings`), so
    a piece's translation depends on the piece and the settings, not on its batch: the same
    sentence comes out the same in any run, any chunk of a batch job, any engine's partitioning.
    (Padding itself changes nothing: measured on CPU with both backends, ``python
    scripts/bench_translate.py --batch-invariance``.)
    """
    batches: list[list[str]] = []
    for piece in order:
        if not batches or len(batches[-1]) == size or length_class(batches[-1][0]) != length_class(piece):
            batches.append([])
        batches[-1].append(piece)
    return batches


class Translator:
    """Swedish -> English sentence translation with a model loaded on first need.

    ``model`` is a hub id or a local folder. ``beams=None`` takes the model's
    ``generation_config`` (6 for opus-mt-sv-en). ``cache`` is True (the user cache),
    False, or a :class:`~translate.cache.TranslationCache`.
    """

    def __init__(
        self,
        model: str | os.PathLike[str] = DEFAULT_MODEL,
        *,
        backend: str = "auto",
        device: str = "auto",
        beams: int | None = None,
        batch_size: int = 16,
        cache: bool | TranslationCache = True,
        compute_type: str | None = None,
        progress: bool = False,
    ):
        if beams is not None and beams < 1:
            raise TolkaError(f"--beams must be at least 1 (got {beams})")
        if batch_size < 1:
            raise TolkaError(f"--batch-size must be at least 1 (got {batch_size})")
        if device not in ("auto", "cpu", "cuda"):
            raise TolkaError(f"unknown device {device!r}; use auto, cpu or cuda")
        self.model_name = str(model)
        self.backend_name = resolve_backend_name(backend)
        self.device = device
        self.beams = beams
        self.batch_size = batch_size
        self.compute_type = compute_type
        self.progress = progress
        if cache is True:
            self._cache: TranslationCache | None = TranslationCache()
        else:
            self._cache = cache or None
        self._backend: Backend | None = None
        self._resolved: tuple[Path, str] | None = None
        self._settings: GenerationSettings | None = None
        self._identity: str | None = None
        #: counters for the last and all calls: sentences from the cache, sentences and pieces decoded
        self.stats = {"cached": 0, "translated": 0, "pieces": 0, "batches": 0}

    # -- lazy state ---------------------------------------------------------
    @property
    def loaded(self) -> bool:
        """True once the model weights have been loaded."""
        return self._backend is not None

    def _resolve(self) -> tuple[Path, str]:
        if self._resolved is None:
            self._resolved = resolve_model(self.model_name)
        return self._resolved

    @property
    def settings(self) -> GenerationSettings:
        """Decoding settings; beams from the model's generation_config unless given."""
        if self._settings is None:
            beams = self.beams
            if beams is None:
                beams = int(read_generation_defaults(self._resolve()[0]).get("num_beams") or GenerationSettings.beams)
            self._settings = GenerationSettings(beams=beams)
        return self._settings

    @property
    def identity(self) -> str:
        """Model identity for the cache, known without loading the weights."""
        if self._identity is None:
            device, compute = self._device_and_precision()
            self._identity = backend_identity(self._resolve()[1], self.backend_name, device, compute)
        return self._identity

    def fingerprint(self) -> dict[str, str | None]:
        """What decides this translator's output, for runners that keep outputs between runs.

        ``identity`` (hub id@commit or a hash of the model folder, with backend, device and
        precision) and ``generation`` (:class:`GenerationSettings`) are what the cache keys on.
        Only metadata is read, never weights.  A model that cannot be resolved now (a missing
        folder, an uncached hub id offline) has ``None`` for both: nothing it could have
        translated is known, and any run that needs it fails before writing its translations.
        """
        try:
            return {"model": self.model_name, "identity": self.identity, "generation": self.settings.key()}
        except TolkaError:
            return {"model": self.model_name, "identity": None, "generation": None}

    def options(self) -> dict[str, Any]:
        """Keyword arguments that make an equal translator elsewhere (another process or machine).

        The backend is the resolved one; a cache is ``True`` (the other side's user cache) or ``False``.
        """
        return {
            "model": self.model_name,
            "backend": self.backend_name,
            "device": self.device,
            "beams": self.beams,
            "batch_size": self.batch_size,
            "cache": self._cache is not None,
            "compute_type": self.compute_type,
        }

    def _device_and_precision(self) -> tuple[str, str | None]:
        # The same resolution the backend makes when it loads, so the cache key matches its identity.
        if self.backend_name == "ctranslate2":
            from .backends.ct2 import default_compute_type
            from .backends.ct2 import resolve_ct2_device as resolve_device
        else:
            from .backends.device import default_compute_type, resolve_device
        device = resolve_device(self.device)
        return device, self.compute_type if self.compute_type not in (None, "default", "auto") else default_compute_type(device)

    def load(self) -> Backend:
        """Load the model now (normally done on the first cache miss)."""
        if self._backend is None:
            # resolving first fails on a bad model id before a backend is imported
            self._backend = make_backend(self.model_name, self.backend_name, self.device, self.compute_type, resolved=self._resolve())
        return self._backend

    # -- translation --------------------------------------------------------
    def translate(self, sentences: Sequence[str] | Iterable[str]) -> list[str]:
        """Translate Swedish sentences to English, in order (duplicates decoded once)."""
        sentences = list(sentences)
        done: dict[str, str] = {s: s for s in sentences if not s.strip()}
        todo = [s for s in dict.fromkeys(sentences) if s not in done]
        if todo and self._cache is not None:
            hits = self._cache.get_many(self.identity, self.settings.key(), todo)
            done.update(hits)
            self.stats["cached"] += len(hits)
        missing = [s for s in todo if s not in done]
        if missing:
            done.update(self._decode(missing))
        return [done[s] for s in sentences]

    def _decode(self, sentences: list[str]) -> dict[str, str]:
        backend = self.load()
        settings = self.settings
        limit = backend.max_input_tokens
        pieces_of = {s: split_to_fit(s, backend.count_tokens, limit) for s in sentences}
        lengths = {p: backend.count_tokens(p) for ps in pieces_of.values() for p in ps}
        # Longest first, so batches hold similar lengths (little padding) and memory peaks early.
        order = sorted(lengths, key=lambda p: -lengths[p])
        batches = _batches(order, lambda p: settings.length_class(lengths[p]), self.batch_size)
        waiting = dict(pieces_of)
        translated: dict[str, str] = {}
        result: dict[str, str] = {}
        from tqdm import tqdm

        # The backend may decode the next batches while this one is cached (CTranslate2 with inter_threads > 1 does).
        outputs = backend.translate_batches(batches, settings)
        for batch in tqdm(batches, desc="translating", unit="batch", disable=not self.progress or len(batches) < 2, file=sys.stderr):
            for piece, out in zip(batch, next(outputs), strict=True):
                translated[piece] = out
            finished = {s: " ".join(translated[p] for p in ps).strip() for s, ps in waiting.items() if all(p in translated for p in ps)}
            for s in finished:
                del waiting[s]
            result.update(finished)
            # Cached batch by batch, so an interrupted long run keeps what it has decoded.
            if finished and self._cache is not None:
                self._cache.put_many(self.identity, settings.key(), finished.items())
        self.stats["translated"] += len(sentences)
        self.stats["pieces"] += len(order)
        self.stats["batches"] += len(batches)
        return result

    def close(self) -> None:
        """Release the model and the cache connection."""
        self._backend = None
        if self._cache is not None:
            self._cache.close()

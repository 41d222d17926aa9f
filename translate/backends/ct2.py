"""MarianMT through CTranslate2: the same model, converted once, decoded 3-5x faster on CPU.

The Marian model (hub id or folder) is converted with CTranslate2's
``TransformersConverter`` into ``<cache dir>/ct2/`` on first use, keyed by the model
identity and the quantization, then reused. The conversion is written to a temporary
folder and renamed into place, so an interrupted conversion never leaves a broken model.

Tokenising and detokenising use the model's own MarianTokenizer, exactly as the
transformers backend does; only the encoder/decoder run in CTranslate2. Every decoding
option that CTranslate2 defaults differently from transformers (beam 2, 256 tokens,
1024-token input truncation) is set explicitly from :class:`GenerationSettings`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import TolkaError
from .base import GenerationSettings
from .device import choose_device
from .model_source import _HINT, model_input_limit, read_generation_defaults, resolve_model
from .tokenizer import MarianTokenizerBackend, _quiet_transformers, load_tokenizer

__all__ = [
    "CT2Backend",
    "convert_model",
    "converted_model_dir",
    "default_compute_type",
    "default_threads",
    "default_workers",
    "resolve_ct2_device",
]

#: Files a finished conversion always has; a folder without them is not used.
_MODEL_FILES = ("model.bin", "config.json")


def resolve_ct2_device(device: str) -> str:
    """``auto`` -> ``cuda`` when CTranslate2 sees a GPU, else ``cpu``; refuse ``cuda`` without one."""
    import ctranslate2

    return choose_device(device, lambda: ctranslate2.get_cuda_device_count() > 0, "CTranslate2")


def default_compute_type(device: str) -> str:
    """int8 on CPU (3-5x faster than float32, translations nearly always the same), float16 on CUDA."""
    return "float16" if device == "cuda" else "int8"


def default_threads() -> int:
    """Threads for one translator: ``OMP_NUM_THREADS`` when set (Ray sets it to an actor's CPUs), else
    the CPUs this process may use (CTranslate2's own default caps at 4)."""
    omp = os.environ.get("OMP_NUM_THREADS", "")
    if omp.isdigit() and int(omp) > 0:
        return int(omp)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_workers(device: str, threads: int) -> int:  # noqa: ARG001 - the place to change the default
    """Batches decoded side by side by default: one, on every thread.

    Two (``inter_threads=2``, each batch on half the threads) fill the serial gaps of beam search
    (softmax, top-k, reordering the beams' caches) in which one batch's other threads wait. On a
    busy 2-core machine that decoded beam 6 7-15% faster, in the same CPU time at the length bound
    and 10% less at realistic lengths (``scripts/bench_translate.py --workers 1|2``), but peak RSS
    grew by 150 MB at realistic lengths and 385 MB at the length bound (1,277 MB, over the 1 GB
    target): not the default until a quiet machine shows the gain.
    """
    return 1


def _check_compute_type(device: str, compute_type: str) -> None:
    import ctranslate2

    supported = sorted(ctranslate2.get_supported_compute_types(device))
    if compute_type not in supported:
        raise TolkaError(f"compute type {compute_type!r} is not supported by CTranslate2 on {device}; use one of {', '.join(supported)}")


def converted_model_dir(model_identity: str, quantization: str, root: Path | None = None) -> Path:
    """Where the CTranslate2 conversion of ``model_identity`` at ``quantization`` lives."""
    if root is None:
        from ..cache import cache_dir

        root = cache_dir() / "ct2"
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", model_identity.split("|")[0])[:60].strip("_.")
    digest = hashlib.blake2b(f"{model_identity}\0{quantization}".encode(), digest_size=8).hexdigest()
    return root / f"{readable}-{quantization}-{digest}"


def _is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in _MODEL_FILES)


def convert_model(source: str, revision: str | None, out_dir: Path, quantization: str) -> Path:
    """Convert a Marian model with CTranslate2 into ``out_dir`` (atomically), unless already there."""
    if _is_complete(out_dir):
        return out_dir
    from ctranslate2.converters import TransformersConverter

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        with warnings.catch_warnings(), _quiet_transformers():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            converter = TransformersConverter(source, revision=revision, low_cpu_mem_usage=True)
            # force=True: the temporary folder exists already (mkdtemp made it, privately).
            converter.convert(str(tmp), quantization=quantization, force=True)
        if not _is_complete(tmp):
            raise TolkaError(f"CTranslate2 conversion of {source} produced no model.bin; use --backend transformers")
        if out_dir.exists() and not _is_complete(out_dir):
            shutil.rmtree(out_dir)  # left by something other than this function: replace it
        try:
            os.replace(tmp, out_dir)
        except OSError:
            # Another process finished the same conversion first: theirs is as good as ours.
            if not _is_complete(out_dir):
                raise
    except TolkaError:
        raise
    except (OSError, ValueError, KeyError, NotImplementedError, RuntimeError) as e:
        raise TolkaError(
            f"cannot convert model {source} for CTranslate2 ({type(e).__name__}: {e}); use --backend transformers, or {_HINT}"
        ) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


class CT2Backend(MarianTokenizerBackend):
    """Translate with a CTranslate2 conversion of a Marian model, int8 on CPU and float16 on CUDA.

    ``compute_type`` overrides the precision (e.g. ``float32``, ``int8_float16``).
    ``inter_threads`` is how many batches decode side by side (:meth:`translate_batches`) and
    ``intra_threads`` the threads each uses. By default the CPUs this process may use are shared
    by :func:`default_workers` batches (one); given ``intra_threads`` alone, one batch at a time.
    """

    name = "ctranslate2"

    def __init__(
        self,
        model: str | Path,
        *,
        device: str = "auto",
        compute_type: str | None = None,
        intra_threads: int | None = None,
        inter_threads: int | None = None,
        resolved: tuple[Path, str] | None = None,
    ):
        import ctranslate2

        self.local_dir, self.model_identity = resolved or resolve_model(model)
        self.device = resolve_ct2_device(device)
        if compute_type in (None, "default", "auto"):
            compute_type = default_compute_type(self.device)
        _check_compute_type(self.device, compute_type)
        self.compute_type = compute_type
        self.tokenizer = load_tokenizer(self.local_dir)
        self._limit = model_input_limit(self.local_dir, self.tokenizer)
        config = _read_json(self.local_dir / "config.json")
        self._max_positions = int(config.get("max_position_embeddings") or self._limit)
        self._gen = read_generation_defaults(self.local_dir)

        is_local = self.model_identity.startswith("local:")
        source = str(self.local_dir) if is_local else str(model)
        revision = None if is_local else self.model_identity.rsplit("@", 1)[1]
        self.model_dir = convert_model(source, revision, converted_model_dir(self.model_identity, compute_type), compute_type)

        if self.device == "cuda":
            self.inter_threads, self.intra_threads = inter_threads or 1, intra_threads or 0
        elif intra_threads is not None:
            self.inter_threads, self.intra_threads = inter_threads or 1, intra_threads
        else:
            threads = default_threads()
            self.inter_threads = inter_threads or default_workers(self.device, threads)
            self.intra_threads = max(1, threads // self.inter_threads)
        try:
            self.translator = ctranslate2.Translator(
                str(self.model_dir),
                device=self.device,
                compute_type=compute_type,
                intra_threads=self.intra_threads,
                inter_threads=self.inter_threads,
            )
        except (RuntimeError, ValueError) as e:
            raise TolkaError(
                f"CTranslate2 cannot load the converted model {self.model_dir} ({e}); delete that folder to convert again, "
                "or use --backend transformers"
            ) from e

        # transformers forces EOS at the last allowed position (forced_eos_token_id), so its
        # translations hold at most max_new_tokens - 1 real tokens; CTranslate2 must stop one
        # step earlier to produce the same tokens rather than one more.
        self._forced_eos = self._gen.get("forced_eos_token_id", config.get("forced_eos_token_id")) is not None
        self._length_penalty = float(self._gen.get("length_penalty", 1.0) or 1.0)
        self._suppress = self._suppressed_sequences(config)

    def _suppressed_sequences(self, config: dict[str, Any]) -> list[list[str]] | None:
        # bad_words_ids is normally just [[pad]], and the converter already drops <pad> from
        # the vocabulary; anything else must be suppressed as transformers does.
        pad = config.get("pad_token_id")
        seqs = [ids for ids in self._gen.get("bad_words_ids") or [] if ids and ids != [pad]]
        return [self.tokenizer.convert_ids_to_tokens(ids) for ids in seqs] or None

    def translate_batch(self, sentences: list[str], settings: GenerationSettings) -> list[str]:
        if not sentences:
            return []
        return self._texts(self.token_ids(sentences, settings))

    def translate_batches(self, batches: Sequence[list[str]], settings: GenerationSettings) -> Iterator[list[str]]:
        """Each batch's translations, in order, with every worker (``inter_threads``) decoding one.

        The next batch is queued before the current one is waited for, so no worker idles between
        batches. With fewer batches than workers each batch is cut into one piece per worker; the
        pieces keep their batch's length bound, so the translations are the batch's own.
        """
        if self.inter_threads < 2:
            yield from super().translate_batches(batches, settings)
            return
        pieces = self.inter_threads if len(batches) < self.inter_threads else 1
        pending: deque[list[Any]] = deque()
        for batch in batches:
            pending.append(self._submit(batch, settings, pieces))
            if len(pending) > self.inter_threads:
                yield self._texts(self._wait(pending.popleft()))
        while pending:
            yield self._texts(self._wait(pending.popleft()))

    def token_ids(self, sentences: list[str], settings: GenerationSettings) -> list[list[int]]:
        """The best hypothesis' target token ids (without EOS) for each sentence."""
        return self._wait(self._submit(sentences, settings, 1, asynchronous=False))

    def _submit(self, sentences: list[str], settings: GenerationSettings, pieces: int, asynchronous: bool = True) -> list[Any]:
        """Start decoding ``sentences``, in up to ``pieces`` parts; their (async) results, in order."""
        if not sentences:
            return []
        ids = self.tokenizer(sentences, truncation=False)["input_ids"]
        longest = max(len(row) for row in ids)
        if longest > self._limit:
            # The translator splits long sentences first; reaching this is a bug, not user error.
            raise ValueError(f"input of {longest} tokens exceeds the model limit of {self._limit}")
        # The ids end in </s>, which Marian expects and the converted model does not add itself.
        source = [self.tokenizer.convert_ids_to_tokens(row) for row in ids]
        # One bound for the whole batch, whatever its pieces: the transformers backend's rule.
        max_new = settings.max_new_tokens(longest, self._max_positions)
        options = dict(
            beam_size=settings.beams,
            max_decoding_length=max(1, max_new - 1) if self._forced_eos else max_new,
            max_input_length=0,  # inputs already fit; never truncate silently
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            repetition_penalty=settings.repetition_penalty,
            length_penalty=self._length_penalty,
            suppress_sequences=self._suppress,
            return_end_token=False,
            asynchronous=asynchronous,
        )
        # CTranslate2 cuts the batch into pieces itself and hands them to its workers.
        size = -(-len(source) // pieces) if pieces > 1 else 0
        return self.translator.translate_batch(source, max_batch_size=size, **options)

    def _wait(self, results: list[Any]) -> list[list[int]]:
        done = [r.result() if hasattr(r, "result") else r for r in results]
        return [self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in done]

    def _texts(self, out_ids: list[list[int]]) -> list[str]:
        return [t.strip() for t in self.tokenizer.batch_decode(out_ids, skip_special_tokens=True)]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise TolkaError(f"model file {path} is unreadable ({e}); download the model again") from e

"""MarianMT through plain transformers (``MarianMTModel.generate``), and model resolution.

:func:`resolve_model` turns ``--model ID|PATH`` into a local folder and an identity for
the cache; :func:`load_tokenizer` is shared with the CTranslate2 backend.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import sys
import warnings
from pathlib import Path
from typing import Any, Iterator

from ..errors import ModelUnavailableError, TolkaError
from .base import Backend, GenerationSettings

# MarianTokenizer warns "Recommended: pip install sacremoses." whenever one is made -- also when
# one is copied or unpickled, outside any catch_warnings() block below.  sacremoses would only
# normalise punctuation; the notice is noise to someone translating an article.
warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses", category=UserWarning)

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-sv-en"

# Everything but the weights: enough to pin the revision, count tokens and read generation
# settings without downloading ~300 MB (from_pretrained fetches the weights when needed).
_METADATA_FILES = ["*.json", "*.spm"]
_HINT = "pass --model /path/to/local/folder with a downloaded Marian model (e.g. a copy of Helsinki-NLP/opus-mt-sv-en)"


def _looks_like_path(model: str) -> bool:
    # Hub ids are "name" or "owner/name"; anything else the user typed is meant as a folder.
    return model.startswith((".", "/", "~")) or "\\" in model or model.count("/") > 1


def _hash_folder(folder: Path) -> str:
    """A content hash of every file in a model folder (names and bytes), short hex."""
    h = hashlib.blake2b(digest_size=12)
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder).as_posix()
        if rel.startswith("."):
            continue
        h.update(rel.encode() + b"\0")
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def resolve_model(model: str | Path) -> tuple[Path, str]:
    """Return ``(local_dir, identity)`` for a hub id or a local model folder.

    For a hub id the small metadata files are fetched (or found in the Hugging Face
    cache) and the identity is ``"<id>@<commit>"``; for a folder it is
    ``"local:<name>:<hash of its files>"``, so editing the folder invalidates the cache.
    """
    name = str(model)
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir():
            raise TolkaError(f"model {path} is a file; --model takes a model folder (config.json, *.spm, vocab.json, weights)")
        if not (path / "config.json").is_file():
            raise TolkaError(f"model folder {path} has no config.json; give a folder saved by transformers' save_pretrained")
        return path.resolve(), f"local:{path.resolve().name}:{_hash_folder(path)}"
    if _looks_like_path(name) or not name.strip():
        raise TolkaError(f"model folder not found: {name} (check the path, or give a hub id such as {DEFAULT_MODEL})")
    return _resolve_hub(name)


def _resolve_hub(model_id: str) -> tuple[Path, str]:
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub import errors as hf_errors
    except ImportError as e:  # pragma: no cover - a dependency of transformers
        raise TolkaError(f"huggingface_hub is not installed, so {model_id} cannot be downloaded; {_HINT}") from e
    try:
        local = snapshot_download(repo_id=model_id, allow_patterns=_METADATA_FILES)
    except hf_errors.HFValidationError as e:
        raise TolkaError(f"model {model_id!r} is neither an existing folder nor a valid hub id; check the spelling or {_HINT}") from e
    except (hf_errors.RepositoryNotFoundError, hf_errors.GatedRepoError) as e:
        raise TolkaError(f"unknown model id {model_id!r} on the Hugging Face hub; check the id or {_HINT}") from e
    except hf_errors.LocalEntryNotFoundError as e:
        raise ModelUnavailableError(
            f"model {model_id} is not in the local Hugging Face cache and the hub cannot be reached "
            f"(offline or HF_HUB_OFFLINE=1); {_HINT}"
        ) from e
    except Exception as e:  # network failures surface as many different exception types
        raise ModelUnavailableError(f"cannot download model {model_id} from the Hugging Face hub ({type(e).__name__}); {_HINT}") from e
    local_dir = Path(local)
    if not (local_dir / "config.json").is_file():
        raise TolkaError(f"hub repository {model_id} has no config.json, so it is not a transformers model; {_HINT}")
    # snapshot folders are named after the commit they hold
    return local_dir, f"{model_id}@{local_dir.name}"


def read_generation_defaults(local_dir: Path) -> dict[str, Any]:
    """The model's ``generation_config.json`` (or the generation keys of ``config.json``)."""
    for name in ("generation_config.json", "config.json"):
        f = Path(local_dir) / name
        if f.is_file():
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as e:
                raise TolkaError(f"model file {f} is not valid JSON ({e}); download the model again") from e
            if name == "generation_config.json" or "num_beams" in data:
                return data
    return {}


def model_input_limit(local_dir: Path, tokenizer: Any = None) -> int:
    """The longest input in tokens: the tokenizer's limit, bounded by the position table."""
    config = json.loads((Path(local_dir) / "config.json").read_text(encoding="utf-8"))
    limit = int(config.get("max_position_embeddings") or 512)
    if tokenizer is not None and getattr(tokenizer, "model_max_length", None):
        limit = min(limit, int(tokenizer.model_max_length))
    return limit


def load_tokenizer(local_dir: Path):
    """Load the MarianTokenizer of a model folder (sentencepiece; no remote code)."""
    from transformers import MarianTokenizer

    with warnings.catch_warnings():
        # MarianTokenizer nags about sacremoses, which only normalises punctuation.
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        try:
            with _quiet_transformers():
                return MarianTokenizer.from_pretrained(str(local_dir))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise TolkaError(f"cannot load the Marian tokenizer from {local_dir} ({e}); is it an OPUS-MT/Marian model folder?") from e


@contextlib.contextmanager
def _quiet_transformers(progress: bool = False) -> Iterator[None]:
    """Silence transformers' load-time notices (and progress bars unless ``progress``), then restore them."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    if not progress:
        hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars and not progress:
            hf_logging.enable_progress_bar()


def weights_cached(model_id: str, revision: str) -> bool:
    """Whether the hub model's weights are already in the local Hugging Face cache."""
    from huggingface_hub import try_to_load_from_cache

    for name in ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"):
        if isinstance(try_to_load_from_cache(model_id, name, revision=revision), str):
            return True
    return False


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when torch sees a GPU, else ``cpu``; refuse ``cuda`` without one."""
    import torch

    return choose_device(device, lambda: torch.cuda.is_available(), "torch")


def choose_device(device: str, has_cuda, engine: str) -> str:
    """Resolve ``auto|cpu|cuda`` given ``has_cuda()`` (asked only when needed) for ``engine``."""
    if device not in ("auto", "cpu", "cuda"):
        raise TolkaError(f"unknown device {device!r}; use auto, cpu or cuda")
    if device == "cpu":
        return "cpu"
    if has_cuda():
        return "cuda"
    if device == "cuda":
        raise TolkaError(f"--device cuda was asked for but {engine} sees no CUDA GPU; use --device cpu or auto")
    return "cpu"


def default_compute_type(device: str) -> str:
    """float16 on a GPU (twice as fast, same translations in practice), float32 on CPU."""
    return "float16" if device == "cuda" else "float32"


class MarianTokenizerBackend(Backend):
    """What every backend that encodes with a Marian model's own tokenizer shares.

    Subclasses set ``model_identity``, ``device``, ``compute_type``, ``tokenizer`` and ``_limit``.
    """

    @property
    def identity(self) -> str:
        return backend_identity(self.model_identity, self.name, self.device, self.compute_type)

    @property
    def max_input_tokens(self) -> int:
        return self._limit

    def count_tokens(self, sentence: str) -> int:
        return len(self.tokenizer(sentence, truncation=False)["input_ids"])


class MarianBackend(MarianTokenizerBackend):
    """Translate with ``transformers.MarianMTModel`` on CPU (float32) or CUDA (float16)."""

    name = "transformers"

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        device: str = "auto",
        compute_type: str | None = None,
        resolved: tuple[Path, str] | None = None,
    ):
        import torch
        from transformers import MarianMTModel

        self.local_dir, self.model_identity = resolved or resolve_model(model)
        self.device = resolve_device(device)
        if compute_type not in (None, "default", "float32", "float16", "bfloat16"):
            raise TolkaError(f"compute type {compute_type!r} is not supported by the transformers backend; use float32, float16 or bfloat16")
        if compute_type in (None, "default"):
            compute_type = default_compute_type(self.device)
        self.compute_type = compute_type
        self.tokenizer = load_tokenizer(self.local_dir)
        # A hub model loads by id at the pinned commit, so from_pretrained picks and fetches the weights file.
        is_local = self.model_identity.startswith("local:")
        revision = None if is_local else self.model_identity.rsplit("@", 1)[1]
        source = str(self.local_dir) if is_local else str(model)
        downloading = revision is not None and not weights_cached(str(model), revision)
        if downloading:
            print(f"tolka: downloading {model} from the Hugging Face hub (once; about 300 MB for opus-mt-sv-en)", file=sys.stderr)
        try:
            # Download progress stays visible; loading a cached model stays quiet.
            with _quiet_transformers(progress=downloading):
                self.model = MarianMTModel.from_pretrained(source, revision=revision, dtype=getattr(torch, compute_type))
        except Exception as e:  # a failed download surfaces as OSError, HTTP or hub errors alike
            error = ModelUnavailableError if downloading else TolkaError
            raise error(f"cannot load model weights for {model} ({type(e).__name__}: {e}); {_HINT}") from e
        self.model.to(self.device).eval()
        # max_new_tokens is set per batch; a max_length default beside it only triggers warnings.
        self.model.generation_config.max_length = None
        self._limit = model_input_limit(self.local_dir, self.tokenizer)
        # The decoder may emit up to its position table, whatever the tokenizer's input policy.
        self._max_positions = int(getattr(self.model.config, "max_position_embeddings", 0) or self._limit)

    def translate_batch(self, sentences: list[str], settings: GenerationSettings) -> list[str]:
        import torch

        if not sentences:
            return []
        batch = self.tokenizer(sentences, return_tensors="pt", padding=True, truncation=False)
        longest = int(batch["input_ids"].shape[1])
        if longest > self._limit:
            # The translator splits long sentences first; reaching this is a bug, not user error.
            raise ValueError(f"input of {longest} tokens exceeds the model limit of {self._limit}")
        batch = {k: v.to(self.device) for k, v in batch.items()}
        gen = copy.deepcopy(self.model.generation_config)
        gen.update(
            num_beams=settings.beams,
            max_new_tokens=settings.max_new_tokens(longest, self._max_positions),
            no_repeat_ngram_size=settings.no_repeat_ngram_size or None,
            repetition_penalty=settings.repetition_penalty,
        )
        with torch.inference_mode():
            out = self.model.generate(**batch, generation_config=gen)
        return [t.strip() for t in self.tokenizer.batch_decode(out, skip_special_tokens=True)]


def backend_identity(model_identity: str, backend: str, device: str, compute_type: str | None) -> str:
    """What makes two runs' outputs comparable: model, backend, device and precision."""
    return f"{model_identity}|{backend}|{device}|{compute_type or 'default'}"

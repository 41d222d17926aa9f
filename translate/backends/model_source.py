"""Where a model comes from: ``--model ID|PATH`` resolved to a local folder and an identity
(hub id + commit, or a content hash of a folder), and what the folder says about itself
(generation defaults, input limit).  Only small metadata files are fetched here, never weights.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import ModelUnavailableError, TolkaError

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
        from huggingface_hub import errors as hf_errors
        from huggingface_hub import snapshot_download
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
            f"model {model_id} is not in the local Hugging Face cache and the hub cannot be reached (offline or HF_HUB_OFFLINE=1); {_HINT}"
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


def weights_cached(model_id: str, revision: str) -> bool:
    """Whether the hub model's weights are already in the local Hugging Face cache."""
    from huggingface_hub import try_to_load_from_cache

    for name in ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"):
        if isinstance(try_to_load_from_cache(model_id, name, revision=revision), str):
            return True
    return False

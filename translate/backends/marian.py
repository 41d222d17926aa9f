"""MarianMT through plain transformers (``MarianMTModel.generate``) on CPU or CUDA."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

from ..errors import ModelUnavailableError, TolkaError
from .base import GenerationSettings
from .device import default_compute_type, resolve_device
from .model_source import _HINT, DEFAULT_MODEL, model_input_limit, resolve_model, weights_cached
from .tokenizer import MarianTokenizerBackend, _quiet_transformers, load_tokenizer


class MarianBackend(MarianTokenizerBackend):
    """Translate with ``transformers.MarianMTModel`` on CPU (float32) or CUDA (float16)."""

    name = "transformers"
    #: the MarianMTModel (transformers' own annotations of ``.to`` confuse type checkers)
    model: Any

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
            raise TolkaError(
                f"compute type {compute_type!r} is not supported by the transformers backend; use float32, float16 or bfloat16"
            )
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
                pinned: dict[str, Any] = {"revision": revision} if revision is not None else {}
                self.model = MarianMTModel.from_pretrained(source, dtype=getattr(torch, compute_type), **pinned)
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

"""What every backend that encodes with a Marian model's own tokenizer shares (transformers and
CTranslate2 alike): loading the tokenizer quietly, counting tokens, the input limit.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import TolkaError
from .base import Backend
from .device import backend_identity

# MarianTokenizer warns "Recommended: pip install sacremoses." whenever one is made -- also when
# one is copied or unpickled (worker processes), outside the catch_warnings() block below.
# sacremoses would only normalise punctuation; the notice is noise to someone translating.
warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses", category=UserWarning)


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


class MarianTokenizerBackend(Backend):
    """What every backend that encodes with a Marian model's own tokenizer shares.

    Subclasses set ``model_identity``, ``device``, ``compute_type``, ``tokenizer`` and ``_limit``.
    """

    model_identity: str
    device: str
    compute_type: str | None
    tokenizer: Any
    _limit: int

    @property
    def identity(self) -> str:
        return backend_identity(self.model_identity, self.name, self.device, self.compute_type)

    @property
    def max_input_tokens(self) -> int:
        return self._limit

    def count_tokens(self, sentence: str) -> int:
        return len(self.tokenizer(sentence, truncation=False)["input_ids"])

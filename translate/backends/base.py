"""The contract between the translator and a decoding backend.

A backend turns a batch of sentences (already split to fit the model's input
limit, already length-sorted) into translations. The :class:`~translate.translator.Translator`
owns everything above that: memory, cache, sentence splitting, batching.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding settings; part of the cache key, so two runs agree only if these do."""

    beams: int = 6
    #: max_new_tokens = min(model limit, ratio * input tokens + slack), the input tokens rounded up
    #: to a multiple of ``length_step``
    max_length_ratio: float = 2.0
    max_length_slack: int = 10
    #: guard against repetition loops (Marian models occasionally babble)
    no_repeat_ngram_size: int = 4
    repetition_penalty: float = 1.0
    #: Width of a length class.  The translator batches only inputs of one class, and every input
    #: of a class gets the same length bound, so no sentence's bound (nor, on CPU, its
    #: translation) depends on the sentences it is batched with; wider classes fill batches
    #: better, narrower ones give a tighter bound.
    length_step: int = 8

    def length_class(self, input_tokens: int) -> int:
        """The class of an input of ``input_tokens`` tokens: inputs of one class may share a batch."""
        return -(-input_tokens // self.length_step)

    def max_new_tokens(self, input_tokens: int, model_limit: int) -> int:
        """The bound on output tokens for a batch whose longest input has ``input_tokens`` tokens."""
        rounded = self.length_class(input_tokens) * self.length_step
        return max(1, min(model_limit, int(self.max_length_ratio * rounded) + self.max_length_slack))

    def key(self) -> str:
        return ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))


class Backend(ABC):
    """Encode, generate and decode one batch with one loaded model."""

    #: "transformers" | "ctranslate2"
    name: str = "base"

    @property
    @abstractmethod
    def identity(self) -> str:
        """Model identity for the cache: hub id + revision or a hash of the folder, plus anything
        that changes outputs (backend, compute type)."""

    @property
    @abstractmethod
    def max_input_tokens(self) -> int:
        """The longest input (in tokens, including EOS) the model accepts."""

    @abstractmethod
    def count_tokens(self, sentence: str) -> int:
        """Tokens the model's tokenizer gives ``sentence`` (including EOS)."""

    @abstractmethod
    def translate_batch(self, sentences: list[str], settings: GenerationSettings) -> list[str]:
        """Translate sentences that each fit :attr:`max_input_tokens`, in order."""

    def translate_batches(self, batches: Sequence[list[str]], settings: GenerationSettings) -> Iterator[list[str]]:
        """Each batch's translations, in order; a backend that can decode batches side by side overrides this.

        The translations must be those :meth:`translate_batch` gives each batch alone.
        """
        for batch in batches:
            yield self.translate_batch(batch, settings)

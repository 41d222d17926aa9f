"""Make a random-weight Marian model decode realistic lengths, for the speed benchmarks.

Random weights (translate.testing) almost never pick the end token, so every output runs
to the length bound (about 2n + 10 tokens), about twice what a real model writes; decoding cost grows
faster than linearly with length (the key/value cache is copied at every step), so such numbers
overstate what the long tail of the cache costs. Here each sentence is given a target length -- the token count of a
real translation of it, tokenized with the model's own target vocabulary -- and the backend is
made to stop exactly there:

* transformers: :class:`ForceLength`, a logits processor that forbids the end token before the
  row's length and forces it at that length (each row of a batch may have its own);
* CTranslate2: its Python API takes one ``min_decoding_length``/``max_decoding_length`` per call,
  not per sentence, so every sentence of a batch gets one length (the batch's mean real length by
  default, so the batch decodes as many tokens as the real translations have). CTranslate2 stops
  at ``max_decoding_length`` without decoding an end token, so it gets one step more (the step a
  real model spends emitting ``</s>``) and that last token is dropped: both backends then run
  ``L + 1`` decoder steps and return ``L`` tokens.

Nothing here is part of tolka: :func:`install` wraps a loaded backend's engine object from the
outside (the benchmark's Translator is otherwise untouched), and :func:`force_generate` wraps a
plain ``MarianMTModel.generate``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import mean
from types import SimpleNamespace
from typing import Any

from translate.backends.base import GenerationSettings

#: how one batch's rows get their lengths: each its own ("row", transformers only), or all the
#: batch's mean or longest real length ("mean" keeps the real token total, "max" is what a real
#: model's padded transformers batch computes)
RULES = ("row", "mean", "max")


def target_length(tokenizer: Any, translation: str) -> int:
    """Tokens (without ``</s>``) of ``translation`` in the model's target vocabulary."""
    ids = tokenizer(text_target=translation)["input_ids"]
    return max(1, len(ids) - (1 if ids and ids[-1] == tokenizer.eos_token_id else 0))


@dataclass
class LengthTable:
    """Real target lengths keyed by the source token ids the backend sees (``</s>`` included).

    A source without an entry (a warm-up sentence, a piece of a split sentence) gets its own
    length minus the end token; :attr:`unknown` counts those.
    """

    lengths: dict[tuple[int, ...], int] = field(default_factory=dict)
    #: the longest output the backend allows for an ``n``-token source: the translator's bound
    #: (``GenerationSettings.max_new_tokens``: 2n + 10 with n rounded up to its length class) less
    #: the forced end token
    bound: Callable[[int], int] = lambda n: GenerationSettings().max_new_tokens(n, 1 << 30) - 1
    unknown: int = 0

    @classmethod
    def build(cls, tokenizer: Any, pairs: Iterable[tuple[str, str]], bound: Callable[[int], int] | None = None) -> "LengthTable":
        """From (source sentence, real translation) pairs; a repeated source keeps its first length."""
        table = cls() if bound is None else cls(bound=bound)
        for source, translation in pairs:
            key = tuple(tokenizer(source, truncation=False)["input_ids"])
            table.lengths.setdefault(key, target_length(tokenizer, translation))
        return table

    def __call__(self, source_ids: Sequence[int]) -> int:
        key = tuple(source_ids)
        n = self.lengths.get(key)
        if n is None:
            self.unknown += 1
            n = max(1, len(key) - 1)
        return max(1, min(n, self.bound(len(key))))


def batch_lengths(real: Sequence[int], rule: str) -> list[int]:
    """The lengths the rows of one batch decode to under ``rule`` (see :data:`RULES`)."""
    if rule == "row":
        return list(real)
    if rule == "mean":
        return [max(1, round(mean(real)))] * len(real)
    if rule == "max":
        return [max(real)] * len(real)
    raise ValueError(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")


@dataclass
class Record:
    """What went through a forced backend: per source, the real and forced length and the output."""

    outputs: dict[tuple[int, ...], list[int]] = field(default_factory=dict)
    real: dict[tuple[int, ...], int] = field(default_factory=dict)
    forced: dict[tuple[int, ...], int] = field(default_factory=dict)
    #: every source row decoded, in order (a sentence decoded twice appears twice)
    sources: list[tuple[int, ...]] = field(default_factory=list)
    batches: int = 0
    #: sentence rows times the decoder steps their batch ran (a padded transformers batch keeps
    #: computing a finished row until its longest row ends)
    row_steps: int = 0

    def add(self, source: tuple[int, ...], real: int, forced: int, output: list[int]) -> None:
        if len(output) != forced:
            raise AssertionError(f"forced {forced} tokens, the backend returned {len(output)}")
        self.outputs[source] = output
        self.real[source] = real
        self.forced[source] = forced
        self.sources.append(source)

    def totals(self) -> dict[str, int]:
        rows = Counter(self.sources)
        return {
            "rows": len(self.sources),
            "distinct": len(rows),
            "batches": self.batches,
            "real_tokens": sum(self.real[s] * k for s, k in rows.items()),
            "forced_tokens": sum(self.forced[s] * k for s, k in rows.items()),
            "row_steps": self.row_steps,
        }


# -- transformers ---------------------------------------------------------------------------------


class ForceLength:
    """End each row after exactly ``lengths[i]`` generated tokens (beams share their sentence's length).

    Rows are ``batch * beams``; generated tokens are those after the decoder start token. Before its
    length a row may not choose ``</s>``; at its length ``</s>`` is its only choice. (A plain
    callable, as transformers' ``LogitsProcessorList`` accepts: subclassing its ``LogitsProcessor``
    would import torch into the CTranslate2 benchmark process and inflate its peak RSS.)
    """

    def __init__(self, lengths: Sequence[int], eos_token_id: int, prompt_length: int = 1):
        import torch

        # On the host: which rows to touch is worked out without waiting for the GPU.
        self.lengths = torch.as_tensor(list(lengths), dtype=torch.long)
        self.eos = int(eos_token_id)
        self.prompt_length = prompt_length

    def __call__(self, input_ids, scores):
        rows = input_ids.shape[0]
        target = self.lengths.repeat_interleave(rows // len(self.lengths))
        done = input_ids.shape[1] - self.prompt_length
        early = (target > done).nonzero().flatten()
        at_end = (target <= done).nonzero().flatten()
        if len(early):
            scores[early.to(scores.device), self.eos] = -float("inf")
        if len(at_end):
            at_end = at_end.to(scores.device)
            scores[at_end] = -float("inf")
            scores[at_end, self.eos] = 0.0
        return scores


def force_generate(model: Any, table: LengthTable, rule: str = "row", record: Record | None = None) -> Record:
    """Wrap ``model.generate`` so each call decodes the table's lengths; returns the record it fills.

    The caller's code stays the plain recipe: ``model.generate(**batch)``.
    """
    from transformers import LogitsProcessorList

    record = record if record is not None else Record()
    generate = model.generate
    pad, eos = model.config.pad_token_id, model.config.eos_token_id

    def forced(*args: Any, **kwargs: Any):
        input_ids = kwargs["input_ids"] if "input_ids" in kwargs else args[0]
        sources = [tuple(t for t in row if t != pad) for row in input_ids.tolist()]
        real = [table(s) for s in sources]
        lengths = batch_lengths(real, rule)
        processors = LogitsProcessorList(kwargs.pop("logits_processor", None) or [])
        processors.append(ForceLength(lengths, eos))
        out = generate(*args, logits_processor=processors, **kwargs)
        record.batches += 1
        record.row_steps += len(lengths) * (max(lengths) + 1)
        for src, r, n, row in zip(sources, real, lengths, out.tolist()):
            tokens = row[1:]  # after the decoder start token
            tokens = tokens[: tokens.index(eos)] if eos in tokens else [t for t in tokens if t != pad]
            record.add(src, r, n, tokens)
        return out

    model.generate = forced
    return record


# -- CTranslate2 ----------------------------------------------------------------------------------


class _ForcedCT2:
    """Stands in for a ``ctranslate2.Translator``: the same call, with the batch's length imposed."""

    def __init__(self, real: Any, tokenizer: Any, table: LengthTable, rule: str, record: Record):
        if rule == "row":
            raise ValueError("CTranslate2 takes one decoding length per call: use rule 'mean' or 'max'")
        self._real, self._tokenizer, self._table, self._rule, self._record = real, tokenizer, table, rule, record

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def translate_batch(self, source: list[list[str]], *args: Any, **kwargs: Any) -> list[Any]:
        sources = [tuple(self._tokenizer.convert_tokens_to_ids(row)) for row in source]
        real = [self._table(s) for s in sources]
        length = batch_lengths(real, self._rule)[0]
        # One step more than the length, without an end token: the step that emits </s> in a real model.
        kwargs.update(min_decoding_length=length + 1, max_decoding_length=length + 1, return_end_token=False)
        results = self._real.translate_batch(source, *args, **kwargs)
        self._record.batches += 1
        self._record.row_steps += len(source) * (length + 1)
        forced = [_Forced(self, src, r, length, result) for src, r, result in zip(sources, real, results)]
        return forced if kwargs.get("asynchronous") else [f.result() for f in forced]


class _Forced:
    """One sentence's result: checked, recorded and cut to its length when it is first asked for."""

    def __init__(self, owner: _ForcedCT2, source: tuple[int, ...], real: int, length: int, result: Any):
        self._owner, self._source, self._real, self._length, self._result = owner, source, real, length, result
        self._done: Any = None

    def result(self) -> Any:
        if self._done is None:
            result = self._result.result() if hasattr(self._result, "result") else self._result
            tokens = list(result.hypotheses[0])
            if len(tokens) != self._length + 1:
                raise AssertionError(f"CTranslate2 decoded {len(tokens)} tokens, forced {self._length + 1}")
            tokens = tokens[:-1]
            ids = self._owner._tokenizer.convert_tokens_to_ids(tokens)
            self._owner._record.add(self._source, self._real, self._length, ids)
            self._done = SimpleNamespace(hypotheses=[tokens], scores=getattr(result, "scores", []))
        return self._done


def install(backend: Any, table: LengthTable, rule: str = "mean", record: Record | None = None) -> Record:
    """Make a loaded tolka backend (transformers or ctranslate2) decode the table's lengths.

    ``rule`` "row" works with transformers only; give both backends "mean" (or "max") to have them
    decode the same number of tokens per sentence.
    """
    record = record if record is not None else Record()
    if backend.name == "ctranslate2":
        backend.translator = _ForcedCT2(backend.translator, backend.tokenizer, table, rule, record)
    elif backend.name == "transformers":
        force_generate(backend.model, table, rule, record)
    else:
        raise ValueError(f"no length forcing for backend {backend.name!r}")
    return record

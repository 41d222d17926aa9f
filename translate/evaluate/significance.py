"""Is the system better than the baseline?  sacrebleu's paired tests, seeded.

Both tests are sacrebleu's own (:class:`sacrebleu.significance.PairedTest`):
paired bootstrap resampling (Koehn 2004, as in Moses'
``bootstrap-hypothesis-difference-significance.pl``) and paired approximate
randomization (Riezler & Maxwell 2005, as in multeval).  sacrebleu takes its
seed from the ``SACREBLEU_SEED`` environment variable, so it is set for the
duration of the call and restored afterwards.

One change to sacrebleu's p-values: resamples or randomizations whose difference
ties the observed one count as "at least as extreme" (the usual permutation
p-value, Phipson & Smyth 2010).  sacrebleu, after multeval, counts only larger
ones, which makes a system against itself, or against a baseline that differs on
one line (where every randomization gives exactly the observed difference),
"significant" at p = 1/(n+1).  Without ties the p-values are sacrebleu's.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import sacrebleu.significance as sacrebleu_significance
from sacrebleu.significance import PairedTest

from ..errors import TolkaError
from .metrics import check_parallel, make_metric

#: sacrebleu's default seed, so results match ``sacrebleu --paired-bs`` runs.
DEFAULT_SEED = 12345
BOOTSTRAP_SAMPLES = 1000
AR_TRIALS = 10000


@contextlib.contextmanager
def _sacrebleu_seed(seed: int) -> Iterator[None]:
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = old


def _p_value_counting_ties(stats: np.ndarray, real_difference: float) -> float:
    # Scores of the same statistics summed in another order may differ in the last bits.
    tol = 1e-9 * max(1.0, abs(real_difference))
    c = int(np.sum(stats >= real_difference - tol))
    return (c + 1) / (len(stats) + 1)


@contextlib.contextmanager
def _ties_count() -> Iterator[None]:
    """sacrebleu's paired tests with :func:`_p_value_counting_ties` as their p-value (see the module notes)."""
    old = sacrebleu_significance._compute_p_value  # fails loudly if a sacrebleu release renames it
    sacrebleu_significance._compute_p_value = _p_value_counting_ties
    try:
        yield
    finally:
        sacrebleu_significance._compute_p_value = old


def _run(test_type: str, hyps, baseline, refs, metrics, n_samples: int, seed: int):
    objs = {name: make_metric(name) for name in metrics}
    with _sacrebleu_seed(seed), _ties_count():
        test = PairedTest(
            [("baseline", list(baseline)), ("system", list(hyps))],
            objs,
            [list(refs)],
            test_type=test_type,
            n_samples=n_samples,
            # AR gets its 95% CI from a bootstrap of the same size sacrebleu uses by default
            n_ar_confidence=BOOTSTRAP_SAMPLES if test_type == "ar" else -1,
        )
        signatures, results = test()
    # PairedTest keys results by the metric's display name ("BLEU", "chrF2++"): map back by position
    names = [k for k in results if k != "System"]
    return dict(zip(metrics, (results[k] for k in names))), dict(zip(metrics, (str(signatures[k]) for k in names)))


def paired_significance(
    hyps: Sequence[str],
    baseline: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str] = ("bleu", "chrf"),
    *,
    seed: int = DEFAULT_SEED,
    bootstrap_samples: int = BOOTSTRAP_SAMPLES,
    ar_trials: int = AR_TRIALS,
) -> dict[str, Any]:
    """Compare ``hyps`` with ``baseline`` on the same ``refs`` with both paired tests.

    Returns ``{"seed", "bootstrap_samples", "ar_trials", "metrics": {name: {...}}}`` where each
    metric has ``system`` and ``baseline`` scores, ``delta``, and for each test (``bootstrap``,
    ``approximate_randomization``) the ``p_value`` and each side's bootstrap ``mean`` and
    95% confidence interval ``ci`` (half-width, sacrebleu's convention) and ``ci95`` [low, high].
    """
    if seed == 0:
        # sacrebleu treats a zero seed as "no seed" and would silently draw from the OS
        raise TolkaError("significance seed 0 means 'unseeded' to sacrebleu; use a non-zero --seed")
    check_parallel(hyps, refs, "system", "reference")
    check_parallel(baseline, refs, "baseline", "reference")
    if bootstrap_samples < 1 or ar_trials < 1:
        raise TolkaError("the number of bootstrap resamples and randomization trials must be positive (e.g. 1000 and 10000)")
    metrics = list(metrics)
    bs, bs_sig = _run("bs", hyps, baseline, refs, metrics, bootstrap_samples, seed)
    ar, ar_sig = _run("ar", hyps, baseline, refs, metrics, ar_trials, seed)
    out: dict[str, Any] = {"seed": seed, "bootstrap_samples": bootstrap_samples, "ar_trials": ar_trials, "metrics": {}}
    for name in metrics:
        bl_bs, sys_bs = bs[name]
        bl_ar, sys_ar = ar[name]
        out["metrics"][name] = {
            "system": float(sys_bs.score),
            "baseline": float(bl_bs.score),
            "delta": float(sys_bs.score - bl_bs.score),
            "bootstrap": {
                "p_value": float(sys_bs.p_value),
                "system": _interval(sys_bs),
                "baseline": _interval(bl_bs),
                "signature": bs_sig[name],
            },
            "approximate_randomization": {
                "p_value": float(sys_ar.p_value),
                "system": _interval(sys_ar),
                "baseline": _interval(bl_ar),
                "signature": ar_sig[name],
            },
        }
    return out


def _interval(result) -> dict[str, Any]:
    mean, ci = float(result.mean), float(result.ci)
    return {"mean": mean, "ci": ci, "ci95": [mean - ci, mean + ci]}

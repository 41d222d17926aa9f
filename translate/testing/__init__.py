"""Tools for testing and benchmarking tolka without downloading a model (as ``numpy.testing``).

:func:`build_random_marian` writes a Marian model folder with random weights that loads through
the real ``from_pretrained`` path; :data:`TINY` is the shape the tests use, :data:`OPUS_MT_SV_EN`
the shape of the real opus-mt-sv-en (for speed work).  Nothing in ``translate`` imports this package.
"""

from .random_marian import OPUS_MT_SV_EN, TINY, MarianShape, build_random_marian, training_corpus

__all__ = ["OPUS_MT_SV_EN", "TINY", "MarianShape", "build_random_marian", "training_corpus"]

"""``tolka batch``: many articles through the pipeline, resumable -- the local engine and what every engine shares.

================  ==============================================================================
:mod:`.runner`    :func:`run_batch`, the local engine: translates the articles to do in chunks of
                  many articles, here, with worker processes for the CPU stages
:mod:`.workers`   the process pool that runs the article stages beside the runner
:mod:`.session`   what every engine shares around the articles: the plan (arguments checked,
                  articles found, settings key), OUT's lock, resume, one row per article, the
                  summary and index, the message after an interruption
:mod:`.stages`    one article's work: read it, prepare, translate many at once, finish and render
                  (the pipeline's stages); the one helper that turns an exception into a failure
:mod:`.settings`  the settings key an article's manifest (or row) must match to be up to date
:mod:`.index`     summary rows, ``summary.json`` and ``index.html``
:mod:`.datasets`  JSONL/Parquet archives in (checked row by row), a Parquet dataset out
:mod:`.store`     folder outputs on disk: written atomically with a manifest last, resume checks, lock
:mod:`.layout`    where folder articles are (``IN/<article>/article.sv.txt``) and the files' names
================  ==============================================================================

Imports go one way: ``runner`` -> ``workers`` -> ``session`` -> ``stages`` -> ``index``,
``settings``, ``datasets`` -> ``store`` -> ``layout`` (checked by import-linter, see
ARCHITECTURE.md).  The Ray engine (:mod:`translate.raybatch`) uses ``session`` and ``stages``
and so writes what this engine writes.
"""

from ..pipeline import DEFAULT_METRICS
from .runner import DEFAULT_CHUNK_SENTENCES, run_batch
from .session import DEFAULT_EXPORTS
from .store import TEST_STOP_ENV

__all__ = ["DEFAULT_CHUNK_SENTENCES", "DEFAULT_EXPORTS", "DEFAULT_METRICS", "TEST_STOP_ENV", "run_batch"]

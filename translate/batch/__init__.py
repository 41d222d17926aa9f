"""``tolka batch``: a folder of article folders through the pipeline, resumable.

==============  ================================================================================
:mod:`.runner`  :func:`run_batch`: finds the articles, skips those up to date, translates the rest
                in chunks of many articles, writes every file, then the summary and the index
:mod:`.stages`  one article's work: read it, prepare, finish and render (the pipeline's stages);
                the one helper that turns an exception into an article's failure
:mod:`.workers` the process pool that runs the article stages beside the runner
:mod:`.store`   OUT on disk: outputs written atomically with a manifest last, resume checks, lock
:mod:`.settings` the settings key an article's manifest must match to be up to date
:mod:`.index`   summary rows, ``summary.json`` and ``index.html``
:mod:`.layout`  where the articles are (``IN/<article>/article.sv.txt``) and the files' names
==============  ================================================================================

Imports go one way: ``runner`` -> ``workers`` -> ``stages`` -> ``index``, ``settings`` ->
``store`` -> ``layout`` (checked by import-linter, see ARCHITECTURE.md).  A second engine
(e.g. a distributed one) reuses ``layout``, ``settings``, ``store``, ``stages`` and ``index``.
"""

from ..pipeline import DEFAULT_METRICS
from .runner import DEFAULT_CHUNK_SENTENCES, run_batch
from .session import DEFAULT_EXPORTS
from .store import TEST_STOP_ENV

__all__ = ["DEFAULT_CHUNK_SENTENCES", "DEFAULT_EXPORTS", "DEFAULT_METRICS", "TEST_STOP_ENV", "run_batch"]

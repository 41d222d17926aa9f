"""``tolka batch --engine ray``: the batch job on Ray Data, from a laptop to a cluster.

==============  ================================================================================
:mod:`.engine`  :func:`run_batch_ray`: connects to Ray (or starts it), plans and records the run
                with :mod:`translate.batch.session`, builds the Ray Data pipeline; the only
                module that imports ``ray`` (lazily, when a run starts)
:mod:`.tasks`   the worker side: the batch stages over Ray Data batches, the translation actor
==============  ================================================================================

It is a second engine beside :mod:`translate.batch` (the local one), not a copy of it: the
article stages, the output layout, the settings key, resume, the lock and the summary are
``translate.batch``'s own, so both engines write the same bytes and each resumes the other's OUT.
Needs the ``ray`` extra: ``pip install 'tolka[ray]'``.
"""

from .engine import RAY_HINT, run_batch_ray
from .tasks import TEST_HOLD_ENV

__all__ = ["RAY_HINT", "TEST_HOLD_ENV", "run_batch_ray"]

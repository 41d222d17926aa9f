"""The Ray engine's driver: a batch as a Ray Data pipeline, on a laptop or a cluster.

``run_batch_ray(IN, OUT)`` takes the same arguments as the local engine's
:func:`translate.batch.run_batch` and writes the same outputs.  The run is planned and recorded
by :mod:`translate.batch.session`, as the local engine's is (what is up to date, OUT's lock,
per-article errors, the summary, the index page); only the article stages run elsewhere:

    folders   from_items(articles to do) -> map_batches(prepare_folders)      Ray tasks
              -> map_batches(TranslateBatches, concurrency=--workers)           model actors
              -> map_batches(finish_folders)  -> the driver records each row   Ray tasks, writing files
    datasets  read_parquet / read_text+parse_lines -> map_batches(prepare_records)
              -> map_batches(TranslateBatches) -> map_batches(finish_records)
              -> write_parquet(OUT)                                             Ray Data's writer

Ray is imported here only, when a run starts (``import translate`` never imports it).  Ray
Data retries a task whose worker died and restarts a dead actor, retrying its batch (its
defaults: without limit): article outputs are written atomically and each article's files or
row are complete or absent, so a retried batch neither loses nor duplicates an article.  A
driver killed mid-run leaves what a killed local run leaves, and the next run resumes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
from collections.abc import Iterator, Sequence
from typing import Any

from .. import pipeline
from ..batch import datasets
from ..batch.session import Session, plan_run
from ..errors import TolkaError
from ..memory import Memory
from ..textio import AUTO
from ..translator import Translator
from . import tasks

#: what to install when Ray is missing
RAY_HINT = "pip install 'tolka[ray]'"
#: articles per prepare or finish task: enough to amortize a task's start, few enough to spread
ARTICLES_PER_TASK = 8
#: articles per translation call in an actor: about the local engine's chunk of 512 sentences
ARTICLES_PER_MT_BATCH = 32
#: rows per output file of a dataset
ROWS_PER_FILE = 256
#: seconds to wait for a TCP connection to --ray-address before saying it is unreachable
CONNECT_TIMEOUT_S = 10.0
#: Ray Data arguments of every task stage (prepare, finish)
TASK_ARGS: dict[str, Any] = {"batch_size": ARTICLES_PER_TASK, "batch_format": "pyarrow", "num_cpus": 1}
#: a run is split into at most this many blocks (each one task's share of a stage)
MAX_BLOCKS = 10_000


def run_batch_ray(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    translator: Translator | None = None,
    memory: Memory | str | os.PathLike[str] | None = None,
    exports: Sequence[str] | None = None,
    force: bool = False,
    progress: bool | None = None,
    encoding: str = AUTO,
    metrics: str | Sequence[str] = pipeline.DEFAULT_METRICS,
    address: str | None = None,
    workers: int | None = None,
    cpus_per_worker: float = 1.0,
    gpus_per_worker: float | None = None,
) -> dict[str, Any]:
    """Translate every article of ``in_dir`` into ``out_dir`` on Ray; return the summary.

    Arguments as :func:`translate.batch.run_batch`, plus: ``address`` of a Ray cluster (default
    ``RAY_ADDRESS`` if set, else a local Ray started for the run and shut down after it; a Ray
    already initialized in this process is used as it is); ``workers``: translation actors (default:
    the cluster's GPUs / ``gpus_per_worker`` with GPUs, else 1); ``cpus_per_worker`` and
    ``gpus_per_worker``: what each actor reserves (GPUs need ``device="cuda"`` or ``"auto"`` on
    the translator; with ``device="cuda"`` the default is 1).  The outputs are the local engine's.
    """
    if workers is not None and workers < 1:
        raise TolkaError(f"--workers must be at least 1, got {workers}")
    if cpus_per_worker <= 0:
        raise TolkaError(f"--cpus-per-worker must be more than 0, got {cpus_per_worker}")
    if translator is None:
        translator = Translator()
    options = translator.options()
    if options["model"] and os.path.exists(options["model"]):
        options["model"] = os.path.abspath(options["model"])  # workers may start elsewhere
    if gpus_per_worker is None:
        gpus_per_worker = 1.0 if options["device"] == "cuda" else 0.0
    if gpus_per_worker < 0:
        raise TolkaError(f"--gpus-per-worker must be 0 or more, got {gpus_per_worker}")
    if gpus_per_worker and options["device"] == "cpu":
        raise TolkaError("--gpus-per-worker needs --device cuda (or auto); with --device cpu the workers use no GPU")
    ray = require_ray()
    resources = {"num_cpus": cpus_per_worker, "num_gpus": gpus_per_worker}

    with _connected(ray, address, local_ray_cpus(workers, cpus_per_worker)) as cluster:

        def remote_translator() -> tuple[str, dict[str, Any]]:
            return _fingerprint(ray, cluster, options, resources)

        plan = plan_run(in_dir, out_dir, translator=remote_translator, memory=memory, exports=exports, metrics=metrics, encoding=encoding)
        if workers is None:
            workers = max(1, int(cluster["GPU"] // gpus_per_worker)) if gpus_per_worker else 1
        from ray.data import DataContext

        context = DataContext.get_current()
        context.enable_progress_bars = bool(progress)
        stats = ray.remote(num_cpus=0)(tasks.Stats).remote()
        actor = dict(
            fn_constructor_kwargs={
                "options": options,
                "memory": plan.memory,
                "stats": stats,
                "hold": os.environ.get(tasks.TEST_HOLD_ENV),
            },
            batch_size=ARTICLES_PER_MT_BATCH,
            compute=ray.data.ActorPoolStrategy(size=workers),
            batch_format="pyarrow",
            **resources,
        )
        with Session(plan, force=force, progress=progress, engine="ray") as run, _ray_errors(), _quiet_console():
            if plan.kind == "folders":
                _run_folders(ray, run, actor)
            else:
                _run_dataset(ray, run, actor)
            loaded = bool(ray.get(stats.get.remote()))
            return run.close(model_loaded=loaded)


def local_ray_cpus(workers: int | None, cpus_per_worker: float) -> int:
    """The CPUs a local Ray started for a run declares: the machine's, for the tasks, plus what the
    translation actors reserve -- as the local engine runs a worker per CPU beside the process
    that translates.  (A cluster's nodes declare their own.)"""
    return max(1, int((os.cpu_count() or 1) + (workers or 1) * cpus_per_worker))


def require_ray() -> Any:
    """The ``ray`` module with Ray Data, or a TolkaError naming the extra that installs them."""
    try:
        import ray
        import ray.data  # noqa: F401  (Ray without its data extra lacks pyarrow/pandas)
    except ImportError as e:
        raise TolkaError(f"--engine ray needs Ray Data ({e.name or e} is not installed): {RAY_HINT}") from e
    return ray


def _run_folders(ray: Any, run: Session, actor: dict[str, Any]) -> None:
    plan = run.plan
    pending = run.pending_folders()
    if not pending:
        return
    jobs = {job.name: job for job in pending}
    table = tasks.work_table(pending)
    rows = max(ARTICLES_PER_TASK, -(-len(pending) // MAX_BLOCKS))
    ds = ray.data.from_arrow([table.slice(i, rows) for i in range(0, len(pending), rows)])
    ds = ds.map_batches(tasks.prepare_folders, fn_kwargs={"encoding": plan.encoding}, **TASK_ARGS)
    ds = _translated(ds, actor)
    ds = ds.map_batches(tasks.finish_folders, fn_kwargs={"metrics": plan.metrics, "exports": plan.exports}, **TASK_ARGS)
    for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
        for values in batch.to_pylist():
            name = values["name"]
            row = json.loads(values["row"])
            if values["status"] == "ok":
                run.add_sentences(row.get("sentences", 0))
                run.written(name, row, row.get("sentences", 0))
                run.stop(run.counts["translated"], None)
            else:
                run.failed(name, values["error"], jobs[name])


def _run_dataset(ray: Any, run: Session, actor: dict[str, Any]) -> None:
    plan = run.plan
    assert plan.dataset is not None
    pending = run.pending_dataset()
    if not pending:
        return
    ds = _read_dataset(ray, plan.dataset)
    # fn_kwargs travel once through Ray's object store; numpy's buffer is shared, not copied
    ds = ds.map_batches(tasks.prepare_records, fn_kwargs={"key": plan.key, "done": run.done}, **TASK_ARGS)
    ds = _translated(ds, actor)
    ds = ds.map_batches(tasks.finish_records, fn_kwargs={"metrics": plan.metrics, "exports": plan.exports}, **TASK_ARGS)
    stamp = datasets.run_stamp()
    ds.write_parquet(
        str(datasets.data_dir(plan.out_dir)),
        filename_provider=_part_names(stamp),
        min_rows_per_file=ROWS_PER_FILE,
    )
    run.collect_dataset_rows(stamp)


def _translated(ds: Any, actor: dict[str, Any]) -> Any:
    """The translation stage, its output cut back into blocks of a few articles: a batch of 32
    would otherwise reach the finishing stage as one block, one task, one CPU."""
    return ds.map_batches(tasks.TranslateBatches, **actor).repartition(target_num_rows_per_block=ARTICLES_PER_TASK)


def _read_dataset(ray: Any, dataset: datasets.DatasetInput) -> Any:
    """The input rows as one Ray dataset of ``id``, ``text`` and ``reference`` (maybe null)."""
    fs = dataset.filesystem
    parts = []
    jsonl = [f for f in dataset.files if f.endswith(datasets.JSONL)]
    if jsonl:
        parts.append(ray.data.read_text(jsonl, filesystem=fs).map_batches(tasks.parse_lines, batch_format="pyarrow"))
    for with_reference in (True, False):
        files = [f for f in dataset.files if f.endswith(datasets.PARQUET) and (f in dataset.with_reference) == with_reference]
        if files:
            columns = ["id", "text", "reference"] if with_reference else ["id", "text"]
            parts.append(ray.data.read_parquet(files, filesystem=fs, columns=columns))
    ds = parts[0]
    for other in parts[1:]:
        ds = ds.union(other)
    return ds


def _part_names(stamp: str) -> Any:
    from ray.data.datasource import FilenameProvider

    class PartNames(FilenameProvider):
        """``part-<stamp>-ray-<write id>_<task>``: newer runs sort later (see :mod:`translate.batch.datasets`)."""

        def get_filename_for_task(self, write_uuid: str, task_index: int) -> str:
            return datasets.part_name(stamp, f"ray-{write_uuid}_{task_index:06d}")

    return PartNames()


def _fingerprint(ray: Any, cluster: dict[str, float], options: dict[str, Any], resources: dict[str, float]) -> tuple[str, dict[str, Any]]:
    """The translator's name and fingerprint as an actor sees them (its device, its model files)."""
    gpus = resources["num_gpus"]
    if gpus and cluster.get("GPU", 0) < gpus:
        have = cluster.get("GPU", 0)
        raise TolkaError(
            f"--gpus-per-worker {gpus:g} but the Ray cluster has {have:g} GPU{'s' if have != 1 else ''}; "
            "add GPU workers to the cluster (ray start --num-gpus N) or leave out --gpus-per-worker and use --device cpu"
        )
    if cluster.get("CPU", 0) < resources["num_cpus"]:
        raise TolkaError(f"--cpus-per-worker {resources['num_cpus']:g} but the Ray cluster has {cluster.get('CPU', 0):g} CPUs")
    probe = ray.remote(tasks.fingerprint).options(**resources)
    outcome = ray.get(probe.remote(options))
    if outcome[0] != "ok":
        raise TolkaError(outcome[1])
    model, fingerprint = outcome[1]
    return model, fingerprint


@contextlib.contextmanager
def _connected(ray: Any, address: str | None, local_cpus: int) -> Iterator[dict[str, float]]:
    """Ray connected for the run: the one already initialized, the cluster at ``address`` or
    ``RAY_ADDRESS``, or a local Ray started now; yields the cluster's resources."""
    if ray.is_initialized():
        yield ray.cluster_resources()
        return
    target = address or os.environ.get("RAY_ADDRESS") or None
    named = f"--ray-address {address}" if address else f"RAY_ADDRESS={target}"
    if target and target not in ("auto", "local"):
        _check_reachable(target, named)
    quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if target:
            ray.init(address=target, **quiet)
        else:
            ray.init(include_dashboard=False, num_cpus=local_cpus, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as e:
        where = f"the Ray cluster at {named}" if target else "a local Ray"
        raise TolkaError(f"cannot connect to {where} ({_first_line(e)}); check the address, or leave it out to start a local Ray") from e
    try:
        yield ray.cluster_resources()
    finally:
        ray.shutdown()


def _check_reachable(target: str, named: str) -> None:
    """A quick TCP check, so an unreachable address fails at once rather than after Ray's long retries."""
    hostport = target.split("://", 1)[-1]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise TolkaError(f"{named} is not an address; give host:port of the Ray head (e.g. 10.0.0.5:6379) or ray://host:10001")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as e:
        raise TolkaError(
            f"cannot reach the Ray cluster at {named} ({e.strerror or e}); start it there with `ray start --head`, "
            "or leave out --ray-address and RAY_ADDRESS to run on a local Ray"
        ) from e


def _first_line(e: BaseException) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip()
    return (text.splitlines()[0] if text else type(e).__name__)[:300]


@contextlib.contextmanager
def _quiet_console() -> Iterator[None]:
    """Ray Data's console log off for the run (its file log, under Ray's session folder, keeps
    everything): tolka reports on stderr in its own lines, failures in one."""
    handlers = [h for h in logging.getLogger("ray.data").handlers if isinstance(h, logging.StreamHandler)]
    levels = [h.level for h in handlers]
    for h in handlers:
        h.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for h, level in zip(handlers, levels):
            h.setLevel(level)


@contextlib.contextmanager
def _ray_errors() -> Iterator[None]:
    """A failure inside Ray becomes one line: a worker's TolkaError as it is, anything else named."""
    try:
        yield
    except (TolkaError, KeyboardInterrupt):
        raise
    except Exception as e:
        chain = _causes(e)
        cause = next((str(c) for c in chain if isinstance(c, TolkaError)), None) or _remote_tolka_error(chain)
        if cause is not None:
            raise TolkaError(cause) from e
        # the deepest error that says something (Ray's wrappers repeat their class name)
        root = next((c for c in reversed(chain) if _first_line(c) not in (type(c).__name__, "")), chain[0])
        raise TolkaError(
            f"the Ray job failed ({type(root).__name__}: {_first_line(root)}); the articles written so far are kept: rerun to resume"
        ) from e


def _remote_tolka_error(chain: list[BaseException]) -> str | None:
    """A worker's TolkaError message, from the remote traceback Ray puts in its error's text.

    Ray Data wraps a worker's exception in its own, and the original travels only as that text.
    """
    found = None
    for e in chain:
        for line in re.sub(r"\x1b\[[0-9;]*m", "", str(e)).splitlines():
            if line.startswith(_TOLKA_ERROR_LINE):
                found = line[len(_TOLKA_ERROR_LINE) :].strip()
    return found


_TOLKA_ERROR_LINE = f"{TolkaError.__module__}.{TolkaError.__qualname__}: "


def _causes(e: BaseException) -> list[BaseException]:
    """``e`` and what caused it, outermost first (Ray keeps a worker's exception as ``cause``)."""
    chain: list[BaseException] = []
    current: BaseException | None = e
    while current is not None and all(current is not c for c in chain):
        chain.append(current)
        current = getattr(current, "cause", None) or current.__cause__
    return chain

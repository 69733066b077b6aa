"""The Dask executor: articles processed in partitions on a Dask cluster (``--executor dask``).

A worker plugin builds the pipeline and loads the models once per worker; each partition
is processed on a worker and written there as a Parquet file in a staging folder that the
workers and the calling process share (on one machine, a temporary folder; on a cluster, a
shared file system), then read back in input order and handed on (to the store, which
takes each document once). Dask re-runs the partition of a worker that died: its file is
rewritten whole, and reading it twice stores nothing twice.

To run on a cluster: start ``dask scheduler`` and ``dask worker tcp://HOST:8786`` on each
machine (each with warta installed and the staging folder mounted), then
``warta ingest SOURCES --executor dask --scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

try:
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # an optional dependency: the error says how to get it
    from .errors import UsageError

    raise UsageError("the dask executor needs dask: pip install 'warta[dask]'") from exc

from . import executor as executor_module
from .errors import UsageError, WartaError
from .executor import FATAL, Executor, Outcome, Work, _start_worker, log, process_one
from .model import Document
from .options import Options


class WartaPlugin(WorkerPlugin):
    """Each worker builds the pipeline and loads the models once, on joining the cluster."""

    name = "warta"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker: object) -> None:
        _start_worker(self.options)


PARTITION_COLUMNS = ("status", "origin", "key", "source", "record", "error")


def _partition(number: int, works: list[Work], staging: str) -> str:
    """On a worker: one partition processed and written as a Parquet file (aside, then renamed: a
    retried partition rewrites it whole); the file's path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    options = executor_module._worker_options
    assert options is not None, "the warta worker plugin is not registered"
    rows = []
    for work in works:
        try:
            outcome = process_one(work, options)
        except FATAL as exc:
            outcome = Outcome(status="fatal", origin=work.raw.origin, error=exc, source=work.source)
        rows.append({"status": outcome.status, "origin": outcome.origin, "key": work.key, "source": work.source,
                     "record": json.dumps(outcome.doc.to_dict(), ensure_ascii=False) if outcome.doc else None,
                     "error": f"{type(outcome.error).__name__}\t{outcome.error.reason}" if outcome.error else None})
    path = Path(staging) / f"part-{number:06d}.parquet"
    partial = path.with_suffix(".part")
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in PARTITION_COLUMNS])),
                   partial)
    partial.replace(path)
    return str(path)


def _load_partition(path: str) -> list[Outcome]:
    """A partition's outcomes, read back from its Parquet file (which is then removed)."""
    import pyarrow.parquet as pq

    from . import errors

    outcomes = []
    for row in pq.read_table(path).to_pylist():
        error = None
        if row["error"]:
            kind, _, reason = row["error"].partition("\t")
            error = getattr(errors, kind, WartaError)(reason, origin=row["origin"])
        doc = Document.from_dict(json.loads(row["record"])) if row["record"] else None
        outcomes.append(Outcome(status=row["status"], origin=row["origin"], doc=doc, error=error, key=row["key"],
                                source=row["source"]))
    Path(path).unlink(missing_ok=True)
    return outcomes


class DaskCluster(Executor):
    """Partitions of ``partition_size`` articles processed on a Dask cluster (``scheduler``: its
    address, a ``distributed.Client``, or None for a local cluster of ``workers`` processes),
    each worker loading the models once (a worker plugin),
    each partition written by its worker as a Parquet file under ``staging`` (a folder the
    workers and this process share) and read back here in input order. Dask re-runs the
    partition of a worker that died; a re-run rewrites its file whole, and the store takes
    each document once whatever is loaded twice."""

    def __init__(self, options: Options, *, scheduler: Any = None, workers: int = 2, staging: Path | None = None,
                 partition_size: int = 100, window: int | None = None) -> None:
        self.owned = not isinstance(scheduler, Client)  # a client made here is closed here
        try:
            if scheduler is None:
                scheduler = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self.client = Client(scheduler, timeout=30) if self.owned else scheduler
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.client.register_plugin(WartaPlugin(options), name="warta")
        self.staging = staging or Path(tempfile.mkdtemp(prefix="warta-dask-"))
        self.staging.mkdir(parents=True, exist_ok=True)
        self.partition_size = partition_size
        self.window = window or 4 * max(1, len(self.client.scheduler_info().get("workers", {})))
        self.run = os.urandom(4).hex()
        log.info("processing on the Dask cluster at %s, partitions of %d articles staged in %s",
                 self.client.scheduler.address, partition_size, self.staging)

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        pending: deque[tuple[list[Work | Outcome], Any]] = deque()
        partition: list[Work | Outcome] = []
        number = 0

        def submit() -> None:
            nonlocal partition, number
            works = [item for item in partition if isinstance(item, Work)]
            future = self.client.submit(_partition, number, works, str(self.staging), retries=3, pure=False,
                                        key=f"warta-{self.run}-{number}") if works else None
            pending.append((partition, future))
            partition, number = [], number + 1

        for item in items:
            partition.append(item)
            if sum(isinstance(i, Work) for i in partition) >= self.partition_size:
                submit()
            while len(pending) >= self.window:
                yield from self._take(*pending.popleft())
        if partition:
            submit()
        while pending:
            yield from self._take(*pending.popleft())

    @staticmethod
    def _take(partition: list[Work | Outcome], future: Any) -> Iterator[Outcome]:
        done = iter(_load_partition(future.result()) if future is not None else ())
        for item in partition:
            outcome = next(done) if isinstance(item, Work) else item
            if outcome.status == "fatal":
                assert outcome.error is not None
                raise outcome.error
            yield outcome

    def close(self) -> None:
        if self.owned:
            cluster = self.client.cluster
            self.client.close()
            if cluster is not None:
                cluster.close()

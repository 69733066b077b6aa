"""The Dask executor: articles processed in partitions on a Dask cluster (``--executor dask``).

A worker plugin builds the pipeline and loads the models once per worker. Each partition
of articles is processed on a worker and comes back as a Parquet table (its records and
errors, serialised on the worker), which is read here in input order and handed on (to
the store, which takes each document once). Nothing needs a shared file system. Dask
re-runs the partition of a worker that died; reading a partition twice stores nothing
twice.

To run on a cluster: start ``dask scheduler`` on one machine and ``dask worker
tcp://HOST:8786 --nthreads 1`` on each machine with warta installed (one thread: the
pipeline is one per worker process; start more workers for more cores), then ``warta
ingest SOURCES --executor dask --scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

import io
import itertools
import json
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

try:
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # an optional dependency: the error says how to get it
    from .errors import UsageError

    raise UsageError("the dask executor needs dask: pip install 'warta[dask]'") from exc

from . import errors
from .errors import UsageError, WartaError
from .executor import CHUNK, Executor, Outcome, Work, log, run_in_worker, start_worker, take
from .model import Document
from .options import Options


class WartaPlugin(WorkerPlugin):
    """Each worker builds the pipeline and loads the models once, on joining the cluster."""

    name = "warta"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker: object) -> None:
        start_worker(self.options)


PARTITION_COLUMNS = ("status", "origin", "key", "source", "record", "error_kind", "error")
# The errors a partition may carry, by name (a worker names the class, the reader rebuilds it).
ERRORS = {cls.__name__: cls for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, WartaError)}


def _partition(works: list[Work]) -> bytes:
    """On a worker: one partition processed, its outcomes as a Parquet table (bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for start in range(0, len(works), CHUNK):
        chunk = works[start:start + CHUNK]
        for work, outcome in zip(chunk, run_in_worker(chunk), strict=False):
            rows.append({"status": outcome.status, "origin": outcome.origin, "key": work.key, "source": work.source,
                         "record": json.dumps(outcome.doc.to_dict(), ensure_ascii=False) if outcome.doc else None,
                         "error_kind": type(outcome.error).__name__ if outcome.error else None,
                         "error": outcome.error.reason if outcome.error else None})
            if outcome.status == "fatal":  # the set-up is broken: the rest would say the same
                break
        if rows and rows[-1]["status"] == "fatal":
            break
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in PARTITION_COLUMNS])), out)
    return out.getvalue()


def _read_partition(data: bytes) -> list[Outcome]:
    """A partition's outcomes, read back from its Parquet table."""
    import pyarrow.parquet as pq

    outcomes = []
    for row in pq.read_table(io.BytesIO(data)).to_pylist():
        error = None
        if row["error_kind"]:
            error = ERRORS.get(row["error_kind"], WartaError)(row["error"], origin=row["origin"])
        doc = Document.from_dict(json.loads(row["record"])) if row["record"] else None
        outcomes.append(Outcome(status=row["status"], origin=row["origin"], doc=doc, error=error, key=row["key"],
                                source=row["source"]))
    return outcomes


class DaskCluster(Executor):
    """Partitions of ``partition_size`` articles processed on a Dask cluster (``scheduler``: its
    address, a ``distributed.Client``, or None for a local cluster of ``workers`` processes);
    at most ``window`` partitions in flight."""

    def __init__(self, options: Options, *, scheduler: Any = None, workers: int = 2, partition_size: int = 100,
                 window: int | None = None) -> None:
        self.owned = not isinstance(scheduler, Client)  # a client (and a cluster) made here is closed here
        self.client: Any = None
        self.cluster: Any = None
        try:
            if scheduler is None:
                scheduler = self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                        dashboard_address=None)
            self.client = Client(scheduler, timeout=30) if self.owned else scheduler
            self.client.register_plugin(WartaPlugin(options), name="warta")
        except OSError as exc:
            self.close()
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        except Exception as exc:  # a worker that cannot set up (no models...): one line, nothing left running
            self.close()
            raise UsageError(f"the Dask workers cannot set up warta: {' '.join(str(exc).split())}") from None
        self.partition_size = partition_size
        self.window = window or 4 * max(1, len(self.client.scheduler_info().get("workers", {})))
        self.keys = (f"warta-{n}" for n in itertools.count())  # unique for the client's whole life
        log.info("processing on the Dask cluster at %s, partitions of %d articles",
                 self.client.scheduler.address, partition_size)

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        pending: deque[tuple[list[Work | Outcome], Any]] = deque()
        partition: list[Work | Outcome] = []
        works = 0

        def submit() -> None:
            nonlocal partition, works
            chosen = [item for item in partition if isinstance(item, Work)]
            future = self.client.submit(_partition, chosen, retries=3, pure=False, key=next(self.keys)) \
                if chosen else None
            pending.append((partition, future))
            partition, works = [], 0

        for item in items:
            if not pending and not partition and not isinstance(item, Work):
                yield item  # nothing waits before it: no need to hold it
                continue
            partition.append(item)
            works += isinstance(item, Work)
            if works >= self.partition_size or len(partition) >= 4 * self.partition_size:
                submit()
            while len(pending) >= self.window:
                yield from self._take(*pending.popleft())
        if partition:
            submit()
        while pending:
            yield from self._take(*pending.popleft())

    @staticmethod
    def _take(partition: list[Work | Outcome], future: Any) -> Iterator[Outcome]:
        done = iter(_read_partition(future.result()) if future is not None else ())
        for item in partition:
            yield take(next(done) if isinstance(item, Work) else item)

    def close(self) -> None:
        if self.owned and self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

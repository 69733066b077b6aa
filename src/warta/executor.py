"""Executors: where articles are processed, behind one interface, results always in input order.

- :class:`InProcess`: here, one article after another (``--jobs 1``);
- :class:`ProcessPool`: a pool of worker processes on this machine (``--jobs N``), each
  loading the pipeline and its models once, fed a bounded window of articles so that
  memory stays flat however long the input;
- :class:`warta.cluster.DaskCluster`: partitions of articles on a Dask cluster
  (``--executor dask --scheduler ADDRESS``), models loaded once per worker by a worker
  plugin, each partition written by its worker as Parquet and read back here.

Reading the inputs and writing the store stay in the calling process, so a batch stores
the same documents in the same order whatever the executor.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

from .errors import ModelError, StoreError, UsageError, WartaError, unexpected
from .model import Document, RawArticle
from .options import Options

# Errors that mean the set-up is broken rather than one input: they end the batch.
FATAL = (ModelError, UsageError, StoreError)
log = logging.getLogger("warta")


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What became of one input: ``done`` (processed), ``stored``, ``skipped`` or ``failed``."""

    status: str
    origin: str
    doc: Document | None = None
    error: WartaError | None = None
    key: str | None = None
    source: str | None = None  # the input (file, URL...) the article came from


@dataclass(frozen=True)
class Work:
    """An article to process, with its input key and source."""

    raw: RawArticle
    key: str
    source: str


def failed(error: WartaError, origin: str, source: str | None = None) -> Outcome:
    if error.origin is None:
        error.origin = origin
    return Outcome(status="failed", origin=error.origin, error=error, source=source)


def process_one(work: Work, options: Options) -> Outcome:
    """One article through the pipeline; its failure is its outcome (a broken set-up raises)."""
    from . import process

    origin = work.raw.origin
    try:
        doc = process(work.raw, options=options)
    except FATAL:
        raise
    except WartaError as exc:
        return failed(exc, origin, work.source)
    except Exception as exc:  # one article's bug must not sink the batch
        return failed(unexpected(exc, origin), origin, work.source)
    return Outcome(status="done", origin=origin, doc=doc, key=work.key, source=work.source)


class Executor:
    """Turns a stream of work (and outcomes already known: read errors, skips) into outcomes, in order."""

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcess(Executor):
    def __init__(self, options: Options) -> None:
        self.options = options

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        for item in items:
            yield process_one(item, self.options) if isinstance(item, Work) else item


# -- in a worker process ---------------------------------------------------------------------
_worker_options: Options | None = None
_worker_broken: WartaError | None = None  # a set-up that failed: every article reports it


def start_worker(options: Options) -> None:
    """In each worker, once: the pipeline built and every shipped language model loaded. A set-up
    that fails (no model, an unknown stage) is kept and reported with the first article."""
    global _worker_options, _worker_broken
    _worker_options = options
    try:
        from . import _pipeline

        _pipeline(options)
        if "sentences" in options.stages:
            from .nlp import LANGS, load

            for lang in LANGS:
                load(lang)
    except WartaError as exc:
        _worker_broken = exc


def run_in_worker(work: Work) -> Outcome:
    """One article in a worker; a broken set-up comes back as a ``fatal`` outcome, whole."""
    if _worker_broken is not None or _worker_options is None:
        error = _worker_broken or UsageError("the worker was not set up for warta")
        return Outcome(status="fatal", origin=work.raw.origin, error=error, source=work.source)
    try:
        return process_one(work, _worker_options)
    except FATAL as exc:
        return Outcome(status="fatal", origin=work.raw.origin, error=exc, source=work.source)


def take(outcome: Outcome) -> Outcome:
    """An outcome from a worker, here: a ``fatal`` one ends the batch with its error."""
    if outcome.status == "fatal":
        assert outcome.error is not None
        raise outcome.error
    return outcome


class ProcessPool(Executor):
    """``jobs`` worker processes; at most ``window`` articles in flight (the rest wait unread)."""

    def __init__(self, options: Options, *, jobs: int, window: int | None = None) -> None:
        if jobs < 2:
            raise UsageError("a process pool needs at least 2 jobs")
        # One thread of linear algebra per worker: the workers are the parallelism.
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
        # Spawned, not forked: a fresh interpreter per worker, whatever threads this process runs.
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                        initializer=start_worker, initargs=(options,))
        self.window = window or 8 * jobs
        log.info("processing with %d worker processes", jobs)

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        pending: deque[Future | Outcome] = deque()
        for item in items:
            pending.append(self.pool.submit(run_in_worker, item) if isinstance(item, Work) else item)
            while pending and (len(pending) >= self.window or not isinstance(pending[0], Future)
                               or pending[0].done()):
                yield self._take(pending.popleft())
        while pending:
            yield self._take(pending.popleft())

    @staticmethod
    def _take(item: Future | Outcome) -> Outcome:
        try:
            return take(item.result() if isinstance(item, Future) else item)
        except BrokenProcessPool:  # a worker died outright (killed, out of memory)
            raise WartaError("a worker process died (killed, out of memory, or started from a script without "
                             "`if __name__ == '__main__':` around its work)") from None

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def executor(options: Options, *, jobs: int = 1, dask: bool = False, scheduler: str | None = None) -> Executor:
    """The executor: ``jobs`` processes here (1: this one), or a Dask cluster (the one at
    ``scheduler``, else a local one of ``jobs`` worker processes)."""
    if jobs < 1:
        raise UsageError("jobs must be at least 1")
    if scheduler is not None and not dask:
        raise UsageError("--scheduler goes with --executor dask")
    if dask:
        from .cluster import DaskCluster

        return DaskCluster(options, scheduler=scheduler, workers=jobs)
    return InProcess(options) if jobs == 1 else ProcessPool(options, jobs=jobs)

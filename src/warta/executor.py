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

from .budget import article_budget
from .errors import ModelError, StoreError, UsageError, WartaError, unexpected
from .model import Document, RawArticle
from .options import Options

# Errors that mean the set-up is broken rather than one input: they end the batch.
FATAL = (ModelError, UsageError, StoreError)
# Articles processed together here (spaCy batches their analysis: about 13 % less time an article).
CHUNK = 16
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


def _outcome(work: Work, result: Document | BaseException) -> Outcome:
    """What processing one article gave, as its outcome (a broken set-up: ``fatal``, see :func:`take`)."""
    origin = work.raw.origin
    if isinstance(result, FATAL):
        return Outcome(status="fatal", origin=origin, error=result, source=work.source)
    if isinstance(result, WartaError):
        return failed(result, origin, work.source)
    if isinstance(result, BaseException):  # one article's bug must not sink the batch
        return failed(unexpected(result, origin), origin, work.source)
    return Outcome(status="done", origin=origin, doc=result, key=work.key, source=work.source)


def process_one(work: Work, options: Options) -> Outcome:
    """One article through the pipeline, under its budget; its failure is its outcome."""
    from . import process

    try:
        with article_budget(seconds=options.article_seconds, memory_mb=options.article_memory_mb):
            result: Document | Exception = process(work.raw, options=options)
    except Exception as exc:
        result = exc
    return _outcome(work, result)


def process_chunk(works: list[Work], options: Options) -> list[Outcome]:
    """Several articles through the pipeline at once (:func:`warta.process_many`), the chunk under one
    article's budget; a chunk over it, or one the batched step fails on, is done again one by one,
    each under its own budget, so that only the article at fault fails. A broken set-up is the
    ``fatal`` outcome of the article that met it; the articles before it keep theirs."""
    from . import process_many

    if len(works) < 2:
        return [process_one(work, options) for work in works]
    try:
        with article_budget(seconds=options.article_seconds, memory_mb=options.article_memory_mb):
            results = process_many([work.raw for work in works], options=options)
    except FATAL as exc:
        return [_outcome(works[0], exc)]
    except Exception:
        return [process_one(work, options) for work in works]
    return [_outcome(work, result) for work, result in zip(works, results, strict=True)]


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
    """Here, in chunks of ``chunk`` articles (spaCy's components batched over each)."""

    def __init__(self, options: Options, *, chunk: int = CHUNK) -> None:
        self.options = options
        self.chunk = chunk

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        pending: list[Work | Outcome] = []
        works = 0
        for item in items:
            pending.append(item)
            works += isinstance(item, Work)
            if works >= self.chunk:
                yield from self._run(pending)
                pending, works = [], 0
        yield from self._run(pending)

    def _run(self, pending: list[Work | Outcome]) -> Iterator[Outcome]:
        done = iter(process_chunk([item for item in pending if isinstance(item, Work)], self.options))
        for item in pending:
            # A fatal outcome ends the batch there, after what came before it.
            yield take(next(done)) if isinstance(item, Work) else item


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


def run_in_worker(works: list[Work]) -> list[Outcome]:
    """A chunk of articles in a worker; a broken set-up comes back as a ``fatal`` outcome."""
    if _worker_broken is not None or _worker_options is None:
        error = _worker_broken or UsageError("the worker was not set up for warta")
        return [Outcome(status="fatal", origin=works[0].raw.origin, error=error, source=works[0].source)]
    return process_chunk(works, _worker_options)


def take(outcome: Outcome) -> Outcome:
    """An outcome as the batch takes it: a ``fatal`` one ends the batch with its error."""
    if outcome.status == "fatal":
        assert outcome.error is not None
        raise outcome.error
    return outcome


class ProcessPool(Executor):
    """``jobs`` worker processes, each given ``chunk`` articles at a time; at most ``window`` chunks
    in flight (the rest wait unread)."""

    def __init__(self, options: Options, *, jobs: int, window: int | None = None, chunk: int = CHUNK // 2) -> None:
        if jobs < 2:
            raise UsageError("a process pool needs at least 2 jobs")
        # One thread of linear algebra per worker: the workers are the parallelism.
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
        # Spawned, not forked: a fresh interpreter per worker, whatever threads this process runs.
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                        initializer=start_worker, initargs=(options,))
        self.window = window or 4 * jobs  # chunks in flight
        self.chunk = chunk
        log.info("processing with %d worker processes", jobs)

    def outcomes(self, items: Iterable[Work | Outcome]) -> Iterator[Outcome]:
        pending: deque[Future | Outcome] = deque()
        chunk: list[Work] = []

        def submit() -> None:
            if chunk:
                pending.append(self.pool.submit(run_in_worker, list(chunk)))
                chunk.clear()

        for item in items:
            if isinstance(item, Work):
                chunk.append(item)
                if len(chunk) >= self.chunk:
                    submit()
            else:
                submit()  # what came before it goes first
                pending.append(item)
            while pending and (len(pending) >= self.window or not isinstance(pending[0], Future)
                               or pending[0].done()):
                yield from self._take(pending.popleft())
        submit()
        while pending:
            yield from self._take(pending.popleft())

    @staticmethod
    def _take(item: Future | Outcome) -> Iterator[Outcome]:
        try:
            outcomes = item.result() if isinstance(item, Future) else [item]
        except BrokenProcessPool:  # a worker died outright (killed, out of memory)
            raise WartaError("a worker process died (killed, out of memory, or started from a script without "
                             "`if __name__ == '__main__':` around its work)") from None
        for outcome in outcomes:  # those before a fatal one first
            yield take(outcome)

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

"""Per-article budgets: an article that runs too long or grows memory too far fails alone.

A batch must not stall or swap on one pathological article (a megabyte with no full stop,
markup that makes a stage's work explode). While an article is processed, a timer checks
its elapsed time and the process's resident memory every ``CHECK_EVERY`` seconds; past
``Options.article_seconds`` or ``Options.article_memory_mb`` (growth over what the process
held when the article began), :class:`~warta.errors.OverBudget` is raised inside the work,
and again every ``RETRY_AFTER`` seconds should a stage swallow it (one shot at a time, so
no tick can land in the clean-up), and the batch reports that one article as failed and
goes on. An article that swallowed it to the end still fails when it ends. One-off set-up inside an
article (a model's first load) is not charged to it (:func:`setup_time`).

The timer is a POSIX interval timer (``SIGALRM``), so budgets apply where articles run on
a process's main thread: ``warta extract``/``ingest`` here and in ``--jobs`` workers.
Elsewhere (a thread, a Dask worker's task threads, Windows), or where the caller runs an
interval timer of its own, there is none; the server's endpoints have their own time limit.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import OverBudget

CHECK_EVERY = 0.2  # seconds between two checks
RETRY_AFTER = 1.0  # seconds before an article over its budget is interrupted again
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """This process's resident memory now (None where /proc does not say)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def can_enforce() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class _Budget:
    """The limits of the article in progress, and how much of its time was set-up."""

    def __init__(self, seconds: float | None, memory_mb: float | None) -> None:
        self.seconds = seconds
        self.allowed = memory_mb * 2**20 if memory_mb else None
        self.memory_mb = memory_mb
        self.began = time.monotonic()
        self.baseline = resident_bytes() if memory_mb else None
        self.paused = 0
        self.over: str | None = None  # why it went over, once it has

    def check(self, _signum: int, _frame: object) -> None:
        if not self.over:
            if self.paused:
                return
            if self.seconds and time.monotonic() - self.began > self.seconds:
                self.over = f"over its time budget ({self.seconds:g} s; --article-seconds)"
            elif self.allowed and self.baseline is not None and (now := resident_bytes()) is not None \
                    and now - self.baseline > self.allowed:
                self.over = f"over its memory budget ({self.memory_mb:g} MiB more than before it; --article-memory)"
            else:
                return
        # Over: interrupt now, and again after RETRY_AFTER should this one be swallowed (a broad
        # ``except`` in a stage, a garbage collector's callback): one shot at a time, not a tick
        # every CHECK_EVERY that could land in the clean-up.
        signal.setitimer(signal.ITIMER_REAL, RETRY_AFTER)
        if not self.paused:
            raise OverBudget(self.over)


_active: _Budget | None = None


@contextmanager
def article_budget(*, seconds: float | None, memory_mb: float | None) -> Iterator[None]:
    """Runs the block under the budget (a limit of None or 0 is no limit).

    Not enforced off the main thread, inside another budget, or where the caller has an
    interval timer of its own running (its alarm is left alone)."""
    global _active
    if not (seconds or memory_mb) or not can_enforce() or _active is not None \
            or signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
        yield
        return
    _active = budget = _Budget(seconds, memory_mb)
    previous = signal.signal(signal.SIGALRM, budget.check)
    try:
        signal.setitimer(signal.ITIMER_REAL, CHECK_EVERY, CHECK_EVERY)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        # Here too, first: where a tick cut the clean-up above short, its retry is a second away.
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _active = None
    if budget.over:  # raised where a stage caught it (a broad except): the article is still over
        raise OverBudget(budget.over)


@contextmanager
def setup_time() -> Iterator[None]:
    """One-off set-up inside an article (a model loaded on first use): not charged to its budget."""
    budget = _active
    if budget is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    began = time.monotonic()
    budget.paused += 1
    try:
        yield
    finally:
        budget.paused -= 1
        budget.began += time.monotonic() - began
        if budget.baseline is not None:
            budget.baseline = max(budget.baseline, resident_bytes() or 0)

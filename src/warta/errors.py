"""The exception hierarchy. The CLI turns each into one line: ``warta: INPUT: reason``."""

from __future__ import annotations

import traceback
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


class WartaError(Exception):
    """Base class: a problem warta can explain in one line."""

    def __init__(self, reason: str, *, origin: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.origin = origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}" if self.origin else self.reason


class InputError(WartaError):
    """An input that cannot be read as an article (empty, binary, broken, too large...)."""


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class TooLarge(InputError):
    pass


class OverBudget(InputError):
    """One article took more time or memory than its budget (``Options.article_seconds``/``article_memory_mb``)."""


class NoArticle(InputError):
    """The input was read but holds no article text (an HTML page with no body)."""


class BadRecord(InputError):
    """One record of a corpus file (JSONL line, CSV row) is malformed."""


class FetchError(InputError):
    """A URL could not be fetched."""


class StoreError(WartaError):
    """The store could not be opened or written."""


class ModelError(WartaError):
    """A language resource or trained model is missing or broken."""


class UsageError(WartaError):
    """The caller asked for something that makes no sense (unknown format, stage...)."""


def unexpected(exc: BaseException, origin: str) -> WartaError:
    """An exception warta did not foresee, as one line that says where it arose."""
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(_PACKAGE):
            where = f" at {Path('warta', path.relative_to(_PACKAGE))}:{frame.lineno}"
            break
    message = " ".join(str(exc).split())[:300]
    return WartaError(f"unexpected {type(exc).__name__}{where}" + (f": {message}" if message else ""),
                      origin=origin)

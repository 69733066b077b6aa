"""The batch loop: sources to documents to the store, one outcome per article.

A batch never stops for one bad article: an unreadable input, a malformed record, or
an unexpected exception inside one article's processing becomes a ``failed``
outcome naming the input, and the loop goes on. Only a broken set-up (a missing
model, an unknown stage, a store that cannot be written) stops it, since every
later article would fail the same way; what was stored before stays stored.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError, StoreError, UsageError, WartaError
from ..model import Document, RawArticle
from ..options import Options
from .base import Store, raw_key

# Errors that mean the set-up is broken rather than one input: they end the batch.
FATAL = (ModelError, UsageError, StoreError)

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What became of one input: ``done`` (processed), ``stored``, ``skipped`` or ``failed``."""

    status: str
    origin: str
    doc: Document | None = None
    error: WartaError | None = None
    key: str | None = None


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


def _failed(error: WartaError, origin: str) -> Outcome:
    if error.origin is None:
        error.origin = origin
    return Outcome(status="failed", origin=error.origin, error=error)


def process_all(
    sources: Iterable[str | Path],
    *,
    options: Options,
    skip: Callable[[RawArticle, str], bool] | None = None,
) -> Iterator[Outcome]:
    """Every article of ``sources`` read and processed, as outcomes in input order.

    ``skip(raw, key)`` may decline an article before processing (``skipped``).
    """
    from .. import process
    from ..ingest import read

    for source in sources:
        name = str(source)
        try:
            for item in read(source, options=options):
                if isinstance(item, WartaError):
                    yield _failed(item, name)
                    continue
                key = raw_key(item)
                if skip is not None and skip(item, key):
                    yield Outcome(status="skipped", origin=item.origin, key=key)
                    continue
                try:
                    doc = process(item, options=options)
                except FATAL:
                    raise
                except WartaError as exc:
                    yield _failed(exc, item.origin)
                except Exception as exc:  # one article's bug must not sink the batch
                    yield _failed(unexpected(exc, item.origin), item.origin)
                else:
                    yield Outcome(status="done", origin=item.origin, doc=doc, key=key)
        except FATAL:
            raise
        except WartaError as exc:  # the source as a whole could not be read
            yield _failed(exc, name)
        except Exception as exc:  # a reader's bug: the rest of this source is lost, not the batch
            yield _failed(unexpected(exc, name), name)


def ingest(
    sources: Iterable[str | Path],
    store: Store,
    *,
    options: Options,
    replace: bool = False,
) -> Iterator[Outcome]:
    """Read, process and store every article of ``sources``: ``stored``, ``skipped`` or ``failed``.

    Each document is committed on its own, so an interrupted batch keeps every whole
    document it stored, and running it again stores the rest: inputs already stored
    are skipped before processing, and a document whose ``doc_id`` is stored is not
    stored twice.
    """
    skip = None if replace else (lambda _raw, key: store.has_raw(key))
    for outcome in process_all(sources, options=options, skip=skip):
        if outcome.doc is None:
            yield outcome
            continue
        try:
            added = store.add(outcome.doc, raw_key=outcome.key, replace=replace)
        except FATAL:
            raise
        except Exception as exc:  # a record the store cannot take (a stage put odd data in it)
            yield _failed(unexpected(exc, outcome.origin), outcome.origin)
            continue
        yield Outcome(status="stored" if added else "skipped", origin=outcome.origin, doc=outcome.doc,
                      key=outcome.key)

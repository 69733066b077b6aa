"""The batch loop: sources to documents to the store, one outcome per article.

A batch never stops for one bad article: an unreadable input, a malformed record, or
an unexpected exception inside one article's processing becomes a ``failed``
outcome naming the input, and the loop goes on. Only a broken set-up (a missing
model, an unknown stage, a store that cannot be written) stops it, since every
later article would fail the same way; what was stored before stays stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import replace as replace_outcome
from pathlib import Path

from ..errors import WartaError, unexpected
from ..executor import FATAL, Executor, InProcess, Outcome, Work, failed
from ..model import RawArticle
from ..options import Options
from .base import Store, raw_key


def _read_all(sources: Iterable[str | Path], options: Options,
              skip: Callable[[RawArticle, str], bool] | None) -> Iterator[Work | Outcome]:
    """Every article of ``sources`` as work to do, or as its outcome where reading settles it."""
    from ..ingest import read

    for source in sources:
        name = str(source)
        try:
            for item in read(source, options=options):
                if isinstance(item, WartaError):
                    yield failed(item, name, name)
                    continue
                key = raw_key(item)
                if skip is not None and skip(item, key):
                    yield Outcome(status="skipped", origin=item.origin, key=key, source=name)
                    continue
                yield Work(item, key, name)
        except FATAL:
            raise
        except WartaError as exc:  # the source as a whole could not be read
            yield failed(exc, name, name)
        except Exception as exc:  # a reader's bug: the rest of this source is lost, not the batch
            yield failed(unexpected(exc, name), name, name)


def process_all(
    sources: Iterable[str | Path],
    *,
    options: Options,
    skip: Callable[[RawArticle, str], bool] | None = None,
    executor: Executor | None = None,
) -> Iterator[Outcome]:
    """Every article of ``sources`` read and processed, as outcomes in input order.

    ``skip(raw, key)`` may decline an article before processing (``skipped``);
    ``executor`` says where articles are processed (here, by default).
    """
    with InProcess(options) if executor is None else nullcontext(executor) as chosen:
        yield from chosen.outcomes(_read_all(sources, options, skip))


def ingest(
    sources: Iterable[str | Path],
    store: Store,
    *,
    options: Options,
    replace: bool = False,
    executor: Executor | None = None,
) -> Iterator[Outcome]:
    """Read, process and store every article of ``sources``: ``stored``, ``skipped`` or ``failed``.

    Each document is committed on its own, so an interrupted batch keeps every whole
    document it stored, and running it again stores the rest: inputs already stored
    are skipped before processing, and a document whose ``doc_id`` is stored is not
    stored twice.
    """
    skip = None if replace else (lambda _raw, key: store.has_raw(key))
    for outcome in process_all(sources, options=options, skip=skip, executor=executor):
        if outcome.doc is None:
            yield outcome
            continue
        try:
            added = store.add(outcome.doc, raw_key=outcome.key, replace=replace)
        except FATAL:
            raise
        except Exception as exc:  # a record the store cannot take (a stage put odd data in it)
            yield failed(unexpected(exc, outcome.origin), outcome.origin, outcome.source)
            continue
        yield replace_outcome(outcome, status="stored" if added else "skipped")

"""The stage registry and the pipeline that runs registered stages in order.

A stage is registered once, with what it needs and what it fills, in the manner of
spaCy's ``Language.factory``::

    @stage("places", requires=("entities",), fills=("places",))
    def make_places(options: Options) -> Callable[[Document], None]:
        gazetteer = load_gazetteer()          # loaded once per pipeline
        def places(doc: Document) -> None:
            doc.places = resolve(doc, gazetteer)
        return places

``Pipeline(options)`` builds the stages named in ``options.stages`` once and checks
that each stage's needs are filled by an earlier one. Calling it on a
:class:`~warta.model.RawArticle` gives the finished :class:`~warta.model.Document`.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import OverBudget, UsageError
from .model import Document, RawArticle, Source
from .options import Options

StageFn = Callable[[Document], None]
log = logging.getLogger("warta")


@dataclass(frozen=True)
class StageInfo:
    name: str
    factory: Callable[[Options], StageFn]
    requires: tuple[str, ...]
    fills: tuple[str, ...]
    doc: str


_REGISTRY: dict[str, StageInfo] = {}

# The modules that register stages; importing them fills the registry.
STAGE_MODULES = (
    "warta.clean",
    "warta.nlp",
    "warta.entities",
    "warta.places",
    "warta.times",
    "warta.quantities",
    "warta.quotes",
    "warta.events",
)


def stage(name: str, *, requires: tuple[str, ...] = (), fills: tuple[str, ...] = ()):
    """Register a stage factory under ``name``."""

    def register(factory: Callable[[Options], StageFn]) -> Callable[[Options], StageFn]:
        _REGISTRY[name] = StageInfo(name, factory, tuple(requires), tuple(fills), (factory.__doc__ or "").strip())
        return factory

    return register


def registry() -> dict[str, StageInfo]:
    """All registered stages, by name."""
    for module in STAGE_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)


# A lone surrogate (a JSON "\ud800" escape, a broken decoder) is no character: no record can
# be written with one. Each becomes U+FFFD, one for one, so no offset moves.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _characters(value: str | None) -> str | None:
    return _SURROGATE.sub("\ufffd", value) if value else value


def new_document(raw: RawArticle) -> Document:
    """The record as a reader hands it over: raw body and metadata, nothing cleaned yet."""
    doc = Document(
        doc_id="",
        lang=_characters(raw.lang) or "",
        title=_characters(raw.title),
        text=_characters(raw.text) or "",
        published=_characters(raw.published),
        source=Source(url=_characters(raw.url), path=raw.path, outlet=_characters(raw.outlet),
                      authors=[_characters(a) or "" for a in raw.authors], id=_characters(raw.source_id)),
    )
    doc.work["raw"] = raw
    return doc


def document_id(doc: Document) -> str:
    """A stable id from the cleaned content: the same article gives the same id anywhere."""
    digest = hashlib.sha1(f"{doc.title or ''}\n{doc.text}".encode()).hexdigest()
    return digest[:16]


class Pipeline:
    """The registered stages named in ``options.stages``, built once, run in order."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        known = registry()
        filled: set[str] = {"text", "title", "source"}
        self.stages: list[tuple[str, StageFn]] = []
        for name in self.options.stages:
            info = known.get(name)
            if info is None:
                raise UsageError(f"unknown stage {name!r} (known: {', '.join(known)})")
            missing = [need for need in info.requires if need not in filled]
            if missing:
                raise UsageError(f"stage {name!r} needs {', '.join(missing)}, which no earlier stage fills")
            began = time.perf_counter()
            self.stages.append((name, info.factory(self.options)))
            log.debug("stage %s set up in %.2f s", name, time.perf_counter() - began)
            filled.update(info.fills)

    def __call__(self, raw: RawArticle) -> Document:
        began = time.perf_counter()
        doc = new_document(raw)
        for _name, run in self.stages:
            run(doc)
        return self._finished(doc, raw, began)

    def pipe(self, raws: list[RawArticle]) -> list[Document | Exception]:
        """Each article's document, or the exception its processing raised, in order: what calling
        the pipeline on each gives, with a stage that can (spaCy's) taking them all at once."""
        began = time.perf_counter()
        docs = [new_document(raw) for raw in raws]
        errors: list[Exception | None] = [None] * len(docs)
        for _name, run in self.stages:
            live = [k for k, error in enumerate(errors) if error is None]
            batch = getattr(run, "batch", None)
            if batch is not None and len(live) > 1:
                for k, error in zip(live, batch([docs[k] for k in live]), strict=True):
                    errors[k] = error
                continue
            for k in live:
                try:
                    run(docs[k])
                except OverBudget:
                    raise  # the whole batch's budget: the caller redoes it one article at a time
                except Exception as exc:  # that article's outcome; the others go on
                    errors[k] = exc
        return [error or self._finished(doc, raw, began) for doc, raw, error in zip(docs, raws, errors, strict=True)]

    @staticmethod
    def _finished(doc: Document, raw: RawArticle, began: float) -> Document:
        if not doc.doc_id:
            doc.doc_id = document_id(doc)
        doc.work.clear()
        log.debug("%s: %s (%s), %d characters, %d events in %.0f ms", raw.origin, doc.doc_id, doc.lang,
                  len(doc.text), len(doc.events), 1000 * (time.perf_counter() - began))
        return doc

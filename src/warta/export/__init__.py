"""Export records in the formats other tools load unchanged.

Events, one row or object each:

- ``plover``: PLOVER JSON lines, field by field as the PLOVER manual (draft 1.3) has them
  (``id``, ``date``, ``event``, ``mode``, ``context``, ``actor``/``recipient`` as lists of
  entity objects, ``event_loc``...), with warta's provenance in extra named fields;
- ``polecat``: the 40-column tab-separated layout of the POLECAT data set;
- ``gdelt``: GDELT 2.0's event table: 61 tab-separated columns, no header, no quoting;
- ``acled``: ACLED's 31-column CSV, for the events ACLED codes (political violence,
  demonstrations, strategic developments).

Records: ``csv`` and ``parquet``, one table per record list (documents, entities, mentions,
places, times, quantities, quotes, events) with the store's columns and ``doc_id``/``seq``
keys; :func:`to_frames` gives them as pandas DataFrames.

Events that the text does not state as having happened (planned, speculated, denied or
negated) are left out unless ``include_nonfactual``; where a format can say so, they are
then flagged (PLOVER's ``future``/``hypothetical``/``negation`` contexts, ACLED tags).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from ..errors import UsageError
from ..model import EVENT_TYPES, Actor, Document, Entity, Event, Place, Quote
from ..store.base import StoredDocument
from ..store.tables import DAY, event_day

FACTUAL = frozenset({"asserted", "reported", "estimated"})


class ExportFormat(StrEnum):
    """The formats the CLI and the server export in."""

    plover = "plover"
    polecat = "polecat"
    gdelt = "gdelt"
    acled = "acled"
    csv = "csv"
    parquet = "parquet"

    @property
    def tables(self) -> bool:
        """Whether the format writes one table per record list (a folder of files)."""
        return self in (ExportFormat.csv, ExportFormat.parquet)


@dataclass(frozen=True, kw_only=True)
class ExportFilter:
    """Which events to export. Dates are ``YYYY-MM-DD``, both ends included, on the event's day;
    ``country`` (ISO 3166-1 alpha-3) matches the actor's, the recipient's or the place's."""

    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    country: str | None = None
    include_nonfactual: bool = False

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not DAY.fullmatch(value):
                raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)")
        unknown = [t for t in self.types if t not in EVENT_TYPES]
        if unknown:
            raise UsageError(f"unknown event type {unknown[0]!r} (PLOVER types: {', '.join(EVENT_TYPES)})")
        if self.country is not None and not (len(self.country) == 3 and self.country.isalpha()):
            raise UsageError(f"country: {self.country!r} is not an ISO 3166-1 alpha-3 code")

    def keeps(self, view: EventView) -> bool:
        if not (self.include_nonfactual or view.factual):
            return False
        if self.types and view.event.type not in self.types:
            return False
        if (self.since or self.until) and (
                view.day is None or view.day < (self.since or "") or view.day > (self.until or "9999")):
            return False
        if self.country:
            places = {view.place.country} if view.place else set()
            actors = {a.country for a in (view.event.actor1, view.event.actor2) if a is not None}
            if self.country.upper() not in actors | places:
                return False
        return True

    @property
    def narrows(self) -> bool:
        return bool(self.since or self.until or self.types or self.country)


class LeftOut(Exception):
    """An event a format cannot hold (its reason is counted in the report)."""


@dataclass
class ExportReport:
    """What an export wrote and what it left out, and why."""

    written: int = 0
    left_out: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {why}" for why, n in self.left_out.most_common())
        return f"{self.written} written" + (f"; left out: {reasons}" if reasons else "")


@dataclass
class EventView:
    """An event with what the exports derive from its document: day, place, entities, ids."""

    doc: Document
    event: Event
    record: dict[str, Any]
    stored_at: str | None
    sequence: int

    @cached_property
    def day(self) -> str | None:
        """The event's day: its own time where that names a day, else the publication day."""
        return event_day(self.record, self.record["events"][self.sequence])

    @cached_property
    def own_day(self) -> bool:
        """Whether the day is the event's own (not the publication day)."""
        own = next((t for t in self.doc.times if t.id == self.event.time), None)
        return own is not None and own.value == self.day

    @cached_property
    def place(self) -> Place | None:
        return next((p for p in self.doc.places if p.id == self.event.place), None)

    @cached_property
    def quote(self) -> Quote | None:
        return next((q for q in self.doc.quotes if q.id == self.event.attribution), None)

    @property
    def factual(self) -> bool:
        return self.event.certainty in FACTUAL and not self.event.negated

    @property
    def key(self) -> str:
        return f"{self.doc.doc_id}-{self.event.id}"

    @cached_property
    def number(self) -> int:
        """A stable integer id (GDELT's GLOBALEVENTID must be an integer): 52 bits of the key's hash."""
        return int(hashlib.sha1(self.key.encode()).hexdigest()[:13], 16)

    def entity(self, actor: Actor | None) -> Entity | None:
        if actor is None or not actor.entity:
            return None
        return next((e for e in self.doc.entities if e.id == actor.entity), None)

    def added(self) -> datetime:
        """When the record entered the store (now, for a record exported straight from extraction)."""
        if self.stored_at:
            stamp = datetime.fromisoformat(self.stored_at)
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        return _NOW

    @property
    def in_lead(self) -> bool:
        """Whether the event is in the article's lead paragraph (GDELT's IsRootEvent)."""
        end = self.doc.text.find("\n", 1)
        return end < 0 or self.event.sentence.start < end


_NOW = datetime.now(UTC)


def clean_field(value: object) -> str:
    """A value as one unquoted field of a tab-separated file: no tabs, line breaks or double quotes."""
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.replace('"', "'").split()) if any(c in text for c in '\t\n\r"') else text


def number(value: float | None, places: int = 4) -> str:
    """A float in its shortest form at the given precision (``-6.2146``, ``135``)."""
    if value is None:
        return ""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def views(items: Iterable[Document | StoredDocument], export_filter: ExportFilter,
          report: ExportReport) -> Iterator[EventView]:
    """The events of ``items`` that the filter keeps, in document order."""
    for item in items:
        stored = item if isinstance(item, StoredDocument) else StoredDocument(item)
        if not stored.doc.events:
            continue
        record = stored.doc.to_dict()
        for sequence, event in enumerate(stored.doc.events):
            view = EventView(stored.doc, event, record, stored.stored_at, sequence)
            if not export_filter.keeps(view):
                report.left_out["not factual" if not view.factual and not export_filter.include_nonfactual
                                else "outside the filter"] += 1
                continue
            yield view


@dataclass(frozen=True)
class EventWriter:
    """How one event format writes: its header line (if any), and one line per event."""

    header: str | None
    line: Callable[[EventView], str]
    media_type: str
    suffix: str


def _writers() -> dict[ExportFormat, EventWriter]:
    from . import acled, gdelt, plover

    return {
        ExportFormat.plover: EventWriter(None, plover.json_line, "application/x-ndjson", ".jsonl"),
        ExportFormat.polecat: EventWriter(plover.POLECAT_HEADER, plover.polecat_line, "text/tab-separated-values",
                                          ".tsv"),
        ExportFormat.gdelt: EventWriter(None, gdelt.line, "text/tab-separated-values", ".export.CSV"),
        ExportFormat.acled: EventWriter(acled.HEADER, acled.line, "text/csv", ".csv"),
    }


def writer(export_format: ExportFormat) -> EventWriter:
    if export_format.tables:
        raise UsageError(f"{export_format} writes one table per record list: give a folder for them")
    return _writers()[export_format]


def export_lines(items: Iterable[Document | StoredDocument], export_format: ExportFormat, *,
                 export_filter: ExportFilter | None = None, report: ExportReport | None = None) -> Iterator[str]:
    """The export of the events of ``items`` as lines of text (each ending in a newline)."""
    chosen = writer(export_format)
    report = report if report is not None else ExportReport()
    if chosen.header:
        yield chosen.header
    for view in views(items, export_filter or ExportFilter(), report):
        try:
            text = chosen.line(view)
        except LeftOut as why:
            report.left_out[str(why)] += 1
            continue
        report.written += 1
        yield text


def csv_line(values: Iterable[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return out.getvalue()


from .tables import TABLE_NAMES, table_lines, to_frames, write_tables  # noqa: E402  (they read this module)

__all__ = ["TABLE_NAMES", "EventView", "ExportFilter", "ExportFormat", "ExportReport", "LeftOut", "export_lines",
           "table_lines", "to_frames", "write_tables", "writer"]

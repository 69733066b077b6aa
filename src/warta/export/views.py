"""What every export shares: the filter, the report, and each event with what the formats derive
from its document (its day, place, entities, CAMEO code, ids)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from ..errors import UsageError
from ..model import EVENT_TYPES, Actor, Document, Entity, Event, Place, Quote
from ..store.base import StoredDocument
from ..store.stories import Report, Story, event_key
from ..store.tables import event_day
from .codes import cameo_code

FACTUAL = frozenset({"asserted", "reported", "estimated"})


def _day(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad(name, value)
    except ValueError:
        return _bad(name, value)


def _bad(name: str, value: str) -> str:
    raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)")


@dataclass(frozen=True, kw_only=True)
class ExportFilter:
    """Which events to export. Dates are ``YYYY-MM-DD``, both ends included, on the event's day;
    types are PLOVER types (any case); ``country`` (ISO 3166-1 alpha-3) matches the actor's, the
    recipient's or the place's."""

    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    country: str | None = None
    include_nonfactual: bool = False

    def __post_init__(self) -> None:
        since, until = _day("since", self.since), _day("until", self.until)
        if since and until and since > until:
            raise UsageError(f"since {since} is after until {until}: no day is in between")
        types = tuple(t.upper() for t in self.types)
        unknown = [t for t in types if t not in EVENT_TYPES]
        if unknown:
            raise UsageError(f"unknown event type {unknown[0]!r} (PLOVER types: {', '.join(EVENT_TYPES)})")
        country = self.country.upper() if self.country else None
        if country is not None and not (len(country) == 3 and country.isalpha()):
            raise UsageError(f"country: {self.country!r} is not an ISO 3166-1 alpha-3 code")
        for name, value in (("types", types), ("country", country)):
            object.__setattr__(self, name, value)

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
            if self.country not in actors | places:
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

    def summary(self, unit: str = "events") -> str:
        reasons = ", ".join(f"{n} {why}" for why, n in self.left_out.most_common())
        return f"{self.written} {unit} written" + (f"; left out: {reasons}" if reasons else "")


@dataclass
class EventView:
    """An event with what the exports derive from its document: day, place, entities, ids."""

    doc: Document
    event: Event
    record: dict[str, Any]
    stored_at: str | None
    sequence: int
    exported_at: datetime
    story: Story | None = None

    @property
    def event_key(self) -> tuple[str, ...]:
        event = self.event
        return event_key(event.type, event.actor1.text if event.actor1 else None,
                         event.actor2.text if event.actor2 else None, event.trigger.text)

    @cached_property
    def report(self) -> Report | None:
        """How the event's story reports it (None for a document with no copies)."""
        return self.story.report(self.event_key) if self.story is not None else None

    @property
    def articles(self) -> int:
        """How many copies of the story report the event (1 without copies)."""
        return self.report.articles if self.report else 1

    @property
    def sources(self) -> tuple[str, ...]:
        """The outlets whose copies report the event (those that name one)."""
        return self.report.sources if self.report else tuple(filter(None, [self.doc.source.outlet]))

    @property
    def story_key(self) -> tuple[str, ...] | None:
        """The event within its story (None for a document with no copies): told once an export."""
        return (self.story.story_id, *self.event_key) if self.story is not None and self.report else None

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

    @cached_property
    def plover_mode(self) -> tuple[str | None, tuple[str, ...]]:
        """The event's PLOVER mode and contexts (see :func:`warta.export.plover.mode_and_contexts`)."""
        from .plover import mode_and_contexts

        return mode_and_contexts(self.event)

    @cached_property
    def cameo(self) -> str:
        """The one CAMEO code every format gives the event (PLOVER's crosswalk agrees with its type)."""
        return cameo_code(self.event, self.plover_mode[0])

    @property
    def factual(self) -> bool:
        return self.event.certainty in FACTUAL and not self.event.negated

    @property
    def key(self) -> str:
        return f"{self.doc.doc_id}-{self.event.id}"

    @cached_property
    def numeric_id(self) -> int:
        """A stable integer id (GDELT's GLOBALEVENTID must be an integer): 52 bits of the key's hash."""
        return int(hashlib.sha1(self.key.encode()).hexdigest()[:13], 16)

    def entity(self, actor: Actor | None) -> Entity | None:
        if actor is None or not actor.entity:
            return None
        return next((e for e in self.doc.entities if e.id == actor.entity), None)

    def added(self) -> datetime:
        """When the record entered the store, in UTC (the export's time for a record never stored)."""
        if not self.stored_at:
            return self.exported_at
        stamp = datetime.fromisoformat(self.stored_at)
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)

    @property
    def in_lead(self) -> bool:
        """Whether the event is in the article's lead paragraph (GDELT's IsRootEvent)."""
        end = self.doc.text.find("\n", 1)
        return end < 0 or self.event.sentence.start < end


def documents(items: Iterable[Document | StoredDocument]) -> Iterator[tuple[StoredDocument, dict[str, Any]]]:
    """Each document (with when it was stored, where known) and its record as a dict."""
    for item in items:
        stored = item if isinstance(item, StoredDocument) else StoredDocument(item)
        yield stored, stored.doc.to_dict()


def event_views(stored: StoredDocument, record: dict[str, Any], exported_at: datetime) -> Iterator[EventView]:
    for sequence, event in enumerate(stored.doc.events):
        yield EventView(stored.doc, event, record, stored.stored_at, sequence, exported_at, stored.story)


def views(items: Iterable[Document | StoredDocument], export_filter: ExportFilter,
          report: ExportReport) -> Iterator[EventView]:
    """The events of ``items`` that the filter keeps, in document order."""
    exported_at = datetime.now(UTC)
    for stored, record in documents(items):
        for view in event_views(stored, record, exported_at):
            if export_filter.keeps(view):
                yield view
            elif not view.factual and not export_filter.include_nonfactual:
                report.left_out["not factual"] += 1
            else:
                report.left_out["outside the filter"] += 1


def clean_field(value: object) -> str:
    """A value as one unquoted field of a tab-separated file: no tabs, line breaks or double quotes."""
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.replace('"', "'").split()) if any(c in text for c in '\t\n\r"') else text


def clean_url(url: str | None) -> str:
    """A URL as one unquoted field: what cannot stand in it percent-encoded, not replaced."""
    if not url:
        return ""
    return "".join(f"%{ord(c):02X}" if c in '\t\n\r" ' else c for c in url)


def decimal(value: float | None, places: int = 4) -> str:
    """A float in its shortest form at the given precision (``-6.2146``, ``135``)."""
    if value is None:
        return ""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def csv_line(values: Iterable[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return out.getvalue()

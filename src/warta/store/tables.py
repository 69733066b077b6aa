"""The store's table layout: which columns each record list gets, and how rows are cut.

Dialect-free: this module says *what* is stored (one table per record list, the main
fields as columns, the full item as JSON); :mod:`warta.store.sql` says how a given
database spells it. Adding a column here adds it to every backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# Logical column types; each dialect maps them to its own (TEXT/JSONB, INTEGER/BOOLEAN...).
TEXT, INT, REAL, BOOL, JSON = "text", "int", "real", "bool", "json"


@dataclass(frozen=True)
class Column:
    """One column: its name, logical type, and the path of the item field it holds (or
    ``derive``: how to compute it from the whole record and the item)."""

    name: str
    type: str
    path: tuple[str, ...] = ()
    derive: Callable[[dict[str, Any], dict[str, Any]], Any] | None = None

    def value(self, item: dict[str, Any], record: dict[str, Any] | None = None) -> Any:
        if self.derive is not None:
            return self.derive(record or {}, item)
        if self.type == JSON and not self.path:
            return item
        value: Any = item
        for key in self.path or (self.name,):
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value


def col(name: str, type: str = TEXT, *path: str) -> Column:
    return Column(name, type, tuple(path))


@dataclass(frozen=True)
class Table:
    """A child table of ``documents``: one row per item of a record list.

    Every child table also has ``doc_id`` (the owning document) and ``seq`` (the item's
    position in its list, so items with no id of their own still have a key), and an
    ``item`` JSON column holding the item as the record has it.
    """

    name: str
    columns: tuple[Column, ...]
    items: Callable[[dict[str, Any]], Iterator[dict[str, Any]]]
    indexes: tuple[str | tuple[str, ...], ...] = ()  # a column, or the columns of one index

    def rows(self, record: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        """``(column values, item)`` for each item of ``record`` that goes in this table."""
        for item in self.items(record):
            yield tuple(column.value(item, record) for column in self.columns), item


def _list(name: str) -> Callable[[dict[str, Any]], Iterator[dict[str, Any]]]:
    def items(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
        yield from record.get(name) or ()

    return items


def _mentions(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    # Mentions of entities and of places, in one table, told apart by ``owner``.
    for owner, key in (("entity", "entities"), ("place", "places")):
        for item in record.get(key) or ():
            for mention in item.get("mentions") or ():
                yield {**mention, "owner": owner, "owner_id": item.get("id")}


SPAN = (col("text"), col("start_char", INT, "start"), col("end_char", INT, "end"))
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def event_day(record: dict[str, Any], event: dict[str, Any]) -> str | None:
    """An event's day (``YYYY-MM-DD``): its own time expression's where that names a day, else the
    day its document was published; None when neither is known."""
    time = next((t for t in record.get("times") or () if t.get("id") == event.get("time")), None)
    if time is not None and time.get("granularity") == "day" and DAY.fullmatch(time.get("value") or ""):
        return time["value"]
    published = record.get("published") or ""
    return published[:10] if DAY.match(published) else None


def _event_place(record: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    return next((p for p in record.get("places") or () if p.get("id") == event.get("place")), {})


def event_lat(record: dict[str, Any], event: dict[str, Any]) -> float | None:
    """The latitude of the place an event happened (kept on the event, for map boxes)."""
    return _event_place(record, event).get("lat")


def event_lon(record: dict[str, Any], event: dict[str, Any]) -> float | None:
    return _event_place(record, event).get("lon")

# The documents table: the record's header fields, the text for full-text search, and
# the full record JSON (what ``get`` returns).
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    col("doc_id"),
    col("lang"),
    col("title"),
    col("published"),
    col("outlet", TEXT, "source", "outlet"),
    col("url", TEXT, "source", "url"),
    col("path", TEXT, "source", "path"),
    col("source_id", TEXT, "source", "id"),
    col("text"),
    Column("record", JSON),
)

TABLES: tuple[Table, ...] = (
    Table(
        "entities",
        (col("entity_id", TEXT, "id"), col("name"), col("type"), col("country"), col("kb_id"), col("description")),
        _list("entities"),
        indexes=("name", "type", "country"),
    ),
    Table(
        "mentions",
        (col("owner"), col("owner_id"), *SPAN),
        _mentions,
        indexes=("text",),
    ),
    Table(
        "places",
        (col("place_id", TEXT, "id"), col("name"), col("country"), col("feature"),
         col("lat", REAL), col("lon", REAL), col("geonameid", INT)),
        _list("places"),
        indexes=("name", "country", ("lat", "lon")),
    ),
    Table(
        "times",
        (col("time_id", TEXT, "id"), *SPAN, col("value"), col("granularity")),
        _list("times"),
        indexes=("value",),
    ),
    Table(
        "quantities",
        (col("quantity_id", TEXT, "id"), *SPAN, col("value", REAL), col("upper", REAL), col("qualifier"),
         col("category"), col("unit"), col("of_what", TEXT, "of")),
        _list("quantities"),
        indexes=("category",),
    ),
    Table(
        "quotes",
        (col("quote_id", TEXT, "id"), col("kind"), col("speaker"), col("speaker_entity"), col("cue"), *SPAN),
        _list("quotes"),
        indexes=("speaker",),
    ),
    Table(
        "events",
        (col("event_id", TEXT, "id"), col("type"), col("certainty"), col("mode"), col("cameo"),
         col("actor1", TEXT, "actor1", "text"), col("actor1_entity", TEXT, "actor1", "entity"),
         col("actor1_country", TEXT, "actor1", "country"),
         col("actor2", TEXT, "actor2", "text"), col("actor2_entity", TEXT, "actor2", "entity"),
         col("actor2_country", TEXT, "actor2", "country"),
         col("place"), col("time"), col("attribution"), col("negated", BOOL),
         col("trigger", TEXT, "trigger", "text"), col("sentence_start", INT, "sentence", "start"),
         col("sentence_end", INT, "sentence", "end"), Column("date", TEXT, derive=event_day),
         Column("lat", REAL, derive=event_lat), Column("lon", REAL, derive=event_lon)),
        _list("events"),
        # Listings filter on one of these and page by date: each index walks in date order, and
        # holds the certainty so that a filter on both is counted from the index alone.
        indexes=(("date",), ("type", "date", "certainty"), ("actor1_country", "date", "certainty"),
                 ("actor2_country", "date", "certainty"), ("certainty", "date"), ("lat", "lon", "type")),
    ),
)

TABLE_NAMES: tuple[str, ...] = ("documents", *(table.name for table in TABLES))
# Columns of ``events`` that warta.store/1 did not have (``Store._upgrade`` adds and fills them).
ADDED_TO_EVENTS = ("date", "lat", "lon")

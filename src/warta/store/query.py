"""Filtered, paged reads of the store: documents, events, and entities across documents.

What the API and the dashboard list. The statements are written once over the dialect's
identifiers and placeholders, so SQLite and PostgreSQL run the same SQL; every filter
is a bound parameter, never text pasted into the statement.

An event's date is the day of its own time expression where that names a day, else the
day its document was published (the ``events.date`` column, see
:func:`warta.store.tables.event_day`); listings by date walk its indexes. An entity across documents is keyed by its Wikidata
id where it has one (``Q252``), else by its name (``name:Komisi III``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import StoreError
from .sql import Dialect

MAX_LIMIT = 500
# Totals are counted up to here: past it a listing says "at least" (what search engines do),
# so that paging through a large store never counts every match again.
COUNT_CAP = 10_000
# A selection this large is paged by walking the date index (a page is found within a few
# thousand rows); a smaller one through its filter's index, then sorted.
WALK_DATES_FROM = 2_000
# The map shows at most this many places, those with the most events.
MAX_PLACES = 2_000
NAME_KEY = "name:"


class EntityNotFound(StoreError):
    """No stored document names the entity asked for."""


@dataclass(frozen=True, kw_only=True)
class Page:
    """One page of a listing: ``items`` from ``offset`` on, of ``total`` matching (at least
    ``total`` where ``total_exact`` is false: counting stops at :data:`COUNT_CAP`)."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)
    total_exact: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "total_exact": self.total_exact, "limit": self.limit, "offset": self.offset,
                "items": self.items}


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events to list; ``None`` leaves a field unfiltered. Dates are ``YYYY-MM-DD``,
    both ends included; ``bbox`` is (west, south, east, north) in degrees."""

    type: str | None = None
    actor1_country: str | None = None
    actor2_country: str | None = None
    certainty: str | None = None
    since: str | None = None
    until: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    doc_id: str | None = None
    entity: str | None = None  # an entity key: events it takes part in


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise StoreError("offset must not be negative")


class Where:
    """A WHERE clause built from optional conditions, with its parameters in order."""

    def __init__(self, dialect: Dialect) -> None:
        self.p = dialect.param
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *values: Any) -> None:
        """Adds ``clause`` (``?`` marks each value's place) when no value is None."""
        if any(v is None for v in values):
            return
        self.clauses.append(clause.replace("?", self.p))
        self.params.extend(values)

    def sql(self) -> str:
        return f" WHERE {' AND '.join(self.clauses)}" if self.clauses else ""


def entity_key(kb_id: str | None, name: str | None) -> str:
    return kb_id or f"{NAME_KEY}{name or ''}"


def _entity_match(key: str) -> tuple[str, str]:
    """The condition on the ``entities`` table (alias ``n``) that picks ``key``, and its value."""
    if key.startswith(NAME_KEY):
        return "n.kb_id IS NULL AND n.name = ?", key[len(NAME_KEY):]
    return "n.kb_id = ?", key


EVENT_FROM = " FROM events e"
WITH_PLACE = " LEFT JOIN places p ON p.doc_id = e.doc_id AND p.place_id = e.place"
WITH_DOCUMENT = " JOIN documents d ON d.doc_id = e.doc_id"


def _event_where(dialect: Dialect, where: EventFilter, *, walk_dates: bool = False) -> Where:
    """The conditions of ``where``; with ``walk_dates`` the map box is tested row by row (kept off its
    index), so that a page of a large selection is read in date order, not sorted."""
    w = Where(dialect)
    w.add("e.type = ?", where.type)
    w.add("e.actor1_country = ?", where.actor1_country)
    w.add("e.actor2_country = ?", where.actor2_country)
    # Six values: its index only pays when nothing narrower is asked (and sampled statistics may not know).
    narrower = any(v is not None for v in (where.type, where.actor1_country, where.actor2_country, where.doc_id))
    w.add(f"{dialect.unindexed('e.certainty') if narrower else 'e.certainty'} = ?", where.certainty)
    w.add("e.doc_id = ?", where.doc_id)
    w.add("e.date >= ?", where.since)
    w.add("e.date <= ?", where.until)
    if where.bbox is not None:
        west, south, east, north = where.bbox
        lat, lon = (dialect.unindexed(c) if walk_dates else c for c in ("e.lat", "e.lon"))
        w.add(f"{lat} BETWEEN ? AND ?", south, north)
        if west <= east:
            w.add(f"{lon} BETWEEN ? AND ?", west, east)
        else:  # across the antimeridian
            w.add(f"({lon} >= ? OR {lon} <= ?)", west, east)
    if where.entity is not None:
        clause, value = _entity_match(where.entity)
        w.add(f"EXISTS (SELECT 1 FROM entities n WHERE n.doc_id = e.doc_id AND {clause}"
              " AND n.entity_id IN (e.actor1_entity, e.actor2_entity))", value)
    return w


def events_sql(dialect: Dialect, where: EventFilter, *, newest_first: bool,
               walk_dates: bool = False) -> tuple[str, str, list[Any]]:
    """(statement of one row per match, page statement, parameters) for the events ``where``
    selects, by date (undated ones last, on every backend), then by document and position. The
    page statement ends with the page's LIMIT and OFFSET placeholders. ``walk_dates``: the selection
    is large (see :func:`_event_where`)."""
    w = _event_where(dialect, where, walk_dates=walk_dates)
    p, order = dialect.param, "DESC" if newest_first else "ASC"
    ordering = f"ORDER BY e.date {order} NULLS LAST, e.doc_id {order}, e.seq"
    matching = f"SELECT 1{EVENT_FROM}{w.sql()}"
    # The page's keys first, from the events alone: the rows an OFFSET skips are never joined.
    keys = f"SELECT e.doc_id, e.seq{EVENT_FROM}{w.sql()} {ordering} LIMIT {p} OFFSET {p}"
    page = (f"SELECT e.doc_id, e.item, d.title, d.published, d.outlet, d.url, p.name, p.country, p.lat, p.lon,"
            f" e.date FROM ({keys}) k JOIN events e ON e.doc_id = k.doc_id AND e.seq = k.seq"
            f"{WITH_DOCUMENT}{WITH_PLACE} {ordering}")
    return matching, page, w.params


def timeline_sql(dialect: Dialect, where: EventFilter) -> tuple[str, list[Any]]:
    """Events per day and type (rows: day, type, count), oldest day first; undated events left out."""
    w = _event_where(dialect, where)
    w.clauses.append("e.date IS NOT NULL")
    return (f"SELECT e.date, e.type, COUNT(*){EVENT_FROM}{w.sql()} GROUP BY 1, 2 ORDER BY 1, 2",
            w.params)


def types_sql(dialect: Dialect, where: EventFilter) -> tuple[str, list[Any]]:
    """Events per type (rows: type, count), most first."""
    w = _event_where(dialect, where)
    return (f"SELECT e.type, COUNT(*){EVENT_FROM}{w.sql()} GROUP BY e.type ORDER BY 2 DESC, 1",
            w.params)


def places_sql(dialect: Dialect, where: EventFilter) -> tuple[str, list[Any]]:
    """Events per point and type (rows: lat, lon, type, count), from the events' own coordinates
    (the ``(lat, lon, type)`` index answers it without reading the rows)."""
    w = _event_where(dialect, where)
    w.clauses.append("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    return f"SELECT e.lat, e.lon, e.type, COUNT(*){EVENT_FROM}{w.sql()} GROUP BY 1, 2, 3", w.params


def place_names_sql(dialect: Dialect, points: int) -> str:
    """The name and country of the places at ``points`` (lat, lon) pairs (parameters: lat, lon, ...)."""
    pairs = ", ".join([f"({dialect.param}, {dialect.param})"] * points)
    return (f"SELECT p.lat, p.lon, MIN(p.name), MIN(p.country) FROM places p WHERE (p.lat, p.lon) IN (VALUES {pairs})"
            " GROUP BY p.lat, p.lon")


def event_row(dialect: Dialect, row: tuple[Any, ...]) -> dict[str, Any]:
    """An event listing's row: the event as the record has it, with its document and place."""
    doc_id, item, title, published, outlet, url, place, country, lat, lon, date = row
    return {
        "doc_id": doc_id, "date": date, "title": title, "published": published, "outlet": outlet, "url": url,
        "place_name": place, "place_country": country, "lat": lat, "lon": lon,
        "event": dialect.load_json(item),
    }


def documents_sql(dialect: Dialect, *, lang: str | None, outlet: str | None, since: str | None,
                  until: str | None, query: str | None) -> tuple[str, str, list[Any]]:
    w = Where(dialect)
    w.add("d.lang = ?", lang)
    w.add("d.outlet = ?", outlet)
    w.add("substr(d.published, 1, 10) >= ?", since)
    w.add("substr(d.published, 1, 10) <= ?", until)
    if query is not None:
        expression = dialect.search_query(query)
        w.add(dialect.search_filter(), expression or None)
        if not expression:  # no word to look for: nothing matches
            w.clauses.append("1 = 0")
    count = f"SELECT 1 FROM documents d{w.sql()}"
    page = ("SELECT d.doc_id, d.title, d.lang, d.published, d.outlet, d.url,"
            " (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.doc_id)"
            f" FROM documents d{w.sql()} ORDER BY d.published DESC NULLS LAST, d.seq DESC LIMIT {dialect.param} OFFSET {dialect.param}")
    return count, page, w.params


def document_row(row: tuple[Any, ...]) -> dict[str, Any]:
    doc_id, title, lang, published, outlet, url, events = row
    return {"doc_id": doc_id, "title": title, "lang": lang, "published": published, "outlet": outlet,
            "url": url, "events": int(events)}


def entities_sql(dialect: Dialect, *, query: str | None, type: str | None,
                 country: str | None) -> tuple[str, str, list[Any]]:
    """Entities across documents, grouped by key, most documents first."""
    w = Where(dialect)
    # The user's words are matched as written: LIKE's own wildcards in them are escaped.
    escaped = None if query is None else re.sub(r"([\\%_])", r"\\\1", query.lower())
    w.add("LOWER(n.name) LIKE ? ESCAPE '\\'", None if escaped is None else f"%{escaped}%")
    w.add("n.type = ?", type)
    w.add("n.country = ?", country)
    key = "COALESCE(n.kb_id, n.name)"
    grouped = (f"SELECT n.kb_id, MIN(n.name) AS name, MIN(n.type) AS type, MIN(n.country) AS country,"
               f" COUNT(DISTINCT n.doc_id) AS documents FROM entities n{w.sql()}"
               f" GROUP BY n.kb_id, CASE WHEN n.kb_id IS NULL THEN n.name END")
    count = grouped
    page = f"{grouped} ORDER BY documents DESC, MIN({key}) LIMIT {dialect.param} OFFSET {dialect.param}"
    return count, page, w.params


def entity_row(row: tuple[Any, ...]) -> dict[str, Any]:
    kb_id, name, type_, country, documents = row
    return {"key": entity_key(kb_id, name), "name": name, "type": type_, "country": country, "kb_id": kb_id,
            "documents": int(documents)}


def entity_rows_sql(dialect: Dialect, key: str) -> tuple[str, list[Any]]:
    """Every document's row of the entity ``key``: the document, the entity's item."""
    clause, value = _entity_match(key)
    sql = (f"SELECT n.doc_id, n.item, d.title, d.published FROM entities n JOIN documents d ON d.doc_id = n.doc_id"
           f" WHERE {clause} ORDER BY d.published DESC NULLS LAST, d.seq DESC")
    return sql.replace("?", dialect.param), [value]

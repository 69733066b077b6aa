"""The query parameters the API and the dashboard share, checked, and the API's error type."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from ..model import CERTAINTIES, EVENT_TYPES
from ..store import EventFilter
from ..store.query import MAX_LIMIT


class ApiError(Exception):
    """An error the API answers with ``{"error": reason}`` and ``status``."""

    def __init__(self, status: int, reason: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers


MAX_QUERY_CHARS = 500
# An empty value is no filter (what a form sends for a field left blank).
DAY = r"^(\d{4}-\d{2}-\d{2})?$"
COUNTRY = r"^([A-Z]{3})?$"
TYPE = f"^({'|'.join(EVENT_TYPES)})?$"
CERTAINTY = f"^({'|'.join(CERTAINTIES)})?$"
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many items (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Day = Annotated[str | None, Query(pattern=DAY, description="A day, YYYY-MM-DD (included).")]
Country = Annotated[str | None, Query(pattern=COUNTRY, description="ISO 3166-1 alpha-3 code.")]
Words = Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)]


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees."""
    if text is None:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise ApiError(400, "bbox: give west,south,east,north in degrees") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiError(400, "bbox: longitudes within -180..180, latitudes within -90..90, south <= north")
    return west, south, east, north


def event_filter(type: Annotated[str | None, Query(pattern=TYPE, description="A PLOVER type.")] = None,
                 actor1_country: Country = None, actor2_country: Country = None,
                 certainty: Annotated[str | None, Query(pattern=CERTAINTY)] = None,
                 since: Day = None, until: Day = None,
                 bbox: Annotated[str | None, Query(max_length=100, description="west,south,east,north")] = None,
                 doc_id: Annotated[str | None, Query(max_length=64)] = None,
                 entity: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS,
                                                     description="An entity key (from /api/entities).")] = None,
                 ) -> EventFilter:
    """The event filter a request's query parameters give (the API's and the dashboard's)."""
    return EventFilter(type=type or None, actor1_country=actor1_country or None,
                       actor2_country=actor2_country or None, certainty=certainty or None, since=since or None,
                       until=until or None, bbox=parse_bbox(bbox or None), doc_id=doc_id or None,
                       entity=entity or None)

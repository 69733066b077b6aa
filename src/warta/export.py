"""Export events in the formats other tools read: PLOVER JSON and a GDELT-style TSV.

PLOVER JSON: one object per event with the PLOVER fields (``id``, ``date``, ``event``,
``mode``, ``actor``, ``actor_country``, ``recipient``, ``recipient_country``, ``geo``,
``text``, ``source``...) plus warta's provenance (``certainty``, ``attribution``,
character offsets of the trigger and sentence).

GDELT-style TSV: the columns of GDELT 2.0's event table that warta can fill, under
GDELT's own column names (``SQLDATE``, ``Actor1Code``, ``EventCode``, ``ActionGeo_Lat``,
``SOURCEURL``...), so GDELT readers load it unchanged; actor codes are CAMEO-like
(ISO-3 country + sector: ``PRKMIL``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from .model import Actor, Document, Event, Place

PLOVER_VERSION = "PLOVER 2021"


class ExportFormat(StrEnum):
    """The formats the CLI and the server export events in."""

    plover = "plover"
    gdelt = "gdelt"

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode",
    "EventBaseCode", "EventRootCode", "PLOVERType", "PLOVERMode", "Certainty", "Negated",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL", "SourceQuote", "Sentence",
)
# GDELT's ActionGeo_Type: 1 country, 3 US city, 4 world city, 5 world state (admin1).
GEO_TYPE = {"country": 1, "admin1": 5, "city": 4, "region": 5, "other": 4}


def _event_date(doc: Document, event: Event) -> str | None:
    times = {t.id: t for t in doc.times}
    value = times[event.time].value if event.time in times else None
    if value and "X" not in value:
        return value
    return (doc.published or "")[:10] or None


def _actor_code(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return f"{actor.country or ''}{actor.sector or ''}"


def _place(doc: Document, event: Event) -> Place | None:
    return next((p for p in doc.places if p.id == event.place), None)


def plover_records(doc: Document) -> list[dict[str, Any]]:
    """The document's events as PLOVER JSON objects."""
    quotes = {q.id: q for q in doc.quotes}
    records = []
    for event in doc.events:
        place = _place(doc, event)
        quote = quotes.get(event.attribution) if event.attribution else None
        records.append({
            "id": f"{doc.doc_id}-{event.id}",
            "date": _event_date(doc, event),
            "event": event.type,
            "mode": event.mode,
            "context": [],
            "cameo": event.cameo,
            "actor": event.actor1.text if event.actor1 else None,
            "actor_country": event.actor1.country if event.actor1 else None,
            "actor_sector": event.actor1.sector if event.actor1 else None,
            "recipient": event.actor2.text if event.actor2 else None,
            "recipient_country": event.actor2.country if event.actor2 else None,
            "recipient_sector": event.actor2.sector if event.actor2 else None,
            "geo": None if place is None else {
                "placename": place.name, "country": place.country, "lat": place.lat, "lon": place.lon,
                "geonameid": place.geonameid, "feature": place.feature,
            },
            "certainty": event.certainty,
            "negated": event.negated,
            "attribution": quote.speaker if quote else None,
            "text": event.sentence.text,
            "trigger": {"text": event.trigger.text, "start": event.trigger.start, "end": event.trigger.end},
            "sentence": {"start": event.sentence.start, "end": event.sentence.end},
            "source": {"doc_id": doc.doc_id, "url": doc.source.url, "outlet": doc.source.outlet,
                       "published": doc.published, "lang": doc.lang},
            "version": PLOVER_VERSION,
        })
    return records


def gdelt_rows(doc: Document) -> list[dict[str, Any]]:
    """The document's events as GDELT-style rows (dicts keyed by ``GDELT_COLUMNS``)."""
    quotes = {q.id: q for q in doc.quotes}
    rows = []
    for event in doc.events:
        place = _place(doc, event)
        date = (_event_date(doc, event) or "").replace("-", "")
        quote = quotes.get(event.attribution) if event.attribution else None
        cameo = event.cameo or ""
        rows.append({
            "GLOBALEVENTID": f"{doc.doc_id}-{event.id}",
            "SQLDATE": date[:8],
            "Actor1Code": _actor_code(event.actor1),
            "Actor1Name": event.actor1.text if event.actor1 else "",
            "Actor1CountryCode": (event.actor1.country or "") if event.actor1 else "",
            "Actor1Type1Code": (event.actor1.sector or "") if event.actor1 else "",
            "Actor2Code": _actor_code(event.actor2),
            "Actor2Name": event.actor2.text if event.actor2 else "",
            "Actor2CountryCode": (event.actor2.country or "") if event.actor2 else "",
            "Actor2Type1Code": (event.actor2.sector or "") if event.actor2 else "",
            "IsRootEvent": 1,
            "EventCode": cameo,
            "EventBaseCode": cameo[:3],
            "EventRootCode": cameo[:2],
            "PLOVERType": event.type,
            "PLOVERMode": event.mode or "",
            "Certainty": event.certainty,
            "Negated": int(event.negated),
            "ActionGeo_Type": GEO_TYPE.get(place.feature or "other", 4) if place else 0,
            "ActionGeo_FullName": place.name if place else "",
            "ActionGeo_CountryCode": (place.country or "") if place else "",
            "ActionGeo_Lat": place.lat if place and place.lat is not None else "",
            "ActionGeo_Long": place.lon if place and place.lon is not None else "",
            "ActionGeo_FeatureID": place.geonameid if place and place.geonameid else "",
            "DATEADDED": (doc.published or "").replace("-", "")[:8],
            "SOURCEURL": doc.source.url or doc.source.path or "",
            "SourceQuote": quote.speaker if quote and quote.speaker else "",
            "Sentence": " ".join(event.sentence.text.split()),
        })
    return rows


def gdelt_tsv(docs: Iterable[Document], *, header: bool = True) -> str:
    """GDELT-style TSV text for the events of ``docs``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=GDELT_COLUMNS, delimiter="\t", lineterminator="\n")
    if header:
        writer.writeheader()
    for doc in docs:
        writer.writerows(gdelt_rows(doc))
    return out.getvalue()

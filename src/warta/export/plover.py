"""PLOVER JSON lines (the PLOVER manual, draft 1.3) and the POLECAT data set's tab-separated layout.

PLOVER: ``id``, ``date`` (YYYY-MM-DD), ``event`` (a list of one type), ``mode`` and ``context``
(lists of PLOVER's own values, or null), ``actor`` and ``recipient`` (lists of entity objects:
``entity_text``, ``code`` (ISO 3166-1 alpha-3, or UNO/EUR/IGO/NGO), ``sector``,
``identifier_id`` (Wikidata), ``identifier_text``), ``event_loc`` (the manual's location
object, with GeoNames id, feature class and code and resolution), ``event_text``,
``quad_code``, ``event_scale``, ``text``, ``text_info``, ``cite_info``, ``coder`` and
``coded_date``. The manual allows named fields beyond its own: warta adds ``cameo``,
``certainty``, ``negated``, ``attribution``, ``trigger`` (character offsets), ``published``
and ``reports`` (the event's story, and how many of its copies and which outlets report it).
``text`` is the sentence the event was coded from: the manual asks for it only where the
rights to the text allow, which is the exporter's to judge for their own articles.

An event PLOVER cannot hold is left out: one with no actor (PLOVER requires one), one of a
type that requires a recipient without one, one without a date.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import Actor, Event
from .codes import countries, crosswalk, division, international, plover
from .views import EventView, LeftOut, clean_field, decimal

CODEBOOK = "PLOVER 1.3"
CODER = f"warta {__version__}"


def mode_and_contexts(event: Event) -> tuple[str | None, tuple[str, ...]]:
    """The event's PLOVER mode (one of PLOVER's for its type, or None) and the contexts its
    warta mode stands for."""
    tables = plover()
    mode, contexts = event.mode, ()
    if mode and mode not in tables["modes"].get(event.type, ()):
        mapped = tables["from_warta"].get(event.type, {}).get(mode, {})
        mode, contexts = mapped.get("mode"), tuple(mapped.get("contexts") or ())
    return mode, contexts


def contexts(view: EventView) -> list[str]:
    """PLOVER contexts: the mode's, the CAMEO code's (PLOVER's crosswalk), and the auxiliary
    ``future``/``hypothetical``/``negation`` of an event not stated as fact."""
    known = set(plover()["contexts"])
    found = [*view.plover_mode[1], *(c for c in crosswalk()[view.cameo].contexts if c in known)]
    modality = plover()["modality"]
    found += [modality[flag] for flag in ("negated" if view.event.negated else None, view.event.certainty)
              if flag in modality]
    return list(dict.fromkeys(found))


def actor_object(view: EventView, actor: Actor) -> dict[str, Any]:
    """A PLOVER entity object for an actor."""
    entity = view.entity(actor)
    code = actor.country
    if entity is not None and entity.name in international():
        code = international()[entity.name].plover
    elif actor.sector in ("IGO", "NGO") and not code:
        code = actor.sector
    return {
        "entity_text": actor.text,
        "code": code,
        "sector": plover()["sectors"].get(actor.sector or ""),
        "identifier_id": entity.kb_id if entity else None,
        "identifier_text": entity.name if entity else None,
    }


def location(view: EventView) -> dict[str, Any] | None:
    """The manual's location object for the event's place."""
    place = view.place
    if place is None:
        return None
    country = countries().get(place.country or "")
    feature = plover()["features"].get(place.feature or "other", plover()["features"]["other"])
    part = division(place)
    mention = place.mentions[0].text if place.mentions else place.name
    return {
        "extracted_place": mention,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "city": place.name if place.feature == "city" else None,
        "district": None,
        "province": place.name if place.feature == "admin1" else (part.name or None) if part else None,
        "country": country.name if country else None,
        "country_code": place.country,
        "feature_class": feature["class"],
        "feature_code": feature["code"],
        "resolution": feature["resolution"],
    }


def _checked(view: EventView) -> str:
    """The event's date, once it is known PLOVER can hold the event."""
    event = view.event
    if event.actor1 is None:
        raise LeftOut("no actor")
    if plover()["types"][event.type].get("requires_recipient") and event.actor2 is None:
        raise LeftOut("no recipient (required by PLOVER)")
    if view.day is None:
        raise LeftOut("no date")
    return view.day


def record(view: EventView) -> dict[str, Any]:
    """The event as a PLOVER JSON object."""
    day = _checked(view)
    event, doc = view.event, view.doc
    mode = view.plover_mode[0]
    kind = plover()["types"][event.type]
    found = contexts(view)
    return {
        "id": view.key,
        "date": day,
        "event": [event.type],
        "mode": [mode] if mode else None,
        "context": found or None,
        "actor": [actor_object(view, event.actor1)],
        "recipient": [actor_object(view, event.actor2)] if event.actor2 else None,
        "event_loc": location(view),
        "event_text": [event.trigger.text],
        "quad_code": kind["quad"],
        "event_scale": kind["score"],
        "text": event.sentence.text,
        "text_info": {"sequence": view.sequence, "start": event.sentence.start, "end": event.sentence.end,
                      "text_story": doc.doc_id},
        "cite_info": {"url": doc.source.url, "title": doc.title, "language": doc.lang,
                      "publication": doc.source.outlet, "codebook": CODEBOOK, "version": CODER},
        "coder": CODER,
        "coded_date": view.added().date().isoformat(),
        # warta's own fields: where the event comes from and how sure the text is of it.
        "cameo": view.cameo,
        "certainty": event.certainty,
        "negated": event.negated,
        "attribution": {"speaker": view.quote.speaker, "quote": view.quote.id} if view.quote else None,
        "trigger": {"text": event.trigger.text, "start": event.trigger.start, "end": event.trigger.end},
        "published": doc.published,
        "reports": {"story": view.story.story_id if view.story else doc.doc_id, "articles": view.articles,
                    "sources": list(view.sources)},
    }


def json_line(view: EventView) -> str:
    return json.dumps(record(view), ensure_ascii=False) + "\n"


POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    *(name.format(who) for who in ("Actor", "Recipient") for name in (
        "{} Name", "{} Country", "{} COW", "Primary {} Sector", "{} Sectors", "{} Title", "{} Name Raw",
        "Wikipedia {} ID")),
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)
POLECAT_HEADER = "\t".join(POLECAT_COLUMNS) + "\n"
MISSING = "None"  # as POLECAT's files write an empty field


def _polecat_actor(view: EventView, actor: Actor | None) -> list[str]:
    if actor is None:
        return [MISSING] * 8
    obj = actor_object(view, actor)
    entity = view.entity(actor)
    sector = obj["sector"] or MISSING
    return [obj["identifier_text"] or actor.text, obj["code"] or MISSING, MISSING, sector, sector,
            (entity.description if entity and entity.description else MISSING), actor.text,
            obj["identifier_id"] or MISSING]


def polecat_line(view: EventView) -> str:
    day = _checked(view)
    event, doc = view.event, view.doc
    mode = view.plover_mode[0]
    kind = plover()["types"][event.type]
    loc = location(view) or {}

    def names(entity_type: str) -> str:
        return "; ".join(e.name for e in doc.entities if e.type == entity_type) or MISSING

    values = [
        view.key, day, event.type, mode or MISSING, f"{kind['score']:.1f}", plover()["quad_names"][kind["quad"]],
        "; ".join(contexts(view)) or MISSING,
        *_polecat_actor(view, event.actor1), *_polecat_actor(view, event.actor2),
        loc.get("resolved_place") or MISSING, loc.get("city") or MISSING, MISSING, loc.get("province") or MISSING,
        loc.get("country_code") or MISSING, decimal(loc.get("lat")) or MISSING, decimal(loc.get("lon")) or MISSING,
        str(loc.get("geonameid") or MISSING), loc.get("extracted_place") or MISSING,
        loc.get("feature_code") or MISSING, doc.source.outlet or MISSING, (doc.published or "")[:10] or MISSING,
        names("PER"), names("ORG"), "; ".join(p.name for p in doc.places) or MISSING, doc.lang or MISSING, CODER,
    ]
    return "\t".join(clean_field(v) for v in values) + "\n"

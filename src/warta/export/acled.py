"""ACLED-style CSV: the 31 columns of ACLED's data export, for the events ACLED codes.

ACLED records political violence, demonstrations and strategic developments; which PLOVER
events are which (and as what sub-event type) is ``data/export/acled.yaml``, and an event of
another type is left out. ``fatalities`` is the event's count of people killed (0 when
the text gives none, as ACLED records no information); ``notes`` is the sentence the event
was coded from; ``tags`` says when the text does not state the event as fact; ``source`` is
the outlet. ``event_id_cnty`` is the place's country code and a stable number; region,
admin2, admin3 and source_scale are left empty.
"""

from __future__ import annotations

from typing import Any

from ..model import Actor
from . import EventView, LeftOut, csv_line, number
from .codes import acled, countries, division
from .plover import mode_and_contexts

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
HEADER = csv_line(COLUMNS)
# ACLED's geo_precision: 1 a town, 2 near a town or a small part of a region, 3 a larger region.
GEO_PRECISION = {"city": 1, "other": 2, "region": 3, "admin1": 3, "country": 3}


def _kind(view: EventView) -> dict[str, Any]:
    rules = acled()["events"].get(view.event.type)
    if not rules:
        raise LeftOut("not an ACLED event type")
    mode, _ = mode_and_contexts(view)
    modes = {m for m in (view.event.mode, mode) if m}
    target = _target(view)
    for rule in rules:
        if "mode" in rule and not modes & set(rule["mode"]):
            continue
        if "target" in rule and rule["target"] != target:
            continue
        return rule
    raise LeftOut("not an ACLED event type")


ARMED = ("MIL", "REB", "POL", "INT", "GOV")


def _target(view: EventView) -> str | None:
    """Whether the recipient is civilian or armed (or a state), as far as the record tells."""
    actor = view.event.actor2
    if actor is None:
        return None
    if actor.sector in ARMED:
        return "armed"
    if actor.sector == "CVL":
        return "civilian"
    entity = view.entity(actor)
    if entity is not None and entity.type == "PER":
        return "civilian"
    return "armed" if entity is not None and entity.type == "GPE" else None


def _name(view: EventView, actor: Actor | None) -> str:
    """ACLED's actor naming: the actor, then its country in brackets (``Police Forces of X (X)``)."""
    if actor is None:
        return ""
    entity = view.entity(actor)
    name = entity.name if entity else actor.text
    country = countries().get(actor.country or "")
    return f"{name} ({country.name})" if country and country.name not in name else name


def _inter(view: EventView, actor: Actor | None, event_type: str) -> str:
    if actor is None or actor.sector not in acled()["inter"]:
        return ""
    inter = acled()["inter"][actor.sector]
    if inter == "State forces" and view.place and view.place.country and actor.country \
            and actor.country != view.place.country:
        return "External/Other forces"
    if inter == "Civilians" and event_type in ("Protests", "Riots"):
        return "Protesters" if event_type == "Protests" else "Rioters"
    return inter


def _fatalities(view: EventView) -> int:
    """The largest count of people killed given with the event (several are often one toll told twice)."""
    wanted = set(view.event.quantities)
    return int(max((q.value for q in view.doc.quantities
                    if q.id in wanted and q.category == "killed" and q.value is not None), default=0))


def line(view: EventView) -> str:
    kind = _kind(view)
    day = view.day
    if day is None:
        raise LeftOut("no date")
    event, doc, place = view.event, view.doc, view.place
    country = countries().get(place.country or "") if place else None
    event_type = kind["event_type"]
    inter1, inter2 = _inter(view, event.actor1, event_type), _inter(view, event.actor2, event_type)
    interaction = f"{inter1}-{inter2}" if inter1 and inter2 else f"{inter1 or inter2} only" if inter1 or inter2 else ""
    part = division(place) if place else None
    tags = [] if view.factual else [f"warta: {'negated' if event.negated else event.certainty}"]
    return csv_line([
        f"{country.iso3 if country else 'XXX'}{view.number % 10**9}", day, day[:4],
        1 if view.own_day else 2, acled()["disorder_types"][event_type], event_type, kind["sub_event_type"],
        _name(view, event.actor1), "", inter1, _name(view, event.actor2), "", inter2, interaction,
        "Civilians targeted" if inter2 == "Civilians" and event_type != "Protests" else "",
        country.numeric if country else "", "", country.name if country else "",
        (place.name if place and place.feature == "admin1" else part.name if part else ""), "", "",
        place.name if place else "", number(place.lat if place else None), number(place.lon if place else None),
        GEO_PRECISION.get(place.feature or "other", 2) if place else "",
        doc.source.outlet or "", "", " ".join(event.sentence.text.split()), _fatalities(view), "; ".join(tags),
        int(view.added().timestamp()),
    ])

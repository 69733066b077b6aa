"""ACLED-style CSV: the 31 columns of ACLED's data export, for the events ACLED codes.

ACLED records political violence, demonstrations and strategic developments between named
kinds of actors; which PLOVER events are which, and as what sub-event type, is
``data/export/acled.yaml``. An event none of its rules fits is left out, and so is one with
no country (ACLED files every event under one). Actor types (``inter1``/``inter2``) come
from the actors' sectors; ``interaction`` is the pair in ACLED's order (the lower inter
code first), or "X only" when there is no second actor. ``fatalities`` is the event's count
of people killed (0 when the text gives none, as ACLED records no information); ``notes``
is the sentence the event was coded from; ``tags`` says when the text does not state the
event as fact; ``source`` is the outlets whose copies of the story report it (an event is
written once per story). ``event_id_cnty`` is the country code and a stable
number; region, admin2, admin3 and source_scale are left empty.
"""

from __future__ import annotations

from typing import Any

from ..model import Actor
from .codes import Country, acled, countries, division
from .views import EventView, LeftOut, csv_line, decimal

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
HEADER = csv_line(COLUMNS)
PROTEST_TYPES = {"Protests": "Protesters", "Riots": "Rioters"}


def _side(view: EventView, actor: Actor | None) -> str:
    """``armed`` (a sector ACLED counts as armed, or a state), ``civilian``, or ``none`` (no actor)."""
    if actor is None:
        return "none"
    if actor.sector in acled()["armed"]:
        return "armed"
    entity = view.entity(actor)
    return "armed" if entity is not None and entity.type == "GPE" and actor.sector != "CVL" else "civilian"


def _kind(view: EventView) -> dict[str, Any]:
    rules = acled()["events"].get(view.event.type)
    if not rules:
        raise LeftOut("not an ACLED event type")
    modes = {m for m in (view.event.mode, view.plover_mode[0]) if m}
    actor, target = _side(view, view.event.actor1), _side(view, view.event.actor2)
    for rule in rules:
        if ("mode" in rule and not modes & set(rule["mode"])) or rule.get("actor", actor) != actor \
                or rule.get("target", target) != target:
            continue
        return rule
    raise LeftOut("no ACLED kind fits (actors or mode)")


def _inter(view: EventView, actor: Actor | None, event_type: str, country: Country) -> str:
    if actor is None:
        return ""
    if _side(view, actor) == "civilian":
        return PROTEST_TYPES.get(event_type, "Civilians")
    inter = acled()["armed"].get(actor.sector or "", "State forces")  # an armed state of no sector: its forces
    if inter == "State forces" and actor.country and actor.country != country.iso3:
        return "External/Other forces"
    return inter


def _interaction(inter1: str, inter2: str) -> str:
    if not inter2:
        return f"{inter1} only"
    codes = acled()["inter_codes"]
    first, second = sorted((inter1, inter2), key=lambda name: codes[name])
    if {first, second} == {"Civilians", "External/Other forces"}:
        first, second = "External/Other forces", "Civilians"  # ACLED's one exception to the order (78)
    return f"{first}-{second}"


def _name(view: EventView, actor: Actor | None) -> str:
    """ACLED's actor naming: the actor, then its country in brackets (``Military Forces of X (X)``)."""
    if actor is None:
        return ""
    entity = view.entity(actor)
    name = entity.name if entity else actor.text
    country = countries().get(actor.country or "")
    return f"{name} ({country.name})" if country and country.name not in name else name


def _fatalities(view: EventView) -> int:
    """The largest count of people killed given with the event (several are often one toll told twice)."""
    wanted = set(view.event.quantities)
    return int(max((q.value for q in view.doc.quantities
                    if q.id in wanted and q.category == "killed" and q.value is not None), default=0))


def line(view: EventView) -> str:
    day = view.day
    if day is None:
        raise LeftOut("no date")
    if view.event.actor1 is None:
        raise LeftOut("no actor")
    kind = _kind(view)
    event, place = view.event, view.place
    country = countries().get((place.country if place else None) or (event.actor1.country if event.actor1 else "")
                              or "")
    if country is None:
        raise LeftOut("no country")
    event_type = kind["event_type"]
    inter1, inter2 = _inter(view, event.actor1, event_type, country), _inter(view, event.actor2, event_type, country)
    part = division(place) if place else None
    in_country = place is not None and place.country == country.iso3
    tags = [] if view.factual else [f"warta: {'negated' if event.negated else event.certainty}"]
    return csv_line([
        f"{country.iso3}{view.numeric_id % 10**9}", day, day[:4], 1 if view.own_day else 2,
        acled()["disorder_types"][kind["sub_event_type"]], event_type, kind["sub_event_type"],
        _name(view, event.actor1), "", inter1, _name(view, event.actor2), "", inter2, _interaction(inter1, inter2),
        "Civilians targeted" if inter2 == "Civilians" and event_type != "Protests" else "",
        country.numeric, "", country.name,
        (place.name if in_country and place.feature == "admin1" else part.name if part else ""), "", "",
        place.name if in_country else "", decimal(place.lat if in_country else None),
        decimal(place.lon if in_country else None),
        acled()["geo_precision"].get(place.feature or "other", 2) if in_country else 3,
        "; ".join(view.sources), "", " ".join(event.sentence.text.split()), _fatalities(view), "; ".join(tags),
        int(view.added().timestamp()),
    ])

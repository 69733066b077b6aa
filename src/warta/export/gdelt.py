"""GDELT 2.0 event table rows: the codebook's 61 columns, tab-separated, no header, no quoting.

Filled as GDELT fills them where warta knows the value: integer ids, the event's day as
SQLDATE/MonthYear/Year/FractionDate, CAMEO actor codes (country, known group, type), the
CAMEO event code that PLOVER's crosswalk gives the event's type, QuadClass and Goldstein
score from the CAMEO tables, the place as ActionGeo with FIPS 10-4 country and ADM1 codes,
DATEADDED as when the store added the article. Left empty: ethnic and religion codes,
AvgTone and ADM2 (GAUL) codes, which warta does not have; the actors' own geography
(Actor*Geo_Type 0, as GDELT writes an actor it could not place). NumMentions, NumSources
and NumArticles are 1: one article, one report.
"""

from __future__ import annotations

from ..model import Actor, Place
from . import EventView, LeftOut, clean_field, number
from .codes import cameo_code, countries, division, gdelt_quad_class, goldstein, international

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{name}" for n in (1, 2) for name in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
# The codebook's types: these are integers, these floats, the rest strings.
INTEGER_COLUMNS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                   "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED")
FLOAT_COLUMNS = ("FractionDate", "GoldsteinScale", "AvgTone", *(f"{who}Geo_{name}" for who in ("Actor1", "Actor2",
                 "Action") for name in ("Lat", "Long")))

# warta's actor sectors as CAMEO actor type codes.
CAMEO_TYPES = {"GOV": "GOV", "MIL": "MIL", "POL": "COP", "INT": "SPY", "REB": "REB", "CVL": "CVL", "MED": "MED",
               "BUS": "BUS", "JUD": "JUD", "LEG": "LEG", "IGO": "IGO", "NGO": "NGO", "PTY": "OPP", "REL": "REL"}
NO_GEO = ("0", "", "", "", "", "", "", "")


def _actor(view: EventView, actor: Actor | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1-3."""
    if actor is None:
        return [""] * 10
    entity = view.entity(actor)
    name = (entity.name if entity else actor.text).upper()
    group = international().get(entity.name) if entity else None
    known = group.cameo_group if group else None
    kind = CAMEO_TYPES.get(actor.sector or "", "")
    if actor.sector == "REL":
        kind = ""  # CAMEO codes religion apart from the type; warta does not know which religion
    country = actor.country or ""
    # CAMEO puts an international body's group after its type: the UN is IGOUNO.
    code = country + kind + ((known or "") if kind in ("IGO", "NGO") else "")
    return [code, clean_field(name), country, known or "", "", "", "", kind, "", ""]


def _geo(place: Place | None) -> tuple[str, ...]:
    """Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID of the event's place."""
    if place is None or not place.country or place.country not in countries():
        return NO_GEO
    country = countries()[place.country]
    if place.feature == "country":
        return ("1", clean_field(country.name), country.fips, country.fips, "", number(place.lat), number(place.lon),
                country.fips)
    if place.lat is None or place.lon is None:
        return NO_GEO
    part = division(place)
    adm1 = country.fips + part.code if part and len(part.code) == 2 else country.fips
    us = country.iso3 == "USA"
    if place.feature == "admin1":
        name = f"{place.name}, {country.name}"
        return ("2" if us else "5", clean_field(name), country.fips, adm1, "", number(place.lat), number(place.lon),
                adm1)
    name = ", ".join(n for n in (place.name, part.name if part else "", country.name) if n)
    return ("3" if us else "4", clean_field(name), country.fips, adm1, "", number(place.lat), number(place.lon),
            str(place.geonameid or ""))


def line(view: EventView) -> str:
    day = view.day
    if day is None:
        raise LeftOut("no date")
    year, month, dom = (int(part) for part in day.split("-"))
    event = view.event
    code = cameo_code(event)
    score = goldstein(code)
    values = [
        str(view.number), day.replace("-", ""), f"{year}{month:02d}", str(year),
        f"{year + round(((month - 1) * 30 + dom) / 365, 4):.4f}",  # as GDELT computes it (30-day months)
        *_actor(view, event.actor1), *_actor(view, event.actor2),
        "1" if view.in_lead else "0", code, code[:3], code[:2], str(gdelt_quad_class(code)),
        "" if score is None else f"{score:.1f}", "1", "1", "1", "",
        *NO_GEO, *NO_GEO, *_geo(view.place),
        view.added().strftime("%Y%m%d%H%M%S"),
        clean_field(view.doc.source.url or view.doc.source.path or ""),
    ]
    return "\t".join(values) + "\n"

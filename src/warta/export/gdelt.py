"""GDELT 2.0 event table rows: the codebook's 61 columns, tab-separated, no header, no quoting.

Filled as GDELT fills them where warta knows the value: integer ids, the event's day as
SQLDATE/MonthYear/Year/FractionDate, CAMEO actor codes (country, known group, type), the
CAMEO event code that PLOVER's crosswalk gives the event's type, QuadClass and Goldstein
score from the CAMEO tables, the place as ActionGeo with FIPS 10-4 country and ADM1 codes
(``data/export/gdelt.yaml``), DATEADDED as the 15-minute slot (UTC) in which the store
added the article. Where warta differs from GDELT, by necessity:

- AvgTone is 0 (neutral): warta does not measure tone, and GDELT's readers require a number;
- NumArticles (and NumMentions) count the copies of the event's story that report it,
  NumSources their outlets (:mod:`warta.store.stories`); an event is written once per story;
- a city's FeatureID is its GeoNames id (GDELT's are GNS/GNIS ids: they do not join);
- ADM2 codes (GAUL), ethnic and religion codes are empty, and so is the actors' own
  geography (Actor*Geo_Type 0, as GDELT writes an actor it could not place).
"""

from __future__ import annotations

from ..model import Actor, Place
from .codes import countries, division, gdelt, gdelt_quad_class, goldstein, international
from .views import EventView, LeftOut, clean_field, clean_url, decimal

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
NO_GEO = ("0", "", "", "", "", "", "", "")
SLOT_MINUTES = 15  # GDELT 2.0 adds events in 15-minute updates


def _actor(view: EventView, actor: Actor | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1-3."""
    if actor is None:
        return [""] * 10
    entity = view.entity(actor)
    group = international().get(entity.name) if entity else None
    kind = gdelt()["cameo_types"].get(actor.sector or "", "")
    if group is not None:  # an international body: IGO or NGO, then its own group code (the UN is IGOUNO)
        kind = "NGO" if group.plover == "NGO" else "IGO"
    known = group.cameo_group if group else None
    country = actor.country or ""
    code = country + kind + ((known or "") if kind in ("IGO", "NGO") else "")
    name = (entity.name if entity else actor.text).upper()
    return [code, clean_field(name), country, known or "", "", "", "", kind, "", ""]


def _country_level(fips: str, name: str) -> tuple[str, ...]:
    # No coordinates: warta keeps none for a country (GDELT writes its centroid).
    return ("1", clean_field(name), fips, fips, "", "", "", fips)


def _geo(place: Place | None) -> tuple[str, ...]:
    """Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID of the event's place."""
    if place is None or place.country not in countries():
        return NO_GEO
    country = countries()[place.country]
    fips = gdelt()["territories"].get(place.name) or country.fips
    if not fips:
        return NO_GEO
    if place.feature == "country" or place.lat is None or place.lon is None:
        return _country_level(fips, country.name)
    part = division(place)
    us = country.iso3 == "USA"
    adm1 = fips
    if part is not None and country.iso2 in gdelt()["fips_admin1"] and len(part.code) == 2:
        adm1 = fips + part.code
    lat, lon = decimal(place.lat), decimal(place.lon)
    if place.feature == "admin1" or (not place.geonameid and adm1 != fips):
        # A first-level division, or a place with no feature id of its own: placed at that level.
        feature = part.code if us and part else adm1
        name = f"{place.name if place.feature == 'admin1' else (part.name or place.name)}, {country.name}"
        return ("2" if us else "5", clean_field(name), fips, adm1, "", lat, lon, feature)
    if not place.geonameid:
        return _country_level(fips, country.name)
    name = ", ".join(n for n in (place.name, part.name if part else "", country.name) if n)
    return ("3" if us else "4", clean_field(name), fips, adm1, "", lat, lon, str(place.geonameid))


def line(view: EventView) -> str:
    day = view.day
    if day is None:
        raise LeftOut("no date")
    year, month, dom = (int(part) for part in day.split("-"))
    event, code = view.event, view.cameo
    score = goldstein(code)
    added = view.added()
    slot = added.replace(minute=added.minute - added.minute % SLOT_MINUTES, second=0, microsecond=0)
    values = [
        str(view.numeric_id), day.replace("-", ""), f"{year}{month:02d}", str(year),
        f"{year + round(((month - 1) * 30 + dom) / 365, 4):.4f}",  # as GDELT computes it (30-day months)
        *_actor(view, event.actor1), *_actor(view, event.actor2),
        "1" if view.in_lead else "0", code, code[:3], code[:2], str(gdelt_quad_class(code)),
        "" if score is None else f"{score:.1f}", str(view.articles), str(max(1, len(view.sources))),
        str(view.articles), "0.0",
        *NO_GEO, *NO_GEO, *_geo(view.place),
        slot.strftime("%Y%m%d%H%M%S"),
        clean_url(view.doc.source.url or view.doc.source.path),
    ]
    return "\t".join(values) + "\n"

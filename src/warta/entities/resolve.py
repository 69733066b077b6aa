"""In-document resolution: mentions merged into entities with name, type, country, QID, role.

Mentions of one gazetteer entry merge (``Korea Utara`` / ``Korut`` / ``North Korea``);
a bracketed short form joins its long form (``Yayasan Peduli Anak (YPA)``); a
person's later surname or given name joins the full name (``Petrov``, ``Kim``). The
country comes from the gazetteer, else from the role the text gives (``Kepala Dewan
Nasional Rusia, Ivan Petrov``), else from the name itself (``Komite Olahraga
Rusia``), else from the nearest place in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .. import gazetteer
from ..model import Entity, Span
from ..resources import DATA_DIR
from . import recognise as rec
from .tokens import Token


@dataclass
class Cluster:
    key: tuple
    type: str
    entry: gazetteer.Entry | None = None
    cands: list[rec.Candidate] = field(default_factory=list)
    # Mentions added by propagation (surnames, acronyms): (start, end).
    more: list[tuple[int, int]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min([c.start for c in self.cands] + [a for a, _ in self.more])


@cache
def city_countries() -> dict[str, str]:
    """Country of each GeoNames city of 15,000 people or more, by normalised name (the most
    populous city of a name wins): ``gazetteer/city_countries.tsv``, prebuilt by
    ``python -m warta.gazetteer build``."""
    lines = (DATA_DIR / gazetteer.CITY_COUNTRIES_TSV).read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines[2:] if line)


def resolve(text: str, lang: str, toks: list[Token], chosen: list[rec.Candidate],
            nested: list[rec.Candidate]) -> list[Entity]:
    """Merge the chosen candidates into entities, ids ``e1, e2, ...`` by first mention."""
    clusters: dict[tuple, Cluster] = {}
    order: list[Cluster] = []

    def cluster_for(key: tuple, typ: str, entry: gazetteer.Entry | None) -> Cluster:
        cl = clusters.get(key)
        if cl is None:
            cl = clusters[key] = Cluster(key, typ, entry)
            order.append(cl)
        return cl

    strong_entries = {id(c.entry) for c in chosen if c.entry is not None and not c.weak}
    for c in chosen:
        if c.entry is not None:
            if c.weak and id(c.entry) not in strong_entries:
                continue
            cluster_for(("entry", c.entry.name, c.entry.type), c.entry.type, c.entry).cands.append(c)
            continue
        # A headed place whose bare name is in the gazetteer joins that entry ("Kursk region").
        if c.core and c.type in ("GPE", "LOC"):
            entry = _place_entry(text[c.core[0]:c.core[1]])
            if entry is not None and c.indonesian_head and lang == "id" and entry.country not in (None, "IDN"):
                entry = None  # "Kampung Naga", "Desa Bago": an Indonesian unit, not the foreign city
            if entry is not None:
                c.entry = entry
                cluster_for(("entry", entry.name, entry.type), entry.type, entry).cands.append(c)
                continue
        key_text = text[c.core[0]:c.core[1]] if c.core and not text[c.start].isupper() else text[c.start:c.end]
        cluster_for(("text", c.type, gazetteer.normalise(key_text)), c.type, None).cands.append(c)

    for c in nested:
        if c.entry is not None and id(c.entry) not in strong_entries and c.type in ("GPE", "LOC"):
            # A country inside an organisation's name ("Dewan Olahraga Rusia") is a mention too.
            cluster_for(("entry", c.entry.name, c.entry.type), c.entry.type, c.entry).cands.append(c)
        elif c.entry is not None and ("entry", c.entry.name, c.entry.type) in clusters:
            clusters[("entry", c.entry.name, c.entry.type)].cands.append(c)

    _merge_people(text, order, clusters)
    _surname_only_entries(text, order)
    order = [cl for cl in order if cl.cands]
    _acronyms(text, toks, chosen, clusters)
    order = [cl for cl in order if cl.cands]
    _propagate_names(text, order, chosen)

    entities: list[Entity] = []
    order.sort(key=lambda cl: cl.first)
    maps = _Maps.of(toks, chosen)
    for n, cl in enumerate(order, 1):
        entities.append(_entity(f"e{n}", text, lang, toks, cl, order, chosen, maps))
    return entities


def _place_entry(name: str) -> gazetteer.Entry | None:
    for e in gazetteer.lookup(name):
        if e.type in ("GPE", "LOC"):
            return e
    return None


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\s+", name.strip()) if w]


def _coverage(text: str, spans: list[tuple[int, int]]) -> bytearray:
    """A byte per character of ``text``: 1 where one of ``spans`` covers it."""
    out = bytearray(len(text) + 1)
    for a, b in spans:
        out[a:b] = b"\x01" * (b - a)
    return out


def _merge_people(text: str, order: list[Cluster], clusters: dict[tuple, Cluster]) -> None:
    """A person named by part of another person's name (``Petrov``, ``Adi Wira``) joins
    that person: the first one mentioned when several share the part."""
    people = [cl for cl in order if cl.type == "PER"]
    for short in people:
        if short.entry is not None or not short.cands:
            continue
        names = {text[c.start:c.end] for c in short.cands}
        parts = max((_words(n) for n in names), key=len)
        for full in people:
            if full is short or not full.cands:
                continue
            full_names = [_words(text[c.start:c.end]) for c in full.cands]
            if full.entry is not None:
                full_names += [_words(a) for a in full.entry.aliases]
            if any(len(n) > len(parts) and _contains(n, parts) for n in full_names):
                full.cands.extend(short.cands)
                short.cands = []
                break


def _surname_only_entries(text: str, order: list[Cluster]) -> None:
    """A known person named only by a surname the text gives another person in full
    (``Yusuf`` after ``Ahmad Yusuf``) is that other person, not the known one."""
    people = [cl for cl in order if cl.type == "PER" and cl.cands]
    for known in people:
        if known.entry is None or any(len(_words(text[c.start:c.end])) > 1 for c in known.cands):
            continue
        word = text[known.cands[0].start:known.cands[0].end]
        for other in people:
            if other is known or other.entry is not None or not other.cands:
                continue
            if any(word in _words(text[c.start:c.end]) and len(_words(text[c.start:c.end])) > 1
                   for c in other.cands):
                other.cands.extend(known.cands)
                known.cands = []
                break


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[k:k + len(part)] == part for k in range(len(words) - len(part) + 1))


def _acronyms(text: str, toks: list[Token], chosen: list[rec.Candidate], clusters: dict[tuple, Cluster]) -> None:
    """A bracketed short form and all its later uses join the long form's entity."""
    by_cand = {id(c): cl for cl in clusters.values() for c in cl.cands}
    taken = _coverage(text, [(c.start, c.end) for c in chosen])
    for cand, short in rec.acronym_links(text, toks, chosen):
        cl = by_cand.get(id(cand))
        if cl is None:
            continue
        for m in re.finditer(r"(?<![\w-])" + re.escape(short.text) + r"(?![\w-])", text):
            if not taken[m.start()]:
                cl.more.append((m.start(), m.end()))
        # The short form itself may have been taken as another (unknown) name: fold it in.
        for other in list(clusters.values()):
            if other is cl or other.entry is not None:
                continue
            if all(text[c.start:c.end] == short.text for c in other.cands) and other.cands:
                cl.cands.extend(other.cands)
                other.cands = []


def _propagate_names(text: str, order: list[Cluster], chosen: list[rec.Candidate]) -> None:
    """Later bare uses of a person's surname or given name (``Kowalska``, ``Kim``)."""
    r = rec.rules()
    taken = _coverage(text, [(c.start, c.end) for c in chosen] + [m for cl in order for m in cl.more])
    seen_words: set[str] = set()
    # A word two people share ("Kim") goes to the one the text names in full most often,
    # then to a known (gazetteer) person, then to the first named.
    people = [cl for cl in order if cl.type == "PER" and cl.cands]
    for cl in sorted(people, key=lambda c: (-sum(len(_words(text[x.start:x.end])) > 1 for x in c.cands),
                                            c.entry is None, c.first)):
        full = max((text[c.start:c.end] for c in cl.cands), key=len)
        words = _words(full)
        if len(words) < 2:
            continue
        for w in (words[0], words[-1]):
            if len(w) < 3 or w.casefold() in r.not_names or w in seen_words or not w[:1].isupper():
                continue
            seen_words.add(w)
            for m in re.finditer(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text):
                a, b = m.span()
                if any(taken[a:b]):
                    continue
                # Not part of a longer capitalised name ("Kim Hye-jin" when the name is "Kim Min-ho").
                nxt = re.match(r" ([A-Z][\w-]*)", text[b:b + 40])
                prv = re.search(r"([A-Z][\w-]*) $", text[max(0, a - 40):a])
                if nxt and nxt.group(1).casefold() not in r.not_names:
                    continue
                if prv and prv.group(1).casefold() not in r.not_names and \
                        (prv.group(1).casefold(),) not in r.titles.items:
                    continue
                cl.more.append((a, b))
                taken[a:b] = b"\x01" * (b - a)


def _entity(eid: str, text: str, lang: str, toks: list[Token], cl: Cluster, order: list[Cluster],
            chosen: list[rec.Candidate], maps: _Maps) -> Entity:
    spans = sorted({(c.start, c.end) for c in cl.cands} | set(cl.more))
    mentions = [Span.of(text, a, b) for a, b in spans]
    entry = cl.entry
    typ = entry.type if entry else cl.type
    if entry is not None:
        name = entry.name
    else:
        forms = [text[c.core[0]:c.core[1]] if c.core and not text[c.start].isupper() else text[c.start:c.end]
                 for c in cl.cands] or [m.text for m in mentions]
        name = max(forms, key=lambda f: (len(_words(f)), len(f)))
        name = re.sub(r"\s+", " ", name)
    description = _description(text, lang, toks, cl, maps) if typ == "PER" else None
    country = entry.country if entry else None
    if country is None and entry is None or (entry is not None and entry.country is None and typ == "PER"):
        country = _country(text, lang, toks, cl, typ, chosen, order, description, maps)
    return Entity(id=eid, name=name, type=typ, mentions=mentions, country=country,
                  kb_id=entry.qid if entry else None, description=description and description[2])


@dataclass
class _Maps:
    """Token index by start and by end offset, and which tokens a chosen mention covers."""

    starts: dict[int, int]
    ends: dict[int, int]
    covered: list[bool]

    @classmethod
    def of(cls, toks: list[Token], chosen: list[rec.Candidate]) -> _Maps:
        covered = [False] * len(toks)
        for c in chosen:
            for k in range(*c.tokens):
                covered[k] = True
        return cls({t.start: n for n, t in enumerate(toks)}, {t.end: n for n, t in enumerate(toks)}, covered)


def _description(text: str, lang: str, toks: list[Token], cl: Cluster,
                 maps: _Maps) -> tuple[int, int, str] | None:
    """The role the text gives a person: a title before, ``ROLE, NAME``, or ``NAME, ROLE``."""
    starts, ends, covered = maps.starts, maps.ends, maps.covered
    for c in sorted(cl.cands, key=lambda c: c.start):
        if c.description:
            a, b = c.description
            return a, b, text[a:b]
        i, j = starts.get(c.start), ends.get(c.end)
        if i is None or j is None:
            continue
        tb = rec.title_before(text, toks, i, covered, lang)
        if tb is not None:
            a, b = toks[tb[0]].start, toks[tb[1] - 1].end
            return a, b, text[a:b]
        ap = rec.apposition(text, toks, j + 1)
        if ap is not None:
            return ap[0], ap[1], text[ap[0]:ap[1]]
        rc = rec.role_clause_before(text, toks, i, lang)
        if rc is not None:
            a, b = toks[rc[0]].start, toks[rc[1] - 1].end
            return a, b, text[a:b]
    return None


def _country_in(a: int, b: int, chosen: list[rec.Candidate], order: list[Cluster], text: str) -> str | None:
    """The country of the first known entity inside ``text[a:b]`` (a country, a body, a
    place), or of a demonym written there (``Russia's``, ``North Korean``)."""
    for cl in order:
        if cl.entry is None or not cl.entry.country:
            continue
        for c in cl.cands:
            if a <= c.start and c.end <= b:
                return cl.entry.country
    for cl in order:
        if cl.entry is None and cl.type in ("ORG", "FAC", "GPE", "LOC"):
            for c in cl.cands:
                if a <= c.start and c.end <= b and c.indonesian_head:
                    return "IDN"
    words = re.findall(r"[\w'-]+(?: [\w'-]+)?", text[a:b])
    for w in words:
        c = gazetteer.country_by_name(re.sub(r"'s$", "", w))
        if c is not None:
            return c.iso3
    return None


def _country(text: str, lang: str, toks: list[Token], cl: Cluster, typ: str, chosen: list[rec.Candidate],
             order: list[Cluster], description: tuple[int, int, str] | None, maps: _Maps) -> str | None:
    r = rec.rules()
    if typ == "PER":
        if description is not None:
            found = _country_in(description[0], description[1], chosen, order, text)
            if found:
                return found
            i = maps.starts.get(description[0])
            if i is not None and lang == "id":
                j = i
                while j < len(toks) and toks[j].end <= description[1]:
                    if r.indonesian_titles.match_at(toks, j, text):
                        return "IDN"
                    j += 1
        # "warga Gaza bernama X", "X, warga Gaza": an origin word with a place before the name.
        for c in cl.cands:
            k = maps.starts.get(c.start)
            if k is None:
                continue
            for back in range(1, 7):
                if k - back < 0 or toks[k - back].text in (".", "\n"):
                    break
                if r.origin_words.match_at(toks, k - back, text):
                    found = _country_in(toks[k - back].end, c.start, chosen, order, text)
                    if found:
                        return found
        if description is not None:
            # A role with no country named ("Premier Lee Min-ho"): the article's country.
            return _main_country(order)[0]
        return None
    # Organisations and places: a country in the name, the bare name as a known place.
    for c in cl.cands:
        found = _country_in(c.start, c.end, chosen, order, text)
        if found:
            return found
        core = text[c.core[0]:c.core[1]] if c.core else text[c.start:c.end]
        entry = _place_entry(core)
        if entry is not None and entry.country:
            return entry.country
        if typ in ("GPE", "LOC", "FAC"):
            iso3 = city_countries().get(gazetteer.normalise(core))
            if iso3:
                return iso3
    # A body named just before a known person is that person's ("the National Council
    # Ivan Petrov", "Polda Sukamaju Kombes ..."): the person's country.
    if typ == "ORG":
        for c in cl.cands:
            for other in order:
                if other.type == "PER" and other.entry is not None and other.entry.country and any(
                        0 <= p.start - c.end <= 2 for p in other.cands):
                    return other.entry.country
    # The nearest known place or country in the same sentence (after the mention first); not one
    # that opens or sits inside an organisation's name (``Agence France-Presse``, ``the Jakarta Post``):
    # that names the body, not where the others are.
    first = min(cl.cands, key=lambda c: c.start)
    sent_end = _sentence_end(text, first.end)
    sent_start = _sentence_start(text, first.start)
    bodies = [(c.start, c.end) for other in order if other.type == "ORG" for c in other.cands]
    best: tuple[int, str] | None = None
    for other in order:
        if other is cl or other.entry is None or not other.entry.country or other.type not in ("GPE", "LOC"):
            continue
        for c in other.cands:
            if any(s <= c.start and c.end < e for s, e in bodies):
                continue
            if sent_start <= c.start < sent_end:
                dist = c.start - first.end if c.start >= first.end else (first.start - c.end) * 2
                if best is None or dist < best[0]:
                    best = (dist, other.entry.country)
    if best:
        return best[1]
    # Else the nearest person or body with a country in the sentence ("the minister's aide ...
    # at the Grand Palace of the Moon").
    for other in order:
        if other is cl or other.entry is None or not other.entry.country or other.entry.type == "NORP":
            continue
        for c in other.cands:
            if sent_start <= c.start < sent_end:
                dist = abs(c.start - first.start)
                if best is None or dist < best[0]:
                    best = (dist, other.entry.country)
    if best:
        return best[1]
    if typ in ("GPE", "LOC", "FAC") or any(c.indonesian_head for c in cl.cands):
        # A local place or an Indonesian-headed body: the country the article is mostly about.
        main, counts = _main_country(order)
        if main is not None:
            return main
        if any(c.indonesian_head for c in cl.cands) and lang == "id" and (not counts or "IDN" in counts):
            return "IDN"
    return None


def _main_country(order: list[Cluster]) -> tuple[str | None, dict[str, int]]:
    """The country whose places and bodies the text names most, if one clearly leads."""
    counts: dict[str, int] = {}
    for cl in order:
        if cl.entry is not None and cl.entry.country and cl.entry.type in ("GPE", "LOC", "ORG", "FAC"):
            counts[cl.entry.country] = counts.get(cl.entry.country, 0) + len(cl.cands)
        elif cl.entry is None and any(c.indonesian_head for c in cl.cands):
            counts["IDN"] = counts.get("IDN", 0) + len(cl.cands)
    if not counts:
        return None, counts
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1 or ranked[0][1] >= 1.5 * ranked[1][1]:
        return ranked[0][0], counts
    return None, counts


def _sentence_end(text: str, i: int) -> int:
    m = re.compile(r"[.!?\n]").search(text, i)
    return m.end() if m else len(text)


def _sentence_start(text: str, i: int) -> int:
    k = max(text.rfind(".", 0, i), text.rfind("\n", 0, i), text.rfind("!", 0, i), text.rfind("?", 0, i))
    return k + 1

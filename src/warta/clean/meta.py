"""Metadata carried inside article bodies: datelines, wire credits, and outlet-suffixed titles.

``take_dateline`` removes an opening dateline (``Jakarta, tvOnenews.com –``,
``Liputan6.com, Jakarta -``, ``KOMPAS.com -``, ``RUSIA-``, ``SEOUL, Dec. 28 (Yonhap) --``)
and reports its place, outlet and wire. ``take_credit_lines`` removes lines that only
credit a wire (``- Anadolu``, ``(ANTARA)``); ``find_wires`` reads in-sentence credits
(``Dilansir AFP, Kamis ...``) and keeps the sentence. Names and cues come from
``data/clean/wires.yaml`` and ``data/clean/datelines.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..resources import load_yaml


@dataclass(frozen=True)
class Dateline:
    place: str | None
    outlet: str | None
    wire: str | None
    end: int  # where the body resumes
    byline: str | None = None


@dataclass(frozen=True)
class WireTables:
    alias_to_name: dict[str, str]
    ambiguous: frozenset[str]
    any_alias: re.Pattern        # every alias as a whole word
    clear_alias: re.Pattern      # aliases that need no cue
    cued: re.Pattern             # cue (+ fillers) + a list of names
    cue_after: re.Pattern        # alias + a reporting verb
    paren: re.Pattern            # (Reuters), (ANTARA), (AFP/...)
    slash: re.Pattern            # ANTARA/Budi Santoso, AFP/JOHN SMITH
    credit_line: re.Pattern      # a line that only credits a wire


@cache
def wire_tables() -> WireTables:
    data = load_yaml("clean/wires.yaml")
    alias_to_name: dict[str, str] = {}
    ambiguous: set[str] = set()
    for wire in data["wires"]:
        for alias in wire.get("aliases", [wire["name"]]):
            alias_to_name[alias] = wire["name"]
        ambiguous.update(wire.get("ambiguous_aliases", []))
    aliases = sorted(alias_to_name, key=len, reverse=True)
    alt = "|".join(re.escape(a) for a in aliases)
    clear = "|".join(re.escape(a) for a in aliases if a not in ambiguous)
    name = r"[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|de|al|el))*"
    names = rf"{name}(?:\s*(?:,|dan|and|serta|&|/)\s*{name})*"
    cues = "|".join(data["cues_before"])
    fillers = "|".join(data["fillers"])
    after = "|".join(data["cues_after"])
    word = r"(?<![\w/])(?:{})(?![\w])"
    return WireTables(
        alias_to_name=alias_to_name,
        ambiguous=frozenset(ambiguous),
        any_alias=re.compile(word.format(alt)),
        clear_alias=re.compile(word.format(clear)) if clear else re.compile(r"(?!x)x"),
        cued=re.compile(rf"(?i:\b(?:{cues}))\s+(?:(?i:{fillers})\s+){{0,3}}(?P<names>{names})"),
        cue_after=re.compile(rf"{word.format(alt)}\s+(?i:{after})\b"),
        paren=re.compile(rf"\(\s*(?P<inner>(?:[\w .'-]*?[/-]\s*)?(?:{alt})(?:\s*/[\w .'-]*)?)\s*\)"),
        slash=re.compile(rf"(?<![\w/])(?:{alt})(?:\s+FOTO)?\s*/\s*[A-Z]"),
        credit_line=re.compile(
            rf"[-–—•]?\s*\(?\s*(?i:(?:sumber|source|foto|photo|credit)\s*:?\s*)?(?P<inner>(?:{alt})"
            rf"(?:\s*(?:/|,|dan|and)\s*[\w .'-]{{1,40}})*)\s*\)?\s*\.?"
        ),
    )


def wires_in(fragment: str) -> list[str]:
    """The wire names among the aliases written in a fragment, in order."""
    tables = wire_tables()
    found: list[str] = []
    for m in tables.any_alias.finditer(fragment):
        name = tables.alias_to_name[m.group()]
        if name not in found:
            found.append(name)
    return found


def take_credit_lines(lines: list[str], wires: list[str]) -> list[str]:
    """Lines without those that only credit a wire (``- Anadolu``); the wires are recorded."""
    tables = wire_tables()
    out = []
    for line in lines:
        m = tables.credit_line.fullmatch(line)
        if m and len(line) <= 80:
            _add(wires, wires_in(m.group("inner")))
            continue
        out.append(line)
    return out


def find_wires(text: str, wires: list[str]) -> None:
    """Record wires credited inside sentences: cues, parentheses and slash credits."""
    tables = wire_tables()
    for m in tables.cued.finditer(text):
        _add(wires, wires_in(m.group("names")))
    for pattern in (tables.cue_after, tables.paren, tables.slash):
        for m in pattern.finditer(text):
            _add(wires, wires_in(m.group()))


def _add(wires: list[str], names: list[str]) -> None:
    for name in names:
        if name not in wires:
            wires.append(name)


@dataclass(frozen=True)
class DatelinePatterns:
    place_outlet: re.Pattern   # Jakarta, tvOnenews.com –   /   JAKARTA, KOMPAS.com-
    outlet_place: re.Pattern   # Liputan6.com, Jakarta -    /   REPUBLIKA.CO.ID, JAKARTA --
    outlet_only: re.Pattern    # KOMPAS.com -
    wire_style: re.Pattern     # SEOUL, Dec. 28 (Yonhap) --  /  Jakarta (ANTARA) -
    place_only: re.Pattern     # JAKARTA –  /  RUSIA-  /  Gaza City -
    outlet_glued: re.Pattern   # Liputan6.com, Jakartasensual
    outlet_spaced: re.Pattern  # Liputan6.com, Jakarta London Love Story ...


@cache
def dateline_patterns() -> DatelinePatterns:
    data = load_yaml("clean/datelines.yaml")
    names = "|".join(re.escape(n) for n in data["outlet_names"])
    outlet = rf"(?P<outlet>(?i:{data['outlet']})|{names})"
    place = rf"(?P<place>{data['place']})"
    sep = data["separator"]
    month = data["month_abbrev"]
    caps_place = r"(?P<place>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})"
    title_place = r"(?P<tplace>[A-Z][a-z'’]+(?: [A-Z][a-z'’]+){0,2})"
    return DatelinePatterns(
        place_outlet=re.compile(rf"{place}\s*,\s*{outlet}{sep}"),
        outlet_place=re.compile(
            rf"{outlet}\s*,\s*(?:{place}{sep}|(?P<gplace>(?:[A-Z][\w.'’]*\s)*?[A-Z][a-z]+)(?=[A-Z“\"]))"
        ),
        outlet_only=re.compile(rf"{outlet}{sep}"),
        wire_style=re.compile(
            rf"(?<![\w.])(?P<place>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){{0,3}}|[A-Z][a-z'’]+(?: [A-Z][a-z'’]+){{0,2}})"
            rf"(?:,\s*(?:{month}\s+\d{{1,2}}|\d{{1,2}}\s+[A-Z][a-z]+\.?\s+\d{{4}}))?(?:,\s*[A-Z][a-z]+)?\s*"
            rf"\((?P<wire>[^()]{{2,40}})\)\s*[-–—]{{1,2}}\s*"
        ),
        outlet_spaced=re.compile(rf"{outlet}\s*,\s*(?P<word>[A-Z][a-z]+)\s+(?=[A-Z“\"])"),
        outlet_glued=re.compile(rf"{outlet}\s*,\s*(?P<word>[A-Z][a-z]{{6,}})"),
        place_only=re.compile(rf"(?:{caps_place}\s*[-–—]{{1,2}}\s*|{title_place}\s*(?:[–—]{{1,2}}|\s-)\s*(?=[A-Z\"“]))(?=\S)"),
    )


def take_dateline(text: str, *, is_name: Callable[[str], bool] | None = None) -> Dateline | None:
    """The dateline that opens ``text`` (or a wire dateline early in it), if any.

    ``is_name`` (a word-list check) lets a place glued to a lower-case word be cut off:
    ``Liputan6.com, Jakartasensual`` -> ``Jakarta``.
    """
    p = dateline_patterns()
    for pattern in (p.place_outlet, p.outlet_place, p.outlet_only):
        m = pattern.match(text)
        if m:
            groups = m.groupdict()
            place = groups.get("place") or groups.get("gplace")
            return Dateline(_clean_place(place), m.group("outlet"), None, m.end())
    m = p.outlet_spaced.match(text)
    if m and is_name and is_name(m.group("word")):
        return Dateline(m.group("word"), m.group("outlet"), None, m.end())
    m = p.outlet_glued.match(text)
    if m and is_name:
        word = m.group("word")
        for cut in range(len(word) - 3, 3, -1):
            if is_name(word[:cut]):
                return Dateline(word[:cut], m.group("outlet"), None, m.start("word") + cut)
    # a wire dateline may follow a slug, a repeated headline and a byline
    m = p.wire_style.search(text[:400])
    if m and wires_in(m.group("wire")) and _place_ok(m.group("place")):
        names = wires_in(m.group("wire"))
        by = BYLINE_BEFORE.search(text[:m.start()])
        return Dateline(_clean_place(m.group("place")), None, names[0], m.end(), by.group(1) if by else None)
    m = p.place_only.match(text)
    if m and _place_ok(m.group("place") or m.group("tplace")):
        return Dateline(_clean_place(m.group("place") or m.group("tplace")), None, None, m.end())
    return None


BYLINE_BEFORE = re.compile(r"(?<![A-Z])By\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$")


def _place_ok(place: str | None) -> bool:
    return bool(place) and len(place) <= 40 and not wires_in(place)


def _clean_place(place: str | None) -> str | None:
    if not place:
        return None
    place = place.strip(" ,.-–—")
    return place or None


@cache
def _title_suffix() -> re.Pattern:
    data = load_yaml("clean/datelines.yaml")
    names = "|".join(re.escape(n) for n in data["outlet_names"])
    brands = "|".join(re.escape(n) for n in data["title_suffix_outlets"])
    return re.compile(
        rf"\s+[-|–—:]\s+(?:{data['outlet']}|{names}|[A-Z]\w*(?:\.(?:com|co\.id|id|co|net))|"
        rf"(?:{brands})\w*(?: [A-Z]\w*){{0,2}})\s*$",
        re.IGNORECASE,
    )


def clean_title(title: str | None, *, outlet: str | None = None) -> str | None:
    """The title without an outlet suffix (`` - Kompas.com``, `` | Okezone``); ``None`` if empty."""
    if not title:
        return None
    title = " ".join(title.split())
    title = title.lstrip("# ").strip()
    for _ in range(2):
        m = _title_suffix().search(title)
        if m and m.start() > 10:
            title = title[:m.start()].rstrip()
        elif outlet:
            m = re.search(r"\s+[-|–—]\s+([^-|–—]{2,40})$", title)
            if m and m.group(1).casefold().split(".")[0] in outlet.casefold():
                title = title[:m.start()].rstrip()
    return title or None

"""Finding place names in a text: gazetteer matches, their cues, and named facilities.

``scan(text, index, cues)`` returns every capitalised word sequence the gazetteer knows
(longest first), with what surrounds it: a place cue before or after (``di``,
``wilayah``, ``in``, ``region``), a person title, whether it sits inside a longer
capitalised run (``Kim Jong-un``) or at a sentence start, and the words that say which
kind of place is meant. ``facilities(...)`` finds places named by a type word
(``Bandara Sultan Hasanuddin``, ``Kampung Sukamaju``, ``Victory Stadium``) that the
gazetteer may lack. Deciding which matches are places is the stage's job.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from ..resources import load_yaml
from .index import Candidate, PlaceIndex, word_spans

CUES = "places/cues.yaml"
MAX_WORDS = 6
# What may stand between two words of one name: nothing (glued words), a space, a hyphen.
JOIN = re.compile(r"(?:| |\u00a0|-|\u2011)")
# What ends a sentence before a word: punctuation, or a dash after a dateline (``Jakarta -Dalam``).
SENTENCE_END = re.compile(r"(?:[.!?…\"“”:;\n]|\s[-–—])\s*$")


@dataclass(frozen=True)
class Cues:
    before: frozenset[str]
    macro_before: frozenset[str]
    after: frozenset[str]
    feature_words: dict[str, str]
    admin_prefixes: frozenset[str]
    facility_prefixes: frozenset[str]
    located_prefixes: frozenset[str]
    suffixes: frozenset[str]
    connectors: frozenset[str]
    key_connectors: frozenset[str]
    person_titles: frozenset[str]
    facility_generic: frozenset[str]
    club_suffixes: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()


@cache
def load_cues() -> Cues:
    data = load_yaml(CUES) or {}
    low = lambda items: frozenset(str(w).casefold() for w in items or [])  # noqa: E731
    prefixes = data.get("name_prefixes") or {}
    return Cues(
        before=low(data.get("before")),
        macro_before=low(data.get("macro_before")),
        after=low(data.get("after")),
        feature_words={str(k).casefold(): v for k, v in (data.get("feature_words") or {}).items()},
        admin_prefixes=low(prefixes.get("admin")),
        facility_prefixes=low(prefixes.get("facility")),
        located_prefixes=low(prefixes.get("located")),
        suffixes=low(data.get("name_suffixes")),
        connectors=low(data.get("name_connectors")),
        key_connectors=low(data.get("key_connectors")),
        person_titles=low(data.get("person_titles")),
        facility_generic=low(data.get("facility_generic")),
        club_suffixes=low(data.get("club_suffixes")),
        sport_words=low(data.get("sport_words")),
    )


@dataclass
class Token:
    start: int
    end: int
    text: str

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Match:
    """A gazetteer name found in the text (tokens ``i`` to ``j``, exclusive)."""

    start: int
    end: int
    i: int
    j: int
    words: list[str]
    candidates: list[Candidate]
    cue: str | None = None            # the place cue next to it
    locative: bool = False            # the cue is a preposition of place (enough for a world region)
    hint: str | None = None           # the kind of place a nearby word asks for
    title: bool = False               # a person title stands before it
    in_run: bool = False              # a capitalised word is glued to it by a space
    sentence_start: bool = False
    stopped: bool = False             # on the stop list
    common: bool = False              # a common word of the language (``Lima``, ``Surat``)
    modifier: bool = False            # the first part of a compound (``Virginia-class``, ``Kyiv-based``)
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return " ".join(w.casefold() for w in self.words)


@dataclass
class Facility:
    """A place named by a type word: ``Bandara X``, ``Kampung X``, ``X Stadium``."""

    start: int
    end: int
    prefix: str            # the type word, case-folded
    kind: str              # admin | facility | located | suffix
    words: list[str]
    inner: list[Match] = field(default_factory=list)   # gazetteer names inside it


def tokens(text: str) -> list[Token]:
    return [Token(s, e, text[s:e]) for s, e in word_spans(text)]


def joined(text: str, a: Token, b: Token) -> bool:
    """Whether two neighbouring words may belong to one name."""
    gap = text[a.end:b.start]
    if JOIN.fullmatch(gap):
        return True
    # initials and short abbreviations: U.S., Kab. Bogor
    return gap in (".", ". ") and len(a.text) <= 3 and a.capital


def _word_before(toks: list[Token], text: str, i: int) -> Token | None:
    if i <= 0:
        return None
    prev = toks[i - 1]
    gap = text[prev.end:toks[i].start]
    return prev if gap.strip() == "" and "\n" not in gap else None


def _word_after(toks: list[Token], text: str, j: int) -> Token | None:
    if j >= len(toks):
        return None
    nxt = toks[j]
    gap = text[toks[j - 1].end:nxt.start]
    return nxt if gap.strip() == "" and "\n" not in gap else None


def at_sentence_start(text: str, start: int, lead: int = 0) -> bool:
    """Whether a word opens a sentence (``lead``: where the text's first word starts)."""
    return start <= lead or bool(SENTENCE_END.search(text[max(0, start - 3):start]))


def scan(text: str, index: PlaceIndex, cues: Cues) -> tuple[list[Token], list[Match]]:
    """Every gazetteer name in the text, longest first, left to right."""
    toks = tokens(text)
    out: list[Match] = []
    i = 0
    n = len(toks)
    while i < n:
        first = toks[i]
        if not first.capital:
            i += 1
            continue
        found = None
        # the longest run of joined words starting here
        j_max = i + 1
        while j_max < n and j_max - i < MAX_WORDS and joined(text, toks[j_max - 1], toks[j_max]):
            j_max += 1
        for j in range(j_max, i, -1):
            if not _name_shaped(text, toks, i, j, cues):
                continue
            cands = index.lookup([t.text for t in toks[i:j]])
            if j == i + 1 and first.text.isupper() and len(first.text) <= 4:
                # an acronym (INA, MAN) is a place only as an alias written so (AS, NTT)
                cands = [c for c in cands if c.kind in ("country", "province", "region")]
            if cands:
                found = Match(start=first.start, end=toks[j - 1].end, i=i, j=j,
                              words=[t.text for t in toks[i:j]], candidates=cands)
                break
        if found is None:
            i += 1
            continue
        _describe(found, toks, text, index, cues)
        out.append(found)
        i = found.j
    return toks, out


def _name_shaped(text: str, toks: list[Token], i: int, j: int, cues: Cues) -> bool:
    """Capitalised words, with lower-case ones only after a hyphen (``Laki-laki``) or as
    joining words inside (``Bosnia and Herzegovina``)."""
    for k in range(i + 1, j):
        t = toks[k]
        gap = text[toks[k - 1].end:t.start]
        if gap == "-" and t.text.casefold() == toks[k - 1].text.casefold():
            return False  # a reduplicated plural (``Kota-kota``), not a name
        if t.capital or t.text[:1].isdigit() or gap == "-":
            continue
        if k == j - 1 and t.text.casefold() in cues.after and gap == " ":
            continue  # ``Crimean peninsula``
        if t.text.casefold() in cues.key_connectors and k < j - 1:
            continue
        return False
    return True


def _describe(m: Match, toks: list[Token], text: str, index: PlaceIndex, cues: Cues) -> None:
    m.stopped = index.is_stopped(m.words)
    m.common = index.is_common_word(m.words)
    m.sentence_start = at_sentence_start(text, m.start, len(text) - len(text.lstrip()) if m.start < 200 else 0)
    first = m.words[0].casefold()
    if first in cues.feature_words and len(m.words) > 1:
        m.hint = cues.feature_words[first]
        m.cue = first
    prev = _word_before(toks, text, m.i)
    if prev is not None:
        word = prev.text.casefold()
        prev2 = _word_before(toks, text, m.i - 1)
        two = f"{prev2.text.casefold()} {word}" if prev2 is not None else None
        if word in cues.before or (two and two in cues.before):
            m.cue = m.cue or word
            m.locative = word in cues.macro_before or (prev2 is not None and word == "the"
                                                       and prev2.text.casefold() in cues.macro_before)
            m.hint = m.hint or cues.feature_words.get(word)
        if word in cues.person_titles:
            m.title = True
        if prev.capital and word not in cues.before and word not in cues.feature_words:
            m.in_run = True
    saint = re.search(r"(?<![\w.])([A-Z][a-z]{1,3})\.\s?$", text[max(0, m.start - 6):m.start])
    if saint and saint.group(1).casefold() in cues.person_titles:
        m.title = True  # ``St. Sophia``, ``Dr. Sutomo``: a person's name, not a place
    if m.j < len(toks) and text[toks[m.j - 1].end:toks[m.j].start] == "-" and toks[m.j].text[:1].islower():
        m.modifier = True
    nxt = _word_after(toks, text, m.j)
    if nxt is not None:
        word = nxt.text.casefold()
        if word in cues.after:
            m.cue = m.cue or word
            m.hint = m.hint or cues.feature_words.get(word)
        elif nxt.capital and text[toks[m.j - 1].end:nxt.start] in (" ", "\u00a0", ""):
            m.in_run = True


def facilities(text: str, toks: list[Token], matches: list[Match], cues: Cues) -> list[Facility]:
    """Places named by a type word before (Indonesian) or after (English) their name."""
    out: list[Facility] = []
    n = len(toks)
    for i, tok in enumerate(toks):
        word = tok.text.casefold()
        if not tok.capital:
            continue
        if word in cues.admin_prefixes or word in cues.facility_prefixes or word in cues.located_prefixes:
            kind = ("admin" if word in cues.admin_prefixes else
                    "facility" if word in cues.facility_prefixes else "located")
            j = i + 1
            while j < n and joined(text, toks[j - 1], toks[j]) and (
                    toks[j].capital or toks[j].text[:1].isdigit()
                    or (text[toks[j - 1].end:toks[j].start] == "-" and j > i + 1)):
                j += 1
            if j == i + 1:
                continue
            out.append(Facility(start=tok.start, end=toks[j - 1].end, prefix=word, kind=kind,
                                words=[t.text for t in toks[i:j]]))
        elif word in cues.suffixes and i > 0:
            # walk left over the capitalised words (and ``of``/``the``, ordinals) of the name
            k = i
            while k > 0 and joined(text, toks[k - 1], toks[k]) and (
                    toks[k - 1].capital or toks[k - 1].text[:1].isdigit()
                    or toks[k - 1].text.casefold() in cues.connectors):
                k -= 1
            while k < i and toks[k].text.casefold() in cues.connectors:
                k += 1
            if k == i:
                continue
            # and right over ``of the Sun``
            j = i + 1
            while j + 1 < n and toks[j].text.casefold() in cues.connectors and joined(text, toks[j - 1], toks[j]):
                m = j
                while m < n and toks[m].text.casefold() in cues.connectors and joined(text, toks[m - 1], toks[m]):
                    m += 1
                if m < n and toks[m].capital and joined(text, toks[m - 1], toks[m]):
                    j = m + 1
                else:
                    break
            # English facility names are places only where the text puts something there
            b = k - 1
            while b >= 0 and toks[b].text.casefold() in cues.connectors:
                b -= 1
            if b < 0 or toks[b].text.casefold() not in cues.before:
                continue
            out.append(Facility(start=toks[k].start, end=toks[j - 1].end, prefix=word, kind="suffix",
                                words=[t.text for t in toks[k:j]]))
    # drop facilities nested in an earlier one; note the gazetteer names inside each
    kept: list[Facility] = []
    starts = [m.start for m in matches]
    for f in sorted(out, key=lambda f: (f.start, -f.end)):
        if kept and f.start < kept[-1].end:
            continue
        k = bisect.bisect_left(starts, f.start)
        while k < len(matches) and matches[k].start < f.end:
            if matches[k].end <= f.end:
                f.inner.append(matches[k])
            k += 1
        kept.append(f)
    return kept

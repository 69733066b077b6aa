"""Finding name mentions: gazetteer matches, head-word and title rules, model spans.

Each finder yields :class:`Candidate` spans; :func:`select` keeps the best
non-overlapping set (longest first, then by source priority). Words live in
``data/gazetteer/entity_rules.yaml`` and the gazetteer files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import gazetteer
from ..errors import ModelError
from ..resources import load_tsv, load_yaml
from .tokens import Token, joined, tokenize

RULES = "gazetteer/entity_rules.yaml"
VOCAB = "clean/vocab.tsv"
PLACE_CUES = "places/cues.yaml"

# Source priorities: a gazetteer match beats a model span, which beats a rule guess.
GAZETTEER, HEAD, MODEL, PERSON = 4, 3, 2, 1
# A one-word city name this short counts only where the text names the city's country too.
SHORT_CITY = 5
SHORT_CITY_POPULATION = 1_000_000
CITIES = "gazetteer/cities.tsv"

MODEL_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
                "FAC": "FAC", "EVENT": "EVENT"}


@dataclass
class Candidate:
    """A mention found in the text, before mentions are merged into entities."""

    start: int
    end: int
    type: str
    priority: int
    entry: gazetteer.Entry | None = None
    # The bare name inside a headed mention ("Sukamaju" in "Kabupaten Sukamaju").
    core: tuple[int, int] | None = None
    weak: bool = False
    # Role or title the text gives just before the name ("Kepala Dewan Olahraga Rusia").
    description: tuple[int, int] | None = None
    # Opened by an Indonesian head word ("Kabupaten", "Polda"): a hint the place is in Indonesia.
    indonesian_head: bool = False
    # Token range [start, end) in the document's token list.
    tokens: tuple[int, int] = (0, 0)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Phrases:
    """A set of word sequences, matched case-insensitively at a token position."""

    items: frozenset[tuple[str, ...]]
    longest: int
    firsts: frozenset[str] = frozenset()
    lasts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, words: Iterable[str]) -> Phrases:
        items = frozenset(tuple(t.fold for t in tokenize(w)) for w in words if w and w.strip())
        return cls(items, max((len(i) for i in items), default=0), frozenset(i[0] for i in items if i),
                   frozenset(i[-1] for i in items if i))

    def match_at(self, toks: list[Token], i: int, text: str) -> int:
        """The number of tokens of the longest phrase starting at ``toks[i]`` (0 if none)."""
        if i >= len(toks) or toks[i].fold not in self.firsts:
            return 0
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            seq = toks[i:i + n]
            if tuple(t.fold for t in seq) in self.items and all(joined(text, a, b) for a, b in zip(seq, seq[1:], strict=False)):
                return n
        return 0

    def match_before(self, toks: list[Token], i: int, text: str) -> int:
        """The number of tokens of the longest phrase ending just before ``toks[i]``."""
        if i <= 0 or i > len(toks) or toks[i - 1].fold not in self.lasts:
            return 0
        for n in range(min(self.longest, i), 0, -1):
            seq = toks[i - n:i]
            if tuple(t.fold for t in seq) in self.items and all(joined(text, a, b) for a, b in zip(seq, seq[1:], strict=False)):
                return n
        return 0


@dataclass(frozen=True)
class Rules:
    titles: Phrases
    indonesian_titles: Phrases
    speech_before: Phrases
    speech_after: Phrases
    role_openers: Phrases
    heads: dict[str, Phrases]
    indonesian_heads: Phrases
    tails: dict[str, Phrases]
    connectors: frozenset[str]
    abbreviations: frozenset[str]
    not_names: frozenset[str]
    generic_heads: Phrases
    glue: tuple[str, ...]
    origin_words: Phrases
    body_titles: Phrases
    weak_speech: Phrases
    not_person: Phrases
    company_suffixes: Phrases
    inner_titles: Phrases


@cache
def rules(lang: str = "id") -> Rules:
    """The rule words; Indonesian titles (``Pak``, ``Kompol``) count in Indonesian text only."""
    data = load_yaml(RULES)
    titles = data["person_titles"]
    heads = data["heads"]
    return Rules(
        titles=Phrases.of([*titles["any"], *(titles["indonesian"] if lang == "id" else ())]),
        indonesian_titles=Phrases.of(set(titles["indonesian"]) - set(titles.get("no_country") or [])),
        speech_before=Phrases.of(data["speech"]["before"]),
        speech_after=Phrases.of(data["speech"]["after"]),
        role_openers=Phrases.of(data["role_openers"]),
        heads={t: Phrases.of([*h.get("any", []), *h.get("indonesian", [])]) for t, h in heads.items()},
        indonesian_heads=Phrases.of([w for h in heads.values() for w in h.get("indonesian", [])]),
        tails={t: Phrases.of(ws) for t, ws in data["tails"].items()},
        connectors=frozenset(w.casefold() for w in data["name_connectors"]),
        abbreviations=frozenset(w.casefold() for w in data.get("name_abbreviations") or []),
        not_names=frozenset(w.casefold() for w in data["not_names"]),
        generic_heads=Phrases.of(data.get("generic_heads") or []),
        glue=tuple(data["glue_suffixes"]) + _vocabulary_glue(data.get("glue_from_vocabulary") or {}),
        origin_words=Phrases.of(data["origin_words"]),
        body_titles=Phrases.of(data.get("body_titles") or []),
        weak_speech=Phrases.of(data.get("weak_speech") or []),
        not_person=Phrases.of(data.get("not_person_words") or []),
        company_suffixes=Phrases.of(data.get("company_suffixes") or []),
        inner_titles=Phrases.of(data.get("inner_titles") or []),
    )


def _vocabulary_glue(spec: dict) -> tuple[str, ...]:
    """Verbs that bad cleaning glues to a name (``Budimengatakan``): long words opening with
    a verb prefix and written almost always in lower case, per ``data/clean/vocab.tsv``."""
    prefixes = tuple(spec.get("prefixes") or ())
    if not prefixes:
        return ()
    try:
        rows = load_tsv(VOCAB)
    except (ModelError, OSError):
        return ()
    min_len, min_count = int(spec.get("min_length", 7)), int(spec.get("min_count", 5))
    share = float(spec.get("min_lower_share", 0.9))
    out = []
    for row in rows:
        word = row.get("word") or ""
        try:
            lower, total = int(row["lower"]), int(row["total"])
        except (KeyError, TypeError, ValueError):
            continue
        if len(word) >= min_len and word.isalpha() and word.startswith(prefixes) and total >= min_count \
                and lower >= share * total:
            out.append(word)
    return tuple(out)


@cache
def name_words() -> frozenset[str]:
    """Case-folded first and last words of the known persons (the persons list and the
    gazetteer's people): a lone word among them may be a person's name."""
    out: set[str] = set()
    names = [*gazetteer.known_persons(), *(a for e in gazetteer.entries() if e.type == "PER" for a in e.aliases)]
    for n in names:
        words = n.split()
        if len(words) > 1:
            out.update((words[0].casefold(), words[-1].casefold()))
    return frozenset(out)


@cache
def _common_word_counts() -> dict[str, tuple[int, int]]:
    try:
        rows = load_tsv(VOCAB)
    except (ModelError, OSError):
        return {}
    out = {}
    for row in rows:
        try:
            out[row["word"]] = (int(row["lower"]), int(row["total"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def not_a_person(toks: list[Token], start: int, end: int, text: str) -> bool:
    """Whether a would-be person's name holds a word that is no name: a common term of the
    ``not_person_words`` list (``Gen Z``, ``Covid``), or a word the vocabulary mostly writes in
    lower case that no known person bears (``Over`` in ``Over Loading``)."""
    r = rules()
    names = name_words()
    counts = _common_word_counts()
    content = [k for k in range(start, end) if toks[k].is_word and toks[k].fold not in r.connectors]
    for k in range(start, end):
        if r.not_person.match_at(toks, k, text):
            return True
        t = toks[k]
        # Middle names are often common words ("Perkasa", "Indah"): only the ends are checked.
        if k not in (content[:1] + content[-1:]) or t.fold in names:
            continue
        lower, total = counts.get(t.fold, (0, 0))
        if total >= 3 and lower * 2 >= total:
            return True
    return False


@cache
def _common_words() -> frozenset[str]:
    """Words mostly written in lower case in the clean stage's word counts
    (``data/clean/vocab.tsv``): ``alam``, ``nasional``, ``tolong`` are no names."""
    try:
        rows = load_tsv(VOCAB)
    except (ModelError, OSError):
        return frozenset()
    out = set()
    for row in rows:
        try:
            lower, total = int(row["lower"]), int(row["total"])
        except (KeyError, TypeError, ValueError):
            continue
        if total >= 3 and lower * 2 >= total:
            out.add(row["word"])
    return frozenset(out)


def common_name_words(words: list[Token], text_lower: frozenset[str]) -> bool:
    """Whether every word of a would-be name is a common word (per the word counts, or
    written in lower case elsewhere in this text): ``Badan Keamanan Umum``."""
    common = _common_words()
    r = rules()
    content = [w for w in words if w.is_word and w.fold not in r.connectors]
    return bool(content) and all(w.fold in common or w.fold in text_lower or w.fold in r.not_names
                                 for w in content)


def lower_words(text: str) -> frozenset[str]:
    """The words written in lower case in ``text``."""
    return frozenset(m.group() for m in re.finditer(r"(?<![\w-])[a-z][a-z]*(?![\w])", text))


# ------------------------------------------------------------------ gazetteer trie

@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    # (alias tokens as written, entry, weak)
    ends: list[tuple[tuple[str, ...], gazetteer.Entry, bool]] = field(default_factory=list)


@cache
def _trie() -> tuple[_Node, frozenset[str]]:
    root = _Node()
    firsts: set[str] = set()
    for e in gazetteer.entries():
        for alias, weak in [(a, False) for a in e.aliases] + [(a, True) for a in e.weak]:
            words = tuple(t.text for t in tokenize(alias))
            if not words:
                continue
            node = root
            for w in words:
                node = node.children.setdefault(w.casefold(), _Node())
            node.ends.append((words, e, weak))
            firsts.add(words[0].casefold())
    return root, frozenset(firsts)


def known_heads() -> frozenset[str]:
    """Case-folded first words of every gazetteer alias (for splitting glued words)."""
    return _trie()[1]


def doc_tokens(text: str, lang: str) -> list[Token]:
    glue = _glue_set() if lang == "id" else frozenset()
    return tokenize(text, glue=glue, known_heads=known_heads())


@cache
def _glue_set() -> frozenset[str]:
    return frozenset(g.casefold() for g in rules().glue)


def _alias_ok(words: tuple[str, ...], seq: list[Token]) -> bool:
    alias = " ".join(words)
    if gazetteer.is_strict_alias(alias):
        return all(w == t.text for w, t in zip(words, seq, strict=True))
    if len(seq) == 1:
        # One word: written with a capital (``Iran``, not ``iran``) unless the alias is lower-case.
        return seq[0].is_cap or not words[0][:1].isupper()
    # Several words: at least one capitalised in the text ("kementerian luar negeri Jepang").
    return any(t.is_cap or t.text[:1].isdigit() for t in seq) or not any(w[:1].isupper() for w in words)


def gazetteer_matches(text: str, toks: list[Token]) -> Iterator[Candidate]:
    """At each token, the longest gazetteer alias match, and the longest strong one
    when the longest is weak (``North Korean troops`` is weak, ``North Korean`` not).

    A lower-case alias (``militer Israel``) written in lower case is weak too: the
    adjective in ``serangan militer Israel`` is no mention of the army.
    """
    root, _ = _trie()
    for i in range(len(toks)):
        if i > 0 and _inside_word(text, toks[i - 1], toks[i]):
            continue
        node = root
        best: dict[bool, tuple[int, gazetteer.Entry]] = {}
        j = i
        while j < len(toks):
            if j > i and not joined(text, toks[j - 1], toks[j]):
                break
            node = node.children.get(toks[j].fold)  # type: ignore[assignment]
            if node is None:
                break
            j += 1
            for words, e, weak in node.ends:
                if not _alias_ok(words, toks[i:j]):
                    continue
                weak = weak or (words[0][:1].islower() and toks[i].text[:1].islower())
                if weak not in best or best[weak][0] < j:
                    best[weak] = (j, e)
        for weak, (j, e) in sorted(best.items()):
            if weak and False in best and best[False][0] >= j:
                continue
            if e.type == "PER" and j - i == 1 and _other_given_name(text, toks, i, e):
                continue  # "Ahmad Yusuf" is not a known Yusuf
            if e.type == "GPE" and e.role == "city" and j - i == 1 and rules().inner_titles.match_before(toks, i, text):
                continue  # "Kompol Edison": a rank before it makes a city's name a person's
            yield Candidate(toks[i].start, toks[j - 1].end, e.type, GAZETTEER, entry=e, weak=weak, tokens=(i, j))


def _other_given_name(text: str, toks: list[Token], i: int, e: gazetteer.Entry) -> bool:
    """A one-word person alias right after a capitalised word that is not part of the
    person's own names, nor a title or sentence word."""
    if i == 0 or not joined(text, toks[i - 1], toks[i]):
        return False
    prev = toks[i - 1]
    if not (prev.is_word and prev.is_cap) or prev.is_acronym:
        return False
    r = rules()
    if prev.fold in r.not_names or r.titles.match_before(toks, i, text):
        return False
    own = {w.casefold() for a in e.aliases for w in a.split()}
    return prev.fold not in own


@cache
def _club_words() -> tuple[frozenset[str], frozenset[str]]:
    """(club words, sport words) of ``data/places/cues.yaml``: ``X City`` is a club in a sports text."""
    data = load_yaml(PLACE_CUES) or {}
    low = lambda items: frozenset(str(w).casefold() for w in items or [])  # noqa: E731
    return low(data.get("club_suffixes")), low(data.get("sport_words"))


def club_matches(text: str, toks: list[Token], cands: list[Candidate]) -> list[Candidate]:
    """In a text about sport, a place name followed by a club word (``X City``, ``X United``)
    is a club: the place match gives way to an organisation spanning both words."""
    clubs, sport = _club_words()
    if sum(1 for t in toks if t.fold in sport) < 2:
        return cands
    out = []
    for c in cands:
        j = c.tokens[1]
        if c.type in ("GPE", "LOC") and j < len(toks) and toks[j].is_cap and toks[j].fold in clubs \
                and joined(text, toks[j - 1], toks[j]) and toks[j - 1].end < toks[j].start:
            out.append(Candidate(c.start, toks[j].end, "ORG", GAZETTEER, core=(c.start, c.end), tokens=(c.tokens[0], j + 1)))
        else:
            out.append(c)
    return out


def strong_only(cands: list[Candidate]) -> list[Candidate]:
    """Drop weak gazetteer matches of entries the text never names by a strong alias, and
    short one-word city names (``Naga``, ``Bago``: common words too) of a country the text
    names nowhere else."""
    strong = {id(c.entry) for c in cands if c.entry is not None and not c.weak}
    kept = [c for c in cands if not c.weak or id(c.entry) in strong]
    countries = {c.entry.country for c in kept if c.entry is not None and not _short_city(c)}
    return [c for c in kept if not _short_city(c) or c.entry.country in countries]


def _short_city(c: Candidate) -> bool:
    return c.entry is not None and c.entry.role == "city" and c.tokens[1] - c.tokens[0] == 1 \
        and c.end - c.start <= SHORT_CITY and _city_population(c.entry.name, c.entry.country) < SHORT_CITY_POPULATION


@cache
def _city_population(name: str, country: str | None) -> int:
    for row in load_tsv(CITIES):
        if row["name"] == name and row["country"] == country:
            try:
                return int(row["population"])
            except (TypeError, ValueError):
                return 0
    return 0


def _inside_word(text: str, prev: Token, tok: Token) -> bool:
    """``tok`` continues a word (``Pyongyang`` in ``xPyongyang`` is fine after a camel
    split; ``Kim`` inside ``Kim-`` compounds is not)."""
    return prev.end == tok.start and prev.text in ("-", "'", "\u2019", "@", "#", "/", ".") and prev.start > 0 \
        and text[prev.start - 1:prev.start].isalnum()


# ------------------------------------------------------------------ rule finders

def _name_run(text: str, toks: list[Token], i: int, r: Rules, *, limit: int = 8,
              stops: frozenset[int] = frozenset(), before: int = 0) -> int:
    """The end (exclusive) of a run of capitalised name words starting at ``i``.

    Connectors (``dan``, ``al``, ``bin``, ``of``) are taken only between capitalised
    words; hyphenated parts (``Jong-un``, ``al-Sharaa``) stay in the run.
    """
    j = i
    words = 0
    while j < len(toks) and words < limit:
        t = toks[j]
        if j > i and (not joined(text, toks[j - 1], t) or j in stops):
            break
        if t.is_word and j > i and t.fold in ("dan", "and") and t.text[:1].isupper():
            t = Token(t.text.lower(), t.start, t.end)  # "PT Sinar Dan Mitra": a connector
        if t.is_word and t.is_cap:
            j += 1
            words += 1
            # An initial or an abbreviation with its stop ("Kapten R. Santoso", "Prof. Wirjo").
            if j + 1 < len(toks) and toks[j].text == "." and toks[j].start == t.end and words <= 2 \
                    and (len(t.text) == 1 or t.fold in r.abbreviations) and toks[j + 1].is_cap \
                    and toks[j + 1].is_word and text[toks[j].end:toks[j + 1].start] == " " \
                    and toks[j + 1].fold not in r.not_names:
                j += 1
        elif t.text in ("-", "'", "\u2019") and j > i and j + 1 < len(toks) and toks[j + 1].is_word \
                and toks[j - 1].end == t.start and t.end == toks[j + 1].start:
            j += 2  # Hye-jin, Gunung Batu Laki-laki
        elif t.is_word and t.fold in r.connectors and j > i and not (
                t.fold in ("dan", "and") and (words + before > 3 or (j + 1 < len(toks) and toks[j + 1].is_acronym))):
            # "and" joins at most a short name ("Securities and Exchange Commission"), not
            # two names ("Department of Public Works and Jane Doe").
            # One or two connectors between capitalised words ("Palace of the Sun").
            k = j
            while k < len(toks) and k - j < 2 and toks[k].fold in r.connectors and toks[k].is_word \
                    and not toks[k].is_cap and joined(text, toks[k], toks[k + 1] if k + 1 < len(toks) else toks[k]):
                k += 1
            if k < len(toks) and k > j and toks[k].is_cap and toks[k].is_word and joined(text, toks[k - 1], toks[k]) \
                    and not (t.fold in ("dan", "and") and any(h.match_at(toks, k, text) for h in r.heads.values())):
                j = k  # but "Kementerian A dan Kementerian B" are two names
            else:
                break
        elif t.text[:1].isdigit() and j > i and len(t.text) <= 3 and words >= 1:
            j += 1  # Densus 88, Leo XIV is letters; "Brigade 101"
            break
        else:
            break
    # Do not end on a connector, a hyphen or a capitalised sentence word ("University It").
    while j > i and (toks[j - 1].fold in r.connectors or toks[j - 1].text in ("-", "'")
                     or (j - 1 > i and toks[j - 1].fold in r.not_names and not toks[j - 1].is_acronym)):
        j -= 1
    return j


def head_matches(text: str, toks: list[Token], lang: str, gaz: Iterable[Candidate] = ()) -> Iterator[Candidate]:
    """Names opened by a type head word (``Kabupaten X``, ``Bandara X``, ``kamp X``)
    or closed by an English tail word (``X University``, ``X region``).

    A tail name stops where a gazetteer person starts (``National Council Ivan Petrov``).
    """
    r = rules()
    gaz = list(gaz)
    stops = frozenset(c.tokens[0] for c in gaz if c.type == "PER")
    inside = frozenset(k for c in gaz for k in range(c.tokens[0] + 1, c.tokens[1]))
    for i, t in enumerate(toks):
        if not t.is_word or i in inside:
            continue
        for typ, phrases in r.heads.items():
            n = phrases.match_at(toks, i, text)
            if not n:
                continue
            k = i + n
            if k >= len(toks) or not joined(text, toks[k - 1], toks[k]) or not toks[k].is_cap:
                continue
            if not t.is_cap and typ == "ORG":
                continue  # lower-case ORG heads only through gazetteer aliases ("militer Israel")
            if r.generic_heads.match_at(toks, i, text) and (t.is_cap or any(
                    h.match_at(toks, k, text) for h in r.heads.values())):
                continue
            end = _name_run(text, toks, k, r, before=n)
            for m in range(k + 1, end):
                if r.titles.match_at(toks, m, text) and not phrases.match_at(toks, m, text):
                    end = m  # "Polda Sukamaju Kombes Budi Santoso": a titled person follows the body
                    break
            if end <= k or all(x.fold in r.not_names and not x.is_acronym for x in toks[k:end] if x.is_word):
                continue
            # Official Indonesian names capitalise the head ("Desa Sukamaju"); "desa Qana" is abroad.
            indonesian = lang == "id" and t.is_cap and r.indonesian_heads.match_at(toks, i, text) == n
            yield Candidate(t.start, toks[end - 1].end, typ, HEAD, core=(toks[k].start, toks[end - 1].end),
                            indonesian_head=indonesian, tokens=(i, end))
            break
    for i, t in enumerate(toks):
        if not (t.is_word and t.is_cap) or (i > 0 and toks[i - 1].is_cap and joined(text, toks[i - 1], t)) \
                or i in inside:
            continue
        end = _name_run(text, toks, i, r, stops=stops)
        start = i
        while start < end:
            # Openers and titles are no part of a body's name ("Menurut Human Rights ...",
            # "Deputy Chairman of the Security Council").
            n = r.titles.match_at(toks, start, text)
            if n:
                start += n
                while start < end and toks[start].fold in r.connectors:
                    start += 1
            elif toks[start].fold in r.not_names:
                start += 1
            else:
                break
        if end - start < 1:
            continue
        found = _tail_in_run(text, toks, start, end, r)
        if found is not None:
            typ, stop, core_end = found
            for d in range(start + 2, core_end):
                # "X Royalties dan Y Limited": two companies, each with its own tail
                n = r.company_suffixes.match_before(toks, d, text)
                if toks[d].fold in ("dan", "and", "&") and n and d - n > start and typ == "ORG":
                    yield Candidate(toks[start].start, toks[d - 1].end, "ORG", HEAD,
                                    core=(toks[start].start, toks[d - n - 1].end), tokens=(start, d))
                    start = d + 1
            joins = [d for d in range(start + 1, core_end) if toks[d].fold in ("dan", "and", "&")]
            if typ == "ORG" and joins and toks[stop - 1].fold in _club_words()[0]:
                start = joins[-1] + 1  # "Acme dan Zeta United": two clubs, the tail names the second
            core = text[toks[start].start:toks[core_end - 1].end]
            if any(e.type in ("NORP", "GPE") for e in gazetteer.lookup(core)):
                continue  # "Russian technologies", "Korea region": a country word and a noun
            yield Candidate(toks[start].start, toks[stop - 1].end, typ, HEAD,
                            core=(toks[start].start, toks[core_end - 1].end), tokens=(start, stop))


def _tail_in_run(text: str, toks: list[Token], start: int, end: int, r: Rules) -> tuple[str, int, int] | None:
    """(type, end of the name, end of its bare part) for a run ending in a tail word
    (``Westfield University``), holding one before ``of ...`` (``Grand Palace of the
    Moon``), or followed by a lower-case one (``Kursk region``)."""
    for stop in range(end, start + 1, -1):
        for typ, phrases in r.tails.items():
            n = phrases.match_before(toks, stop, text)
            if not n or stop - n <= start or not toks[stop - 1].is_cap:
                continue
            if toks[stop - n - 1].fold in r.connectors:
                continue  # "... of the University of X": a head name, not this run's tail
            if stop == end:
                return typ, stop, stop - n
            if toks[stop].fold in ("of", "for", "on"):
                return typ, end, stop - n
            if toks[stop - 1].end == toks[stop].start:  # glued: "Westfield UniversityIt appears"
                return typ, stop, stop - n
    for typ, phrases in r.tails.items():
        if typ == "ORG":
            continue  # "Several studies", "Facebook-owned company": a lower-case ORG word is no name
        n = phrases.match_at(toks, end, text)
        if n and end < len(toks) and not toks[end].is_cap and joined(text, toks[end - 1], toks[end]):
            return typ, end + n, end
    return None


def person_matches(text: str, toks: list[Token], taken: list[Candidate], lang: str = "id") -> Iterator[Candidate]:
    """Capitalised names with evidence of a person: a title before, a speech verb
    before or after, an age in brackets after, or a role apposition after.

    ``taken`` are the gazetteer and head matches: a run is cut at them, so that
    ``Duta Besar Polandia Anna Kowalska`` gives ``Anna Kowalska``.
    """
    r = rules(lang)
    low = lower_words(text)
    covered = [False] * len(toks)
    kinds: list[str | None] = [None] * len(toks)
    # First words of the bodies and places found so far ("Acme" of "Acme Holdings").
    org_firsts = {toks[c.tokens[0]].fold for c in taken if c.type in ("ORG", "FAC") and c.entry is None
                  and c.tokens[1] - c.tokens[0] > 1 and toks[c.tokens[0]].is_cap}
    for c in taken:
        for k in range(*c.tokens):
            covered[k] = True
            kinds[k] = c.type
    i = 0
    while i < len(toks):
        t = toks[i]
        if not (t.is_word and t.is_cap) or covered[i]:
            i += 1
            continue
        end = _name_run(text, toks, i, r)
        if end <= i:
            i += 1
            continue
        # Cut the run at covered tokens: keep the part up to the first one. A run that
        # runs on into an organisation or facility is a role ("Kepala Divisi ... Bandara X").
        into_body = False
        for k in range(i, end):
            if covered[k]:
                end = k
                into_body = kinds[k] in ("ORG", "FAC")
                break
        run_start = i
        # Titles and sentence openers inside the run come off the front.
        start = i
        desc_start: int | None = None
        k = i
        while k < end:
            n = r.titles.match_at(toks, k, text)
            if n and k + n <= end:
                desc_start = i if desc_start is None else desc_start
                k += n
                start = k
                continue
            if toks[k].fold in r.not_names or r.speech_before.match_at(toks, k, text):
                k += 1
                start = k
                continue
            break
        if desc_start is not None:
            # "Menteri Lingkungan Hidup Budi Santoso": the ministry's common words
            # stand between the title and the name.
            while start < end and toks[start].is_word and common_name_words([toks[start]], low):
                start += 1
        while start < end and (toks[start].fold in r.connectors or not toks[start].is_word):
            start += 1
        while end > start and (toks[end - 1].fold in r.connectors or not toks[end - 1].is_word):
            end -= 1
        # A title may also stand just before the run, or before a covered body/country
        # ("Duta Besar Polandia Anna", "Presiden Republik Ceko (RC) Petr").
        tb = _title_before(text, toks, run_start, covered, r)
        name_toks = [x for x in toks[start:end] if x.is_word]
        i = max(end, i + 1)
        if end < len(toks) - 1 and toks[end].fold in ("dan", "and") and toks[end + 1].is_cap \
                and not r.titles.match_at(toks, end + 1, text) and joined(text, toks[end], toks[end + 1]):
            continue  # "Kepala Bagian Umum dan Hukum ...": a coordinated role phrase
        # Headline words before a full name ("Jembatan Diresmikan Budi Santoso") come off.
        while len(name_toks) > 2 and common_name_words([name_toks[0]], low):
            start = next(k for k in range(start + 1, end) if toks[k].is_word)
            name_toks = name_toks[1:]
        if any(x.fold in ("dan", "and", "&") for x in toks[start:end]):
            continue  # two names, not one person
        if len(name_toks) > 1 and common_name_words([name_toks[-1]], low) \
                and text[toks[start].start:toks[end - 1].end] not in gazetteer.known_persons():
            continue  # "Pekerjaan Umum": a surname is seldom a common word
        glued = any(a.end == b.start and a.is_word and b.is_word for a, b in zip(name_toks, name_toks[1:], strict=False))
        if glued or not name_toks or sum(len(x.text) for x in name_toks) < 3 or all(x.fold in r.not_names for x in name_toks) or any(x.is_acronym for x in name_toks) \
                or into_body or any(p.match_before(toks, end, text) for p in r.tails.values()):
            continue
        titled = desc_start is not None if start > run_start else tb is not None
        if tb is not None and start == run_start:
            # "Kepala Balai Pengelola Hutan X": the body's common words after the title.
            while start < end and toks[start].is_word and common_name_words([toks[start]], low):
                start += 1
            name_toks = [x for x in toks[start:end] if x.is_word]
            if not name_toks:
                continue
        if r.inner_titles.match_before(toks, end, text):
            continue  # "Kapolsek Sukamaju Kompol" before a name found otherwise: no name itself
        # "Kapolsek Sukamaju Kompol Budi": the office's place, then a rank, then the name.
        for k in range(start + 1, min(end - 1, start + 4)):
            n = r.inner_titles.match_at(toks, k, text)
            if n and k + n < end and (titled or desc_start is not None):
                if desc_start is None:
                    desc_start = tb if tb is not None else start
                start = k + n
                name_toks = [x for x in toks[start:end] if x.is_word]
                titled = True
                break
        # A body's name written before a person's ("CEO Acme Budi Santoso"): the body comes off.
        if len(name_toks) >= 3 and _body_prefix(text, toks, start, end, org_firsts):
            start = next(k for k in range(start + 1, end) if toks[k].is_word)
            name_toks = name_toks[1:]
            if desc_start is None and tb is not None:
                desc_start = tb
        if not_a_person(toks, start, end, text):
            continue
        speech = bool(r.speech_before.match_before(toks, start, text))
        if len(name_toks) == 1 and name_toks[0].fold not in name_words() \
                and name_toks[0].text not in gazetteer.known_persons():
            # One unknown word: not a body's first word or a head word, and not what a source
            # verb or a title that takes a body ("menurut Acme", "CEO Acme") introduces.
            word = name_toks[0]
            if word.fold in org_firsts or any(h.match_at(toks, start, text) for h in r.heads.values()):
                continue
            if speech and r.weak_speech.match_before(toks, start, text) and not titled and not _age_after(toks, end) \
                    and not _in_longer_name(text, word, r):
                continue
            if titled and not speech and (r.body_titles.match_before(toks, start, text)
                                          or not r.titles.match_before(toks, start, text)):
                continue  # "CEO Acme"; "Kepala Dinas Jawa Barat (Jabar)": a title far off
        evidence = titled or speech or _age_after(toks, end) \
            or text[toks[start].start:toks[end - 1].end] in gazetteer.known_persons()
        if not evidence and len(name_toks) > 1:
            # Weaker signs, for full names only: a body or company also "says" things.
            evidence = bool(r.speech_after.match_at(toks, end, text)) or \
                _apposition(text, toks, end, r) is not None or _role_before_comma(text, toks, start, r)
        if not evidence or common_name_words(name_toks, low):
            continue
        c = Candidate(toks[start].start, toks[end - 1].end, "PER", PERSON, tokens=(start, end))
        if desc_start is not None and start > desc_start:
            c.description = (toks[desc_start].start, toks[start - 1].end)
        yield c


def _in_longer_name(text: str, word: Token, r: Rules) -> bool:
    """Whether the text writes ``word`` elsewhere before another capitalised name word
    (``Budi`` of ``Budi Santoso``), as a person's given name is."""
    for m in re.finditer(re.escape(word.text) + r" ([A-Z][a-z][\w'-]*)", text):
        if m.group(1).casefold() not in r.not_names and not gazetteer.lookup(m.group(1)):
            return True  # (not "Acme Indonesia": a body's branch in a country)
    return False


def _body_prefix(text: str, toks: list[Token], start: int, end: int, org_firsts: set[str]) -> bool:
    """Whether the first word of a would-be name of three words or more is a body's name
    written before the person's: it opens a body's name found elsewhere, the persons list
    knows the name without it, or the text writes it before other capitalised words too
    (``Acme Indonesia`` beside ``Acme Budi Santoso``); a known given name never is."""
    words = [t for t in toks[start:end] if t.is_word]
    first = words[0]
    if first.fold in name_words() or first.fold in rules().not_names:
        return False
    if first.fold in org_firsts or text[words[1].start:words[-1].end] in gazetteer.known_persons():
        return True
    for m in re.finditer(r"(?<![\w-])" + re.escape(first.text) + r" ([A-Z][\w-]*)", text):
        if m.start() != first.start and m.group(1) != words[1].text and m.group(1).casefold() not in rules().not_names:
            return True
    return False


def _title_before(text: str, toks: list[Token], i: int, covered: list[bool], r: Rules) -> int | None:
    """Index of a title that ends just before ``i``, possibly with covered tokens and a
    bracketed acronym between (``Presiden Amerika Serikat (AS)``)."""
    k = i
    steps = 0
    lower = 0
    while k > 0 and steps < 8:
        n = r.titles.match_before(toks, k, text)
        if n:
            # Take in a nationality or body written before the title ("North Korean leader",
            # "Russian President"), as long as it is joined to it.
            k -= n
            for _ in range(4):
                if k > 0 and joined(text, toks[k - 1], toks[k]) and toks[k - 1].is_word and \
                        (covered[k - 1] or r.titles.match_before(toks, k, text)):
                    k -= max(1, r.titles.match_before(toks, k, text) if not covered[k - 1] else 1)
                else:
                    break
            return k
        prev = toks[k - 1]
        if covered[k - 1] or prev.text in ("(", ")") or (prev.is_acronym and k - 2 >= 0 and toks[k - 2].text == "("):
            k -= 1
            steps += 1
            continue
        # "CEO Acme Indonesia Budi ...": a body's name (one to three words) after a title
        # that takes one.
        if prev.is_word and prev.is_cap and not prev.is_acronym:
            b = k - 1
            while b > 0 and k - b < 3 and toks[b - 1].is_word and toks[b - 1].is_cap \
                    and joined(text, toks[b - 1], toks[b]) and not r.body_titles.match_before(toks, b, text):
                b -= 1
            n = r.body_titles.match_before(toks, b, text)
            if n and joined(text, toks[b - 1], toks[b]):
                return b - n
        # "menteri kebudayaan Ukraina Mykola ...": a lower-case field after the title.
        if prev.is_word and prev.text.islower() and lower < 2 and prev.fold not in r.not_names \
                and joined(text, prev, toks[k]):
            k -= 1
            steps += 1
            lower += 1
            continue
        return None
    return None


def _age_after(toks: list[Token], end: int) -> bool:
    return end + 2 < len(toks) and toks[end].text == "(" and toks[end + 1].text.isdigit() \
        and toks[end + 2].text == ")" and len(toks[end + 1].text) <= 3


def _apposition(text: str, toks: list[Token], end: int, r: Rules) -> tuple[int, int] | None:
    """Token range of a role apposition after a name: ``, mantan diplomat ... ,``."""
    if end + 1 >= len(toks) or toks[end].text != ",":
        return None
    k = end + 1
    if not r.role_openers.match_at(toks, k, text):
        return None
    stop = k
    while stop < len(toks) and stop - k < 10 and toks[stop].text not in (",", ".", ";", ":", "\u201c", '"', "(") \
            and "\n" not in text[toks[stop - 1].end:toks[stop].start]:
        stop += 1
    return (k, stop) if stop > k else None


def _role_before_comma(text: str, toks: list[Token], start: int, r: Rules) -> bool:
    """``Kepala Divisi ... Bandara X, Made Adi Wirawan``: the clause before the comma
    just before the name opens with a title."""
    if start < 2 or toks[start - 1].text != ",":
        return False
    k = start - 2
    while k >= 0 and toks[k].text not in (",", ".", ";", ":", "\u201c", "\u201d", '"') and start - k < 16:
        k -= 1
    return _role_clause_start(text, toks, k + 1, start - 1, r) is not None


def _role_clause_start(text: str, toks: list[Token], first: int, stop: int, r: Rules) -> int | None:
    """Where a role clause opens between ``first`` and ``stop``: its first title or role
    word, after any sentence openers (``Menurut``, ``Sementara``)."""
    while first < stop:
        if r.titles.match_at(toks, first, text) or r.role_openers.match_at(toks, first, text):
            return first
        if toks[first].fold not in r.not_names and not r.speech_before.match_at(toks, first, text):
            return None
        first += 1
    return None


def role_clause_before(text: str, toks: list[Token], start: int, lang: str = "id") -> tuple[int, int] | None:
    """Token range of the role clause in ``ROLE, NAME`` (``seorang diplomat Ukraina``)."""
    r = rules(lang)
    if not _role_before_comma(text, toks, start, r):
        return None
    k = start - 2
    while k >= 0 and toks[k].text not in (",", ".", ";", ":", "\u201c", "\u201d", '"') and start - k < 16:
        k -= 1
    first = _role_clause_start(text, toks, k + 1, start - 1, r)
    return (first, start - 1) if first is not None else None


def title_before(text: str, toks: list[Token], start: int, covered: list[bool],
                 lang: str = "id") -> tuple[int, int] | None:
    """Token range of a title (and the body or country after it) just before a name."""
    k = _title_before(text, toks, start, covered, rules(lang))
    return (k, start) if k is not None else None


def apposition(text: str, toks: list[Token], end_tok: int) -> tuple[int, int] | None:
    """Character range of the role apposition after the token range ending at ``end_tok``."""
    span = _apposition(text, toks, end_tok, rules())
    if span is None:
        return None
    a, b = span
    return toks[a].start, toks[b - 1].end


def model_matches(spacy_doc: Any, text: str, toks: list[Token], taken: list[Candidate]) -> Iterator[Candidate]:
    """The trained NER's spans (``doc.ents``) where no gazetteer, head or title rule
    found anything, snapped to whole names and filtered for common words.

    The model is trained on mixed news corpora and sometimes takes a capitalised
    heading (``Ratusan Warga``) for a name: a span is dropped when one of its words
    is written in lower case elsewhere in the same text, or is a title or opener.
    """
    if spacy_doc is None:
        return
    r = rules()
    starts = {t.start: n for n, t in enumerate(toks)}
    ends = {t.end: n for n, t in enumerate(toks)}
    covered = [False] * len(toks)
    for c in taken:
        for k in range(*c.tokens):
            covered[k] = True
    low = lower_words(text)
    org_firsts = {toks[c.tokens[0]].fold for c in taken if c.type in ("ORG", "FAC") and c.tokens[1] - c.tokens[0] > 1}
    for ent in getattr(spacy_doc, "ents", ()):
        typ = MODEL_LABELS.get(ent.label_)
        # On news outside its training data the model's FAC spans are mostly products and
        # headings; its people, known places and organisations of two words or more are kept.
        if typ not in ("PER", "GPE", "LOC", "ORG") or ent.start_char not in starts or ent.end_char not in ends:
            continue
        i, j = starts[ent.start_char], ends[ent.end_char] + 1
        # Snap to the whole capitalised run ("Park Ji-" -> "Park Ji-hoon").
        run_end = _name_run(text, toks, i, r)
        if run_end > j and toks[j - 1].text in ("-", "'") or run_end == j + 1 and toks[j - 1].text == "-":
            j = run_end
        while j > i and toks[j - 1].text in ("-", "'", ",", "."):
            j -= 1
        if j <= i or any(covered[i:j]):
            continue
        words = [t for t in toks[i:j] if t.is_word]
        if not words or not all(t.is_cap for t in words if t.fold not in r.connectors) \
                or any(t.text[:1].isdigit() for t in toks[i:j]):
            continue
        if any(t.fold in r.not_names or t.fold in low for t in words if t.fold not in r.connectors
               and not t.is_acronym) or common_name_words(words, low):
            continue
        if typ == "PER" and (len(words) == 1 or any(r.titles.match_at(toks, k, text) for k in range(i, j))
                             or any(common_name_words([w], low) or w.is_acronym for w in words)):
            continue  # a lone word is a person only with the rules' evidence; "Iron Dome" is none
        if typ == "PER" and any(p.match_before(toks, j, text) for p in r.tails.values()):
            typ = "ORG"  # "Acme Royalties", "Acme Limited": a company's suffix
        if typ == "PER" and (not_a_person(toks, i, j, text)
                             or words[0].fold in org_firsts and words[0].fold not in name_words()):
            continue
        if typ == "ORG" and not _org_shaped(text, toks, i, j, words, r):
            continue  # the model's ORG alone is a guess: products, events, people
        name = text[toks[i].start:toks[j - 1].end]
        if typ in ("PER", "ORG") and any(e.type != typ for e in gazetteer.lookup(name)):
            continue
        if typ in ("GPE", "LOC") and not any(e.type in ("GPE", "LOC") for e in gazetteer.lookup(name)):
            continue  # an unknown "place" is as often an outlet, a person or an adjective
        if len(words) == 1:
            continue  # a lone word needs the gazetteer or the rules' evidence
        yield Candidate(toks[i].start, toks[j - 1].end, typ, MODEL, tokens=(i, j))


def _org_shaped(text: str, toks: list[Token], i: int, j: int, words: list[Token], r: Rules) -> bool:
    """Whether a model ORG span of two words or more looks like a body's name: it holds a
    body's head or tail word (``Bank``, ``Holdings``, ``United``) or a brand's inner capital
    (``VinFast``), and no title, acronym or known person's name."""
    if len(words) < 2 or any(r.titles.match_at(toks, k, text) for k in range(i, j)) \
            or text[toks[i].start:toks[j - 1].end] in gazetteer.known_persons() or words[0].fold in name_words():
        return False
    clubs = _club_words()[0] - {"city", "town", "county"}  # "Skate City": a game as often as a club
    heads = r.heads["ORG"]
    return any(heads.match_at(toks, k, text) or t.fold in clubs for k, t in zip(range(i, j), toks[i:j], strict=True)) \
        or any(p.match_before(toks, j, text) for p in r.tails.values()) \
        or any(re.search(r"[a-z][A-Z]", t.text) for t in words)


def acronym_links(text: str, toks: list[Token], chosen: list[Candidate]) -> list[tuple[Candidate, Token]]:
    """``Yayasan Peduli Anak (YPA)`` and ``LPKB (Lembaga ...)``: a bracketed
    short form just after a name, or a short form just before a bracketed name."""
    by_end = {c.tokens[1]: c for c in chosen}
    by_start = {c.tokens[0]: c for c in chosen}
    out = []
    for n, t in enumerate(toks):
        if t.text != "(" or n + 2 >= len(toks) or toks[n + 2].text != ")":
            continue
        short = toks[n + 1]
        if not short.is_word or not short.is_cap or len(short.text) > 10 or short.fold in rules().not_names:
            continue
        c = by_end.get(n)
        if c is not None and c.type in ("ORG", "FAC", "GPE", "LOC") and c.entry is None:
            out.append((c, short))
    for n, t in enumerate(toks):
        if not t.is_acronym or n + 1 >= len(toks) or toks[n + 1].text != "(":
            continue
        c = by_start.get(n + 2)
        if c is not None and c.type in ("ORG", "FAC") and c.entry is None \
                and c.tokens[1] < len(toks) and toks[c.tokens[1]].text == ")":
            out.append((c, t))
    return out


def crossing(cands: list[Candidate], fixed: list[Candidate]) -> list[Candidate]:
    """``cands`` less those that cut across a ``fixed`` match (start inside it and end
    outside, or the reverse): ``Serikat Donald Trump`` across ``Amerika Serikat``."""
    ends_by_start: dict[int, list[int]] = {}
    longest = 1
    for f in fixed:
        x, y = f.tokens
        ends_by_start.setdefault(x, []).append(y)
        longest = max(longest, y - x)
    out = []
    for c in cands:
        a, b = c.tokens
        inside = any(y > b for x in range(a + 1, b) for y in ends_by_start.get(x, ()))
        before = any(a < y < b for x in range(max(0, a - longest), a) for y in ends_by_start.get(x, ()))
        if not (inside or before):
            out.append(c)
    return out


def select(cands: Iterable[Candidate]) -> list[Candidate]:
    """The best non-overlapping candidates: longest first, then highest priority."""
    ordered = sorted(cands, key=lambda c: (-(c.tokens[1] - c.tokens[0]), -c.priority, c.start))
    used: set[int] = set()
    out: list[Candidate] = []
    for c in ordered:
        span = range(c.tokens[0], c.tokens[1])
        if any(k in used for k in span):
            continue
        used.update(span)
        out.append(c)
    return sorted(out, key=lambda c: c.start)

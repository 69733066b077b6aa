"""Find the numbers of a text that count something, with value, qualifier, unit and category.

Words come from ``data/quantities/numbers.yaml`` (number words, scales, qualifiers, what is
not a count) and ``data/quantities/categories.yaml`` (what the counted words mean). This
module tokenises, reads numbers in the language's separator convention, and applies the
lexicons; :func:`find_quantities` is its one entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..resources import load_yaml

TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:[.,:/+]\d+)*)|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<sym>[^\w\s])"
)
SENTENCE_END = {".", "!", "?", ";", "•", "■", "▷"}
CONJUNCTIONS = {"dan", "and", "atau", "or", "serta", "but", "tetapi", "namun", "sementara", "while"}
CASUALTY = ("killed", "wounded", "captured", "arrested", "displaced", "casualties")


@dataclass
class Tok:
    text: str
    start: int
    end: int
    kind: str  # num, word, sym
    key: str
    glued: bool  # no space before it
    newline: bool  # a line break before it


@dataclass
class Found:
    """One quantity: span, reading, and links (``of`` is an index into the found list)."""

    start: int
    end: int
    value: float | None
    qualifier: str
    category: str
    upper: float | None = None
    unit: str | None = None
    of: int | None = None
    fraction: bool = False
    of_next: bool = False
    of_back: bool = False
    bare: bool = False  # counts nothing named: kept only beside a named count of its sentence
    tok: int = 0  # the token the quantity starts at


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = 0
    for m in TOKEN_RE.finditer(text):
        gap = text[prev_end:m.start()]
        kind = m.lastgroup or "sym"
        toks.append(Tok(m.group(), m.start(), m.end(), kind, m.group().casefold().replace("’", "'"),
                        glued=bool(toks) and gap == "", newline="\n" in gap))
        prev_end = m.end()
    return toks


def _phrases(items) -> dict[tuple[str, ...], object]:
    """Phrase keys (tuples of token keys) -> value, from a list or a dict of the lexicon."""
    pairs = items.items() if isinstance(items, dict) else ((w, True) for w in items or [])
    out: dict[tuple[str, ...], object] = {}
    for word, value in pairs:
        key = tuple(t.key for t in tokenize(str(word)))
        if key:
            out[key] = value
    return out


class Lexicon:
    """The words of one language (numbers) and the shared category lexicon."""

    def __init__(self, lang: str) -> None:
        numbers = load_yaml("quantities/numbers.yaml")
        data = numbers[lang]
        cats = load_yaml("quantities/categories.yaml")
        self.lang = lang
        self.thousands = data["separators"]["thousands"]
        self.decimal = data["separators"]["decimal"]
        self.units = _phrases(data["units"])
        self.teen = {str(w) for w in data.get("teen", [])}
        self.tens = {str(w) for w in data.get("tens", [])}
        self.hundreds = {str(w) for w in data.get("hundreds", [])}
        self.scales = _phrases(data["scales"])
        self.vague = _phrases(data["vague"])
        self.fractions = _phrases(data["fractions"])
        self.fraction_needs_cue = _phrases(data.get("fraction_needs_cue", []))
        self.fraction_of_back = _phrases(data.get("fraction_of_back", []))
        self.fraction_of_next = _phrases(data.get("fraction_of_next", []))
        self.percent = _phrases(data["percent"])
        self.qual_before = _phrases(data["qualifiers_before"])
        self.qual_after = _phrases(data["qualifiers_after"])
        self.range_openers = {str(w) for w in data.get("range_openers", [])}
        self.range_joiners = {str(w) for w in data.get("range_joiners", [])}
        self.not_after = _phrases(data.get("not_after", []))
        self.not_before = _phrases(data.get("not_before", []))
        self.age_before = _phrases(data.get("age_before", []))
        self.not_count = [tuple(t.key for t in tokenize(p)) for p in data.get("not_count", [])]
        # both languages' stop words: Indonesian articles quote English and the reverse
        self.unit_stop = {str(w).casefold() for code in ("id", "en") for w in numbers["unit_stop"][code]}
        self.vague_scales = {key: value for key, value in self.vague.items()
                             if len(key) == 1 and int(value) >= 1000}
        self.verb_like_nouns = {str(w).casefold() for w in numbers.get("verb_like_nouns", [])}
        self.not_units = {str(w).casefold() for w in numbers.get("not_units", [])}
        self.classifiers = {str(w).casefold() for w in numbers.get("classifiers", [])}
        # categories
        self.nouns: list[tuple[str, str]] = [(str(w).casefold(), cat) for cat, ws in cats["nouns"].items() for w in ws]
        self.people = [str(w).casefold() for w in cats["people"]]
        self.verbs_after = {cat: _phrases(ws) for cat, ws in cats["verbs_after"].items()}
        self.verbs_before = {cat: _phrases(ws) for cat, ws in cats["verbs_before"].items()}
        self.detained = _phrases(cats["detained"])
        self.personnel_context = {str(w).casefold() for w in cats["personnel_context"]}
        self.currencies_before = _phrases(cats["currencies_before"])
        self.currencies_after = _phrases(cats["currencies_after"])
        self.area_units = _phrases(cats["area_units"])
        self.distance_units = _phrases(cats["distance_units"])
        self.duration_units = _phrases(cats["duration_units"])
        self.area_context = {str(w).casefold() for w in cats["area_context"]}

    # -- word classes -------------------------------------------------------------------

    @staticmethod
    def _hit(word: str, entries) -> bool:
        for entry in entries:
            if entry.endswith("*"):
                if word.startswith(entry[:-1]):
                    return True
            elif word == entry:
                return True
        return False

    def heads(self, words: list[str]) -> list[str]:
        """The head nouns of the counted words: first word of each conjunct in Indonesian (after a
        classifier), last word of each conjunct in English."""
        conjuncts: list[list[str]] = [[]]
        for w in words:
            if w in {"dan", "and", "atau", "or", "serta"}:
                conjuncts.append([])
            else:
                conjuncts[-1].append(w)
        heads: list[str] = []
        for part in conjuncts:
            if not part:
                continue
            if self.lang == "en":
                heads.append(part[-1])
            else:
                heads.append(part[0])
                if part[0] in self.classifiers and len(part) > 1:
                    heads.append(part[1])
                elif len(part) > 1:
                    heads.append(f"{part[0]} {part[1]}")
        return heads

    def noun_category(self, words: list[str]) -> str | None:
        """The category of the counted words: the first head noun (or two-word phrase) in the lexicon."""
        for head in self.heads(words):
            if " " in head:
                for entry, cat in self.nouns:
                    if entry == head:
                        return cat
                continue
            for entry, cat in self.nouns:
                if " " not in entry and self._hit(head, [entry]):
                    return cat
        return None

    def is_people(self, words: list[str]) -> bool:
        return any(self._hit(w, self.people) for w in self.heads(words))

    def is_noun(self, word: str) -> bool:
        return self._hit(word, [e for e, _ in self.nouns if " " not in e]) or self._hit(word, self.people)


@cache
def lexicon(lang: str) -> Lexicon:
    return Lexicon(lang if lang in ("id", "en") else "id")


# --- phrase matching over tokens ------------------------------------------------------


_PHRASE_INDEX: dict[tuple[int, int], tuple[dict, int, dict[str, list[tuple[tuple, object]]]]] = {}


def _phrases_by_word(phrases: dict, position: int) -> dict[str, list[tuple[tuple, object]]]:
    """The phrases by their first (position 0) or last (-1) word, longest first.

    Matching tries only the phrases that can start (or end) at a token, instead of all
    of them at every token; the index is built once per phrase table.
    """
    cached = _PHRASE_INDEX.get((id(phrases), position))
    if cached is not None and cached[0] is phrases and cached[1] == len(phrases):
        return cached[2]
    index: dict[str, list[tuple[tuple, object]]] = {}
    for key, value in phrases.items():
        if key:
            index.setdefault(key[position], []).append((key, value))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))  # stable: table order among equals
    _PHRASE_INDEX[(id(phrases), position)] = (phrases, len(phrases), index)
    return index


def match_at(toks: list[Tok], i: int, phrases: dict) -> tuple[int, object] | None:
    """The longest phrase starting at token i: (number of tokens, value)."""
    if i >= len(toks):
        return None
    for key, value in _phrases_by_word(phrases, 0).get(toks[i].key, ()):
        n = len(key)
        if i + n <= len(toks) and all(toks[i + k].key == key[k] for k in range(n)):
            return n, value
    return None


def match_ending(toks: list[Tok], j: int, phrases: dict) -> tuple[int, object] | None:
    """The longest phrase ending just before token j."""
    if j <= 0 or j > len(toks):
        return None
    for key, value in _phrases_by_word(phrases, -1).get(toks[j - 1].key, ()):
        n = len(key)
        if j - n >= 0 and all(toks[j - n + k].key == key[k] for k in range(n)):
            return n, value
    return None


# --- reading numbers --------------------------------------------------------------------


def parse_digits(text: str, lex: Lexicon) -> float | None:
    """A digit string in the language's convention (``6.000`` id = 6000, ``6,000`` en = 6000)."""
    th, dec = lex.thousands, lex.decimal
    if re.fullmatch(r"\d+", text):
        return float(text)
    if re.fullmatch(r"0[.,]\d+", text):
        return float(text.replace(",", "."))  # "0.698" / "0,5": a thousands group never starts with 0
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(th)}\d{{3}})+(?:{re.escape(dec)}\d+)?", text):
        whole, _, frac = text.partition(dec)
        return float(whole.replace(th, "") + ("." + frac if frac else ""))
    if re.fullmatch(rf"\d+{re.escape(dec)}\d+", text):
        return float(text.replace(dec, "."))
    # "2.5 juta": one digit after the thousands mark can only be a decimal
    if re.fullmatch(rf"\d+{re.escape(th)}\d", text):
        return float(text.replace(th, "."))
    # the other convention, only where it is unambiguous (several thousands marks)
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(dec)}\d{{3}}){{2,}}", text):
        return float(text.replace(dec, ""))
    if re.fullmatch(rf"\d+{re.escape(th)}\d{{1,2}}", text) and lex.lang != "id":
        return float(text.replace(th, "."))
    return None


def _number_words(toks: list[Tok], i: int, lex: Lexicon) -> tuple[int, float] | None:
    """A run of number words from token i (``dua puluh lima``, ``three hundred``): (end, value)."""
    total = current = last = 0.0
    j = i
    seen = False
    while j < len(toks) and toks[j].kind == "word":
        if j > i and toks[j].newline:
            break
        key = toks[j].key
        unit = match_at(toks, j, lex.units)
        if unit is None and "-" in key and lex.lang == "en":
            parts = key.split("-")
            vals = [lex.units.get((p,)) for p in parts]
            if all(isinstance(v, int) for v in vals):
                unit = (1, sum(vals))
        if unit is not None:
            if seen and last and unit[1] >= 10 and lex.lang == "id" and current % 100 != 0:
                break
            current += unit[1]
            last = unit[1]
            j += unit[0]
            seen = True
            continue
        if not seen:
            return None
        if key in lex.teen:
            current += 10
            last = 0
        elif key in lex.tens:
            current = current - last + last * 10
            last = 0
        elif key in lex.hundreds:
            current = current - last + (last or 1) * 100 if last else (current or 1) * 100
            last = 0
        else:
            scale = match_at(toks, j, lex.scales)
            if scale is None:
                break
            total += (current or 1) * scale[1]
            current = last = 0
            j += scale[0]
            continue
        j += 1
    if not seen:
        return None
    return j, total + current


# --- the scan -----------------------------------------------------------------------------


class _Scan:
    def __init__(self, text: str, lex: Lexicon, blocked: list[tuple[int, int]]) -> None:
        self.text = text
        self.lex = lex
        self.toks = tokenize(text)
        self.blocked = blocked

    def in_blocked(self, tok: Tok) -> bool:
        return any(s < tok.end and tok.start < e for s, e in self.blocked)

    def word(self, j: int) -> str:
        return self.toks[j].key if 0 <= j < len(self.toks) else ""

    def number_start(self, k: int) -> bool:
        """Whether a number (digits or number words) starts at token k."""
        t = self.toks[k]
        if t.kind == "num":
            return True
        if t.kind != "word":
            return False
        lex = self.lex
        return bool(match_at(self.toks, k, lex.units) or match_at(self.toks, k, lex.vague)
                    or match_at(self.toks, k, lex.fractions))

    def sentence_break(self, j: int) -> bool:
        """Whether token j ends a sentence or starts a new line."""
        t = self.toks[j]
        return t.newline or (t.kind == "sym" and t.text in SENTENCE_END)

    # -- the number itself ---------------------------------------------------------------

    def digit_number(self, i: int, *, second: bool = False) -> tuple[int, float] | None:
        toks, lex = self.toks, self.lex
        tok = toks[i]
        if any(c in tok.text for c in ":/+"):
            return None
        if len(tok.text) > 1 and tok.text[0] == "0" and not tok.text.startswith(("0,", "0.")):
            return None
        if re.fullmatch(r"\d{7,}", tok.text):
            return None
        if tok.glued and i > 0 and not second:
            prev = toks[i - 1]
            if prev.kind == "word" and match_ending(toks, i, lex.currencies_before) is None:
                return None  # A320, MH17, kbs1234
            if prev.text == "-" and i > 1 and prev.glued:
                return None  # F-16, ke-3, Covid-19, 781-1234
            if prev.text in {"#", "№"}:
                return None
        if i + 1 < len(toks) and toks[i + 1].glued:
            nxt = toks[i + 1]
            if nxt.kind == "word" and nxt.key not in {"km", "kg", "m", "rb", "jt", "ha", "km2"} and \
                    match_at(toks, i + 1, lex.scales) is None and match_at(toks, i + 1, lex.area_units) is None:
                return None  # 20detik, 1st, 3rd, 1940an
            if nxt.text == "-" and i + 2 < len(toks) and toks[i + 2].glued and toks[i + 2].kind == "word" \
                    and match_at(toks, i + 2, lex.scales) is None:
                return None  # 1940-an, 25-year-old, an 8,700-ton ship: a modifier, not a count
        if lex.lang == "id" and re.fullmatch(r"\d{1,2}\.\d{2}", tok.text):
            return None  # 16.00: a clock time in Indonesian
        value = parse_digits(tok.text, lex)
        if value is None:
            return None
        return i + 1, value

    def excluded_context(self, i: int, j: int, value: float | None) -> bool:
        """Clock times, ids, ages, years: a number here does not count anything."""
        toks, lex = self.toks, self.lex
        if match_ending(toks, i, lex.not_after) is not None:
            return True
        if match_ending(toks, i, lex.age_before) is not None:
            return True
        if j < len(toks) and (match_at(toks, j, lex.not_before) is not None or toks[j].key in lex.not_units):
            return True
        # "Ahmad Rizal (40)": an age in brackets after a name
        if i > 1 and j < len(toks) and toks[i - 1].text == "(" and toks[j].text == ")" and value is not None \
                and value < 130 and toks[i - 2].kind == "word" and toks[i - 2].text[:1].isupper():
            return True
        tok = toks[i]
        if tok.kind == "num" and re.fullmatch(r"(1[89]|20)\d\d", tok.text):
            nxt = toks[j] if j < len(toks) else None
            if not (nxt and nxt.kind == "word" and (lex.is_noun(nxt.key) or match_at(toks, j, lex.scales))):
                return True  # a bare year
        return False

    def read_number(self, i: int, *, second: bool = False) -> tuple[int, float | None, str] | None:
        """The number starting at token i: (end token, value, kind: num, vague, fraction)."""
        toks, lex = self.toks, self.lex
        tok = toks[i]
        if tok.kind == "num":
            got = self.digit_number(i, second=second)
            if got is None:
                return None
            j, value = got
            scale = match_at(toks, j, lex.scales)
            if scale is None and j < len(toks) and (toks[j].key,) in lex.vague_scales:
                scale = (1, lex.vague_scales[(toks[j].key,)])  # "200 jutaan": 200 juta, about
            if scale is not None:
                value *= scale[1]
                j += scale[0]
            return j, value, "num"
        if tok.kind != "word":
            return None
        vague = match_at(toks, i, lex.vague)
        if vague is not None:
            return i + vague[0], None, "vague"
        frac = match_at(toks, i, lex.fractions)
        key = tok.key
        if frac is None and key.endswith("nya") and (key[:-3],) in lex.fractions:
            return i + 1, float(lex.fractions[(key[:-3],)]), "fraction_back"
        if frac is not None:
            after = i + frac[0]
            if self.word(after) in {"a", "an"} and match_at(toks, after + 1, lex.duration_units):
                return None  # "half a century": a length of time, not a share
            if match_at(toks, i, lex.fraction_needs_cue) and not (
                match_ending(toks, i, lex.qual_before) or match_at(toks, i + frac[0], lex.fraction_of_next)
            ):
                return None
            return i + frac[0], float(frac[1]), "fraction"
        for phrase in lex.not_count:
            for k in range(len(phrase)):
                if i - k >= 0 and i - k + len(phrase) <= len(toks) and \
                        all(toks[i - k + n].key == phrase[n] for n in range(len(phrase))) and tok.key in phrase:
                    return None
        got = _number_words(toks, i, lex)
        if got is None:
            return None
        j, value = got
        if j < len(toks) and (toks[j].key,) in lex.vague_scales:
            value *= lex.vague_scales[(toks[j].key,)]  # "satu jutaan": one million, about
            j += 1
        if lex.lang == "en":
            prev = self.word(i - 1)
            if prev in {"the", "these", "those", "both", "all", "its", "their", "his", "her", "our"}:
                return None  # "the two countries" points back, it does not count
            if value == 1 and j - i == 1 and not (j < len(toks) and toks[j].kind == "word" and (
                    lex.is_noun(toks[j].key) or match_at(toks, j, lex.duration_units))):
                return None
        return j, value, "num"

    # -- around the number -------------------------------------------------------------

    def qualifier_before(self, i: int) -> tuple[int, str | None]:
        """The qualifier cue ending at token i (a currency mark may sit between): (start token, qualifier)."""
        toks, lex = self.toks, self.lex
        k = i
        cur = match_ending(toks, k, lex.currencies_before)
        if cur is not None:
            k -= cur[0]
        hit = match_ending(toks, k, lex.qual_before)
        if hit is None:
            return k, None
        return k - hit[0], str(hit[1])

    def unit_phrase(self, j: int, number_capitalised: bool) -> tuple[int, list[Tok]]:
        """The counted words after token j: (end token, words)."""
        toks, lex = self.toks, self.lex
        words: list[Tok] = []
        k = j
        while k < len(toks) and len(words) < 5:
            t = toks[k]
            if t.kind != "word" or t.newline:
                break
            key = t.key
            if key in lex.unit_stop:
                break
            if key in {"dan", "and", "atau", "or", "serta"}:
                if words and k + 1 < len(toks) and toks[k + 1].kind == "word" and lex.is_noun(toks[k + 1].key):
                    words.append(t)
                    k += 1
                    continue
                break
            capital = t.text[:1].isupper()
            if lex.lang == "id":
                if capital and not (number_capitalised or (not words and lex.is_noun(key))):
                    break
                if len(key) >= 6 and re.match(r"(me|ber|di|ter)", key) and key not in lex.verb_like_nouns \
                        and not lex.is_noun(key):
                    break
            words.append(t)
            k += 1
        if lex.lang == "en":
            while words and words[-1].text[:1].isupper():
                words.pop()  # "5,000 French troops" keeps French; a trailing name does not count
        end = j + len(words)
        while words and words[-1].key in {"dan", "and", "atau", "or", "serta"}:
            words.pop()
            end -= 1
        return end, words

    def verbs_near(self, i_start: int, j_end: int) -> set[str]:
        """Casualty categories cued by verbs after the counted words or just before the number."""
        toks, lex = self.toks, self.lex
        found: set[str] = set()
        k = j_end
        words = 0
        while k < len(toks) and words < 6:
            if k > j_end and self.sentence_break(k) or self.number_start(k):
                break
            if toks[k].kind == "word":
                words += 1
                hit = None
                for cat, phrases in lex.verbs_after.items():
                    got = match_at(toks, k, phrases)
                    if got and (hit is None or got[0] > hit[1]):
                        hit = (cat, got[0])
                det = match_at(toks, k, lex.detained)
                if det and (hit is None or det[0] > hit[1]):
                    hit = ("detained", det[0])
                if hit:
                    found.add(hit[0])
                    k += hit[1]
                    continue
            k += 1
        # before: up to four words back, within the sentence
        k = i_start
        for _ in range(4):
            if k <= 0 or self.sentence_break(k):
                break
            for cat, phrases in lex.verbs_before.items():
                if match_ending(toks, k, phrases):
                    found.add(cat)
            k -= 1
        return found

    def personnel_clause(self, i: int) -> bool:
        """Armed-forces words earlier in the sentence, within ten words."""
        toks, lex = self.toks, self.lex
        k, words = i - 1, 0
        while k >= 0 and words < 10:
            if self.sentence_break(k + 1) and k + 1 < i:
                break
            if toks[k].kind == "word":
                words += 1
                if toks[k].key in lex.personnel_context:
                    return True
            k -= 1
        return False

    def tail(self, k: int, limit: int = 3, *, capitalised: bool = False) -> int:
        """The rest of the clause after the counted words (``66 merupakan rute internasional``)."""
        toks = self.toks
        end = k
        n = 0
        while end < len(toks) and n < limit:
            t = toks[end]
            if t.kind != "word" or t.newline or self.number_start(end) or t.key in CONJUNCTIONS:
                break
            if t.text[:1].isupper() and not capitalised:
                break
            n += 1
            end += 1
        while end > k and toks[end - 1].key in {"dan", "and", "atau", "or", "serta", "yang", "di", "ke", "dari",
                                                 "the", "a", "of", "in", "to"}:
            end -= 1
        return end

    def after_name(self, i: int, words: list[Tok]) -> bool:
        """A number right after a capitalised word inside a sentence (``Tab 9``, ``Turbo 2.0``,
        ``Divisi 1 musim ini``) with no known counted thing after it: the number names a
        model, version or series."""
        toks, lex = self.toks, self.lex
        if i < 2 or toks[i - 1].kind != "word" or not toks[i - 1].text[:1].isupper():
            return False
        keys = [w.key for w in words]
        if words and not words[0].text[:1].isupper() and (
                lex.noun_category(keys) or lex.is_people(keys) or keys[0] in lex.classifiers):
            return False  # "Kota Gaza 12 orang": a count of known things after a name
        if match_ending(toks, i, self.lex.currencies_before) or match_ending(toks, i, self.lex.qual_before):
            return False
        before = toks[i - 2]
        # the capitalised word must not open the sentence ("Hanya 3 yang ...")
        return not (self.sentence_break(i - 1) or before.kind == "sym" and before.text in SENTENCE_END | {'"', "“", "("})

    # -- one quantity ----------------------------------------------------------------------

    def quantity_at(self, i: int) -> tuple[int, Found] | None:
        toks, lex = self.toks, self.lex
        if self.in_blocked(toks[i]):
            return None
        got = self.read_number(i)
        if got is None:
            return None
        j, value, kind = got
        if kind == "num" and self.excluded_context(i, j, value):
            return None
        if any(self.in_blocked(toks[k]) for k in range(i, j)):
            return None
        start_tok, qualifier = self.qualifier_before(i)
        upper = None
        # ranges: "10-20", "antara 5 dan 7", "10 hingga 20 juta"
        if kind == "num" and j + 1 < len(toks) and toks[j].key in lex.range_joiners:
            opener = self.word(start_tok - 1) in lex.range_openers or self.word(i - 1) in lex.range_openers
            if toks[j].key not in {"dan", "and", "atau", "or"} or opener:
                second = self.read_number(j + 1, second=True) if toks[j + 1].kind in ("num", "word") else None
                if second is not None and second[2] == "num" and second[1] is not None and value is not None:
                    j2, v2, _ = second
                    scale = match_at(toks, j, lex.scales)
                    if v2 > value or scale:
                        # "10-20 juta": the scale after the second number counts for both
                        if j2 - 1 > j + 1 and value < v2 and toks[i].kind == "num" and match_at(
                                toks, j2 - 1, lex.scales) and not match_at(toks, i + 1, lex.scales):
                            value *= lex.scales[(toks[j2 - 1].key,)]
                        upper, qualifier, j = v2, "range", j2
                        if opener and self.word(start_tok - 1) in lex.range_openers:
                            start_tok -= 1
                        elif opener:
                            start_tok = i - 1
        after = match_at(toks, j, lex.qual_after)
        if after is not None and kind == "num" and not (lex.lang == "id" and toks[j].key == "an"):
            qualifier = qualifier or str(after[1])
            j += after[0]
        unit_text = None
        category = None
        percent = match_at(toks, j, lex.percent)
        currency = match_ending(toks, i, lex.currencies_before) if toks[i].kind == "num" else None
        if percent is not None:
            j += percent[0]
            unit_text = toks[j - 1].text
        cur_after = match_at(toks, j, lex.currencies_after)
        if cur_after is not None:
            unit_text = self.text[toks[j].start:toks[j + cur_after[0] - 1].end]
            # "dolar AS": the country after the currency word
            end = j + cur_after[0]
            if end < len(toks) and toks[end].kind == "word" and toks[end].text.isupper() and len(toks[end].text) <= 3:
                unit_text = self.text[toks[j].start:toks[end].end]
                end += 1
            j = end
            category = "money"
        elif currency is not None:
            category = "money"
            unit_text = self.text[toks[i - currency[0]].start:toks[i - 1].end]
        # the counted words
        if kind == "vague" and lex.lang == "en" and self.word(j) == "of":
            j += 1
        unit_end, words = (j, []) if percent is not None or category == "money" else \
            self.unit_phrase(j, toks[i].text[:1].isupper())
        keys = [w.key for w in words]
        if words:
            unit_text = self.text[words[0].start:words[-1].end]
        if category is None and (percent is not None or kind.startswith("fraction")):
            ahead = [t.key for t in toks[j:j + 8] if t.kind == "word"]
            category = "area" if any(w in lex.area_context for w in ahead) else None if kind != "num" else "other"
        measure = None
        if category is None and words:
            for cat, table in (("area", lex.area_units), ("other", lex.distance_units),
                               ("duration", lex.duration_units)):
                got = match_at(toks, j, table)
                if got:
                    measure = (cat, got[0])
                    break
        if measure is not None:
            category = measure[0]
            unit_text = self.text[toks[j].start:toks[j + measure[1] - 1].end]
            unit_end = max(unit_end, j + measure[1])
            if category == "duration" and value is None:
                return None
        noun_cat = lex.noun_category(keys) if category is None else None
        people = category is None and lex.is_people(keys)
        verbs = self.verbs_near(start_tok, j) if category is None and noun_cat in (None, "personnel") else set()
        if "detained" in verbs:
            verbs.discard("detained")
            verbs.add("captured" if noun_cat == "personnel" else "arrested")
        if len(verbs) > 1:
            verbs.discard("casualties")  # "korban tewas": the victims are the killed
        casualty = [c for c in CASUALTY if c in verbs]
        if category is None:
            if len(casualty) > 1:
                category = "casualties"
            elif casualty:
                category = casualty[0]
            elif noun_cat:
                category = noun_cat
            elif people and self.personnel_clause(start_tok):
                category = "personnel"
        scaled = kind == "num" and toks[j - 1].kind == "word" and j - 1 > i
        if scaled and (toks[j - 1].key,) in lex.vague_scales:
            qualifier = qualifier or "about"
        plain = kind == "num" and category is None and qualifier is None and not scaled and percent is None
        if plain and self.after_name(i, words):
            return None  # "Galaxy Tab 9", "Liga 1": a model or series number
        bare = plain and not words and not noun_cat and not verbs
        fraction = kind.startswith("fraction") and category != "duration"  # "setengah jam" is a duration
        if fraction:
            qualifier = "fraction"
        elif kind == "vague":
            qualifier = "vague"
        start = toks[start_tok].start
        end_tok = self.tail(unit_end, capitalised=toks[i].text[:1].isupper()) if not fraction else unit_end
        end = toks[end_tok - 1].end
        found = Found(start, end, value, qualifier or "exact", category or "other", upper=upper, unit=unit_text,
                      fraction=fraction or percent is not None, bare=bare and not fraction, tok=start_tok)
        if fraction or percent is not None:
            if kind == "fraction_back" or match_at(toks, unit_end, lex.fraction_of_back) or \
                    match_at(toks, j, lex.fraction_of_back):
                found.of_back = True
            elif match_at(toks, j, lex.fraction_of_next):
                found.of_next = True
        return end_tok, found

    def run(self) -> list[Found]:
        out: list[Found] = []
        i = 0
        while i < len(self.toks):
            got = self.quantity_at(i)
            if got is None:
                i += 1
                continue
            end_tok, found = got
            out.append(found)
            i = max(end_tok, i + 1)
        out = self._without_lone_bare(out)
        _link_fractions(out)
        return out

    def _without_lone_bare(self, found: list[Found]) -> list[Found]:
        """Drop bare numbers ("nomor 3 ... 42") unless their sentence also counts something
        named: "Dari 87 penerbangan, 66 merupakan rute internasional" splits that count."""
        sentence: list[int] = []
        n = 0
        for k in range(len(self.toks)):
            if self.sentence_break(k):
                n += 1
            sentence.append(n)
        named = {sentence[f.tok] for f in found if not f.bare and f.unit}

        def followed_by_word(f: Found) -> bool:
            k = next((k for k in range(f.tok, len(self.toks)) if self.toks[k].end > f.start
                      and self.toks[k].kind != "sym"), None)
            return k is not None and k + 1 < len(self.toks) and self.toks[k + 1].kind == "word"

        # the split-off part goes on with its clause ("66 merupakan ..."); a lone figure
        # ("(16.392)", "skor 2") does not
        return [f for f in found if not f.bare or sentence[f.tok] in named and followed_by_word(f)]


def _link_fractions(found: list[Found]) -> None:
    """Point each fraction at the count it divides: the one before (``separuhnya``) or after (``dari``)."""
    for idx, q in enumerate(found):
        target = None
        if q.of_back:
            for k in range(idx - 1, -1, -1):
                cand = found[k]
                if not cand.fraction and cand.category not in ("duration", "money") and q.start - cand.end < 400:
                    target = k
                    break
        elif q.of_next and idx + 1 < len(found) and found[idx + 1].start - q.end < 40:
            target = idx + 1
        if target is None:
            continue
        q.of = target
        if q.category == "other" and found[target].category != "other":
            q.category = found[target].category


# Web addresses, e-mail addresses and telephone numbers: their digits count nothing.
NOT_COUNTS_RE = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:com|id|org|net|co\.id|go\.id)/\S*"
    r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,5}"
    r"|\(?(?<!\d)0\d{1,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,5}(?:,\s*\d{3,5}(?!\d))*(?!\d)"
)


def guess_lang(text: str) -> str:
    """``en`` or ``id`` from common function words, for a text whose language is not known."""
    words = re.findall(r"[a-z]+", text.casefold())
    en = sum(w in {"the", "of", "and", "to", "was", "is", "were", "said"} for w in words)
    ind = sum(w in {"yang", "dan", "di", "dari", "itu", "ini", "dengan", "untuk"} for w in words)
    return "en" if en > ind else "id"


def find_quantities(text: str, *, lang: str | None = None, blocked: list[tuple[int, int]] | None = None) -> list[Found]:
    """Every counting number of ``text``; ``blocked`` spans (dates) hold no quantity.

    ``lang`` picks the separator convention and the words; None guesses it from the text.
    """
    if lang not in ("id", "en"):
        lang = guess_lang(text)
    spans = list(blocked or []) + [m.span() for m in NOT_COUNTS_RE.finditer(text)]
    return _Scan(text, lexicon(lang), sorted(spans)).run()

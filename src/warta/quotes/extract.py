"""Finding who says what: direct quotes, reported speech and attributions.

Its one job: turn a cleaned text into :class:`Found` records (content span, kind,
cue, speaker phrase) with rules over tokens: quote marks paired per paragraph, cues
looked up in ``data/quotes/attribution.yaml``, speakers read from the cue's position
(``"...," kata X``, ``X mengatakan, "..."``, ``X said (that) ...``, ``Menurut X, ...``).
Resolving a speaker phrase to a name or entity is :mod:`warta.quotes.speakers`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import Lexicon, Phrase, all_speech_verbs
from .text import (
    CLOSING_GLYPHS,
    DOUBLE_QUOTES,
    OPENING_GLYPHS,
    Tok,
    paragraphs,
    sentence_bounds,
    tokenize,
)

_VERBISH_ID = re.compile(r"^(?:me|ber|di|ter)[a-z]{3,}$")
_DATEISH = re.compile(r"^\d{1,4}(?:/\d{1,4}){0,2}$")
_BREAKS = {",", ";", "—", "–", "--"}
_END_PUNCT = {".", "!", "?", "…"}
# Quoted words inside a sentence with no cue of their own: this many or more make a
# direct quote (of the statement's speaker); fewer are a scare quote.
MIN_FRAGMENT_WORDS = 5


@cache
def by_first_word(phrases: frozenset[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    """Phrases grouped by their first word, for lookup at a token."""
    out: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


@dataclass
class Found:
    """One quote or attribution before speaker resolution."""

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None  # the speaker phrase as written
    pronoun: bool = False  # the speaker is a pronoun or a -nya clitic
    coord: bool = False  # the speaker is the subject of an earlier clause
    sent: int = 0
    para: int = 0
    group: int | None = None  # quotes of one multi-paragraph quotation
    full: bool = True  # a direct quote that stands as a statement (not a fragment)
    wire: bool = False  # a news-agency credit ("dilansir AFP")
    cue_tok: int = -1  # token index of the cue
    close_tok: int = -1  # token index of a direct quote's closing mark


@dataclass
class Mark:
    """A pair of quote marks in one paragraph."""

    open: int | None  # token index of the opening mark (None: the paragraph starts inside)
    close: int | None  # token index of the closing mark (None: runs to the paragraph end)
    start: int  # content offsets
    end: int
    para: int


class Analysis:
    """The tokens of one document and the attribution rules run over them."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.toks: list[Tok] = []
        self.paras: list[tuple[int, int]] = []  # token index ranges
        self.sents: list[tuple[int, int]] = []
        verbs = all_speech_verbs()
        for s, e in paragraphs(text):
            ptoks = tokenize(text, s, e, verbs=verbs)
            if not ptoks:
                continue
            base = len(self.toks)
            starts = sentence_bounds(ptoks, text, lex.abbreviations)
            for k, tok in enumerate(ptoks):
                tok.i = base + k
                tok.para = len(self.paras)
            for a, b in zip(starts, [*starts[1:], len(ptoks)], strict=False):
                for tok in ptoks[a:b]:
                    tok.sent = len(self.sents)
                self.sents.append((base + a, base + b))
            self.toks.extend(ptoks)
            self.paras.append((base, base + len(ptoks)))
        self.found: list[Found] = []
        self.used_cues: set[int] = set()
        self.marks: list[Mark] = []
        self.in_quote = [False] * len(self.toks)
        self.times: list[tuple[int, int]] = []  # time expressions found by the times stage

    # ----------------------------------------------------------------- helpers
    def phrase_at(self, i: int, phrases: frozenset[Phrase]) -> int:
        """Length in tokens of the longest phrase of ``phrases`` starting at token ``i``."""
        best = 0
        for phrase in by_first_word(phrases).get(self.toks[i].low, ()):
            n = len(phrase)
            if n > best and i + n <= len(self.toks) and all(
                self.toks[i + k].low == phrase[k] for k in range(n)
            ):
                best = n
        return best

    def sent_of(self, i: int) -> tuple[int, int]:
        return self.sents[self.toks[i].sent]

    def verbish(self, tok: Tok) -> bool:
        """A lower-case word that looks like a verb (``me-``/``di-`` words, English verbs)."""
        if not tok.is_word or tok.is_cap:
            return False
        if tok.low in self.lex.not_verbs:
            return False
        if self.lex.lang == "id":
            return bool(_VERBISH_ID.match(tok.low)) or tok.low in self.lex.single_verbs
        return tok.low in self.lex.verbs or tok.low in self.lex.single_verbs or (
            tok.low.endswith("ed") and len(tok.low) > 4
        )

    def span_of(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens ``a..b-1``."""
        return self.toks[a].start, self.toks[b - 1].end

    def is_cue_word(self, tok: Tok) -> bool:
        low = tok.low
        return low in self.lex.inverted_cues or low in self.lex.single_verbs or self.nya_cue(tok)

    def nya_cue(self, tok: Tok) -> bool:
        low = tok.low
        return low.endswith("nya") and (low[:-3] in self.lex.inverted_cues or low[:-3] in self.lex.single_verbs)

    def pronoun(self, tok: Tok) -> bool:
        return tok.low in self.lex.pronouns

    # ------------------------------------------------------------ quote marks
    def pair_marks(self) -> None:
        """Pair the quote marks of every paragraph (curly, straight, guillemets, single)."""
        for p, (a, b) in enumerate(self.paras):
            self._pair_paragraph(p, a, b)
        for m in self.marks:
            lo = m.open + 1 if m.open is not None else self.paras[m.para][0]
            hi = m.close if m.close is not None else self.paras[m.para][1]
            for k in range(lo, hi):
                self.in_quote[k] = True

    def _role(self, k: int, a: int, b: int) -> str:
        tok = self.toks[k]
        left = self.toks[k - 1] if k > a else None
        right = self.toks[k + 1] if k + 1 < b else None
        glued_left = left is not None and left.end == tok.start
        glued_right = right is not None and right.start == tok.end
        opens = not glued_left or (left is not None and left.text in "([:")
        opens = opens and glued_right and right is not None and (right.is_word or right.text in "([.…-")
        closes = glued_left and (not glued_right or (right is not None and right.text in ",.;:!?)"))
        if opens and not closes:
            return "open"
        if closes and not opens:
            return "close"
        if tok.text in OPENING_GLYPHS:
            return "open"
        if tok.text in CLOSING_GLYPHS:
            return "close"
        return "either"

    def _pair_paragraph(self, p: int, a: int, b: int) -> None:
        opened: int | None = None
        for k in range(a, b):
            tok = self.toks[k]
            if tok.text not in DOUBLE_QUOTES:
                continue
            role = self._role(k, a, b)
            if opened is None:
                if role == "close" and not any(self.toks[j].text in DOUBLE_QUOTES for j in range(a, k)):
                    # closing mark with no opening one: the paragraph started inside the quote
                    self.marks.append(Mark(None, k, self.toks[a].start, tok.start, p))
                elif role != "close":
                    opened = k
            elif role != "open":
                if k > opened + 1:
                    self.marks.append(Mark(opened, k, self.toks[opened + 1].start, tok.start, p))
                opened = None
            else:
                # a second opening mark: the first one was never closed in this sentence
                opened = k
        if opened is not None and opened + 1 < b:
            self.marks.append(Mark(opened, None, self.toks[opened + 1].start, self.toks[b - 1].end, p))
        self._pair_single(p, a, b)

    def _pair_single(self, p: int, a: int, b: int) -> None:
        """Single quotes: only a clear opening ‘ ' with a later closing mark, outside double quotes."""
        inside = {k for m in self.marks if m.para == p for k in range(m.open or a, (m.close or b - 1) + 1)}
        opened: int | None = None
        for k in range(a, b):
            tok = self.toks[k]
            if tok.text not in "‘’'‹›" or k in inside:
                continue
            role = self._role(k, a, b)
            if opened is None and role == "open":
                opened = k
            elif opened is not None and role == "close" and k - opened >= 3:
                self.marks.append(Mark(opened, k, self.toks[opened + 1].start, tok.start, p))
                opened = None

    # ------------------------------------------------------------ direct quotes
    def direct_quotes(self) -> None:
        for m in sorted(self.marks, key=lambda m: (m.para, m.start)):
            f = self._direct(m)
            if f is not None:
                self.found.append(f)
        self._group_paragraphs()

    def _content(self, m: Mark) -> tuple[int, int]:
        s, e = m.start, m.end
        while e > s and (self.text[e - 1] in ", " or self.text[e - 1].isspace()):
            e -= 1
        while s < e and self.text[s].isspace():
            s += 1
        return s, e

    def _direct(self, m: Mark) -> Found | None:
        a, b = self.paras[m.para]
        s, e = self._content(m)
        if e <= s:
            return None
        words = len(self.text[s:e].split())
        first = m.open if m.open is not None else a
        f = Found("direct", s, e, para=m.para, sent=self.toks[first].sent)
        f.close_tok = m.close if m.close is not None else -1
        # cue after the quote: '"...," kata X' / '"...," X said'
        if m.close is not None and self._post_cue(m.close, b, f):
            return f
        # cue before the quote: 'X mengatakan, "..."' / 'X said: "..."'
        if m.open is not None and self._pre_cue(m, a, b, f):
            return f
        # no cue: a statement of its own, or words quoted inside a sentence; a few
        # scare-quoted words are left to the statement around them
        f.full = self._standalone(m, a, b) and words >= 3
        if not f.full and (words < MIN_FRAGMENT_WORDS or self._title_case(s, e)):
            return None  # a scare quote, or the title of a event, a book, a policy
        return f

    def _title_case(self, start: int, end: int) -> bool:
        """Most longer words capitalised: 'Rencana Induk Tata Ruang Kota dan Desa'."""
        long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", self.text[start:end]) if len(w) > 3]
        return bool(long) and sum(w[0].isupper() for w in long) >= 0.7 * len(long)

    def _post_cue(self, close: int, b: int, f: Found) -> bool:
        k = close + 1
        inner_end = self.toks[close - 1].text if close - 1 >= 0 else ""
        while k < b and self.toks[k].text == ",":
            k += 1
        if k >= b:
            return False
        tok = self.toks[k]
        if tok.text in _END_PUNCT or tok.is_quote:
            return False
        if inner_end in _END_PUNCT and tok.is_cap and not self.is_cue_word(tok):
            return False  # a new sentence begins after the quote
        if self.is_cue_word(tok) and tok.low not in self.lex.pronouns:
            self._take_cue(k, f)
            if self.nya_cue(tok):
                f.speaker = (tok.start, tok.end)
                f.pronoun = True
            else:
                f.speaker = self.speaker_after(k + 1, b)
                if f.speaker is not None and self.text[f.speaker[0]:f.speaker[1]].casefold() in self.lex.pronouns:
                    f.pronoun = True
            return True
        # "...," mereka menambahkan / "...," the mayor told staff: only after a comma or
        # an end mark ('was "difficult" but insisted' is not a cue for "difficult")
        if not (inner_end in _END_PUNCT or inner_end == "," or self.toks[close + 1].text == ","):
            return False
        if tok.low in self.lex.coordinators or tok.low in self.lex.clause_openers or self.verbish(tok):
            return False
        for j in range(k + 1, min(k + 8, b)):
            t = self.toks[j]
            if t.text in _BREAKS or t.text in _END_PUNCT or t.is_quote:
                return False
            if t.low in self.lex.single_verbs or t.low in self.lex.inverted_cues:
                self._take_cue(j, f)
                f.speaker = self.span_of(k, j)
                f.pronoun = all(self.toks[x].low in self.lex.pronouns for x in range(k, j))
                return True
        return False

    def _take_cue(self, k: int, f: Found) -> None:
        f.cue = (self.toks[k].start, self.toks[k].end)
        f.cue_tok = k
        self.used_cues.add(k)

    def _pre_cue(self, m: Mark, a: int, b: int, f: Found) -> bool:
        k = m.open - 1
        sep = False
        while k >= a and self.toks[k].text in ",:":
            sep = True
            k -= 1
        if k < a:
            return False
        if self.toks[k].low in self.lex.complementizers:
            k -= 1
            sep = True
        cue = self._cue_ending_at(k, a)
        if cue is None and sep:
            # 'The ministry told Reuters: "..."': a short object between the verb and the quote
            for j in range(k - 1, max(a, k - 4) - 1, -1):
                if not self.toks[j + 1].is_word:
                    break
                cue = self._cue_ending_at(j, a)
                if cue is not None:
                    break
        if cue is None:
            return False
        # 'menyatakan "kekhawatiran serius" atas ...': a phrase quoted inside a statement
        if not sep and not self._ends_sentence(m, b):
            return False
        self._take_cue(cue, f)
        self._subject_into(cue, f)
        return True

    def _cue_ending_at(self, k: int, a: int) -> int | None:
        """Token index of the speech verb that ends at token ``k`` (multi-word aware)."""
        for n in (3, 2, 1):
            i = k - n + 1
            if i >= a and self.phrase_at(i, self.lex.speech_verbs) == n:
                return i
        if self.toks[k].low in self.lex.inverted_cues or self.nya_cue(self.toks[k]):
            return None
        return None

    def _ends_sentence(self, m: Mark, b: int) -> bool:
        if m.close is None:
            return True
        k = m.close + 1
        return k >= b or self.toks[k].text in _END_PUNCT or self.toks[k].sent != self.toks[m.close].sent

    def _standalone(self, m: Mark, a: int, b: int) -> bool:
        """The quote starts a paragraph or a sentence and ends one."""
        if m.open is None:
            return True
        k = m.open - 1
        starts = k < a or self.toks[k].text in _END_PUNCT or self.toks[k].text in ":" or (
            self.toks[k].is_quote and k - 1 >= a and self.toks[k - 1].text in _END_PUNCT
        )
        if not starts:
            return False
        if m.close is None:
            return True
        inner_last = self.toks[m.close - 1].text
        return inner_last in _END_PUNCT or inner_last == "," or self._ends_sentence(m, b)

    def _group_paragraphs(self) -> None:
        """A paragraph that opens a quote without closing it continues into the next one."""
        by_para: dict[int, list[Found]] = {}
        for f in self.found:
            by_para.setdefault(f.para, []).append(f)
        unclosed = {m.para for m in self.marks if m.close is None}
        group = 0
        for p in sorted(by_para):
            if p - 1 in unclosed and p - 1 in by_para:
                prev = by_para[p - 1][-1]
                if prev.group is None:
                    group += 1
                    prev.group = group
                first = by_para[p][0]
                if first.start - self.toks[self.paras[p][0]].end <= 2:
                    first.group = prev.group

    # ---------------------------------------------------------- speakers by position
    def speaker_after(self, k: int, b: int) -> tuple[int, int] | None:
        """The speaker written after an inverted cue: 'kata Sari Wulandari, pengamat ...'."""
        if k >= b:
            return None
        lex = self.lex
        first = self.toks[k]
        if not first.is_word or first.low in lex.speaker_stops or first.low in lex.adverbial_openers:
            return None
        end = k
        if first.is_cap:
            j = k
            while j < b:
                t = self.toks[j]
                nxt_cap = j + 1 < b and self.toks[j + 1].is_cap
                if j > k and t.low in lex.time_words:
                    break  # 'kata Kepala Dinas Kota Sabtu (2/3)'
                if t.is_cap or (t.is_word and t.text[:1].isdigit() and j > k) or (
                        t.text in "-'’&" and nxt_cap and t.start == self.toks[j - 1].end):
                    j += 1
                elif t.text == "." and j + 1 < b and self.toks[j + 1].is_cap and t.start == self.toks[j - 1].end and (
                        len(self.toks[j - 1].text) == 1 or self.toks[j - 1].low in lex.abbreviations):
                    j += 1  # an initial or a title: 'Maria T. Lopez', 'Dr. X'

                elif t.low in lex.name_joiners and j + 1 < b and self.toks[j + 1].is_cap:
                    j += 1
                elif t.text == "(":
                    close = next((x for x in range(j, min(j + 6, b)) if self.toks[x].text == ")"), None)
                    if close is None:
                        break
                    j = close + 1
                elif t.low in lex.naming_words:
                    j += 1
                else:
                    break
            end = j
        else:
            j = k
            while j < b and j - k < 12:
                t = self.toks[j]
                if t.text in _BREAKS or t.text in _END_PUNCT or t.is_quote or t.text in ":;":
                    break
                if j > k and t.low in lex.speaker_stops:
                    break
                if t.text == "(":
                    close = next((x for x in range(j, min(j + 6, b)) if self.toks[x].text == ")"), None)
                    if close is None:
                        break
                    j = close + 1
                    continue
                j += 1
            end = j
        # an appositive name: 'kata Kepala Bagian ..., Rudi Hartono Saputra, di Medan',
        # 'ujar perwakilan Serikat ..., Andi Pratama.'
        if end + 1 < b and self.toks[end].text == "," and self.toks[end + 1].is_cap:
            j = end + 1
            while j < b and (self.toks[j].is_cap or (self.toks[j].low in lex.name_joiners and j + 1 < b
                                                      and self.toks[j + 1].is_cap)):
                j += 1
            if j - end > 1 and (j >= b or self.toks[j].text in {",", ";"} | _END_PUNCT
                                or self.toks[j].low in lex.speaker_stops):
                end = j
        if end <= k:
            return None
        return self.span_of(k, end)

    def _subject_into(self, cue: int, f: Found) -> None:
        span, mode = self.subject_before(cue)
        if mode == "coord":
            f.coord = True
            return
        f.speaker = span
        if span is not None and self.text[span[0]:span[1]].casefold() in self.lex.pronouns:
            f.pronoun = True

    def subject_before(self, cue: int) -> tuple[tuple[int, int] | None, str]:
        """The subject of a speech verb: the noun phrase before it in its clause."""
        lex = self.lex
        s0, _ = self.sent_of(cue)
        j = cue - 1
        while j >= s0 and (self.toks[j].low in lex.trailing_adverbs):
            j -= 1
        if j < s0:
            return None, "coord"
        last = self.toks[j]
        if last.low in lex.infinitive_markers:
            return None, "none"
        if last.low in lex.coordinators or (last.text == "," and self.toks[cue].low.endswith("ing")):
            return None, "coord"
        if last.is_quote or last.text in _END_PUNCT:
            return None, "none"
        if last.low == "yang" or last.low in ("who", "which"):
            j -= 1
            k = j
            while k >= s0 and self.toks[k].text not in _BREAKS and not self.verbish(self.toks[k]) \
                    and self.toks[k].low not in lex.clause_openers and not self.toks[k].is_quote:
                k -= 1
            return (self.span_of(k + 1, j + 1) if j >= k + 1 else None), "rel"
        # comma chunks, right to left
        chunks: list[tuple[int, int]] = []
        hi = j + 1
        for k in range(j, s0 - 1, -1):
            t = self.toks[k]
            if t.text in _BREAKS or t.is_quote or t.text in ":" or t.text in _END_PUNCT:
                chunks.append((k + 1, hi))
                hi = k
                if t.is_quote or t.text == ":" or t.text in _END_PUNCT:
                    break
        else:
            chunks.append((s0, hi))
        taken: list[tuple[int, int]] = []
        for n, (a, b) in enumerate(chunks):
            if a >= b:
                continue
            # the chunk next to the verb is trimmed rather than dropped ("Namun banyak warga ...")
            if self._adverbial(a, b) and (n > 0 or self._dateish(a, b) or b - a == 1):
                if taken:
                    break
                continue
            a2, b2, clean = self._trim_chunk(a, b)
            if a2 < b2 and self._not_speaker(a2, b2):
                # 'X yang kembali menjabat pada Januari melaporkan': the subject is before "yang"
                y = next((k for k in range(a2 - 1, a, -1) if self.toks[k].low in ("yang", "who", "which")), None)
                if not taken and y is not None:
                    a3, b3, _ = self._trim_chunk(a, y)
                    if a3 < b3 and not self._not_speaker(a3, b3):
                        taken.append((a3, b3))
                        break
                if taken:
                    break
                continue
            if a2 >= b2:
                if taken:
                    break
                continue
            if taken and (not clean or a2 != a or not self._name_like(a2, b2)):
                break  # only a short, capitalised chunk is an appositive ('Anna Berg, chief of ...')
            taken.append((a2, b2))
            if not clean or a2 != a:
                break
        if not taken:
            return None, "none"
        a = taken[-1][0]
        b = taken[0][1]
        if b - a > 16:
            a, b = taken[0]
        if self._not_speaker(a, b):
            return None, "none"
        return self.span_of(a, b), "subj"

    def _not_speaker(self, a: int, b: int) -> bool:
        """A chunk that cannot name a speaker: it opens with a preposition or a
        subordinator ('Dengan adanya X', 'pada Januari'), or only says when."""
        words = [t for t in self.toks[a:b] if t.is_word]
        if not words:
            return True
        if words[0].low in self.lex.speaker_not_first:
            return True
        return self._time_only(a, b) or self._in_times(words)

    def _in_times(self, words: list[Tok]) -> bool:
        """All the words lie inside time expressions of the times stage."""
        return bool(self.times) and all(any(s <= t.start and t.end <= e for s, e in self.times) for t in words)

    def _name_like(self, a: int, b: int) -> bool:
        words = [t for t in self.toks[a:b] if t.is_word]
        return 0 < len(words) <= 6 and 2 * sum(t.is_cap for t in words) >= len(words)

    def _adverbial(self, a: int, b: int) -> bool:
        lex = self.lex
        first = self.toks[a]
        if first.low in lex.adverbial_openers:
            return True
        if self._dateish(a, b):
            return True
        return bool(lex.lang == "en" and first.low.endswith("ing") and len(first.low) > 5 and b - a > 1)

    def _dateish(self, a: int, b: int) -> bool:
        words = [t for t in self.toks[a:b] if t.is_word]
        return bool(words) and all(
            t.low in self.lex.time_words or _DATEISH.match(t.text) or t.text.isdigit() for t in words
        )

    def _trim_chunk(self, a: int, b: int) -> tuple[int, int, bool]:
        """A chunk cut to its subject: after the last clause opener and the last verb."""
        lex = self.lex
        clean = True
        for k in range(b - 1, a - 1, -1):
            t = self.toks[k]
            if t.low in lex.clause_openers or self.verbish(t) or t.low == "yang":
                a = k + 1
                clean = False
                break
        while a < b and (self.toks[a].low in lex.coordinators or self.toks[a].low in ("bahkan", "also")):
            a += 1
        for k in range(a + 1, b):
            # 'the mayor in a post', 'Polisi pada Jumat (3/2)' -- but not 'Officials in Oslo'
            if self.toks[k].low in ("pada", "on", "in", "during", "dalam", "at", "kepada") and k + 1 < b and (
                    not self.toks[k + 1].is_cap or self.toks[k + 1].low in self.lex.time_words
                    or self.toks[k + 1].text[:1].isdigit()):
                b = k
                break
        while b > a and self.toks[b - 1].low in lex.trailing_adverbs:
            b -= 1
        return a, b, clean

    def leading_np(self, s: int) -> tuple[int, int] | None:
        """The noun phrase that opens sentence ``s`` (its likely subject)."""
        a, b = self.sents[s]
        k = a
        while k < b:
            t = self.toks[k]
            if not (t.is_word or t.text in "()-.'’") or t.is_quote:
                break
            if t.low in self.lex.trailing_adverbs or self.verbish(t) or t.low in ("yang", "who", "which"):
                break
            if k > a and t.low in self.lex.adverbial_openers and not t.is_cap:
                break
            k += 1
        if k == a or self.toks[a].low in self.lex.adverbial_openers:
            return None
        return self.span_of(a, k)

    # ------------------------------------------------------------ reported speech
    def reported(self) -> None:
        """'X mengatakan (bahwa) ...', 'X said (that) ...' and their kin."""
        lex = self.lex
        for s, (a, b) in enumerate(self.sents):
            k = a
            while k < b:
                n = self.phrase_at(k, lex.speech_verbs)
                if not n or k in self.used_cues or self.in_quote[k]:
                    k += 1
                    continue
                if not self._verb_use(k):
                    k += 1
                    continue
                self._indirect(k, n, s, a, b)
                k += n

    def _verb_use(self, k: int) -> bool:
        """Whether a speech-verb word is used as a verb here (not 'the claims', 'Russia's reports')."""
        lex = self.lex
        n = self.phrase_at(k, lex.speech_verbs) or 1
        if k + n < len(self.toks) and self.toks[k + n].low in lex.not_after_verb:
            return False
        if k == 0:
            return True
        prev = self.toks[k - 1]
        return prev.low not in lex.not_before_verb and not any(prev.low.endswith(w) for w in lex.not_before_verb
                                                                if not w.isalpha())

    def _indirect(self, k: int, n: int, s: int, a: int, b: int) -> None:
        lex = self.lex
        c = k + n
        while c < b and self.toks[c].text in ",:":
            c += 1
        # 'mengatakan pada Minggu (2/3) bahwa', 'told reporters on Friday that'
        complement = False
        for j in range(c, min(c + 9, b)):
            t = self.toks[j]
            if t.low in lex.complementizers:
                c = j + 1
                complement = True
                break
            if t.text in _BREAKS and j + 1 < b and self.toks[j + 1].low in lex.complementizers:
                continue  # 'memperingatkan pada Jumat, bahwa ...'
            if t.text in _BREAKS or t.is_quote or t.text in _END_PUNCT:
                break
        while c < b and self.toks[c].text in ",:":
            c += 1
        if not complement and self.toks[k].low in lex.complement_verbs:
            return
        if not complement and self._topic_object(k + n, c, b):
            return  # 'menyampaikan permohonan maaf atas ...': a topic, not a statement
        if not complement and self.toks[k].low in lex.topic_verbs:
            c = k  # 'stressed achievements in ...': the topic is said with the verb
        end = b
        prev = self.toks[k - 1] if k > a else None
        if prev is not None and prev.low in ("yang", "who", "which"):
            end = next((j for j in range(c, b) if self.toks[j].text == ","), b)
        while end > c and (self.toks[end - 1].text in _END_PUNCT or self.toks[end - 1].text in _BREAKS):
            end -= 1
        f = Found("indirect", 0, 0, sent=s, para=self.toks[k].para)
        self._subject_into(k, f)
        if f.speaker is None and not f.coord:
            return
        first_break = next((j for j in range(c, end) if self.toks[j].text in _BREAKS), end)
        leads_off = c < end and not complement and (
            self._time_only(c, first_break) or self.toks[c].low in lex.adverbial_openers)
        if (end <= c or leads_off) and f.speaker is not None:
            # '..., state media reported Sunday.': what was said comes before the speaker
            i = self._tok_at(f.speaker[0])
            if i - 1 > a and self.toks[i - 1].text in _BREAKS:
                c, end = a, i - 1
            elif end <= c or self._time_only(c, end):
                return
        if end <= c:
            return
        f.start, f.end = self.toks[c].start, self.toks[end - 1].end
        self._take_cue(k, f)
        f.cue = (self.toks[k].start, self.toks[k + n - 1].end)
        if f.speaker is not None:
            first = self.toks[self._tok_at(f.speaker[0])]
            if first.low in lex.report_nouns:
                f.kind = "according_to"
        self.found.append(f)

    def _topic_object(self, after_verb: int, c: int, b: int) -> bool:
        """Whether the words after a speech verb (no "bahwa") are only a noun phrase.

        Only for the verbs that take such objects (``object_verbs``); a comma or colon
        after the verb marks a statement, and so does a verb or a clause word in the
        object before it ends (at a relative "yang" or a preposition after a word).
        """
        lex = self.lex
        if self.toks[after_verb - 1].low not in lex.object_verbs:
            return False
        if after_verb < b and self.toks[after_verb].text in ",:":
            return False
        for j in range(c, b):
            t = self.toks[j]
            if t.text in _BREAKS or t.text in _END_PUNCT or t.is_quote or t.text in ":;":
                break
            if j > c and t.low in lex.object_ends:
                break
            if t.low in lex.clause_words:
                return False
            if self.verbish(t) and t.low not in lex.object_modifiers:
                return False  # a verb: "gelombang banjir merusak ...", "terdapat 26 jadwal"
        return True

    def _anaphoric_subject(self, a: int, k: int) -> tuple[int, int] | None:
        """The previous sentence's span when ``a..k`` is 'Hal itu' (pointing back), else None."""
        n = self.phrase_at(a, self.lex.anaphoric_subjects)
        if not n or a + n != k or self.toks[a].sent == 0:
            return None
        pa, pb = self.sents[self.toks[a].sent - 1]
        while pb > pa and self.toks[pb - 1].text in _END_PUNCT:
            pb -= 1
        return (self.toks[pa].start, self.toks[pb - 1].end) if pb > pa else None

    def _time_only(self, a: int, b: int) -> bool:
        """Tokens that only say when: 'Sunday', 'on Monday', 'pada hari Senin'."""
        words = [t for t in self.toks[a:b] if t.is_word]
        return bool(words) and all(
            t.low in self.lex.time_words or t.low in self.lex.adverbial_openers or t.low in ("hari", "day")
            or _DATEISH.match(t.text) for t in words
        )

    def inverted_unquoted(self) -> None:
        """'Serangan itu menghancurkan gudang, kata kementerian.': a cue after the statement."""
        lex = self.lex
        for s, (a, b) in enumerate(self.sents):
            for k in range(a + 2, b):
                tok = self.toks[k]
                if k in self.used_cues or self.in_quote[k] or tok.low not in lex.inverted_cues:
                    continue
                if self.toks[k - 1].text != "," or self.toks[k - 2].is_quote:
                    continue
                speaker = self.speaker_after(k + 1, b)
                if speaker is None:
                    continue
                end = self.toks[k - 2].end
                after = self._tok_at(speaker[1] - 1) + 1
                if after + 1 < b and self.toks[after].text == "," and any(t.is_word for t in self.toks[after + 1:b]):
                    # 'Dengan adanya X, kata Y, warga bisa ...': the cue is an aside, the
                    # whole sentence is what was said
                    last = b
                    while last > after and self.toks[last - 1].text in _END_PUNCT:
                        last -= 1
                    end = self.toks[last - 1].end
                f = Found("indirect", self.toks[a].start, end, sent=s, para=tok.para,
                          speaker=speaker)
                self._take_cue(k, f)
                if self.text[speaker[0]:speaker[1]].casefold() in lex.pronouns:
                    f.pronoun = True
                self.found.append(f)

    def _tok_at(self, offset: int) -> int:
        lo, hi = 0, len(self.toks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return min(lo, len(self.toks) - 1)

    def passives(self) -> None:
        """'... yang diklaim warga telah merusak ...': an according_to with the agent as source."""
        lex = self.lex
        for s, (a, b) in enumerate(self.sents):
            for k in range(a, b):
                n = self.phrase_at(k, lex.passive_verbs)
                if not n or self.in_quote[k]:
                    continue
                j = k + n
                if j < b and self.toks[j].low in ("oleh", "by"):
                    j += 1
                if j >= b or not self.toks[j].is_cap:
                    continue
                back = self._anaphoric_subject(a, k)
                if back is not None and j < b and self.toks[j].is_word:
                    # 'Hal itu disampaikan Kepala Dinas Rina Wati ...': the previous sentence is his
                    src = self.speaker_after(j, b)
                    if src is not None:
                        f = Found("according_to", back[0], back[1], sent=s - 1, para=self.toks[k].para, speaker=src)
                        f.cue = (self.toks[k].start, self.toks[k + n - 1].end)
                        f.cue_tok = k
                        self.found.append(f)
                    continue
                x = j
                while x < b and (self.toks[x].is_cap or self.toks[x].text in "-" or (
                        self.toks[x].low in lex.name_joiners and x + 1 < b and self.toks[x + 1].is_cap)):
                    x += 1
                if x + 2 < b and self.toks[x].text == "(" and self.toks[x + 2].text == ")":
                    x += 3  # an acronym: 'Badan Pengelola Air Minum Daerah (BPAMD)'

                src = self.span_of(j, x)
                if x < b and self.toks[x].text == ",":
                    start, end = a, b  # an aside: the whole sentence is attributed
                else:
                    start = x
                    end = next((y for y in range(x, b) if self.toks[y].text == ","), b)
                while end > start and self.toks[end - 1].text in _END_PUNCT | _BREAKS:
                    end -= 1
                if end <= start:
                    continue
                f = Found("according_to", self.toks[start].start, self.toks[end - 1].end, sent=s,
                          para=self.toks[k].para, speaker=src)
                f.cue = (self.toks[k].start, self.toks[k + n - 1].end)
                f.cue_tok = k
                self.found.append(f)

    # ------------------------------------------------------------ captions
    def captions(self) -> None:
        """Broadcast sound bites: 'Name / Role' then the words said (one or two sentences)."""
        lex = self.lex
        for s, (a, b) in enumerate(self.sents):
            slash = next((k for k in range(a + 1, min(a + 7, b)) if self.toks[k].text == "/"), None)
            if slash is None or any(self.in_quote[k] for k in range(a, slash)):
                continue
            name = self.toks[a:slash]
            if not all(t.is_cap or t.text in ".-" for t in name) or not name[-1].is_word:
                continue
            start = None
            for k in range(slash + 2, min(slash + 16, b)):
                t, prev = self.toks[k], self.toks[k - 1]
                if t.is_cap and (t.low in lex.caption_openers or (
                        prev.is_word and not prev.is_cap and prev.low not in lex.name_joiners)):
                    start = k
                    break
            if start is None:
                continue
            end_sent = s + 1 if s + 1 < len(self.sents) and self.toks[self.sents[s + 1][0]].para == self.toks[a].para \
                else s
            end = self.sents[end_sent][1]
            while end > start and self.toks[end - 1].text in _END_PUNCT:
                end -= 1
            f = Found("direct", self.toks[start].start, self.toks[end - 1].end, sent=s, para=self.toks[a].para,
                      speaker=self.span_of(a, slash))
            self.found.append(f)

    # ------------------------------------------------------------ attributions
    def attributions(self) -> None:
        """'Menurut X, ...', '..., menurut X.', 'according to X', 'dilansir X'."""
        lex = self.lex
        for s, (a, b) in enumerate(self.sents):
            k = a
            while k < b:
                n = self.phrase_at(k, lex.according_to)
                wire = False
                if not n:
                    n = self.phrase_at(k, lex.wire_markers)
                    wire = bool(n)
                if not n or self.in_quote[k]:
                    k += 1
                    continue
                self._attribution(k, n, s, a, b, wire)
                k += n

    def _attribution(self, k: int, n: int, s: int, a: int, b: int, wire: bool) -> None:
        x0 = k + n
        if self.toks[x0 - 1].low in self.lex.report_nouns and n > 1:
            x0 -= 1  # 'berdasarkan laporan X': the report is the source
        if x0 < b and self.toks[x0].low == "dari":
            x0 += 1
        if x0 >= b or not self.toks[x0].is_word:
            return
        # the source runs to the next comma, or is a short noun phrase
        comma = next((j for j in range(x0, b) if self.toks[j].text in _BREAKS or self.toks[j].is_quote), b)
        if self.toks[x0].low in self.lex.pronouns | self.lex.plural_pronouns:
            x1 = x0 + 1
        elif comma - x0 <= 10:
            x1 = comma
        else:
            x1 = x0
            while x1 < b and x1 < comma and not self.verbish(self.toks[x1]) and self.toks[x1].low not in (
                "yang", "bahwa", "that", "telah", "sudah", "akan", "has", "have", "had", "is", "are", "was", "were"
            ):
                x1 += 1
        while x1 > x0 and self.toks[x1 - 1].text in _END_PUNCT:
            x1 -= 1
        if x1 <= x0:
            return
        # an appositive after the source: 'Menurut Sari Dewi, mantan diplomat ..., sebagian ...',
        # '..., menurut Budi Santoso, Direktur Jenderal ...' at the end of the sentence
        if x1 < b and self.toks[x1].text == ",":
            nxt = next((j for j in range(x1 + 1, b) if self.toks[j].text in _BREAKS), None)
            last = nxt if nxt is not None else b
            while last > x1 + 1 and self.toks[last - 1].text in _END_PUNCT:
                last -= 1
            plain = last - x1 > 1 and self.toks[x1 + 1].low not in self.lex.adverbial_openers \
                and not any(self.verbish(t) for t in self.toks[x1 + 1:last]) and not self._adverbial(x1 + 1, last) \
                and not self._marker_at(x1 + 1)
            if plain and nxt is not None and not self.toks[x1 + 1].is_cap:
                x1 = nxt
            elif plain and nxt is None and k > a and (self.toks[x1 + 1].is_cap
                                                       or self.toks[x1 + 1].low in self.lex.person_words):
                x1 = last
        if self._time_only(x0, x1) or self._in_times([t for t in self.toks[x0:x1] if t.is_word]):
            return  # 'dikutip pada Selasa (4/3)': a date, not a source
        src = self.span_of(x0, x1)
        if self.toks[x0].low in self.lex.web_sources:
            # 'kata X, dilansir dari laman Y': the person in the sentence is the speaker
            person = next((g for g in self.found if g.kind != "according_to" and g.speaker is not None
                           and not g.pronoun and a <= g.cue_tok < b), None)
            if person is not None:
                src = person.speaker
        before = k - 1
        while before >= a and self.toks[before].text in _BREAKS:
            before -= 1
        rest = x1
        while rest < b and (self.toks[rest].text in _BREAKS or self.toks[rest].text in _END_PUNCT):
            rest += 1
        # skip a dateline chunk after a wire credit: 'Dilansir AFP, Kamis (2/3/2023), ...'
        if rest < b:
            nxt = next((j for j in range(rest, b) if self.toks[j].text in _BREAKS), None)
            if nxt is not None and self._adverbial(rest, nxt) and self.toks[rest].low in self.lex.time_words:
                rest = nxt + 1
        if rest < b and any(t.is_word for t in self.toks[rest:b]) and not self._dateish(rest, b) \
                and not self._marker_at(rest):
            start, end = rest, b
            if before >= a and self.toks[before].low in ("yang", "which") and x1 - x0 <= 2:
                end = next((j for j in range(rest, b) if self.toks[j].text == ","), b)
        elif before >= a:
            start, end = a, before + 1
        else:
            return
        while end > start and (self.toks[end - 1].text in _END_PUNCT or self.toks[end - 1].text in _BREAKS):
            end -= 1
        if end <= start:
            return
        f = Found("according_to", self.toks[start].start, self.toks[end - 1].end, sent=s,
                  para=self.toks[k].para, speaker=src, wire=wire)
        f.cue = (self.toks[k].start, self.toks[k + n - 1].end)
        f.cue_tok = k
        if self.text[src[0]:src[1]].casefold() in self.lex.pronouns:
            f.pronoun = True
        self.found.append(f)

    def _marker_at(self, k: int) -> bool:
        """Whether an attribution marker ('dikutip dari', 'menurut') starts at token ``k``."""
        j = k + 1 if self.toks[k].low in ("seperti", "sebagaimana", "as") else k
        return bool(self.phrase_at(j, self.lex.wire_markers) or self.phrase_at(j, self.lex.according_to)
                    or self.phrase_at(k, self.lex.wire_markers))

    def clause_subject(self, s: int, before: int) -> tuple[int, int] | None:
        """The subject of the first verb of sentence ``s`` (before token ``before``)."""
        a, _ = self.sents[s]
        for k in range(a, before):
            if self.in_quote[k]:
                continue
            if self.verbish(self.toks[k]):
                span, mode = self.subject_before(k)
                if mode in ("subj", "rel") and span is not None:
                    return span
                break
        return self.leading_np(s)

    # ------------------------------------------------------------ clean-up
    def trim_overlaps(self) -> None:
        """End a reported statement where the next clause with its own cue begins."""
        by_sent: dict[int, list[Found]] = {}
        for f in self.found:
            by_sent.setdefault(f.sent, []).append(f)
        for fs in by_sent.values():
            fs.sort(key=lambda f: f.start)
            for f in fs:
                if f.kind != "indirect":
                    continue  # a direct quote is closed by its marks; an attribution covers all
                for g in fs:
                    if g is f or g.cue_tok < 0 or not (f.start < self.toks[g.cue_tok].start < f.end):
                        continue
                    cut = self._clause_cut(f, g)
                    if cut is not None and cut > f.start:
                        f.end = cut
            for f in fs:
                while f.end > f.start and self.text[f.end - 1] in ",;: –—-":
                    f.end -= 1

    def _clause_cut(self, f: Found, g: Found) -> int | None:
        """Where ``f``'s content stops because clause ``g`` (with its own cue) begins inside it."""
        k = g.cue_tok
        if g.kind == "direct":
            # a quote closed inside the statement, with its cue after: '"...," kata X'
            if g.close_tok >= 0 and k > g.close_tok and self.toks[g.close_tok].end <= f.end:
                return self.toks[g.close_tok].end
            return None
        if g.coord:
            j = k - 1
            while j >= 0 and self.toks[j].low in self.lex.trailing_adverbs:
                j -= 1
            if j >= 0 and (self.toks[j].low in self.lex.coordinators or self.toks[j].text == ","):
                return self.toks[j].start
            return None
        if g.speaker is not None and g.kind != "according_to":
            i = self._tok_at(g.speaker[0])
            if i > 0 and (self.toks[i - 1].low in self.lex.coordinators or self.toks[i - 1].low
                          in self.lex.clause_openers or self.toks[i - 1].text == ","):
                j = i - 1
                while j > 0 and self.toks[j - 1].text == ",":
                    j -= 1
                if self.toks[j].start > f.start:
                    return self.toks[j].start
        if g.kind == "according_to" and self.toks[k].start > f.start:
            j = k
            while j > 0 and self.toks[j - 1].text in _BREAKS:
                j -= 1
            if self.toks[j].start > f.start and g.start > self.toks[k].start:
                return None  # 'menurut X, ...' inside: the rest is still said
            return self.toks[j].start
        return None

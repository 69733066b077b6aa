"""Speaker resolution: from a speaker phrase as written to a name and an entity.

Its one job: give every found quote its ``speaker`` text and ``speaker_entity``:
names go to the document's entity (``Wulandari`` -> ``Sari Wulandari``), pronouns
(``dia``, ``ia``, ``-nya``, ``he``) to the last fitting speaker or person subject,
descriptions (``juru bicara itu``) stay as written with the organisation or country
entity they name, and quotes with no cue of their own take the speaker of the
quotation they continue. Works without entities; entities make it better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entity, Quote
from .extract import Analysis, Found

_PERSONISH = ("PER",)
_GROUPISH = ("ORG", "GPE", "NORP", "LOC", "FAC", "OTHER", "EVENT")


@dataclass
class Resolved:
    pos: int
    text: str
    entity: str | None
    person: bool
    strong: bool = True  # a named person, not only a person word ('warga', 'the leader')


class Resolver:
    """Resolves the speakers of one document's found quotes, in text order."""

    def __init__(self, an: Analysis, entities: list[Entity]) -> None:
        self.an = an
        self.text = an.text
        self.entities = {e.id: e for e in entities}
        self.mentions = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions if m.end > m.start),
            key=lambda x: (x[0], -x[1]),
        )
        self.history: list[Resolved] = []
        self.subjects = self._sentence_subjects()

    # ---------------------------------------------------------------- lookup
    def entity_in(self, start: int, end: int) -> tuple[Entity | None, Entity | None]:
        """The first person and the first group entity mentioned inside ``[start, end)``."""
        person = group = None
        for s, e, ent in self.mentions:
            if s >= end:
                break
            if s >= start and e <= end:
                if ent.type in _PERSONISH and person is None:
                    person = ent
                elif ent.type in _GROUPISH and group is None:
                    group = ent
        return person, group

    def entity_named(self, name: str) -> Entity | None:
        """An entity whose name or mention has ``name`` as one of its words ('Wulandari')."""
        key = name.casefold()
        best = None
        for ent in self.entities.values():
            names = [ent.name, *(m.text for m in ent.mentions)]
            named = any(key == n.casefold() or key in n.casefold().split() for n in names)
            if named and (best is None or (ent.type in _PERSONISH and best.type not in _PERSONISH)):
                best = ent
        return best

    def _heads(self, person: Entity, start: int, end: int) -> bool:
        """Whether the person named in a phrase is its speaker, not one it is tied to
        ('juru bicara Presiden X', 'rumah sakit di kamp X')."""
        first = min((m.start for m in person.mentions if start <= m.start < end), default=start)
        before = self.text[start:first].casefold().replace(",", " ").split()
        return not any(w in self.an.lex.proxy_words for w in before)

    def fuller_name(self, name: str, before: int) -> str | None:
        """'Wulandari' -> 'Sari Wulandari' where the text introduced the name in full earlier."""
        pattern = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,3})" + re.escape(name) + r"\b")
        m = pattern.search(self.text, 0, before)
        if m is None:
            return None
        given = m.group(1).split()
        lex = self.an.lex
        titled = False
        while given and (given[0].casefold().strip(".") in lex.person_words
                         or given[0].casefold().strip(".") in lex.abbreviations):
            given.pop(0)
            titled = True
        if not titled or not 1 <= len(given) <= 2 or any(w.casefold() in lex.org_words for w in given):
            return None  # only a name the text introduced with a title: 'Pengamat Sari Wulandari'
        return " ".join([*given, name])

    @staticmethod
    def full_name(ent: Entity) -> str:
        """The fullest form of a person's name as the text writes it ('Sari Wulandari')."""
        written = [m.text for m in ent.mentions if m.text.strip() and "\n" not in m.text]
        return max(written, key=len) if written else ent.name

    def person_like(self, start: int, end: int) -> bool:
        person, group = self.entity_in(start, end)
        if person is not None:
            return True
        words = self.text[start:end].split()
        lows = [w.casefold().strip(",.()") for w in words]
        if any(w in self.an.lex.person_words for w in lows):
            return True
        if self.mentions:
            return False
        # no entities: a run of three capitalised words is taken for a name with a title
        caps = [w for w in words if w[:1].isupper()]
        return 3 <= len(words) <= 5 and len(caps) == len(words) and group is None

    def _sentence_subjects(self) -> list[Resolved]:
        out = []
        for s in range(len(self.an.sents)):
            span = self.an.leading_np(s)
            if span is None:
                continue
            text = self.text[span[0]:span[1]]
            if text.casefold() in self.an.lex.pronouns:
                out.append(Resolved(span[0], text, None, True))  # resolved on use
            elif self.person_like(*span):
                out.append(Resolved(span[0], *self.describe(span), True, self.named(*span)))
        return out

    def named(self, start: int, end: int) -> bool:
        """Whether a phrase names someone: a person entity, or two capitalised name words."""
        person, _ = self.entity_in(start, end)
        if person is not None:
            return True
        lex = self.an.lex
        caps = [w for w in re.findall(r"[\w'’-]+", self.text[start:end]) if w[:1].isupper()
                and w.casefold() not in lex.person_words and w.casefold() not in lex.org_words
                and w.casefold() not in lex.abbreviations and w.casefold() not in lex.adverbial_openers]
        return len(caps) >= 2

    # ------------------------------------------------------------ one phrase
    def describe(self, span: tuple[int, int]) -> tuple[str, str | None]:
        """Speaker text and entity id for a speaker phrase as written."""
        s, e = span
        phrase = self.text[s:e].strip(" ,")
        person, group = self.entity_in(s, e)
        if person is not None and self._heads(person, s, e):
            return self.full_name(person), person.id
        if person is not None:
            person = None
        words = phrase.split()
        if group is not None:
            return phrase, group.id
        if words and all(w[:1].isupper() for w in words) and len(words) <= 3:
            ent = self.entity_named(words[-1]) if self.entities else None
            if ent is not None:
                return (self.full_name(ent) if ent.type in _PERSONISH else phrase), ent.id
            # the fullest form of a name already given as a speaker, or written before
            last = words[-1].casefold()
            for r in reversed(self.history):
                if last in r.text.casefold().split() and len(r.text) > len(phrase):
                    return r.text, r.entity
            if len(words) == 1:
                fuller = self.fuller_name(words[0], s)
                if fuller:
                    return fuller, None
        low = phrase.casefold()
        if words and words[0][:1].islower() and (low.endswith((" itu", " tersebut")) or low.startswith("the ")):
            head = " ".join(low.split()[:2]).removeprefix("the ")
            for r in reversed(self.history):
                if head and head in r.text.casefold():
                    return phrase, r.entity
        return phrase, None

    def antecedent(self, pos: int) -> Resolved | None:
        """The last speaker or person subject before ``pos``."""
        cands = [r for r in self.history if r.pos < pos and r.person]
        subj = [r for r in self.subjects if r.pos < pos - 1 and r.text.casefold() not in self.an.lex.pronouns]
        # a speaker or a newly named person; a bare 'warga' subject only when no one spoke yet
        best = max([*cands, *(r for r in subj if r.strong)], key=lambda r: r.pos, default=None)
        if best is None and subj:
            best = subj[-1]
        return best

    # ------------------------------------------------------------ all quotes
    def resolve(self, found: list[Found]) -> list[tuple[Found, str | None, str | None]]:
        out: list[tuple[Found, str | None, str | None]] = []
        speakers: dict[int, tuple[str | None, str | None]] = {}
        order = sorted(range(len(found)), key=lambda i: self._pos(found[i]))
        for i in order:
            f = found[i]
            pos = self._pos(f)
            text = ent = None
            person = True
            if f.coord:
                prior = [found[j] for j in order if j in speakers and found[j].sent == f.sent
                         and self._pos(found[j]) < pos and speakers[j][0]]
                if prior:
                    text, ent = speakers[found.index(prior[-1])]
                else:
                    lead = self.an.clause_subject(f.sent, f.cue_tok if f.cue_tok >= 0 else self.an._tok_at(f.start))
                    if lead is not None:
                        if self.text[lead[0]:lead[1]].casefold() in self.an.lex.pronouns:
                            r = self.antecedent(lead[0])
                            text, ent = (r.text, r.entity) if r else (self.text[lead[0]:lead[1]], None)
                        else:
                            text, ent = self.describe(lead)
            elif f.pronoun and f.speaker is not None:
                r = self.antecedent(f.speaker[0])
                if r is not None:
                    text, ent = r.text, r.entity
                elif not self.text[f.speaker[0]:f.speaker[1]].casefold().endswith("nya"):
                    text = self.text[f.speaker[0]:f.speaker[1]]
            elif f.speaker is not None:
                written = self.text[f.speaker[0]:f.speaker[1]]
                if written.casefold() in self.an.lex.plural_pronouns:
                    text = written
                    person = False
                else:
                    text, ent = self.describe(f.speaker)
                    if f.kind == "according_to":
                        person = self.person_like(*f.speaker)
                    else:
                        # who speaks is a person unless the entities say it is a group
                        pe, ge = self.entity_in(*f.speaker)
                        person = pe is not None or ge is None
            if text is not None:
                speakers[i] = (text, ent)
                if not f.wire:
                    self.history.append(Resolved(pos, text, ent, person))
        self._fill_unattributed(found, speakers)
        for i, f in enumerate(found):
            text, ent = speakers.get(i, (None, None))
            out.append((f, text, ent))
        return out

    def _pos(self, f: Found) -> int:
        return f.cue[0] if f.cue is not None and f.kind != "direct" else (f.cue[0] if f.cue else f.start)

    def _fill_unattributed(self, found: list[Found], speakers: dict[int, tuple[str | None, str | None]]) -> None:
        """Quotes with no cue take the speaker of the quotation they continue."""
        # multi-paragraph quotations share one speaker
        groups: dict[int, tuple[str | None, str | None]] = {}
        for i, f in enumerate(found):
            if f.group is not None and i in speakers:
                groups[f.group] = speakers[i]
        for i, f in enumerate(found):
            if i not in speakers and f.group in groups:
                speakers[i] = groups[f.group]
        # words quoted inside a reported statement are its speaker's
        statements = [i for i, f in enumerate(found) if f.kind != "direct" and i in speakers and not f.wire]
        for i, f in enumerate(found):
            if i in speakers or f.kind != "direct":
                continue
            around = [j for j in statements if found[j].start <= f.start and f.end <= found[j].end + 2]
            if around:
                speakers[i] = speakers[min(around, key=lambda j: found[j].end - found[j].start)]
        direct = sorted((i for i, f in enumerate(found) if f.kind == "direct"), key=lambda i: found[i].start)
        attributed = sorted((i for i, f in enumerate(found) if not f.wire), key=lambda i: found[i].start)
        for i in direct:
            if i in speakers:
                continue
            f = found[i]
            before = [j for j in attributed if j in speakers and found[j].start < f.start
                      and f.para - 2 <= found[j].para <= f.para]
            after = [j for j in attributed if j in speakers and found[j].start > f.start
                     and f.para <= found[j].para <= f.para + 1 and found[j].kind == "direct"]
            if before and (found[before[-1]].para == f.para or not after or found[after[0]].para != f.para):
                speakers[i] = speakers[before[-1]]
            elif after:
                speakers[i] = speakers[after[0]]


def to_quotes(text: str, resolved: list[tuple[Found, str | None, str | None]]) -> list[tuple[Quote, Found]]:
    """Quote records in text order, ``u1, u2, ...`` (one per span and kind)."""
    seen: set[tuple[int, int, str]] = set()
    quotes: list[tuple[Quote, Found]] = []
    for f, speaker, ent in sorted(resolved, key=lambda r: (r[0].start, r[0].end)):
        key = (f.start, f.end, f.kind)
        if key in seen or f.end <= f.start:
            continue
        seen.add(key)
        cue = text[f.cue[0]:f.cue[1]] if f.cue else None
        quotes.append((Quote.of(text, f.start, f.end, kind=f.kind, speaker=speaker, speaker_entity=ent, cue=cue), f))
    for n, (q, _) in enumerate(quotes, 1):
        q.id = f"u{n}"
    return quotes

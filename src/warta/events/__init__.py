"""Events: PLOVER-coded events assembled from the other stages' output.

For every sentence, trigger words from ``data/events/triggers.yaml`` name the event
type, PLOVER mode and closest CAMEO code; the entities of the sentence give actor and
recipient by the trigger's voice (active, passive, noun, victim); the sentence's
places, times, quantities, quotes and certainty cues give the rest. One event per
action: a sentence gives at most one event of each type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Actor, Document, Entity, Event, Quote, Sentence, Span
from ..options import Options
from ..pipeline import stage
from ..resources import load_yaml

ACTOR_TYPES = ("GPE", "ORG", "PER", "NORP", "LOC")
# Words that open a locative phrase: the place an event happened follows them.
LOCATIVE = re.compile(r"(?:\b(?:di|ke|dari|dekat|wilayah|kota|kawasan|in|at|near|into|to)\s+(?:\w+\s+){0,2})$", re.I)
# Certainty cue kinds, strongest first when several stand before a trigger.
CERTAINTY_FROM_CUE = {"denied": "denied", "planned": "planned", "speculated": "speculated",
                      "estimated": "estimated", "reported": "reported"}
NEAR_CUE_CHARS = 80


@dataclass(frozen=True)
class Trigger:
    type: str
    cameo: str | None
    mode: str | None
    voice: str


@dataclass(frozen=True)
class Mention:
    entity: Entity
    span: Span


@cache
def trigger_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, Trigger]]:
    """One regex over every trigger form of a language, longest forms first."""
    by_form: dict[str, Trigger] = {}
    for entry in load_yaml("events/triggers.yaml"):
        if entry["lang"] not in (lang, "both"):
            continue
        trigger = Trigger(entry["type"], entry.get("cameo"), entry.get("mode"), entry["voice"])
        for form in entry["forms"]:
            by_form.setdefault(form.casefold(), trigger)
    forms = sorted(by_form, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), by_form


@cache
def sector_words() -> list[tuple[str, str]]:
    words = [(w.casefold(), sector) for sector, ws in load_yaml("events/sectors.yaml").items() for w in ws]
    return sorted(words, key=lambda pair: len(pair[0]), reverse=True)


def sector_of(doc: Document, mention: Mention) -> str | None:
    """The actor's sector from the words right around its mention, else from its type."""
    before = doc.text[max(0, mention.span.start - 40):mention.span.start].casefold()
    after = doc.text[mention.span.end:mention.span.end + 25].casefold()
    for word, sector in sector_words():
        if re.search(rf"\b{re.escape(word)}\s+(?:\w+\s+)?$", before) or re.match(rf"\W*{re.escape(word)}\b", after):
            return sector
    description = (mention.entity.description or "").casefold()
    for word, sector in sector_words():
        if re.search(rf"\b{re.escape(word)}\b", description):
            return sector
    return {"GPE": "GOV", "LOC": "GOV"}.get(mention.entity.type)


def sentence_mentions(doc: Document, sentence: Sentence) -> list[Mention]:
    mentions = [
        Mention(entity, span)
        for entity in doc.entities
        if entity.type in ACTOR_TYPES
        for span in entity.mentions
        if sentence.start <= span.start and span.end <= sentence.end
    ]
    return sorted(mentions, key=lambda m: m.span.start)


def pick_actors(mentions: list[Mention], trigger: Span, voice: str) -> tuple[Mention | None, Mention | None]:
    """Actor and recipient by the trigger's voice (see triggers.yaml)."""
    before = [m for m in mentions if m.span.end <= trigger.start]
    after = [m for m in mentions if m.span.start >= trigger.end]
    last_before = before[-1] if before else None
    first_after = after[0] if after else None

    def other(candidates: list[Mention], than: Mention | None) -> Mention | None:
        return next((m for m in candidates if than is None or m.entity.id != than.entity.id), None)

    if voice == "passive":
        return first_after, last_before
    if voice == "victim":
        return None, first_after
    if voice == "noun":
        # "serangan Israel ke Iran": the doer stands right after the noun.
        if first_after and first_after.span.start - trigger.end <= 3:
            return first_after, other(after[1:], first_after) or other(before[::-1], first_after)
        return last_before, other(after, last_before)
    return last_before, other(after, last_before)


def actor(doc: Document, mention: Mention | None) -> Actor | None:
    if mention is None:
        return None
    return Actor(text=mention.span.text, entity=mention.entity.id, country=mention.entity.country,
                 sector=sector_of(doc, mention))


def certainty(sentence: Sentence, trigger: Span, attribution: Quote | None) -> tuple[str, bool]:
    """How the text presents the event, and whether it is negated, from the sentence's cues."""
    cues = [c for c in sentence.cues if c["end"] <= trigger.start]
    negated = any(c["kind"] == "negation" and trigger.start - c["end"] <= 12 for c in cues)
    near = [c for c in cues if c["kind"] in CERTAINTY_FROM_CUE and trigger.start - c["end"] <= NEAR_CUE_CHARS]
    if near:
        return CERTAINTY_FROM_CUE[max(near, key=lambda c: c["end"])["kind"]], negated
    if attribution is not None or any(c["kind"] == "reported" for c in sentence.cues):
        return "reported", negated
    return "asserted", negated


def attribution_for(doc: Document, trigger: Span) -> Quote | None:
    """The quote or attribution whose span carries the trigger (the innermost one)."""
    carrying = [q for q in doc.quotes if q.start <= trigger.start and trigger.end <= q.end]
    return min(carrying, key=lambda q: q.end - q.start) if carrying else None


def place_for(doc: Document, sentence: Sentence, trigger: Span) -> str | None:
    """The place the event happened: one introduced by a locative word, else a non-country place."""
    located, others = [], []
    for place in doc.places:
        for span in place.mentions:
            if sentence.start <= span.start and span.end <= sentence.end:
                if LOCATIVE.search(doc.text[sentence.start:span.start]):
                    located.append((abs(span.start - trigger.start), place.id))
                elif place.feature != "country":
                    others.append((abs(span.start - trigger.start), place.id))
    for candidates in (located, others):
        if candidates:
            return min(candidates)[1]
    return None


def in_sentence(items, sentence: Sentence):
    return [item for item in items if sentence.start <= item.start and item.end <= sentence.end]


def sentence_events(doc: Document, sentence: Sentence, first_id: int) -> list[Event]:
    pattern, by_form = trigger_pattern(doc.lang)
    mentions = sentence_mentions(doc, sentence)
    if not mentions:
        return []
    body = doc.text[sentence.start:sentence.end]
    times = in_sentence(doc.times, sentence)
    quantities = [q.id for q in in_sentence(doc.quantities, sentence) if q.category != "duration"]
    found: dict[str, Event] = {}
    for match in pattern.finditer(body):
        trigger = trigger_of(by_form, match.group(0))
        span = doc.span(sentence.start + match.start(), sentence.start + match.end())
        # A trigger inside a name ("Dewan Keamanan") is no event.
        if any(m.span.start <= span.start < m.span.end for m in mentions):
            continue
        actor1, actor2 = pick_actors(mentions, span, trigger.voice)
        if actor1 is None and actor2 is None:
            continue
        quote = attribution_for(doc, span)
        how, negated = certainty(sentence, span, quote)
        event = Event(
            id="", type=trigger.type, mode=trigger.mode, cameo=trigger.cameo,
            actor1=actor(doc, actor1), actor2=actor(doc, actor2),
            trigger=span, sentence=Span.of(doc.text, sentence.start, sentence.end),
            place=place_for(doc, sentence, span), time=times[0].id if times else None,
            quantities=list(quantities), attribution=quote.id if quote else None,
            certainty=how, negated=negated,
        )
        kept = found.get(trigger.type)
        if kept is None or _filled(event) > _filled(kept):
            found[trigger.type] = event
    events = sorted(found.values(), key=lambda e: e.trigger.start)
    for offset, event in enumerate(events):
        event.id = f"v{first_id + offset}"
    return events


def trigger_of(by_form: dict[str, Trigger], text: str) -> Trigger:
    return by_form[" ".join(text.casefold().split())]


def _filled(event: Event) -> int:
    return sum(a is not None and a.country is not None for a in (event.actor1, event.actor2))


@stage("events", requires=("entities", "places", "times", "quantities", "quotes"), fills=("events",))
def make_events(options: Options):
    """Fills ``events`` from triggers, entities, places, times, quantities, quotes and cues."""

    def run(doc: Document) -> None:
        if doc.lang not in ("id", "en"):
            return
        events: list[Event] = []
        for sentence in doc.sentences:
            events.extend(sentence_events(doc, sentence, len(events) + 1))
        doc.events = events

    return run

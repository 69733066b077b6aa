"""The rule coder: events from the trigger lexicon and nearest-mention rules.

The events stage keeps what these rules find (they were written for the seed and dev
articles) and adds what the trained coder finds beyond them.

For every sentence, trigger words from ``data/events/triggers.yaml`` name the event
type, PLOVER mode and closest CAMEO code; the entities of the sentence give actor and
recipient by the trigger's voice (active, passive, noun, victim); the sentence's
places, times, quantities, quotes and certainty cues give the rest. One event per
action: in a sentence, one event per type and pair of actors' countries, and an event
that only repeats part of another (one actor missing) is dropped. Contexts that rule
events out (accidents, disasters, sport, business) are in ``data/events/non_events.yaml``.
"""

from __future__ import annotations

import re

from ..model import Actor, Document, Event, Quote, Sentence, Span
from .features import actor_mentions
from .lexicon import (
    Mention,
    Trigger,
    group_nouns,
    mode_words,
    pronouns,
    ruled_out_types,
    sector_of,
    trigger_of,
    trigger_pattern,
)

# Words that open a locative phrase: the place an event happened follows them.
LOCATIVE = re.compile(r"(?:\b(?:di|ke|dari|dekat|wilayah|kota|kawasan|in|at|near|into|to)\s+(?:[\w'’]+\s+){0,2})$", re.I)
LOCATIVE_REACH = 80  # characters before a place that may hold its locative word and two more
# Certainty from the cue nearest before a trigger (in its clause, within NEAR_CUE_CHARS).
CERTAINTY_FROM_CUE = {"denied": "denied", "planned": "planned", "speculated": "speculated",
                      "estimated": "estimated", "reported": "reported"}
NEAR_CUE_CHARS = 80
CUE_BREAK = re.compile(r"[;,]\s*(?:namun|tetapi|tapi|sedangkan|sementara|but|while|however)\b|[;]", re.I)
# A negation governs a trigger up to two words away ("tidak akan pernah menyerah", "did not attack").
NEGATION_GAP = re.compile(r"^\s*(?:\S+\s+){0,2}$")
# Event types that are speech acts: said inside a quote, they are the speaker's.
SPEECH_ACTS = frozenset({"ACCUSE", "THREATEN", "REQUEST", "REJECT", "SUPPORT", "AGREE"})
# What may stand between a noun or passive trigger and its doer: one modifier word or "by".
DOER_GAP = re.compile(r"^\s*(?:(?:oleh|dari|from|by|of)\s+|(?!(?:ke|terhadap|atas|kepada|pada|di|against|on|to|in|at)\b)\w+\s+)?(?:the\s+)?$", re.I)
POSSESSIVE = re.compile(r"^['’]s?\s+(?:\w+\s+)?$")
EN_MODIFIER = re.compile(r"^(?:['’]s?)?\s+(?:\w+\s+)?$")
BY_BEFORE = re.compile(r"\b(?:oleh|by)\s+(?:the\s+)?$", re.I)
RECIPIENT_BEFORE = re.compile(r"\b(?:ke|terhadap|kepada|melawan|against|into)\s+(?:\w+\s+){0,2}$", re.I)
OBJECT_GAP = re.compile(r"^\s+(?:\w+\s+)?$")
# A clause boundary between a subject and a noun trigger: the noun belongs to another clause.
CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\b(?:yang|which|who)\b", re.I)
# "serangan yang dilancarkan Israel": a relative clause naming the doer of the noun.
RELATIVE_AGENT = re.compile(r"^\s+yang\s+(?:\w+\s+)?di\w+\s+(?:oleh\s+)?$", re.I)
VICTIM_GAP = re.compile(r"^\s+(?:(?:telah|sudah|yang|dilaporkan|were|was|have|had|been|reportedly)\s+){0,2}$", re.I)
BETWEEN = re.compile(r"^\s+(?:antara|between)\s+(?:(?:his|her|its|their|the)\s+)?(?:\w+\s+){0,2}$", re.I)
JOINED = re.compile(r"^\s*(?:dan|serta|and)\s+$", re.I)


def mode_of(doc: Document, trigger: Trigger, span: Span, sentence: Sentence) -> str | None:
    if trigger.mode is not None:
        return trigger.mode
    after = doc.text[span.start:sentence.end]
    for mode, words in mode_words().get(trigger.type, []):
        if words.search(after):
            return mode
    return None


# Noun triggers that make an event without a named doer ("serangan di Gaza menewaskan ...").
NOUN_WITHOUT_DOER = frozenset({"ASSAULT"})
NEEDS_HOST = frozenset({("CONSULT", "visit")})
ARMED = frozenset({"MIL", "REB", "POL"})


def same_side(doc: Document, actor1: Mention, actor2: Mention) -> bool:
    """The same entity, or a state and its own government or forces."""
    if actor1.entity.id == actor2.entity.id:
        return True
    if actor1.entity.country is None or actor1.entity.country != actor2.entity.country:
        return False
    sectors = {sector_of(doc, actor1), sector_of(doc, actor2)}
    return sectors <= {"GOV", "MIL"}


def group_antecedent(doc: Document, sentence: Sentence, trigger: Span) -> Mention | None:
    """For "pasukan juga dikerahkan" with no name: the last named group of that kind before it.

    The antecedent is a mention that a group noun introduces ("tentara Chile",
    "Russian troops") in this or the three sentences before.
    """
    clause = doc.text[sentence.start:trigger.start]
    if not group_nouns().search(clause):
        return None
    for mention in reversed(window_mentions(doc, sentence, trigger.start)):
        if mention.entity.country and sector_of(doc, mention) == "MIL":
            return mention
    return None


def window_mentions(doc: Document, sentence: Sentence, end: int) -> list[Mention]:
    """The actor mentions from three sentences before ``sentence`` up to ``end`` (an antecedent's reach)."""
    index = doc.sentences.index(sentence) if sentence in doc.sentences else 0
    window_start = doc.sentences[max(0, index - 3)].start if doc.sentences else sentence.start
    return actor_mentions(doc, window_start, end)


def pick_actors(doc: Document, mentions: list[Mention], trigger: Span, voice: str) -> tuple[Mention | None, Mention | None]:
    """Actor and recipient by the trigger's voice (see triggers.yaml)."""
    text = doc.text
    before = [m for m in mentions if m.span.end <= trigger.start]
    after = [m for m in mentions if m.span.start >= trigger.end]
    last_before = before[-1] if before else None
    first_after = after[0] if after else None
    doer_after = first_after if first_after and DOER_GAP.match(text[trigger.end:first_after.span.start]) else None
    # "oleh Rusia", "by Russia" anywhere after a noun or passive names the doer.
    by_agent = next((m for m in after if BY_BEFORE.search(text[max(0, m.span.start - 8):m.span.start])
                     and not re.search(r"[,;:]", text[trigger.end:m.span.start])), None)
    # A mention introduced by "ke", "terhadap", "against"... after the trigger is the recipient.
    marked = [m for m in after if RECIPIENT_BEFORE.search(text[max(0, m.span.start - 30):m.span.start])]

    def recipient(doer: Mention | None, *groups: list[Mention]) -> Mention | None:
        """The first candidate that is not the doer, preferring another country."""
        for candidates in groups:
            others = [m for m in candidates if doer is None or m.entity.id != doer.entity.id]
            foreign = [m for m in others if doer is None or m.entity.country != doer.entity.country]
            if others:
                return (foreign or others)[0]
        return None

    if voice == "passive":
        doer = by_agent or doer_after
        return doer, recipient(doer, before[::-1], after)
    if voice == "victim":
        # "44 warga X tewas": the victims stand just before; "tewas di X": the place's side after.
        victim = last_before if last_before and VICTIM_GAP.match(text[last_before.span.end:trigger.start]) else None
        return by_agent, victim or first_after
    if voice == "noun":
        # The doer stands next to the noun: "serangan Israel", "Russia's drive", "Russian troops",
        # "pressure from Trump"; with none, the doer is unknown rather than guessed.
        adjacent = last_before and (EN_MODIFIER if doc.lang == "en" else POSSESSIVE).match(
            text[last_before.span.end:trigger.start])
        # "talks between Witkoff and Putin", "perundingan antara Rusia dan Ukraina": both take part.
        if len(after) > 1 and BETWEEN.match(text[trigger.end:after[0].span.start]) and JOINED.match(
                text[after[0].span.end:after[1].span.start]):
            return after[0], after[1]
        relative_agent = first_after if first_after and RELATIVE_AGENT.match(
            text[trigger.end:first_after.span.start]) else None
        doer = by_agent or (last_before if adjacent else None) or doer_after or relative_agent
        if doer is None and last_before and not CLAUSE_BREAK.search(text[last_before.span.end:trigger.start]):
            doer = last_before  # "Kim Jong-un menyetujui pengiriman ...": the subject of the verb it follows
        return doer, recipient(doer, marked, before[::-1], after)
    doer = last_before
    # "Rusia dan Iran menandatangani ...": the first of two joined subjects acts, the second receives.
    if doer is not None and len(before) > 1 and JOINED.match(text[before[-2].span.end:doer.span.start]):
        return before[-2], doer
    return doer, recipient(doer, after)


def actor(doc: Document, mention: Mention | None) -> Actor | None:
    if mention is None:
        return None
    return Actor(text=mention.span.text, entity=mention.entity.id, country=mention.entity.country,
                 sector=sector_of(doc, mention))


def certainty(text: str, sentence: Sentence, trigger: Span, attribution: Quote | None) -> tuple[str, bool]:
    """How the text presents the event, and whether it is negated, from the sentence's cues."""
    cues = [c for c in sentence.cues if c["end"] <= trigger.start]
    negated = any(c["kind"] == "negation" and NEGATION_GAP.match(text[c["end"]:trigger.start]) for c in cues)
    # A cue governs a trigger in its own clause: "sekitar 11.000 tentara ... terlibat", not
    # "hampir dua kali lipat, namun ... blokade".
    near = [c for c in cues if c["kind"] in CERTAINTY_FROM_CUE and trigger.start - c["end"] <= NEAR_CUE_CHARS
            and not CUE_BREAK.search(text[c["end"]:trigger.start])]
    if near:
        return CERTAINTY_FROM_CUE[max(near, key=lambda c: c["end"])["kind"]], negated
    if attribution is not None:
        return "reported", negated
    return "asserted", negated


def pronoun_antecedent(doc: Document, sentence: Sentence, trigger: Span, subject: Mention | None) -> Mention | None:
    """For "he praised ...", "ia mengatakan ...": the last person named before the pronoun.

    Only when the pronoun stands between the nearest named actor (if any) and the trigger.
    """
    start = subject.span.end if subject else sentence.start
    found = pronouns().search(doc.text, start, trigger.start)
    if found is None:
        return None
    index = doc.sentences.index(sentence)
    window_start = doc.sentences[max(0, index - 3)].start
    people = [m for m in actor_mentions(doc, window_start, found.start()) if m.entity.type == "PER"]
    return people[-1] if people else None


def speaker_mention(doc: Document, quote: Quote | None) -> Mention | None:
    """The quote's speaker as an actor mention, where the speaker is an entity with a country."""
    if quote is None or not quote.speaker_entity:
        return None
    entity = next((e for e in doc.entities if e.id == quote.speaker_entity), None)
    if entity is None or not entity.country or not entity.mentions:
        return None
    before = [m for m in entity.mentions if m.start < quote.start] or entity.mentions
    return Mention(entity, before[-1])


def attribution_for(doc: Document, trigger: Span) -> Quote | None:
    """The quote or attribution whose span carries the trigger (the innermost one)."""
    carrying = [q for q in doc.quotes if q.start <= trigger.start and trigger.end <= q.end]
    return min(carrying, key=lambda q: q.end - q.start) if carrying else None


# How far (characters) from its trigger an event's place may be named: past any real sentence's length.
PLACE_REACH = 600


def place_for(doc: Document, sentence: Sentence, trigger: Span) -> str | None:
    """The place the event happened: one introduced by a locative word, else a non-country place.

    Among several, a place after the trigger ("menyerang X di Y", "attacked X in Y") comes
    before one ahead of it, a city or region before the country around it, then the nearest.
    """
    located, others = [], []
    for place in doc.places:
        for span in place.mentions:
            # Within the sentence, and within reach of the trigger (a "sentence" of thousands of words,
            # a text with no full stops, is not searched whole for every trigger).
            if sentence.start <= span.start and span.end <= sentence.end and \
                    abs(span.start - trigger.start) <= PLACE_REACH:
                rank = (span.start < trigger.start, place.feature == "country", abs(span.start - trigger.start),
                        place.id)
                # The locative word is within a few words before the place: only that much is searched
                # (the whole sentence before it made a long unpunctuated text quadratic).
                if LOCATIVE.search(doc.text[max(sentence.start, span.start - LOCATIVE_REACH):span.start]):
                    located.append(rank)
                elif place.feature != "country":
                    others.append(rank)
    for candidates in (located, others):
        if candidates:
            return min(candidates)[-1]
    return None


def in_sentence(items, sentence: Sentence):
    return [item for item in items if sentence.start <= item.start and item.end <= sentence.end]


def sentence_events(doc: Document, sentence: Sentence, first_id: int, story_ruled_out: frozenset[str]) -> list[Event]:
    pattern, by_form = trigger_pattern(doc.lang)
    all_mentions = actor_mentions(doc, sentence.start, sentence.end)
    if not all_mentions:
        return []
    body = doc.text[sentence.start:sentence.end]
    times = in_sentence(doc.times, sentence)
    quantities = [q.id for q in in_sentence(doc.quantities, sentence) if q.category != "duration"]
    found: dict[tuple[str, str | None, str | None], Event] = {}
    ruled_out = ruled_out_types(body, scope="sentence")
    previous: dict[str, int] = {}  # type -> end of its last active-verb trigger
    for match in pattern.finditer(body):
        trigger = trigger_of(by_form, match.group(0))
        if trigger.type in ruled_out:
            continue
        span = doc.span(sentence.start + match.start(), sentence.start + match.end())
        last_end = previous.get(trigger.type)
        if trigger.voice == "active":
            previous[trigger.type] = span.end
        # "menandatangani perjanjian", "melancarkan serangan": the noun is the verb's object, one action.
        if trigger.voice == "noun" and last_end is not None and OBJECT_GAP.match(doc.text[last_end:span.start]):
            continue
        # A trigger inside a name ("Dewan Keamanan") is no event.
        if any(m.span.start <= span.start < m.span.end for m in all_mentions):
            continue
        quote = attribution_for(doc, span)
        # Inside attributed content, the source ("Menurut X, ...") is not an actor.
        mentions = [m for m in all_mentions
                    if quote is None or quote.kind != "according_to" or quote.start <= m.span.start < quote.end]
        actor1, actor2 = pick_actors(doc, mentions, span, trigger.voice)
        if trigger.voice == "active":
            actor1 = pronoun_antecedent(doc, sentence, span, actor1) or actor1
        speaker = speaker_mention(doc, quote)
        if trigger.type in SPEECH_ACTS and speaker is not None and (actor1 is None or quote.kind == "direct"):
            # An accusation or demand inside a quote is the speaker's.
            actor2 = next((m for m in mentions if m.span.start >= quote.start and m.entity.id != speaker.entity.id
                           and m.entity.country != speaker.entity.country), actor2)
            actor1 = speaker
        if actor1 is None and trigger.voice != "victim":
            actor1 = group_antecedent(doc, sentence, span)
        if actor1 is None and actor2 is None:
            continue
        if trigger.voice == "noun" and actor1 is None and trigger.type not in NOUN_WITHOUT_DOER:
            continue  # "perjanjian", "bantuan", "sanksi" with no one giving them: a topic, not an event
        if (trigger.type, trigger.mode) in NEEDS_HOST and (actor1 is None or actor2 is None):
            continue  # a visit needs a host: a leader touring a factory at home is no CONSULT
        if trigger.type in story_ruled_out and not any(
                m is not None and sector_of(doc, m) in ARMED for m in (actor1, actor2)):
            continue
        if actor1 is not None and actor2 is not None and same_side(doc, actor1, actor2):
            actor2 = None  # "Israel ... pasukan Israel": no one attacks themselves
        how, negated = certainty(doc.text, sentence, span, quote)
        event = Event(
            id="", type=trigger.type, mode=mode_of(doc, trigger, span, sentence), cameo=trigger.cameo,
            actor1=actor(doc, actor1), actor2=actor(doc, actor2),
            trigger=span, sentence=Span.of(doc.text, sentence.start, sentence.end),
            place=place_for(doc, sentence, span), time=times[0].id if times else None,
            quantities=list(quantities), attribution=quote.id if quote else None,
            certainty=how, negated=negated,
        )
        # One event per action: the same type between the same actors is one event.
        key = (trigger.type, _country(event.actor1), _country(event.actor2))
        kept = found.get(key)
        if kept is None or _filled(event) > _filled(kept):
            found[key] = event
    events = merge_partial(sorted(found.values(), key=lambda e: e.trigger.start))
    for offset, event in enumerate(events):
        event.id = f"v{first_id + offset}"
    return events


def merge_partial(events: list[Event]) -> list[Event]:
    """Drop an event that only repeats part of another of its type in the sentence (one actor missing)."""

    def covers(full: Event, part: Event) -> bool:
        pairs = ((full.actor1, part.actor1), (full.actor2, part.actor2))
        return full is not part and full.type == part.type and _filled(full) > _filled(part) and all(
            b is None or (a is not None and a.country == b.country) for a, b in pairs)

    return [e for e in events if not any(covers(other, e) for other in events)]


def _country(actor: Actor | None) -> str | None:
    return actor.country if actor else None


def _filled(event: Event) -> int:
    return sum(a is not None and a.country is not None for a in (event.actor1, event.actor2))


def rule_events(doc: Document) -> list[Event]:
    """The events the rules find in every sentence (ids not yet set)."""
    story_ruled_out = ruled_out_types(doc.text, scope="article")
    events: list[Event] = []
    for sentence in doc.sentences:
        events.extend(sentence_events(doc, sentence, len(events) + 1, story_ruled_out))
    return events

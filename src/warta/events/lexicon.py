"""The event lexicons an analyst edits: trigger words, non-event contexts, modes, sectors.

The trained coder (:mod:`warta.events.coder`) reads them as candidates and features,
not as the decision: a trigger word marks a token as a likely trigger of a type, a
non-event context (sport, accidents) marks the sentence, and the sector words give an
actor's sector (``pasukan Rusia`` is military).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..model import Document, Entity, Span
from ..resources import load_yaml

VOICES = ("active", "passive", "noun", "victim")


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


def trigger_of(by_form: dict[str, Trigger], text: str) -> Trigger:
    return by_form[" ".join(text.casefold().split())]


@lru_cache(maxsize=512)  # each sentence is read by the rules, the features and the trigger spans
def lexicon_triggers(text: str, lang: str, start: int, end: int) -> tuple[tuple[int, int, Trigger], ...]:
    """Every trigger form of the lexicon in ``text[start:end]``, as (start, end, entry)."""
    pattern, by_form = trigger_pattern(lang)
    return tuple((start + m.start(), start + m.end(), trigger_of(by_form, m.group(0)))
                 for m in pattern.finditer(text[start:end]))


@dataclass(frozen=True)
class NonEventContext:
    scope: str
    min_count: int
    types: frozenset[str]
    words: re.Pattern[str]


@cache
def non_event_contexts() -> tuple[NonEventContext, ...]:
    """Accident, disaster, sport and business contexts that rule event types out (non_events.yaml)."""
    return tuple(
        NonEventContext(entry["scope"], entry.get("min_count", 1), frozenset(entry["types"]),
                        re.compile(rf"\b(?:{'|'.join(map(re.escape, entry['words']))})\b", re.I))
        for entry in load_yaml("events/non_events.yaml").values()
    )


@lru_cache(maxsize=512)
def ruled_out_types(text: str, *, scope: str) -> frozenset[str]:
    out: set[str] = set()
    for context in non_event_contexts():
        if context.scope == scope and len(context.words.findall(text)) >= context.min_count:
            out |= context.types
    return frozenset(out)


@cache
def mode_words() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Per event type, (mode, words) pairs (modes.yaml)."""
    return {
        etype: [(mode, re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.I)) for mode, words in modes.items()]
        for etype, modes in load_yaml("events/modes.yaml").items()
    }


@cache
def sector_words() -> list[tuple[str, str, re.Pattern[str], re.Pattern[str], re.Pattern[str]]]:
    """(word, sector, pattern before a mention, after it, in a description), longest word first."""
    words = [(w.casefold(), sector) for sector, ws in load_yaml("events/sectors.yaml").items() for w in ws]
    return [(word, sector, re.compile(rf"\b{re.escape(word)}\s+(?:\w+\s+)?$"), re.compile(rf"\W*{re.escape(word)}\b"),
             re.compile(rf"\b{re.escape(word)}\b"))
            for word, sector in sorted(words, key=lambda pair: len(pair[0]), reverse=True)]


SECTORS = ("MIL", "INT", "GOV", "POL", "REB", "CVL", "MED", "BUS")


def sector_of(doc: Document, mention: Mention) -> str | None:
    """The actor's sector from the words right around its mention, else from its type."""
    before = doc.text[max(0, mention.span.start - 40):mention.span.start].casefold()
    after = doc.text[mention.span.end:mention.span.end + 25].casefold()
    for word, sector, before_word, after_word, _ in sector_words():
        # The substring test first: most words are in neither window.
        if (word in before and before_word.search(before)) or (word in after and after_word.match(after)):
            return sector
    description = (mention.entity.description or "").casefold()
    for word, sector, _, _, in_description in sector_words():
        if word in description and in_description.search(description):
            return sector
    return {"GPE": "GOV", "LOC": "GOV"}.get(mention.entity.type)


@cache
def group_nouns() -> re.Pattern[str]:
    """Unnamed armed groups ("pasukan", "troops") that refer back to a named one."""
    words = sorted(load_yaml("events/sectors.yaml")["MIL"], key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.I)


@cache
def personal_pronouns() -> frozenset[str]:
    return frozenset(load_yaml("events/anaphora.yaml")["personal"])


@cache
def pronouns() -> re.Pattern[str]:
    words = load_yaml("events/anaphora.yaml")["pronouns"]
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b\s+(?:\w+\s+){{0,3}}$", re.I)


@cache
def fact_check_title(lang: str) -> re.Pattern[str]:
    """Title words that mark a fact-check article (``data/events/fact_checks.yaml``)."""
    words = load_yaml("events/fact_checks.yaml").get(lang) or []
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(str(w)) for w in words) + r")(?!\w)", re.I)

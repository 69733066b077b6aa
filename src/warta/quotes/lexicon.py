"""The word lists of the quotes stage, read once from ``data/quotes/*.yaml``.

Code holds the mechanism; every cue word, pronoun and stop word lives in
``attribution.yaml`` (who says what) and ``certainty.yaml`` (sentence cues).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import ModelError
from ..resources import load_yaml

Phrase = tuple[str, ...]


def _phrases(items: list[str] | None) -> frozenset[Phrase]:
    return frozenset(tuple(str(item).casefold().split()) for item in items or () if str(item).strip())


def _words(items: list[str] | None) -> frozenset[str]:
    return frozenset(str(item).casefold() for item in items or ())


@dataclass(frozen=True)
class Lexicon:
    """The attribution words of one language."""

    lang: str
    speech_verbs: frozenset[Phrase]
    passive_verbs: frozenset[Phrase]
    anaphoric_subjects: frozenset[Phrase]
    topic_verbs: frozenset[str]
    complement_verbs: frozenset[str]
    not_before_verb: frozenset[str]
    not_after_verb: frozenset[str]
    infinitive_markers: frozenset[str]
    proxy_words: frozenset[str]
    caption_openers: frozenset[str]
    inverted_cues: frozenset[str]
    complementizers: frozenset[str]
    according_to: frozenset[Phrase]
    wire_markers: frozenset[Phrase]
    report_nouns: frozenset[str]
    pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    coordinators: frozenset[str]
    clause_openers: frozenset[str]
    adverbial_openers: frozenset[str]
    trailing_adverbs: frozenset[str]
    speaker_stops: frozenset[str]
    name_joiners: frozenset[str]
    not_verbs: frozenset[str]
    verbs: frozenset[str]
    person_words: frozenset[str]
    abbreviations: frozenset[str]
    time_words: frozenset[str]
    naming_words: frozenset[str]
    org_words: frozenset[str]
    speaker_not_first: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    clause_words: frozenset[str] = frozenset()
    object_ends: frozenset[str] = frozenset()
    object_modifiers: frozenset[str] = frozenset()
    web_sources: frozenset[str] = frozenset()

    @property
    def single_verbs(self) -> frozenset[str]:
        return frozenset(p[0] for p in self.speech_verbs if len(p) == 1)


@cache
def lexicon(lang: str) -> Lexicon:
    """The attribution lexicon for ``lang`` (``id`` or ``en``; others use ``id``)."""
    data = load_yaml("quotes/attribution.yaml")
    if not isinstance(data, dict) or "id" not in data:
        raise ModelError("quotes/attribution.yaml has no 'id' section")
    section = data.get(lang) or data["id"]
    return Lexicon(
        lang=lang if lang in data else "id",
        speech_verbs=_phrases(section.get("speech_verbs")),
        passive_verbs=_phrases(section.get("passive_verbs")),
        anaphoric_subjects=_phrases(section.get("anaphoric_subjects")),
        topic_verbs=_words(section.get("topic_verbs")),
        complement_verbs=_words(section.get("complement_verbs")),
        not_before_verb=_words(section.get("not_before_verb")),
        not_after_verb=_words(section.get("not_after_verb")),
        infinitive_markers=_words(section.get("infinitive_markers")),
        proxy_words=_words(section.get("proxy_words")),
        caption_openers=_words(section.get("caption_openers")),
        inverted_cues=_words(section.get("inverted_cues")),
        complementizers=_words(section.get("complementizers")),
        according_to=_phrases(section.get("according_to")),
        wire_markers=_phrases(section.get("wire_markers")),
        report_nouns=_words(section.get("report_nouns")),
        pronouns=_words(section.get("pronouns")),
        plural_pronouns=_words(section.get("plural_pronouns")),
        coordinators=_words(section.get("coordinators")),
        clause_openers=_words(section.get("clause_openers")),
        adverbial_openers=_words(section.get("adverbial_openers")),
        trailing_adverbs=_words(section.get("trailing_adverbs")),
        speaker_stops=_words(section.get("speaker_stops")),
        name_joiners=_words(section.get("name_joiners")),
        not_verbs=_words(section.get("not_verbs")),
        verbs=_words(section.get("verbs")),
        person_words=_words(section.get("person_words")),
        abbreviations=_words(section.get("abbreviations")),
        time_words=_words(section.get("time_words")),
        naming_words=_words(section.get("naming_words")),
        org_words=_words(section.get("org_words")),
        speaker_not_first=_words(section.get("speaker_not_first")),
        object_verbs=_words(section.get("object_verbs")),
        clause_words=_words(section.get("clause_words")),
        object_ends=_words(section.get("object_ends")),
        object_modifiers=_words(section.get("object_modifiers")),
        web_sources=_words(section.get("web_sources")),
    )


@cache
def all_speech_verbs() -> frozenset[str]:
    """Single-word speech verbs of every language (for glued-token splitting)."""
    data = load_yaml("quotes/attribution.yaml")
    out: set[str] = set()
    for section in data.values():
        if isinstance(section, dict):
            out.update(str(v).casefold() for v in section.get("speech_verbs") or () if " " not in str(v))
    return frozenset(out)


@cache
def certainty_lexicon(lang: str) -> dict[str, frozenset[Phrase]]:
    """Certainty cue phrases by kind for ``lang``, plus ``number_words``."""
    data = load_yaml("quotes/certainty.yaml")
    if not isinstance(data, dict):
        raise ModelError("quotes/certainty.yaml is not a mapping")
    out: dict[str, frozenset[Phrase]] = {}
    for kind, by_lang in data.items():
        if not isinstance(by_lang, dict):
            continue
        words = by_lang.get(lang) if lang in by_lang else by_lang.get("id")
        out[kind] = _phrases(words)
    return out

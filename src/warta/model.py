"""The record: typed classes mirroring ``warta.document/1`` and its one serialiser.

Every span carries ``start`` and ``end`` into the cleaned ``Document.text`` (Python
str slicing, so ``text[start:end] == span.text``). Stages fill the lists; nothing
outside the NLP stages sees a spaCy object. ``Document.to_dict`` is the only way a
record leaves the library (JSON, the store, the API all go through it).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "warta.document/1"

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER")
QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "range", "fraction", "vague")
QUANTITY_CATEGORIES = (
    "personnel", "casualties", "killed", "wounded", "captured", "displaced", "arrested",
    "munitions", "weapons", "vehicles", "money", "area", "duration", "other",
)
QUOTE_KINDS = ("direct", "indirect", "according_to")
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
CERTAINTIES = ("asserted", "reported", "estimated", "speculated", "planned", "denied")


@dataclass(kw_only=True)
class Span:
    """A piece of the cleaned text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int

    @classmethod
    def from_text(cls, text: str, start: int, end: int, **fields: Any):
        """The span ``text[start:end]`` of a document text, with extra fields."""
        return cls(text=text[start:end], start=start, end=end, **fields)

    # Short alias; ``Quantity`` has a field named ``of``, so use ``from_text`` there.
    of = from_text


@dataclass(kw_only=True)
class Source:
    url: str | None = None
    path: str | None = None
    outlet: str | None = None
    wire: list[str] = field(default_factory=list)
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    id: str | None = None


@dataclass(kw_only=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Span] = field(default_factory=list)
    country: str | None = None
    kb_id: str | None = None
    description: str | None = None


@dataclass(kw_only=True)
class Place:
    id: str
    name: str
    country: str | None
    mentions: list[Span] = field(default_factory=list)
    feature: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(kw_only=True)
class TimeExpr(Span):
    id: str = ""
    value: str | None = None
    granularity: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Quantity(Span):
    id: str = ""
    value: float | None = None
    qualifier: str = "exact"
    category: str = "other"
    upper: float | None = None
    of: str | None = None
    unit: str | None = None


@dataclass(kw_only=True)
class Quote(Span):
    id: str = ""
    kind: str = "direct"
    speaker: str | None = None
    speaker_entity: str | None = None
    cue: str | None = None


@dataclass(kw_only=True)
class Actor:
    text: str
    entity: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(kw_only=True)
class Event:
    id: str
    type: str
    actor1: Actor | None
    actor2: Actor | None
    trigger: Span
    sentence: Span
    certainty: str = "asserted"
    mode: str | None = None
    cameo: str | None = None
    place: str | None = None
    time: str | None = None
    quantities: list[str] = field(default_factory=list)
    attribution: str | None = None
    negated: bool = False


@dataclass(kw_only=True)
class Sentence(Span):
    """A sentence of the cleaned text, with the certainty cues found in it (extra field)."""

    cues: list[dict[str, Any]] = field(default_factory=list)


@dataclass(kw_only=True)
class Document:
    doc_id: str
    lang: str
    title: str | None
    text: str
    source: Source = field(default_factory=Source)
    published: str | None = None
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    # Stage-internal working objects (the spaCy Doc, the raw input); never serialised.
    work: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def span(self, start: int, end: int) -> Span:
        """A plain span of this document's text."""
        return Span.of(self.text, start, end)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains the character at ``offset``."""
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None

    def to_dict(self) -> dict[str, Any]:
        """The ``warta.document/1`` record as plain JSON-ready data."""
        out: dict[str, Any] = {"schema": SCHEMA}
        for f in dataclasses.fields(self):
            if f.name != "work":
                out[f.name] = _plain(getattr(self, f.name))
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a record read back from JSON (the store, a JSONL file of records).

        Keys this version does not know are ignored: the schema allows extra fields.
        """

        def build(kind, item: dict[str, Any], **nested: Any):
            known = {f.name for f in dataclasses.fields(kind)}
            return kind(**{k: v for k, v in item.items() if k in known}, **nested)

        def spans(items) -> list[Span]:
            return [build(Span, m) for m in items or []]

        def actor(item) -> Actor | None:
            return build(Actor, item) if item else None

        top = {k: v for k, v in data.items() if k in {f.name for f in dataclasses.fields(cls)} and k != "work"}
        return cls(**{
            **top,
            "source": build(Source, data.get("source") or {}),
            "entities": [build(Entity, {**e, "mentions": spans(e.get("mentions"))}) for e in data.get("entities", [])],
            "places": [build(Place, {**p, "mentions": spans(p.get("mentions"))}) for p in data.get("places", [])],
            "times": [build(TimeExpr, t) for t in data.get("times", [])],
            "quantities": [build(Quantity, q) for q in data.get("quantities", [])],
            "quotes": [build(Quote, q) for q in data.get("quotes", [])],
            "events": [
                build(Event, {**e, "actor1": actor(e.get("actor1")), "actor2": actor(e.get("actor2")),
                              "trigger": build(Span, e["trigger"]), "sentence": build(Span, e["sentence"])})
                for e in data.get("events", [])
            ],
            "sentences": [build(Sentence, s) for s in data.get("sentences", [])],
        })


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(kw_only=True)
class RawArticle:
    """What every reader produces: one article before cleaning.

    ``origin`` names the input for messages (a path, a URL, ``path:line``).
    """

    text: str
    origin: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    path: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    source_id: str | None = None
    lang: str | None = None
    # Metadata a reader already separated from the body (HTML pages: trafilatura's).
    extracted: bool = False

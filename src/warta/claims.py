"""Claims across articles: the same figure or event in many reports, from whom, since when, and
where the sources disagree.

A claim is a figure (a quantity) or an event, with who says so: the speaker of the quote it
stands in, else the speaker the event is attributed to, else the outlet itself. Claims are
the same when they are about the same thing: an event by its type and its actors'
countries (or names); a figure by the event it is given for (type and actors), its category
and the noun it counts (``peluru``, ``troops``): a figure tied to no event is not followed,
for nothing says what it is a figure of. Grouped across the
stored articles, each claim lists its reports in order of publication, and says whether its
sources agree (``corroborated``: the same value from more than one source), only repeat one
source (``repeated``), or give different values or opposite certainties (``disputed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from typing import Any

from .model import Document, Event, Quantity
from .resources import load_yaml
from .store.base import StoredDocument
from .store.stories import order_key


@dataclass(frozen=True)
class ClaimReport:
    """One article's report of a claim."""

    doc_id: str
    outlet: str | None
    published: str | None
    source: str  # who says so: a speaker, else the outlet
    attributed: bool  # whether a speaker is named (else the outlet states it)
    text: str  # the figure or the event's trigger, as written
    start: int
    end: int
    value: float | None = None
    upper: float | None = None
    qualifier: str | None = None
    certainty: str | None = None
    story: str | None = None  # the story the article belongs to, where it has copies


@dataclass
class Claim:
    """The same figure or event across articles."""

    kind: str  # "figure" or "event"
    about: str  # what is claimed, in words: "peluru (PRK, RUS)", "ASSAULT: RUS -> UKR"
    key: tuple[str, ...]
    reports: list[ClaimReport] = field(default_factory=list)

    @property
    def first(self) -> ClaimReport:
        return self.reports[0]

    @property
    def sources(self) -> list[str]:
        return sorted({r.source for r in self.reports})

    @property
    def articles(self) -> int:
        """How many articles make the claim (copies of one story count once)."""
        return len({r.story or r.doc_id for r in self.reports})

    def _label(self, report: ClaimReport) -> str:
        if self.kind == "figure":
            return _figure(report.value, report.upper)
        return "denied" if report.certainty in _settings()["denying"] else "asserted"

    def _by_label(self) -> dict[str, set[str]]:
        by: dict[str, set[str]] = {}
        for report in self.reports:
            by.setdefault(self._label(report), set()).add(report.source)
        return by

    @property
    def standing(self) -> str:
        """``disputed`` (sources give different values, or one denies what another asserts; a source
        revising its own figure is no dispute), ``corroborated`` (more than one source, in different
        articles), or ``repeated``."""
        given = list(self._by_label().values())
        if any(one != other for n, these in enumerate(given) for those in given[n + 1:]
               for one in these for other in those):
            return "disputed"
        units = {(r.source, r.story or r.doc_id) for r in self.reports}
        sources_in_articles = {source for source, _unit in units}
        articles = {unit for _source, unit in units}
        return "corroborated" if len(sources_in_articles) > 1 and len(articles) > 1 else "repeated"

    def disagreements(self) -> dict[str, list[str]]:
        """For a disputed claim: each value (or certainty) and the sources that give it."""
        return {label: sorted(sources) for label, sources in self._by_label().items()} \
            if self.standing == "disputed" else {}

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "about": self.about, "standing": self.standing, "sources": self.sources,
                "articles": self.articles, "first": asdict(self.first),
                "disagreements": self.disagreements(), "reports": [asdict(r) for r in self.reports]}


def _figure(value: float | None, upper: float | None) -> str:
    def text(number: float | None) -> str:
        return "?" if number is None else f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"

    return text(value) + (f"-{text(upper)}" if upper is not None else "")


@cache
def _settings() -> dict[str, Any]:
    settings = load_yaml("claims.yaml")
    units = load_yaml("quantities/categories.yaml")
    measures = {w.lower() for key in ("duration_units", "distance_units", "area_units") for w in units.get(key, ())}
    settings["measures"] = measures | {w.lower() for w in settings["skip_units"]}
    return settings


def _counted(quantity: Quantity, lang: str) -> str | None:
    """The noun a figure counts (Indonesian puts it first, English last): ``orang``, ``troops``; None
    for a figure that measures rather than counts."""
    settings = _settings()
    words = (quantity.unit or quantity.of or "").lower().split()
    if not words or quantity.category in settings["skip_categories"] or " ".join(words) in settings["measures"]:
        return None
    noun = words[0] if lang == "id" else words[-1]
    return None if noun in settings["measures"] else noun


def _speaker(doc: Document, start: int, end: int, attribution: str | None = None) -> str | None:
    quote = next((q for q in doc.quotes if q.id == attribution), None) if attribution else None
    quote = quote or next((q for q in doc.quotes if q.start <= start and end <= q.end), None)
    if quote is None or not quote.speaker:
        return None
    entity = next((e for e in doc.entities if e.id == quote.speaker_entity), None)
    return entity.name if entity else quote.speaker


def claims_of(stored: StoredDocument) -> Iterator[tuple[Claim, ClaimReport]]:
    """Each figure and each attributed event of a document as a claim (for grouping) and its report."""
    doc = stored.doc
    story = stored.story.story_id if stored.story else None

    def report(text: str, start: int, end: int, speaker: str | None, **more: Any) -> ClaimReport:
        return ClaimReport(doc.doc_id, doc.source.outlet, doc.published,
                           speaker or doc.source.outlet or "(unattributed)", speaker is not None, text, start, end,
                           story=story, **more)

    quantities = {q.id: q for q in doc.quantities}
    for event in doc.events:
        if event.actor1 is None:
            continue
        sides = [_side(doc, event, n) for n in (1, 2)]
        for quantity in (quantities[i] for i in event.quantities if i in quantities):
            counted = _counted(quantity, doc.lang)
            if quantity.value is None or counted is None:
                continue
            key = ("figure", event.type, *sides, quantity.category, counted)
            about = f"{counted} ({quantity.category}) in {event.type}: {sides[0]} -> {sides[1] or '?'}"
            yield Claim("figure", about, key), report(quantity.text, quantity.start, quantity.end,
                                                       _speaker(doc, quantity.start, quantity.end, event.attribution),
                                                       value=quantity.value, upper=quantity.upper,
                                                       qualifier=quantity.qualifier)
    for event in doc.events:
        if event.actor1 is None:
            continue
        sides = [_side(doc, event, n) for n in (1, 2)]
        key = ("event", event.type, *sides)
        about = f"{event.type}: {sides[0]} -> {sides[1] or '?'}"
        yield Claim("event", about, key), report(event.trigger.text, event.trigger.start, event.trigger.end,
                                                  _speaker(doc, event.sentence.start, event.sentence.end,
                                                           event.attribution) if event.attribution else None,
                                                  certainty="negated" if event.negated else event.certainty)


def _ambiguous(reports: list[ClaimReport]) -> bool:
    """Whether one article gives several values under one key: then the key names several things
    (prices, scores, tolls of different days), and no value can be said to dispute another."""
    values: dict[str, set[tuple[float | None, float | None]]] = {}
    for report in reports:
        values.setdefault(report.doc_id, set()).add((report.value, report.upper))
    return any(len(found) > 1 for found in values.values())


def _day(report: ClaimReport) -> date | None:
    try:
        return date.fromisoformat((report.published or "")[:10])
    except ValueError:
        return None


def _runs(reports: list[ClaimReport]) -> Iterator[list[ClaimReport]]:
    """Reports split where the next comes more than the window's days after the previous one."""
    run: list[ClaimReport] = []
    for report in reports:
        if run and (day := _day(report)) and (last := _day(run[-1])) and \
                (day - last).days > _settings()["window_days"]:
            yield run
            run = []
        run.append(report)
    if run:
        yield run


def _side(doc: Document, event: Event, number: int) -> str:
    """An actor as claims tell it: its country, except at home, where the country says nothing (in
    Indonesian news every other actor is Indonesian): there its name."""
    actor = event.actor1 if number == 1 else event.actor2
    if actor is None:
        return ""
    if actor.country and actor.country != _settings()["home_country"].get(doc.lang):
        return actor.country
    entity = next((e for e in doc.entities if e.id == actor.entity), None) if actor.entity else None
    return (entity.name if entity else actor.text).lower()


def group_claims(items: Iterable[Document | StoredDocument], *, min_documents: int = 2) -> list[Claim]:
    """The claims that at least ``min_documents`` articles make, most reported first; reports in order
    of publication. Copies of one story count as the one article they are."""
    grouped: dict[tuple[str, ...], tuple[Claim, list[tuple[int, ClaimReport]]]] = {}
    for number, item in enumerate(items):
        stored = item if isinstance(item, StoredDocument) else StoredDocument(item)
        for claim, report in claims_of(stored):
            grouped.setdefault(claim.key, (claim, []))[1].append((number, report))
    chosen = []
    for claim, reports in grouped.values():
        ordered = [r for _n, r in sorted(reports, key=lambda pair: order_key(pair[1].published, pair[0]))]
        for run in _runs(ordered):
            found = Claim(claim.kind, claim.about, claim.key, run)
            if found.articles >= min_documents and not (claim.kind == "figure" and _ambiguous(run)):
                chosen.append(found)
    chosen.sort(key=lambda c: (-c.articles, c.first.published or "", c.about))
    return chosen

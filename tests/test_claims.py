"""Claims across articles: the same figure of the same event, who gives it, and where sources disagree."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from warta.claims import group_claims
from warta.cli import app
from warta.model import Actor, Document, Entity, Event, Quantity, Quote, Source, Span
from warta.store import open_store

runner = CliRunner()


def _report(doc_id: str, outlet: str, published: str, text: str, figure: str, value: float, speaker: str | None,
            *, unit: str = "orang", category: str = "killed") -> Document:
    """An article in which Israel attacks Iran, with a death toll some speaker (or the outlet) gives."""
    at = text.index(figure)
    quantity = Quantity(text=figure, start=at, end=at + len(figure), id="q1", value=value, category=category,
                        unit=unit)
    word = text.index("menyerang")
    quotes = []
    if speaker:
        quotes.append(Quote(text=text, start=0, end=len(text), id="u1", kind="indirect", speaker=speaker,
                            speaker_entity=None))
    event = Event(id="v1", type="ASSAULT", actor1=Actor(text="Israel", country="ISR"),
                  actor2=Actor(text="Iran", country="IRN"), trigger=Span.of(text, word, word + 9),
                  sentence=Span.of(text, 0, len(text)), quantities=["q1"], attribution="u1" if speaker else None)
    return Document(doc_id=doc_id, lang="id", title=None, text=text, published=published,
                    source=Source(outlet=outlet, url=f"https://{outlet}/{doc_id}"), quantities=[quantity],
                    quotes=quotes, events=[event],
                    entities=[Entity(id="e1", name="Israel", type="GPE", country="ISR", mentions=[]),
                              Entity(id="e2", name="Iran", type="GPE", country="IRN", mentions=[])])


DOCS = [
    _report("a1", "kantor-a.id", "2025-06-15T09:00:00+07:00",
            "Israel menyerang Iran dan menewaskan sedikitnya 224 orang, kata Kementerian Kesehatan Iran.",
            "224 orang", 224, "Kementerian Kesehatan Iran"),
    _report("b2", "portal-b.id", "2025-06-15T12:00:00+07:00",
            "Serangan Israel menyerang Iran menewaskan 224 orang menurut kementerian kesehatan.",
            "224 orang", 224, "Kementerian Kesehatan Iran"),
    _report("c3", "harian-c.id", "2025-06-16T08:00:00+07:00",
            "Israel menyerang Iran; kelompok HAM mencatat 639 orang tewas.", "639 orang", 639, "HRANA"),
    # A figure of another kind, and a toll a week and more later: other claims.
    _report("d4", "kantor-a.id", "2025-06-16T10:00:00+07:00",
            "Israel menyerang Iran dengan 200 jet tempur, kata militer Israel.", "200 jet", 200, "IDF",
            unit="jet tempur", category="vehicles"),
    _report("e5", "portal-b.id", "2025-07-01T10:00:00+07:00",
            "Israel menyerang Iran lagi dan menewaskan 12 orang.", "12 orang", 12, None),
]


def test_one_toll_from_several_sources_is_one_claim_that_shows_the_disagreement():
    figures = [c for c in group_claims(DOCS) if c.kind == "figure"]
    assert len(figures) == 1  # the jets are one article's claim; the toll of July is another week's
    toll = figures[0]
    assert toll.about == "orang (killed) in ASSAULT: ISR -> IRN" and toll.standing == "disputed"
    assert [r.doc_id for r in toll.reports] == ["a1", "b2", "c3"]  # in order of publication
    assert toll.first.source == "Kementerian Kesehatan Iran" and toll.first.published.startswith("2025-06-15")
    assert toll.disagreements() == {"224": ["Kementerian Kesehatan Iran"], "639": ["HRANA"]}
    events = [c for c in group_claims(DOCS) if c.kind == "event"]
    assert events and events[0].about == "ASSAULT: ISR -> IRN" and events[0].standing == "corroborated"


def test_the_same_figure_from_two_sources_is_corroborated_and_one_source_repeated():
    ministry = next(c for c in group_claims(DOCS[:2]) if c.kind == "figure")
    assert ministry.standing == "repeated" and ministry.sources == ["Kementerian Kesehatan Iran"]
    outlet = _report("f6", "harian-c.id", "2025-06-15T15:00:00+07:00",
                     "Israel menyerang Iran dan menewaskan 224 orang.", "224 orang", 224, None)
    both = next(c for c in group_claims([DOCS[0], outlet]) if c.kind == "figure")
    assert both.standing == "corroborated" and both.sources == ["Kementerian Kesehatan Iran", "harian-c.id"]


def test_a_source_revising_its_own_figure_is_no_dispute():
    later = _report("g7", "portal-b.id", "2025-06-16T09:00:00+07:00",
                    "Israel menyerang Iran; korban tewas naik menjadi 240 orang, kata Kementerian Kesehatan Iran.",
                    "240 orang", 240, "Kementerian Kesehatan Iran")
    revised = next(c for c in group_claims([DOCS[0], later]) if c.kind == "figure")
    assert revised.standing == "repeated" and not revised.disagreements()


def test_claims_from_the_command_line_and_the_api(tmp_path):
    from warta.serve import create_app

    db = tmp_path / "w.db"
    with open_store(db) as store:
        for doc in DOCS:
            store.add(doc)
    result = runner.invoke(app, ["claims", "--db", str(db), "--disputed", "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert [c["about"] for c in claims] == ["orang (killed) in ASSAULT: ISR -> IRN"]
    assert claims[0]["articles"] == 3 and claims[0]["first"]["doc_id"] == "a1"
    table = runner.invoke(app, ["claims", "--db", str(db)])
    assert "disputed" in table.stdout and "639: HRANA" in table.stdout and "224: Kementerian" in table.stdout
    served = TestClient(create_app(db)).get("/api/claims", params={"kind": "figure"}).json()
    assert served["total"] == 1 and served["items"][0]["disagreements"] == claims[0]["disagreements"]

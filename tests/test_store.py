"""The store: documents stored once and whole, read back, searched, counted; the batch loop."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from warta import Options
from warta.errors import StoreError
from warta.model import Actor, Document, Entity, Event, Place, Quantity, Quote, Source, Span, TimeExpr
from warta.store import DocumentNotFound, PostgresStore, SQLiteStore, ingest, open_store
from warta.store.tables import TABLES

CHEAP = Options(stages=("clean", "language"))  # the batch tests need documents, not extraction


def _hand_made(title: str = "Ministers agree on river treaty") -> Document:
    """A record with every list filled, written here so the test owns its text."""
    text = (
        "Laos and Thailand signed a treaty on Monday to share the water of the Mekong River. "
        '"This treaty protects our farmers," said Foreign Minister Anong Sayavong in Vientiane. '
        "About 2,000 villagers will be moved."
    )
    i = text.index

    def span(s: str) -> Span:
        return Span.of(text, i(s), i(s) + len(s))

    quote_start = i('"This')
    return Document(
        doc_id="feedc0de00000001",
        lang="en",
        title=title,
        text=text,
        published="2025-10-06",
        source=Source(outlet="Test Wire", path="hand/made.txt", wire=["AFP"], authors=["A. Writer"]),
        entities=[
            Entity(id="e1", name="Laos", type="GPE", country="LAO", mentions=[span("Laos")]),
            Entity(id="e2", name="Anong Sayavong", type="PER", country="LAO", mentions=[span("Anong Sayavong")],
                   description="Foreign Minister"),
        ],
        places=[Place(id="p1", name="Vientiane", country="LAO", lat=17.97, lon=102.6, geonameid=1651944,
                      feature="PPLC", mentions=[span("Vientiane")])],
        times=[TimeExpr.of(text, i("Monday"), i("Monday") + 6, id="t1", value="2025-10-06", granularity="day")],
        # Not Quantity.of: the model's ``of`` field shadows the classmethod on Quantity.
        quantities=[Quantity(text="About 2,000", start=i("About 2,000"), end=i("About 2,000") + 11, id="q1",
                             value=2000.0, qualifier="about", category="displaced", of="villagers")],
        quotes=[Quote.of(text, quote_start, i("farmers,\"") + 9, id="u1", kind="direct",
                         speaker="Anong Sayavong", speaker_entity="e2", cue="said")],
        events=[Event(id="v1", type="AGREE", actor1=Actor(text="Laos", entity="e1", country="LAO"),
                      actor2=Actor(text="Thailand", country="THA"), trigger=span("signed"),
                      sentence=span(text[: i('"This') - 1]), place="p1", time="t1", quantities=["q1"],
                      attribution="u1")],
    )


# PostgreSQL runs the same tests when WARTA_TEST_POSTGRES names a database to use, e.g.
# postgresql://warta@localhost:5432/warta_test (each test gets a schema of its own there).
POSTGRES = os.environ.get("WARTA_TEST_POSTGRES")


@contextmanager
def _postgres_schema() -> Iterator[str]:
    import psycopg

    schema = f"warta_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty store of each backend (PostgreSQL only where one is given to test on)."""
    if request.param == "sqlite":
        with open_store(tmp_path / "test.db") as opened:
            yield opened
        return
    if not POSTGRES:
        pytest.skip("set WARTA_TEST_POSTGRES to a postgresql:// URL to test the PostgreSQL store")
    with _postgres_schema() as url, open_store(url) as opened:
        yield opened


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_a_document_reads_back_equal_with_one_row_per_item(tmp_path):
    doc = _hand_made()
    with open_store(tmp_path / "test.db") as store:
        _check_rows(store, doc, tmp_path)


def _check_rows(store, doc, tmp_path):
    assert store.add(doc) is True
    back = store.get(doc.doc_id)
    assert back.to_dict() == doc.to_dict()
    db = tmp_path / "test.db"
    record = doc.to_dict()
    expected = {
        "entities": 2, "mentions": 3, "places": 1, "times": 1, "quantities": 1, "quotes": 1, "events": 1,
    }
    for table in TABLES:
        assert _rows(db, f"SELECT COUNT(*) FROM {table.name}")[0][0] == expected[table.name], table.name
    # Main fields as columns, the full item as JSON.
    [(actor1, country2, negated, item)] = _rows(db, "SELECT actor1, actor2_country, negated, item FROM events")
    assert (actor1, country2, negated) == ("Laos", "THA", 0)
    assert json.loads(item) == record["events"][0]
    assert _rows(db, "SELECT value, qualifier, of_what FROM quantities") == [(2000.0, "about", "villagers")]
    assert _rows(db, "SELECT lat, geonameid FROM places") == [(17.97, 1651944)]
    assert _rows(db, "SELECT owner, owner_id, text, start_char, end_char FROM mentions WHERE owner = 'place'") == [
        ("place", "p1", "Vientiane", doc.text.index("Vientiane"), doc.text.index("Vientiane") + 9)
    ]
    assert _rows(db, "SELECT outlet, path FROM documents") == [("Test Wire", "hand/made.txt")]


def test_the_same_document_twice_is_stored_once(store):
    doc = _hand_made()
    assert store.add(doc) is True
    assert store.add(doc) is False
    assert len(store) == 1
    assert store.stats()["tables"]["events"] == 1


def test_replace_rewrites_a_document_and_its_search_entry(store):
    doc = _hand_made()
    store.add(doc)
    doc.events = []
    doc.title = "Ministers sign river treaty"
    assert store.add(doc, replace=True) is True
    assert len(store) == 1
    assert store.get(doc.doc_id).events == []
    assert store.stats()["tables"]["events"] == 0
    assert [h.doc_id for h in store.search("sign")] == [doc.doc_id]
    assert store.search("agree") == []  # the old title left the index with its row


def test_an_edited_article_is_one_document_and_replace_replaces_it(store):
    first = _hand_made()
    first.source.url = "https://wire.test/mekong-treaty"
    assert store.add(first) is True
    edited = _hand_made(title="Laos and Thailand sign Mekong treaty")
    edited.source.url = first.source.url
    edited.doc_id = "feedc0de000000e2"  # the edit changed the text, so the content id
    assert store.add(edited) is False  # the same article as published: not a second document
    assert [d.doc_id for d in store.iter_documents()] == [first.doc_id]
    assert store.add(edited, replace=True) is True
    assert [d.doc_id for d in store.iter_documents()] == [edited.doc_id]
    assert store.stats()["tables"]["events"] == 1  # its events count once


def test_a_record_id_in_the_same_file_is_the_same_article(store):
    first = _hand_made()
    first.source.id = "17"
    store.add(first)
    again = _hand_made()
    again.source.id, again.doc_id = "17", "feedc0de000000e3"
    assert store.add(again) is False
    elsewhere = _hand_made()
    elsewhere.source.id, elsewhere.source.path, elsewhere.doc_id = "17", "other/file.jsonl", "feedc0de000000e4"
    assert store.add(elsewhere) is True  # record 17 of another file is another article
    assert len(store) == 2


def test_a_nul_in_metadata_is_dropped_not_fatal(store):
    doc = _hand_made()
    doc.source.authors = ["A.\x00 Writer"]
    doc.source.url = "https://wire.test/a\x00b"
    assert store.add(doc) is True  # PostgreSQL takes no NUL in text or JSON
    back = store.get(doc.doc_id)
    assert back.source.authors == ["A. Writer"] and back.source.url == "https://wire.test/ab"


def test_search_finds_words_phrases_prefixes_and_survives_punctuation(store):
    store.add(_hand_made())
    other = _hand_made(title="Harbour strike ends")
    other.doc_id = "feedc0de00000002"
    other.text = "Dock workers in Rotterdam ended a strike on Friday."
    other.entities, other.places, other.times, other.quantities, other.quotes, other.events = [], [], [], [], [], []
    store.add(other)
    [hit] = store.search("Mekong")
    assert hit.doc_id == "feedc0de00000001" and "[Mekong]" in hit.snippet
    assert [h.doc_id for h in store.search('"dock workers"')] == ["feedc0de00000002"]
    assert [h.doc_id for h in store.search("Rotter*")] == ["feedc0de00000002"]
    assert {h.doc_id for h in store.search("Mekong OR Rotterdam")} == {"feedc0de00000001", "feedc0de00000002"}
    assert store.search("Mekong Rotterdam") == []  # words are ANDed
    for awkward in ('"unbalanced', "Lao-Thai:", "NOT", "-", "AND OR (", "*"):
        store.search(awkward)  # never an FTS syntax error
    assert store.search("   ") == []


def test_search_ignores_accents_on_both_stores(store):
    doc = _hand_made(title="Kopi di sebuah café")
    doc.text = "Warga Bogotá dan Kraków berkumpul di Café Zürich pada Senin."
    doc.entities, doc.places, doc.times, doc.quantities, doc.quotes, doc.events = [], [], [], [], [], []
    store.add(doc)
    for query in ("café", "cafe", "CAFE", "bogota", "Bogotá", "krakow", "zurich", "ZÜRICH"):
        assert [h.doc_id for h in store.search(query)] == [doc.doc_id], query
    assert store.search("cafeteria") == []


@pytest.mark.postgres
def test_an_older_postgresql_search_index_is_rebuilt_folded():
    if not POSTGRES:
        pytest.skip("set WARTA_TEST_POSTGRES to a postgresql:// URL to test the PostgreSQL store")
    import psycopg

    doc = _hand_made()
    doc.text = "A café in Bogotá."
    with _postgres_schema() as url:
        with open_store(url) as store:
            store.add(doc)
        with psycopg.connect(url, autocommit=True) as conn:  # the index as warta.store/3 first defined it
            conn.execute("DROP INDEX documents_fts")
            conn.execute("ALTER TABLE documents DROP COLUMN fts")
            conn.execute("ALTER TABLE documents ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
                         "to_tsvector('simple', coalesce(text, ''))) STORED")
            conn.execute("DELETE FROM warta_meta WHERE key = 'search'")
        with pytest.raises(StoreError, match="warta upgrade"):
            open_store(url, read_only=True)
        with open_store(url) as store:  # any write opening (or `warta upgrade`) rebuilds it
            assert [h.doc_id for h in store.search("cafe bogota")] == [doc.doc_id]
        with open_store(url, read_only=True) as store:
            assert [h.doc_id for h in store.search("café")] == [doc.doc_id]


def test_stats_counts_tables_languages_outlets_and_event_types(store):
    store.add(_hand_made())
    figures = store.stats()
    assert figures["tables"]["documents"] == 1
    assert figures["tables"]["mentions"] == 3
    assert figures["languages"] == {"en": 1}
    assert figures["outlets"] == {"Test Wire": 1}
    assert figures["event_types"] == {"AGREE": 1}


def test_get_unknown_and_resolve_prefixes(store):
    doc = _hand_made()
    store.add(doc)
    assert store.resolve("feedc0de00000001") == "feedc0de00000001"
    assert store.resolve("feedc0de0") == "feedc0de00000001"
    with pytest.raises(DocumentNotFound):
        store.get("0000000000000000")
    with pytest.raises(DocumentNotFound):
        store.resolve("fe")  # too short to be a prefix
    second = _hand_made()
    second.doc_id = "feedc0de00000002"
    store.add(second)
    with pytest.raises(DocumentNotFound, match="more than one"):
        store.resolve("feedc0de")


def test_a_failure_mid_document_leaves_nothing_of_it(store, monkeypatch):
    doc = _hand_made()
    real = store.dialect.insert_rows

    def failing(table):
        if table.name == "events":
            raise KeyboardInterrupt  # a crash after the document row and most child rows were written
        return real(table)

    monkeypatch.setattr(store.dialect, "insert_rows", failing)
    with pytest.raises(KeyboardInterrupt):
        store.add(doc)
    monkeypatch.undo()
    assert len(store) == 0
    assert all(n == 0 for n in store.stats()["tables"].values())
    assert store.add(doc) is True  # and the store goes on working
    assert store.get(doc.doc_id).to_dict() == doc.to_dict()


def test_a_record_with_new_fields_reads_back_and_a_broken_one_is_a_store_error(tmp_path):
    db = tmp_path / "odd.db"
    with open_store(db) as store:
        store.add(_hand_made())
    with sqlite3.connect(db) as conn:  # as if written by a later version with a new field
        conn.execute("""UPDATE documents SET record = json_set(record, '$.events[0].novelty', 1)""")
    with open_store(db) as store:
        assert store.get("feedc0de00000001").events[0].type == "AGREE"  # extra fields are allowed
    with sqlite3.connect(db) as conn:  # a record that lost a required part
        conn.execute("""UPDATE documents SET record = json_remove(record, '$.events[0].trigger')""")
    with open_store(db) as store:
        with pytest.raises(StoreError, match="cannot be read back") as caught:
            store.get("feedc0de00000001")
        assert str(caught.value).startswith("feedc0de00000001: ")
        with pytest.raises(StoreError, match="cannot be read back"):
            list(store.iter_documents())
        assert store.search("Mekong")  # the rest of the store still answers


def test_open_store_refuses_what_it_cannot_use(tmp_path):
    with pytest.raises(StoreError, match="connection") as caught:
        open_store("postgresql://warta:s3cret@127.0.0.1:9/warta")  # nothing listens on port 9
    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith("postgresql://warta:***@127.0.0.1:9/warta: ")
    with pytest.raises(StoreError, match="unknown kind of store"):
        open_store("mysql://localhost/warta")
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "folder.db")
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError) as caught:
        open_store(not_a_db)
    assert str(not_a_db) in str(caught.value) and "\n" not in str(caught.value)


def test_sqlite_url_and_memory_stores(tmp_path):
    with open_store(f"sqlite:///{tmp_path}/url.db") as store:
        assert isinstance(store, SQLiteStore)
        store.add(_hand_made())
    assert (tmp_path / "url.db").exists()
    with open_store(tmp_path / "url.db", create=False) as store:
        assert len(store) == 1
    with open_store(":memory:") as store:
        assert len(store) == 0


@pytest.mark.postgres
def test_postgresql_url_opens_a_postgres_store():
    if not POSTGRES:
        pytest.skip("set WARTA_TEST_POSTGRES to a postgresql:// URL to test the PostgreSQL store")
    with _postgres_schema() as url, open_store(url) as store:
        assert isinstance(store, PostgresStore)
        store.add(_hand_made())
        assert store.stats()["tables"]["mentions"] == 3


def test_a_store_of_another_layout_is_refused(tmp_path):
    db = tmp_path / "old.db"
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE warta_meta SET value = 'warta.store/0' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="layout"):
        open_store(db)


def test_real_documents_round_trip(store, dev_docs, seed_doc):
    docs = [seed_doc, *dev_docs.values()]
    for doc in docs:
        assert store.add(doc)
    assert len(store) == len({d.doc_id for d in docs}) == 12
    for doc in docs:
        assert store.get(doc.doc_id).to_dict() == doc.to_dict()
    assert [d.doc_id for d in store.iter_documents()] == [d.doc_id for d in docs]
    counts = store.stats()["tables"]
    for table in ("entities", "places", "times", "quantities", "quotes", "events"):
        assert counts[table] == sum(len(getattr(d, table)) for d in docs), table
    assert counts["mentions"] == sum(len(x.mentions) for d in docs for x in (*d.entities, *d.places))


# -- the batch loop -------------------------------------------------------------------------

def test_ingest_twice_stores_once(tmp_path, dev_path, seed_path):
    with open_store(tmp_path / "b.db") as store:
        first = [o.status for o in ingest([seed_path, dev_path], store, options=CHEAP)]
        assert first == ["stored"] * 12
        second = [o.status for o in ingest([dev_path, seed_path], store, options=CHEAP)]
        assert second == ["skipped"] * 12
        assert len(store) == 12


def test_crash_mid_batch_then_rerun_stores_the_rest_without_duplicates(tmp_path, dev_path, monkeypatch):
    db = tmp_path / "crash.db"
    calls = {"n": 0}
    real_add = SQLiteStore.add

    class Crash:
        def __iter__(self):
            raise KeyboardInterrupt

    def crashing_add(self, doc, **kw):
        calls["n"] += 1
        if calls["n"] == 5:
            # Die inside the fifth document's transaction, after its document row is written
            # (the child tables are written next).
            monkeypatch.setattr("warta.store.base.TABLES", Crash())
        return real_add(self, doc, **kw)

    monkeypatch.setattr(SQLiteStore, "add", crashing_add)
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        for _ in ingest([dev_path], store, options=CHEAP):
            pass
    monkeypatch.undo()

    with open_store(db) as store:
        assert len(store) == 4  # four whole documents, nothing of the fifth
        rerun = [o.status for o in ingest([dev_path], store, options=CHEAP)]
        assert rerun == ["skipped"] * 4 + ["stored"] * 7
        ids = [d.doc_id for d in store.iter_documents()]
        assert len(ids) == len(set(ids)) == 11
        assert {d.source.id for d in store.iter_documents()} == {
            json.loads(line)["id"] for line in dev_path.read_text(encoding="utf-8").splitlines() if line.strip()
        }


def test_a_bug_in_one_article_is_one_failed_outcome(tmp_path, dev_path, stage_bug):
    stage_bug(":3", KeyError("no such key"), stage="clean")
    with open_store(tmp_path / "bug.db") as store:
        outcomes = list(ingest([dev_path], store, options=CHEAP))
        failed = [o for o in outcomes if o.status == "failed"]
        assert len(failed) == 1 and failed[0].origin.endswith(":3")
        assert str(failed[0].error).startswith(f"{dev_path}:3: unexpected KeyError at warta/")
        assert len(store) == 10


# -- filtered reads (what the API lists) ------------------------------------------------------

def _expected_events(docs, keep) -> list[tuple[str, str]]:
    return sorted((d.doc_id, e.id) for d in docs for e in d.events if keep(d, e))


def _listed(page) -> list[tuple[str, str]]:
    return sorted((item["doc_id"], item["event"]["id"]) for item in page.items)


def test_filtered_reads_agree_with_the_records(store, dev_docs, seed_doc):
    from warta.store import EventFilter

    docs = [seed_doc, *dev_docs.values()]
    for doc in docs:
        store.add(doc)
    every = store.events(limit=500)
    assert every.total == sum(len(d.events) for d in docs) == len(every.items)
    # Newest first by the event's own day where it names one, else the publication day; undated last.
    dates = [item["date"] for item in every.items]
    dated = [d for d in dates if d is not None]
    assert dates == sorted(dated, reverse=True) + [None] * (len(dates) - len(dated)) and dated
    oldest = store.events(newest_first=False, limit=500)
    assert [i["date"] for i in oldest.items] == sorted(dated) + [None] * (len(dates) - len(dated))

    assault_by_russia = store.events(EventFilter(type="ASSAULT", actor1_country="RUS"), limit=500)
    assert _listed(assault_by_russia) == _expected_events(
        docs, lambda d, e: e.type == "ASSAULT" and e.actor1 is not None and e.actor1.country == "RUS")
    assert assault_by_russia.total > 0

    places = {(d.doc_id, p.id): p for d in docs for p in d.places}
    box = (100.0, -11.0, 141.0, 6.0)  # Indonesia's bounding box

    def in_box(d, e):
        place = places.get((d.doc_id, e.place))
        return place is not None and place.lat is not None and box[1] <= place.lat <= box[3] \
            and box[0] <= place.lon <= box[2]

    boxed = store.events(EventFilter(bbox=box), limit=500)
    assert _listed(boxed) == _expected_events(docs, in_box) and boxed.total > 0

    # The map's places: every event with coordinates counted once, at a place of that name.
    located = [(d, e) for d in docs for e in d.events if (d.doc_id, e.place) in places
               and places[(d.doc_id, e.place)].lat is not None]
    points = store.event_places()
    assert sum(p["count"] for p in points) == len(located) > 0
    at = {}
    for place in places.values():
        at.setdefault((place.lat, place.lon), set()).add(place.name)
    assert all(p["name"] in at[(p["lat"], p["lon"])] for p in points)
    assert all(sum(p["types"].values()) == p["count"] for p in points)

    june = store.events(EventFilter(since="2025-06-10", until="2025-06-19"), limit=500)
    assert june.total > 0 and all("2025-06-10" <= item["date"] <= "2025-06-19" for item in june.items)

    asserted_assaults = store.events(EventFilter(type="ASSAULT", certainty="asserted"), limit=500)
    assert _listed(asserted_assaults) == _expected_events(
        docs, lambda d, e: e.type == "ASSAULT" and e.certainty == "asserted") and asserted_assaults.total > 0

    page = store.events(limit=7, offset=7)
    assert [(i["doc_id"], i["event"]["id"]) for i in page.items] == \
        [(i["doc_id"], i["event"]["id"]) for i in every.items[7:14]]

    found = store.documents(query="Pyongyang")
    assert {d["doc_id"] for d in found.items} == {hit.doc_id for hit in store.search("Pyongyang", limit=50)}
    assert store.documents(lang="en").total == sum(d.lang == "en" for d in docs)
    assert store.documents(query="!!").total == 0
    listed = [d["published"] for d in store.documents(limit=500).items]
    assert None in listed and listed == sorted((p for p in listed if p), reverse=True) + [None] * listed.count(None)
    assert store.entities(query="%").total == 0 and store.entities(query="_").total == 0

    russia = store.entities(country="RUS", limit=500)
    assert russia.total > 0 and all(item["country"] == "RUS" for item in russia.items)
    top = russia.items[0]
    detail = store.entity(top["key"])
    assert detail["document_count"] == top["documents"] == len(detail["documents"])
    # Its events: those in which one of its per-document entities is the actor or the recipient.
    own = {(d.doc_id, e.id) for d in docs for e in d.entities if (e.kb_id or f"name:{e.name}") == top["key"]}
    assert _listed(store.events(EventFilter(entity=top["key"]), limit=500)) == _expected_events(
        docs, lambda d, e: any((d.doc_id, a.entity) in own for a in (e.actor1, e.actor2) if a is not None))
    assert len(detail["events"]) == min(50, store.events(EventFilter(entity=top["key"])).total) > 0


def test_reading_changes_nothing_and_refuses_what_is_no_warta_store(tmp_path, seed_doc):
    from typer.testing import CliRunner

    from warta.cli import app as cli

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    before = other.read_bytes()
    for command in (["stats"], ["search", "x"], ["export"], ["show", "feedc0de"], ["serve"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(other)])
        assert result.exit_code == 1 and result.output.strip().endswith("not a warta store (no warta_meta table)")
    assert other.read_bytes() == before
    assert _rows(other, "SELECT name FROM sqlite_master") == [("notes",)]
    assert _rows(other, "PRAGMA journal_mode") == [("delete",)]

    db = tmp_path / "w.db"
    with open_store(db) as store:
        store.add(seed_doc)
    with open_store(db, read_only=True) as store:
        assert len(store) == 1 and store.get(seed_doc.doc_id).doc_id == seed_doc.doc_id
        with pytest.raises(StoreError, match="read-only"):
            store.add(_hand_made())


def test_a_store_of_the_previous_layout_is_upgraded_in_place(tmp_path, dev_docs):
    db = tmp_path / "old.db"
    with open_store(db) as store:
        for doc in dev_docs.values():
            store.add(doc)
    added = "SELECT doc_id, seq, date, lat, lon FROM events ORDER BY doc_id, seq"
    before = _rows(db, added)
    dates = [(doc_id, seq, day) for doc_id, seq, day, _lat, _lon in before]
    assert any(d for *_key, d in dates) and any(lat is not None for *_key, lat, _lon in before)
    # What warta.store/1 wrote: no date column, none of its indexes, no stories.
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE story_bands")
        conn.execute("DROP TABLE stories")
        names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%'")
        for (name,) in names.fetchall():
            conn.execute(f'DROP INDEX "{name}"')
        for column in ("date", "lat", "lon"):
            conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
        conn.execute("UPDATE warta_meta SET value = 'warta.store/1' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="upgrades it"):
        open_store(db, read_only=True)
    with open_store(db) as store:
        assert store.events(limit=1).items[0]["date"] == max(d for *_key, d in dates if d)
    assert _rows(db, added) == before
    assert _rows(db, "SELECT value FROM warta_meta WHERE key = 'schema'") == [("warta.store/3",)]
    assert _rows(db, "SELECT count(*) FROM stories") == [(len(dev_docs),)]


def test_pages_past_the_counted_total_are_still_served(store, dev_docs, monkeypatch):
    import warta.store.base as base

    for doc in dev_docs.values():
        store.add(doc)
    every = store.events(limit=500).items
    monkeypatch.setattr(base, "COUNT_CAP", 10)
    page = store.events(limit=5, offset=20)
    assert not page.total_exact and page.total == 25
    assert [(i["doc_id"], i["event"]["id"]) for i in page.items] == \
        [(i["doc_id"], i["event"]["id"]) for i in every[20:25]]


def test_first_openings_of_a_postgresql_store_at_once_all_succeed():
    """Three workers starting on an empty PostgreSQL schema at the same moment: none dies on schema creation."""
    if not POSTGRES:
        pytest.skip("set WARTA_TEST_POSTGRES to a postgresql:// URL to test the PostgreSQL store")
    from concurrent.futures import ThreadPoolExecutor

    def open_and_add(url: str, number: int) -> int:
        with open_store(url) as store:
            doc = _hand_made()
            doc.doc_id = f"{doc.doc_id[:-2]}{number:02d}"
            doc.source.url = f"https://example.org/berita/{number}"  # three articles, not versions of one
            store.add(doc)
            return len(store)

    with _postgres_schema() as url, ThreadPoolExecutor(3) as pool:
        counts = list(pool.map(lambda n: open_and_add(url, n), range(3)))
        with open_store(url, read_only=True) as store:
            assert len(store) == 3 and max(counts) == 3


def test_copies_stored_at_once_by_several_postgresql_writers_are_one_story():
    if not POSTGRES:
        pytest.skip("set WARTA_TEST_POSTGRES to a postgresql:// URL to test the PostgreSQL store")
    from concurrent.futures import ThreadPoolExecutor

    body = " ".join(f"Kalimat berita nomor {n} tentang banjir besar di Kota Semarang pada hari Senin." for n in range(30))

    def add_copies(url: str, writer: int) -> None:
        with open_store(url) as store:
            for n in range(4):
                doc = _hand_made()
                doc.doc_id = f"{writer:02d}{n:02d}" + doc.doc_id[4:]
                doc.text, doc.entities, doc.places, doc.events = body, [], [], []
                doc.times, doc.quantities, doc.quotes, doc.sentences = [], [], [], []
                doc.source.url = f"https://example.org/{writer}/{n}"
                store.add(doc)

    with _postgres_schema() as url:
        open_store(url).close()  # the tables first, as a deployment would have them
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda w: add_copies(url, w), range(3)))
        with open_store(url, read_only=True) as store:
            stories = {s.story.story_id for s in store.iter_stored() if s.story}
            assert len(store) == 12 and len(stories) == 1

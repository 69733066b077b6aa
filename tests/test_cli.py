"""The warta command line, driven through Typer's CliRunner on real articles and a real SQLite file."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import ROOT, shared_path
from warta.cli import app

runner = CliRunner()

# A small corpus written for these tests: batch mechanics need articles, not long ones.
TINY = [
    {"id": f"tiny-{n}", "title": title, "text": text, "outlet": "Test Wire"}
    for n, (title, text) in enumerate([
        ("Ferry service resumes", "The ferry between the two islands resumed on Monday after a week of storms."),
        ("Menteri bertemu mitra", "Menteri Luar Negeri bertemu mitranya di Jakarta pada Selasa untuk membahas dagang."),
        ("Talks end without a deal", "Negotiators from both unions left the talks on Wednesday without an agreement."),
        ("Harga beras naik", "Harga beras di pasar tradisional naik sekitar 5 persen dalam sepekan terakhir."),
        ("Bridge reopens", "The old bridge over the river reopened to traffic after repairs costing $2 million."),
        ("Banjir surut", "Banjir di tiga desa mulai surut pada Kamis, dan ratusan warga kembali ke rumah."),
    ], 1)
]


@pytest.fixture
def tiny_corpus(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in TINY), encoding="utf-8")
    return path


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(shared_path("spec", "document.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _problems(validator: Draft202012Validator, record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]


def _offsets_hold(record: dict) -> None:
    text = record["text"]
    spans = [m for key in ("entities", "places") for x in record[key] for m in x["mentions"]]
    spans += record["times"] + record["quantities"] + record["quotes"]
    spans += [e[k] for e in record["events"] for k in ("trigger", "sentence")]
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"], span


# -- extract ---------------------------------------------------------------------------------

def test_extract_seed_as_json_is_a_valid_record(seed_path, validator):
    result = run("extract", seed_path, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert _problems(validator, record) == []
    assert record["source"]["path"].endswith("tvonenews-korut-rusia.txt")
    assert record["title"].startswith("Dukung Rusia di Ukraina")
    assert record["lang"] == "id"
    _offsets_hold(record)


def test_extract_dev_as_jsonl_gives_one_valid_record_per_article(dev_path, dev_records, validator):
    result = run("extract", dev_path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(dev_records) == 11
    for line, given in zip(lines, dev_records, strict=True):
        record = json.loads(line)
        assert _problems(validator, record) == [], given["id"]
        assert record["source"]["id"] == given["id"]
        _offsets_hold(record)


def test_extract_json_of_several_articles_is_one_array(seed_path, tiny_corpus):
    result = run("extract", seed_path, tiny_corpus)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 1 + len(TINY)
    assert len({r["doc_id"] for r in records}) == len(records)


def test_extract_table_summarises_each_article(seed_path, tiny_corpus):
    result = run("extract", seed_path, tiny_corpus, "--format", "table")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Dukung Rusia di Ukraina" in out and TINY[0]["title"] in out
    assert out.count("doc_id") == 1 + len(TINY)
    for name in ("entities", "places", "times", "quantities", "quotes", "events"):
        assert len(re.findall(rf"{name} \d+", out)) == 1 + len(TINY), name


def test_extract_options_reach_the_pipeline(tmp_path):
    article = tmp_path / "note.txt"
    article.write_text("Ministers meet\nThe ministers of two countries met in a hotel to talk about trade.\n")
    result = run("extract", article, "--lang", "en", "--published", "2025-10-06")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["lang"] == "en"
    assert record["published"] is not None and "2025" in record["published"]


def test_extract_refuses_an_unknown_format(seed_path):
    result = run("extract", seed_path, "--format", "xml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# -- ingest, show, stats, search -----------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory, seed_path, dev_path):
    """A store with the seed and the dev articles, ingested once for the module."""
    path = tmp_path_factory.mktemp("store") / "warta.db"
    result = run("ingest", seed_path, dev_path, "--db", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no progress display when stderr is not a terminal
    assert "12 read, 12 stored, 0 skipped as duplicate, 0 failed" in result.stdout
    return path


def test_ingest_twice_stores_once(db, seed_path, dev_path):
    again = run("ingest", dev_path, seed_path, "--db", db)
    assert again.exit_code == 0, again.stderr
    assert "12 read, 0 stored, 12 skipped as duplicate, 0 failed" in again.stdout
    figures = json.loads(run("stats", "--db", db, "--format", "json").stdout)
    assert figures["tables"]["documents"] == 12


def test_show_prints_the_stored_record(db, seed_path, validator):
    record = json.loads(run("extract", seed_path, "--format", "json").stdout)
    shown = run("show", record["doc_id"], "--db", db)
    assert shown.exit_code == 0, shown.stderr
    stored = json.loads(shown.stdout)
    assert stored == record
    assert _problems(validator, stored) == []
    by_prefix = run("show", record["doc_id"][:6], "--db", db, "--format", "table")
    assert by_prefix.exit_code == 0, by_prefix.stderr
    assert "Dukung Rusia di Ukraina" in by_prefix.stdout


def test_show_unknown_id_is_one_line(db):
    result = run("show", "0123456789abcdef", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == "warta: 0123456789abcdef: no such document in the store\n"


def test_stats_counts_what_was_stored(db, dev_records):
    result = run("stats", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["tables"]["documents"] == 12
    assert sum(figures["languages"].values()) == 12
    assert figures["languages"]["en"] == sum(1 for r in dev_records if "_en_" in r["id"])
    outlets = {r["outlet"] for r in dev_records}
    assert outlets <= set(figures["outlets"])
    table = run("stats", "--db", db)
    assert table.exit_code == 0
    assert "documents" in table.stdout and "languages" not in table.stderr


def test_search_finds_a_word_of_the_seed(db, seed_path):
    seed_id = json.loads(run("extract", seed_path).stdout)["doc_id"]
    result = run("search", "Zinberg", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [h["doc_id"] for h in hits] == [seed_id]
    assert "[Zinberg]" in hits[0]["snippet"]
    table = run("search", "Pyongyang", "--db", db, "--limit", "3")
    assert table.exit_code == 0 and seed_id in table.stdout
    nothing = run("search", "zzzqqxx", "--db", db)
    assert nothing.exit_code == 0 and "no document matches" in nothing.stderr


def test_read_commands_do_not_create_a_store(tmp_path):
    missing = tmp_path / "none.db"
    for args in (("stats",), ("search", "kata"), ("show", "abcd1234")):
        result = run(*args, "--db", missing)
        assert result.exit_code == 1
        assert result.stderr == f"warta: {missing}: no store here (run `warta ingest` first)\n"
    assert not missing.exists()


def test_an_unreachable_postgresql_store_is_one_line(tmp_path, seed_path):
    result = run("ingest", seed_path, "--db", "postgresql://u:pw@127.0.0.1:9/warta")  # nothing on port 9
    assert result.exit_code == 1
    assert result.stderr.startswith("warta: postgresql://u:***@127.0.0.1:9/warta: connection failed")
    assert result.stderr.count("\n") == 1 and "pw" not in result.stderr


# -- failures in a batch ---------------------------------------------------------------------------

def test_bad_input_in_a_batch_is_one_line_and_the_rest_is_stored(tmp_path, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    db = tmp_path / "bad.db"
    result = run("ingest", empty, seed_path, "--db", db)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"warta: {empty}: ")
    assert "Traceback" not in result.output
    assert "2 read, 1 stored, 0 skipped as duplicate, 1 failed" in result.stdout
    assert json.loads(run("stats", "--db", db, "--format", "json").stdout)["tables"]["documents"] == 1


def test_extract_goes_on_past_a_bad_input(tmp_path, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = run("extract", empty, seed_path, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.startswith(f"warta: {empty}: ") and result.stderr.count("\n") == 1


def test_a_missing_file_is_one_line(tmp_path, seed_path):
    missing = tmp_path / "gone.txt"
    result = run("ingest", missing, seed_path, "--db", tmp_path / "m.db")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"warta: {missing}: ")
    assert "1 stored" in result.stdout


def test_an_unexpected_exception_in_one_article_is_one_line(tmp_path, tiny_corpus, monkeypatch, stage_bug):
    import warta

    stage_bug(":2", ZeroDivisionError("division by zero"))
    db = tmp_path / "bug.db"
    result = run("ingest", tiny_corpus, "--db", db)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"warta: {tiny_corpus}:2: unexpected ZeroDivisionError at warta/")
    assert line.endswith(": division by zero")
    assert "Traceback" not in result.output
    assert "6 read, 5 stored, 0 skipped as duplicate, 1 failed" in result.stdout
    monkeypatch.undo()
    warta._pipeline.cache_clear()  # the pipelines built with the bug
    rerun = run("ingest", tiny_corpus, "--db", db)  # the re-run stores the one that failed, nothing twice
    assert rerun.exit_code == 0, rerun.stderr
    assert "6 read, 1 stored, 5 skipped as duplicate, 0 failed" in rerun.stdout


def test_an_interrupted_ingest_resumes_without_duplicates(tmp_path, tiny_corpus, monkeypatch):
    from warta.store import SQLiteStore

    real_add = SQLiteStore.add
    calls = {"n": 0}

    def interrupted(self, doc, **kw):
        calls["n"] += 1
        if calls["n"] > 4:
            raise KeyboardInterrupt  # Ctrl-C, or the process dying, after four documents
        return real_add(self, doc, **kw)

    monkeypatch.setattr(SQLiteStore, "add", interrupted)
    db = tmp_path / "resume.db"
    result = run("ingest", tiny_corpus, "--db", db)
    assert result.exit_code == 130
    assert "4 read, 4 stored, 0 skipped as duplicate, 0 failed" in result.stdout  # the fifth: rolled back
    assert result.stderr == "warta: interrupted; run the same command again to store the rest\n"
    monkeypatch.undo()
    assert json.loads(run("stats", "--db", db, "--format", "json").stdout)["tables"]["documents"] == 4
    rerun = run("ingest", tiny_corpus, "--db", db)
    assert rerun.exit_code == 0, rerun.stderr
    assert "6 read, 2 stored, 4 skipped as duplicate, 0 failed" in rerun.stdout
    ids = [json.loads(line)["doc_id"] for line in run("extract", tiny_corpus, "--format", "jsonl").stdout.splitlines()]
    for doc_id in ids:  # every article stored, each once
        assert run("show", doc_id, "--db", db).exit_code == 0
    assert json.loads(run("stats", "--db", db, "--format", "json").stdout)["tables"]["documents"] == len(set(ids)) == 6


@pytest.mark.postgres
def test_ingest_show_search_on_postgresql(tiny_corpus):
    from test_store import POSTGRES, _postgres_schema

    if not POSTGRES:
        pytest.skip("set WARTA_TEST_POSTGRES to a postgresql:// URL to test the PostgreSQL store")
    with _postgres_schema() as url:
        first = run("ingest", tiny_corpus, "--db", url)
        assert first.exit_code == 0, first.stderr
        assert "6 read, 6 stored" in first.stdout
        assert "6 read, 0 stored, 6 skipped" in run("ingest", tiny_corpus, "--db", url).stdout
        hits = json.loads(run("search", "ferry", "--db", url, "--format", "json").stdout)
        assert [h["title"] for h in hits] == ["Ferry service resumes"]
        shown = json.loads(run("show", hits[0]["doc_id"], "--db", url).stdout)
        assert shown["source"]["id"] == "tiny-1"
        assert json.loads(run("stats", "--db", url, "--format", "json").stdout)["tables"]["documents"] == 6


def test_the_examples_folder_ingests_cleanly(tmp_path):
    """What `make run` does first: every sample article read, processed and stored."""
    examples = ROOT / "examples"
    db = tmp_path / "examples.db"
    result = run("ingest", examples, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "5 read, 5 stored, 0 skipped as duplicate, 0 failed" in result.stdout
    figures = json.loads(run("stats", "--db", db, "--format", "json").stdout)
    assert figures["languages"] == {"en": 3, "id": 2}
    assert {"Global Desk", "kabardunia.id"} <= set(figures["outlets"])
    hits = json.loads(run("search", "El Fasher", "--db", db, "--format", "json").stdout)
    assert [h["title"] for h in hits] == ["UN says 40,000 displaced as fighting spreads near El Fasher"]


def test_export_accounts_for_every_stored_event(db):
    """Each stored event is exported or counted among those left out, with the reason."""
    events = json.loads(run("stats", "--db", db, "--format", "json").stdout)["tables"]["events"]
    for export_format in ("plover", "gdelt"):
        result = run("export", "--db", db, "--format", export_format)
        assert result.exit_code == 0, result.stderr
        written = len(result.stdout.splitlines())
        summary = re.fullmatch(r"export: (\d+) events written(?:; left out: (.*))?\n", result.stderr)
        assert summary and int(summary[1]) == written > 0
        left_out = sum(int(part.split()[0]) for part in (summary[2] or "").split(", ") if part)
        assert written + left_out == events


def test_ingest_replace_reprocesses_without_duplicating(tmp_path, tiny_corpus):
    db = tmp_path / "replace.db"
    assert run("ingest", tiny_corpus, "--db", db).exit_code == 0
    again = run("ingest", tiny_corpus, "--db", db, "--replace")
    assert again.exit_code == 0, again.stderr
    assert "6 read, 6 stored, 0 skipped as duplicate, 0 failed" in again.stdout
    assert json.loads(run("stats", "--db", db, "--format", "json").stdout)["tables"]["documents"] == 6
    assert len(json.loads(run("search", "ferry", "--db", db, "--format", "json").stdout)) == 1


def test_upgrade_brings_an_older_store_to_this_layout(tmp_path, tiny_corpus):
    import sqlite3

    db = tmp_path / "old.db"
    assert run("ingest", tiny_corpus, "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:  # what warta.store/2 wrote: no stories
        conn.execute("DROP TABLE story_bands")
        conn.execute("DROP TABLE stories")
        conn.execute("UPDATE warta_meta SET value = 'warta.store/2' WHERE key = 'schema'")
    refused = run("stats", "--db", db)
    assert refused.exit_code == 1 and "warta upgrade --db STORE" in refused.stderr
    done = run("upgrade", "--db", db)
    assert done.exit_code == 0 and "warta.store/3 (6 documents)" in done.stdout
    assert json.loads(run("stats", "--db", db, "--format", "json").stdout)["tables"]["documents"] == 6

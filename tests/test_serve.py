"""warta serve: the REST API over a store filled from the seed and dev articles (FastAPI's test client)."""

from __future__ import annotations

import re
import time

import pytest
from typer.testing import CliRunner

from warta.cli import app as cli
from warta.store import open_store


@pytest.fixture(scope="session")
def client(served_db):
    from fastapi.testclient import TestClient

    from warta.serve import create_app

    with TestClient(create_app(served_db)) as test_client:
        yield test_client


def _error(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and "\n" not in body["error"]
    return body["error"]


def test_stats_and_documents(client, docs):
    stats = client.get("/api/stats").json()
    assert stats["tables"]["documents"] == len(docs)
    assert stats["tables"]["events"] == sum(len(d.events) for d in docs)
    listing = client.get("/api/documents", params={"lang": "id", "limit": 3}).json()
    assert listing["total"] == sum(d.lang == "id" for d in docs) and len(listing["items"]) == 3
    first = listing["items"][0]
    record = client.get(f"/api/documents/{first['doc_id']}").json()
    assert record["schema"] == "warta.document/1" and record["doc_id"] == first["doc_id"]
    assert first["events"] == len(record["events"])
    by_prefix = client.get(f"/api/documents/{first['doc_id'][:8]}").json()
    assert by_prefix["doc_id"] == first["doc_id"]


def test_events_filtered_and_paged(client, docs):
    params = {"type": "ASSAULT", "actor1_country": "RUS", "limit": 500}
    page = client.get("/api/events", params=params).json()
    expected = sorted((d.doc_id, e.id) for d in docs for e in d.events
                      if e.type == "ASSAULT" and e.actor1 is not None and e.actor1.country == "RUS")
    assert sorted((i["doc_id"], i["event"]["id"]) for i in page["items"]) == expected
    assert page["total"] == len(expected) > 0
    every = client.get("/api/events", params={"limit": 500}).json()["items"]
    second = client.get("/api/events", params={"limit": 10, "offset": 10}).json()["items"]
    assert second == every[10:20]
    oldest = client.get("/api/events", params={"sort": "date", "limit": 500}).json()["items"]
    dated = [i["date"] for i in oldest if i["date"]]
    assert dated == sorted(i["date"] for i in every if i["date"]) and all(i["date"] for i in oldest[:len(dated)])
    # A place box: every event listed happened inside it.
    boxed = client.get("/api/events", params={"bbox": "100,-11,141,6", "limit": 500}).json()["items"]
    assert boxed and all(-11 <= i["lat"] <= 6 and 100 <= i["lon"] <= 141 for i in boxed)


def test_entities_and_search(client):
    russia = client.get("/api/entities", params={"country": "RUS"}).json()["items"]
    assert russia and all(item["country"] == "RUS" for item in russia)
    detail = client.get(f"/api/entities/{russia[0]['key']}").json()
    assert detail["name"] == russia[0]["name"] and detail["documents"] and detail["aliases"]
    named = client.get("/api/entities", params={"q": "korea"}).json()["items"]
    assert named and all("korea" in item["name"].lower() for item in named)
    unnamed = next(i for i in client.get("/api/entities", params={"limit": 500}).json()["items"] if not i["kb_id"])
    assert client.get(f"/api/entities/{unnamed['key']}").json()["name"] == unnamed["name"]
    hits = client.get("/api/search", params={"q": "Pyongyang"}).json()
    assert hits and all(set(h) >= {"doc_id", "title", "snippet"} for h in hits)
    assert client.get("/api/search", params={"q": '"('}).json() == []


def test_exports_match_the_cli(client, served_db):
    plover = client.get("/api/export/plover")
    assert plover.status_code == 200 and plover.headers["content-type"].startswith("application/x-ndjson")
    runner = CliRunner()
    cli_lines = runner.invoke(cli, ["export", "--db", str(served_db)]).stdout.splitlines()
    assert plover.text.splitlines() == cli_lines
    gdelt = client.get("/api/export/gdelt").text
    assert gdelt == runner.invoke(cli, ["export", "--db", str(served_db), "--format", "gdelt"]).stdout


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/events", {"type": "BOMBING"}, 400),
    ("/api/events", {"since": "19 June 2025"}, 400),
    ("/api/events", {"bbox": "1,2,3"}, 400),
    ("/api/events", {"bbox": "0,80,10,70"}, 400),
    ("/api/events", {"limit": 100_000}, 400),
    ("/api/events", {"actor1_country": "russia"}, 400),
    ("/api/search", {"q": "x" * 501}, 400),
    ("/api/search", {}, 400),
    ("/api/documents/feedface00", {}, 404),
    ("/api/entities/name:Nobody Named This", {}, 404),
    ("/api/export/csv", {}, 400),
    ("/api/documents/%00", {}, 400),
    ("/api/documents", {"outlet": "\x00"}, 400),
    ("/api/nothing", {}, 404),
])
def test_bad_requests_get_one_json_line(client, path, params, status):
    _error(client.get(path, params=params), status)


def test_extract_only_when_allowed(client, served_db, tmp_path, httpserver):
    from fastapi.testclient import TestClient

    from warta.serve import ServeLimits, create_app

    article = {"title": "Penangkapan di Johor", "published": "2025-06-09",
               "text": "Polisi Malaysia menangkap dua warga Indonesia di Johor pada Senin (9/6/2025)."}
    assert client.post("/api/extract", json=article).status_code in (404, 405)
    secret = tmp_path / "secret.txt"
    secret.write_text("Rahasia yang tidak boleh terbaca oleh siapa pun.", encoding="utf-8")
    with TestClient(create_app(served_db, allow_extract=True, limits=ServeLimits(max_body_bytes=4096))) as allowed:
        record = allowed.post("/api/extract", json=article).json()
        assert record["title"] == article["title"] and record["published"].startswith("2025-06-09")
        assert [(e["type"], e["actor1"]["country"]) for e in record["events"]] == [("COERCE", "MYS")]
        # A path or URL sent as text is text: the server never reads or fetches it.
        assert allowed.post("/api/extract", json={"text": str(secret)}).json()["text"] == str(secret)
        httpserver.expect_request("/article").respond_with_data("<html><body><p>Fetched.</p></body></html>")
        assert allowed.post("/api/extract", json={"text": httpserver.url_for("/article")}).status_code == 200
        assert httpserver.log == []
        _error(allowed.post("/api/extract", json={"text": "x" * 5000}), 413)
        _error(allowed.post("/api/extract", content=b"[1, 2"), 400)
        _error(allowed.post("/api/extract", json={"text": "a", "html": "<p>a</p>"}), 400)
        _error(allowed.post("/api/extract", json={"text": "a", "path": "/etc/passwd"}), 400)
        _error(allowed.post("/api/extract", json={**article, "published": "2025-13-99"}), 400)
        _error(allowed.post("/api/extract", json={"html": "<html><body></body></html>"}), 422)
    with TestClient(create_app(served_db, allow_extract=True, limits=ServeLimits(extract_seconds=1e-6))) as hurried:
        _error(hurried.post("/api/extract", json=article), 504)
    assert store_unchanged(served_db)


def test_ingest_only_when_allowed_and_only_with_the_token(client, served_db, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from warta.errors import UsageError
    from warta.serve import ServeLimits, create_app

    article = {"title": "Demo di Surabaya", "published": "2025-06-10",
               "text": "Ribuan buruh berunjuk rasa menolak kenaikan tarif di Surabaya pada Selasa (10/6/2025)."}
    assert client.post("/api/ingest", json=article).status_code in (404, 405)
    with pytest.raises(UsageError, match="at least 16"):
        create_app(served_db, ingest_token="short")
    db = tmp_path / "copy.db"
    shutil.copy(served_db, db)
    token = "s3cret-token-of-some-length"
    with TestClient(create_app(db, ingest_token=token, limits=ServeLimits(max_body_bytes=4096))) as server:
        before = server.get("/api/stats").json()["tables"]["documents"]
        for headers in ({}, {"Authorization": "Bearer wrong-token-of-some-length"}, {"Authorization": token}):
            refused = server.post("/api/ingest", json=article, headers=headers)
            _error(refused, 401)
            assert refused.headers["www-authenticate"] == "Bearer"
        good = {"Authorization": f"Bearer {token}"}
        _error(server.post("/api/ingest", json={"text": "x" * 5000}, headers=good), 413)
        _error(server.post("/api/ingest", json={"html": "<html><body></body></html>"}, headers=good), 422)
        answer = server.post("/api/ingest", json=article, headers=good).json()
        assert answer["stored"] is True and answer["events"] >= 1
        again = server.post("/api/ingest", json=article, headers=good).json()
        assert again == {**answer, "stored": False}  # the same article is stored once
        # The read-only side sees it at once.
        assert server.get("/api/stats").json()["tables"]["documents"] == before + 1
        assert server.get(f"/api/documents/{answer['doc_id']}").json()["title"] == article["title"]
    with TestClient(create_app(db, ingest_token=token, limits=ServeLimits(extract_seconds=1e-6))) as hurried:
        late = {**article, "title": "Terlambat", "text": article["text"].replace("Surabaya", "Malang")}
        _error(hurried.post("/api/ingest", json=late, headers={"Authorization": f"Bearer {token}"}), 504)
    time.sleep(3)  # the request's thread finishes its work after the answer: it must not store
    with open_store(db, read_only=True) as stored:
        assert all(d.title != "Terlambat" for d in stored.iter_documents())
    assert store_unchanged(served_db)  # the server's own store was the copy


def test_serve_allow_ingest_needs_a_token_in_the_environment(served_db, monkeypatch):
    monkeypatch.delenv("WARTA_INGEST_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(served_db), "--allow-ingest"])
    assert result.exit_code != 0 and "WARTA_INGEST_TOKEN" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def store_unchanged(db) -> bool:
    with open_store(db, create=False) as store:
        return all(d.title != "Penangkapan di Johor" for d in store.iter_documents())


def test_serve_refuses_a_missing_store(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].endswith("no store here (run `warta ingest` first)")


# -- the dashboard (server-rendered) ---------------------------------------------------------

def _assets(html: str) -> list[str]:
    """Every URL the page itself loads (scripts, styles, images, fetches), not the links a user may follow."""
    found = re.findall(r'<(?:script|img|iframe|source)[^>]*\bsrc="([^"]+)"', html)
    found += re.findall(r'<link[^>]*\bhref="([^"]+)"', html)
    found += re.findall(r'fetch\("([^"]+)"', html)
    return found


def test_dashboard_pages_render_real_data_from_this_server_only(client, docs):
    event_doc = next(d for d in docs if d.events)
    pages = ["/", "/?type=ASSAULT", "/map", "/timeline", "/entities", f"/documents/{event_doc.doc_id}", "/docs"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assets = _assets(response.text)
        assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), (path, assets)
        for asset in assets:
            if asset.startswith("/static/"):
                assert client.get(asset).status_code == 200, asset
    home = client.get("/").text
    total = sum(len(d.events) for d in docs)
    assert f'<strong id="total">{total}</strong>' in home


def test_dashboard_filters_change_the_list(client, docs):
    every = client.get("/", headers={"HX-Request": "true"}).text
    assaults = client.get("/", params={"type": "ASSAULT"}, headers={"HX-Request": "true"}).text
    assert "<html" not in assaults  # htmx gets the results alone
    rows = re.findall(r'<tr data-type="([A-Z]+)">', assaults)
    assert rows and set(rows) == {"ASSAULT"} and set(re.findall(r'<tr data-type="([A-Z]+)">', every)) != {"ASSAULT"}
    expected = sum(e.type == "ASSAULT" for d in docs for e in d.events)
    assert f'<strong id="total">{expected}</strong>' in assaults


def test_article_view_highlights_the_record_characters(client, docs):
    doc = max(docs, key=lambda d: len(d.events))
    html = client.get(f"/documents/{doc.doc_id}").text
    pieces = re.findall(r'<span class="([^"]*)" data-start="(\d+)" data-end="(\d+)">(.*?)</span>', html, re.S)
    assert pieces
    import html as html_module

    for _classes, start, end, text in pieces:
        assert html_module.unescape(text) == doc.text[int(start):int(end)]
    triggers = {(int(s), int(e)) for c, s, e, _t in pieces if "k-trigger" in c}
    for event in doc.events:
        # Each trigger's characters are covered by highlighted trigger pieces, end to end.
        inside = sorted((s, e) for s, e in triggers if event.trigger.start <= s and e <= event.trigger.end)
        assert inside and inside[0][0] == event.trigger.start and inside[-1][1] == event.trigger.end
        assert f'id="{event.id}"' in html
    assert html.count('class="span-link"') == len(doc.events)


def test_entity_and_timeline_pages(client):
    key = client.get("/api/entities", params={"country": "PRK"}).json()["items"][0]["key"]
    page = client.get(f"/entities/{key}").text
    detail = client.get(f"/api/entities/{key}").json()
    assert detail["name"] in page and page.count("<li>") == len(detail["documents"])
    timeline = client.get("/timeline").text
    days = client.get("/api/events/timeline").json()
    assert len(re.findall(r'class="bar" ', timeline)) == len({row["date"] for row in days}) > 0


def test_serve_with_worker_processes(served_db, docs):
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "warta.cli", "serve", "--db", str(served_db), "--port", str(port),
                               "--workers", "2"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.3)
        assert stats["tables"]["documents"] == len(docs)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_lone_surrogate_in_an_article_is_a_record_not_a_crash(served_db):
    from fastapi.testclient import TestClient

    from warta.serve import create_app

    client = TestClient(create_app(served_db, allow_extract=True), raise_server_exceptions=False)
    answer = client.post("/api/extract", content='{"text": "Polisi menangkap \\ud800 12 orang di Jakarta.", '
                                                 '"title": "Judul \\udc00"}',
                         headers={"content-type": "application/json"})
    assert answer.status_code == 200 and "\ufffd" in answer.json()["text"] and answer.json()["title"] == "Judul \ufffd"

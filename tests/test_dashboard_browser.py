"""The dashboard in a real headless browser (Playwright driving Debian's chromium).

The server runs on loopback over a store filled from the seed and dev articles. Each
view must show real data, the filters must change what is listed, a clicked event must
outline exactly its trigger's characters, and no page may ask any host but the server
for anything. Screenshots of each view go to ``$WARTA_SCREENSHOTS`` (``docs/`` when
refreshing the README's) or a temporary folder. Skips with the reason where there is no
chromium (``.ci/run`` installs Debian's).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)


@pytest.fixture(scope="module")
def base_url(served_db):
    if CHROMIUM is None:
        pytest.skip("no chromium here (Debian's `chromium` package; .ci/run installs it)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    import uvicorn

    from warta.serve import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(served_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser_page(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.requested = requested
        yield page
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WARTA_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_events_view_and_its_filters(browser_page, base_url, docs, shots):
    page = browser_page
    page.goto(base_url + "/")
    total = sum(len(d.events) for d in docs)
    assert page.inner_text("#total") == str(total)
    assert page.locator("#events tbody tr").count() == min(total, 50)
    page.screenshot(path=shots / "dashboard-events.png", full_page=False)
    page.select_option("select[name=type]", "ASSAULT")
    expected = sum(e.type == "ASSAULT" for d in docs for e in d.events)
    page.wait_for_function(f"document.querySelector('#total').textContent == '{expected}'")
    types = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.type)")
    assert types and set(types) == {"ASSAULT"}
    assert "type=ASSAULT" in page.url  # the filtered list has its own address


def test_article_view_outlines_the_trigger(browser_page, base_url, docs, shots):
    page = browser_page
    doc = max(docs, key=lambda d: len(d.events))
    page.goto(f"{base_url}/documents/{doc.doc_id}")
    assert page.locator(".span-link").count() == len(doc.events)
    for event in doc.events[:5]:
        page.click(f"#{event.id} .span-link")
        outlined = page.eval_on_selector_all("#text .chosen", "els => els.map(e => e.textContent).join('')")
        assert outlined == doc.text[event.trigger.start:event.trigger.end] == event.trigger.text
    page.screenshot(path=shots / "dashboard-article.png", full_page=False)


def test_map_timeline_and_entity_views(browser_page, base_url, shots):
    page = browser_page
    places = page.request.get(base_url + "/api/events/places").json()
    page.goto(base_url + "/map")
    page.wait_for_function("window.wartaPlaces !== undefined")
    assert page.evaluate("window.wartaPlaces") == len(places) > 0
    # One circle per place, over the country outlines.
    assert page.locator("path.leaflet-interactive").count() >= len(places) + 100
    page.screenshot(path=shots / "dashboard-map.png", full_page=False)
    page.goto(base_url + "/timeline")
    days = {row["date"] for row in page.request.get(base_url + "/api/events/timeline").json()}
    assert page.locator("#timeline .bar").count() == len(days) > 0
    page.screenshot(path=shots / "dashboard-timeline.png", full_page=False)
    page.goto(base_url + "/entities")
    page.fill("input[name=q]", "korea")
    page.wait_for_function("[...document.querySelectorAll('#entities tbody tr')].length > 0 && "
                           "[...document.querySelectorAll('#entities tbody tr td:first-child')]"
                           ".every(td => td.textContent.toLowerCase().includes('korea'))")
    page.click("#entities tbody tr td a")
    assert page.locator("#entity-documents li").count() > 0
    page.screenshot(path=shots / "dashboard-entity.png", full_page=False)


def test_no_page_asked_another_host(browser_page, base_url):
    browser_page.goto(base_url + "/docs")
    browser_page.wait_for_selector(".swagger-ui .info")
    requested = browser_page.requested
    assert requested and all(url.startswith(base_url + "/") for url in requested), \
        [url for url in requested if not url.startswith(base_url + "/")]

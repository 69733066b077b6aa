"""Screenshots of the dashboard for the README, over the project's own sample articles.

    .venv/bin/python docs/screenshots.py       # needs chromium and playwright (make install)

Fills a temporary store from ``examples/`` (text the project wrote or may ship; never
``../shared``), serves it on loopback and saves one PNG per view next to this script.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from warta.options import Options
from warta.serve import create_app
from warta.store import ingest, open_store

HERE = Path(__file__).resolve().parent
PORT = 8766


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "examples.db"
        with open_store(db) as store:
            for _outcome in ingest([HERE.parent / "examples"], store, options=Options()):
                pass
            doc_id = max(store.iter_documents(), key=lambda d: len(d.events)).doc_id
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=PORT, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{PORT}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for name, path, ready in (("events", "/", "#events"), ("article", f"/documents/{doc_id}", "#text"),
                                      ("map", "/map", "path.leaflet-interactive"),
                                      ("timeline", "/timeline", "#timeline"), ("entities", "/entities", "#entities")):
                page.goto(base + path)
                page.wait_for_selector(ready)
                if name == "article":
                    page.click(".span-link")
                page.wait_for_timeout(300)
                page.screenshot(path=HERE / f"dashboard-{name}.png")
                print(f"docs/dashboard-{name}.png")
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()

"""Stories: precision and recall of warta's copy detection on pairs of articles checked by hand.

``bench/data/story_pairs.jsonl`` holds 125 pairs of indonews June 2025 articles (by URL, no
text), each marked by a reader as the same report or not (and whether the call was
borderline): the clusters warta's first rule formed, and the unclustered pairs with the most
text in common. This ingests the corpus into a fresh store (or reads ``--db``, a store of it)
and reports how often warta puts a pair in one story when it should, and only then.

Writes the figures into ``bench/results/stories.md`` (between the markers; the narrative
around them is kept).

    .venv/bin/python bench/stories.py [--db STORE] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "corpus" / "indonews-2025-06"
PAIRS = ROOT / "bench" / "data" / "story_pairs.jsonl"
RESULTS = ROOT / "bench" / "results" / "stories.md"
BEGIN, END = "<!-- figures: bench/stories.py -->", "<!-- end of figures -->"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    db = args.db
    if db is None:
        if not DATA.exists():
            sys.exit(f"{DATA} is not here: ../shared is needed")
        db = Path(tempfile.mkdtemp(prefix="warta-stories-")) / "stories.db"
        subprocess.run([str(ROOT / ".venv" / "bin" / "warta"), "ingest", *map(str, sorted(DATA.glob("*.csv"))),
                        "--db", str(db), "--jobs", str(args.jobs)], check=True, capture_output=True)
    sys.path.insert(0, str(ROOT / "src"))
    from warta.store import open_store

    began = time.perf_counter()
    with open_store(db, read_only=True) as store:
        story = {s.doc.source.url: (s.story.story_id if s.story else s.doc.doc_id) for s in store.iter_stored()}
        figures = store.stats()["stories"]
    seconds = time.perf_counter() - began
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    rows = []
    for name, chosen in (("borderline left out", [p for p in pairs if not p["borderline"]]), ("all pairs", pairs)):
        tp = sum(story[p["a"]] == story[p["b"]] and p["same_report"] for p in chosen)
        fp = sum(story[p["a"]] == story[p["b"]] and not p["same_report"] for p in chosen)
        fn = sum(story[p["a"]] != story[p["b"]] and p["same_report"] for p in chosen)
        rows.append(f"| {name} | {len(chosen)} | {tp / max(1, tp + fp):.2f} | {tp / max(1, tp + fn):.2f} | "
                    f"{tp} / {fp} / {fn} |")
    figures_text = "\n".join([
        BEGIN,
        "| pairs | n | precision | recall | same story right / wrong / missed |",
        "|---|---|---|---|---|",
        *rows,
        "",
        f"Stories of more than one document: {figures['with copies']} holding {figures['documents in them']} "
        f"documents (reading the store's {len(story):,} documents with their stories: {seconds:.1f} s).",
        END,
    ])
    text = RESULTS.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    RESULTS.write_text(text[:start] + figures_text + text[end:], encoding="utf-8")
    print(figures_text)


if __name__ == "__main__":
    main()

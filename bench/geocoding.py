"""Geocoding accuracy of the ``places`` stage on the seed and dev gold places, and its start-up.

Runs the pipeline up to ``places`` on the seed article and the dev articles, pairs each
gold place with the first predicted place that has one of its mentions (as the shared
scorer does), and reports:

- accuracy at 161 km (100 miles, the usual geoparsing measure): the share of gold places
  with coordinates whose predicted point lies within 161 km;
- country accuracy: the share of all gold places resolved to the gold ISO-3 country;
- both over the gold places found, and over all gold places (a miss counts as wrong);
- the stage's start-up: importing it and calling its factory in a fresh process.

Mordecai3 (Halterman 2023) reports 96.6 % of places resolved correctly on its
hand-labelled news evaluation set; a different corpus, so a point of reference only.
Writes ``bench/results/places.md``.

    .venv/bin/python bench/geocoding.py
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results" / "places.md"
STAGES = ("clean", "language", "sentences", "entities", "places")
MORDECAI3 = 96.6
KM = 161.0

STARTUP = """
import time
t0 = time.perf_counter()
from warta.options import Options
from warta.places import make_places
t1 = time.perf_counter()
make_places(Options())
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def fold(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def predictions() -> dict[str, dict]:
    """Record key -> the record, for the seed and every dev article."""
    sys.path.insert(0, str(ROOT / "src"))
    from warta import extract_all
    from warta.model import Document
    from warta.options import Options

    options = Options(stages=STAGES)
    out: dict[str, dict] = {}
    for source in (SHARED / "seed" / "tvonenews-korut-rusia.txt", SHARED / "corpus" / "dev" / "articles.jsonl"):
        for doc in extract_all(source, options=options):
            if isinstance(doc, Document):
                rec = doc.to_dict()
                key = rec["source"].get("id") or Path(rec["source"].get("path") or "").name
                out[key] = rec
    return out


def golds() -> list[dict]:
    files = [SHARED / "seed" / "tvonenews-korut-rusia.gold.json",
             *sorted((SHARED / "corpus" / "dev" / "gold").glob("*.gold.json"))]
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def evaluate(records: dict[str, dict], gold_files: list[dict]) -> dict:
    rows = []
    for gold in gold_files:
        preds = records.get(gold["input"], {}).get("places", [])
        for g in gold.get("places", []):
            names = {fold(m) for m in g["mentions"]}
            hit = next((p for p in preds
                        if any(fold(m["text"]) in names for m in p["mentions"]) or fold(p["name"]) in names), None)
            dist = None
            if hit and g.get("lat") is not None and hit.get("lat") is not None:
                dist = km(hit["lat"], hit["lon"], g["lat"], g["lon"])
            rows.append({"doc": gold["input"], "place": g["mentions"][0], "found": hit is not None,
                         "country_ok": bool(hit) and hit.get("country") == g.get("country"),
                         "has_point": g.get("lat") is not None, "km": dist})
    pointed = [r for r in rows if r["has_point"]]
    pointed_found = [r for r in pointed if r["found"]]
    found = [r for r in rows if r["found"]]
    within = [r for r in pointed if r["km"] is not None and r["km"] <= KM]
    return {
        "gold": len(rows), "found": len(found), "pointed": len(pointed), "pointed_found": len(pointed_found),
        "acc161_all": len(within) / len(pointed) if pointed else 0.0,
        "acc161_found": len(within) / len(pointed_found) if pointed_found else 0.0,
        "country_all": sum(r["country_ok"] for r in rows) / len(rows) if rows else 0.0,
        "country_found": sum(r["country_ok"] for r in found) / len(found) if found else 0.0,
        "median_km": statistics.median([r["km"] for r in pointed_found if r["km"] is not None] or [0.0]),
        "wrong": [r for r in rows if not r["found"] or not r["country_ok"]
                  or (r["has_point"] and (r["km"] is None or r["km"] > KM))],
    }


def _km(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def startup(runs: int = 3) -> tuple[float, float]:
    """Median seconds (import, factory) of the places stage in a fresh interpreter."""
    imports, factories = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True,
                             cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
        a, b = map(float, out.stdout.split())
        imports.append(a)
        factories.append(b)
    return statistics.median(imports), statistics.median(factories)


def main() -> int:
    if not SHARED.exists():
        print(f"{SHARED} is not here", file=sys.stderr)
        return 2
    result = evaluate(predictions(), golds())
    imp, fac = startup()
    wrong = "\n".join(
        f"| {r['doc']} | {r['place']} | {'found' if r['found'] else 'missed'} | "
        f"{'ok' if r['country_ok'] else 'wrong'} | {_km(r['km'])} |"
        for r in result["wrong"]) or "| (none) | | | | |"
    text = f"""## Places: geocoding accuracy (seed + dev gold)

Machine: 2 cores, 24 GiB, Python 3.11. Command: `.venv/bin/python bench/geocoding.py`
(pipeline `{' -> '.join(STAGES)}`, offline gazetteer of `src/warta/data/places/`).

| measure | warta | over |
|---|---|---|
| accuracy at 161 km, gold places with coordinates | {100 * result['acc161_all']:.1f} % | {result['pointed']} places (misses count as wrong) |
| accuracy at 161 km, of those found | {100 * result['acc161_found']:.1f} % | {result['pointed_found']} places |
| country accuracy, all gold places | {100 * result['country_all']:.1f} % | {result['gold']} places |
| country accuracy, of those found | {100 * result['country_found']:.1f} % | {result['found']} places |
| median error of the points | {result['median_km']:.1f} km | {result['pointed_found']} places |
| Mordecai3, reported (its own news set) | {MORDECAI3} % | — |

Start-up of the stage in a fresh process (median of 3): import {imp:.2f} s, factory {fac:.2f} s
(the factory builds the name index and loads the shared country gazetteer).

Gold places not found, in the wrong country, or placed more than 161 km off:

| doc | place | found | country | km |
|---|---|---|---|---|
{wrong}
"""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

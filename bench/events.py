"""Per-type precision and recall of the event coder on the dev set (and the seed).

Recall of a type: the required gold events whose first-listed type is that type, found
by an event of any type the gold allows in the same sentence (the shared scorer's
match), and strictly right (actors' countries, certainty, attribution, quantity,
place, time). Precision of a type: the predicted events of that type whose sentence
and type match a gold event (optional ones included).

    .venv/bin/python bench/events.py      # writes bench/results/events.md
"""

from __future__ import annotations

import json
import platform
import sys
from collections import Counter
from pathlib import Path

from _measure import write_results

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "bench" / "results" / "events.md"


def fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def load_scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_type(golds: dict[str, dict], records: dict[str, dict]) -> dict[str, Counter]:
    scorer = load_scorer()
    table: dict[str, Counter] = {}
    for key, gold in golds.items():
        rec = records.get(key, {})
        preds = rec.get("events", [])
        for g in gold.get("events", []):
            in_sentence = [p for p in preds if fold(g["sentence_contains"]) in fold(p["sentence"]["text"])]
            if g.get("optional"):
                continue
            row = table.setdefault(g["type"][0], Counter())
            row["gold"] += 1
            hits = [p for p in in_sentence if p["type"] in g["type"]]
            row["found"] += bool(hits)
            # strict: the shared scorer on this one gold event
            single = {**gold, "events": [g]}
            tally = scorer.score_doc(single, {**rec, "events": hits}, [])["events"]
            row["strict"] += tally.correct
        for p in preds:
            row = table.setdefault(p["type"], Counter())
            row["pred"] += 1
            row["pred_ok"] += any(
                fold(g["sentence_contains"]) in fold(p["sentence"]["text"]) and p["type"] in g["type"]
                for g in gold.get("events", [])
            )
    return table


def markdown(table: dict[str, Counter], title: str) -> str:
    lines = [f"### {title}", "", "| type | gold | found | strict | pred | precision | recall | strict recall |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    total = Counter()
    for etype in sorted(table):
        row = table[etype]
        total.update(row)
        lines.append(_row(etype, row))
    lines.append(_row("**all**", total))
    return "\n".join(lines) + "\n"


def _row(name: str, row: Counter) -> str:
    precision = row["pred_ok"] / row["pred"] if row["pred"] else float("nan")
    recall = row["found"] / row["gold"] if row["gold"] else float("nan")
    strict = row["strict"] / row["gold"] if row["gold"] else float("nan")
    return (f"| {name} | {row['gold']} | {row['found']} | {row['strict']} | {row['pred']} | "
            f"{precision:.2f} | {recall:.2f} | {strict:.2f} |")


def main() -> int:
    if not SHARED.exists():
        print(f"{SHARED} is not here: nothing to measure", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    import warta

    dev = {d.source.id: d.to_dict() for d in warta.extract_all(SHARED / "corpus" / "dev" / "articles.jsonl")}
    golds = {}
    for path in sorted((SHARED / "corpus" / "dev" / "gold").glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        golds[gold["input"]] = gold
    seed_gold = json.loads((SHARED / "seed" / "tvonenews-korut-rusia.gold.json").read_text(encoding="utf-8"))
    seed = warta.extract(SHARED / "seed" / "tvonenews-korut-rusia.txt").to_dict()
    text = "\n".join([
        "## Events per PLOVER type",
        "",
        f"Machine: 2 cores, 24 GiB, Python {platform.python_version()}. Command: `.venv/bin/python bench/events.py`.",
        "Recall counts required gold events by their first-listed type; precision counts predicted events",
        "whose sentence and type match any gold event (optional ones included).",
        "",
        markdown(per_type(golds, dev), "Dev set (11 articles)"),
        markdown(per_type({seed_gold["input"]: seed_gold}, {seed_gold["input"]: seed}), "Seed article"),
    ])
    write_results(OUT, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

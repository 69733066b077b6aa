"""The shipped event coder on the held-out sentence annotations, once per shipped model.

Runs warta on every sentence of ``../shared/data/events/test.jsonl`` the way
``../shared/eval/score_events.py`` says (its ``inputs`` step: the previous sentence and the
sentence as the body, the title as the title), scores the records with its ``score``
step, per language and together, and writes the figures and the per-type precision and
recall of each language to ``bench/results/events_test.md``.

The test split is for scoring a shipped model, never for choosing settings: those are
chosen on the dev split of ``train.jsonl`` (``python -m warta.events.train --dev``).

    .venv/bin/python bench/events_test.py
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from _measure import write_results

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEST = SHARED / "data" / "events" / "test.jsonl"
OUT = ROOT / "bench" / "results" / "events_test.md"


def summary_row(name: str, table: dict) -> str:
    kind = table["type"]
    return (f"| {name} | {table['sentences']} | {kind['precision']:.3f}/{kind['recall']:.3f}/**{kind['f1']:.3f}** | "
            f"{table['macro_f1']:.3f} | {table['detect']['f1']:.3f} | {table['false_alarm']:.3f} | "
            f"{table['actor1']} | {table['actor2']} |")


def per_type_table(by_lang: dict[str, dict]) -> list[str]:
    langs = list(by_lang)
    lines = ["| type | " + " | ".join(f"{lang} gold | {lang} P | {lang} R | {lang} F1" for lang in langs) + " |",
             "|---|" + "---:|" * (4 * len(langs))]
    types = sorted({t for table in by_lang.values() for t in table["per_type"]})
    for etype in types:
        cells = []
        for lang in langs:
            row = by_lang[lang]["per_type"].get(etype)
            if row is None:
                cells.append("0 | | |")
                continue
            precision = f"{row['precision']:.2f}" if row["pred"] else "–"
            recall = f"{row['recall']:.2f}" if row["gold"] else "–"
            cells.append(f"{row['gold']} | {precision} | {recall} | {row['f1']:.2f}")
        lines.append(f"| {etype} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    if not TEST.exists():
        print(f"{TEST} is not here: nothing to measure", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    from warta.events.train import extract_rows, load_jsonl, score_rows

    rows = load_jsonl(TEST)
    records = extract_rows(rows)
    tables = {lang: score_rows([r for r in rows if lang == "all" or r["lang"] == lang], records)
              for lang in ("all", "id", "en")}
    text = "\n".join([
        "## Event coder on the held-out sentence annotations (`test.jsonl`)",
        "",
        f"Machine: 2 cores, 24 GiB, Python {platform.python_version()}. Command: `.venv/bin/python bench/events_test.py`;",
        "scored with `../shared/eval/score_events.py`. Scored once per shipped model.",
        "",
        "| part | sentences | type P/R/F1 | macro-F1 | detect F1 | false alarm | actor1 | actor2 |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
        *(summary_row(lang, tables[lang]) for lang in ("all", "id", "en")),
        "",
        "### Per type and language",
        "",
        *per_type_table({"id": tables["id"], "en": tables["en"]}),
        "",
    ])
    write_results(OUT, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Parallel batches: ``warta ingest --jobs N`` against ``--jobs 1`` on the indonews corpus.

Ingests the 5,763 articles of ``../shared/data/corpus/indonews-2025-06/*.csv`` into a fresh
SQLite store once per job count, each run a separate ``warta`` process, and reports wall
time, articles per wall second, the scaling ratio to one job, the peak resident memory of
the largest process (the main one or a worker), and whether the stores hold identical
records in identical order. Ends with a projection for a GDELT day (about 250,000 articles).

Writes ``bench/results/parallel.md``.

    .venv/bin/python bench/parallel.py [--jobs 1 2] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import machine, write_results

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "corpus" / "indonews-2025-06"
RESULTS = ROOT / "bench" / "results" / "parallel.md"
GDELT_DAY = 250_000


def _records(db: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from warta.store import open_store

    with open_store(db, read_only=True) as store:
        return [doc.to_json() for doc in store.iter_documents()]


def _limited(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(folder.glob("*.csv"))
    if limit is None:
        return files
    # The first `limit` records in file order, as one CSV.
    import csv

    csv.field_size_limit(1 << 30)
    out = Path(tempfile.mkdtemp()) / "first.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = None
        count = 0
        for path in files:
            with path.open(encoding="utf-8", newline="") as source:
                for row in csv.DictReader(source):
                    if writer is None:
                        writer = csv.DictWriter(handle, fieldnames=list(row))
                        writer.writeheader()
                    if count >= limit:
                        break
                    writer.writerow(row)
                    count += 1
    return [out]


def run(jobs: int, inputs: list[Path], db: Path) -> dict:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "warta"), "ingest", *map(str, inputs), "--db", str(db),
                             "--jobs", str(jobs)], capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-300:]
    read = int(summary.split()[1]) if summary.startswith("ingest:") else 0
    return {"jobs": jobs, "wall": wall, "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "read": read, "summary": summary, "peak_mib": after.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is not here: ../shared is needed")
    inputs = _limited(DATA, args.limit)
    folder = Path(tempfile.mkdtemp(prefix="warta-parallel-"))
    runs, stores = [], {}
    for jobs in args.jobs:
        db = folder / f"jobs{jobs}.db"
        figures = run(jobs, inputs, db)
        runs.append(figures)
        stores[jobs] = _records(db)
        print(json.dumps(figures), flush=True)
    base = runs[0]
    rows = []
    for figures in runs:
        rate = figures["read"] / figures["wall"] if figures["wall"] else 0.0
        same = stores[figures["jobs"]] == stores[base["jobs"]]
        rows.append(f"| {figures['jobs']} | {figures['read']:,} | {figures['wall']:.0f} s | {rate:.1f} | "
                    f"{base['wall'] / figures['wall']:.2f}x | {figures['cpu']:.0f} s | {figures['peak_mib']:.0f} MiB | "
                    f"{'identical' if same else 'DIFFERENT'} ({len(stores[figures['jobs']]):,} records) |")
    best = runs[-1]
    best_rate = best["read"] / best["wall"] if best["wall"] else 0.0
    per_core = best_rate / best["jobs"] if best["jobs"] else 0.0
    cores = GDELT_DAY / (per_core * 86_400) if per_core else float("inf")
    text = "\n".join([
        "# Parallel batches: `warta ingest --jobs N`",
        "",
        f"Machine: {machine()}. Input: {', '.join(p.name for p in inputs)} "
        f"({base['read']:,} articles), a fresh SQLite store per run, each run its own `warta` process "
        "(numerical libraries on one thread each).",
        "",
        "| jobs | articles | wall | articles / wall s | speed-up | CPU (all processes) | peak RSS (largest process) "
        "| store vs jobs 1 |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"A GDELT day (~{GDELT_DAY:,} articles) at the measured {per_core:.1f} articles per second per worker "
        f"would take {cores:.1f} such cores for the day's articles in a day ({GDELT_DAY / per_core / 3600:.1f} "
        "core-hours).",
        "",
        f"Command: `.venv/bin/python bench/parallel.py --jobs {' '.join(map(str, args.jobs))}"
        f"{f' --limit {args.limit}' if args.limit else ''}`",
        "",
    ])
    write_results(RESULTS, text)


if __name__ == "__main__":
    main()

"""Parallel batches: ``warta ingest --jobs N`` (and ``--executor dask``) against ``--jobs 1``.

Ingests the 5,763 articles of ``../shared/data/corpus/indonews-2025-06/*.csv`` into a fresh
SQLite store once per run (``1``, ``2``: that many local jobs; ``dask2``: a local Dask
cluster of 2 worker processes), each run a separate ``warta`` process, and reports wall
time, articles per wall second, the scaling ratio to one job, the peak resident memory of
the largest process (the main one or a worker), and whether the stores hold identical
records in identical order. Ends with a projection for a GDELT day (about 250,000 articles).

Writes ``bench/results/parallel.md``.

    .venv/bin/python bench/parallel.py [--runs 1 2 dask2] [--limit N]
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


def run(spec: str, inputs: list[Path], db: Path) -> dict:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    jobs = int(spec.removeprefix("dask"))
    extra = ["--executor", "dask"] if spec.startswith("dask") else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "warta"), "ingest", *map(str, inputs), "--db", str(db),
                             "--jobs", str(jobs), *extra], capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-300:]
    read = int(summary.split()[1]) if summary.startswith("ingest:") else 0
    return {"run": spec, "jobs": jobs, "wall": wall, "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "read": read, "summary": summary, "peak_mib": after.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", nargs="+", default=["1", "2", "dask2"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is not here: ../shared is needed")
    inputs = _limited(DATA, args.limit)
    folder = Path(tempfile.mkdtemp(prefix="warta-parallel-"))
    runs, stores = [], {}
    for spec in args.runs:
        db = folder / f"run-{spec}.db"
        figures = run(spec, inputs, db)
        runs.append(figures)
        stores[spec] = _records(db)
        print(json.dumps(figures), flush=True)
    base = runs[0]
    rows = []
    for figures in runs:
        rate = figures["read"] / figures["wall"] if figures["wall"] else 0.0
        same = stores[figures["run"]] == stores[base["run"]]
        label = f"Dask, {figures['jobs']} workers" if figures["run"].startswith("dask") else f"--jobs {figures['jobs']}"
        rows.append(f"| {label} | {figures['read']:,} | {figures['wall']:.0f} s | {rate:.1f} | "
                    f"{base['wall'] / figures['wall']:.2f}x | {figures['cpu']:.0f} s | {figures['peak_mib']:.0f} MiB | "
                    f"{'identical' if same else 'DIFFERENT'} ({len(stores[figures['run']]):,} records) |")
    # The projection: the local run with the most workers (its rate per worker, overheads included).
    best = max((f for f in runs if not f["run"].startswith("dask")), key=lambda f: f["jobs"])
    best_rate = best["read"] / best["wall"] if best["wall"] else 0.0
    per_core = best_rate / best["jobs"] if best["jobs"] else 0.0
    core_hours = GDELT_DAY / per_core / 3600 if per_core else float("inf")
    text = "\n".join([
        "# Parallel batches: `warta ingest --jobs N`",
        "",
        f"Machine: {machine()}. Input: {', '.join(p.name for p in inputs)} "
        f"({base['read']:,} articles), a fresh SQLite store per run, each run its own `warta` process "
        "(numerical libraries on one thread each).",
        "",
        "| run | articles | wall | articles / wall s | speed-up | CPU (all processes) | peak RSS (largest process) "
        "| store vs the first run |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"A GDELT day (~{GDELT_DAY:,} articles) at the measured {per_core:.1f} articles per second per worker is "
        f"{core_hours:.1f} core-hours: {core_hours / best['jobs']:.1f} hours on a {best['jobs']}-core machine like this "
        f"one, or under an hour on {max(1, round(core_hours + 0.5))} cores (a Dask cluster's workers, say).",
        "",
        f"Command: `.venv/bin/python bench/parallel.py --runs {' '.join(args.runs)}"
        f"{f' --limit {args.limit}' if args.limit else ''}`",
        "",
    ])
    write_results(RESULTS, text)


if __name__ == "__main__":
    main()

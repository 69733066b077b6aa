"""Load on `warta serve`: filtered event listings at 50 concurrent clients over 100,000 documents.

Builds (once, then reuses) a SQLite store of N documents made by repeating and
perturbing real records: the seed, dev and dev2 articles of ``../shared`` (or the
project's ``examples/`` where ``../shared`` is absent) are processed once, then each copy
gets its own id, URL, publication day (spread over two years), and, for half of its
events, other actor countries and a nudged place. It then starts ``warta serve`` on
loopback in its own process and runs C concurrent clients (asyncio + httpx, in this
process) for D seconds, each asking ``GET /api/events`` with one of the filters an
analyst uses (a type, an actor country, a type and a month, a map box, a recipient and
a certainty, none), newest first, 50 a page, a random page among the first ten. Reports
latency percentiles per filter and overall, throughput, and the server's resident
memory sampled every 5 s.

    .venv/bin/python bench/serve_load.py [--documents 100000] [--clients 50] [--seconds 60]

Writes ``bench/results/serve_load.md``. The clients share the machine with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from _measure import machine, write_results

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "bench" / "results" / "serve_load.md"
SCRATCH = ROOT / ".bench"
COUNTRIES = ("IDN", "MYS", "PHL", "THA", "VNM", "CHN", "USA", "RUS", "UKR", "ISR", "IRN", "PRK", "KOR", "JPN",
             "IND", "PAK", "SDN", "PSE", "LBN", "SYR", "TUR", "GBR", "FRA", "DEU", "POL", "AUS", "MMR", "KHM")
FILTERS = {
    "type": lambda r: {"type": r.choice(("ASSAULT", "ACCUSE", "CONSULT", "REQUEST", "AGREE"))},
    "actor": lambda r: {"actor1_country": r.choice(COUNTRIES)},
    "type+month": lambda r: {"type": "ASSAULT", "since": f"2025-{r.randint(1, 12):02d}-01",
                             "until": f"2025-{r.randint(1, 12):02d}-28"},
    "box": lambda r: {"bbox": "90,-15,145,25"},
    "recipient+certainty": lambda r: {"actor2_country": r.choice(COUNTRIES), "certainty": "reported"},
    "none": lambda r: {},
}


def source_records() -> list[dict]:
    import warta

    sources = [SHARED / "seed", SHARED / "corpus" / "dev" / "articles.jsonl", SHARED / "corpus" / "dev2" / "articles.jsonl"]
    sources = [s for s in sources if s.exists()] or [ROOT / "examples"]
    records = []
    for source in sources:
        for item in warta.extract_all(source):
            if isinstance(item, warta.Document):
                records.append(item.to_dict())
    return records


def perturbed(record: dict, number: int, rng: random.Random) -> dict:
    out = json.loads(json.dumps(record))
    out["doc_id"] = hashlib.sha1(f"load-{number}".encode()).hexdigest()[:16]
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
    out["published"] = f"{day.isoformat()}T08:00:00+07:00"
    out["source"]["url"] = f"https://load.example/{number}"
    out["source"]["id"] = str(number)
    for time_item in out.get("times") or []:
        if time_item.get("granularity") == "day":
            time_item["value"] = (day - timedelta(days=rng.randrange(3))).isoformat()
    for event in out.get("events") or []:
        if rng.random() < 0.5:
            for role in ("actor1", "actor2"):
                if event.get(role):
                    event[role]["country"] = rng.choice(COUNTRIES)
    for place in out.get("places") or []:
        if place.get("lat") is not None and rng.random() < 0.5:
            place["lat"] = max(-90.0, min(90.0, place["lat"] + rng.uniform(-2, 2)))
            place["lon"] = max(-180.0, min(180.0, place["lon"] + rng.uniform(-2, 2)))
    return out


def build_store(db: Path, documents: int) -> float:
    from warta.model import Document
    from warta.store import open_store

    with open_store(db) as store:
        have = len(store)
        if have >= documents:
            return 0.0
        records = source_records()
        rng = random.Random(7)
        started = time.perf_counter()
        for number in range(have, documents):
            store.add(Document.from_dict(perturbed(records[number % len(records)], number, rng)))
            if number % 10_000 == 0:
                print(f"  stored {number:,}/{documents:,}", file=sys.stderr)
        return time.perf_counter() - started


def family(pid: int) -> list[int]:
    """``pid`` and its child processes (uvicorn's workers, with ``--workers``)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return [pid, *children]


def cpu_seconds(pid: int) -> float:
    """CPU (user + system) of the server and its workers so far."""
    total = 0
    for member in family(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """Resident memory of the server and its workers."""
    total = 0
    for member in family(pid):
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in lines if line.startswith("VmRSS:")), 0)
    return total / 1024


async def load(base: str, clients: int, seconds: float, pid: int) -> tuple[dict[str, list[float]], list, int]:
    latencies: dict[str, list[float]] = {name: [] for name in FILTERS}
    failures = 0
    memory: list[tuple[float, float]] = []
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    async def client(number: int) -> None:
        nonlocal failures
        rng = random.Random(number)
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline:
                name = rng.choice(list(FILTERS))
                params = {**FILTERS[name](rng), "limit": 50, "offset": 50 * rng.randrange(10)}
                began = time.perf_counter()
                response = await http.get("/api/events", params=params)
                latencies[name].append(time.perf_counter() - began)
                failures += response.status_code != 200

    async def sample() -> None:
        while time.monotonic() < deadline:
            memory.append((time.monotonic() - started, rss_mib(pid)))
            await asyncio.sleep(5)

    await asyncio.gather(sample(), *(client(n) for n in range(clients)))
    return latencies, memory, failures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--workers", type=int, default=1, help="warta serve --workers")
    args = parser.parse_args()
    SCRATCH.mkdir(exist_ok=True)
    db = SCRATCH / f"load-{args.documents}.db"
    build_seconds = build_store(db, args.documents)
    server = subprocess.Popen([sys.executable, "-m", "warta.cli", "serve", "--db", str(db), "--port", str(args.port),
                               "--workers", str(args.workers)],
                              env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(200):
            try:
                stats = httpx.get(f"{base}/api/stats", timeout=30).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        cpu_before = cpu_seconds(server.pid)
        latencies, memory, failures = asyncio.run(load(base, args.clients, args.seconds, server.pid))
        server_cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [v for values in latencies.values() for v in values]
    lines = [
        f"# `warta serve` under load ({time.strftime('%Y-%m-%d')})",
        "",
        f"Store: SQLite, {stats['tables']['documents']:,} documents, {stats['tables']['events']:,} events "
        f"(built in {build_seconds:.0f} s this run; 0 = reused). Machine: {machine()}; the {args.clients} "
        f"clients run on the same machine as the server ({args.workers} uvicorn worker process"
        f"{'es' if args.workers > 1 else ''}).",
        f"Command: `.venv/bin/python bench/serve_load.py --documents {args.documents} --clients {args.clients} "
        f"--seconds {args.seconds:g}{f' --workers {args.workers}' if args.workers > 1 else ''}`",
        "",
        f"{len(every):,} requests in {args.seconds:g} s ({len(every) / args.seconds:.0f}/s), {failures} not 200; "
        f"the server used {server_cpu / len(every) * 1000:.1f} ms of CPU a request "
        f"({server_cpu / args.seconds:.2f} cores).",
        "",
        "| filter | requests | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, values in [*latencies.items(), ("all", every)]:
        lines.append(f"| {name} | {len(values):,} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} "
                     f"| {percentile(values, 0.99):.1f} | {max(values) * 1000 if values else float('nan'):.1f} |")
    rss = [r for _t, r in memory]
    lines += ["", f"Server resident memory (MiB), every 5 s: {', '.join(f'{r:.0f}' for r in rss)}"
              + (f" (first minute's end {rss[min(12, len(rss) - 1)]:.0f}, last {rss[-1]:.0f})" if rss else ""), "",
              f"With closed-loop clients the latency is about clients / throughput ({args.clients} / "
              f"{len(every) / args.seconds:.0f} = {args.clients / (len(every) / args.seconds) * 1000:.0f} ms): at "
              f"{server_cpu / len(every) * 1000:.1f} ms of server CPU a request, the server needs a core for "
              f"every {1000 / (server_cpu / len(every) * 1000):.0f} requests a second; it had "
              f"{server_cpu / args.seconds:.2f} of the machine's 2, the clients the rest. A p99 under 100 ms at "
              "50 clients needs about 500 requests a second: more server processes, on cores the clients do "
              "not share.", ""]
    write_results(OUT, "\n".join(lines))


if __name__ == "__main__":
    main()

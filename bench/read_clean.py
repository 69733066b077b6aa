"""Speed of reading and cleaning a real corpus, per core, and peak memory; one end-to-end row.

Reads the indonews-2025-06 corpus (``../shared/data/corpus/indonews-2025-06/*.csv``,
5,763 scraped Indonesian articles) with warta's readers and runs the ``clean`` and
``language`` stages on every article, in one process (so one core). Then runs every
default stage on the first 200 articles, timing each stage. Figures are articles per
CPU-second of this process (robust to other work on the machine) beside wall-clock
ones, and the peak resident memory. Writes ``bench/results/read_clean.md``.

    .venv/bin/python bench/read_clean.py [--data DIR] [--limit N] [--e2e N] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from _measure import Clock, machine, peak_rss_mib

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "corpus" / "indonews-2025-06"
RESULTS = ROOT / "bench" / "results" / "read_clean.md"
READ_CLEAN_STAGES = ("clean", "language")

# One core means one thread: keep numerical libraries (imported later, with warta) on one.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def current_rss_mib() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def articles(files: list[Path], limit: int | None) -> Iterator[object]:
    """Every item the readers give for ``files`` (articles and unreadable records)."""
    from warta.ingest import read

    n = 0
    for path in files:
        for item in read(path):
            yield item
            n += 1
            if limit is not None and n >= limit:
                return


def run(files: list[Path], *, limit: int | None, e2e: int) -> dict:
    from warta import Options, Pipeline
    from warta.errors import InputError
    from warta.pipeline import document_id, new_document

    out: dict = {"files": len(files)}

    # 0. What the process holds before any article: interpreter, libraries, stage modules.
    pipeline = Pipeline(Options(stages=READ_CLEAN_STAGES))
    out["base_rss"] = current_rss_mib()

    # 1. Reading alone, streaming (nothing kept).
    good = bad = 0
    with Clock() as clock:
        for item in articles(files, limit):
            if isinstance(item, InputError):
                bad += 1
            else:
                good += 1
    out["read"] = {"n": good, "bad": bad, "cpu": clock.cpu, "wall": clock.wall}

    # 2. Reading + clean + language, streaming as `warta ingest` does.
    langs: Counter[str] = Counter()
    failed = 0
    chars = 0
    with Clock() as clock:
        for item in articles(files, limit):
            if isinstance(item, InputError):
                continue
            try:
                doc = pipeline(item)
            except Exception:  # counted, not fatal: the figure is about throughput
                failed += 1
                continue
            langs[doc.lang] += 1
            chars += len(doc.text)
    done = sum(langs.values())
    out["clean"] = {"n": done, "failed": failed, "cpu": clock.cpu, "wall": clock.wall, "langs": dict(langs),
                    "chars": chars, "rss": peak_rss_mib()}

    # 3. End to end, every default stage, on the first `e2e` articles; each stage timed.
    if e2e:
        sample = [x for x in articles(files, e2e) if not isinstance(x, InputError)]
        with Clock() as build:
            full = Pipeline(Options())
        per_stage: Counter[str] = Counter()
        failed = 0
        events = 0
        with Clock() as clock:
            for raw in sample:
                doc = new_document(raw)
                try:
                    for name, stage in full.stages:
                        t0 = time.process_time()
                        stage(doc)
                        per_stage[name] += time.process_time() - t0
                    doc.doc_id = doc.doc_id or document_id(doc)
                    events += len(doc.events)
                except Exception:
                    failed += 1
                doc.work.clear()
        out["e2e"] = {"n": len(sample), "failed": failed, "cpu": clock.cpu, "wall": clock.wall,
                      "build_wall": build.wall, "stages": dict(per_stage), "events": events, "rss": peak_rss_mib()}
    return out


def report(figures: dict, *, command: str) -> str:
    def rate(row: dict) -> str:
        return f"{row['n'] / row['cpu']:,.1f}" if row["cpu"] else "n/a"

    def wall_rate(row: dict) -> str:
        return f"{row['n'] / row['wall']:,.1f}" if row["wall"] else "n/a"

    read, clean = figures["read"], figures["clean"]
    lines = [
        "## Reading and cleaning speed (`bench/read_clean.py`)",
        "",
        f"Machine: {machine()}; one process, so one core. Command: `{command}` (also run by `make bench`).",
        f"Corpus: indonews-2025-06, {figures['files']} CSV files, {read['n']:,} articles read"
        + (f", {read['bad']:,} records refused by the reader" if read["bad"] else "")
        + f"; {clean['chars'] / max(clean['n'], 1):,.0f} characters per cleaned article on average.",
        "Rates are articles per CPU-second of the benchmark process (what one core does, whatever else",
        "runs on the machine) and per wall-clock second.",
        "",
        "| what | articles | CPU s | wall s | articles / CPU-second (per core) | articles / wall second | "
        "peak memory (max RSS) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| read (warta's CSV reader) | {read['n']:,} | {read['cpu']:.1f} | {read['wall']:.1f} | {rate(read)} | "
        f"{wall_rate(read)} | |",
        f"| read + clean + language (`stages=(\"clean\", \"language\")`) | {clean['n']:,} | {clean['cpu']:.1f} | "
        f"{clean['wall']:.1f} | **{rate(clean)}** | {wall_rate(clean)} | {clean['rss']:,.0f} MiB |",
    ]
    e2e = figures.get("e2e")
    if e2e:
        lines.append(
            f"| end to end, all default stages (first {e2e['n']} articles) | {e2e['n']:,} | {e2e['cpu']:.1f} | "
            f"{e2e['wall']:.1f} | **{rate(e2e)}** | {wall_rate(e2e)} | {e2e['rss']:,.0f} MiB |"
        )
    lines.append("")
    lines.append(f"Memory: {figures['base_rss']:,.0f} MiB of the peak is the process before the first article "
                 "(Python, the libraries and every stage module imported by the stage registry).")
    langs = ", ".join(f"{k or '?'} {v:,}" for k, v in sorted(clean["langs"].items(), key=lambda kv: -kv[1]))
    lines.append(f"Languages identified: {langs}."
                 + (f" Articles whose processing raised: {clean['failed']}." if clean["failed"] else ""))
    if e2e:
        total = sum(e2e["stages"].values()) or 1.0
        split = ", ".join(f"{name} {sec / e2e['n'] * 1000:,.1f} ms ({sec / total:.0%})"
                          for name, sec in e2e["stages"].items())
        lines.append(
            f"End to end: building the pipeline (loading models) took {e2e['build_wall']:.1f} s, not counted "
            f"above; CPU per article by stage: {split}; {e2e['events']:,} events found"
            + (f"; {e2e['failed']} articles raised" if e2e["failed"] else "") + "."
        )
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the corpus CSV files")
    parser.add_argument("--limit", type=int, default=None, help="read at most this many articles")
    parser.add_argument("--e2e", type=int, default=200, help="articles for the end-to-end row (0: none)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="markdown file to write")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.csv"))
    if not files:
        print(f"read_clean: no CSV files in {args.data} (../shared is needed)", file=sys.stderr)
        return 1
    figures = run(files, limit=args.limit, e2e=args.e2e)
    command = "python bench/read_clean.py" + "".join(
        f" {flag} {value}" for flag, value in (("--limit", args.limit), ("--e2e", args.e2e if args.e2e != 200 else None))
        if value is not None
    )
    text = report(figures, command=command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

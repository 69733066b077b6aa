"""Run every benchmark script under bench/ (``make bench``): each ``bench/*.py`` with a ``main()``.

Each script runs in its own process (so its peak-memory figure is its own) with this
interpreter, in name order, and writes its figures under ``bench/results/``. A
script's failure is reported and the others still run; the exit status is 1 if any
failed.

    .venv/bin/python bench/run.py [NAME ...]      # NAME: a script's stem, e.g. read_clean
    .venv/bin/python bench/run.py --list
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def scripts() -> list[Path]:
    """The benchmark scripts: bench/*.py other than this one that define ``main()``."""
    found = []
    for path in sorted(BENCH.glob("*.py")):
        if path.name == Path(__file__).name or path.name.startswith("_"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            found.append(path)  # let it run and fail visibly rather than vanish
            continue
        if any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body):
            found.append(path)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these scripts (by stem)")
    parser.add_argument("--list", action="store_true", help="list the scripts and stop")
    parser.add_argument("--collect", action="store_true", help="only rebuild BENCHMARKS.md from bench/results/")
    args = parser.parse_args()
    chosen = scripts()
    if args.names:
        unknown = set(args.names) - {p.stem for p in chosen}
        if unknown:
            print(f"bench: no benchmark named {', '.join(sorted(unknown))} "
                  f"(have: {', '.join(p.stem for p in chosen)})", file=sys.stderr)
            return 2
        chosen = [p for p in chosen if p.stem in args.names]
    if args.list:
        print("\n".join(p.stem for p in chosen))
        return 0
    if args.collect:
        write_benchmarks_md()
        return 0
    results: list[tuple[str, int, float]] = []
    for path in chosen:
        print(f"== bench/{path.name}", flush=True)
        start = time.perf_counter()
        # `__main__` runs the script's own entry point (its argparse defaults, its exit status).
        code = subprocess.call([sys.executable, str(path)], cwd=ROOT)
        results.append((path.stem, code, time.perf_counter() - start))
    print("\n== summary")
    for name, code, seconds in results:
        print(f"{name:24} {'ok' if code == 0 else f'FAILED (exit {code})':16} {seconds:8.1f} s")
    print(f"results in {BENCH.relative_to(ROOT) / 'results'}/")
    write_benchmarks_md()
    return 1 if any(code for _, code, _ in results) else 0


# BENCHMARKS.md is these result files, in this order, under one header; a result file
# not listed here follows them in name order.
ORDER = ("read_clean", "html", "nlp", "places", "times", "quotes", "events", "pipeline", "events_coder", "events_test",
         "serve_load", "parallel", "stories", "reliability")
HEADER = """# Benchmarks

Figures measured by the scripts under `bench/` (`make bench` runs them all and rebuilds
this file from `bench/results/*.md`; `.venv/bin/python bench/run.py NAME` runs one).
Each section names its machine and command. Development machines have 2 cores and
24 GiB; they are shared, so speeds are given per CPU-second where noted.
"""


def _under_header(section: str) -> str:
    """A section that opens with a top-level heading moves one level down, under the file's header."""
    if not section.startswith("# "):
        return section
    return "\n".join("#" + line if line.startswith("#") else line for line in section.splitlines())


def write_benchmarks_md() -> None:
    """Rebuild BENCHMARKS.md from the result files."""
    results = {path.stem: path for path in sorted((BENCH / "results").glob("*.md"))}
    names = [n for n in ORDER if n in results] + [n for n in results if n not in ORDER]
    sections = [_under_header(results[name].read_text(encoding="utf-8").strip()) for name in names]
    (ROOT / "BENCHMARKS.md").write_text("\n\n".join([HEADER.strip(), *sections]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

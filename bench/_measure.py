"""What the benchmark scripts share: the machine's description, peak memory, a CPU/wall clock.

Not a benchmark itself (``bench/run.py`` skips files that start with ``_``).
"""

from __future__ import annotations

import os
import platform
import resource
import time
from pathlib import Path


def machine() -> str:
    """The machine in the words the benchmark files use: cores, memory, Python."""
    mem_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    memory = f"{mem_gib:.0f} GiB" if mem_gib else "unknown memory"
    return f"{os.cpu_count()} cores, {memory}, Python {platform.python_version()} ({platform.machine()} Linux)"


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux: the high-water mark of this process so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """CPU and wall seconds of a block."""

    def __enter__(self) -> Clock:
        self.cpu0, self.wall0 = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu = time.process_time() - self.cpu0
        self.wall = time.perf_counter() - self.wall0


def write_results(path: Path, text: str) -> None:
    """Writes a benchmark's markdown results (making the folder) and prints them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)

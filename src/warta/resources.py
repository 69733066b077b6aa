"""Language resources shipped with warta: YAML and TSV files under ``warta/data``.

Analysts edit these files, not the code. Each loader is cached, so a resource is read
once per process.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ModelError

DATA_DIR = Path(str(resources.files("warta") / "data"))
MODELS_DIR = Path(str(resources.files("warta") / "models"))


def data_path(name: str) -> Path:
    path = DATA_DIR / name
    if not path.exists():
        raise ModelError(f"language resource {name!r} is missing from {DATA_DIR}")
    return path


@cache
def load_yaml(name: str) -> Any:
    """A YAML resource, parsed."""
    with data_path(name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """A TSV resource with a header row, as dict rows; ``#`` lines are comments."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return tuple(csv.DictReader(lines, delimiter="\t"))


@cache
def load_wordlist(name: str) -> frozenset[str]:
    """A one-word-a-line resource (``#`` comments allowed), case-folded."""
    with data_path(name).open(encoding="utf-8") as handle:
        return frozenset(
            line.split("\t", 1)[0].strip().casefold() for line in handle if line.strip() and not line.startswith("#")
        )

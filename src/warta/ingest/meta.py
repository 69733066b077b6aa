"""Metadata values as readers find them, tidied: author lists and date strings."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..resources import load_yaml


@cache
def _byline_rules() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...], re.Pattern[str]]:
    bylines = load_yaml("ingest/bylines.yaml")
    prefixes = sorted(bylines.get("prefixes", []), key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in prefixes)
    prefix = re.compile(rf"^(?:{alternatives})\b\s*:?\s*", re.IGNORECASE)
    trailing = tuple(re.compile(p) for p in bylines.get("trailing_patterns", []))
    seps = load_yaml("ingest/formats.yaml").get("author_separators", [";"])
    splitter = re.compile("|".join(re.escape(s) for s in seps), re.IGNORECASE)
    return prefix, trailing, splitter


def clean_author(name: str) -> str:
    """One author name without a byline word before it or a desk tag after it."""
    prefix, trailing, _ = _byline_rules()
    name = " ".join(name.split())
    name = prefix.sub("", name, count=1)
    for pattern in trailing:
        name = pattern.sub("", name)
    return name.strip(" ,;-")


def split_authors(value: Any) -> list[str]:
    """The authors in a metadata value: a string of one or several names, or a list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        names = [str(v) for v in value if v]
    else:
        _, _, splitter = _byline_rules()
        names = splitter.split(str(value))
    out: list[str] = []
    for name in names:
        name = clean_author(name)
        if name and name not in out:
            out.append(name)
    return out


_ISO_TZ = re.compile(r"([+-]\d\d)(\d\d)$")


def iso_datetime(value: str | None) -> str | None:
    """An htmldate result tidied: midnight with no zone means "date only"; ``+0700`` -> ``+07:00``."""
    if not value:
        return None
    value = value.strip()
    if value.endswith("T00:00:00"):
        return value[: -len("T00:00:00")]
    return _ISO_TZ.sub(r"\1:\2", value)

"""Reads raw publication strings (``Kamis, 19 Jun 2025 06:27 WIB``) into ISO 8601.

Indonesian outlets write dates in many ways (``Diperbarui 18 Jun 2025, 11:00 WIB``,
``Kompas.com - 10/06/2025, 21:08 WIB``, ``, Jurnalis-Rabu, 18 Juni 2025 |16:52 WIB``).
Month names and time-zone offsets come from ``data/clean/dates.yaml``; a string these
patterns miss goes to dateparser. A string nothing can read gives ``None``, never an error.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from ..budget import setup_time
from ..resources import load_yaml

TIME = re.compile(r"(?<![\d/])(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?![\d/])")
ISO = re.compile(
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
DMY_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


@cache
def _tables() -> tuple[dict[str, int], dict[str, str], re.Pattern, re.Pattern, re.Pattern]:
    data = load_yaml("clean/dates.yaml")
    months = {k.casefold(): int(v) for k, v in data["months"].items()}
    zones = {k.upper(): v for k, v in data["zones"].items()}
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    day_month_year = re.compile(rf"\b(\d{{1,2}})\s*(?:-\s*)?({names})\.?,?\s*(?:-\s*)?(\d{{4}})\b", re.IGNORECASE)
    month_day_year = re.compile(rf"\b({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
    zone = re.compile(r"\b(" + "|".join(sorted(zones, key=len, reverse=True)) + r")\b")
    return months, zones, day_month_year, month_day_year, zone


def parse_published(raw: str | None) -> str | None:
    """ISO 8601 for a raw publication string: a datetime (with its zone's offset) or a date."""
    if not raw or not raw.strip():
        return None
    text = " ".join(raw.replace("\xa0", " ").split())
    months, zones, day_month_year, month_day_year, zone_re = _tables()

    m = ISO.search(text)
    if m:
        y, mo, d, hh, mi, ss, offset = m.groups()
        if offset:
            offset = "+00:00" if offset == "Z" else f"{offset[:3]}:{offset[-2:]}"
        else:
            zone = zone_re.search(text[m.end():])
            offset = zones[zone.group(1)] if zone else None
        return _iso(int(y), int(mo), int(d), hh, mi, ss, offset)

    found = None
    m = DMY_NUMERIC.search(text)
    if m:
        found = (int(m.group(3)), int(m.group(2)), int(m.group(1)), m.end())
    else:
        m = day_month_year.search(text)
        if m:
            found = (int(m.group(3)), months[m.group(2).casefold()], int(m.group(1)), m.end())
        else:
            m = month_day_year.search(text)
            if m:
                found = (int(m.group(3)), months[m.group(1).casefold()], int(m.group(2)), m.end())
    if found:
        y, mo, d, end = found
        rest = text[end:]
        t = TIME.search(rest)
        zone = zone_re.search(rest)
        offset = zones[zone.group(1)] if zone else None
        if t:
            return _iso(y, mo, d, t.group(1), t.group(2), t.group(3), offset)
        return _iso(y, mo, d, None, None, None, None)
    return _dateparser(text)


def _iso(y: int, mo: int, d: int, hh: str | None, mi: str | None, ss: str | None, offset: str | None) -> str | None:
    try:
        if hh is None:
            return date(y, mo, d).isoformat()
        stamp = datetime(y, mo, d, int(hh), int(mi or 0), int(ss or 0)).isoformat()
    except ValueError:
        return None
    return stamp + (offset or "")


def _dateparser(text: str) -> str | None:
    """The fallback for forms the patterns miss; relative dates ("2 jam lalu") are refused."""
    try:
        with setup_time():  # a slow first import: no article's budget
            import dateparser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    try:
        parsed = dateparser.parse(
            text,
            languages=["id", "en"],
            settings={"PARSERS": ["timestamp", "custom-formats", "absolute-time"], "DATE_ORDER": "DMY",
                      "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input
        return None
    if parsed is None:
        return None
    if parsed.hour or parsed.minute or parsed.second:
        return parsed.isoformat()
    return parsed.date().isoformat()

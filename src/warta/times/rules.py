"""Find date expressions in a text and resolve them to ISO 8601 against a reference date.

The words (weekday and month names, relative words, cues) come from
``data/times/lexicon.yaml``; this module holds only the patterns and the calendar
arithmetic. :func:`find_times` is the one entry point the stage and the benchmark use.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from ..budget import setup_time
from ..resources import load_yaml

LANGS = ("id", "en")


@dataclass
class Found:
    """One date expression: its place in the text and what it means."""

    start: int
    end: int
    value: str | None
    granularity: str | None
    warnings: list[str] = field(default_factory=list)


def _alt(words) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts) + ")"


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


class Lexicon:
    """One language's words, with the patterns built from them."""

    def __init__(self, lang: str) -> None:
        data = load_yaml("times/lexicon.yaml")[lang]
        self.lang = lang
        self.weekdays: dict[str, int] = {_key(k): v for k, v in data["weekdays"].items()}
        self.ambiguous_weekdays = {_key(k) for k in data.get("ambiguous_weekdays", [])}
        self.months: dict[str, int] = {_key(k): v for k, v in data["months"].items()}
        self.ambiguous_months = {_key(k) for k in data.get("ambiguous_months", [])}
        self.units: dict[str, str] = {_key(k): v for k, v in data["units"].items()}
        self.day_words: dict[str, int] = {_key(k): v for k, v in data["day_words"].items()}
        self.past = {_key(w) for w in data.get("past", [])}
        self.future = {_key(w) for w in data.get("future", [])}
        self.this = {_key(w) for w in data.get("this", [])}
        self.past_before = {_key(w) for w in data.get("past_before", [])}
        self.future_before = {_key(w) for w in data.get("future_before", [])}
        self.this_before = {_key(w) for w in data.get("this_before", [])}
        self.parts: dict[str, str] = {_key(k): v for k, v in data.get("parts", {}).items()}
        self.year_cues = {_key(w) for w in data.get("year_cues", [])}
        self.month_cues = {_key(w) for w in data.get("month_cues", [])}
        self.day_parts = [_key(w) for w in data.get("day_parts", [])]
        self.day_of_month = [_key(w) for w in data.get("day_of_month", [])]
        self.weekend = [_key(w) for w in data.get("weekend", [])]
        self.holidays: dict[str, str] = {_key(k): v for k, v in data.get("holidays", {}).items()}
        self.holiday_not_after = [_key(w) for w in data.get("holiday_not_after", [])]
        self.holiday_not_before = [_key(w) for w in data.get("holiday_not_before", [])]
        self.numbers: dict[str, int] = {_key(k): v for k, v in data.get("numbers", {}).items()}
        self.future_cues = [_key(w) for w in data.get("future_cues", [])]
        self.year_followers = {_key(w) for w in data.get("year_followers", [])}
        self._build()

    def _build(self) -> None:
        wd = _alt(self.weekdays).replace("'", "['’]")
        mo = _alt(self.months) + r"\.?"
        dp = _alt(self.day_parts) if self.day_parts else "(?!)"
        rel_after = _alt(self.past | self.future | self.this)
        rel_before = _alt(self.past_before | self.future_before | self.this_before) if self.past_before else "(?!)"
        # a part word is followed by a space, or ends in a hyphen ("mid-March")
        parts = _alt(self.parts).replace("'", "['’]")
        sep = r"(?:\s+|(?<=-))"
        units = _alt(self.units)
        nums = _alt(self.numbers)
        hol = _alt(self.holidays).replace("'", "['’]")
        b, e = r"(?<![\w])", r"(?![\w])"
        flags = re.IGNORECASE
        day = r"(?P<d>\d{1,2})"
        self.patterns: list[tuple[str, re.Pattern]] = [
            # Senin (30/7), Kamis (19/6/2025), Senin malam (9/6/2025, Jumat (13/6) lalu
            ("wd_numeric", re.compile(
                rf"{b}(?:hari\s+)?(?P<wd>{wd})(?:\s*,)?(?:\s+(?P<dp>{dp}))?\s*\(\s*(?P<d>\d{{1,2}})\s*/\s*"
                rf"(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{4}}|\d{{2}}))?(?:\s*\)(?:\s+(?P<dp2>{dp}))?"
                rf"(?:\s+(?P<rel>{rel_after}){e})?|(?=[\s,.;]|$))", flags)),
            # 19/6/2025, (30/7), 2025-06-19
            ("numeric", re.compile(
                r"(?<![\w/.,-])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\w/])"
                r"|\((?P<d2>\d{1,2})/(?P<m2>\d{1,2})\)"
                r"|(?<![\w/.,-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\w/-])", flags)),
            # Kamis, 19 Juni 2025; 24-25 Juni; 2 June 2025; 25th of April
            ("dmy", re.compile(
                rf"{b}(?:(?P<wd>{wd})\s*,?\s+)?(?:(?:tanggal|tgl\.?)\s+)?{day}(?:st|nd|rd|th)?"
                rf"(?:\s*(?:[-–]|dan|hingga|sampai|and|to)\s*\d{{1,2}})?\s+(?:of\s+)?(?P<mo>{mo})(?:,?\s+(?P<y>\d{{4}}))?"
                rf"(?:\s+(?P<rel>{rel_after}))?{e}", flags)),
            # April 25, 2019; Dec. 20 (English order)
            ("mdy", re.compile(
                rf"{b}(?:(?P<wd>{wd})\s*,?\s+)?(?P<mo>{mo})\s+{day}(?:st|nd|rd|th)?(?:\s*(?:[-–]|and|to|through)\s*\d{{1,2}}(?!\d)(?!\s+[a-z]))?"
                rf"(?:,?\s+(?P<y>\d{{4}}))?(?![\w]|[.:,/]\d)", flags)) if self.lang == "en" else None,
            # Juni 1992, December 2025, akhir Mei 2024
            ("my", re.compile(
                rf"{b}(?:(?P<part>{parts}){sep})?(?:(?:bulan|month\s+of)\s+)?(?P<mo>{mo}),?\s+(?P<y>\d{{4}}){e}", flags)),
            # pada bulan Januari, awal Juli, akhir Mei lalu, last August, in March
            ("month", re.compile(
                rf"{b}(?:(?P<rel0>{rel_before})\s+)?(?:(?P<part>{parts}){sep})?(?:(?P<bulan>bulan)\s+)?"
                rf"(?P<mo>{mo})(?:\s+(?P<rel>{rel_after}))?{e}", flags)),
            # tahun 2024, pada 2024, in 2024, 1940-an, the 1990s, 2018 lalu
            # tahun 40-an: a decade without its century (read as the 1900s)
            ("decade2", re.compile(rf"{b}(?P<tahun>tahun)\s+(?P<y>[1-9]0)-?an{e}", flags)),
            ("year", re.compile(
                rf"(?:(?P<part>{parts}){sep})?(?:(?P<tahun>tahun)\s+)?(?<![\w.,/:-])(?P<y>1\d{{3}}|20\d{{2}})"
                rf"(?P<dec>-an|an|'?s)?(?:\s+(?P<rel>{rel_after}))?(?![\w]|[.,:/]\d|-\d)", flags)),
            # akhir pekan (lalu), this weekend
            ("weekend", re.compile(
                rf"{b}(?:(?P<rel0>{rel_before})\s+)?(?P<we>{_alt(self.weekend)})(?:\s+(?P<rel>{rel_after}))?{e}",
                flags)),
            # pekan lalu, tiga hari lalu, tahun ini, akhir tahun lalu, last week, two weeks ago
            ("relative", re.compile(
                rf"{b}(?:(?P<rel0>{rel_before})\s+)?(?:(?P<part>{parts}){sep})?(?:(?P<n>\d{{1,3}}|{nums})\s+)?"
                rf"(?P<unit>{units})(?:\s+(?P<rel>{rel_after}))?{e}", flags)),
            # tanggal 24 (kemarin): a day of the month alone
            ("day_of_month", re.compile(
                rf"{b}(?:{_alt(self.day_of_month) if self.day_of_month else '(?!)'})\.?\s+(?P<d>\d{{1,2}})"
                rf"(?:\s+(?P<rel>{rel_after}))?(?![\w]|[.,:/-]\d|\s+{mo})", flags)),
            # kemarin, hari ini, yesterday, today
            ("day_word", re.compile(rf"{b}(?P<w>{_alt(self.day_words)}){e}", flags)),
            # Senin, pada hari Selasa, on Thursday, last Friday, Sabtu lalu
            ("weekday", re.compile(
                rf"{b}(?:(?P<rel0>{rel_before}|hari)\s+)?(?P<wd>{wd})(?:\s+(?P<dp>{dp}))?"
                rf"(?:\s+(?P<rel>{rel_after}))?{e}", flags)),
            # Tahun Baru, New Year, Christmas
            ("holiday", re.compile(
                rf"{b}(?:(?P<pre>{_alt(self.holiday_not_before) if self.holiday_not_before else '(?!)'})\s+)?"
                rf"(?P<h>{hol})(?:['’]s)?"
                rf"(?:\s+(?P<post>{_alt(self.holiday_not_after) if self.holiday_not_after else '(?!)'}))?{e}",
                flags)),
        ]
        self.patterns = [p for p in self.patterns if p is not None]


@cache
def lexicon(lang: str) -> Lexicon:
    return Lexicon(lang)


# --- calendar arithmetic ------------------------------------------------------------


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _closest_year(ref: dt.date, m: int, d: int, bias: int = 0) -> int:
    """The year that puts month/day nearest the reference (bias <0 past only, >0 future only)."""
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if not _valid(y, m, d):
            continue
        delta = (dt.date(y, m, d) - ref).days
        if bias < 0 and delta > 0 or bias > 0 and delta < 0:
            continue
        # news looks back more than forward: a future date counts as twice as far
        cost = abs(delta) * (2 if delta > 0 and bias == 0 else 1)
        if best is None or cost < best[1]:
            best = (y, cost)
    return best[0] if best else ref.year


def _week(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + n
    return idx // 12, idx % 12 + 1


def _direction(lex: Lexicon, rel: str | None, rel0: str | None) -> int:
    """-1 past, +1 future, 0 this/unspecified, from the relative words around an expression."""
    if rel:
        r = _key(rel)
        if r in lex.past:
            return -1
        if r in lex.future:
            return 1
    if rel0:
        r = _key(rel0)
        if r in lex.past_before:
            return -1
        if r in lex.future_before:
            return 1
    return 0


# --- matching -------------------------------------------------------------------------


class _Context:
    def __init__(self, text: str, lex: Lexicon, ref: dt.date | None) -> None:
        self.text = text
        self.lex = lex
        self.ref = ref

    def word_before(self, pos: int, n: int = 1) -> str:
        words = re.findall(r"[\w'’-]+", self.text[max(0, pos - 40):pos])
        return _key(" ".join(words[-n:])) if words else ""

    def word_after(self, pos: int) -> str:
        m = re.match(r"\s*([\w'’-]+)", self.text[pos:pos + 40])
        return m.group(1) if m else ""

    def future_context(self, pos: int) -> bool:
        """A future cue (``akan``, ``will``) earlier in the same clause."""
        start = max(self.text.rfind(c, 0, pos) for c in ".;\n!?")
        clause = _key(self.text[start + 1:pos])
        words = clause.split()[-8:]
        joined = " " + " ".join(words) + " "
        return any(f" {cue} " in joined for cue in self.lex.future_cues)


def _day_value(ctx: _Context, d: int, m: int, y: int | None, wd: int | None, wd_text: str | None,
               *, order: str = "dm", bias: int = 0) -> Found | None:
    """A day from its parts: checks the date, swaps d/m that only fit as m/d, checks the weekday."""
    warnings: list[str] = []
    written = f"{d}/{m}"  # as written: the first number, then the second
    if order == "md":
        d, m = m, d
    expected, other = ("month/day", "day/month") if order == "md" else ("day/month", "month/day")
    probe = y if y else 2024  # a leap year, so 29/2 stays possible
    if not _valid(probe, m, d):
        if _valid(probe, d, m):
            d, m = m, d
            warnings.append(f"{written} is not a valid {expected} date; it only fits as {other} "
                            f"(month {m}, day {d})")
        else:
            return None
    if y is None and ctx.ref is not None:
        y = _closest_year(ctx.ref, m, d, bias)
    if y is None:
        return Found(0, 0, f"XXXX-{m:02d}-{d:02d}", "day", warnings)
    if not _valid(y, m, d):
        return None
    day = dt.date(y, m, d)
    if wd is not None and day.weekday() != wd:
        warnings.append(
            f"weekday {wd_text} does not match {day.isoformat()}, which is a {calendar.day_name[day.weekday()]}"
        )
    return Found(0, 0, day.isoformat(), "day", warnings)


def _year(s: str) -> int:
    y = int(s)
    return y + 2000 if y < 100 else y


def _candidates(ctx: _Context) -> list[tuple[Found, int]]:
    """Every pattern match, resolved, with its pattern rank (lower wins ties)."""
    out: list[tuple[Found, int]] = []
    for rank, (name, pattern) in enumerate(ctx.lex.patterns):
        handler = _HANDLERS[name]
        for m in pattern.finditer(ctx.text):
            try:
                found = handler(ctx, m)
            except (ValueError, OverflowError, KeyError):
                found = None
            if found is None:
                continue
            if found.end == 0:
                found.start, found.end = m.start(), m.end()
            text = ctx.text[found.start:found.end]
            # trim trailing whitespace/punctuation the optional groups may leave
            stripped = text.rstrip(" ,;\t\n")
            found.end = found.start + len(stripped)
            if found.end > found.start:
                out.append((found, rank))
    return out


def _capitalised(s: str) -> bool:
    return bool(s) and s[0].isupper()


def _h_wd_numeric(ctx: _Context, m: re.Match) -> Found | None:
    lex = ctx.lex
    wd_text = m.group("wd")
    y = _year(m.group("y")) if m.group("y") else None
    return _day_value(ctx, int(m.group("d")), int(m.group("m")), y, lex.weekdays[_key(wd_text)], wd_text)


def _h_numeric(ctx: _Context, m: re.Match) -> Found | None:
    order = "md" if ctx.lex.lang == "en" else "dm"
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        if not _valid(y, mo, d):
            return None
        return Found(0, 0, dt.date(y, mo, d).isoformat(), "day")
    if m.group("d"):
        return _day_value(ctx, int(m.group("d")), int(m.group("m")), _year(m.group("y")), None, None, order=order)
    return _day_value(ctx, int(m.group("d2")), int(m.group("m2")), None, None, None, order=order)


def _month_number(ctx: _Context, text: str) -> int | None:
    if not _capitalised(text):
        return None
    return ctx.lex.months.get(_key(text.rstrip(".")))


def _h_dmy(ctx: _Context, m: re.Match) -> Found | None:
    mo = _month_number(ctx, m.group("mo"))
    if mo is None:
        return None
    # "the 1st of May Stadium", "Gerakan 30 September": a date inside a name
    if not m.group("y") and ctx.word_before(m.start()) in {"the", "gerakan", "jalan", "jl"} \
            and _capitalised(ctx.word_after(m.end())):
        return None
    wd_text = m.group("wd")
    wd = ctx.lex.weekdays.get(_key(wd_text)) if wd_text else None
    y = int(m.group("y")) if m.group("y") else None
    return _day_value(ctx, int(m.group("d")), mo, y, wd, wd_text)


def _h_mdy(ctx: _Context, m: re.Match) -> Found | None:
    mo = _month_number(ctx, m.group("mo"))
    if mo is None:
        return None
    wd_text = m.group("wd")
    wd = ctx.lex.weekdays.get(_key(wd_text)) if wd_text else None
    y = int(m.group("y")) if m.group("y") else None
    return _day_value(ctx, int(m.group("d")), mo, y, wd, wd_text)


def _h_my(ctx: _Context, m: re.Match) -> Found | None:
    mo = _month_number(ctx, m.group("mo"))
    if mo is None:
        return None
    return Found(0, 0, f"{int(m.group('y')):04d}-{mo:02d}", "month")


def _month_in_year(ctx: _Context, mo: int, direction: int, strict: bool) -> str:
    if ctx.ref is None:
        return f"XXXX-{mo:02d}"
    ref = ctx.ref
    if direction < 0:
        y = ref.year if (mo < ref.month or (mo == ref.month and not strict)) else ref.year - 1
    elif direction > 0:
        y = ref.year if (mo > ref.month or (mo == ref.month and not strict)) else ref.year + 1
    else:
        # news looks back: a month far after the publication month is last year's
        y = ref.year - 1 if mo - ref.month > 6 else ref.year
    return f"{y:04d}-{mo:02d}"


def _h_month(ctx: _Context, m: re.Match) -> Found | None:
    lex = ctx.lex
    mo_text = m.group("mo")
    mo = _month_number(ctx, mo_text)
    if mo is None:
        return None
    cue = ctx.word_before(m.start())
    cue2 = ctx.word_before(m.start(), 2)
    has_cue = bool(m.group("rel0") or m.group("part") or m.group("bulan") or m.group("rel")) or \
        cue in lex.month_cues or cue2 in lex.month_cues
    if _key(mo_text.rstrip(".")) in lex.ambiguous_months and not has_cue:
        return None
    # English "May" after a modal-like start is too risky even with "in": keep the cue rule only.
    direction = _direction(lex, m.group("rel"), m.group("rel0"))
    strict = bool(m.group("rel0"))  # "last August" is before this month; "Mei lalu" may be this month
    if m.group("rel") and _key(m.group("rel")) in lex.this:
        direction = 0
    start = m.start()
    return Found(start, m.end(), _month_in_year(ctx, mo, direction, strict), "month")


def _h_year(ctx: _Context, m: re.Match) -> Found | None:
    lex = ctx.lex
    y = int(m.group("y"))
    dec = m.group("dec")
    start = m.start("tahun") if m.group("tahun") else m.start("y")
    if m.group("part"):
        start = m.start("part")
    cued = bool(m.group("tahun") or m.group("part") or m.group("rel"))
    before = ctx.word_before(m.start("y"))
    before2 = ctx.word_before(m.start("y"), 2)
    if not cued and (before in lex.year_cues or before2 in lex.year_cues):
        cued = True
    if not cued:
        if not 1900 <= y <= 2099:
            return None
        prev = ctx.text[max(0, m.start("y") - 3):m.start("y")]
        if re.search(r"(Rp|\$|€|£|#|No|no)\.?\s*$", prev):
            return None
        nxt = ctx.word_after(m.end())
        if nxt and nxt[0].islower() and _key(nxt) not in lex.year_followers:
            return None
    elif not 1000 <= y <= 2199:
        return None
    if dec:
        if y % 10:
            return None
        return Found(start, m.end(), f"{y // 10:03d}", "decade")
    return Found(start, m.end(), f"{y:04d}", "year")


def _h_decade2(ctx: _Context, m: re.Match) -> Found | None:
    return Found(m.start(), m.end(), f"19{m.group('y')[0]}", "decade")


def _h_day_of_month(ctx: _Context, m: re.Match) -> Found | None:
    d = int(m.group("d"))
    if not 1 <= d <= 31:
        return None
    if ctx.ref is None:
        return Found(m.start(), m.end(), f"XXXX-XX-{d:02d}", "day")
    ref = ctx.ref
    direction = _direction(ctx.lex, m.group("rel"), None)
    y, mo = ref.year, ref.month
    if direction > 0 and d < ref.day:
        y, mo = _shift_month(y, mo, 1)
    elif direction <= 0 and d > ref.day:
        y, mo = _shift_month(y, mo, -1)
    if not _valid(y, mo, d):
        return None
    return Found(m.start(), m.end(), dt.date(y, mo, d).isoformat(), "day")


def _h_relative(ctx: _Context, m: re.Match) -> Found | None:
    lex = ctx.lex
    unit_text = m.group("unit")
    unit = lex.units[_key(unit_text)]
    n_text = m.group("n")
    rel, rel0 = m.group("rel"), m.group("rel0")
    if not rel and not rel0:
        return None
    if rel and rel0:
        return None
    rel_key = _key(rel or rel0)
    if lex.lang == "en" and rel and (rel_key not in {"ago", "from now"} or not n_text):
        return None  # "two weeks earlier" is anchored to another event; "years ago" has no number
    if lex.lang == "id" and rel_key in {"sebelumnya", "kemarin"} and not n_text:
        return None
    n = None
    if n_text:
        n = int(n_text) if n_text.isdigit() else lex.numbers.get(_key(n_text))
        if n is None or rel_key in lex.this or rel_key in lex.this_before or rel0:
            return None
        if n_text.isdigit() and unit == "year" and int(n_text) > 100:
            return None
    elif unit == "day":
        return None  # "hari ini" is a day word; "hari lalu" means nothing
    # The Indonesian weekday Minggu is also "week": a capitalised "Minggu" after "pada" is Sunday.
    if _key(unit_text) in lex.ambiguous_weekdays and _capitalised(unit_text) and \
            ctx.word_before(m.start()) in {"pada", "hari"} and not n_text:
        return None
    direction = _direction(lex, rel, rel0)
    if rel_key in lex.this or rel_key in lex.this_before:
        direction = 0
    if direction == 0 and not (rel_key in lex.this or rel_key in lex.this_before):
        return None
    count = (n or 1) * direction
    start = m.start()
    if ctx.ref is None:
        return Found(start, m.end(), None, unit)
    ref = ctx.ref
    if unit == "day":
        return Found(start, m.end(), (ref + dt.timedelta(days=count)).isoformat(), "day")
    if unit == "week":
        return Found(start, m.end(), _week(ref + dt.timedelta(weeks=count)), "week")
    if unit == "month":
        y, mo = _shift_month(ref.year, ref.month, count)
        return Found(start, m.end(), f"{y:04d}-{mo:02d}", "month")
    if unit == "year":
        return Found(start, m.end(), f"{ref.year + count:04d}", "year")
    if unit == "decade":
        return Found(start, m.end(), f"{(ref.year + 10 * count) // 10:03d}", "decade")
    return None


def _h_day_word(ctx: _Context, m: re.Match) -> Found | None:
    word = m.group("w")
    # "News Today", "USA Today": a capitalised day word inside a name
    prev = re.search(r"([\w'’]+)[ \t]+$", ctx.text[max(0, m.start() - 30):m.start()])
    if _capitalised(word) and prev and _capitalised(prev.group(1)):
        return None
    offset = ctx.lex.day_words[_key(m.group("w"))]
    if ctx.ref is None:
        return Found(m.start(), m.end(), None, "day")
    return Found(m.start(), m.end(), (ctx.ref + dt.timedelta(days=offset)).isoformat(), "day")


def _h_weekday(ctx: _Context, m: re.Match) -> Found | None:
    lex = ctx.lex
    wd_text = m.group("wd")
    key = _key(wd_text)
    if not _capitalised(wd_text):
        return None
    rel, rel0 = m.group("rel"), m.group("rel0")
    if key in lex.ambiguous_weekdays:
        if lex.lang == "en":
            return None
        # "Minggu lalu" is last week unless the text says "pada/hari Minggu"
        before = ctx.word_before(m.start())
        if rel and (rel0 or "").lower() != "hari" and before not in {"pada", "hari"}:
            return None
    wd = lex.weekdays[key]
    direction = _direction(lex, rel, rel0 if rel0 and rel0.lower() != "hari" else None)
    this = (rel and _key(rel) in lex.this) or (rel0 and _key(rel0) in lex.this_before)
    start = m.start()
    if ctx.ref is None:
        return Found(start, m.end(), f"XXXX-WXX-{wd + 1}", "day")
    ref = ctx.ref
    if this:
        day = ref + dt.timedelta(days=wd - ref.weekday())
    elif direction < 0:
        back = (ref.weekday() - wd) % 7 or 7
        day = ref - dt.timedelta(days=back)
    elif direction > 0 or ctx.future_context(m.start()):
        ahead = (wd - ref.weekday()) % 7 or (7 if direction > 0 else 0)
        day = ref + dt.timedelta(days=ahead)
    else:
        day = ref - dt.timedelta(days=(ref.weekday() - wd) % 7)
    return Found(start, m.end(), day.isoformat(), "day")


def _weekend_of(day: dt.date) -> str:
    return f"{_week(day)}-WE"


def _h_weekend(ctx: _Context, m: re.Match) -> Found | None:
    lex = ctx.lex
    rel, rel0 = m.group("rel"), m.group("rel0")
    if ctx.ref is None:
        return Found(m.start(), m.end(), None, "week")
    ref = ctx.ref
    direction = _direction(lex, rel, rel0)
    this = (rel and _key(rel) in lex.this) or (rel0 and _key(rel0) in lex.this_before)
    saturday = ref + dt.timedelta(days=5 - ref.weekday())  # this ISO week's Saturday
    if this:
        day = saturday
    elif direction > 0:
        day = saturday if ref.weekday() < 5 else saturday + dt.timedelta(weeks=1)
    elif direction < 0 or ref.weekday() < 5:
        day = saturday - dt.timedelta(weeks=1) if ref.weekday() < 5 or direction < 0 else saturday
    else:
        day = saturday
    return Found(m.start(), m.end(), _weekend_of(day), "week")


def _h_holiday(ctx: _Context, m: re.Match) -> Found | None:
    if m.group("pre") or m.group("post"):
        return None
    h = m.group("h")
    if not _capitalised(h) or not all(_capitalised(w) for w in h.split() if len(w) > 3 and "'" not in w):
        return None
    mm, dd = (int(x) for x in ctx.lex.holidays[_key(h)].split("-"))
    if ctx.ref is None:
        return Found(m.start("h"), m.end(), f"XXXX-{mm:02d}-{dd:02d}", "day")
    y = _closest_year(ctx.ref, mm, dd)
    return Found(m.start("h"), m.end(), dt.date(y, mm, dd).isoformat(), "day")


_HANDLERS = {
    "wd_numeric": _h_wd_numeric,
    "numeric": _h_numeric,
    "dmy": _h_dmy,
    "mdy": _h_mdy,
    "my": _h_my,
    "month": _h_month,
    "year": _h_year,
    "relative": _h_relative,
    "decade2": _h_decade2,
    "day_of_month": _h_day_of_month,
    "day_word": _h_day_word,
    "weekday": _h_weekday,
    "weekend": _h_weekend,
    "holiday": _h_holiday,
}


def find_times(text: str, *, lang: str | None = None, published: dt.date | None = None) -> list[Found]:
    """Every date expression of ``text``, resolved against ``published`` (None: unknown parts are X)."""
    langs = (lang,) if lang in LANGS else LANGS
    candidates: list[tuple[Found, int]] = []
    for code in langs:
        candidates.extend(_candidates(_Context(text, lexicon(code), published)))
    # longest first, then the earlier-listed pattern, then leftmost
    candidates.sort(key=lambda fr: (-(fr[0].end - fr[0].start), fr[1], fr[0].start))
    taken: list[Found] = []
    for found, _rank in candidates:
        if any(found.start < t.end and t.start < found.end for t in taken):
            continue
        taken.append(found)
    taken.sort(key=lambda f: f.start)
    return taken


# --- the publication date -------------------------------------------------------------


def parse_published(value: str | None) -> dt.date | None:
    """The publication date from an ISO string or a raw one (``Kamis, 19 Jun 2025 06:27 WIB``)."""
    if not value or not isinstance(value, str):
        return None
    s = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m and _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for found in find_times(s, published=None):
        if found.granularity == "day" and found.value and not found.value.startswith("X") and "W" not in found.value:
            return dt.date.fromisoformat(found.value)
    try:
        with setup_time():  # slow to import: only for the forms the rules above do not read
            import dateparser

        parsed = dateparser.parse(s, languages=["id", "en"], settings={
            "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    except Exception:  # dateparser raises a variety of errors on odd strings
        return None
    return parsed.date() if parsed else None

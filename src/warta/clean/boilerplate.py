"""Removes outlet boilerplate from article lines: ads, prompts, related links, credits.

The patterns live in ``data/clean/boilerplate.yaml``; this module only applies them:
whole lines that match are dropped, a "Baca juga" line takes the related headlines
after it, an end marker (detik's ``(ita/ita)``) takes the tag list after it, and writer
lines give their names to ``source.authors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..resources import load_yaml

TERMINAL = re.compile(r"[.!?\"”’'»]$")
WORD_START = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Patterns:
    drop: re.Pattern
    photo: re.Pattern
    authors: re.Pattern
    other_credits: re.Pattern
    related: re.Pattern
    related_prefix: re.Pattern
    end: re.Pattern
    inline: tuple[re.Pattern, ...]
    inline_related: re.Pattern
    title_words: frozenset[str] = field(default_factory=frozenset)


def _any(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", flags)


@cache
def patterns() -> Patterns:
    """The compiled boilerplate patterns (loaded once)."""
    data = load_yaml("clean/boilerplate.yaml")
    related = "|".join(f"(?:{p})" for p in data["related_markers"])
    return Patterns(
        drop=_any(data["drop_lines"]),
        photo=_any(data["photo_lines"]),
        authors=re.compile(data["credit_lines"]["authors"], re.IGNORECASE),
        other_credits=re.compile(data["credit_lines"]["others"], re.IGNORECASE),
        related=re.compile(rf"(?:{related})\s*:?", re.IGNORECASE),
        related_prefix=re.compile(rf"(?:{related})\s*:?\s*(?=\S)", re.IGNORECASE),
        end=_any(data["end_markers"], 0),
        inline=tuple(re.compile(p, re.MULTILINE) for p in data["inline"]),
        inline_related=_any(data["inline_related"], 0),
        title_words=frozenset(w.casefold() for w in data["title_words"]),
    )


def headline_like(line: str) -> bool:
    """A line that reads as a headline: no sentence end, not too long, not a quote."""
    return not TERMINAL.search(line) and len(line.split()) <= 25 and line[:1] not in "\"“'‘("


def strip_lines(lines: list[str], *, authors: list[str]) -> list[str]:
    """The lines without boilerplate; writer names found on the way go into ``authors``."""
    p = patterns()
    out: list[str] = []
    skip_headlines = 0
    for i, line in enumerate(lines):
        if skip_headlines:
            if headline_like(line) and not p.related.fullmatch(line):
                skip_headlines -= 1
                continue
            skip_headlines = 0
        if p.related.fullmatch(line):
            skip_headlines = 3
            continue
        if p.related_prefix.match(line) and len(line.split()) <= 30 and not p.drop.fullmatch(line):
            continue  # "Baca juga: Headline" on one line
        if p.drop.fullmatch(line) or p.photo.fullmatch(line) or p.other_credits.fullmatch(line):
            continue
        m = p.authors.fullmatch(line)
        if m and len(line.split()) <= 10 and not TERMINAL.search(line):
            for name in re.split(r"\s*(?:,|/|&|\bdan\b|\band\b)\s*", m.group("name")):
                name = name.strip(" .()")
                if name and name not in authors:
                    authors.append(name)
            continue
        if p.end.fullmatch(line) and _only_short_lines(lines[i + 1:]):
            break
        out.append(line)
    return out


def cut_at_end_marker(lines: list[str]) -> list[str]:
    """The lines before an end marker (``(ita/ita)``) that only tags and promotions follow.

    Runs before fragment joining, while the tag list is still one tag a line.
    """
    p = patterns()
    for i, line in enumerate(lines):
        stripped = " ".join(line.split())
        if p.end.fullmatch(stripped) and i > 0 and _only_short_lines(lines[i + 1:]):
            return lines[:i]
    return lines


def _only_short_lines(rest: list[str]) -> bool:
    return all(len(line.split()) <= 12 for line in rest)


def strip_inline(line: str) -> str:
    """One line without inline boilerplate (tags, photo credits, glued "Baca Juga" links)."""
    p = patterns()
    for pattern in p.inline:
        line = pattern.sub(" ", line)
    m = p.inline_related.search(line)
    while m:
        line = line[:m.start()].rstrip() + " " + _after_related(line[m.end():]).lstrip()
        m = p.inline_related.search(line, m.start() + 1)
    return " ".join(line.split())


# A photo caption that opens a scraped body, its credit glued to the first sentence:
# "Kim Jong-un (left) shakes hands with ... 2019. (Korea Herald DB)North Korea and ..."
LEADING_CAPTION = re.compile(r"^.{20,600}?[.!?]\s*\((?P<credit>[^()]{2,60})\)(?=[A-Z“\"])")


def drop_leading_caption(line: str) -> str:
    """The first paragraph without a photo caption glued before its first sentence."""
    m = LEADING_CAPTION.match(line)
    return line[m.end():] if m else line


# Seams where a glued headline ends and the body resumes: "IranMenurut", "Terpilih?Ini".
SEAM = re.compile(r"(?<=[a-z0-9?!.\"”)])(?=[A-Z])")


def _after_related(rest: str) -> str:
    """What follows a glued "Baca Juga": drop its headlines, keep the body that resumes."""
    words = list(re.finditer(r"\S+", rest))
    title_words = patterns().title_words
    first_body = None
    for k, w in enumerate(words):
        token = w.group().strip("\"“”'‘’,:;()-–—?!.")
        if token and token[0].islower() and token.casefold() not in title_words:
            first_body = k
            break
    if first_body is None:
        return "" if len(words) <= 25 else rest
    body_at = words[first_body].start()
    # the body starts at the last seam before its first lower-case word, else at the
    # capitalised word just before it ("... Tanduk Sebelumnya pada hari itu")
    seams = [m.start() for m in SEAM.finditer(rest, 0, body_at)]
    if seams:
        start = seams[-1]
    elif first_body > 0:
        start = words[first_body - 1].start()
    else:
        return rest
    return rest[start:]

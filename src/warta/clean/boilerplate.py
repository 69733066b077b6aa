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
    contact: re.Pattern
    embed_signature: re.Pattern
    caption_start: re.Pattern
    closing: re.Pattern
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
        contact=re.compile(r"(?<![^\W\d_])(?:" + "|".join(data["contact_words"]) + r")(?![^\W\d_])", re.IGNORECASE),
        embed_signature=re.compile(data["embed_signature"]),
        caption_start=_any(data["caption_starts"], 0),
        closing=_any(data["closing_lines"], 0),
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


# Hangul, kana and CJK ideographs: a tip footer left in a Latin-script article.
CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")
# Where a foreign footer may start: a CJK character, or a bullet right before one.
CJK_START = re.compile("[■□▶►▷•*]?\\s*[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")
MAIL = re.compile(r"\S+@\S+\.\w{2,}")
PHONE = re.compile(r"\+?\(?\d[\d ()-]{5,}\d")


def _has_phone_or_mail(text: str) -> bool:
    """An e-mail address, or a run of seven or more digits written as a phone number."""
    return bool(MAIL.search(text)) or any(sum(c.isdigit() for c in m.group()) >= 7 for m in PHONE.finditer(text))


def _cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(bool(CJK.match(c)) for c in letters) / len(letters) if letters else 0.0


def _foreign_tail(line: str) -> int | None:
    """Where the first CJK run starts after which at least half the letters are CJK, or None.

    Letters and CJK letters are counted from the end once, so a long line costs one pass
    (measuring each run's tail anew made a line of 200,000 characters take seconds)."""
    starts = [m.start() for m in CJK_START.finditer(line)]
    if not starts:
        return None
    letters = cjk = 0
    tail: dict[int, float] = {}
    wanted = set(starts)
    for at in range(len(line) - 1, starts[0] - 1, -1):
        char = line[at]
        if char.isalpha():
            letters += 1
            cjk += bool(CJK.match(char))
        if at in wanted:
            tail[at] = cjk / letters if letters else 0.0
    return next((at for at in starts if tail[at] >= 0.5), None)


def drop_foreign_footer(lines: list[str]) -> list[str]:
    """A Latin-script body without a trailing tip footer in another script or of contacts.

    Outlets end a translated article with a line asking for tips in their own language
    (Hangul, CJK) or giving phone numbers and e-mail addresses; the footer may be glued
    to the last sentence. An article mostly in CJK script is left alone.
    """
    if not lines or _cjk_share(" ".join(lines)) > 0.3:
        return lines
    out = list(lines)
    contact = patterns().contact
    while out:
        last = out[-1]
        cut = _foreign_tail(last)
        if cut is not None:
            rest = last[:cut].rstrip()
            out[-1:] = [rest] if rest else []
            if rest:
                break
            continue
        if len(last.split()) <= 30 and contact.search(last) and _has_phone_or_mail(last):
            out.pop()
            continue
        break
    return out


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


# A sentence end glued to what follows: where a scraper joined two blocks ("end.Next").
GLUED_END = re.compile(r"[.!?][”\"’']?(?=[^\s.,;:!?”\"’')\]])")
# The longest post text taken back from a signature when no glued block start is found.
POST_MAX_CHARS = 400


def drop_embeds(lines: list[str]) -> list[str]:
    """The lines without embedded posts.

    A post ends in its signature (``— Name (@handle) June 18, 2025``); it starts where a
    glued block starts before it (``...end of paragraph.POST TEXT — Name ...``), else at
    the line start when the line is short. Lines that only repeat part of a dropped post
    (the same post stored again one line a piece) go too.
    """
    p = patterns()
    posts: list[str] = []
    kept: list[str] = []
    for line in lines:
        m = p.embed_signature.search(line)
        if not m:
            kept.append(line)
            continue
        before = line[:m.start()]
        starts = [g.end() for g in GLUED_END.finditer(before, max(0, len(before) - POST_MAX_CHARS))]
        start = starts[-1] if starts else (0 if len(before) <= POST_MAX_CHARS else len(before))
        posts.append(_fold(line[start:]))
        if before[:start].strip():
            kept.append(before[:start].rstrip())
    if not posts:
        return lines
    return [line for line in kept if not ((key := _fold(line)) and any(key in post for post in posts))]


def drop_caption_paragraph(lines: list[str]) -> list[str]:
    """Without a first paragraph that is a photo caption (``X (left) receives ...``)."""
    if len(lines) > 1 and len(lines[0].split()) <= 80 and patterns().caption_start.match(lines[0]):
        return lines[1:]
    return lines


def drop_closing_byline(lines: list[str]) -> list[str]:
    """Without a last line that only names a team byline (``Tim Redaksi``)."""
    if len(lines) > 1 and patterns().closing.fullmatch(lines[-1]):
        return lines[:-1]
    return lines


# A photo caption that opens a scraped body, its credit glued to the first sentence:
# "Mayor Ann Lee (left) shakes hands with ... 2021. (City Daily DB)The city and ..."
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
    # capitalised word just before it ("... Banjir Sebelumnya pada hari itu")
    seams = [m.start() for m in SEAM.finditer(rest, 0, body_at)]
    if seams:
        start = seams[-1]
    elif first_body > 0:
        start = words[first_body - 1].start()
    else:
        return rest
    return rest[start:]

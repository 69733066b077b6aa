"""Tokens, paragraphs and sentences as the quotes stage sees them.

Its one job: cut the cleaned text into offset-carrying tokens (splitting words that
link removal glued together, ``negeriKorutmemperingatkan``), paragraphs (lines, with
lines that a scraper broke mid-sentence joined back) and sentences, so the attribution
rules work on the text itself and never on a particular sentence splitter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_QUOTES = '"“”„«»'
SINGLE_QUOTES = "‘’‹›'"
QUOTE_CHARS = DOUBLE_QUOTES + SINGLE_QUOTES
OPENING_GLYPHS = "“„«‘‹"
CLOSING_GLYPHS = "”»’›"

_TOKEN = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]", re.UNICODE)
_TERMINAL = ".!?…"


@dataclass
class Tok:
    """One token: its text, offsets into the document, and where it sits."""

    text: str
    start: int
    end: int
    i: int = 0
    para: int = 0
    sent: int = 0
    low: str = field(init=False)

    def __post_init__(self) -> None:
        self.low = self.text.casefold()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_quote(self) -> bool:
        return len(self.text) == 1 and self.text in QUOTE_CHARS


def _glue_points(word: str, verbs: frozenset[str]) -> list[int]:
    """Offsets inside ``word`` where two glued words meet (``negeriKorut`` -> 6)."""
    points: list[int] = []
    last = 0
    for k in range(1, len(word)):
        if word[k - 1].islower() and word[k].isupper() and k - last >= 3:
            points.append(k)
            last = k
    # A speech verb glued to the end of a capitalised word ("Korutmemperingatkan").
    pieces = [0, *points, len(word)]
    extra: list[int] = []
    for a, b in zip(pieces, pieces[1:], strict=False):
        piece = word[a:b]
        if not piece[:1].isupper():
            continue
        low = piece.casefold()
        for verb in verbs:
            if len(verb) >= 7 and low.endswith(verb) and len(low) - len(verb) >= 2:
                extra.append(b - len(verb))
                break
    return sorted(set(points + extra))


def tokenize(text: str, start: int, end: int, *, verbs: frozenset[str] = frozenset()) -> list[Tok]:
    """Tokens of ``text[start:end]`` with document offsets."""
    out: list[Tok] = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        cuts = _glue_points(word, verbs) if len(word) > 5 and word[:1].isalpha() else []
        bounds = [0, *cuts, len(word)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            out.append(Tok(word[a:b], m.start() + a, m.start() + b))
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets: non-empty lines, rejoining lines broken inside a sentence."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            lines.append((s, e))
    out: list[tuple[int, int]] = []
    for s, e in lines:
        if out and _continues(text[out[-1][0]:out[-1][1]], text[s:e]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``prev`` (a scraper's stray break)."""
    first = line[:1]
    if first.islower() or first in ",.;:)]":
        return True
    if prev[-1:] in _TERMINAL + ":" + QUOTE_CHARS + ")]":
        return False
    words = prev.split()
    # "... seperti dilansir" + "Reuters": a lower-case word left hanging before a name.
    return bool(words) and words[-1][:1].islower() and len(line.split()) <= 3 and first not in QUOTE_CHARS


def sentence_bounds(toks: list[Tok], text: str, abbreviations: frozenset[str]) -> list[int]:
    """Indices into ``toks`` (one paragraph) where a new sentence starts (always 0)."""
    starts = [0]
    n = len(toks)
    for k, tok in enumerate(toks):
        if tok.text not in _TERMINAL or k + 1 >= n:
            continue
        prev = toks[k - 1] if k else None
        if tok.text == "." and prev is not None and prev.end == tok.start:
            if prev.low in abbreviations or (len(prev.text) == 1 and prev.text.isalpha()):
                continue
            if prev.text.isdigit() and k + 1 < n and toks[k + 1].text.isdigit():
                continue
        j = k + 1
        # closing quote marks and brackets stay with the sentence they end
        while j < n and toks[j].text in QUOTE_CHARS + ")]" and toks[j].text not in OPENING_GLYPHS \
                and toks[j].start == toks[j - 1].end and not (j + 1 < n and toks[j + 1].start == toks[j].end
                                                              and toks[j + 1].is_word):
            j += 1
        while j < n and toks[j].text in _TERMINAL:
            j += 1
        if j >= n:
            break
        nxt = toks[j]
        if nxt.start == toks[j - 1].end and nxt.is_word:
            continue  # "19.15", "U.S." and glued words are not sentence ends
        if nxt.text[:1].isupper() or nxt.text in QUOTE_CHARS or nxt.text in "([" or nxt.text[:1].isdigit():
            starts.append(j)
    return starts


def number_like(tok: Tok, number_words: frozenset[str]) -> bool:
    return tok.text[:1].isdigit() or tok.low in number_words

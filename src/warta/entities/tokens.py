"""Word tokens with character offsets, robust to words glued together by bad cleaning.

The entities stage matches names over these tokens rather than spaCy's: a page that
lost its spaces (``seranganIsraelyang``, ``JepangNHK``) still yields ``Israel`` and
``NHK`` as tokens, split where a lower-case letter meets a capital and, for
Indonesian, before a known function word glued to a capitalised word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
_CAMEL = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def fold(self) -> str:
        return self.text.casefold()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_cap(self) -> bool:
        """Starts with a capital letter (``Kim``, ``KCNA``, ``I``)."""
        return self.text[:1].isupper()

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str, *, glue: Iterable[str] = (), known_heads: frozenset[str] = frozenset()) -> list[Token]:
    """Tokens of ``text``: words, numbers and single punctuation marks.

    ``glue`` lists function words that badly cleaned text glues to the end of a
    capitalised word; such a word is split before the glued word when what is left is
    a known name start (``known_heads``, case-folded) or, for glue words of four
    letters or more, at least four letters long.
    """
    glue_words = glue if isinstance(glue, frozenset) else frozenset(g.casefold() for g in glue)
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        start = m.start()
        pieces = _CAMEL.split(m.group()) if m.group()[:1].isalpha() else [m.group()]
        for piece in pieces:
            end = start + len(piece)
            # A possessive comes off as its own token: "Russia's" -> "Russia", "'s".
            if len(piece) > 3 and piece[-2] in "'\u2019" and piece[-1] in "sS":
                out.extend(_unglue(piece[:-2], start, glue_words, known_heads))
                out.append(Token(piece[-2:], end - 2, end))
            else:
                out.extend(_unglue(piece, start, glue_words, known_heads))
            start = end
    return out


def _unglue(word: str, start: int, glue_words: frozenset[str], known_heads: frozenset[str]) -> list[Token]:
    if glue_words and len(word) >= 6 and word[:1].isupper() and word[1:].islower():
        low = word.casefold()
        if low in known_heads:
            return [Token(word, start, start + len(word))]
        # The longest glued word first: cut as far left as leaves three letters.
        for cut in range(3, len(low)):
            g = low[cut:]
            if g not in glue_words:
                continue
            head = low[:cut]
            if head in known_heads or (len(g) >= 5 and len(head) >= 4):
                return [Token(word[:cut], start, start + cut), Token(word[cut:], start + cut, start + len(word))]
    return [Token(word, start, start + len(word))]


def joined(text: str, a: Token, b: Token) -> bool:
    """Whether two neighbouring tokens belong to one name: at most one space or
    a glued boundary between them, never a line break."""
    gap = text[a.end:b.start]
    return gap == "" or (len(gap) <= 2 and gap.strip(" \u00a0\t") == "")

"""Plain text articles: a first line that reads as a headline is the title, the rest the raw body.

The body is kept as written (credit lines such as ``- Anadolu`` and datelines such
as ``Jakarta, tvOnenews.com –`` stay in it): the ``clean`` stage removes them and
fills the source metadata from them.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import EmptyInput, NoArticle
from ..model import RawArticle
from ..options import Options
from .decode import decode, read_limited

# Headlines run to about 150 characters; a longer first line is the article's first paragraph.
MAX_HEADLINE_CHARS = 200
# Two sentences in one line ("... kata dia. Polisi ..."): a paragraph, not a headline.
_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")


def reads_as_headline(line: str) -> bool:
    """Whether a line is a headline rather than a paragraph: short, one sentence, no full stop."""
    line = line.strip()
    return len(line) <= MAX_HEADLINE_CHARS and not _SENTENCE_INSIDE.search(line) and not line.endswith(".")


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body) of an article's text: the first line is the title when it reads as a
    headline and more text follows; otherwise the whole text is the body, untitled."""
    first, _, rest = text.lstrip().partition("\n")
    if not rest.strip() or not reads_as_headline(first):
        return None, text
    return first.strip() or None, rest


def parse_text(text: str, *, origin: str, path: str | None = None) -> RawArticle:
    """One article from its text: a headline line if there is one, then the body."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyInput("no text", origin=origin)
    title, body = split_title(text)
    if title is None and reads_as_headline(body):
        raise NoArticle("only a headline (one short line, no body)", origin=origin)
    return RawArticle(text=body, title=title, origin=origin, path=path)


def read_text_file(path: Path, *, options: Options) -> RawArticle:
    """The article in a text file of any encoding (gzipped when ``.gz``)."""
    data = read_limited(path, options.max_article_bytes)
    return parse_text(decode(data, origin=str(path)), origin=str(path), path=str(path))

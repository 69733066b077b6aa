"""Plain text articles: the first non-blank line is the title, the rest the raw body.

The body is kept as written (credit lines such as ``- Anadolu`` and datelines such
as ``Jakarta, tvOnenews.com –`` stay in it): the ``clean`` stage removes them and
fills the source metadata from them.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EmptyInput, NoArticle
from ..model import RawArticle
from ..options import Options
from .decode import decode, read_limited


def parse_text(text: str, *, origin: str, path: str | None = None) -> RawArticle:
    """One article from its text: title line, then body."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyInput("no text", origin=origin)
    title, _, body = text.lstrip().partition("\n")
    if not body.strip():
        raise NoArticle("only one line (a title and no body)", origin=origin)
    return RawArticle(text=body, title=title.strip() or None, origin=origin, path=path)


def read_text_file(path: Path, *, options: Options) -> RawArticle:
    """The article in a text file of any encoding (gzipped when ``.gz``)."""
    data = read_limited(path, options.max_article_bytes)
    return parse_text(decode(data, origin=str(path)), origin=str(path), path=str(path))

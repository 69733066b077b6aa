"""warta: structured, attributed event data from Indonesian and English news.

The library API; the CLI and the web API are thin layers over it::

    import warta
    doc = warta.extract("article.txt", published="2025-06-19")
    print(doc.to_json(indent=2))
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .errors import InputError, WartaError
from .model import Document, RawArticle
from .options import Options
from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Document", "Options", "Pipeline", "RawArticle", "WartaError", "extract", "extract_all", "process"]


@lru_cache(maxsize=4)
def _pipeline(options: Options) -> Pipeline:
    return Pipeline(options)


def process(raw: RawArticle, *, options: Options | None = None) -> Document:
    """Run the pipeline on one raw article."""
    return _pipeline(options or Options())(raw)


def extract_all(source: str | Path, *, options: Options | None = None) -> Iterator[Document | WartaError]:
    """Every article of a source (file, corpus, URL, ``-``), processed, in input order.

    An article that cannot be read or processed is yielded as a one-line
    :class:`~warta.errors.WartaError` naming it, and the rest still come; a broken
    set-up (missing model, unknown stage) raises.
    """
    from .store.batch import process_all

    for outcome in process_all([source], options=options or Options()):
        yield outcome.doc if outcome.doc is not None else outcome.error


def _names_a_source(text: str) -> bool:
    """Whether a string is a path or URL to read rather than an article's own text."""
    if "\n" in text or len(text) > 4096:
        return False
    if "://" in text:
        return True
    try:
        return Path(text).is_file()
    except OSError:  # e.g. a name too long for the file system: it is text
        return False


def extract(
    text_or_path: str | Path,
    *,
    published: str | None = None,
    lang: str | None = None,
    url: str | None = None,
    title: str | None = None,
    options: Options | None = None,
) -> Document:
    """One article as a record: from a path or URL to a single article, or from its text.

    A string that names an existing file (or is a URL) is read; any other string is
    taken as the article itself (first line the title when ``title`` is not given).
    """
    options = (options or Options()).but(published=published, lang=lang)
    source = str(text_or_path)
    if isinstance(text_or_path, Path) or _names_a_source(source):
        for item in extract_all(source, options=options):
            if isinstance(item, WartaError):
                raise item
            return item
        raise InputError("no article found", origin=source)
    if title is None:
        title, _, body = source.strip().partition("\n")
    else:
        body = source
    raw = RawArticle(text=body, title=title.strip() or None, origin="<text>", url=url)
    return process(raw, options=options)

"""warta: structured, attributed event data from Indonesian and English news.

The library API; the CLI and the web API are thin layers over it::

    import warta
    doc = warta.extract_file("article.txt", published="2025-06-19")   # or extract_text, extract_url
    print(doc.to_json(indent=2))
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from .budget import setup_time
from .errors import InputError, UsageError, WartaError
from .model import Document, RawArticle
from .options import Options
from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Document", "Options", "Pipeline", "RawArticle", "WartaError", "extract", "extract_all", "extract_file",
           "extract_text", "extract_url", "process", "schema", "to_frames"]

SCHEMA_PATH = Path(__file__).parent / "data" / "schema" / "document.schema.json"


def to_frames(source: Any) -> dict[str, Any]:
    """The record tables (documents, entities, mentions, places, times, quantities, quotes,
    events) as pandas DataFrames: from a store, a store's path or URL, or documents."""
    from .export import to_frames as frames
    from .store import Store, open_store

    if isinstance(source, (str, Path)):
        with open_store(source, read_only=True) as store:
            return frames(store.iter_stored())
    return frames(source.iter_stored() if isinstance(source, Store) else source)


def schema() -> dict[str, Any]:
    """The JSON Schema of the records (``warta.document/1``), as shipped in the package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _pipeline(options: Options) -> Pipeline:
    return Pipeline(options)


def process(raw: RawArticle, *, options: Options | None = None) -> Document:
    """Run the pipeline on one raw article."""
    return _built(options)(raw)


def process_many(raws: list[RawArticle], *, options: Options | None = None) -> list[Document | Exception]:
    """Run the pipeline on several raw articles at once (spaCy's components batched): each one's
    document, or the exception its processing raised, in order; the same documents as :func:`process`."""
    return _built(options).pipe(raws)


def _built(options: Options | None) -> Pipeline:
    """The pipeline of these options (the first call builds its stages: set-up, not an article's time)."""
    with setup_time():
        return _pipeline(options or Options())


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
    """Whether a string looks like a path or URL rather than an article's own text."""
    if "\n" in text or len(text) > 4096:
        return False
    if "://" in text:
        return True
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL: it is text
        return False


def extract_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    lang: str | None = None,
    options: Options | None = None,
) -> Document:
    """One article from its text (nothing is read or fetched, whatever the text says).

    Without ``title``, the first line is the title when it reads as a headline and more
    lines follow; one paragraph is all body.
    """
    if not isinstance(text, str):
        raise UsageError(f"extract_text takes the article as a str, not {type(text).__name__}")
    options = (options or Options()).but(published=published, lang=lang)
    from .ingest.text import split_title

    if title is None:
        title, body = split_title(text)
    else:
        body = text
    raw = RawArticle(text=body, title=(title or "").strip() or None, origin="<text>", url=url)
    return process(raw, options=options)


def extract_file(path: str | Path, *, published: str | None = None, lang: str | None = None,
                 options: Options | None = None) -> Document:
    """The first article of a file (text, HTML, a corpus...); its one-line error when it holds none."""
    return _first(Path(path), options=(options or Options()).but(published=published, lang=lang))


def extract_url(url: str, *, published: str | None = None, lang: str | None = None,
                options: Options | None = None) -> Document:
    """The article at an http(s) URL (loopback and private addresses only with ``allow_private``)."""
    from .ingest.web import is_url

    if not isinstance(url, str) or not is_url(url):
        raise UsageError(f"not an http(s) URL: {url!r}")
    return _first(url, options=(options or Options()).but(published=published, lang=lang))


def _first(source: str | Path, *, options: Options) -> Document:
    for item in extract_all(source, options=options):
        if isinstance(item, WartaError):
            raise item
        return item
    raise InputError("no article found", origin=str(source))


def extract(
    text_or_path: str | Path,
    *,
    published: str | None = None,
    lang: str | None = None,
    url: str | None = None,
    title: str | None = None,
    options: Options | None = None,
) -> Document:
    """One article as a record: a :class:`~pathlib.Path` is read, a string is the article's text.

    A string that looks like a path or a URL is refused (:class:`UsageError`) rather than
    read or fetched: call :func:`extract_file` or :func:`extract_url` for those, or
    :func:`extract_text` to take it as text.
    """
    if isinstance(text_or_path, Path):
        return extract_file(text_or_path, published=published, lang=lang, options=options)
    if not isinstance(text_or_path, str):
        raise UsageError(f"extract takes an article's text (str) or a Path, not {type(text_or_path).__name__}")
    if title is None and _names_a_source(text_or_path):
        raise UsageError("this looks like a path or a URL, not an article: call warta.extract_file or "
                         "warta.extract_url to read it, or warta.extract_text to take it as text",
                         origin=text_or_path)
    return extract_text(text_or_path, title=title, url=url, published=published, lang=lang, options=options)

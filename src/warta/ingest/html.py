"""HTML pages: body text and metadata (title, date, authors, site name, URL) via trafilatura.

The page is decoded here (BOM, the HTTP charset, UTF-8, the page's own ``<meta
charset>``, then charset-normalizer) because trafilatura ignores declared charsets.
The article comes back with ``extracted=True``: trafilatura already separated the
metadata from the body.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import BinaryInput, NoArticle
from ..model import RawArticle
from ..options import Options
from .decode import binary_kind, bom_encoding, decode, read_limited
from .meta import iso_datetime, split_authors

# trafilatura settings, chosen on the ScrapingHub benchmark (bench/html_extraction.py).
EXTRACTION: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
}

# Precision mode sometimes keeps only a caption of a page whose article sits in an
# unusual block: a body shorter than this is extracted again with these settings,
# and the longer body wins.
RETRY_BELOW_WORDS = 60
RETRY: dict[str, Any] = {"favor_precision": False}

# A page whose extracted body has fewer words than this holds no article.
MIN_BODY_WORDS = 12

# htmldate with time of day; midnight without a zone is cut back to the date.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")


def is_html_path(path: Path) -> bool:
    return path.name.lower().endswith(_SUFFIXES)


def decode_html(data: bytes, *, origin: str, charset: str | None = None) -> str:
    """The page's text: BOM, then ``charset`` (from HTTP), UTF-8, ``<meta charset>``, detection."""
    kind = binary_kind(data[:65536])
    if kind:
        raise BinaryInput(f"not an HTML page: {kind}", origin=origin)
    guesses = [bom_encoding(data), charset, "utf-8"]
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        guesses.append(declared.group(1).decode("ascii", "replace"))
    for encoding in filter(None, guesses):
        try:
            return data.decode(_whatwg(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    return decode(data, origin=origin)


def _whatwg(encoding: str) -> str:
    # Browsers read a declared latin-1 / ascii page as cp1252.
    name = encoding.strip().lower()
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1") else name


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site name; where a page gives a URL (a social profile) instead, the page's host."""
    name = (sitename or "").strip()
    if name and "://" not in name and not name.startswith("www."):
        return name
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return None


_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014:\u00bb/]\s+|:\s+")


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _title_and_body(title: str, body: str, outlet: str | None, host: str | None) -> tuple[str | None, str]:
    """The headline without the site's name around it, and the body without the headline.

    Pages title themselves "Headline | Site" or "Site: Headline"; a part of the title
    is dropped only where it is the outlet's name. The body often starts with the
    headline (the page's ``<h1>``): that line goes, and becomes the title when the
    page title is that line plus more.
    """
    if title and (outlet or host):
        key, host_key = _squash(outlet or ""), _squash(host or "")
        parts = _SEPARATORS.split(title)

        def site(part: str) -> bool:
            squashed = _squash(part)
            return bool(key and key in squashed or len(squashed) >= 4 and squashed in host_key)

        if len(parts) > 1:
            kept = [p for i, p in enumerate(parts) if not ((i == 0 or i == len(parts) - 1) and site(p))]
            if kept and len(kept) < len(parts):
                title = _rejoin(title, kept)
    first, _, rest = body.partition("\n")
    if first and rest and title:
        line, head = _squash(first), _squash(title)
        if line == head:
            body = rest
        elif len(first) >= 15 and (head.startswith(line) or line in head and len(line) >= 0.6 * len(head)):
            title, body = first, rest
    return title or None, body


def _rejoin(title: str, kept: list[str]) -> str:
    # The kept parts, with the separators between them as they were in the title.
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(kept)


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract_html(
    page: bytes | str,
    *,
    origin: str,
    url: str | None = None,
    path: str | None = None,
    charset: str | None = None,
    settings: dict[str, Any] | None = None,
) -> RawArticle:
    """The article of one HTML page; :class:`NoArticle` when the page holds none.

    ``url`` (where the page was fetched from) wins over the page's canonical URL.
    ``settings`` overrides :data:`EXTRACTION` (the benchmark tries variants).
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    html = decode_html(page, origin=origin, charset=charset) if isinstance(page, bytes) else page
    if not html.strip():
        raise NoArticle("empty page", origin=origin)
    date_params = {**set_date_params(True), "outputformat": _DATE_FORMAT}
    chosen = {**EXTRACTION, **(settings or {})}
    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, date_extraction_params=date_params, **chosen)
        body = _tidy(result.text or "") if result is not None else ""
        if len(body.split()) < RETRY_BELOW_WORDS and {**chosen, **RETRY} != chosen:
            again = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, date_extraction_params=date_params, **{**chosen, **RETRY})
            again_body = _tidy(again.text or "") if again is not None else ""
            if len(again_body.split()) > len(body.split()):
                result, body = again, again_body
    except Exception as exc:  # noqa: BLE001 -- a third-party parser on arbitrary input: never a traceback
        raise NoArticle(f"cannot parse the page ({type(exc).__name__}: {exc})", origin=origin) from None
    if result is None or not body:
        raise NoArticle("no article text found in the page", origin=origin)
    page_url = url or result.url
    outlet = _outlet(result.sitename, page_url)
    host = urlsplit(page_url).hostname if page_url else None
    title, body = _title_and_body(" ".join((result.title or "").split()), body, outlet, host)
    if len(body.split()) < MIN_BODY_WORDS:
        raise NoArticle("no article text found in the page", origin=origin)
    return RawArticle(
        text=body,
        origin=origin,
        title=title,
        published=iso_datetime(result.date),
        url=page_url or None,
        path=path,
        outlet=outlet,
        authors=split_authors(result.author),
        extracted=True,
    )


def read_html_file(path: Path, *, options: Options) -> RawArticle:
    """The article of an HTML file (gzipped when ``.gz``)."""
    data = read_limited(path, options.max_article_bytes)
    return extract_html(data, origin=str(path), path=str(path))

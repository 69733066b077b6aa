"""URLs: fetch a page (or a feed, then each of its items' pages) with httpx.

Redirects are followed and ``options.timeout`` bounds each request. An unreachable
host, an HTTP error status, a body over ``options.max_article_bytes`` or content
that is neither HTML nor a feed is a one-line :class:`FetchError` (or
:class:`TooLarge`) naming the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..errors import BadRecord, FetchError, InputError, TooLarge
from ..model import RawArticle
from ..options import Options
from .feed import FeedItem, looks_like_feed, parse_feed
from .html import extract_html

USER_AGENT = "warta/0.1 (news event extraction; +https://pypi.org/project/warta/)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_url(source: str) -> bool:
    return source.split("://", 1)[0].lower() in ("http", "https") and "://" in source


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    media_type: str
    charset: str | None


def _client(options: Options) -> httpx.Client:
    return httpx.Client(follow_redirects=True, timeout=options.timeout, headers={"User-Agent": USER_AGENT})


def fetch(client: httpx.Client, url: str, *, options: Options) -> Fetched:
    """The body of ``url``, read up to the size limit; :class:`FetchError` on any failure."""
    limit = options.max_article_bytes
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(), origin=url)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge(f"page is {int(declared):,} bytes, over the {limit:,}-byte limit", origin=url)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise TooLarge(f"page is over the {limit:,}-byte limit", origin=url)
                chunks.append(chunk)
            media, _, _params = response.headers.get("Content-Type", "").partition(";")
            return Fetched(url=str(response.url), content=b"".join(chunks), media_type=media.strip().lower(),
                           charset=response.charset_encoding)
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {options.timeout:g} s", origin=url) from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect ({_short(exc)})", origin=url) from None
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects", origin=url) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"not a fetchable URL ({_short(exc)})", origin=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed ({type(exc).__name__}: {_short(exc)})", origin=url) from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _is_feed(fetched: Fetched) -> bool:
    if fetched.media_type in _HTML_TYPES:
        return False
    return looks_like_feed(fetched.content[:4096])


def read_url(url: str, *, options: Options) -> Iterator[RawArticle | InputError]:
    """The article at ``url``, or the articles of the feed at ``url``."""
    with _client(options) as client:
        fetched = fetch(client, url, options=options)
        if _is_feed(fetched):
            items = parse_feed(fetched.content, origin=url, base_url=fetched.url)
            yield from read_feed_items(items, client=client, options=options, origin=url)
            return
        if fetched.media_type and fetched.media_type not in _HTML_TYPES:
            raise FetchError(f"not an HTML page or a feed (Content-Type: {fetched.media_type})", origin=url)
        yield extract_html(fetched.content, origin=url, url=fetched.url, charset=fetched.charset)


def read_feed_items(items: list[FeedItem], *, client: httpx.Client | None = None, options: Options,
                    origin: str) -> Iterator[RawArticle | InputError]:
    """The article behind each feed item's link; a failed item is yielded as its error."""
    if not items:
        yield InputError("feed has no items", origin=origin)
        return
    if client is None:
        with _client(options) as own:
            yield from read_feed_items(items, client=own, options=options, origin=origin)
        return
    for number, item in enumerate(items, 1):
        if not item.link:
            yield BadRecord(f"feed item {number} has no link", origin=origin)
            continue
        try:
            fetched = fetch(client, item.link, options=options)
            if fetched.media_type and fetched.media_type not in _HTML_TYPES:
                raise FetchError(f"not an HTML page (Content-Type: {fetched.media_type})", origin=item.link)
            article = extract_html(fetched.content, origin=item.link, url=fetched.url, charset=fetched.charset)
        except InputError as exc:
            yield exc
            continue
        # The feed's own metadata fills what the page does not give.
        article.title = article.title or item.title
        article.published = article.published or item.published
        article.authors = article.authors or list(item.authors)
        yield article


def read_feed_file(path: Path, *, options: Options) -> Iterator[RawArticle | InputError]:
    """The articles behind the items of a feed saved as a file."""
    from .decode import read_limited

    data = read_limited(path, options.max_article_bytes)
    yield from read_feed_items(parse_feed(data, origin=str(path)), options=options, origin=str(path))

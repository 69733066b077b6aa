"""URLs: fetch a page (or a feed, then each of its items' pages) with httpx.

Only what the user names is fetched: a feed's items only with
``options.fetch_feed_items``, and never from a loopback, private, link-local or other
non-public address unless ``options.allow_private`` (checked before the request and again
on every redirect, which is followed here hop by hop). ``options.timeout`` bounds each
request. An unreachable host, a refused address, an HTTP error status, a body over
``options.max_article_bytes`` or content that is neither HTML nor a feed is a one-line
:class:`FetchError` (or :class:`TooLarge`) naming the URL.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import BadRecord, FetchError, InputError, TooLarge
from ..model import RawArticle
from ..options import Options
from .feed import FeedItem, looks_like_feed, parse_feed
from .html import extract_html

USER_AGENT = "warta/0.1 (news event extraction; +https://pypi.org/project/warta/)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_REDIRECTS = 10
# A whole fetch (redirects and body) gets this many times ``options.timeout``.
DEADLINE_TIMEOUTS = 3
# A feed's items read at most (a feed is a list of links, not a crawl).
MAX_FEED_ITEMS = 500


def is_url(source: str) -> bool:
    return source.split("://", 1)[0].lower() in ("http", "https") and "://" in source


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    media_type: str
    charset: str | None


def _client(options: Options) -> httpx.Client:
    # Redirects are followed by ``fetch``, so that each hop's address is checked.
    return httpx.Client(follow_redirects=False, timeout=options.timeout, headers={"User-Agent": USER_AGENT})


def _not_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def check_target(url: str, *, origin: str, options: Options) -> None:
    """Refuses ``url`` when its host is, or resolves to, a non-public address (unless allowed)."""
    if options.allow_private:
        return
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise FetchError("not a fetchable URL (no host)", origin=origin)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host} ({exc})", origin=origin) from None
    for *_rest, address in found:
        ip = ipaddress.ip_address(address[0].split("%")[0])
        if _not_public(ip):
            raise FetchError(f"refused: {host} is a non-public address ({ip}); --allow-private fetches it",
                             origin=origin)


def _check_peer(response: httpx.Response, *, url: str, origin: str, options: Options) -> None:
    """Refuses a response from a non-public address: the name may have resolved differently when the
    client connected than when :func:`check_target` looked (DNS rebinding). Nothing of it is read."""
    if options.allow_private:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return
    ip = ipaddress.ip_address(str(peer[0]).split("%")[0])
    if _not_public(ip):
        raise FetchError(f"refused: {urlsplit(url).hostname} answered from a non-public address ({ip})",
                         origin=origin)


def fetch(client: httpx.Client, url: str, *, options: Options) -> Fetched:
    """The body of ``url`` (after redirects), read up to the size limit and within
    ``DEADLINE_TIMEOUTS`` times the timeout in all; :class:`FetchError` on any failure."""
    target = url
    deadline = time.monotonic() + DEADLINE_TIMEOUTS * options.timeout
    for _hop in range(MAX_REDIRECTS + 1):
        check_target(target, origin=url, options=options)
        fetched = _fetch_once(client, target, origin=url, options=options, deadline=deadline)
        if isinstance(fetched, Fetched):
            return fetched
        target = fetched
    raise FetchError("too many redirects", origin=url)


def _fetch_once(client: httpx.Client, url: str, *, origin: str, options: Options,
                deadline: float) -> Fetched | str:
    """The body of ``url``, or the address it redirects to."""
    limit = options.max_article_bytes
    try:
        with client.stream("GET", url) as response:
            _check_peer(response, url=url, origin=origin, options=options)
            if response.is_redirect and response.headers.get("Location"):
                return urljoin(url, response.headers["Location"])
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(), origin=origin)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge(f"page is {int(declared):,} bytes, over the {limit:,}-byte limit", origin=origin)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:  # a server trickling bytes never trips the read timeout
                    raise FetchError(f"not fetched within {DEADLINE_TIMEOUTS * options.timeout:g} s in all",
                                     origin=origin)
                size += len(chunk)
                if size > limit:
                    raise TooLarge(f"page is over the {limit:,}-byte limit", origin=origin)
                chunks.append(chunk)
            media, _, _params = response.headers.get("Content-Type", "").partition(";")
            return Fetched(url=str(response.url), content=b"".join(chunks), media_type=media.strip().lower(),
                           charset=response.charset_encoding)
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {options.timeout:g} s", origin=origin) from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect ({_short(exc)})", origin=origin) from None
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects", origin=origin) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"not a fetchable URL ({_short(exc)})", origin=origin) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed ({type(exc).__name__}: {_short(exc)})", origin=origin) from None


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
    """The article behind each feed item's link; a failed item is yielded as its error.

    Without ``options.fetch_feed_items`` the feed is one error saying so: its links may
    point anywhere, and nothing is fetched that the user did not name.
    """
    if not items:
        yield InputError("feed has no items", origin=origin)
        return
    if not options.fetch_feed_items:
        yield InputError(f"a feed of {len(items)} items: their pages are fetched only with --fetch-feed-items",
                         origin=origin)
        return
    if len(items) > MAX_FEED_ITEMS:
        yield InputError(f"a feed of {len(items)} items: only the first {MAX_FEED_ITEMS} are read", origin=origin)
        items = items[:MAX_FEED_ITEMS]
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

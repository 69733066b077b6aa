"""RSS and Atom feeds: the items' links (with their titles and dates), parsed with the stdlib.

RSS 2.0 (``<rss><channel><item>``), RSS 1.0 (RDF ``<item>``) and Atom
(``<feed><entry>``) are read. Each item's metadata is kept to fill what its page
lacks. External entities are not resolved (the stdlib parser does not fetch them).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from ..errors import InputError

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(rss|feed|RDF)[\s>]")


@dataclass
class FeedItem:
    link: str  # "" when the item gives none
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a document are those of an RSS or Atom feed."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return False
    # Past the XML declaration, comments and processing instructions: the root element.
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", text[:4096], flags=re.DOTALL).lstrip()
    return bool(_FEED_ROOT.match(body))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: ET.Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def _rss_date(value: str | None) -> str | None:
    """An RFC 822 date (RSS ``pubDate``) as ISO 8601; other forms are kept as written."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def _atom_link(entry: ET.Element) -> str | None:
    links = [child for child in entry if _local(child.tag) == "link" and child.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("type", "text/html") in ("text/html", ""):
            return link.get("href")
    return links[0].get("href") if links else None


def parse_feed(data: bytes, *, origin: str, base_url: str | None = None) -> list[FeedItem]:
    """The items of a feed; :class:`InputError` when it is not well-formed XML."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"not a well-formed feed ({exc})", origin=origin) from None
    items: list[FeedItem] = []
    for element in root.iter():
        kind = _local(element.tag)
        if kind == "item":  # RSS 2.0 and RSS 1.0
            link = _child_text(element, "link")
            if not link:
                guid = next((c for c in element if _local(c.tag) == "guid"), None)
                if guid is not None and guid.get("isPermaLink", "true") == "true" and (guid.text or "").strip():
                    link = guid.text.strip()
            link = link or element.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            published = _rss_date(_child_text(element, "pubDate")) or _child_text(element, "date")
            authors = [a for a in (_child_text(element, "creator"), _child_text(element, "author")) if a]
        elif kind == "entry":  # Atom
            link = _atom_link(element)
            published = _child_text(element, "published", "updated")
            authors = [
                name for author in element if _local(author.tag) == "author"
                if (name := _child_text(author, "name"))
            ]
        else:
            continue
        link = (link or "").strip()
        items.append(FeedItem(
            link=urljoin(base_url, link) if base_url and link else link,
            title=_child_text(element, "title"),
            published=published,
            authors=authors,
        ))
    return items

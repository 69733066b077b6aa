"""Web archives: the HTML pages of a WARC file (``.warc`` or ``.warc.gz``), streamed.

Each ``response`` (or ``resource``) record whose payload is HTML goes through the
HTML reader, with its URL from ``WARC-Target-URI``; other records (requests,
metadata, images, redirects) are passed over. A page with no article is yielded as
a :class:`NoArticle` naming ``path#record N (URL)`` and the archive goes on. A record
the file ends inside is an error, never an article, and a ``.warc.gz`` cut off inside a
gzip member (where warcio would stop without a word) is reported at the end.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import EmptyInput, InputError, NoArticle
from ..model import RawArticle
from ..options import Options
from .html import extract_html

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_path(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _content_type(record) -> tuple[str, str | None]:
    """The payload's media type and charset, from the HTTP headers (or the WARC ones)."""
    raw = ""
    if record.http_headers is not None:
        raw = record.http_headers.get_header("Content-Type") or ""
    if not raw:
        raw = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return media.strip().lower(), charset


def read_warc(path: Path, *, options: Options) -> Iterator[RawArticle | InputError]:
    """The articles of the HTML pages in a WARC file."""
    if path.stat().st_size == 0:
        yield EmptyInput("empty file", origin=str(path))
        return
    with path.open("rb") as handle:
        yield from read_warc_stream(handle, name=str(path), path=str(path), options=options)
    cut = _cut_off(path)
    if cut:
        yield InputError(f"the archive is cut off ({cut}): records after the last one read are missing",
                         origin=str(path))


def _cut_off(path: Path) -> str | None:
    """Why an archive file is incomplete, or None: a gzip member cut off (warcio stops
    there without a word), or a plain file that does not end with a whole record (a
    record's header cut off is no record to warcio either)."""
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
        if not gzipped:
            raw.seek(max(0, path.stat().st_size - 4))
            return None if raw.read() == b"\r\n\r\n" else "it does not end with a whole record"
    try:
        with gzip.open(path, "rb") as unzipped:
            while unzipped.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return str(exc)
    return None


def _cut_short(record) -> int:
    """The bytes of ``record`` that the file does not hold (0 for a whole record)."""
    while record.raw_stream.read(1 << 16):
        pass
    return getattr(record.raw_stream, "limit", 0)  # (gzip members are checked whole, by _cut_off)


def read_warc_stream(handle: IO[bytes], *, name: str, path: str | None,
                     options: Options) -> Iterator[RawArticle | InputError]:
    """The articles of the HTML pages in a WARC stream; ``name`` starts each origin."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    number = 0
    records = ArchiveIterator(handle, arc2warc=True)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError, TypeError) as exc:
            # warcio fails in several ways on damaged archives; each ends the file with one message.
            yield InputError(f"not a readable WARC file at record {number + 1} ({exc})", origin=name)
            return
        number += 1
        url = record.rec_headers.get_header("WARC-Target-URI")
        origin = f"{name}#record {number} ({url})" if url else f"{name}#record {number}"
        media, charset = _content_type(record)
        status = record.http_headers.get_statuscode() if record.http_headers is not None else "200"
        if (record.rec_type not in ("response", "resource") or media not in _HTML_TYPES
                or not str(status).startswith("2")):
            if _cut_short(record):
                yield InputError("the archive ends inside this record", origin=origin)
            continue
        pages += 1
        try:
            payload = record.content_stream().read()
        except Exception as exc:  # noqa: BLE001 -- a damaged payload (chunking, gzip) must not end the archive
            yield InputError(f"cannot read the record's payload ({exc})", origin=origin)
            continue
        missing = _cut_short(record)
        if missing:
            yield InputError(f"the archive ends inside this record ({missing} of {record.length} bytes missing)",
                             origin=origin)
            continue
        try:
            yield extract_html(payload, origin=origin, url=url, path=path, charset=charset)
        except InputError as exc:
            yield exc
    if pages == 0:
        yield NoArticle("no HTML response records in the archive", origin=name)

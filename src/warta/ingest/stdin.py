"""Standard input (``-``) and other streams (a named pipe): sniffed, then read as that form.

A JSONL, CSV or WARC stream is streamed record by record (origins ``<stdin>:line``,
``<stdin>:row N``); HTML, a feed or plain text is read whole, up to the
single-article size limit.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import EmptyInput, InputError, TooLarge
from ..model import RawArticle
from ..options import Options
from .decode import MIN_GZIP_LIMIT, SNIFF_BYTES, CappedGzip, decode, detect_encoding

NAME = "<stdin>"


class _Prefixed(io.RawIOBase):
    """A binary stream that gives back the sniffed first bytes, then the rest of the input."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_stdin(*, options: Options, stream: BinaryIO | None = None) -> Iterator[RawArticle | InputError]:
    """The articles on standard input (or on ``stream``)."""
    yield from read_stream(stream if stream is not None else sys.stdin.buffer, name=NAME, options=options)


def read_stream(stream: BinaryIO, *, name: str, options: Options) -> Iterator[RawArticle | InputError]:
    """The articles on a binary stream of unknown form; ``name`` starts each origin."""
    from . import sniff
    from .feed import parse_feed
    from .html import extract_html
    from .records import read_csv_stream, read_jsonl_lines
    from .text import parse_text
    from .warc import read_warc_stream
    from .web import read_feed_items

    head = stream.read(SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        # A stream's packed size is unknown: it may unpack to the floor of the files' cap (1 GiB).
        stream = CappedGzip(fileobj=io.BufferedReader(_Prefixed(head, stream)), limit=MIN_GZIP_LIMIT, origin=name)
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise EmptyInput("no input", origin=name)
    try:
        form = sniff(head)
    except InputError as exc:
        exc.origin = name
        raise
    whole = io.BufferedReader(_Prefixed(head, stream))
    if form == "warc":
        yield from read_warc_stream(whole, name=name, path=None, options=options)
        return
    if form in ("jsonl", "csv"):
        encoding = detect_encoding(head, complete=len(head) < SNIFF_BYTES) or "utf-8"
        handle = io.TextIOWrapper(whole, encoding=encoding, errors="replace", newline="")
        if form == "jsonl":
            yield from read_jsonl_lines(handle, name=name, path=None)
        else:
            yield from read_csv_stream(handle, name=name, path=None)
        return
    data = whole.read(options.max_article_bytes + 1)
    if len(data) > options.max_article_bytes:
        raise TooLarge(f"input is over the {options.max_article_bytes:,}-byte limit for one article", origin=name)
    if form == "feed":
        yield from read_feed_items(parse_feed(data, origin=name), options=options, origin=name)
    elif form == "html":
        yield extract_html(data, origin=name)
    else:
        yield parse_text(decode(data, origin=name), origin=name)

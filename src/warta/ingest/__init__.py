"""Ingest: read articles from files, corpora, web pages and streams as ``RawArticle``s.

``read(source)`` picks a reader by the source's form and yields one ``RawArticle``
per article; a record or file that cannot be read is yielded as an
:class:`~warta.errors.InputError` (one line: the input and the reason), so a batch
goes on past it. The forms:

* ``-``: standard input, sniffed (HTML, a feed, JSONL, CSV, WARC or plain text);
* ``http(s)://`` URLs: a page, or a feed whose items' pages are fetched (:mod:`.web`);
* directories: every supported file below, in sorted path order (hidden ones skipped);
* files by extension: ``.txt`` (:mod:`.text`), ``.html``/``.htm`` (:mod:`.html`),
  ``.jsonl``/``.csv``/``.json`` (:mod:`.records`), ``.warc`` (:mod:`.warc`),
  ``.rss``/``.atom``/``.xml`` feeds (:mod:`.feed`), each also gzipped (``.gz``);
  a file named explicitly with another extension is sniffed by its content.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import BinaryInput, EmptyInput, InputError
from ..model import RawArticle
from ..options import Options
from .decode import (
    MAX_CONTROL_SHARE,
    SNIFF_BYTES,
    binary_kind,
    check_size,
    control_share,
    detect_encoding,
    is_regular,
    open_binary,
    open_text,
    read_limited,
)
from .feed import looks_like_feed
from .html import is_html_path, read_html_file
from .records import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    looks_like_csv,
    looks_like_jsonl,
    read_csv,
    read_json,
    read_jsonl,
)
from .text import read_text_file
from .warc import is_warc_path, read_warc

__all__ = ["read", "sniff"]

Items = Iterator[RawArticle | InputError]

TEXT_SUFFIXES = (".txt", ".text", ".txt.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")
JSON_SUFFIXES = (".json",)


def read(source: str | Path, *, options: Options | None = None) -> Items:
    """Every article in ``source`` (a path, a directory, a URL, or ``-`` for stdin)."""
    options = options or Options()
    name = str(source)
    try:
        if name == "-":
            from .stdin import read_stdin

            yield from read_stdin(options=options)
            return
        from .web import is_url, read_url

        if isinstance(source, str) and is_url(source):
            yield from read_url(source, options=options)
            return
        path = Path(source)
        if not name.strip():
            raise InputError("empty input name", origin=repr(name))
        if path.is_dir():
            yield from _read_directory(path, options=options)
        elif path.exists() and not is_regular(path):
            from .stdin import read_stream

            with _open_special(path, options=options) as stream:  # a pipe or a device: a stream of unknown form
                yield from read_stream(stream, name=name, options=options)
        elif path.exists():
            yield from _read_file(path, options=options)
        else:
            raise InputError("no such file or directory", origin=name)
    except InputError as exc:
        yield exc
    except (OSError, EOFError, zlib.error) as exc:  # unreadable files, damaged gzip streams
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield InputError(f"cannot read ({reason})", origin=getattr(exc, "filename", None) or name)


def _open_special(path: Path, *, options: Options):
    """A named pipe or device opened for reading without waiting for ever: opening a FIFO waits
    for a writer, so it is opened non-blocking and given ``options.timeout`` to say something."""
    import fcntl
    import select

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        ready, _, _ = select.select([fd], [], [], options.timeout)
        if not ready:
            raise InputError(f"nothing to read within {options.timeout:g} s (a pipe with no writer?)",
                             origin=str(path))
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _reader_for(path: Path, *, walking: bool = False) -> Callable[[Path, Options], Items] | None:
    """The reader for a file by its extension; None when the extension says nothing.

    ``walking`` (a directory walk): only the unambiguous article forms; ``.json``
    files (annotations, settings) are read only when named.
    """
    lower = path.name.lower()
    if walking and lower.endswith(JSON_SUFFIXES):
        return None
    if lower.endswith(TEXT_SUFFIXES):
        return _read_text_or_html
    if is_html_path(path):
        return lambda p, o: iter([read_html_file(p, options=o)])
    if lower.endswith(JSONL_SUFFIXES):
        return lambda p, o: read_jsonl(p)
    if lower.endswith(CSV_SUFFIXES):
        return lambda p, o: read_csv(p)
    if lower.endswith(JSON_SUFFIXES):
        return lambda p, o: read_json(p, limit=o.max_article_bytes)
    if is_warc_path(path):
        return lambda p, o: read_warc(p, options=o)
    if lower.endswith(FEED_SUFFIXES):
        return _read_feed_or_sniff
    return None


def _read_text_or_html(path: Path, options: Options) -> Items:
    # A page saved as .txt is still a page (the size check comes before any reading).
    check_size(path, options.max_article_bytes)
    if is_regular(path) and sniff_quietly(_head(path)) == "html":
        yield read_html_file(path, options=options)
    else:
        yield read_text_file(path, options=options)


def sniff_quietly(head: bytes) -> str | None:
    """:func:`sniff`, or None where the input is no text (the reader will say why)."""
    try:
        return sniff(head)
    except InputError:
        return None


def _read_feed_or_sniff(path: Path, options: Options) -> Items:
    # A .xml file is a feed only when its root says so; otherwise sniff it like any file.
    from .web import read_feed_file

    head = _head(path)
    if looks_like_feed(head):
        yield from read_feed_file(path, options=options)
    else:
        yield from _read_sniffed(path, options, head=head)


def _read_file(path: Path, *, options: Options) -> Items:
    reader = _reader_for(path)
    if reader is not None:
        yield from reader(path, options)
    else:
        yield from _read_sniffed(path, options)


def _read_directory(root: Path, *, options: Options) -> Items:
    """Every supported file below ``root``, in sorted path order; others are passed over.

    A symbolic link that leads out of ``root`` is reported, never followed (folders
    linked from inside are not walked either: ``os.walk`` does not follow them).
    """
    found: list[Path] = []
    inside = root.resolve()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        # Regular files only: a pipe or socket in a folder would block or fail.
        found.extend(p for f in files if not f.startswith(".") and (p := Path(folder, f)).is_file())
    supported = sorted(p for p in found if _reader_for(p, walking=True) is not None)
    outside = [p for p in supported if p.is_symlink() and not p.resolve().is_relative_to(inside)]
    yield from (InputError("a link out of the folder: not followed", origin=str(p)) for p in outside)
    supported = [p for p in supported if p not in outside]
    if not supported and not outside:
        yield InputError("no supported files (.txt, .html, .jsonl, .csv, .warc, feeds) in the directory",
                         origin=str(root))
        return
    for path in supported:
        try:
            if path.name.lower().endswith(FEED_SUFFIXES) and not looks_like_feed(_head(path)):
                continue  # an XML file that is no feed: not an article form
            yield from _read_file(path, options=options)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(f"cannot read ({exc.strerror or exc})", origin=str(path))


def _head(path: Path) -> bytes:
    try:
        with open_binary(path) as handle:
            return handle.read(SNIFF_BYTES)
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(f"cannot read ({exc})", origin=str(path)) from None


def sniff(head: bytes) -> str:
    """The form of an input from its first bytes (gunzipped): one of ``warc``, ``feed``,
    ``html``, ``jsonl``, ``csv``, ``text``; :class:`BinaryInput` when it is no text."""
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if not head.strip():
        raise EmptyInput("no content")
    kind = binary_kind(head)
    if kind:
        raise BinaryInput(f"not text: {kind}")
    if looks_like_feed(head):
        return "feed"
    encoding = detect_encoding(head, complete=len(head) < SNIFF_BYTES) or "utf-8"
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    if control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInput("not text: too many control characters")
    lowered = text[:2048].lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body", "<!--")) or (
        lowered.startswith("<") and ("<p" in lowered or "<div" in lowered or "<article" in lowered)
    ):
        return "html"
    if looks_like_jsonl(text):
        return "jsonl"
    if looks_like_csv(text):
        return "csv"
    return "text"


def _read_sniffed(path: Path, options: Options, *, head: bytes | None = None) -> Items:
    """A file whose extension says nothing: read as the form its content shows."""
    from .decode import decode
    from .html import extract_html
    from .records import read_csv_stream, read_jsonl_lines
    from .text import parse_text
    from .web import read_feed_file

    if path.stat().st_size == 0:
        raise EmptyInput("empty file", origin=str(path))
    head = _head(path) if head is None else head
    try:
        form = sniff(head)
    except InputError as exc:
        exc.origin = str(path)
        raise
    if form == "warc":
        yield from read_warc(path, options=options)
    elif form == "feed":
        yield from read_feed_file(path, options=options)
    elif form in ("jsonl", "csv"):
        with open_text(path, head=head) as handle:
            if form == "jsonl":
                yield from read_jsonl_lines(handle, name=str(path), path=str(path))
            else:
                yield from read_csv_stream(handle, name=str(path), path=str(path))
    else:
        data = read_limited(path, options.max_article_bytes)
        if form == "html":
            yield extract_html(data, origin=str(path), path=str(path))
        else:
            yield parse_text(decode(data, origin=str(path)), origin=str(path), path=str(path))

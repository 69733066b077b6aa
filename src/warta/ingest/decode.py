"""Bytes to text: size limits, gzip, binary detection and encoding detection.

Every reader that takes a whole file at once goes through :func:`read_limited` (the
size check by ``stat`` before reading, then a capped read, so a gzip bomb is refused
too) and :func:`decode` (UTF-8 first, then charset-normalizer; binary data is an
error). Corpora are streamed and decoded line by line (:class:`LineDecoder`), so that one
record's stray byte or legacy encoding never changes how the other records read.
"""

from __future__ import annotations

import codecs
import gzip
import io
import logging
import re
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

from ..errors import BinaryInput, EmptyInput, InputError, TooLarge

log = logging.getLogger("warta")

# How much of a stream is looked at to sniff its form and encoding.
SNIFF_BYTES = 64 * 1024

# Magic numbers of common binary formats, for a clearer message than "binary".
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"RIFF", "a RIFF media file"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
)

# Share of control characters (other than white space) above which decoded text is
# taken for binary data that happened to decode.
MAX_CONTROL_SHARE = 0.01
# A corpus record (one line, one CSV field) longer than this is skipped with an error, and never
# held in memory whole: one runaway line in a gzipped corpus must not take the machine's memory.
MAX_RECORD_BYTES = 16 * 1024 * 1024
# What LineDecoder gives instead of a line over MAX_RECORD_BYTES (U+FFFE is no character).
OVERSIZE_LINE = "\ufffewarta: a line over the record size limit\n"
_WHITESPACE_CONTROLS = frozenset("\t\n\r\f\v")


# A gzip stream may unpack to at most this many times its own size (and always to 1 GiB): text
# packs 3-10 times; a stream that unpacks past it is a bomb, not a corpus.
MAX_GZIP_RATIO = 200
MIN_GZIP_LIMIT = 1024 * 1024 * 1024


class CappedGzip(gzip.GzipFile):
    """A :class:`gzip.GzipFile` that stops with :class:`TooLarge` past ``limit`` unpacked bytes."""

    def __init__(self, *, fileobj: BinaryIO, limit: int, origin: str) -> None:
        super().__init__(fileobj=fileobj, mode="rb")
        self._limit, self._origin = limit, origin

    def _checked(self, result):
        if self.tell() > self._limit:
            raise TooLarge(f"unpacks to over {self._limit:,} bytes: not read further", origin=self._origin)
        return result

    def read(self, size: int = -1) -> bytes:
        return self._checked(super().read(size))

    def read1(self, size: int = -1) -> bytes:
        return self._checked(super().read1(size))

    def readline(self, size: int = -1) -> bytes:
        return self._checked(super().readline(size))

    def readinto(self, b) -> int:
        return self._checked(super().readinto(b))


def open_binary(path: Path) -> BinaryIO:
    """A binary stream of a file, gunzipped on the fly when it is gzip data (by its magic number),
    up to ``MAX_GZIP_RATIO`` times the file's size.

    The file is opened once and peeked at, so a pipe (``<(...)``) works too.
    """
    handle = path.open("rb")
    if handle.peek(2)[:2] != b"\x1f\x8b":
        return handle
    packed = path.stat().st_size if path.is_file() else 0
    unzipped = CappedGzip(fileobj=handle, limit=max(MIN_GZIP_LIMIT, MAX_GZIP_RATIO * packed), origin=str(path))
    unzipped.myfileobj = handle  # closing the GzipFile closes the file, as gzip.open does
    return unzipped  # type: ignore[return-value]


def is_regular(path: Path) -> bool:
    """A regular file (not a pipe or a device, whose size ``stat`` cannot tell)."""
    return stat.S_ISREG(path.stat().st_mode)


def check_size(path: Path, limit: int) -> None:
    """Refuse a single-article file larger than ``limit`` bytes, before reading it."""
    if not is_regular(path):
        return  # a pipe: the capped read enforces the limit
    size = path.stat().st_size
    if size > limit:
        raise TooLarge(f"file is {size:,} bytes, over the {limit:,}-byte limit for one article", origin=str(path))
    if size == 0:
        raise EmptyInput("empty file", origin=str(path))


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a single-article file (gunzipped if gzip), at most ``limit`` of them."""
    check_size(path, limit)
    try:
        with open_binary(path) as handle:
            data = handle.read(limit + 1)
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(f"cannot read file ({exc})", origin=str(path)) from None
    if len(data) > limit:
        raise TooLarge(f"uncompressed content is over the {limit:,}-byte limit for one article", origin=str(path))
    if not data.strip():
        raise EmptyInput("empty file" if not data else "file holds only white space", origin=str(path))
    return data


def binary_kind(head: bytes) -> str | None:
    """What binary format ``head`` (the first bytes of an input) is, or None for text-like data."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head[:SNIFF_BYTES]:
        return "binary data (NUL bytes)"
    return None


def bom_encoding(data: bytes) -> str | None:
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return name
    return None


def detect_encoding(head: bytes, *, complete: bool = True) -> str | None:
    """The encoding of text that starts with ``head``; None when it looks like no text at all.

    UTF-8 is tried first (``complete=False``: ``head`` may end inside a character);
    otherwise charset-normalizer decides, preferring cp1252 among equally good
    single-byte candidates, since that is what "latin-1" means on the web.
    """
    bom = bom_encoding(head)
    if bom:
        return bom
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(head)
    best = results.best()
    if best is None:
        return None
    for match in results:
        as_good = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
        if as_good and "cp1252" in {_norm(name) for name in match.could_be_from_charset}:
            return "cp1252"
    return best.encoding


def _norm(encoding: str) -> str:
    name = encoding.replace("_", "").replace("-", "").lower()
    return "cp1252" if name == "windows1252" else name


def control_share(text: str) -> float:
    """The share of control characters (other than white space) in ``text``."""
    if not text:
        return 0.0
    sample = text[:SNIFF_BYTES]
    bad = sum(1 for ch in sample if ch not in _WHITESPACE_CONTROLS and unicodedata.category(ch) in ("Cc", "Cn"))
    return bad / len(sample)


def decode(data: bytes, *, origin: str) -> str:
    """``data`` as text with its encoding detected; binary data raises :class:`BinaryInput`."""
    kind = binary_kind(data[:SNIFF_BYTES])
    if kind:
        raise BinaryInput(f"not text: {kind}", origin=origin)
    encoding = detect_encoding(data)
    if encoding is None:
        raise BinaryInput("not text: no character encoding fits these bytes", origin=origin)
    text = data.decode(encoding, errors="replace")
    if control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInput("not text: too many control characters", origin=origin)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# A valid UTF-8 sequence of two to four bytes: a line holding one is UTF-8 with stray bytes.
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_line(raw: bytes, *, legacy: str) -> tuple[str, bool]:
    """One line of a corpus as text, and whether bytes were replaced.

    UTF-8 when it decodes; a line that is UTF-8 apart from stray bytes keeps UTF-8 with
    them replaced; a line with no UTF-8 at all is in the file's ``legacy`` encoding.
    """
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if UTF8_MULTIBYTE.search(raw):
        return raw.decode("utf-8", errors="replace"), True
    return raw.decode(legacy, errors="replace"), False


class LineDecoder(io.TextIOBase):
    """A text stream over a binary corpus that decodes every line on its own (:func:`decode_line`).

    ``legacy`` is the encoding for lines with no UTF-8 in them (what charset-normalizer
    says of the file's first bytes, else cp1252). A line whose stray bytes were replaced
    is logged once with its line number (``path:line``).
    """

    def __init__(self, raw: BinaryIO, *, legacy: str, name: str) -> None:
        self._raw = raw
        self._legacy = legacy
        self._name = name
        self._line = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        raw = self._raw.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return ""
        self._line += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while (more := self._raw.readline(1024 * 1024)) and not more.endswith(b"\n"):
                pass  # the rest of the line, read and dropped
            return OVERSIZE_LINE
        text, replaced = decode_line(raw, legacy=self._legacy)
        if self._line == 1:
            text = text.removeprefix("\ufeff")
        if replaced:
            log.warning("%s:%d: bytes that are not UTF-8 replaced with \ufffd", self._name, self._line)
        return text.replace("\r\n", "\n")

    def read(self, size: int | None = -1) -> str:
        if size is not None and size >= 0:
            out = []
            while sum(map(len, out)) < size and (line := self.readline()):
                out.append(line)
            return "".join(out)
        return "".join(iter(self.readline, ""))

    def __iter__(self):
        return iter(self.readline, "")

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_text(path: Path, *, head: bytes) -> io.TextIOBase:
    """A text stream of a corpus file: whole-file decoding for UTF-16/32, else line by line."""
    encoding = detect_encoding(head, complete=len(head) < SNIFF_BYTES)
    if encoding is None:
        raise BinaryInput("not a text corpus: no character encoding fits these bytes", origin=str(path))
    if encoding.startswith(("utf-16", "utf-32")):
        return io.TextIOWrapper(open_binary(path), encoding=encoding, errors="replace", newline="")
    # A file that is UTF-8 elsewhere has its odd records in the web's "latin-1"; a file with no
    # UTF-8 at all is in what charset-normalizer makes of it.
    utf8_elsewhere = encoding in ("utf-8", "utf-8-sig", "ascii") or UTF8_MULTIBYTE.search(head)
    legacy = "cp1252" if utf8_elsewhere else encoding
    return LineDecoder(open_binary(path), legacy=legacy, name=str(path))

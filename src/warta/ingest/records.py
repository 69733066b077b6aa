"""Corpora: JSONL and CSV files of article records, streamed record by record.

Columns and keys are mapped to ``RawArticle`` fields by the formats in
``data/ingest/formats.yaml`` (the dev format, the Indonesian scraper's CSV, a
generic one); the format is detected from the CSV header or the first JSONL
record. A malformed record is yielded as a :class:`BadRecord` naming ``path:line``
(JSONL) or ``path:row N`` (CSV, N counting data rows from 1) and the file goes on.
Corpora are never loaded whole, and the single-article size limit does not apply.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from ..errors import BadRecord, BinaryInput, EmptyInput, InputError
from ..model import RawArticle
from ..resources import load_yaml
from .decode import MAX_RECORD_BYTES, OVERSIZE_LINE, SNIFF_BYTES, binary_kind, open_binary, open_text
from .meta import split_authors

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")

# Fields a format can map; "text" is the body and is required of every record.
_FIELDS = ("text", "title", "published", "url", "outlet", "authors", "source_id", "lang")


@dataclass(frozen=True)
class RecordFormat:
    """How one corpus format's keys map to ``RawArticle`` fields."""

    name: str
    fields: dict[str, tuple[str, ...]]
    required: tuple[str, ...]

    def score(self, keys: Iterable[str]) -> int:
        """How many of this format's fields ``keys`` fill; -1 when it does not fit them."""
        present = set(keys)
        if not set(self.required) <= present:
            return -1
        if not any(k in present for k in self.fields.get("text", ())):
            return -1
        return sum(1 for alternatives in self.fields.values() if any(k in present for k in alternatives))

    def article(self, record: dict[str, Any], *, origin: str, path: str | None) -> RawArticle:
        """The article in one record; :class:`BadRecord` when it has no body."""
        values: dict[str, Any] = {}
        for field_name, alternatives in self.fields.items():
            for key in alternatives:
                value = record.get(key)
                if value not in (None, ""):
                    values[field_name] = value
                    break
        text = _flatten(values.pop("text", None))
        if not text or not text.strip():
            raise BadRecord("record has no article body", origin=origin)
        strings = {k: str(v).strip() or None for k, v in values.items() if k != "authors"}
        return RawArticle(text=text, origin=origin, path=path, authors=split_authors(values.get("authors")), **strings)


def _flatten(value: Any, depth: int = 0) -> str | None:
    """A body given as text, or as nested lists (paragraphs of sentences of tokens)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = (_flatten(v, depth + 1) for v in value)
        return ("\n" if depth == 0 else " ").join(p for p in parts if p)
    return None


@cache
def formats() -> tuple[RecordFormat, ...]:
    """The known corpus formats, in the order of the data file."""
    out = []
    for name, spec in load_yaml("ingest/formats.yaml")["formats"].items():
        fields = {}
        for field_name, keys in (spec.get("fields") or {}).items():
            if field_name not in _FIELDS:
                raise ValueError(f"formats.yaml: format {name!r} maps unknown field {field_name!r}")
            fields[field_name] = (keys,) if isinstance(keys, str) else tuple(keys)
        out.append(RecordFormat(name, fields, tuple(spec.get("required") or ())))
    return tuple(out)


def detect_format(keys: Iterable[str]) -> RecordFormat | None:
    """The known format that best covers ``keys`` (a CSV header, a JSON record's keys)."""
    keys = list(keys)
    best, best_score = None, 0
    for fmt in formats():
        score = fmt.score(keys)
        if score > best_score:
            best, best_score = fmt, score
    return best


def _open_text(path: Path) -> IO[str]:
    """A text stream of a corpus file, its encoding detected from the first bytes."""
    with open_binary(path) as raw:
        head = raw.read(SNIFF_BYTES)
    if not head.strip():
        raise EmptyInput("empty file", origin=str(path))
    kind = binary_kind(head)
    if kind:
        raise BinaryInput(f"not a text corpus: {kind}", origin=str(path))
    # Line by line: a stray bad byte or a legacy-encoded record garbles only itself.
    return open_text(path, head=head)


# A \uXXXX escape in the surrogate range: paired ones make one character, a lone one none.
LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def read_jsonl_lines(lines: Iterable[str], *, name: str, path: str | None) -> Iterator[RawArticle | InputError]:
    """Articles from JSON lines; ``name`` prefixes each record's origin (``name:line``)."""
    fmt: RecordFormat | None = None
    seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen = True
        origin = f"{name}:{number}"
        if line == OVERSIZE_LINE:
            yield BadRecord(f"a record over {MAX_RECORD_BYTES:,} bytes: skipped", origin=origin)
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield BadRecord(f"broken JSON ({exc.args[0] if exc.args else exc})", origin=origin)
            continue
        except RecursionError:
            yield BadRecord("JSON nested too deep", origin=origin)
            continue
        if LONE_SURROGATE.search(line) and _has_lone_surrogate(record):
            yield BadRecord("a lone surrogate escape (\\ud800-\\udfff) that is no character", origin=origin)
            continue
        if not isinstance(record, dict):
            yield BadRecord(f"a JSON {type(record).__name__}, not an article object", origin=origin)
            continue
        fmt = fmt if fmt is not None and fmt.score(record) >= 0 else detect_format(record)
        if fmt is None:
            keys = ", ".join(sorted(record)[:8])
            yield BadRecord(f"no article body field among the keys ({keys})", origin=origin)
            continue
        try:
            yield fmt.article(record, origin=origin, path=path)
        except BadRecord as exc:
            yield exc
    if not seen:
        yield EmptyInput("no records", origin=name)


def read_jsonl(path: Path) -> Iterator[RawArticle | InputError]:
    """The articles of a JSONL file (one JSON object a line; gzipped when ``.gz``)."""
    with _open_text(path) as handle:
        yield from read_jsonl_lines(handle, name=str(path), path=str(path))


def _raise_field_limit() -> None:
    # Scraped corpora put whole articles (sometimes with page junk) in one field; a field past
    # the record limit is one broken row, not a runaway read.
    csv.field_size_limit(MAX_RECORD_BYTES)


def read_csv_stream(handle: IO[str], *, name: str, path: str | None,
                    delimiter: str | None = None) -> Iterator[RawArticle | InputError]:
    """Articles from a CSV stream with a header row; ``name`` prefixes origins (``name:row N``)."""
    _raise_field_limit()
    if delimiter is None:
        sample = handle.read(8192)
        rest = handle
        try:
            delimiter = csv.Sniffer().sniff(sample.partition("\n")[0], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        handle = _Chain(sample, rest)  # type: ignore[assignment]
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield EmptyInput("empty file", origin=name)
        return
    except csv.Error as exc:
        yield InputError(f"not a readable CSV file ({exc})", origin=name)
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    fmt = detect_format(header)
    if fmt is None:
        yield InputError(f"no article body column in the header ({', '.join(header[:10])})", origin=name)
        return
    row = 0
    while True:
        row += 1
        origin = f"{name}:row {row}"
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield BadRecord(f"broken CSV row ({exc})", origin=origin)
            continue
        if values == [OVERSIZE_LINE.rstrip("\n")]:
            yield BadRecord(f"a record over {MAX_RECORD_BYTES:,} bytes: skipped", origin=origin)
            continue
        if not any(v.strip() for v in values):
            row -= 1  # a blank line is no row
            continue
        record = dict(zip(header, values, strict=False))
        try:
            yield fmt.article(record, origin=origin, path=path)
        except BadRecord as exc:
            yield exc
    if row == 1:
        yield EmptyInput("a header and no rows", origin=name)


def read_csv(path: Path) -> Iterator[RawArticle | InputError]:
    """The articles of a CSV (or ``.tsv``) file with a header row; gzipped when ``.gz``."""
    delimiter = "\t" if ".tsv" in path.suffixes else None
    with _open_text(path) as handle:
        yield from read_csv_stream(handle, name=str(path), path=str(path), delimiter=delimiter)


class _Chain(io.TextIOBase):
    """A text stream that gives back a sniffed prefix, then the rest of another stream."""

    def __init__(self, prefix: str, rest: IO[str]) -> None:
        self._prefix = io.StringIO(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            return self._prefix.read() + self._rest.read()
        chunk = self._prefix.read(size)
        return chunk + (self._rest.read(size - len(chunk)) if len(chunk) < size else "")

    def readline(self, size: int | None = -1) -> str:
        line = self._prefix.readline()
        return line if line.endswith("\n") else line + self._rest.readline()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def looks_like_jsonl(head: str) -> bool:
    """Whether the first non-blank line of ``head`` is a JSON object."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    return first.lstrip().startswith("{")


def looks_like_csv(head: str) -> bool:
    """Whether the first line of ``head`` is the header of a known corpus format."""
    lines = head.splitlines()
    first = lines[0].strip().lstrip("\ufeff") if lines else ""
    for delimiter in ",;\t|":
        if delimiter in first:
            try:
                header = [h.strip().strip('"') for h in next(csv.reader([first], delimiter=delimiter))]
            except (csv.Error, StopIteration):
                continue
            if len(header) >= 2 and detect_format(header) is not None:
                return True
    return False



def read_json(path: Path, *, limit: int) -> Iterator[RawArticle | InputError]:
    """The article (an object) or articles (an array of objects) of a ``.json`` file.

    A JSON document is parsed whole, so it is held to the single-article size limit;
    large corpora belong in JSONL.
    """
    from .decode import decode, read_limited

    text = decode(read_limited(path, limit), origin=str(path))
    try:
        data = json.loads(text)
    except ValueError as exc:
        yield BadRecord(f"broken JSON ({exc})", origin=str(path))
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, 1):
        origin = str(path) if not isinstance(data, list) else f"{path}[{number}]"
        fmt = detect_format(record) if isinstance(record, dict) else None
        if fmt is None:
            yield BadRecord("not an article object (no body field)", origin=origin)
            continue
        try:
            yield fmt.article(record, origin=origin, path=str(path))
        except BadRecord as exc:
            yield exc

"""The records as tables, one per record list, in CSV or Parquet, with the store's columns.

``documents`` (one row a document: its header fields, cleaned text, when it was stored, its
story, whether it is the story's original and what it changed from it)
and ``entities``, ``mentions``, ``places``, ``times``, ``quantities``, ``quotes``, ``events``
(one row an item, keyed by ``doc_id`` and ``seq``, its position in the record's list), as
:mod:`warta.store.tables` lays them out for the store: the files and the store's tables are
the same shape. Parquet files carry their column types (strings, 64-bit integers and floats,
booleans), so DuckDB, pandas and Spark read them without a schema file.

With a filter, the events are those it keeps and the other tables hold their documents.
The tables are the records as they are: every event, whatever its certainty (a column).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Document
from ..store.base import StoredDocument
from ..store.tables import BOOL, DOCUMENT_COLUMNS, INT, JSON, REAL, TABLES
from .views import ExportFilter, ExportReport, csv_line, documents, event_views

TABLE_NAMES = ("documents", *(t.name for t in TABLES))
_DOCUMENT_FIELDS = tuple(c for c in DOCUMENT_COLUMNS if c.type != JSON)
# Rows gathered before a Parquet row group is written (memory stays flat over a large store).
PARQUET_BATCH_DOCUMENTS = 2000


def columns(table: str) -> list[tuple[str, str]]:
    """(name, logical type) of each column of a table."""
    if table == "documents":
        return [(c.name, c.type) for c in _DOCUMENT_FIELDS] + [
            ("stored_at", "text"), ("story_id", "text"), ("original", BOOL), ("changes", "text")]
    spec = next(t for t in TABLES if t.name == table)
    return [("doc_id", "text"), ("seq", INT), *((c.name, c.type) for c in spec.columns)]


def rows(table: str, stored: StoredDocument, record: dict, events: list[int]) -> Iterator[list[Any]]:
    """The rows of one document in one table (``events``: the positions of the events kept)."""
    if table == "documents":
        story = stored.story
        yield [c.value(record) for c in _DOCUMENT_FIELDS] + [
            stored.stored_at, story.story_id if story else stored.doc.doc_id,
            story is None or story.original == stored.doc.doc_id, ";".join(story.changes) if story else ""]
        return
    spec = next(t for t in TABLES if t.name == table)
    for seq, item in enumerate(spec.items(record)):
        if table == "events" and seq not in events:
            continue
        yield [stored.doc.doc_id, seq, *(c.value(item, record) for c in spec.columns)]


def selected(items: Iterable[Document | StoredDocument], export_filter: ExportFilter | None,
             report: ExportReport) -> Iterator[tuple[StoredDocument, dict, list[int]]]:
    """Each document with its record and the positions of the events the filter keeps; a document
    none of whose events it keeps is left out when the filter narrows the selection."""
    export_filter = replace(export_filter or ExportFilter(), include_nonfactual=True)
    now = datetime.now(UTC)
    for stored, record in documents(items):
        kept = []
        for view in event_views(stored, record, now):
            if export_filter.keeps(view):
                kept.append(view.sequence)
            else:
                report.left_out["events outside the filter"] += 1
        if export_filter.narrows and not kept:
            continue
        report.written += 1
        yield stored, record, kept


def _check(table: str) -> None:
    if table not in TABLE_NAMES:
        raise UsageError(f"unknown table {table!r} (tables: {', '.join(TABLE_NAMES)})")


def table_lines(items: Iterable[Document | StoredDocument], table: str, *, export_filter: ExportFilter | None = None,
                report: ExportReport | None = None) -> Iterator[str]:
    """One table as CSV lines, header first."""
    _check(table)
    yield csv_line(name for name, _ in columns(table))
    for stored, record, kept in selected(items, export_filter, report or ExportReport()):
        for values in rows(table, stored, record, kept):
            yield csv_line(values)


def write_tables(items: Iterable[Document | StoredDocument], folder: Path, *, parquet: bool = False,
                 export_filter: ExportFilter | None = None, report: ExportReport | None = None) -> list[Path]:
    """Every table as ``FOLDER/<table>.csv`` (or ``.parquet``) in one pass over the documents; each
    file is written aside and appears only whole."""
    writers: list[_CsvTable | _ParquetTable] = []
    done = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writers = [(_ParquetTable if parquet else _CsvTable)(folder, table) for table in TABLE_NAMES]
        for stored, record, kept in selected(items, export_filter, report or ExportReport()):
            for writer in writers:
                writer.add(rows(writer.table, stored, record, kept))
        done = True
    except OSError as exc:
        raise UsageError(f"cannot write the tables: {exc.strerror or exc}", origin=str(folder)) from exc
    finally:
        for writer in writers:
            writer.close()
            if done:
                writer.partial.replace(writer.path)
            else:
                writer.partial.unlink(missing_ok=True)
    return [writer.path for writer in writers]


class _CsvTable:
    def __init__(self, folder: Path, table: str) -> None:
        self.table, self.path = table, folder / f"{table}.csv"
        self.partial = folder / f"{table}.csv.part"
        self.handle = self.partial.open("w", encoding="utf-8", newline="")
        self.handle.write(csv_line(name for name, _ in columns(table)))

    def add(self, values: Iterable[list[Any]]) -> None:
        self.handle.writelines(csv_line(v) for v in values)

    def close(self) -> None:
        self.handle.close()


ARROW_TYPES = {INT: "int64", REAL: "float64", BOOL: "bool_"}


def _arrow_schema(table: str):
    try:
        import pyarrow as pa
    except ImportError:  # an optional dependency: the error says how to get it
        raise UsageError("Parquet needs pyarrow: pip install 'warta[parquet]'") from None
    return pa.schema([(name, getattr(pa, ARROW_TYPES.get(kind, "string"))()) for name, kind in columns(table)])


class _ParquetTable:
    def __init__(self, folder: Path, table: str) -> None:
        self.schema = _arrow_schema(table)  # first: it says how to get pyarrow where it is missing
        import pyarrow.parquet as pq

        self.table, self.path = table, folder / f"{table}.parquet"
        self.partial = folder / f"{table}.parquet.part"
        self.writer = pq.ParquetWriter(self.partial, self.schema)
        self.pending: list[list[Any]] = []
        self.documents = 0

    def add(self, values: Iterable[list[Any]]) -> None:
        self.pending.extend(values)
        self.documents += 1
        if self.documents % PARQUET_BATCH_DOCUMENTS == 0:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        names = self.schema.names
        self.writer.write_table(pa.Table.from_pylist([dict(zip(names, row, strict=True)) for row in self.pending],
                                                     schema=self.schema))
        self.pending = []

    def close(self) -> None:
        self._flush()  # also writes an empty table's schema
        self.writer.close()


def to_frames(items: Iterable[Document | StoredDocument]) -> dict[str, Any]:
    """The tables as pandas DataFrames, by table name (typed as the Parquet files are)."""
    _arrow_schema("documents")
    import pyarrow as pa

    gathered: dict[str, list[list[Any]]] = {table: [] for table in TABLE_NAMES}
    for stored, record, kept in selected(items, None, ExportReport()):
        for table in TABLE_NAMES:
            gathered[table].extend(rows(table, stored, record, kept))
    frames = {}
    for table, values in gathered.items():
        schema = _arrow_schema(table)
        frames[table] = pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in values],
                                             schema=schema).to_pandas()
    return frames

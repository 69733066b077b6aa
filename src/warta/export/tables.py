"""Plain CSV, one table per record list, with the store's columns.

``documents`` (one row a document: its header fields and cleaned text) and ``entities``,
``mentions``, ``places``, ``times``, ``quantities``, ``quotes``, ``events`` (one row an item,
keyed by ``doc_id`` and ``seq``, its position in the record's list), as :mod:`warta.store.tables`
lays them out for the store: the CSV files and the store's tables are the same shape.
With a filter, the events are those it keeps and the other tables hold their documents.
The tables are the records as they are: every event, whatever its certainty (a column).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import UsageError
from ..model import Document
from ..store.base import StoredDocument
from ..store.tables import DOCUMENT_COLUMNS, JSON, TABLES
from . import EventView, ExportFilter, ExportReport, csv_line

DOCUMENT_FIELDS = tuple(c for c in DOCUMENT_COLUMNS if c.type != JSON)
TABLE_NAMES = ("documents", *(t.name for t in TABLES))


def _header(table: str) -> str:
    if table == "documents":
        return csv_line([c.name for c in DOCUMENT_FIELDS] + ["stored_at"])
    columns = next(t for t in TABLES if t.name == table).columns
    return csv_line(["doc_id", "seq", *(c.name for c in columns)])


def _rows(table: str, stored: StoredDocument, record: dict, events: list[int]) -> Iterator[str]:
    if table == "documents":
        yield csv_line([c.value(record) for c in DOCUMENT_FIELDS] + [stored.stored_at])
        return
    spec = next(t for t in TABLES if t.name == table)
    items = list(spec.items(record))
    for seq, item in enumerate(items):
        if table == "events" and seq not in events:
            continue
        yield csv_line([stored.doc.doc_id, seq, *(c.value(item, record) for c in spec.columns)])


def _selected(items: Iterable[Document | StoredDocument], export_filter: ExportFilter,
              report: ExportReport) -> Iterator[tuple[StoredDocument, dict, list[int]]]:
    """Each document with its record and the positions of the events the filter keeps; a document
    none of whose events it keeps is left out when the filter narrows the selection."""
    export_filter = replace(export_filter, include_nonfactual=True)
    for item in items:
        stored = item if isinstance(item, StoredDocument) else StoredDocument(item)
        record = stored.doc.to_dict()
        kept = []
        for seq, event in enumerate(stored.doc.events):
            if export_filter.keeps(EventView(stored.doc, event, record, stored.stored_at, seq)):
                kept.append(seq)
            else:
                report.left_out["events outside the filter"] += 1
        if export_filter.narrows and not kept:
            continue
        report.written += 1
        yield stored, record, kept


def table_lines(items: Iterable[Document | StoredDocument], table: str, *, export_filter: ExportFilter | None = None,
                report: ExportReport | None = None) -> Iterator[str]:
    """One table as CSV lines, header first."""
    if table not in TABLE_NAMES:
        raise UsageError(f"unknown table {table!r} (tables: {', '.join(TABLE_NAMES)})")
    yield _header(table)
    for stored, record, kept in _selected(items, export_filter or ExportFilter(), report or ExportReport()):
        yield from _rows(table, stored, record, kept)


def write_tables(items: Iterable[Document | StoredDocument], folder: Path, *,
                 export_filter: ExportFilter | None = None, report: ExportReport | None = None) -> list[Path]:
    """Every table as ``FOLDER/<table>.csv`` in one pass over the documents; the files written."""
    paths = [folder / f"{table}.csv" for table in TABLE_NAMES]
    handles = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handles = [path.open("w", encoding="utf-8", newline="") for path in paths]
        for table, handle in zip(TABLE_NAMES, handles, strict=True):
            handle.write(_header(table))
        for stored, record, kept in _selected(items, export_filter or ExportFilter(), report or ExportReport()):
            for table, handle in zip(TABLE_NAMES, handles, strict=True):
                handle.writelines(_rows(table, stored, record, kept))
    except OSError as exc:
        raise UsageError(f"cannot write the tables: {exc.strerror or exc}", origin=str(folder)) from exc
    finally:
        for handle in handles:
            handle.close()
    return paths

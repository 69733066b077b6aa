"""Export records in the formats other tools load unchanged.

Events, one row or object each:

- ``plover``: PLOVER JSON lines, field by field as the PLOVER manual (draft 1.3) has them
  (``id``, ``date``, ``event``, ``mode``, ``context``, ``actor``/``recipient`` as lists of
  entity objects, ``event_loc``...), with warta's provenance in extra named fields;
- ``polecat``: the 40-column tab-separated layout of the POLECAT data set;
- ``gdelt``: GDELT 2.0's event table: 61 tab-separated columns, no header, no quoting;
- ``acled``: ACLED's 31-column CSV, for the events ACLED codes (political violence,
  demonstrations, strategic developments).

Records: ``csv`` and ``parquet``, one table per record list (documents, entities, mentions,
places, times, quantities, quotes, events) with the store's columns and ``doc_id``/``seq``
keys; :func:`to_frames` gives them as pandas DataFrames.

Events that the text does not state as having happened (planned, speculated, denied or
negated) are left out unless ``include_nonfactual``; where a format can say so, they are
then flagged (PLOVER's ``future``/``hypothetical``/``negation`` contexts, ACLED tags).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from ..errors import UsageError
from ..model import Document
from ..store.base import StoredDocument
from .tables import TABLE_NAMES, table_lines, to_frames, write_tables
from .views import EventView, ExportFilter, ExportReport, LeftOut, views


class ExportFormat(StrEnum):
    """The formats the CLI and the server export in."""

    plover = "plover"
    polecat = "polecat"
    gdelt = "gdelt"
    acled = "acled"
    csv = "csv"
    parquet = "parquet"

    @property
    def tables(self) -> bool:
        """Whether the format writes one table per record list (a folder of files)."""
        return self in (ExportFormat.csv, ExportFormat.parquet)


@dataclass(frozen=True)
class EventWriter:
    """How one event format writes: its header line (if any), one line per event, and its file name."""

    header: str | None
    line: Callable[[EventView], str]
    media_type: str
    file_name: str


@cache
def _writers() -> dict[ExportFormat, EventWriter]:
    from . import acled, gdelt, plover

    return {
        ExportFormat.plover: EventWriter(None, plover.json_line, "application/x-ndjson", "warta-plover.jsonl"),
        ExportFormat.polecat: EventWriter(plover.POLECAT_HEADER, plover.polecat_line, "text/tab-separated-values",
                                          "warta-polecat.tsv"),
        ExportFormat.gdelt: EventWriter(None, gdelt.line, "text/tab-separated-values", "warta.export.CSV"),
        ExportFormat.acled: EventWriter(acled.HEADER, acled.line, "text/csv", "warta-acled.csv"),
    }


def writer(export_format: ExportFormat) -> EventWriter:
    if export_format.tables:
        raise UsageError(f"{export_format} writes one table per record list: give a folder for them")
    return _writers()[export_format]


def export_lines(items: Iterable[Document | StoredDocument], export_format: ExportFormat, *,
                 export_filter: ExportFilter | None = None, report: ExportReport | None = None) -> Iterator[str]:
    """The export of the events of ``items`` as lines of text (each ending in a newline).

    An event is written once per story: by the first copy the export meets that reports it, passes
    the filter and fits the format, with its story's count of articles and sources; the other
    copies' reports of it are counted there."""
    chosen = writer(export_format)
    report = report if report is not None else ExportReport()
    told: set[tuple[str, ...]] = set()
    if chosen.header:
        yield chosen.header
    for view in views(items, export_filter or ExportFilter(), report):
        key = view.story_key
        if key is not None and key in told:
            report.left_out["counted with another copy of their story"] += 1
            continue
        try:
            text = chosen.line(view)
        except LeftOut as why:
            report.left_out[str(why)] += 1
            continue
        if key is not None:
            told.add(key)
        report.written += 1
        yield text


__all__ = ["TABLE_NAMES", "EventView", "ExportFilter", "ExportFormat", "ExportReport", "LeftOut", "export_lines",
           "table_lines", "to_frames", "write_tables", "writer"]

"""The store: processed documents kept once each, queryable, searchable.

``open_store(db)`` picks the backend from ``db``: a file path (or ``sqlite:///path``)
is a SQLite store, the default; a ``postgresql://`` URL a PostgreSQL database. Tables: ``documents`` (header fields, text, the full
record JSON, full-text index over title and text) and one table per record list
(``entities``, ``mentions``, ``places``, ``times``, ``quantities``, ``quotes``,
``events``) with the main fields as columns and the item as JSON::

    from warta.store import open_store
    with open_store("warta.db") as store:
        store.add(doc)                    # False if this document is already stored
        store.get(doc.doc_id)             # the Document back
        store.search("Pyongyang", limit=5)
        store.events(EventFilter(type="ASSAULT", actor1_country="RUS"), limit=20)
        store.documents(lang="id", since="2025-06-01"), store.entities(country="IDN")
        store.stats()
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .base import DocumentNotFound, SearchHit, Store, StoredDocument, raw_key
from .batch import Outcome, ingest, process_all
from .postgres import PostgresStore, redact
from .query import EntityNotFound, EventFilter, Page
from .sqlite import SQLiteStore

__all__ = [
    "DocumentNotFound", "EntityNotFound", "EventFilter", "Outcome", "Page", "PostgresStore", "SQLiteStore",
    "SearchHit", "Store", "StoredDocument", "ingest", "open_store", "process_all", "raw_key",
]


def open_store(db: str | Path, *, create: bool = True, read_only: bool = False) -> Store:
    """The store at ``db``: a SQLite file path, ``sqlite:///path``, ``:memory:``, or a
    ``postgresql://user:password@host/database`` URL (the database must exist).

    With ``create=False`` a missing SQLite file is an error instead of a new empty
    store. ``read_only`` (what the commands that only read use) opens it without
    creating or changing anything, and refuses a database that is no warta store.
    """
    url = str(db)
    create = create and not read_only
    scheme, sep, rest = url.partition("://")
    if not sep:
        return SQLiteStore(url, create=create, read_only=read_only)
    scheme = scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy spells them.
        return SQLiteStore(rest[1:] if rest.startswith("/") else rest, create=create, read_only=read_only)
    if scheme in ("postgresql", "postgres"):
        return PostgresStore(url, read_only=read_only)
    raise StoreError(f"unknown kind of store {scheme!r} (give a SQLite file path or a postgresql:// URL)",
                     origin=redact(url))

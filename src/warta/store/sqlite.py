"""The SQLite backend: one file (or ``:memory:``), the standard library's sqlite3."""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .base import Store
from .sql import SQLiteDialect


class SQLiteStore(Store):
    """A store in a SQLite file; each document is committed in its own transaction."""

    dialect = SQLiteDialect()
    driver_errors = (sqlite3.Error,)

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            file = Path(self.path)
            if file.is_dir():
                raise StoreError("is a directory, not a store file", origin=self.path)
            if not file.exists():
                if not create:
                    raise StoreError("no store here (run `warta ingest` first)", origin=self.path)
                if not file.parent.is_dir():
                    raise StoreError(f"folder {file.parent} does not exist", origin=self.path)
        super().__init__(self.path, read_only=read_only)

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: transactions are begun and ended explicitly in _transaction.
        if self.read_only and self.path != ":memory:":
            # The file opened read-only: a reader never creates tables or changes the journal mode.
            uri = "file:" + urllib.parse.quote(str(Path(self.path).resolve())) + "?mode=ro"
            # Used by one thread at a time (the server keeps one per worker thread), closed by another at shutdown.
            return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        return sqlite3.connect(self.path, isolation_level=None)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        cursor = self._conn.cursor()
        # IMMEDIATE takes the write lock now, so two writers queue instead of deadlocking.
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            # Anything, even KeyboardInterrupt, leaves no half-written document.
            if self._conn.in_transaction:
                self._conn.rollback()
            raise
        else:
            cursor.execute("COMMIT")
        finally:
            cursor.close()

    def close(self) -> None:
        if self._conn is not None:
            if self._wrote:
                # The planner's statistics, sampled (a few ms even for a million events): without
                # them a filtered listing can take the wrong index and read far more rows.
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA analysis_limit = 1000")
                    self._conn.execute("ANALYZE")
            self._conn.close()
            self._conn = None

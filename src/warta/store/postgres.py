"""The PostgreSQL backend: a server database, through psycopg 3 (``pip install 'warta[postgres]'``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .base import Store
from .sql import PostgresDialect


def redact(url: str) -> str:
    """A connection URL fit for a message: any password (``user:PASSWORD@``, ``?password=``) as ``***``."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    host = _QUERY_PASSWORD.sub(r"\1***", host)
    return f"{scheme}{sep}{credentials}{at}{host}"


_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


class PostgresStore(Store):
    """A store in a PostgreSQL database; each document is committed in its own transaction."""

    dialect = PostgresDialect()

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("PostgreSQL stores need psycopg: pip install 'warta[postgres]'",
                             origin=redact(url)) from exc
        self._psycopg = psycopg
        self.driver_errors = (psycopg.Error,)
        self._dsn = url
        super().__init__(redact(url), read_only=read_only)

    def _connect(self) -> Any:
        # Autocommit: each read is its own statement; writes get explicit transactions.
        conn = self._psycopg.connect(self._dsn, autocommit=True, connect_timeout=10)
        if self.read_only:
            conn.execute("SET default_transaction_read_only = on")
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._conn.transaction(), self._conn.cursor() as cursor:
            yield cursor

    def _stream(self) -> Any:
        # A server-side cursor, so iterating a large store does not load it all at once.
        return self._conn.cursor(name="warta_iter_documents", withhold=True)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

"""Every SQL statement the store runs, spelled per database dialect.

:class:`Dialect` writes the portable statements (standard SQL that SQLite and
PostgreSQL both accept: ``ON CONFLICT DO NOTHING``, ``ON DELETE CASCADE``, quoted
identifiers) from the table layout in :mod:`warta.store.tables`, with the placeholder
style and column types as parameters. A dialect subclass supplies what differs:
types, placeholders, value adaptation and full-text search: :class:`SQLiteDialect`
(FTS5) and :class:`PostgresDialect` (a generated ``tsvector`` column with a GIN index).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .tables import BOOL, DOCUMENT_COLUMNS, INT, JSON, REAL, TABLES, TEXT, Column, Table

STORE_SCHEMA = "warta.store/3"
# Layouts an older warta wrote that this one upgrades in place (``Store._migrate``): /1 lacks the
# events' date and place columns, /1 and /2 the stories.
UPGRADABLE = ("warta.store/1", "warta.store/2")


def _latin_folds() -> tuple[str, str, str]:
    """Each accented Latin letter and its plain letter, one for one (``é`` -> ``e``, ``Ø`` -> ``O``,
    Vietnamese ``ệ`` -> ``e``), and the combining accents, dropped (text written decomposed)."""
    import unicodedata

    plain = {"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            plain[char] = base
    combining = "".join(chr(code) for code in range(0x300, 0x370))
    return "".join(plain), "".join(plain.values()), combining


# Search ignores accents on both stores (SQLite: FTS5's remove_diacritics), so "cafe" finds "café".
ACCENTED, UNACCENTED, COMBINING = _latin_folds()
FOLD = str.maketrans(ACCENTED, UNACCENTED, COMBINING)


def without_nul(value: Any) -> Any:
    """``value`` with NUL characters dropped from every string in it."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(v) for v in value]
    return value


class Dialect:
    """The portable SQL of the store; subclasses set what a database spells its own way."""

    name = "generic"
    param = "?"
    types = {TEXT: "TEXT", INT: "INTEGER", REAL: "REAL", BOOL: "INTEGER", JSON: "TEXT"}
    # The documents table's own key: gives the storage order and the full-text row id.
    serial_key = "INTEGER PRIMARY KEY"

    # -- helpers -----------------------------------------------------------------
    @staticmethod
    def ident(name: str) -> str:
        return f'"{name}"'

    def params(self, count: int) -> str:
        return ", ".join([self.param] * count)

    def unindexed(self, column: str) -> str:
        """``column`` as a condition should read it without choosing its index (planners that need
        telling, SQLite, are told with a unary ``+``; PostgreSQL plans from its own statistics)."""
        return column

    def column_def(self, column: Column) -> str:
        return f"{self.ident(column.name)} {self.types[column.type]}"

    def adapt(self, value: Any, type_: str) -> Any:
        """A Python value as the driver should bind it for a column of ``type_``.

        NUL characters are dropped from every string: PostgreSQL takes none in text or
        JSON, and both backends must store the same record. (Cleaning has already removed
        them from the body, before any offset was taken; only metadata can still hold one.)
        """
        if value is None:
            return None
        if type_ == JSON:
            text = json.dumps(value, ensure_ascii=False, default=str)
            # json writes a NUL as \u0000: only then is the value walked and cleaned.
            return json.dumps(without_nul(value), ensure_ascii=False, default=str) if "\\u0000" in text else text
        if type_ == BOOL:
            return bool(value)
        if type_ == INT:
            return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        if type_ == REAL:
            number = float(value) if isinstance(value, int | float) else None
            return number if number is not None and math.isfinite(number) else None
        return (value if isinstance(value, str) else str(value)).replace("\x00", "")

    def load_json(self, value: Any) -> Any:
        """A JSON column read back (a string here; a driver may already decode it)."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    # -- schema ------------------------------------------------------------------
    def schema(self) -> list[str]:
        """The statements that create the store (idempotent: ``IF NOT EXISTS``)."""
        q = self.ident
        doc_columns = ",\n  ".join(
            f"{self.column_def(c)}{' NOT NULL UNIQUE' if c.name == 'doc_id' else ''}" for c in DOCUMENT_COLUMNS
        )
        statements = [
            f"CREATE TABLE IF NOT EXISTS {q('warta_meta')} ({q('key')} TEXT PRIMARY KEY, {q('value')} TEXT)",
            f"CREATE TABLE IF NOT EXISTS {q('documents')} (\n  {q('seq')} {self.serial_key},\n  {doc_columns},\n"
            f"  {q('raw_key')} TEXT,\n  {q('stored_at')} TEXT NOT NULL\n)",
        ]
        for column in ("raw_key", "lang", "outlet", "published", "url", "source_id"):
            statements.append(self.index("documents", column))
        for table in TABLES:
            columns = ",\n  ".join(self.column_def(c) for c in table.columns)
            statements.append(
                f"CREATE TABLE IF NOT EXISTS {q(table.name)} (\n"
                f"  {q('doc_id')} TEXT NOT NULL REFERENCES {q('documents')} ({q('doc_id')}) ON DELETE CASCADE,\n"
                f"  {q('seq')} INTEGER NOT NULL,\n  {columns},\n  {q('item')} {self.types[JSON]} NOT NULL,\n"
                f"  PRIMARY KEY ({q('doc_id')}, {q('seq')})\n)"
            )
            statements.extend(self.index(table.name, column) for column in table.indexes)
        statements.extend(self.story_schema())
        statements.extend(self.search_schema())
        return statements

    def story_schema(self) -> list[str]:
        """Each document's story (:mod:`warta.store.stories`) and the signature bands that find it."""
        q = self.ident
        owner = f"{q('doc_id')} TEXT NOT NULL REFERENCES {q('documents')} ({q('doc_id')}) ON DELETE CASCADE"
        return [
            f"CREATE TABLE IF NOT EXISTS {q('stories')} (\n  {owner} PRIMARY KEY,\n  {q('story_id')} TEXT NOT NULL,\n"
            f"  {q('original')} {self.types[BOOL]} NOT NULL,\n  {q('similarity')} {self.types[REAL]},\n"
            f"  {q('changes')} {self.types[JSON]},\n  {q('signature')} TEXT,\n  {q('shingles')} INTEGER\n)",
            self.index("stories", "story_id"),
            f"CREATE TABLE IF NOT EXISTS {q('story_bands')} ({q('band')} TEXT NOT NULL, {owner})",
            self.index("story_bands", "band"),
            self.index("story_bands", "doc_id"),
        ]

    # -- stories -----------------------------------------------------------------
    def story_candidates(self, bands: int) -> str:
        q = self.ident
        return (f"SELECT DISTINCT s.{q('doc_id')}, s.{q('story_id')}, s.{q('signature')}, s.{q('shingles')} "
                f"FROM {q('story_bands')} b JOIN {q('stories')} s ON s.{q('doc_id')} = b.{q('doc_id')} "
                f"WHERE b.{q('band')} IN ({self.params(bands)})")

    def texts(self, count: int) -> str:
        q = self.ident
        return f"SELECT {q('doc_id')}, {q('text')} FROM {q('documents')} WHERE {q('doc_id')} IN ({self.params(count)})"

    def titles_and_texts(self, count: int) -> str:
        q = self.ident
        return (f"SELECT {q('doc_id')}, {q('title')}, {q('text')} FROM {q('documents')} "
                f"WHERE {q('doc_id')} IN ({self.params(count)})")

    def insert_story(self) -> str:
        q = self.ident
        names = ["doc_id", "story_id", "original", "similarity", "changes", "signature", "shingles"]
        return f"INSERT INTO {q('stories')} ({', '.join(map(q, names))}) VALUES ({self.params(len(names))})"

    def insert_band(self) -> str:
        q = self.ident
        return f"INSERT INTO {q('story_bands')} ({q('band')}, {q('doc_id')}) VALUES ({self.params(2)})"

    def story_of(self) -> str:
        q = self.ident
        return f"SELECT {q('story_id')} FROM {q('stories')} WHERE {q('doc_id')} = {self.param}"

    def story_copies(self) -> str:
        """A story's documents without their texts: id, published, stored order, outlet, title, original,
        changes, similarity."""
        q = self.ident
        return (f"SELECT d.{q('doc_id')}, d.{q('published')}, d.{q('seq')}, d.{q('outlet')}, d.{q('title')}, "
                f"s.{q('original')}, s.{q('changes')}, s.{q('similarity')} "
                f"FROM {q('stories')} s JOIN {q('documents')} d ON d.{q('doc_id')} = s.{q('doc_id')} "
                f"WHERE s.{q('story_id')} = {self.param}")

    def story_lock(self) -> str | None:
        """A statement that makes concurrent writers place copies in stories one at a time."""
        return None

    @staticmethod
    def load_bool(value: Any) -> bool:
        return bool(value)

    def update_story_member(self) -> str:
        q = self.ident
        return (f"UPDATE {q('stories')} SET {q('original')} = {self.param}, {q('changes')} = {self.param} "
                f"WHERE {q('doc_id')} = {self.param}")

    def story_events(self, members: int) -> str:
        q = self.ident
        return (f"SELECT {q('doc_id')}, {q('type')}, {q('actor1')}, {q('actor2')}, {q('trigger')} "
                f"FROM {q('events')} WHERE {q('doc_id')} IN ({self.params(members)})")

    def story_counts(self) -> str:
        """Stories of more than one document, and the documents in them."""
        q = self.ident
        return (f"SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {q('stories')} "
                f"GROUP BY {q('story_id')} HAVING count(*) > 1) copies")

    def index(self, table: str, columns: str | tuple[str, ...]) -> str:
        q = self.ident
        names = (columns,) if isinstance(columns, str) else columns
        return (f"CREATE INDEX IF NOT EXISTS {q(table + '_' + '_'.join(names))} ON {q(table)} "
                f"({', '.join(map(q, names))})")

    # The version of the search index's definition where it changes within a layout (see
    # ``Store._migrate``); None where it never has.
    search_version: str | None = None

    def search_schema(self) -> list[str]:
        return []

    def search_upgrade(self) -> list[str]:
        """Statements that rebuild an older search index to :meth:`search_schema`."""
        return []

    def pragmas(self, *, read_only: bool = False) -> list[str]:
        """Per-connection settings, run on opening."""
        return []

    def schema_lock(self) -> str | None:
        """A statement that makes concurrent first openings create the tables one after another."""
        return None

    # -- meta --------------------------------------------------------------------
    def get_meta(self) -> str:
        return f"SELECT {self.ident('value')} FROM {self.ident('warta_meta')} WHERE {self.ident('key')} = {self.param}"

    def set_meta(self) -> str:
        q = self.ident
        return (
            f"INSERT INTO {q('warta_meta')} ({q('key')}, {q('value')}) VALUES ({self.params(2)}) "
            f"ON CONFLICT ({q('key')}) DO UPDATE SET {q('value')} = excluded.{q('value')}"
        )

    # -- writing -----------------------------------------------------------------
    def insert_document(self) -> str:
        """Insert one document unless its ``doc_id`` is stored (the driver's rowcount says which)."""
        q = self.ident
        names = [c.name for c in DOCUMENT_COLUMNS] + ["raw_key", "stored_at"]
        return (
            f"INSERT INTO {q('documents')} ({', '.join(map(q, names))}) VALUES ({self.params(len(names))}) "
            f"ON CONFLICT ({q('doc_id')}) DO NOTHING"
        )

    def insert_rows(self, table: Table) -> str:
        q = self.ident
        names = ["doc_id", "seq", *(c.name for c in table.columns), "item"]
        return f"INSERT INTO {q(table.name)} ({', '.join(map(q, names))}) VALUES ({self.params(len(names))})"

    def delete_document(self) -> str:
        # Child rows go with it (ON DELETE CASCADE), the full-text row by the dialect's means.
        return f"DELETE FROM {self.ident('documents')} WHERE {self.ident('doc_id')} = {self.param}"

    def same_source(self, by_url: bool) -> str:
        """The stored doc_ids of one article as published: the same URL, or the same record id in the same file."""
        q, p = self.ident, self.param
        where = f"{q('url')} = {p}" if by_url else f"{q('source_id')} = {p} AND {q('path')} = {p}"
        return f"SELECT {q('doc_id')} FROM {q('documents')} WHERE {where}"

    # -- reading -----------------------------------------------------------------
    def has_document(self) -> str:
        return f"SELECT 1 FROM {self.ident('documents')} WHERE {self.ident('doc_id')} = {self.param}"

    def has_raw(self) -> str:
        return f"SELECT 1 FROM {self.ident('documents')} WHERE {self.ident('raw_key')} = {self.param} LIMIT 1"

    def select_record(self) -> str:
        q = self.ident
        return (f"SELECT d.{q('record')}, d.{q('stored_at')}, s.{q('story_id')}, {self._story_size()} "
                f"FROM {q('documents')} d LEFT JOIN {q('stories')} s ON s.{q('doc_id')} = d.{q('doc_id')} "
                f"WHERE d.{q('doc_id')} = {self.param}")

    def ids_with_prefix(self) -> str:
        q = self.ident
        return (
            f"SELECT {q('doc_id')} FROM {q('documents')} WHERE {q('doc_id')} LIKE {self.param} "
            f"ORDER BY {q('doc_id')} LIMIT {self.param}"
        )

    def iter_records(self) -> str:
        q = self.ident
        return (f"SELECT d.{q('doc_id')}, d.{q('record')}, d.{q('stored_at')}, s.{q('story_id')}, "
                f"{self._story_size()} FROM {q('documents')} d "
                f"LEFT JOIN {q('stories')} s ON s.{q('doc_id')} = d.{q('doc_id')} ORDER BY d.{q('seq')}")

    def _story_size(self) -> str:
        q = self.ident
        return (f"(SELECT count(*) FROM {q('stories')} o WHERE o.{q('story_id')} = s.{q('story_id')}) "
                f"AS {q('story_size')}")

    def doc_ids(self) -> str:
        q = self.ident
        return f"SELECT {q('doc_id')} FROM {q('documents')} ORDER BY {q('seq')}"

    def count(self, table: str) -> str:
        return f"SELECT COUNT(*) FROM {self.ident(table)}"

    def count_by(self, table: str, column: str) -> str:
        q = self.ident
        return (
            f"SELECT {q(column)}, COUNT(*) FROM {q(table)} GROUP BY {q(column)} "
            f"ORDER BY COUNT(*) DESC, {q(column)}"
        )

    def search(self) -> str:
        """Full-text search; parameters: the query (see :meth:`search_query`), the limit.

        Rows: doc_id, title, lang, published, outlet, snippet, score (lower is better).
        """
        raise NotImplementedError(f"full-text search is not written for {self.name}")

    def search_query(self, query: str) -> str:
        return query

    def search_filter(self) -> str:
        """A condition on ``documents d`` that holds for the documents matching one search expression."""
        raise NotImplementedError(f"full-text search is not written for {self.name}")


class SQLiteDialect(Dialect):
    """SQLite 3 with FTS5: the default store, one file, nothing to install."""

    name = "sqlite"

    def unindexed(self, column: str) -> str:
        return f"+{column}"

    def search_schema(self) -> list[str]:
        # An external-content FTS5 index over documents(title, text), kept in step by
        # triggers, so the text is stored once and every write path updates the index.
        return [
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "title, text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')",
            "CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text); END",
            "CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
            "VALUES ('delete', old.seq, old.title, old.text); END",
        ]

    def pragmas(self, *, read_only: bool = False) -> list[str]:
        # WAL: readers never block the writer; NORMAL sync is durable per transaction in
        # WAL mode except on power loss, and never leaves half a transaction. A reader
        # leaves the file's journal mode as it found it.
        if read_only:
            return ["PRAGMA query_only = ON", "PRAGMA busy_timeout = 10000"]
        return ["PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                "PRAGMA busy_timeout = 10000"]

    def search(self) -> str:
        return (
            "SELECT d.doc_id, d.title, d.lang, d.published, d.outlet, "
            "snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts, 2.0, 1.0) AS score "
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY score LIMIT ?"
        )

    def search_filter(self) -> str:
        return "d.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"

    def search_query(self, query: str) -> str:
        """A user's query (see :func:`_query_terms`) as an FTS5 expression."""
        parts: list[str] = []
        for op, words, prefix in _query_terms(query):
            term = '"' + " ".join(words) + '"' + ("*" if prefix else "")
            parts.append(term if not parts else f"{op} {term}")
        return " ".join(parts)


def _query_terms(query: str) -> list[tuple[str, list[str], bool]]:
    """A user's query as (operator, words, prefix) terms: the grammar both dialects accept.

    Words are ANDed; ``"two words"`` is a phrase; ``word*`` a prefix; ``OR`` between
    terms means either. A token's words are its letter-and-digit runs, so punctuation
    can never be query syntax.
    """
    terms: list[tuple[str, list[str], bool]] = []
    pending_or = False
    for token in re.findall(r'"[^"]*"|\S+', query):
        if token == "OR":
            pending_or = bool(terms)
            continue
        prefix = token.endswith("*") and not token.startswith('"')
        words = re.findall(r"\w+", token)
        if words:
            terms.append(("OR" if pending_or else "AND", words, prefix))
        pending_or = False
    return terms


class PostgresDialect(Dialect):
    """PostgreSQL 12+ through psycopg 3: JSONB items, ``tsvector`` full-text search."""

    name = "postgresql"
    param = "%s"
    types = {TEXT: "TEXT", INT: "BIGINT", REAL: "DOUBLE PRECISION", BOOL: "BOOLEAN", JSON: "JSONB"}
    serial_key = "BIGSERIAL PRIMARY KEY"

    def story_lock(self) -> str | None:
        # Under READ COMMITTED two writers placing copies of one story at once see neither the
        # other's story: they would start two. SQLite's writers are one at a time already.
        return "SELECT pg_advisory_xact_lock(hashtext('warta.store stories'))"

    def schema_lock(self) -> str | None:
        # CREATE ... IF NOT EXISTS is no lock: two sessions creating one table at once fail on the
        # catalogue's unique index. A transaction-scoped advisory lock (released at commit) orders them.
        return "SELECT pg_advisory_xact_lock(hashtext('warta.store schema'))"

    def adapt(self, value: Any, type_: str) -> Any:
        if type_ == JSON and value is not None:
            from psycopg.types.json import Jsonb

            # Through a JSON string, so odd values are written the way SQLite gets them.
            return Jsonb(json.loads(super().adapt(value, type_)))
        return super().adapt(value, type_)

    search_version = "accents folded/2"

    def search_schema(self) -> list[str]:
        # 'simple': no stemming or stop words, the same for Indonesian and English; the title
        # weighs more than the text. Accents are folded by translate() (no extension to install;
        # a generated column needs an immutable function, which unaccent() is not).
        return [
            "CREATE OR REPLACE FUNCTION warta_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
            # (characters of the second list with none in the third are dropped: the combining accents)
            f"PARALLEL SAFE AS $$ SELECT translate(value, '{ACCENTED}{COMBINING}', '{UNACCENTED}') $$",
            "ALTER TABLE documents ADD COLUMN IF NOT EXISTS fts tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', warta_fold(coalesce(title, ''))), 'A') || "
            "setweight(to_tsvector('simple', warta_fold(coalesce(text, ''))), 'B')) STORED",
            "CREATE INDEX IF NOT EXISTS documents_fts ON documents USING GIN (fts)",
        ]

    def search_upgrade(self) -> list[str]:
        return ["DROP INDEX IF EXISTS documents_fts", "ALTER TABLE documents DROP COLUMN IF EXISTS fts",
                *self.search_schema()]

    def search(self) -> str:
        return (
            "SELECT d.doc_id, d.title, d.lang, d.published, d.outlet, "
            "ts_headline('simple', coalesce(d.title, '') || ' ' || d.text, q, "
            "'StartSel=[, StopSel=], MaxWords=28, MinWords=12, MaxFragments=1, FragmentDelimiter=…'), "
            "-ts_rank_cd(d.fts, q) AS score "
            "FROM documents d, to_tsquery('simple', %s) q WHERE d.fts @@ q ORDER BY score, d.seq LIMIT %s"
        )

    def search_filter(self) -> str:
        return "d.fts @@ to_tsquery('simple', ?)"

    def search_query(self, query: str) -> str:
        parts: list[str] = []
        for op, words, prefix in _query_terms(query):
            lexemes = [f"'{w.lower().translate(FOLD)}'" for w in words]
            if prefix:
                lexemes[-1] += ":*"
            term = " <-> ".join(lexemes)
            term = f"({term})" if len(lexemes) > 1 else term
            parts.append(term if not parts else f"{'|' if op == 'OR' else '&'} {term}")
        return " ".join(parts)

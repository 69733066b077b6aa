"""The store's behaviour, written once over any DB-API connection and a SQL dialect.

A backend (:mod:`warta.store.sqlite`) opens the connection, says how a transaction
begins and ends, and which driver exceptions mean "the database failed"; everything
else (ingest once, read back, search, stats) lives here, so a PostgreSQL backend
adds a connection and a dialect, not a second store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..errors import StoreError
from ..model import Document, RawArticle
from .query import (
    COUNT_CAP,
    MAX_PLACES,
    WALK_DATES_FROM,
    EntityNotFound,
    EventFilter,
    Page,
    check_page,
    document_row,
    documents_sql,
    entities_sql,
    entity_row,
    entity_rows_sql,
    event_row,
    events_sql,
    place_names_sql,
    places_sql,
    timeline_sql,
    types_sql,
)
from .sql import STORE_SCHEMA, UPGRADABLE, Dialect
from .stories import PARAMETERS as STORY_PARAMETERS
from .stories import Copy, Report, Shingled, Signature, Story, changes, event_key, order_key, signature
from .tables import ADDED_TO_EVENTS, BOOL, DOCUMENT_COLUMNS, TABLE_NAMES, TABLES, TEXT


class DocumentNotFound(StoreError):
    """No stored document has the id asked for."""


@dataclass(frozen=True)
class StoredDocument:
    """A stored record, when the store added it (ISO 8601, UTC), and its story where it has copies."""

    doc: Document
    stored_at: str | None = None
    story: Story | None = None


@dataclass(frozen=True, kw_only=True)
class SearchHit:
    """One full-text search result."""

    doc_id: str
    title: str | None
    lang: str
    published: str | None
    outlet: str | None
    snippet: str
    score: float


def raw_key(raw: RawArticle) -> str:
    """A key for an article as read, before processing: lets a re-run skip it cheaply.

    The stored ``doc_id`` (from the cleaned text) is what makes a document unique; this
    key only saves re-processing an input already stored, e.g. when a crashed batch is
    run again.
    """
    return hashlib.sha1(f"{raw.title or ''}\n{raw.text}".encode()).hexdigest()


class Store:
    """A document store: each document stored once and whole, read back, searched.

    Backends set ``dialect`` and ``driver_errors`` and implement :meth:`_connect`,
    :meth:`_transaction` and :meth:`close`. Use as a context manager, or call
    :meth:`close`.
    """

    dialect: Dialect
    driver_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self._wrote = False  # whether this connection stored anything
        self._conn: Any = None
        with self._errors():
            self._conn = self._connect()
            for pragma in self.dialect.pragmas(read_only=read_only):
                self._conn.execute(pragma)
            if read_only:
                self._check_layout()
            else:
                self._migrate()

    # -- backend hooks -------------------------------------------------------------
    def _connect(self) -> Any:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Any]:
        """A context in which statements commit together or not at all; yields a cursor."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _stream(self) -> Any:
        """A cursor for reading many rows in batches."""
        return self._conn.cursor()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------
    @contextmanager
    def _errors(self, what: str = "") -> Iterator[None]:
        """Driver failures as one-line StoreErrors naming the store."""
        try:
            yield
        except self.driver_errors as exc:
            message = " ".join(str(exc).split())  # drivers' messages run over several lines
            reason = f"{what}: {message}" if what else message
            raise StoreError(reason, origin=self.url) from exc

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._errors():
            cursor = self._conn.cursor()
            try:
                cursor.execute(sql, params)
                return cursor.fetchall()
            finally:
                cursor.close()

    def _migrate(self) -> None:
        """Create the tables if absent, upgrade a layout an older warta wrote, refuse any other."""
        meta, *statements = self.dialect.schema()
        with self._transaction() as cur:
            if lock := self.dialect.schema_lock():
                cur.execute(lock)
            cur.execute(meta)
            cur.execute(self.dialect.get_meta(), ("schema",))
            row = cur.fetchone()
            found = row[0] if row else None
            if found is not None and found != STORE_SCHEMA and found not in UPGRADABLE:
                raise StoreError(f"store layout {found!r}, this warta reads {STORE_SCHEMA!r}", origin=self.url)
            if found != STORE_SCHEMA:  # a store already at this layout runs no DDL (it locks others' tables)
                if found == "warta.store/1":
                    self._upgrade_events(cur)
                for statement in statements:
                    cur.execute(statement)
                cur.execute(self.dialect.set_meta(), ("schema", STORE_SCHEMA))
            if version := self.dialect.search_version:
                cur.execute(self.dialect.get_meta(), ("search",))
                row = cur.fetchone()
                if (row[0] if row else None) != version:
                    if found is not None:  # an index an older warta defined: made again
                        for statement in self.dialect.search_upgrade():
                            cur.execute(statement)
                    cur.execute(self.dialect.set_meta(), ("search", version))
            cur.execute(self.dialect.get_meta(), ("stories",))
            row = cur.fetchone()
            if found in UPGRADABLE or (row[0] if row else None) != STORY_PARAMETERS:
                # Stories made with other settings (or none yet) are made again with these.
                self._upgrade_stories(cur)
                cur.execute(self.dialect.set_meta(), ("stories", STORY_PARAMETERS))

    def _stored_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(doc_id, record) of every stored document in stored order, whatever the layout's other tables."""
        q = self.dialect.ident
        reader = self._stream()  # in batches (a server-side cursor on PostgreSQL), not the table at once
        try:
            reader.execute(f"SELECT {q('doc_id')}, {q('record')} FROM {q('documents')} ORDER BY {q('seq')}")
            while batch := reader.fetchmany(200):
                for doc_id, stored in batch:
                    yield doc_id, self.dialect.load_json(stored)
        finally:
            reader.close()

    def _upgrade_stories(self, cur: Any) -> None:
        """Every stored document placed in its story, in stored order (warta.store/2 -> /3, or new
        story settings)."""
        q = self.dialect.ident
        for table in ("story_bands", "stories"):  # whatever a half-done upgrade left
            cur.execute(f"DELETE FROM {q(table)}")
        for doc_id, record in self._stored_records():
            self._place_in_story(cur, doc_id, record)

    def _upgrade_events(self, cur: Any) -> None:
        """warta.store/1 -> /2: the events' ``date``, ``lat`` and ``lon`` columns, filled from the stored records."""
        q, p = self.dialect.ident, self.dialect.param
        events = next(t for t in TABLES if t.name == "events")
        added = [c for c in events.columns if c.name in ADDED_TO_EVENTS]
        for column in added:
            cur.execute(f"ALTER TABLE {q('events')} ADD COLUMN {self.dialect.column_def(column)}")
        update = (f"UPDATE {q('events')} SET {', '.join(f'{q(c.name)} = {p}' for c in added)} "
                  f"WHERE {q('doc_id')} = {p} AND {q('seq')} = {p}")
        for doc_id, record in self._stored_records():
            rows = [(*(self.dialect.adapt(c.value(event, record), c.type) for c in added), doc_id, seq)
                    for seq, event in enumerate(record.get("events") or [])]
            if rows:
                cur.executemany(update, rows)

    def _check_layout(self) -> None:
        """For a read-only store: refuse a database warta did not write, or wrote in another layout."""
        try:
            rows = self._query(self.dialect.get_meta(), ("schema",))
        except StoreError:
            raise StoreError("not a warta store (no warta_meta table)", origin=self.url) from None
        if not rows or rows[0][0] != STORE_SCHEMA:
            found = rows[0][0] if rows else None
            hint = " (`warta upgrade --db STORE` upgrades it)" if found in UPGRADABLE else ""
            raise StoreError(f"store layout {found!r}, this warta reads {STORE_SCHEMA!r}{hint}", origin=self.url)
        if (version := self.dialect.search_version) and self._query(self.dialect.get_meta(), ("search",)) != [(version,)]:
            raise StoreError("the store's search index is an older warta's (`warta upgrade --db STORE` rebuilds it)",
                             origin=self.url)

    # -- writing ---------------------------------------------------------------------
    def add(self, doc: Document, *, raw_key: str | None = None, replace: bool = False) -> bool:
        """Store ``doc`` in one transaction; False when it is already stored.

        A document is already stored when its ``doc_id`` (its content) is, or when another
        version of the same article is: the same source URL, or the same record id in the
        same input file (an edited article keeps its URL). With ``replace``, the stored
        versions are replaced (say, after the article was edited or the pipeline improved).
        Either way the document is written whole or not at all.
        """
        if self.read_only:
            raise StoreError("the store was opened read-only", origin=self.url)
        if not doc.doc_id:
            raise StoreError("document has no doc_id", origin=doc.source.path or doc.source.url)
        record = doc.to_dict()
        d = self.dialect
        stored_at = datetime.now(UTC).isoformat(timespec="seconds")
        values = tuple(d.adapt(c.value(record), c.type) for c in DOCUMENT_COLUMNS) + (raw_key, stored_at)
        with self._errors(f"storing {doc.doc_id}"), self._transaction() as cur:
            versions = self._versions(cur, doc)
            if versions and not replace:
                return False
            replaced_stories = set()
            for stored in {doc.doc_id, *versions} if replace else ():
                cur.execute(d.story_of(), (stored,))
                replaced_stories.update(row[0] for row in cur.fetchall())
                cur.execute(d.delete_document(), (stored,))
            cur.execute(d.insert_document(), values)
            if cur.rowcount == 0:
                return False
            self._wrote = True
            for table in TABLES:
                rows = [
                    (doc.doc_id, seq, *(d.adapt(v, c.type) for v, c in zip(cols, table.columns, strict=True)),
                     d.adapt(item, "json"))
                    for seq, (cols, item) in enumerate(table.rows(record))
                ]
                if rows:
                    cur.executemany(d.insert_rows(table), rows)
            story_id = self._place_in_story(cur, doc.doc_id, record)
            for other in replaced_stories - {story_id}:  # a story that lost its copy: its original again
                self._settle_story(cur, other)
        return True

    def _place_in_story(self, cur: Any, doc_id: str, record: dict[str, Any]) -> str:
        """Put a just-stored document in the story of its nearest copy (or a story of its own); its id.

        Each candidate story is compared exactly with its one member whose signature is closest, so
        a story of many copies costs what a story of one does."""
        d = self.dialect
        if lock := d.story_lock():
            cur.execute(lock)  # writers place copies one at a time, each seeing the others' stories
        text = record.get("text") or ""
        found = signature(text)
        story_id, similarity = doc_id, None
        if found is not None:
            bands = found.bands()
            cur.execute(d.story_candidates(len(bands)), bands)
            closest: dict[str, tuple[float, str]] = {}  # story -> (estimated overlap, member)
            for other_id, other_story, other_signature, other_size in cur.fetchall():
                if other_id == doc_id or not other_signature:
                    continue
                estimate = found.estimate(Signature.load(other_signature, other_size))
                if estimate is not None and estimate > closest.get(other_story, (-1.0, ""))[0]:
                    closest[other_story] = (estimate, other_id)
            if closest:
                mine = Shingled(text)
                story_of = {member: story for story, (_estimate, member) in closest.items()}
                best = 0.0
                cur.execute(d.texts(len(story_of)), tuple(story_of))
                for other_id, other_text in cur.fetchall():
                    overlap = mine.same_story(Shingled(other_text or ""))
                    if overlap is not None and overlap > best:
                        best, story_id, similarity = overlap, story_of[other_id], overlap
        cur.execute(d.insert_story(), (doc_id, story_id, d.adapt(True, BOOL), similarity, d.adapt([], "json"),
                                       found.dump() if found else None, found.size if found else None))
        if found is not None:
            cur.executemany(d.insert_band(), [(band, doc_id) for band in found.bands()])
        if story_id != doc_id:
            self._settle_story(cur, story_id, added=doc_id)
        return story_id

    def _settle_story(self, cur: Any, story_id: str, *, added: str | None = None) -> None:
        """Mark a story's original (its earliest copy) and what each later copy changed from it; when
        only ``added`` joined and the original stays, only that copy is compared."""
        d = self.dialect
        cur.execute(d.story_copies(), (story_id,))
        members = sorted(cur.fetchall(), key=lambda m: order_key(m[1], m[2]))
        if not members:
            return
        first = members[0][0]
        was_original = next((m[0] for m in members if d.load_bool(m[5]) and m[0] != added), None)
        compared = [added] if added is not None and first == was_original else [m[0] for m in members[1:]]
        cur.execute(d.titles_and_texts(len(compared) + 1), (first, *compared))
        bodies = {doc_id: {"title": title, "text": text} for doc_id, title, text in cur.fetchall()}
        rows = [(d.adapt(doc_id == first, BOOL), d.adapt(changes(bodies[first], bodies[doc_id]), "json"), doc_id)
                for doc_id in compared]
        if first != was_original:  # a new original: it changed nothing, and the others are compared with it
            rows.append((d.adapt(True, BOOL), d.adapt([], "json"), first))
        cur.executemany(d.update_story_member(), rows)

    def _versions(self, cur: Any, doc: Document) -> set[str]:
        """The stored doc_ids of other versions of ``doc``'s article (same URL, or same file and record id)."""
        text = partial(self.dialect.adapt, type_=TEXT)  # as stored (no NUL)
        if doc.source.url:
            cur.execute(self.dialect.same_source(by_url=True), (text(doc.source.url),))
        elif doc.source.id and doc.source.path:
            cur.execute(self.dialect.same_source(by_url=False), (text(doc.source.id), text(doc.source.path)))
        else:
            return set()
        return {row[0] for row in cur.fetchall()} - {doc.doc_id}

    # -- reading ---------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return bool(self._query(self.dialect.has_document(), (doc_id,)))

    def has_raw(self, key: str) -> bool:
        """Whether an input with this :func:`raw_key` has been stored."""
        return bool(self._query(self.dialect.has_raw(), (key,)))

    def get(self, doc_id: str) -> Document:
        """The stored document ``doc_id``; :class:`DocumentNotFound` when there is none."""
        return self.get_stored(doc_id).doc

    def get_stored(self, doc_id: str) -> StoredDocument:
        """The stored document ``doc_id`` with when it was stored."""
        rows = self._query(self.dialect.select_record(), (doc_id,))
        if not rows:
            raise DocumentNotFound("no such document in the store", origin=doc_id)
        record, stored_at, story_id, size = rows[0]
        return StoredDocument(self._document(record, doc_id), stored_at,
                              self.story(story_id, doc_id) if size and size > 1 else None)

    def _document(self, record: Any, doc_id: str) -> Document:
        try:
            return Document.from_dict(self.dialect.load_json(record))
        except (TypeError, KeyError, ValueError) as exc:  # a record written by another version of warta
            raise StoreError(f"stored record cannot be read back ({type(exc).__name__}: {exc})",
                             origin=doc_id) from exc

    def resolve(self, prefix: str) -> str:
        """The one stored doc_id that starts with ``prefix`` (at least 4 characters)."""
        if self.has(prefix):
            return prefix
        if len(prefix) < 4 or not all(ch in "0123456789abcdef" for ch in prefix.lower()):
            raise DocumentNotFound("no such document in the store", origin=prefix)
        ids = [row[0] for row in self._query(self.dialect.ids_with_prefix(), (prefix.lower() + "%", 2))]
        if not ids:
            raise DocumentNotFound("no such document in the store", origin=prefix)
        if len(ids) > 1:
            raise DocumentNotFound("more than one document starts with this; give more of the id", origin=prefix)
        return ids[0]

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in the order they were stored."""
        for stored in self.iter_stored():
            yield stored.doc

    def iter_stored(self) -> Iterator[StoredDocument]:
        """Every stored document with when it was stored, in that order."""
        with self._errors():
            cursor = self._stream()
            try:
                cursor.execute(self.dialect.iter_records())
                told: dict[str, Story] = {}  # a story read once for all its copies (they are often near)
                while batch := cursor.fetchmany(100):
                    for doc_id, record, stored_at, story_id, size in batch:
                        story = None
                        if size and size > 1:
                            if story_id not in told:
                                if len(told) > 1000:
                                    told.clear()
                                told[story_id] = self.story(story_id, doc_id)
                            known = told[story_id]
                            mine = next(c for c in known.copies if c.doc_id == doc_id)
                            story = replace(known, changes=mine.changes)
                        yield StoredDocument(self._document(record, doc_id), stored_at, story)
            finally:
                cursor.close()

    def story(self, story_id: str, doc_id: str) -> Story:
        """A story as one of its documents sees it: the copies (the original first), what this one
        changed, and for each event how many copies and which outlets report it."""
        d = self.dialect
        members = sorted(self._query(d.story_copies(), (story_id,)),
                         key=lambda m: (not d.load_bool(m[5]), order_key(m[1], m[2])))
        copies = tuple(Copy(m[0], m[3], m[1], m[4], d.load_bool(m[5]), m[7], tuple(d.load_json(m[6]) or ()))
                       for m in members)
        outlets = {c.doc_id: c.outlet for c in copies}
        holders: dict[tuple[str, ...], set[str]] = {}
        for member, etype, actor1, actor2, trigger in self._query(d.story_events(len(copies)), tuple(outlets)):
            holders.setdefault(event_key(etype, actor1, actor2, trigger), set()).add(member)
        reports = {key: Report(len(ids), tuple(sorted({outlets[i] for i in ids if outlets[i]})))
                   for key, ids in holders.items()}
        mine = next(c for c in copies if c.doc_id == doc_id)
        return Story(story_id, copies, mine.changes, reports)

    def doc_ids(self) -> list[str]:
        """Every stored document's id, in the order they were stored."""
        return [row[0] for row in self._query(self.dialect.doc_ids())]

    def __len__(self) -> int:
        return int(self._query(self.dialect.count("documents"))[0][0])

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Documents whose title or text hold the words of ``query``, best first."""
        expression = self.dialect.search_query(query)
        if not expression:
            return []
        rows = self._query(self.dialect.search(), (expression, limit))
        return [
            SearchHit(doc_id=r[0], title=r[1], lang=r[2], published=r[3], outlet=r[4], snippet=r[5] or "",
                      score=float(r[6]))
            for r in rows
        ]

    def _page(self, matching_sql: str, page_sql: str | Callable[[int], str], params: list[Any], limit: int,
              offset: int, row: Callable[[tuple[Any, ...]], dict[str, Any]]) -> Page:
        """A page of ``page_sql``'s rows (or of the statement it gives for the number of matches;
        it ends with LIMIT and OFFSET placeholders), with the number of ``matching_sql``'s rows,
        counted up to COUNT_CAP."""
        check_page(limit, offset)
        p = self.dialect.param
        counted = f"SELECT COUNT(*) FROM ({matching_sql} LIMIT {p}) AS matching"
        total = int(self._query(counted, (*params, COUNT_CAP + 1))[0][0])
        statement = page_sql(total) if callable(page_sql) else page_sql
        rows = self._query(statement, (*params, limit, offset)) if total > min(offset, COUNT_CAP) else []
        if total > COUNT_CAP:  # more than were counted: at least the page's end
            total = max(COUNT_CAP, offset + len(rows))
            return Page(total=total, limit=limit, offset=offset, items=[row(r) for r in rows], total_exact=False)
        return Page(total=total, limit=limit, offset=offset, items=[row(r) for r in rows])

    def documents(self, *, lang: str | None = None, outlet: str | None = None, since: str | None = None,
                  until: str | None = None, query: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        """The stored documents (newest first) of a language, an outlet, a span of publication days
        (``YYYY-MM-DD``, both included), or matching a full-text ``query``, with their event counts."""
        count, page, params = documents_sql(self.dialect, lang=lang, outlet=outlet, since=since, until=until,
                                            query=query)
        return self._page(count, page, params, limit, offset, document_row)

    def events(self, where: EventFilter | None = None, *, newest_first: bool = True, limit: int = 50,
               offset: int = 0) -> Page:
        """The stored events that ``where`` selects, by date, each with its document and place."""
        where = where or EventFilter()
        matching, _page, params = events_sql(self.dialect, where, newest_first=newest_first)

        def page_for(total: int) -> str:
            return events_sql(self.dialect, where, newest_first=newest_first, walk_dates=total >= WALK_DATES_FROM)[1]

        return self._page(matching, page_for, params, limit, offset, partial(event_row, self.dialect))

    def event_timeline(self, where: EventFilter | None = None) -> list[dict[str, Any]]:
        """How many events ``where`` selects on each day, by type (``{date, type, count}``, oldest first)."""
        sql, params = timeline_sql(self.dialect, where or EventFilter())
        return [{"date": day, "type": kind, "count": int(n)} for day, kind, n in self._query(sql, tuple(params))]

    def event_types(self, where: EventFilter | None = None) -> dict[str, int]:
        """How many events ``where`` selects of each type, most first."""
        sql, params = types_sql(self.dialect, where or EventFilter())
        return {kind: int(n) for kind, n in self._query(sql, tuple(params))}

    def event_places(self, where: EventFilter | None = None) -> list[dict[str, Any]]:
        """The places where events ``where`` selects happened (the ``MAX_PLACES`` with most events, most
        first): name, country, coordinates, how many events, of which types."""
        sql, params = places_sql(self.dialect, where or EventFilter())
        points: dict[tuple[float, float], dict[str, Any]] = {}
        for lat, lon, kind, n in self._query(sql, tuple(params)):
            point = points.setdefault((lat, lon), {"name": None, "country": None, "lat": lat, "lon": lon,
                                                   "count": 0, "types": {}})
            point["count"] += int(n)
            point["types"][kind] = int(n)
        top = sorted(points.values(), key=lambda p: -p["count"])[:MAX_PLACES]
        for start in range(0, len(top), 250):
            chunk = top[start:start + 250]
            coordinates = [value for p in chunk for value in (p["lat"], p["lon"])]
            for lat, lon, name, country in self._query(place_names_sql(self.dialect, len(chunk)), tuple(coordinates)):
                points[(lat, lon)].update(name=name, country=country)
        return top

    def entities(self, *, query: str | None = None, type: str | None = None, country: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page:
        """The entities named across the stored documents (by Wikidata id, else by name), most
        documents first; ``query`` matches part of a name."""
        count, page, params = entities_sql(self.dialect, query=query, type=type, country=country)
        return self._page(count, page, params, limit, offset, entity_row)

    def entity(self, key: str, *, limit: int = 50) -> dict[str, Any]:
        """One entity across documents (a key from :meth:`entities`): its names, type, country,
        the documents that mention it (newest first, at most ``limit``) and the events it takes part in."""
        sql, params = entity_rows_sql(self.dialect, key)
        rows = self._query(sql, tuple(params))
        if not rows:
            raise EntityNotFound("no stored document names this entity", origin=key)
        items = [self.dialect.load_json(r[1]) for r in rows]
        first = items[0]
        documents = [{"doc_id": r[0], "title": r[2], "published": r[3], "mentions": len(item.get("mentions") or [])}
                     for r, item in zip(rows[:limit], items, strict=False)]
        return {
            "key": key, "name": first.get("name"), "type": first.get("type"), "country": first.get("country"),
            "kb_id": first.get("kb_id"),
            "aliases": sorted({m["text"] for item in items for m in item.get("mentions") or []}),
            "documents": documents, "document_count": len(rows),
            "events": self.events(EventFilter(entity=key), limit=limit).items,
        }

    def stats(self) -> dict[str, dict[str, int]]:
        """Row counts per table, documents per language and outlet, events per type, and the stories
        with more than one copy."""

        def by(table: str, column: str) -> dict[str, int]:
            return {(key if key not in (None, "") else "(none)"): int(n)
                    for key, n in self._query(self.dialect.count_by(table, column))}

        return {
            "tables": {name: int(self._query(self.dialect.count(name))[0][0]) for name in TABLE_NAMES},
            "languages": by("documents", "lang"),
            "outlets": by("documents", "outlet"),
            "event_types": by("events", "type"),
            "stories": dict(zip(("with copies", "documents in them"),
                                map(int, self._query(self.dialect.story_counts())[0]), strict=True)),
        }

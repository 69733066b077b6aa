"""The REST API's routes, errors and limits (see :mod:`warta.serve`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import InputError, StoreError, UsageError, WartaError, unexpected
from ..export import ExportFormat
from ..store import DocumentNotFound, EntityNotFound, EventFilter, Store, StoredDocument, open_store
from ..store.stories import Copy
from . import dashboard
from .params import MAX_QUERY_CHARS, ApiError, Country, Day, Limit, Offset, Words, event_filter


@dataclass(frozen=True, kw_only=True)
class ServeLimits:
    """How large a body ``POST /api/extract`` takes, and how long it may run."""

    max_body_bytes: int = 1024 * 1024
    extract_seconds: float = 30.0


STATIC = Path(__file__).parent / "static"


class Stores:
    """One store connection per worker thread (a SQLite connection stays in its thread)."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        open_store(self.db, read_only=True).close()  # fail at start-up, not on the first request

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db, read_only=True)
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                with contextlib.suppress(Exception):  # a connection owned by a finished thread
                    store.close()
            self._opened.clear()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def json_response(data: Any) -> Response:
    """``data`` (plain JSON values, as the store gives them) as a response, serialised once by the
    standard library: FastAPI's own encoder walks every value again and costs more than the query."""
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


SERVE_DB, SERVE_EXTRACT, SERVE_INGEST = "WARTA_SERVE_DB", "WARTA_SERVE_EXTRACT", "WARTA_SERVE_INGEST"
# The secret a client of ``POST /api/ingest`` must send (``Authorization: Bearer ...``): from the
# environment only, never the command line (which other users of the machine can read).
INGEST_TOKEN = "WARTA_INGEST_TOKEN"
MIN_TOKEN_CHARS = 16


def app_from_environment() -> FastAPI:
    """:func:`create_app` for a uvicorn worker process (``warta serve --workers N``), from the environment."""
    return create_app(os.environ[SERVE_DB], allow_extract=os.environ.get(SERVE_EXTRACT) == "1",
                      ingest_token=os.environ.get(INGEST_TOKEN) if os.environ.get(SERVE_INGEST) == "1" else None)


def create_app(db: str | Path, *, allow_extract: bool = False, ingest_token: str | None = None,
               limits: ServeLimits | None = None) -> FastAPI:
    """The API over the store at ``db`` (which must exist); ``allow_extract`` adds ``POST /api/extract``,
    ``ingest_token`` ``POST /api/ingest`` (the only route that writes, for clients that send the token)."""
    if ingest_token is not None and not (len(ingest_token) >= MIN_TOKEN_CHARS and ingest_token.isascii()
                                         and ingest_token.isprintable() and not any(c.isspace() for c in ingest_token)):
        raise UsageError(f"the ingest token must be at least {MIN_TOKEN_CHARS} ASCII characters, no spaces "
                         f"(set {INGEST_TOKEN})")
    limits = limits or ServeLimits()
    stores = Stores(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        stores.close()

    app = FastAPI(title="warta", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Read-only access to a warta store: documents, events, entities, search, exports.")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(dashboard.router(stores))

    @app.middleware("http")
    async def no_nul(request: Request, call_next):
        # A NUL in a path or parameter names nothing (PostgreSQL would refuse the query itself).
        if "\x00" in request.url.path or any("\x00" in k + v for k, v in request.query_params.multi_items()):
            return JSONResponse({"error": "a NUL character in the request"}, status_code=400)
        return await call_next(request)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI shipped with warta, not from a CDN: no page asks another host for anything.
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="warta API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.reason}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return JSONResponse({"error": _one_line(f"{where}: {first.get('msg', 'invalid')}")}, status_code=400)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": _one_line(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(DocumentNotFound)
    @app.exception_handler(EntityNotFound)
    async def not_found(_request: Request, exc: WartaError) -> JSONResponse:
        return JSONResponse({"error": _one_line(str(exc))}, status_code=404)

    @app.exception_handler(Exception)
    async def unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
        # A bug shows as one JSON line naming where it arose, never as a page or a stack trace.
        return JSONResponse({"error": _one_line(str(unexpected(exc, "request")))}, status_code=500)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"error": _one_line(exc.reason)}, status_code=503)

    @app.get("/api/documents", summary="Stored documents, newest first")
    def documents(lang: Annotated[str | None, Query(pattern=r"^(id|en)$")] = None,
                  outlet: Words = None, since: Day = None, until: Day = None,
                  q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS,
                                                 description="Full-text query, as /api/search takes.")] = None,
                  limit: Limit = 50, offset: Offset = 0) -> Response:
        page = stores.get().documents(lang=lang, outlet=outlet, since=since, until=until, query=q,
                                      limit=limit, offset=offset)
        return json_response(page.to_dict())

    @app.get("/api/documents/{doc_id}", summary="One document's record (warta.document/1)")
    def document(doc_id: str) -> Response:
        store = stores.get()
        return json_response(store.get(store.resolve(doc_id[:64])).to_dict())

    @app.get("/api/documents/{doc_id}/story", summary="The document's story: its copies (the original first), "
             "what each changed, and how many copies report each event")
    def story(doc_id: str) -> Response:
        store = stores.get()
        stored = store.get_stored(store.resolve(doc_id[:64]))
        doc = stored.doc
        copies = stored.story.copies if stored.story else (
            Copy(doc.doc_id, doc.source.outlet, doc.published, doc.title, True, None, ()),)
        return json_response({"story_id": stored.story.story_id if stored.story else doc.doc_id,
                              "copies": [asdict(copy) for copy in copies]})

    @app.get("/api/events", summary="Stored events, filtered, by date")
    def events(where: Annotated[EventFilter, Depends(event_filter)],
               sort: Annotated[str, Query(pattern=r"^-?date$", description="date or -date (newest first)")] = "-date",
               limit: Limit = 50, offset: Offset = 0) -> Response:
        page = stores.get().events(where, newest_first=sort.startswith("-"), limit=limit, offset=offset)
        return json_response(page.to_dict())

    @app.get("/api/events/timeline", summary="Events per day and type")
    def timeline(where: Annotated[EventFilter, Depends(event_filter)]) -> Response:
        return json_response(stores.get().event_timeline(where))

    @app.get("/api/events/places", summary="Events per place with coordinates, by type")
    def places(where: Annotated[EventFilter, Depends(event_filter)]) -> Response:
        return json_response(stores.get().event_places(where))

    @app.get("/api/entities", summary="Entities named across the stored documents")
    def entities(q: Words = None, type: Annotated[str | None, Query(pattern=r"^[A-Z]{2,8}$")] = None,
                 country: Country = None, limit: Limit = 50, offset: Offset = 0) -> Response:
        return json_response(stores.get().entities(query=q, type=type, country=country, limit=limit,
                                                   offset=offset).to_dict())

    @app.get("/api/entities/{key:path}", summary="One entity: names, documents, events")
    def entity(key: str, limit: Limit = 50) -> Response:
        if len(key) > MAX_QUERY_CHARS:
            raise ApiError(400, "entity key too long")
        return json_response(stores.get().entity(key, limit=limit))

    @app.get("/api/search", summary="Full-text search over titles and texts, best first")
    def search(q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                                       description='Words (all of them), "a phrase", prefix*, OR.')],
               limit: Annotated[int, Query(ge=1, le=100)] = 10) -> list[dict[str, Any]]:
        return [hit.__dict__ for hit in stores.get().search(q, limit=limit)]

    claims_cache: dict[tuple[int, int], list] = {}

    @app.get("/api/claims", summary="Figures and events many articles report: who says so, since when, "
             "where the sources disagree")
    def claims(kind: Annotated[str | None, Query(pattern=r"^(figure|event)?$")] = None, disputed: bool = False,
               min_documents: Annotated[int, Query(ge=1, le=1000)] = 2, limit: Limit = 50,
               offset: Offset = 0) -> Response:
        from ..claims import group_claims

        store = stores.get()
        # Grouping reads the whole store: done once per store size (what ingesting changes) and threshold.
        key = (len(store), min_documents)
        if key not in claims_cache:
            claims_cache.clear()
            claims_cache[key] = group_claims(store.iter_stored(), min_documents=min_documents)
        found = [c for c in claims_cache[key]
                 if (not kind or c.kind == kind) and (not disputed or c.standing == "disputed")]
        return json_response({"total": len(found), "items": [c.to_dict() for c in found[offset:offset + limit]]})

    @app.get("/api/stats", summary="Rows per table, documents per language and outlet, events per type")
    def stats() -> dict[str, Any]:
        return stores.get().stats()

    @app.get("/api/export/{format}", summary="Stored events in PLOVER JSON, POLECAT TSV, GDELT 2.0 or ACLED "
             "CSV, or one record table as CSV (format csv with table); filters as `warta export`'s")
    def export(format: ExportFormat, since: Day = None, until: Day = None,
               type: Annotated[list[str] | None, Query(description="PLOVER types (repeat for several).")] = None,
               country: Country = None, include_nonfactual: bool = False,
               table: Annotated[str | None, Query(max_length=20, description="csv: documents, events...")] = None,
               ) -> StreamingResponse:
        from ..export import TABLE_NAMES, ExportFilter, export_lines, table_lines, writer

        try:
            chosen = ExportFilter(since=since or None, until=until or None, types=tuple(type or ()),
                                  country=country or None, include_nonfactual=include_nonfactual)
            if format is ExportFormat.csv:
                if table not in TABLE_NAMES:
                    raise ApiError(400, f"csv: name one table ({', '.join(TABLE_NAMES)})")
                media, name = "text/csv", f"warta-{table}.csv"
            elif table is not None:
                raise ApiError(400, "table goes with the csv format")
            else:
                chosen_writer = writer(format)
                media, name = chosen_writer.media_type, chosen_writer.file_name
        except UsageError as exc:
            raise ApiError(400, exc.reason) from None
        ids = stores.get().doc_ids()

        def stored() -> Iterator[StoredDocument]:
            # Each chunk may run in another worker thread: the store is fetched per document.
            for doc_id in ids:
                yield stores.get().get_stored(doc_id)

        lines = (table_lines(stored(), table, export_filter=chosen) if format is ExportFormat.csv
                 else export_lines(stored(), format, export_filter=chosen))
        return StreamingResponse(lines, media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    if allow_extract:
        _add_extract(app, limits)
    if ingest_token is not None:
        _add_ingest(app, limits, str(db), ingest_token)
    return app


EXTRACT_FIELDS = {"text", "html", "title", "url", "published", "lang"}


def _document(body: dict[str, Any]):
    """The article a checked request body gives, through the whole pipeline."""
    from .. import process
    from ..ingest.html import extract_html
    from ..model import RawArticle

    if body.get("html") is not None:
        raw = extract_html(body["html"], origin="<request>", url=body.get("url"))
    else:
        raw = RawArticle(text=body["text"], origin="<request>", title=body.get("title"), url=body.get("url"))
    raw.published = body.get("published") or raw.published
    raw.lang = body.get("lang") or raw.lang
    return process(raw)


async def _run_on_body(request: Request, limits: ServeLimits, run) -> Any:
    """``run`` on the request's checked JSON body, within the body-size and time limits."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise ApiError(413, f"body larger than {limits.max_body_bytes} bytes")
        chunks.append(chunk)
    body = _extract_body(b"".join(chunks))
    try:
        return await asyncio.wait_for(run_in_threadpool(run, body), timeout=limits.extract_seconds)
    except TimeoutError:
        raise ApiError(504, f"extraction took longer than {limits.extract_seconds:g} s") from None
    except InputError as exc:
        raise ApiError(422, _one_line(exc.reason)) from None


def _add_extract(app: FastAPI, limits: ServeLimits) -> None:
    @app.post("/api/extract", summary="Process one article (text or HTML); nothing is stored")
    async def extract(request: Request) -> dict[str, Any]:
        return await _run_on_body(request, limits, lambda body: _document(body).to_dict())


def _add_ingest(app: FastAPI, limits: ServeLimits, db: str, token: str) -> None:
    import secrets

    # One writer at a time in this process, each in a connection of its own (with --workers N, the
    # store's own locking orders the processes).
    writing = threading.Lock()

    def store(body: dict[str, Any], deadline: float) -> dict[str, Any] | None:
        doc = _document(body)
        with writing:
            if time.monotonic() > deadline:
                return None  # the client was told it took too long: nothing is stored behind its back
            with open_store(db) as writable:
                stored = writable.add(doc)
        return {"doc_id": doc.doc_id, "stored": stored, "events": len(doc.events)}

    @app.post("/api/ingest", summary="Process one article (text or HTML) and store it (needs the ingest token)")
    async def ingest(request: Request) -> dict[str, Any]:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode("utf-8", "replace"),
                                                                     token.encode()):
            raise ApiError(401, "send the ingest token as Authorization: Bearer TOKEN",
                           headers={"WWW-Authenticate": "Bearer"})
        deadline = time.monotonic() + limits.extract_seconds
        return await _run_on_body(request, limits, lambda body: store(body, deadline))


def _extract_body(data: bytes) -> dict[str, Any]:
    """The request's JSON object, checked: ``text`` or ``html`` (a string), and optional metadata."""
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        raise ApiError(400, "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    unknown = set(body) - EXTRACT_FIELDS
    if unknown:
        raise ApiError(400, f"unknown field {sorted(unknown)[0]!r} (give text or html, and title, url, "
                            "published, lang)")
    if sum(isinstance(body.get(k), str) for k in ("text", "html")) != 1:
        raise ApiError(400, "give the article as exactly one of text or html, a string")
    for key in ("title", "url", "published", "lang"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise ApiError(400, f"{key} must be a string")
    if body.get("lang") not in (None, "id", "en"):
        raise ApiError(400, "lang must be id or en")
    if body.get("published") is not None:
        try:
            datetime.fromisoformat(body["published"].replace("Z", "+00:00"))
        except ValueError:
            raise ApiError(400, "published must be an ISO date, YYYY-MM-DD[THH:MM...]") from None
    if not (body.get("text") or body.get("html") or "").strip():
        raise ApiError(400, "the article is empty")
    return body

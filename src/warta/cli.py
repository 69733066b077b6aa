"""The warta command line: a thin layer over the library (extract, ingest, show, stats, search, export, serve).

Every input that fails is one line on stderr, "warta: INPUT: reason"; the rest of
the batch goes on, and the exit status is 1 when any input failed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console, Group
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import UsageError, WartaError
from .executor import Executor, executor
from .export import ExportFormat
from .model import Document
from .options import Options
from .store import Outcome, open_store, process_all
from .store import ingest as ingest_batch

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

SOURCES_HELP = "Files, folders, corpora (JSONL, CSV), web pages, URLs, or - for stdin."

# The options several commands share, declared once.
Sources = Annotated[list[str], typer.Argument(help=SOURCES_HELP, metavar="SOURCE...", show_default=False)]
Db = Annotated[str, typer.Option("--db", envvar="WARTA_DB", help="The store: a SQLite file path.")]
Published = Annotated[str | None, typer.Option(help="Publication date to use when the input has none.")]


class RecordFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    parquet = "parquet"


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


class Lang(StrEnum):
    id = "id"
    en = "en"


LangOption = Annotated[Lang | None, typer.Option(help="Force the body language instead of identifying it.")]
FetchFeedItems = Annotated[bool, typer.Option(
    "--fetch-feed-items", help="Fetch the page behind each item of a feed (its links may point to any host).")]
Jobs = Annotated[int, typer.Option(
    "--jobs", "-j", min=1, max=256,
    help="Worker processes for the articles (each loads the models once); 1: this process.")]
class ExecutorKind(StrEnum):
    local = "local"
    dask = "dask"


ExecutorOption = Annotated[ExecutorKind, typer.Option(
    "--executor", help="local (this machine, --jobs processes) or dask (a Dask cluster: --scheduler ADDRESS, "
    "else a local cluster of --jobs workers).")]
Scheduler = Annotated[str | None, typer.Option(help="The Dask scheduler's address (tcp://host:8786).")]
AllowPrivate = Annotated[bool, typer.Option(
    "--allow-private", help="Fetch from loopback, private and link-local addresses too (refused by default).")]
ArticleSeconds = Annotated[float, typer.Option(
    "--article-seconds", min=0,
    help="Each article's time budget: past it, that article fails and the batch goes on (0: none).")]
ArticleMemory = Annotated[float, typer.Option(
    "--article-memory", min=0, metavar="MIB",
    help="Each article's memory budget (MiB the process may grow by while on it): past it, that article fails "
    "(0: none).")]
DEFAULT_DB = str(Options().db)
DEFAULT_SECONDS, DEFAULT_MEMORY = Options().article_seconds, Options().article_memory_mb


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warta {__version__}")
        raise typer.Exit()


def _configure_logging(verbosity: int) -> None:
    """The library's ``warta`` logger on stderr: warnings, -v adds progress notes, -vv details."""
    logger = logging.getLogger("warta")
    logger.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO if verbosity else logging.WARNING)
    for old in [h for h in logger.handlers if getattr(h, "warta_cli", False)]:
        logger.removeHandler(old)  # an earlier run's, bound to its stderr (tests run the app many times)
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_path=False)
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("warta: %(levelname)s: %(message)s"))
    handler.warta_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    verbose: Annotated[int, typer.Option(
        "--verbose", "-v", count=True, help="Say more on stderr: -v what is loaded and stored, -vv each article.",
    )] = 0,
) -> None:
    """warta: structured, attributed event data from news articles."""
    _configure_logging(verbose)


# -- reporting -------------------------------------------------------------------------
def _stdout() -> Console:
    console = Console(highlight=False)
    # Into a pipe or a file Rich would assume 80 columns; tables read better wider.
    return console if console.is_terminal else Console(highlight=False, width=140)


def _error_line(error: WartaError | str) -> str:
    return f"warta: {error}"


@contextmanager
def _fatal() -> Iterator[None]:
    """A problem that ends the command (no store, broken set-up): one line, status 1."""
    try:
        yield
    except WartaError as exc:
        typer.echo(_error_line(exc), err=True)
        raise typer.Exit(1) from None


class _Reporter:
    """Per-input failures on stderr, and a progress display there when it is a terminal."""

    def __init__(self, total_sources: int, *, show_progress: bool = True) -> None:
        self.console = Console(stderr=True, highlight=False)
        self.counts: Counter[str] = Counter()
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", style="bold"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            # No live display into a pipe or a log file: only the error lines go there.
            disable=not (show_progress and self.console.is_terminal),
        )
        self.task = self.progress.add_task("sources", total=total_sources, counts="")
        self.current: str | None = None

    def __enter__(self) -> _Reporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def _source(self, name: str | None) -> None:
        """The progress display follows the source the outcomes come from."""
        if name == self.current:
            return
        if self.current is not None:
            self.progress.advance(self.task)
        self.current = name
        if name is not None:
            short = name if len(name) <= 40 else "…" + name[-39:]
            self.progress.update(self.task, description=short)

    def outcome(self, outcome: Outcome) -> None:
        self._source(outcome.source)
        self.counts[outcome.status] += 1
        if outcome.error is not None:
            line = _error_line(outcome.error)
            if self.progress.live.is_started:
                self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                typer.echo(line, err=True)
        shown = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()))
        self.progress.update(self.task, counts=shown)

    @property
    def failed(self) -> int:
        return self.counts["failed"]


# -- rendering ---------------------------------------------------------------------------
def _one_line(text: str | None, limit: int = 120) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _document_view(doc: Document, *, detail: bool = False) -> Group:
    """A Rich summary of one record: header, counts, events (and, in detail, the other lists)."""
    src = doc.source
    header = Table.grid(padding=(0, 1))
    header.add_column(style="bold")
    header.add_column()
    header.add_row("title", _one_line(doc.title) or "(none)")
    header.add_row("doc_id", doc.doc_id)
    header.add_row("lang", doc.lang or "?")
    header.add_row("published", doc.published or "(unknown)")
    origin = src.id or src.path or src.url
    if src.outlet or origin:
        header.add_row("source", " · ".join(x for x in (src.outlet, origin) if x))
    counts = "  ".join(
        f"{name} {len(getattr(doc, name))}"
        for name in ("entities", "places", "times", "quantities", "quotes", "events")
    )
    header.add_row("found", counts)
    parts: list = [header]

    places = {p.id: p.name for p in doc.places}
    times = {t.id: t.value or t.text for t in doc.times}
    quotes = {q.id: q.speaker or q.id for q in doc.quotes}
    if doc.events:
        events = Table(title="events", box=box.SIMPLE, title_justify="left", show_lines=False)
        for name in ("type", "actor1", "actor2", "trigger", "certainty", "place", "time", "source"):
            events.add_column(name, no_wrap=name in ("type", "certainty"))
        for e in doc.events:
            events.add_row(
                e.type + (" (negated)" if e.negated else ""),
                _actor(e.actor1), _actor(e.actor2), e.trigger.text, e.certainty,
                places.get(e.place or "", e.place or ""), times.get(e.time or "", e.time or ""),
                quotes.get(e.attribution or "", e.attribution or ""),
            )
        parts.append(events)
    if detail:
        parts.extend(_detail_tables(doc))
    return Group(*parts)


def _actor(actor) -> str:
    if actor is None:
        return ""
    return actor.text + (f" [{actor.country}]" if actor.country else "")


def _detail_tables(doc: Document) -> Iterator[Table]:
    def table(title: str, columns: tuple[str, ...], rows: list[tuple]) -> Table | None:
        if not rows:
            return None
        out = Table(title=title, box=box.SIMPLE, title_justify="left")
        for name in columns:
            out.add_column(name, overflow="fold")
        for row in rows:
            out.add_row(*(str(v) if v is not None else "" for v in row))
        return out

    candidates = (
        table("entities", ("name", "type", "country", "mentions"),
              [(e.name, e.type, e.country, len(e.mentions)) for e in doc.entities]),
        table("places", ("name", "country", "feature", "lat", "lon"),
              [(p.name, p.country, p.feature, p.lat, p.lon) for p in doc.places]),
        table("times", ("text", "value", "granularity"), [(t.text, t.value, t.granularity) for t in doc.times]),
        table("quantities", ("text", "value", "qualifier", "category"),
              [(q.text, q.value, q.qualifier, q.category) for q in doc.quantities]),
        table("quotes", ("speaker", "kind", "quote"),
              [(q.speaker, q.kind, _one_line(q.text, 100)) for q in doc.quotes]),
    )
    yield from (t for t in candidates if t is not None)


def _counts_table(key: str, unit: str, counts: dict[str, int], *, limit: int | None = None) -> Table:
    table = Table(box=box.SIMPLE)
    table.add_column(key, overflow="fold")
    table.add_column(unit, justify="right")
    items = list(counts.items())
    for key, n in items[:limit]:
        table.add_row(key, f"{n:,}")
    if limit is not None and len(items) > limit:
        table.add_row(f"… {len(items) - limit} more", f"{sum(n for _, n in items[limit:]):,}")
    return table


# -- commands ------------------------------------------------------------------------------


@app.command()
def extract(
    sources: Sources,
    format: Annotated[RecordFormat, typer.Option(
        "--format", "-f",
        help="json (one article: an object; several: an array), jsonl (one record a line), table, "
        "parquet (one table per record list, into the folder -o).",
    )] = RecordFormat.json,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="parquet: the folder to write the tables to.")] = None,
    published: Published = None,
    lang: LangOption = None,
    fetch_feed_items: FetchFeedItems = False,
    allow_private: AllowPrivate = False,
    jobs: Jobs = 1,
    executor_kind: ExecutorOption = ExecutorKind.local,
    scheduler: Scheduler = None,
    article_seconds: ArticleSeconds = DEFAULT_SECONDS,
    article_memory: ArticleMemory = DEFAULT_MEMORY,
) -> None:
    """Print the records of the articles in SOURCES."""
    with _fatal():
        options = _budgets(Options().but(published=published, lang=lang.value if lang else None,
                                         fetch_feed_items=fetch_feed_items, allow_private=allow_private),
                           article_seconds, article_memory)
        if (format is RecordFormat.parquet) != (output is not None):
            raise UsageError("-o FOLDER goes with --format parquet, and parquet needs it")
    run_on = _executor(options, jobs, executor_kind, scheduler)
    if format is RecordFormat.parquet:
        _extract_tables(sources, options, run_on, output)
    out = _stdout()
    pending: str | None = None  # json: the first record waits to see whether an array is needed
    in_array = False
    with _fatal(), run_on() as pool, _Reporter(len(sources), show_progress=False) as report:
        for outcome in process_all(sources, options=options, executor=pool):
            report.outcome(outcome)
            doc = outcome.doc
            if doc is None:
                continue
            if format is RecordFormat.jsonl:
                typer.echo(doc.to_json())
            elif format is RecordFormat.table:
                out.print(_document_view(doc))
                out.print()
            else:
                text = doc.to_json(indent=2)
                if pending is None and not in_array:
                    pending = text
                    continue
                if pending is not None:
                    typer.echo("[\n" + pending, nl=False)
                    pending, in_array = None, True
                typer.echo(",\n" + text, nl=False)
    if pending is not None:
        typer.echo(pending)
    elif in_array:
        typer.echo("\n]")
    raise typer.Exit(1 if report.failed else 0)


def _budgets(options: Options, seconds: float, memory_mb: float) -> Options:
    """The options with each article's budget from the command line (0: no limit)."""
    return dataclasses.replace(options, article_seconds=seconds or None, article_memory_mb=memory_mb or None)


def _executor(options: Options, jobs: int, kind: ExecutorKind, scheduler: str | None) -> Callable[[], Executor]:
    """The executor the options ask for, made when the command's other checks have passed."""
    return partial(executor, options, jobs=jobs, dask=kind is ExecutorKind.dask, scheduler=scheduler)


def _extract_tables(sources: list[str], options: Options, run_on: Callable[[], Executor], folder: Path) -> None:
    from .export import ExportReport, write_tables

    with _fatal(), run_on() as pool, _Reporter(len(sources), show_progress=False) as report:
        def docs() -> Iterator[Document]:
            for outcome in process_all(sources, options=options, executor=pool):
                report.outcome(outcome)
                if outcome.doc is not None:
                    yield outcome.doc

        written = ExportReport()
        write_tables(docs(), folder, parquet=True, report=written)
    typer.echo(f"extract: {written.written} documents written to {folder}", err=True)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def ingest(
    sources: Sources,
    db: Db = DEFAULT_DB,
    published: Published = None,
    lang: LangOption = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Re-process and replace documents already stored.")
    ] = False,
    fetch_feed_items: FetchFeedItems = False,
    allow_private: AllowPrivate = False,
    jobs: Jobs = 1,
    executor_kind: ExecutorOption = ExecutorKind.local,
    scheduler: Scheduler = None,
    article_seconds: ArticleSeconds = DEFAULT_SECONDS,
    article_memory: ArticleMemory = DEFAULT_MEMORY,
) -> None:
    """Process the articles in SOURCES and store each once (re-running skips what is stored)."""
    with _fatal():
        options = _budgets(Options().but(db=db, published=published, lang=lang.value if lang else None,
                                         fetch_feed_items=fetch_feed_items, allow_private=allow_private),
                           article_seconds, article_memory)
    interrupted = False
    run_on = _executor(options, jobs, executor_kind, scheduler)
    with _fatal(), open_store(options.db) as store, run_on() as pool, _Reporter(len(sources)) as report:
        try:
            # All sources in one stream: the workers are never idle between files.
            for outcome in ingest_batch(sources, store, options=options, replace=replace, executor=pool):
                report.outcome(outcome)
        except KeyboardInterrupt:
            # The document being written was rolled back; every one before it is stored.
            interrupted = True
    c = report.counts
    typer.echo(
        f"ingest: {sum(c.values())} read, {c['stored']} stored, {c['skipped']} skipped as duplicate, "
        f"{c['failed']} failed ({store.url})"
    )
    if interrupted:
        typer.echo("warta: interrupted; run the same command again to store the rest", err=True)
        raise typer.Exit(130)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def upgrade(db: Db = DEFAULT_DB) -> None:
    """Bring a store an older warta wrote to this warta's layout, in place (what any write also does)."""
    from .store.sql import STORE_SCHEMA

    with _fatal(), open_store(db) as store:
        where, documents = store.url, len(store)
    typer.echo(f"upgrade: {where} is at {STORE_SCHEMA} ({documents:,} documents)")


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="A stored document's id (or a unique prefix of it).", metavar="DOC_ID")],
    db: Db = DEFAULT_DB,
    format: Annotated[ViewFormat, typer.Option("--format", "-f", help="json (the record) or table.")] = ViewFormat.json,
) -> None:
    """Print one stored document."""
    with _fatal(), open_store(db, read_only=True) as store:
        doc = store.get(store.resolve(doc_id))
    if format is ViewFormat.json:
        typer.echo(doc.to_json(indent=2))
    else:
        _stdout().print(_document_view(doc, detail=True))


@app.command()
def stats(
    db: Db = DEFAULT_DB,
    format: Annotated[ViewFormat, typer.Option("--format", "-f", help="table or json.")] = ViewFormat.table,
) -> None:
    """Summarise the store: rows per table, languages, outlets, event types."""
    with _fatal(), open_store(db, read_only=True) as store:
        figures = store.stats()
        where = store.url  # a URL's password left out
    if format is ViewFormat.json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    out = _stdout()
    stories = figures["stories"]
    out.print(f"store {where}: {figures['tables']['documents']:,} documents; {stories['with copies']:,} stories told "
              f"by more than one of them ({stories['documents in them']:,} documents)")
    grid = Table.grid(padding=(0, 4))
    grid.add_row(
        _counts_table("table", "rows", figures["tables"]),
        _counts_table("language", "documents", figures["languages"]),
        _counts_table("event type", "events", figures["event_types"] or {"(none)": 0}),
    )
    out.print(grid)
    out.print(_counts_table("outlet", "documents", figures["outlets"], limit=15))


@app.command()
def search(
    query: Annotated[str, typer.Argument(
        metavar="QUERY",
        help='Words to find in titles and texts (all of them; "a phrase", prefix*, OR).',
    )],
    db: Db = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, help="At most this many results.")] = 10,
    format: Annotated[ViewFormat, typer.Option("--format", "-f", help="table or json.")] = ViewFormat.table,
) -> None:
    """Full-text search over the stored titles and texts, best match first."""
    with _fatal(), open_store(db, read_only=True) as store:
        hits = store.search(query, limit=limit)
    if format is ViewFormat.json:
        typer.echo(json.dumps([hit.__dict__ for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo(f"no document matches {query!r}", err=True)
        return
    table = Table(box=box.SIMPLE)
    for name in ("doc_id", "published", "title", "match"):
        table.add_column(name, overflow="fold")
    for hit in hits:
        table.add_row(hit.doc_id, hit.published or "", _one_line(hit.title, 80), Text(_one_line(hit.snippet, 160)))
    _stdout().print(table)


class ClaimKind(StrEnum):
    figure = "figure"
    event = "event"


@app.command()
def claims(
    db: Db = DEFAULT_DB,
    kind: Annotated[ClaimKind | None, typer.Option(help="Only figures, or only events.")] = None,
    disputed: Annotated[bool, typer.Option("--disputed", help="Only claims whose sources disagree.")] = False,
    min_documents: Annotated[int, typer.Option(min=1, help="Claims made by at least this many articles.")] = 2,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100_000, help="At most this many claims.")] = 20,
    format: Annotated[ViewFormat, typer.Option("--format", "-f", help="table or json.")] = ViewFormat.table,
) -> None:
    """The figures and events many articles report: who says so, since when, where sources disagree."""
    from .claims import group_claims

    with _fatal(), open_store(db, read_only=True) as store:
        found = [c for c in group_claims(store.iter_stored(), min_documents=min_documents)
                 if (kind is None or c.kind == kind) and (not disputed or c.standing == "disputed")][:limit]
    if format is ViewFormat.json:
        typer.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no claim is made by more than one article", err=True)
        return
    table = Table(box=box.SIMPLE)
    for name in ("claim", "standing", "articles", "first", "who says what"):
        table.add_column(name, overflow="fold")
    for claim in found:
        first = claim.first
        says = claim.disagreements() or {"": claim.sources}
        table.add_row(claim.about, claim.standing, str(claim.articles),
                      f"{(first.published or '')[:10]} {first.source}",
                      "; ".join(f"{label}: {', '.join(sources)}" if label else ", ".join(sources)
                                for label, sources in says.items()))
    _stdout().print(table)


@app.command()
def export(
    db: Db = DEFAULT_DB,
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="plover (PLOVER JSON lines), polecat (POLECAT TSV), gdelt (GDELT 2.0 events, "
        "61 columns, no header), acled (ACLED CSV); csv or parquet: one table per record list, into the folder -o "
        "(csv: or one --table to standard output).",
    )] = ExportFormat.plover,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (csv, parquet: this folder) instead of standard output.")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before this day (YYYY-MM-DD).")] = None,
    types: Annotated[list[str] | None, typer.Option(
        "--type", "-t", help="Only events of this PLOVER type (repeat for several).")] = None,
    country: Annotated[str | None, typer.Option(
        help="Only events whose actor, recipient or place is in this country (ISO 3166-1 alpha-3).")] = None,
    include_nonfactual: Annotated[bool, typer.Option(
        "--include-nonfactual", help="Also planned, speculated, denied and negated events (flagged where the "
        "format can say so).")] = False,
    table: Annotated[str | None, typer.Option(help="csv: the one table to write (documents, events...).")] = None,
) -> None:
    """Write the stored events (or records) in a format other event tools load."""
    from .export import ExportFilter, ExportReport, export_lines, table_lines, write_tables

    report = ExportReport()
    with _fatal(), open_store(db, read_only=True) as store:
        chosen = ExportFilter(since=since, until=until, types=tuple(t.upper() for t in types or ()),
                              country=country.upper() if country else None, include_nonfactual=include_nonfactual)
        if format.tables and table is None:
            if output is None:
                raise UsageError(f"{format} writes one file per table: give a folder with -o"
                                 + (", or one table with --table" if format is ExportFormat.csv else ""))
            write_tables(store.iter_stored(), output, parquet=format is ExportFormat.parquet, export_filter=chosen,
                         report=report)
        else:
            if table is not None and format is not ExportFormat.csv:
                raise UsageError("--table goes with --format csv")
            lines = (table_lines(store.iter_stored(), table, export_filter=chosen, report=report)
                     if format is ExportFormat.csv else
                     export_lines(store.iter_stored(), format, export_filter=chosen, report=report))
            _write_lines(lines, output)
    typer.echo(f"export: {report.summary('documents' if format.tables else 'events')}", err=True)


def _write_lines(lines: Iterator[str], output: Path | None) -> None:
    """Lines to standard output (UTF-8 whatever the locale), or to a file that appears only whole."""
    with closing(lines):  # the store behind the lines closes after them, also when the reader stops early
        if output is None:
            out = sys.stdout.buffer
            try:
                for text in lines:
                    out.write(text.encode("utf-8"))
                out.flush()
            except BrokenPipeError:  # `| head`: the reader has what it wanted
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes stdout again at exit)
            except OSError as exc:
                raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None
            return
        partial = output.with_name(output.name + ".part")
        try:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(lines)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default: only this machine).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_extract: Annotated[bool, typer.Option(
        "--allow-extract", help="Also serve POST /api/extract (an article in, its record out; nothing stored).",
    )] = False,
    allow_ingest: Annotated[bool, typer.Option(
        "--allow-ingest", help="Also serve POST /api/ingest (an article in, stored), for clients that send the "
        "token in $WARTA_INGEST_TOKEN as Authorization: Bearer TOKEN.",
    )] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (one per core to spare).")] = 1,
) -> None:
    """Serve the store (read-only unless --allow-ingest): the dashboard at /, the REST API under /api, its docs at /docs."""

    import uvicorn

    from .serve import create_app
    from .serve.api import INGEST_TOKEN, SERVE_DB, SERVE_EXTRACT, SERVE_INGEST

    with _fatal():
        token = os.environ.get(INGEST_TOKEN) if allow_ingest else None
        if allow_ingest and not token:
            raise UsageError(f"--allow-ingest needs a secret token in ${INGEST_TOKEN} (at least 16 ASCII characters)")
        # checks the store before any worker starts
        application = create_app(db, allow_extract=allow_extract, ingest_token=token)
    typer.echo(f"warta: serving {db} at http://{host}:{port}/ (API docs at /docs); Ctrl+C stops", err=True)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
        return
    # Worker processes build their own app: uvicorn imports it by name, the store from the environment.
    os.environ[SERVE_DB], os.environ[SERVE_EXTRACT] = str(db), "1" if allow_extract else "0"
    os.environ[SERVE_INGEST] = "1" if allow_ingest else "0"
    uvicorn.run("warta.serve.api:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


def main() -> None:
    try:
        app()
    except WartaError as exc:
        print(_error_line(exc), file=sys.stderr)
        sys.exit(1)


# ``python -m warta.cli``
if __name__ == "__main__":  # pragma: no cover
    main()

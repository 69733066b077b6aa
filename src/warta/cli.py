"""The ``warta`` command line: a thin layer over the library (placeholder: ``extract``)."""

from __future__ import annotations

import sys

import typer

from . import extract_all
from .errors import WartaError
from .options import Options

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.callback()
def _root() -> None:
    """warta: structured, attributed event data from news articles."""


@app.command()
def extract(
    sources: list[str] = typer.Argument(..., help="Files, corpora, URLs, or - for stdin."),
    format: str = typer.Option("json", "--format", "-f", help="json | jsonl | table"),
    published: str | None = typer.Option(None, help="Publication date when the input has none."),
    lang: str | None = typer.Option(None, help="Force the language (id, en)."),
) -> None:
    """Print the records of the articles in SOURCES."""
    options = Options().but(published=published, lang=lang)
    failed = False
    for source in sources:
        for item in extract_all(source, options=options):
            if isinstance(item, WartaError):
                typer.echo(f"warta: {item}", err=True)
                failed = True
            else:
                typer.echo(item.to_json(indent=2 if format == "json" else None))
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    try:
        app()
    except WartaError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        sys.exit(1)

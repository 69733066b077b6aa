"""Ingest: read articles from files, corpora, web pages and streams as ``RawArticle``s.

``read(source)`` picks a reader by the source's form (``-`` for stdin, a URL, or a
file by its extension and content) and yields one ``RawArticle`` per article; a
record that cannot be read is yielded as an :class:`~warta.errors.InputError`, so a
batch goes on past it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import BadRecord, EmptyInput, InputError
from ..model import RawArticle
from ..options import Options


def read(source: str | Path, *, options: Options | None = None) -> Iterator[RawArticle | InputError]:
    """Every article in ``source`` (placeholder: plain text and JSONL only)."""
    options = options or Options()
    path = Path(source)
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                origin = f"{path}:{number}"
                try:
                    rec = json.loads(line)
                    yield RawArticle(text=rec["text"], origin=origin, title=rec.get("title"),
                                     published=rec.get("published"), url=rec.get("url"),
                                     outlet=rec.get("outlet"), source_id=rec.get("id"), path=str(path))
                except (ValueError, KeyError) as exc:
                    yield BadRecord(f"not a JSON article record ({exc})", origin=origin)
        return
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        yield EmptyInput("empty file", origin=str(path))
        return
    title, _, body = text.partition("\n")
    yield RawArticle(text=body, title=title.strip(), origin=str(path), path=str(path))

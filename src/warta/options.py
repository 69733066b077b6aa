"""One options object for the library, the CLI and the API."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_STAGES = (
    "clean", "language", "sentences", "entities", "places", "times", "quantities", "quotes", "events",
)


@dataclass(frozen=True, kw_only=True)
class Options:
    """How articles are read and processed.

    lang: force the body language (an ISO 639-1 code: ``id``, ``en``) instead of identifying it.
    published: publication date to use when the input gives none (ISO 8601 or a
        raw string such as ``Senin, 9 Juni 2025 20:32 WIB``).
    stages: the pipeline, by registered stage name, in order.
    db: the store (a SQLite file path, or a ``postgresql://`` URL).
    max_article_bytes: a single-article file larger than this is refused.
    timeout: seconds for fetching a URL.
    fetch_feed_items: fetch the page behind each item of a feed (otherwise a feed is
        reported, not followed: its items are on other hosts than the one named).
    allow_private: fetch from loopback, private and link-local addresses too (refused by
        default, on every redirect: a page must not reach into the machine's own network).
    article_seconds, article_memory_mb: each article's budget in a batch (see
        :mod:`warta.budget`): past either, it is one failed article and the batch goes on
        (None: no limit).
    """

    lang: str | None = None
    published: str | None = None
    stages: tuple[str, ...] = DEFAULT_STAGES
    db: str | Path = "warta.db"
    max_article_bytes: int = 10 * 1024 * 1024
    timeout: float = 20.0
    fetch_feed_items: bool = False
    allow_private: bool = False
    article_seconds: float | None = 120.0
    article_memory_mb: float | None = 2048.0

    def __post_init__(self) -> None:
        from .clean.dates import parse_published
        from .errors import UsageError

        for name in ("article_seconds", "article_memory_mb", "timeout"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise UsageError(f"{name}: {value!r} is not a positive number")
        if self.published is not None and parse_published(self.published) is None:
            raise UsageError(f"published: cannot read {self.published!r} as a date (try YYYY-MM-DD)")
        if self.lang is not None:
            from .clean import normalise_lang

            lang = normalise_lang(self.lang)
            if not (lang.isascii() and lang.isalpha() and 2 <= len(lang) <= 3):
                raise UsageError(f"lang: {self.lang!r} is no ISO 639 language code")
            object.__setattr__(self, "lang", lang)

    def but(self, **changes) -> Options:
        """A copy with some fields changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

"""Cleaning: boilerplate, bylines, wire credits and datelines out of the body; metadata in.

Registers the ``clean`` stage (raw body -> cleaned ``text``, ``title``, ``published``,
``source.wire``, ``source.dateline``) and the ``language`` stage (``lang``).
"""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("clean", fills=("text", "title", "published", "source"))
def make_clean(options: Options):
    """Cleans the body and separates its metadata (placeholder: strips white space)."""

    def run(doc: Document) -> None:
        doc.text = doc.text.strip()
        if options.published and not doc.published:
            doc.published = options.published

    return run


@stage("language", requires=("text",), fills=("lang",))
def make_language(options: Options):
    """Identifies the body language (``id`` or ``en``...), unless the caller forces one."""
    import py3langid

    def run(doc: Document) -> None:
        if options.lang:
            doc.lang = options.lang
        elif not doc.lang:
            code, _ = py3langid.classify(doc.text[:2000])
            doc.lang = "id" if code in ("id", "ms") else code

    return run

"""Quotes: placeholder stage (to be filled by its issue)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("quotes", requires=("entities",), fills=("quotes",))
def make_quotes(options: Options):
    """Fills ``quotes``."""

    def run(doc: Document) -> None:
        return None

    return run

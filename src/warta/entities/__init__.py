"""Entities: placeholder stage (to be filled by its issue)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("entities", requires=("sentences",), fills=("entities",))
def make_entities(options: Options):
    """Fills ``entities``."""

    def run(doc: Document) -> None:
        return None

    return run

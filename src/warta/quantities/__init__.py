"""Quantities: placeholder stage (to be filled by its issue)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("quantities", requires=("sentences",), fills=("quantities",))
def make_quantities(options: Options):
    """Fills ``quantities``."""

    def run(doc: Document) -> None:
        return None

    return run

"""Events: placeholder stage (to be filled by its issue)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("events", requires=("quotes",), fills=("events",))
def make_events(options: Options):
    """Fills ``events``."""

    def run(doc: Document) -> None:
        return None

    return run

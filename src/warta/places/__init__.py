"""Places: placeholder stage (to be filled by its issue)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("places", requires=("entities",), fills=("places",))
def make_places(options: Options):
    """Fills ``places``."""

    def run(doc: Document) -> None:
        return None

    return run

"""Times: placeholder stage (to be filled by its issue)."""

from __future__ import annotations

from ..model import Document
from ..options import Options
from ..pipeline import stage


@stage("times", requires=("sentences",), fills=("times",))
def make_times(options: Options):
    """Fills ``times``."""

    def run(doc: Document) -> None:
        return None

    return run

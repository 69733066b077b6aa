"""Times: every date expression of the text, resolved to ISO 8601 against the publication date.

The rules live in :mod:`warta.times.rules` (patterns) and ``data/times/lexicon.yaml``
(words). A weekday that contradicts its date, or a ``d/m`` that only fits as ``m/d``,
is kept as written with a warning on the time, never silently corrected.
"""

from __future__ import annotations

from ..model import Document, TimeExpr
from ..options import Options
from ..pipeline import stage
from .rules import find_times, lexicon, parse_published

__all__ = ["find_times", "parse_published"]


@stage("times", requires=("sentences",), fills=("times",))
def make_times(options: Options):
    """Fills ``times``: date expressions with ISO value, granularity and warnings."""
    for code in ("id", "en"):
        lexicon(code)  # build the patterns once, in the factory

    def run(doc: Document) -> None:
        published = parse_published(doc.published) or parse_published(options.published)
        doc.times = [
            TimeExpr.of(doc.text, f.start, f.end, id=f"t{i}", value=f.value, granularity=f.granularity,
                        warnings=list(f.warnings))
            for i, f in enumerate(find_times(doc.text, lang=doc.lang, published=published), 1)
        ]

    return run

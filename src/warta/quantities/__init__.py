"""Quantities: the numbers that count something, with value, qualifier, unit and category.

The rules live in :mod:`warta.quantities.rules` and the words in ``data/quantities/``.
Dates found by the ``times`` stage hold no quantity; a fraction (``separuhnya``) points
with ``of`` at the count it divides.
"""

from __future__ import annotations

from ..model import Document, Quantity
from ..options import Options
from ..pipeline import stage
from .rules import find_quantities, lexicon

__all__ = ["find_quantities"]


@stage("quantities", requires=("sentences",), fills=("quantities",))
def make_quantities(options: Options):
    """Fills ``quantities``: counts with value, qualifier, unit, category and fraction links."""
    for code in ("id", "en"):
        lexicon(code)  # read the lexicons once, in the factory

    def run(doc: Document) -> None:
        blocked = [(t.start, t.end) for t in doc.times]
        if not doc.times:
            from ..times import find_times, parse_published

            blocked = [(f.start, f.end) for f in find_times(doc.text, lang=doc.lang,
                                                           published=parse_published(doc.published))]
        found = find_quantities(doc.text, lang=doc.lang if doc.lang in ("id", "en") else None, blocked=blocked)
        doc.quantities = [
            # Quantity's own field "of" hides Span.of, so the span is built by hand
            Quantity(text=doc.text[f.start:f.end], start=f.start, end=f.end, id=f"q{i}", value=f.value, qualifier=f.qualifier,
                        category=f.category, upper=f.upper, unit=f.unit,
                        of=f"q{f.of + 1}" if f.of is not None else None)
            for i, f in enumerate(found, 1)
        ]

    return run

"""Quotes: who says what, and how sure each sentence is.

Registers the ``quotes`` stage. It fills ``doc.quotes`` with direct quotes (every
quoting style news uses), reported speech (``X mengatakan bahwa ...``, ``X said ...``)
and attributions (``Menurut X, ...``, ``according to X``, ``dilansir X``), each with
its cue and speaker resolved to the document's entities where they exist; and it
fills ``Sentence.cues`` of every sentence with certainty cues (reported, estimated,
speculated, planned, denied, negation) for the events stage.

:func:`quote_at` gives the events stage the attribution of a span: the smallest quote
that contains it, preferring a named speaker over a news-agency credit.
"""

from __future__ import annotations

from ..model import Document, Quote
from ..options import Options
from ..pipeline import stage
from .cues import fill_cues
from .extract import Analysis, Found
from .lexicon import certainty_lexicon, lexicon
from .speakers import Resolver, to_quotes

__all__ = ["analyse", "extract_quotes", "make_quotes", "quote_at"]


def extract_quotes(doc: Document) -> list[Quote]:
    """Find the quotes of ``doc`` (uses ``doc.text``, ``doc.lang`` and ``doc.entities``)."""
    return [q for q, _ in analyse(doc)]


def analyse(doc: Document) -> list[tuple[Quote, Found]]:
    """The quotes of ``doc`` with how each was found (cue and speaker offsets as written)."""
    lang = doc.lang if doc.lang in ("id", "en") else "id"
    an = Analysis(doc.text, lexicon(lang))
    an.times = [(t.start, t.end) for t in doc.times]
    an.pair_marks()
    an.direct_quotes()
    an.captions()
    an.attributions()
    an.passives()
    an.reported()
    an.inverted_unquoted()
    an.trim_overlaps()
    resolved = Resolver(an, doc.entities).resolve(an.found)
    return to_quotes(doc.text, resolved)


def quote_at(doc: Document, start: int, end: int | None = None) -> Quote | None:
    """The quote whose span contains ``[start, end)``: the smallest, a named source first."""
    end = start + 1 if end is None else end
    hits = [q for q in doc.quotes if q.start <= start and end <= q.end]
    if not hits:
        return None
    return min(hits, key=lambda q: (q.kind == "according_to" and q.cue is not None and q.speaker is None,
                                    q.end - q.start))


@stage("quotes", requires=("entities",), fills=("quotes", "cues"))
def make_quotes(options: Options):
    """Fills ``quotes`` and the certainty ``cues`` of every sentence."""
    for lang in ("id", "en"):  # read the word lists once, when the pipeline is built
        lexicon(lang)
        certainty_lexicon(lang)

    def run(doc: Document) -> None:
        found = analyse(doc) if doc.text.strip() else []
        doc.quotes = [q for q, _ in found]
        fill_cues(doc, found)

    return run

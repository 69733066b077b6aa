"""Entities: named people, organisations and places, merged within the document.

Registers the ``entities`` stage. Mentions come from three finders (see
:mod:`warta.entities.recognise`): the trained spaCy NER when the shipped model has an
``ner`` pipe, the gazetteer (:mod:`warta.gazetteer`), and rules for names the
gazetteer lacks (head words like ``Kabupaten``, titles like ``Presiden``, speech
verbs like ``kata``). :mod:`warta.entities.resolve` merges them into entities.
"""

from __future__ import annotations

from ..model import Document, Entity
from ..options import Options
from ..pipeline import stage
from . import recognise as rec
from .resolve import city_countries, resolve


def find_entities(text: str, lang: str, spacy_doc=None) -> list[Entity]:
    """The entities of a cleaned text (``spacy_doc``: the ``sentences`` stage's Doc, if any)."""
    if not text or not text.strip():
        return []
    toks = rec.doc_tokens(text, lang)
    gaz = rec.club_matches(text, toks, rec.strong_only(list(rec.gazetteer_matches(text, toks))))
    heads = rec.crossing(list(rec.head_matches(text, toks, lang, gaz)), gaz)
    first = rec.select([*gaz, *heads])
    found = rec.select([*first, *rec.person_matches(text, toks, first, lang)])
    # The model only fills gaps: its labels are less sure than the gazetteer's.
    chosen = rec.select([*found, *rec.model_matches(spacy_doc, text, toks, found)])
    kept = {id(c) for c in chosen}
    # Countries and places inside a chosen body's name ("Rusia" in "Dewan Olahraga Rusia").
    owner = {k: c for c in chosen if c.type in ("ORG", "FAC") for k in range(*c.tokens)}
    nested = [g for g in gaz if id(g) not in kept and g.type in ("GPE", "LOC") and g.tokens[0] in owner
              and g.end <= owner[g.tokens[0]].end]
    return resolve(text, lang, toks, chosen, nested)


@stage("entities", requires=("sentences",), fills=("entities",))
def make_entities(options: Options):
    """Fills ``entities``: people, organisations and places, merged, with countries."""
    # Load the word lists, the gazetteer trie and the city table once, not on the first article.
    rec.rules()
    rec.rules("en")
    rec.known_heads()
    city_countries()

    def run(doc: Document) -> None:
        doc.entities = find_entities(doc.text, doc.lang, _ner_doc(doc.work.get("spacy")))

    return run


def _ner_doc(sdoc):
    """The spaCy Doc only when its pipeline ran an ``ner`` component (else no ents)."""
    return sdoc if sdoc is not None and getattr(sdoc, "ents", ()) else None

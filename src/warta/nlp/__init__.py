"""Language layer: sentences and tokens (placeholder: spaCy's blank pipelines + sentencizer).

Registers the ``sentences`` stage. The spaCy ``Doc`` is kept in ``doc.work["spacy"]``
for the later NLP stages and never leaves them.
"""

from __future__ import annotations

from functools import cache

import spacy

from ..model import Document, Sentence
from ..options import Options
from ..pipeline import stage


@cache
def load(lang: str) -> spacy.language.Language:
    nlp = spacy.blank(lang if lang in ("id", "en") else "xx")
    nlp.add_pipe("sentencizer")
    return nlp


@stage("sentences", requires=("lang",), fills=("sentences", "tokens"))
def make_sentences(options: Options):
    """Splits the cleaned text into sentences and tokens."""

    def run(doc: Document) -> None:
        sdoc = load(doc.lang)(doc.text)
        doc.work["spacy"] = sdoc
        doc.sentences = [
            Sentence.of(doc.text, s.start_char, s.end_char) for s in sdoc.sents if s.text.strip()
        ]

    return run

"""Language layer: sentences, tokens, POS, dependency parse and NER with spaCy.

Registers the ``sentences`` stage. It loads warta's own trained pipeline for the
document's language from ``warta/models/<lang>/`` (tok2vec, morphologizer, parser,
NER; trained by ``python -m warta.nlp.train``) and falls back to spaCy's blank
tokenizer when no model is shipped for the language. Sentence boundaries always come
from the news-aware rules in :mod:`warta.nlp.segment` (they honour line breaks,
abbreviations and quotes, and score better than the parser's boundaries on news); the
parser respects them. The spaCy ``Doc`` is kept in ``doc.work["spacy"]`` for the later
NLP stages (tokens, ``pos_``, ``morph``, ``dep_``/``head``, ``ents``) and never leaves them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from ..model import Document, Sentence
from ..options import Options
from ..pipeline import stage
from ..resources import MODELS_DIR
from .segment import set_sentence_starts
from .tokens import add_tokenizer_exceptions, merge_hyphenated_names

LANGS = ("id", "en")


def model_path(lang: str) -> Path:
    return MODELS_DIR / lang


def has_model(lang: str) -> bool:
    return (model_path(lang) / "config.cfg").exists()


@cache
def load(lang: str) -> Language:
    """The spaCy pipeline for a language: the shipped model, else a blank tokenizer."""
    code = lang if lang in LANGS else "xx"
    if code in LANGS and has_model(code):
        try:
            nlp = spacy.load(model_path(code))
        except Exception as exc:  # a broken model must say so, not crash deep inside spaCy
            raise ModelError(f"cannot load the {code!r} model at {model_path(code)}: {exc}") from exc
    else:
        nlp = spacy.blank(code)
    add_tokenizer_exceptions(nlp, code)
    return nlp


def analyse(text: str, lang: str) -> Doc:
    """Tokenises ``text``, sets rule-based sentence starts, runs the trained components."""
    nlp = load(lang)
    sdoc = merge_hyphenated_names(nlp.make_doc(text))
    set_sentence_starts(sdoc, lang if lang in LANGS else "xx")
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    return sdoc


def sentence_spans(text: str, sdoc: Doc) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, trimmed of surrounding whitespace."""
    spans = []
    for sent in sdoc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


@stage("sentences", requires=("lang",), fills=("sentences", "tokens"))
def make_sentences(options: Options):
    """Splits the cleaned text into sentences and tokens, tags, parses and finds names."""

    def run(doc: Document) -> None:
        sdoc = analyse(doc.text, doc.lang or "xx")
        doc.work["spacy"] = sdoc
        doc.sentences = [Sentence.of(doc.text, s, e) for s, e in sentence_spans(doc.text, sdoc)]

    return run

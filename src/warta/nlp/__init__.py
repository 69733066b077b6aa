"""Language layer: sentences, tokens, POS, dependency parse and NER with spaCy.

Registers the ``sentences`` stage. It loads warta's own trained pipeline for the
document's language from ``warta/models/<lang>/`` (tok2vec, morphologizer, parser,
NER; trained by ``python -m warta.nlp.train``) and falls back to spaCy's blank
tokenizer when no model is shipped for the language. Sentence boundaries always come
from the news-aware rules in :mod:`warta.nlp.segment` (they honour line breaks,
abbreviations and quotes, and score better than the parser's boundaries on news); the
parser respects them. Later stages read the analysis as a plain :class:`Parse` in
``doc.work["parse"]`` (token offsets, tags, voice, the dependency tree and the
tok2vec's contextual token vectors); the spaCy ``Doc`` never leaves this stage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ..budget import setup_time
from ..errors import InputError, ModelError
from ..model import Document, Sentence
from ..options import Options
from ..pipeline import stage
from ..resources import MODELS_DIR
from .segment import set_sentence_starts
from .tokens import add_tokenizer_exceptions, merge_hyphenated_names

LANGS = ("id", "en")
# spaCy's own ceiling (nlp.max_length): a longer text is one clear input error, not spaCy's E088.
MAX_CHARS = 1_000_000
log = logging.getLogger("warta")


def model_path(lang: str) -> Path:
    return MODELS_DIR / lang


def has_model(lang: str) -> bool:
    return (model_path(lang) / "config.cfg").exists()


@spacy.registry.tokenizers("warta.SavedTokenizer.v1")
def saved_tokenizer():
    """A tokenizer with no rules of its own: the model's saved tokenizer fills them in as it loads.

    spaCy's own factory first builds the language's default exception table (16,000 entries
    for Indonesian, each compiled into a matcher), then loading the model builds the saved
    copy of the same table again: half the load time of the Indonesian model went to the
    first, useless, pass. The tokens are the same (the saved rules, prefixes, suffixes and
    infixes are the model's)."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


# Documents a trained component takes at once in a batch.
BATCH_SIZE = 32


@cache
def load(lang: str) -> Language:
    """The spaCy pipeline for a language: the shipped model, else a blank tokenizer."""
    began = time.perf_counter()
    code = lang if lang in LANGS else "xx"
    with setup_time():  # loaded on an article's first use: not that article's time
        if code in LANGS and has_model(code):
            try:
                nlp = spacy.load(model_path(code),
                                 config={"nlp": {"tokenizer": {"@tokenizers": "warta.SavedTokenizer.v1"}}})
            except Exception as exc:  # a broken model must say so, not crash deep inside spaCy
                raise ModelError(f"cannot load the {code!r} model at {model_path(code)}: {exc}") from exc
        else:
            nlp = spacy.blank(code)
        add_tokenizer_exceptions(nlp, code)
    log.info("the %s pipeline (%s) loaded in %.1f s", code, ", ".join(nlp.pipe_names) or "tokenizer only",
             time.perf_counter() - began)
    return nlp


def _prepared(nlp: Language, text: str, lang: str) -> Doc:
    sdoc = merge_hyphenated_names(nlp.make_doc(text))
    set_sentence_starts(sdoc, lang if lang in LANGS else "xx")
    return sdoc


def analyse(text: str, lang: str) -> Doc:
    """Tokenises ``text``, sets rule-based sentence starts, runs the trained components."""
    nlp = load(lang)
    sdoc = _prepared(nlp, text, lang)
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    return sdoc


def analyse_many(texts: list[tuple[str, str]], *, batch_size: int = BATCH_SIZE) -> list[Doc]:
    """:func:`analyse` of each (text, language), the trained components run over each language's
    documents in batches (``.pipe``): the same analyses, in the same order, for less."""
    out: list[Doc | None] = [None] * len(texts)
    by_lang: dict[str, list[int]] = {}
    for number, (_text, lang) in enumerate(texts):
        by_lang.setdefault(lang, []).append(number)
    for lang, numbers in by_lang.items():
        nlp = load(lang)
        stream: Iterable[Doc] = [_prepared(nlp, texts[k][0], lang) for k in numbers]
        for _, proc in nlp.pipeline:
            stream = proc.pipe(stream, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, stream)
        for k, sdoc in zip(numbers, stream, strict=True):
            out[k] = sdoc
    return out  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class Parse:
    """The NLP analysis of a document as plain data, token by token.

    ``start``/``end`` are character offsets into the cleaned text; ``head`` is the index
    of each token's syntactic head (itself for a root); ``voice`` is ``Act``, ``Pass`` or
    empty; ``vectors`` holds the tok2vec's contextual vector of each token (one row a
    token, no columns where the language has no trained model); ``static`` holds each
    token's static word vector (no columns where the pipeline has none).
    """

    text: tuple[str, ...]
    start: np.ndarray
    end: np.ndarray
    pos: tuple[str, ...]
    dep: tuple[str, ...]
    head: np.ndarray
    voice: tuple[str, ...]
    vectors: np.ndarray
    static: np.ndarray

    def __len__(self) -> int:
        return len(self.text)

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap the characters ``start:end``."""
        first = int(np.searchsorted(self.end, start, side="right"))
        last = int(np.searchsorted(self.start, end, side="left"))
        return range(first, max(first, last))

    def children(self, i: int) -> list[int]:
        return self._children[i]

    @cached_property
    def _children(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(len(self.head))]
        for j, i in enumerate(self.head.tolist()):
            if i != j:
                out[i].append(j)
        return out

    def ancestors(self, i: int) -> list[int]:
        out, seen = [], {i}
        while int(self.head[i]) not in seen:
            i = int(self.head[i])
            out.append(i)
            seen.add(i)
        return out


def parse_of(sdoc: Doc) -> Parse:
    """The plain :class:`Parse` of a spaCy ``Doc``."""
    tensor = sdoc.tensor if sdoc.tensor is not None and len(sdoc.tensor) == len(sdoc) else None
    return Parse(
        text=tuple(t.text for t in sdoc),
        start=np.fromiter((t.idx for t in sdoc), dtype=np.int64, count=len(sdoc)),
        end=np.fromiter((t.idx + len(t) for t in sdoc), dtype=np.int64, count=len(sdoc)),
        pos=tuple(t.pos_ for t in sdoc),
        dep=tuple(t.dep_ for t in sdoc),
        head=np.fromiter((t.head.i for t in sdoc), dtype=np.int64, count=len(sdoc)),
        voice=tuple(",".join(t.morph.get("Voice")) for t in sdoc),
        vectors=np.asarray(tensor if tensor is not None else np.zeros((len(sdoc), 0)), dtype=np.float32),
        static=(np.vstack([t.vector for t in sdoc]).astype(np.float32) if sdoc.vocab.vectors.size and len(sdoc)
                else np.zeros((len(sdoc), 0), dtype=np.float32)),
    )


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
    warned: set[str] = set()

    def check(doc: Document) -> None:
        if len(doc.text) > MAX_CHARS:
            raise InputError(f"the cleaned text has {len(doc.text):,} characters; at most {MAX_CHARS:,} are analysed")
        if doc.lang and doc.lang not in LANGS and doc.lang not in warned:
            warned.add(doc.lang)
            log.warning("no model for language %r: its articles get sentences and tokens, not names or events",
                        doc.lang)

    def fill(doc: Document, sdoc: Doc) -> None:
        doc.work["parse"] = parse_of(sdoc)
        doc.sentences = [Sentence.of(doc.text, s, e) for s, e in sentence_spans(doc.text, sdoc)]

    def run(doc: Document) -> None:
        check(doc)
        fill(doc, analyse(doc.text, doc.lang or "xx"))

    def batch(docs: list[Document]) -> list[Exception | None]:
        """:func:`run` over several documents, spaCy's components batched."""
        errors: list[Exception | None] = [None] * len(docs)
        for number, doc in enumerate(docs):
            try:
                check(doc)
            except InputError as exc:
                errors[number] = exc
        fine = [k for k, error in enumerate(errors) if error is None]
        for k, sdoc in zip(fine, analyse_many([(docs[k].text, docs[k].lang or "xx") for k in fine]), strict=True):
            fill(docs[k], sdoc)
        return errors

    run.batch = batch  # type: ignore[attr-defined]
    return run

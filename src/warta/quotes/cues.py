"""Certainty cues for every sentence: how the text presents what it says.

Its one job: fill ``Sentence.cues`` with ``{"kind", "text", "start", "end"}`` dicts
(kinds reported, estimated, speculated, planned, denied, negation) from the lexicon
``data/quotes/certainty.yaml``, and mark as reported every sentence that a quote or
attribution covers (that cue also names the quote: ``"quote": "u3"``).
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Quote, Sentence
from .extract import Found, by_first_word
from .lexicon import Phrase, certainty_lexicon
from .text import Tok, number_like, tokenize

NUM = "{num}"


def _match(toks: list[Tok], k: int, phrase: Phrase, numbers: frozenset[str]) -> int:
    """Tokens matched by ``phrase`` at ``k`` (0 when it does not match there)."""
    n = 0
    for word in phrase:
        if word == NUM:
            if k + n >= len(toks) or not number_like(toks[k + n], numbers):
                return 0
            continue  # the number must follow but is not part of the cue
        parts = word.split("'") if word == "n't" else [word]
        if k + n >= len(toks) or toks[k + n].low != parts[0]:
            return 0
        n += 1
    return n


def sentence_cues(text: str, sent: Sentence, kinds: dict[str, frozenset[Phrase]]) -> list[dict[str, Any]]:
    """The lexicon cues written in one sentence."""
    toks = [t for t in tokenize(text, sent.start, sent.end) if t.is_word or t.text in "'’"]
    numbers = frozenset(p[0] for p in kinds.get("number_words", ()))
    first_word = next((k for k, t in enumerate(toks) if t.is_word), 0)
    out: list[dict[str, Any]] = []
    taken: set[int] = set()
    for k, tok in enumerate(toks):
        if k in taken:
            continue
        best: tuple[int, str] | None = None
        for kind, phrases in kinds.items():
            if kind == "number_words":
                continue
            for phrase in by_first_word(phrases).get(tok.low, ()):
                n = _match(toks, k, phrase, numbers)
                if n and (best is None or n > best[0]):
                    best = (n, kind)
        if best is None:
            continue
        # 'May' the month, 'Will' the name: a capitalised cue only opens a sentence
        if tok.is_cap and k != first_word and not tok.text.isupper():
            continue
        n, kind = best
        start, end = tok.start, toks[k + n - 1].end
        out.append({"kind": kind, "text": text[start:end], "start": start, "end": end})
        taken.update(range(k, k + n))
    return out


def fill_cues(doc: Document, quotes: list[tuple[Quote, Found]]) -> None:
    """Fill ``cues`` of every sentence of ``doc``."""
    kinds = certainty_lexicon(doc.lang if doc.lang in ("id", "en") else "id")
    for sent in doc.sentences:
        cues = sentence_cues(doc.text, sent, kinds)
        for q, f in quotes:
            if q.start < sent.end and sent.start < q.end:
                if f.cue is not None:
                    start, end = f.cue
                else:
                    start, end = q.start, q.end
                cue = {"kind": "reported", "text": doc.text[start:end], "start": start, "end": end, "quote": q.id}
                if not any(c["kind"] == "reported" and c["start"] == start for c in cues):
                    cues.append(cue)
        cues.sort(key=lambda c: (c["start"], c["end"]))
        sent.cues = cues

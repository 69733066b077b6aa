"""Rule-based sentence boundaries for news text, set on a tokenised spaCy ``Doc``.

One job: decide ``is_sent_start`` for every token before the statistical components
run (the trained parser respects preset boundaries). The rules:

* a line break always ends a sentence (headlines, paragraphs, datelines on their own line);
* ``.``, ``!``, ``?`` and ellipses end a sentence when the next word could start one
  (capitalised, a digit, an opening quote or bracket), so ``"...," kata X.`` and
  ``"Siap!" tegas dia.`` stay whole;
* closing quotes and brackets after the final mark belong to the sentence they close;
* abbreviations from ``data/nlp/abbreviations.yaml`` (``Jl.``, ``dr.``, ``U.S.``) and
  initials (``H.``, ``P.``) never end a sentence; "final" ones (``dll.``, ``Inc.``) do
  when the next word is capitalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from ..resources import load_yaml

TERMINAL = re.compile(r"[.!?…]+|\.\.\.+|[!?]+[.!?]*")
INITIAL = re.compile(r"[A-Z]\.")


@dataclass(frozen=True)
class Abbreviations:
    """The abbreviation lists for one language."""

    never_final: frozenset[str]
    final: frozenset[str]
    initials: bool
    closers: frozenset[str]
    openers: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.never_final | self.final


@cache
def abbreviations(lang: str) -> Abbreviations:
    data = load_yaml("nlp/abbreviations.yaml")
    never, final = set(), set()
    for section in ("common", lang):
        block = data.get(section) or {}
        never.update(block.get("never_final") or ())
        final.update(block.get("final") or ())
    return Abbreviations(
        never_final=frozenset(never - final),
        final=frozenset(final),
        initials=bool(data.get("initials", True)),
        closers=frozenset(data.get("closers") or ()),
        openers=frozenset(data.get("openers") or ()),
    )


def _is_abbreviation(doc: Doc, i: int, abbr: Abbreviations) -> str | None:
    """'never' or 'final' when token i is (or ends) an abbreviation, else None."""
    tok = doc[i]
    text = tok.text
    if text == "." and i > 0 and not doc[i - 1].whitespace_:
        # The tokenizer split the stop off (e.g. "Jl.Sudirman"): judge prev + ".".
        text = doc[i - 1].text + "."
    if text in abbr.final:
        return "final"
    if text in abbr.never_final or (abbr.initials and INITIAL.fullmatch(text)):
        return "never"
    return None


def _closes(doc: Doc, i: int, abbr: Abbreviations) -> bool:
    """Whether token i closes a quotation or bracket. A straight quote that is glued
    to the word after it (``."Kami``) opens the next sentence instead."""
    tok = doc[i]
    if tok.text not in abbr.closers or tok.is_space:
        return False
    if tok.text in abbr.openers and not tok.whitespace_ and i + 1 < len(doc):
        return not doc[i + 1].text[:1].isalnum()
    return True


def _can_start(tok, abbr: Abbreviations) -> bool:
    first = tok.text[0]
    return first.isupper() or first.isdigit() or tok.text in abbr.openers or first in abbr.openers


def set_sentence_starts(doc: Doc, lang: str) -> Doc:
    """Sets ``is_sent_start`` on every token of ``doc`` (in place) and returns it."""
    abbr = abbreviations(lang)
    n = len(doc)
    if n == 0:
        return doc
    starts = [False] * n
    starts[0] = True
    i = 0
    while i < n:
        tok = doc[i]
        end = None  # index of the last token of a sentence ending here
        if tok.is_space:
            if "\n" in tok.text:
                end = i
        elif "\n" in tok.whitespace_:
            end = i
        else:
            kind = _is_abbreviation(doc, i, abbr)
            terminal = TERMINAL.fullmatch(tok.text) is not None and kind != "never"
            if kind == "final" or terminal:
                j = i
                # Closing quotes/brackets glued to the mark belong to this sentence.
                while j + 1 < n and not doc[j].whitespace_ and _closes(doc, j + 1, abbr):
                    j += 1
                k = j + 1
                while k < n and doc[k].is_space and "\n" not in doc[k].text:
                    k += 1
                if k < n and not doc[k].is_space and _can_start(doc[k], abbr):
                    end = j
                elif k < n and doc[k].is_space:
                    end = j  # a line break follows
                i = j
        if end is not None:
            # Whitespace tokens after the end stay with the sentence they follow.
            k = end + 1
            while k < n and doc[k].is_space:
                k += 1
            if k < n:
                starts[k] = True
            for m in range(end + 1, k):
                starts[m] = False
            i = max(i, k - 1)
        i += 1
    # In one array: Token.is_sent_start's setter looks over the whole doc each time (quadratic in a
    # long paragraph: 200 s for 800,000 characters).
    doc.from_array([SENT_START], numpy.array([[1 if s else -1] for s in starts], dtype="int64").astype("uint64"))
    return doc

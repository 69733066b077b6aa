"""Tokenisation fixes for news text on top of spaCy's id/en tokenizers.

One job: make tokens match how names and abbreviations are written in news.

* every abbreviation in ``data/nlp/abbreviations.yaml`` (and each capital initial,
  ``H.``) is a tokenizer special case, so ``Jl.``, ``dr.``, ``U.S.`` stay one token;
* a capitalised word joined by a hyphen to a lower-case one (``Jong-un``, ``Jong-yil``)
  is one token: spaCy splits it at the hyphen, which cuts Korean and Arabic given
  names in two. Hyphens before a capital (``Rusia-Ukraina``) or a digit still split.

Numbers keep spaCy's behaviour, which already holds ``6.000``, ``10,5`` and
``1,200.50`` as single tokens.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from .segment import abbreviations

HYPHENS = frozenset("-‐‑")


def add_tokenizer_exceptions(nlp: Language, lang: str) -> None:
    """Keeps every listed abbreviation (and each initial) as one token."""
    abbr = abbreviations(lang)
    forms = set(abbr.all)
    if abbr.initials:
        forms.update(f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for form in sorted(forms):
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def merge_hyphenated_names(doc: Doc) -> Doc:
    """Merges ``Xxx`` + ``-`` + ``xxx`` written without spaces into one token (in place)."""
    spans = []
    i = 0
    n = len(doc)
    while i + 2 < n:
        left, hyphen, right = doc[i], doc[i + 1], doc[i + 2]
        if (hyphen.text in HYPHENS and not left.whitespace_ and not hyphen.whitespace_
                and left.text[:1].isupper() and left.text.isalpha()
                and right.text.isalpha() and right.text.islower()):
            spans.append(doc[i : i + 3])
            i += 3
        else:
            i += 1
    if spans:
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span)
    return doc

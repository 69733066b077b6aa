"""Stories: which stored documents are copies of one report (wire copies, syndication, reposts).

Each document's body is cut into word shingles and summarised by a MinHash signature
(datasketch); the signature's bands go into the store, so that the candidates for a new
document are found by an index lookup however large the store (locality-sensitive hashing
in the database, not in memory). A candidate whose estimated overlap could make it a copy
is then compared exactly: the same story when the two bodies share at least half their
shingles, or when nearly all of the shorter is in the longer and it is at least half as
long (a copy cut short; a fact check quoted whole in a long round-up of hoaxes is not a
copy of it). The new document joins the story of its closest copy. Within a cluster the
earliest copy (by publication time, then by when it was stored) is the original; each later
copy is marked with what it changed: the headline, the lead, paragraphs cut or added.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

NUM_PERM = 126
BAND_ROWS = 3  # 42 bands of 3: a pair sharing 30 % of its shingles is a candidate 2 times in 3, at 50 % always
SHINGLE_WORDS = 5
SEED = 1
# The same story: at least half the shingles of the two together, or nearly all of the shorter one
# where it is at least half as long (chosen on 125 pairs checked by hand: bench/results/stories.md).
SAME_JACCARD = 0.5
SAME_CONTAINMENT = 0.8
SAME_LENGTH_RATIO = 0.5
# Candidates worth the exact comparison, by the signatures' estimates (looser than the rule above).
MAYBE_JACCARD = 0.3
MAYBE_CONTAINMENT = 0.6
MIN_SHINGLES = 8  # a body shorter than this (a caption, a brief) is its own story
# What the stored signatures and bands were made with: other settings make other bands, and the
# store's stories are rebuilt (warta_meta ``stories``).
PARAMETERS = (f"minhash {NUM_PERM} seed {SEED}, bands of {BAND_ROWS}, shingles of {SHINGLE_WORDS} words; "
              f"same story: jaccard {SAME_JACCARD} or containment {SAME_CONTAINMENT} at length ratio "
              f"{SAME_LENGTH_RATIO}")

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """A body's MinHash signature and how many distinct shingles it has."""

    values: np.ndarray
    size: int

    def bands(self) -> list[str]:
        """The band keys under which the signature is indexed."""
        return [hashlib.sha1(self.values[i:i + BAND_ROWS].tobytes()).hexdigest()[:16]
                for i in range(0, NUM_PERM, BAND_ROWS)]

    def dump(self) -> str:
        return self.values.astype("<u4").tobytes().hex()

    @classmethod
    def load(cls, text: str, size: int) -> Signature:
        return cls(np.frombuffer(bytes.fromhex(text), dtype="<u4").astype(np.uint64), size)

    def estimate(self, other: Signature) -> float | None:
        """The estimated overlap (Jaccard) where it could make the two one story (worth comparing
        them exactly), else None."""
        jaccard = float(np.mean(self.values == other.values))
        shared = jaccard / (1 + jaccard) * (self.size + other.size)
        if jaccard >= MAYBE_JACCARD or shared / max(1, min(self.size, other.size)) >= MAYBE_CONTAINMENT:
            return jaccard
        return None


def _words(text: str) -> list[str]:
    """A text's words, lower-cased (punctuation and spacing do not count)."""
    return _WORD.findall(text.lower())


def shingles(text: str) -> set[str]:
    """The body's distinct runs of five words."""
    words = _words(text)
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(0, len(words) - SHINGLE_WORDS + 1))}


class Shingled:
    """A body cut into shingles once, for exact comparisons with several others."""

    def __init__(self, text: str) -> None:
        self.shingles = shingles(text)

    def same_story(self, other: Shingled) -> float | None:
        """The two bodies' shingle overlap (Jaccard) where they are one story, else None."""
        first, second = self.shingles, other.shingles
        if not first or not second:
            return None
        shared = len(first & second)
        jaccard = shared / len(first | second)
        shorter, longer = sorted((len(first), len(second)))
        if jaccard >= SAME_JACCARD or (shared / shorter >= SAME_CONTAINMENT and shorter / longer >= SAME_LENGTH_RATIO):
            return jaccard
        return None


def signature(text: str) -> Signature | None:
    """The body's signature; None for a body too short to tell copies by."""
    from datasketch import MinHash

    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in found])
    return Signature(minhash.hashvalues.astype(np.uint64), len(found))


def same_story(text: str, other: str) -> float | None:
    """The two bodies' shingle overlap (Jaccard) where they are one story, else None."""
    return Shingled(text).same_story(Shingled(other))


def _paragraphs(text: str) -> list[str]:
    return [" ".join(_words(line)) for line in text.splitlines() if _WORD.search(line)]


def changes(original: dict[str, Any], copy: dict[str, Any]) -> list[str]:
    """What a copy changed from the original: ``headline``, ``lead``, ``cuts``, ``additions``."""
    found = []
    if _words(original.get("title") or "") != _words(copy.get("title") or ""):
        found.append("headline")
    first, second = _paragraphs(original.get("text") or ""), _paragraphs(copy.get("text") or "")
    if first[:1] != second[:1]:
        found.append("lead")
    if set(first[1:]) - set(second):
        found.append("cuts")
    if set(second[1:]) - set(first):
        found.append("additions")
    return found


def order_key(published: str | None, seq: int) -> tuple[int, str, int]:
    """How copies sort: the earliest published first (undated ones last), then the first stored."""
    if not published:
        return (1, "", seq)
    try:
        moment = datetime.fromisoformat(published)
        published = (moment.astimezone(UTC) if moment.tzinfo else moment).isoformat()
    except ValueError:
        pass
    return (0, published, seq)


def event_key(etype: str, actor1: str | None, actor2: str | None, trigger: str | None) -> tuple[str, ...]:
    """What makes two copies' events one event: type, actors and trigger, as written."""
    def norm(text: str | None) -> str:
        return " ".join(_words(text or ""))

    return (etype, norm(actor1), norm(actor2), norm(trigger))


@dataclass(frozen=True)
class Report:
    """How a story reports one event: how many of its copies do, from which outlets."""

    articles: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Copy:
    """One document of a story: which, from what outlet, when, and what it changed from the original."""

    doc_id: str
    outlet: str | None
    published: str | None
    title: str | None
    original: bool
    similarity: float | None
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """A document's story: its id, its copies (the original first), what this copy changed, and
    each event's reports across the copies."""

    story_id: str
    copies: tuple[Copy, ...]
    changes: tuple[str, ...]
    reports: dict[tuple[str, ...], Report]

    @property
    def size(self) -> int:
        return len(self.copies)

    @property
    def original(self) -> str:
        return self.copies[0].doc_id

    def report(self, key: tuple[str, ...]) -> Report | None:
        return self.reports.get(key)

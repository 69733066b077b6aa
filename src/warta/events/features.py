"""Feature vectors for the trained event coder, read from the shared NLP analysis.

Two kinds, computed the same way when training (:mod:`warta.events.train`) and when
coding (:mod:`warta.events.coder`):

* token features: each token's contextual vector, its sentence's mean vector and its
  syntactic head's vector, with its tag, dependency label, voice, the lexicon's
  trigger type for it and the sentence's non-event contexts;
* role features: for a trigger and an entity mention in its sentence, how the two are
  linked in the dependency tree (subject, object, ``oleh``/``by`` agent,
  ``ke``/``terhadap``/``against`` recipient, genitive), where they stand, and what the
  mention is (entity type, sector, country).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import numpy as np

from ..model import EVENT_TYPES, Document, Entity, Sentence, Span
from ..nlp import Parse
from .lexicon import SECTORS, VOICES, Mention, lexicon_triggers, personal_pronouns, ruled_out_types, sector_of

UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
        "SCONJ", "SYM", "VERB", "X")
DEPS = ("ROOT", "acl", "advcl", "advmod", "amod", "appos", "aux", "case", "cc", "ccomp", "clf", "compound",
        "conj", "cop", "csubj", "dep", "det", "discourse", "dislocated", "expl", "fixed", "flat", "goeswith",
        "iobj", "list", "mark", "nmod", "nsubj", "nummod", "obj", "obl", "orphan", "parataxis", "punct",
        "reparandum", "vocative", "xcomp")
ACTOR_TYPES = ("GPE", "ORG", "PER", "NORP", "LOC")
# Role candidates that are no named entity: a noun or pronoun argument ("polisi", "kami", "the workers").
CANDIDATE_KINDS = (*ACTOR_TYPES, "NOUN", "PRON")
ARGUMENT_DEPS = ("nsubj", "obj", "iobj", "obl", "nmod", "appos", "conj", "root")
# Closed-class words that mark a mention's role: the weights decide what each means.
MARKERS = ("oleh", "by", "ke", "kepada", "terhadap", "to", "against", "on", "dari", "from", "dengan", "with",
           "di", "in", "at", "untuk", "for", "atas", "of", "antara", "between", "melawan", "pada", "bagi",
           "dalam", "into", "'s", "’s", "'")
DISTANCES = (1, 2, 3, 5, 8, 12, 20)
TYPE_INDEX = {t: i for i, t in enumerate(EVENT_TYPES)}
WORD = re.compile(r"[^\W\d_]{3,}")


VOICE_INDEX = {v: i for i, v in enumerate(VOICES)}
UPOS_INDEX = {v: i for i, v in enumerate(UPOS)}
DEP_INDEX = {v: i for i, v in enumerate(DEPS)}


def _onehot(size: int, index: int | None) -> np.ndarray:
    out = np.zeros(size, dtype=np.float32)
    if index is not None and index >= 0:
        out[index] = 1.0
    return out


def _index(values: tuple[str, ...], value: str) -> int | None:
    try:
        return values.index(value)
    except ValueError:
        return None


def _coarse(dep: str) -> str:
    return dep.split(":")[0]


@dataclass(frozen=True)
class SentenceTokens:
    """The tokens of one sentence with their feature rows."""

    indices: np.ndarray  # token indices into the parse
    features: np.ndarray  # one row a token
    lexicon: list[str | None]  # the lexicon's trigger type for each token


def actor_mentions(doc: Document, start: int, end: int) -> list[Mention]:
    """Entity mentions in ``text[start:end]`` that may be actors (places only with a country)."""
    mentions = [
        Mention(entity, span)
        for entity in doc.entities
        if entity.type in ACTOR_TYPES and (entity.type != "LOC" or entity.country)
        for span in entity.mentions
        if start <= span.start and span.end <= end
    ]
    return sorted(mentions, key=lambda m: m.span.start)


def token_features(doc: Document, parse: Parse, sentence: Sentence,
                   mentions: list[Mention]) -> SentenceTokens:
    """One feature row for every token of ``sentence``."""
    return sentences_token_features(doc, parse, [sentence], [mentions])[0]


def sentences_token_features(doc: Document, parse: Parse, sentences: list[Sentence],
                             mentions: list[list[Mention]]) -> list[SentenceTokens]:
    """:func:`token_features` of each sentence, built for all of them at once."""
    spans = [np.asarray(parse.tokens_in(s.start, s.end), dtype=np.int64) for s in sentences]
    spans = [idx[[not parse.text[i].isspace() for i in idx]] if len(idx) else idx for idx in spans]
    sizes = np.array([len(idx) for idx in spans], dtype=np.int64)
    idx = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
    n = len(idx)
    owner = np.repeat(np.arange(len(sentences)), sizes)  # the sentence of each token
    starts = parse.start[idx]
    lexicon: list[str | None] = [None] * n
    voices: list[str | None] = [None] * n
    # Sentence context: the types its words rule out, and how many actors it names.
    context = np.zeros((len(sentences), len(EVENT_TYPES) + 3), dtype=np.float32)
    in_name = np.zeros(n, dtype=np.float32)
    first = np.concatenate([[0], np.cumsum(sizes)])
    for number, (sentence, named) in enumerate(zip(sentences, mentions, strict=True)):
        lo_k, hi_k = first[number], first[number + 1]
        mine = starts[lo_k:hi_k]
        for lo, hi, entry in lexicon_triggers(doc.text, doc.lang, sentence.start, sentence.end):
            for k in lo_k + np.flatnonzero((mine >= lo) & (mine < hi)):
                lexicon[k], voices[k] = entry.type, entry.voice
        for t in ruled_out_types(doc.text[sentence.start:sentence.end], scope="sentence"):
            context[number, TYPE_INDEX[t]] = 1.0
        context[number, len(EVENT_TYPES) + min(len(named), 2)] = 1.0
        for m in named:
            in_name[lo_k + np.flatnonzero((mine >= m.span.start) & (mine < m.span.end))] = 1.0
    vectors = parse.vectors
    dim = vectors.shape[1]
    token_vectors = vectors[idx]
    sums = np.add.reduceat(token_vectors, first[:-1][sizes > 0], axis=0) if n else np.zeros((0, dim))
    means = np.zeros((len(sentences), dim), dtype=np.float32)
    means[sizes > 0] = sums / sizes[sizes > 0, None]
    heads = parse.head[idx]
    # The discrete block, one-hot by column offsets (the same layout for every token).
    widths = (len(EVENT_TYPES), len(VOICES), len(UPOS), len(DEPS), 4)
    offsets = np.cumsum((0, *widths))
    discrete = np.zeros((n, offsets[-1] + context.shape[1]), dtype=np.float32)
    rows = np.arange(n)
    for block, values in enumerate((
        [TYPE_INDEX[t] if t else -1 for t in lexicon],
        [VOICE_INDEX.get(v, -1) if v else -1 for v in voices],
        [UPOS_INDEX.get(parse.pos[i], -1) for i in idx],
        [DEP_INDEX.get(_coarse(parse.dep[i]), -1) for i in idx],
    )):
        values = np.asarray(values, dtype=np.int64).reshape(-1)
        hit = values >= 0
        discrete[rows[hit], offsets[block] + values[hit]] = 1.0
    flags = offsets[4]
    discrete[:, flags] = [parse.voice[i] == "Act" for i in idx]
    discrete[:, flags + 1] = [parse.voice[i] == "Pass" for i in idx]
    discrete[:, flags + 2] = [parse.text[i][:1].isupper() for i in idx]
    discrete[:, flags + 3] = in_name
    discrete[:, offsets[-1]:] = context[owner]
    features = np.hstack([token_vectors, means[owner], vectors[heads], parse.static[idx], parse.static[heads],
                          discrete]).astype(np.float32, copy=False)
    return [SentenceTokens(idx[lo:hi], features[lo:hi], lexicon[lo:hi])
            for lo, hi in zip(first[:-1], first[1:], strict=True)]


def head_token(parse: Parse, start: int, end: int) -> int | None:
    """The token of ``text[start:end]`` whose head lies outside it (the span's syntactic head)."""
    tokens = list(parse.tokens_in(start, end))
    if not tokens:
        return None
    inside = set(tokens)
    outside = [i for i in tokens if int(parse.head[i]) not in inside or int(parse.head[i]) == i]
    return outside[0] if outside else tokens[-1]


def _marker(parse: Parse, i: int) -> str | None:
    """The case marker of token ``i`` (its ``case`` child, or the word just before it)."""
    for j in parse.children(i):
        if parse.dep[j] == "case" and parse.text[j].casefold() in MARKERS:
            return parse.text[j].casefold()
    return None


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    for k, edge in enumerate(edges):
        if value <= edge:
            return k
    return len(edges)


ROLE_DEPS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "nmod:poss", "appos", "conj",
             "compound", "flat", "amod", "xcomp", "ccomp", "acl", "advcl", "root", "other")


def _role_dep(dep: str) -> int:
    dep = dep.casefold()
    if dep in ROLE_DEPS:
        return ROLE_DEPS.index(dep)
    coarse = dep.split(":")[0]
    return ROLE_DEPS.index(coarse) if coarse in ROLE_DEPS else ROLE_DEPS.index("other")


def home_country(doc: Document) -> str | None:
    """The country the article is about: the most mentioned one (Indonesian news leans Indonesian)."""
    counts: Counter[str] = Counter()
    for place in doc.places:
        if place.country:
            counts[place.country] += len(place.mentions)
    for entity in doc.entities:
        if entity.country and entity.type in ("GPE", "NORP"):
            counts[entity.country] += len(entity.mentions)
    if doc.lang == "id":
        counts["IDN"] += 1
    return counts.most_common(1)[0][0] if counts else None


def role_candidates(doc: Document, parse: Parse, sentence: Sentence, mentions: list[Mention],
                    home: str | None) -> list[Mention]:
    """The entity mentions of a sentence, and its noun and pronoun arguments that name no entity.

    A noun argument takes the country of an entity that modifies it (``pasukan Israel``),
    else the article's home country. Places that are no actor, and times, are never candidates.
    """
    taken = [(m.span.start, m.span.end) for m in mentions]
    taken += [(s.start, s.end) for p in doc.places for s in p.mentions if sentence.start <= s.start < sentence.end]
    taken += [(t.start, t.end) for t in doc.times if sentence.start <= t.start < sentence.end]
    # Spans sorted by start with the furthest end so far: "inside a taken span" is one bisection, so a
    # sentence of thousands of words (a text with no full stops) costs n log n, not n squared.
    taken.sort()
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))
    owners = sorted((m.span.start, n, m) for n, m in enumerate(mentions) if m.entity.country)
    owner_starts = [start for start, _n, _m in owners]
    longest = max((m.span.end - m.span.start for _start, _n, m in owners), default=0)
    out = list(mentions)
    for i in parse.tokens_in(sentence.start, sentence.end):
        pos, dep = parse.pos[i], parse.dep[i].split(":")[0].casefold()
        if pos not in ("NOUN", "PROPN", "PRON") or dep not in ARGUMENT_DEPS:
            continue
        # A pronoun that stands for no one ("yang", "which") is no actor.
        if pos == "PRON" and parse.text[i].casefold() not in personal_pronouns():
            continue
        start, end = int(parse.start[i]), int(parse.end[i])
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and reach[k] > start:
            continue
        # The entity that modifies the noun ("pasukan Israel"): the first listed mention holding a child.
        holding = [(n, m) for j in parse.children(i) for point in [int(parse.start[j])]
                   for _start, n, m in owners[bisect.bisect_left(owner_starts, point - longest):
                                              bisect.bisect_right(owner_starts, point)]
                   if point < m.span.end]
        owner = min(holding, key=lambda pair: pair[0])[1] if holding else None
        country = owner.entity.country if owner else home
        kind = "PRON" if pos == "PRON" else "NOUN"
        entity = Entity(id=owner.entity.id if owner else f"token{i}", name=parse.text[i], type=kind, country=country)
        out.append(Mention(entity, Span.of(doc.text, start, end)))
    return sorted(out, key=lambda m: (m.span.start, m.span.end))


def role_features(doc: Document, parse: Parse, trigger: tuple[int, int], event_type: str, mention: Mention,
                  mentions: list[Mention]) -> np.ndarray:
    """Features of ``mention`` as a participant of the event whose trigger spans ``trigger``."""
    t_head = head_token(parse, *trigger)
    m_head = head_token(parse, mention.span.start, mention.span.end)
    after = mention.span.start >= trigger[1]
    gap_tokens = (len(parse.tokens_in(trigger[1], mention.span.start)) if after
                  else len(parse.tokens_in(mention.span.end, trigger[0])))
    between = (trigger[1], mention.span.start) if after else (mention.span.end, trigger[0])
    others_between = sum(between[0] <= m.span.start and m.span.end <= between[1] for m in mentions)
    gap_text = doc.text[between[0]:between[1]]
    rank = sum(1 for m in mentions if (m.span.start >= trigger[1]) == after
               and (m.span.start < mention.span.start if after else m.span.start > mention.span.start))
    n_dep, n_marker = len(ROLE_DEPS), len(MARKERS)
    direct = np.zeros(n_dep, np.float32)  # the mention depends on the trigger, with this label
    governs = np.zeros(n_dep, np.float32)  # the trigger depends on the mention
    sibling = np.zeros(n_dep, np.float32)  # both depend on one head: the mention's label
    via_head = np.zeros(n_dep, np.float32)  # the mention depends on the trigger's head (trigger is xcomp/obj...)
    tree = np.zeros(6, np.float32)
    marker = np.zeros(n_marker + 1, np.float32)
    if t_head is not None and m_head is not None:
        m_dep, t_dep = parse.dep[m_head], parse.dep[t_head]
        m_anc, t_anc = parse.ancestors(m_head), parse.ancestors(t_head)
        if int(parse.head[m_head]) == t_head:
            direct[_role_dep(m_dep)] = 1
        if int(parse.head[t_head]) == m_head:
            governs[_role_dep(t_dep)] = 1
        if int(parse.head[m_head]) == int(parse.head[t_head]) and m_head != t_head:
            sibling[_role_dep(m_dep)] = 1
        if t_anc and int(parse.head[m_head]) in t_anc[:2] and int(parse.head[m_head]) != t_head:
            via_head[_role_dep(m_dep)] = 1
        path = (m_anc.index(t_head) + 1 if t_head in m_anc else None)
        tree[:] = [t_head in m_anc, m_head in t_anc, path is not None and path <= 2,
                   path is not None and path > 2, _role_dep(m_dep) == ROLE_DEPS.index("nsubj"),
                   parse.dep[m_head] in ("appos", "flat", "compound")]
        found = _marker(parse, m_head)
        marker[MARKERS.index(found) if found else n_marker] = 1
    t_pos = parse.pos[t_head] if t_head is not None else ""
    t_text = parse.text[t_head].casefold() if t_head is not None else ""
    entity = mention.entity
    sector = sector_of(doc, mention)
    position = np.zeros(len(DISTANCES) + 1, np.float32)
    position[_bucket(gap_tokens, DISTANCES)] = 1
    flags = np.array([
        after, not after, others_between == 0, others_between == 1, others_between >= 2,
        any(c in gap_text for c in ",;:"), "\"" in gap_text or "“" in gap_text or "”" in gap_text,
        rank == 0, rank == 1,
        t_pos == "VERB", t_pos == "NOUN", t_pos not in ("VERB", "NOUN"),
        t_head is not None and parse.voice[t_head] == "Pass",
        doc.lang == "id" and t_pos == "VERB" and t_text.startswith("di"),
        doc.lang == "id" and t_pos == "VERB" and t_text.startswith(("me", "mem", "men", "meng", "meny")),
        entity.country is not None, bool(entity.kb_id),
    ], dtype=np.float32)
    return np.concatenate([
        direct, governs, sibling, via_head, tree, marker, position, flags,
        _onehot(len(CANDIDATE_KINDS), _index(CANDIDATE_KINDS, entity.type)),
        _onehot(len(SECTORS), _index(SECTORS, sector) if sector else None),
        _onehot(len(EVENT_TYPES), TYPE_INDEX.get(event_type)),
    ])


@lru_cache(maxsize=1 << 16)
def word_root(word: str, lang: str) -> str:
    """A crude root shared by a word's inflections (``menyerang``/``serangan`` -> ``serang``-ish)."""
    word = word.casefold()
    if lang == "id" and len(word) > 5:
        for prefix in ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe", "ber", "ter", "di"):
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                word = word[len(prefix):]
                break
        for suffix in ("nya", "kan", "an", "i"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
        return word
    if lang == "en" and len(word) > 4:
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


def context_words(doc: Document, previous: Sentence | None) -> list[str]:
    """Words that tell the story's domain (politics or sport, business...), for every token of
    a sentence: the roots of the title's words and of the ``previous`` sentence's."""
    found = set()
    if doc.title:
        found |= {f"t={word_root(w, doc.lang)}" for w in WORD.findall(doc.title)}
    if previous is not None:
        found |= {f"p={word_root(w, doc.lang)}" for w in WORD.findall(doc.text, previous.start, previous.end)}
    return sorted(found)


def previous_sentences(doc: Document, sentences: list[Sentence]) -> list[Sentence | None]:
    """The sentence of ``doc`` that ends last before each of ``sentences`` starts."""
    ends = [s.end for s in doc.sentences]  # sentences are in text order
    out = []
    for sentence in sentences:
        at = bisect.bisect_right(ends, sentence.start) - 1
        out.append(doc.sentences[at] if at >= 0 else None)
    return out


def token_words(parse: Parse, indices: np.ndarray, lang: str) -> list[list[str]]:
    """Sparse lexical features of each token: its word, root, neighbours, head and dependents."""
    out = []
    n = len(indices)
    for k, i in enumerate(indices):
        word = parse.text[i].casefold()
        head = int(parse.head[i])
        root, head_root = word_root(word, lang), word_root(parse.text[head], lang)
        words = [f"w={word}", f"r={root}", f"pos+r={parse.pos[i]}|{root}", f"hr={head_root}",
                 f"dep+hr={parse.dep[i]}|{head_root}"]
        if k > 0:
            before = parse.text[indices[k - 1]]
            words += [f"w-1={before.casefold()}", f"r-1={word_root(before, lang)}"]
        if k + 1 < n:
            after = parse.text[indices[k + 1]]
            words += [f"w+1={after.casefold()}", f"r+1={word_root(after, lang)}"]
        for child in parse.children(int(i)):
            if parse.dep[child].startswith(("obj", "nsubj", "compound", "xcomp")):
                words.append(f"c:{parse.dep[child]}={word_root(parse.text[child], lang)}")
        out.append(words)
    return out

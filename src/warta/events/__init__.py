"""Events: PLOVER-coded events from the rule coder, the trained coder and the other stages.

The rule coder (:mod:`warta.events.rules`) gives the events its trigger lexicon and
nearest-mention rules find; the trained coder vetoes those whose type it scores near
zero in their sentence, gives them the actor or recipient the rules left out where its
role model is confident of one, and adds the types the rules missed. For every sentence, the
trigger model (:mod:`warta.events.coder`) scores each token of the shared NLP analysis
as a trigger of one of the 16 PLOVER types, with the trigger lexicon
(``data/events/triggers.yaml``) and the story's domain words (title, previous sentence)
among its features; a type is coded once per sentence, at its most likely token. The
role model then picks the actor and the recipient among the sentence's entity mentions
and noun arguments by how the dependency parse links them to the trigger (subject,
object, ``oleh``/``by`` agent, ``ke``/``terhadap``/``against`` recipient, genitive,
apposition). Certainty and negation come from the cues of the trigger's own clause (a conditional or a question
makes the event speculated); place, time, quantities and attribution from the other
stages. Contexts that rule events out for a whole story (accidents, disasters) are in
``data/events/non_events.yaml``; a fact check (its title, ``data/events/fact_checks.yaml``)
codes the claims it checks as ``denied``.
"""

from __future__ import annotations

import numpy as np

from ..model import Actor, Document, Event, Quote, Sentence, Span
from ..nlp import Parse
from ..options import Options
from ..pipeline import stage
from . import coder
from .features import (
    SentenceTokens,
    actor_mentions,
    context_words,
    head_token,
    home_country,
    previous_sentences,
    role_candidates,
    role_features,
    sentences_token_features,
    token_words,
)
from .lexicon import (
    Mention,
    fact_check_title,
    lexicon_triggers,
    mode_words,
    pronouns,
    ruled_out_types,
    sector_of,
)
from .rules import (
    ARMED,
    CUE_BREAK,
    NEAR_CUE_CHARS,
    NEGATION_GAP,
    SPEECH_ACTS,
    attribution_for,
    group_antecedent,
    in_sentence,
    place_for,
    rule_events,
    same_side,
    speaker_mention,
    window_mentions,
)

# Closest CAMEO root code of each PLOVER type, where the lexicon names no finer code.
CAMEO_ROOT = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060",
              "AID": "070", "RETREAT": "087", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120",
              "THREATEN": "130", "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170",
              "ASSAULT": "190"}
CERTAINTY_FROM_CUE = {"denied": "denied", "planned": "planned", "speculated": "speculated",
                      "estimated": "estimated", "reported": "reported", "conditional": "speculated"}
# How strongly the trigger model must see a type for a rule event of that type to stand: below 0.5 %
# it is all but sure there is none (chosen on the dev split, keeping every seed event).
RULE_MIN_SUPPORT = 0.005
# How sure the role model must be of a candidate to give it to a rule event that lacks that role
# (its own events need only the model's threshold; chosen on the dev split, keeping every seed event).
FILL_MIN_PROBABILITY = 0.2
# How far (characters) from its trigger an actor may be named: past any real sentence's length.
ROLE_REACH = 400


def pronoun_antecedent(doc: Document, sentence: Sentence, pronoun: Mention) -> Mention | None:
    """For "he praised ...", "ia mengatakan ...": the last person named before the pronoun."""
    if not pronouns().search(doc.text, pronoun.span.start, pronoun.span.end + 1):
        return None
    people = [m for m in window_mentions(doc, sentence, pronoun.span.start) if m.entity.type == "PER"]
    return people[-1] if people else None


def actor(doc: Document, mention: Mention | None) -> Actor | None:
    if mention is None:
        return None
    named = not mention.entity.id.startswith("token")
    return Actor(text=mention.span.text, entity=mention.entity.id if named else None,
                 country=mention.entity.country, sector=sector_of(doc, mention))


def clause_cues(doc: Document, parse: Parse, sentence: Sentence, trigger: Span) -> list[dict]:
    """The sentence's cues that govern the trigger: before it, in its clause, not across a contrast.

    A cue is in the trigger's clause when its token hangs from the trigger or from one of
    the trigger's heads; a cue in a clause of its own elsewhere ("apakah AS akan bergabung")
    does not reach the trigger.
    """
    head = head_token(parse, trigger.start, trigger.end)
    reach = {head, *parse.ancestors(head)} if head is not None else set()
    out = []
    for cue in sentence.cues:
        if cue["end"] > trigger.start or CUE_BREAK.search(doc.text[cue["end"]:trigger.start]):
            continue
        tokens = list(parse.tokens_in(cue["start"], cue["end"]))
        governed = any(int(parse.head[t]) in reach or t in reach for t in tokens)
        if governed or trigger.start - cue["end"] <= 12:
            out.append(cue)
    return out


def certainty(doc: Document, parse: Parse, sentence: Sentence, trigger: Span,
              attribution: Quote | None) -> tuple[str, bool]:
    """How the text presents the event, and whether it is negated, from the cues of its clause."""
    cues = clause_cues(doc, parse, sentence, trigger)
    negated = any(c["kind"] == "negation" and NEGATION_GAP.match(doc.text[c["end"]:trigger.start]) for c in cues)
    near = [c for c in cues if c["kind"] in CERTAINTY_FROM_CUE and trigger.start - c["end"] <= NEAR_CUE_CHARS]
    # A conditional or a question anywhere before the trigger in its clause makes it hypothetical.
    if any(c["kind"] == "conditional" for c in near):
        return "speculated", negated
    if near:
        return CERTAINTY_FROM_CUE[max(near, key=lambda c: c["end"])["kind"]], negated
    if attribution is not None:
        return "reported", negated
    return "asserted", negated


def mode_of(doc: Document, etype: str, lexicon_mode: str | None, span: Span, sentence: Sentence) -> str | None:
    if lexicon_mode is not None:
        return lexicon_mode
    after = doc.text[span.start:sentence.end]
    for mode, words in mode_words().get(etype, []):
        if words.search(after):
            return mode
    return None


def type_probabilities(doc: Document, parse: Parse, models: coder.EventModels, sentences: list[Sentence],
                       mentions: list[list[Mention]]) -> list[tuple[SentenceTokens, np.ndarray]]:
    """Each sentence's tokens and, for each token, the trigger model's probability of each label.

    The tokens of all the sentences go through the model in one batch.
    """
    parts = sentences_token_features(doc, parse, sentences, mentions)
    words = [w for part in parts for w in token_words(parse, part.indices, doc.lang)]
    dense = np.vstack([part.features for part in parts]) if parts else None
    if dense is None or not len(dense):
        return [(part, np.zeros((0, len(models.trigger.labels)))) for part in parts]
    sizes = [len(part.indices) for part in parts]
    around = [context_words(doc, previous) for previous in previous_sentences(doc, sentences)]
    probs = models.trigger.probabilities(dense, words, shared=around,
                                         owner=np.repeat(np.arange(len(parts)), sizes))
    bounds = np.cumsum([0, *sizes])
    return [(part, probs[lo:hi]) for part, lo, hi in zip(parts, bounds[:-1], bounds[1:], strict=True)]


def type_support(probs: np.ndarray, labels: tuple[str, ...]) -> dict[str, float]:
    """How strongly the trigger model sees each type anywhere in the sentence (its best token)."""
    best = probs.max(axis=0) if len(probs) else np.zeros(len(labels))
    return {label: float(best[k]) for k, label in enumerate(labels) if k}


def trigger_spans(doc: Document, parse: Parse, sentence: Sentence, models: coder.EventModels,
                  tokens: SentenceTokens, probs: np.ndarray) -> list[tuple[str, Span, float]]:
    """(type, trigger span, probability) of each event type the trigger model finds in the sentence."""
    if not len(tokens.indices):
        return []
    event_prob = 1.0 - probs[:, 0]
    threshold = np.full(len(event_prob), models.trigger.threshold)
    if models.trigger.lexicon_threshold is not None:
        threshold[[t is not None for t in tokens.lexicon]] = models.trigger.lexicon_threshold
    best: dict[str, tuple[float, int]] = {}
    for k in np.flatnonzero(event_prob > threshold):
        etype = models.trigger.labels[1 + int(probs[k, 1:].argmax())]
        if etype not in best or event_prob[k] > best[etype][0]:
            best[etype] = (float(event_prob[k]), int(k))
    lexicon = lexicon_triggers(doc.text, doc.lang, sentence.start, sentence.end)
    out = []
    for etype, (prob, k) in best.items():
        i = int(tokens.indices[k])
        start, end = int(parse.start[i]), int(parse.end[i])
        # A lexicon phrase of the same type around the token is the trigger ("menjatuhkan sanksi").
        phrase = next(((lo, hi) for lo, hi, entry in lexicon if lo <= start < hi and entry.type == etype), None)
        out.append((etype, doc.span(*(phrase or (start, end))), prob))
    return sorted(out, key=lambda item: item[1].start)


def pick_roles(doc: Document, parse: Parse, models: coder.EventModels, etype: str, trigger: Span,
               candidates: list[Mention], *, threshold: float | None = None) -> tuple[Mention | None, Mention | None]:
    """The actor and the recipient: the candidates the role model scores highest for each, above
    ``threshold`` (the model's own by default)."""
    # Candidates around the trigger only: an unpunctuated text can make one "sentence" of
    # thousands of words, and every candidate is scored against every other.
    outside = [m for m in candidates if (m.span.end <= trigger.start or m.span.start >= trigger.end)
               and trigger.start - ROLE_REACH <= m.span.start <= trigger.end + ROLE_REACH]
    if not outside:
        return None, None
    rows = np.vstack([role_features(doc, parse, (trigger.start, trigger.end), etype, m, outside) for m in outside])
    probs = models.role.probabilities(rows)
    threshold = models.role.threshold if threshold is None else threshold
    first = int(probs[:, 1].argmax())
    actor1 = outside[first] if probs[first, 1] > threshold else None
    order = np.argsort(-probs[:, 2])
    actor2 = None
    for k in order:
        mention = outside[int(k)]
        if probs[k, 2] <= threshold:
            break
        if actor1 is None or (mention.entity.id != actor1.entity.id and mention.span != actor1.span):
            actor2 = mention
            break
    return actor1, actor2


def event_roles(doc: Document, parse: Parse, sentence: Sentence, models: coder.EventModels, etype: str,
                span: Span, quote: Quote | None, candidates: list[Mention], *,
                threshold: float | None = None) -> tuple[Mention | None, Mention | None]:
    """The actor and recipient of the event the trigger ``span`` names: the role model's picks, with a
    pronoun resolved, a speech act inside a quote given to its speaker, and no one acting on themselves."""
    # Inside attributed content, the source ("Menurut X, ...") is not an actor.
    usable = [m for m in candidates
              if quote is None or quote.kind != "according_to" or quote.start <= m.span.start < quote.end]
    actor1, actor2 = pick_roles(doc, parse, models, etype, span, usable, threshold=threshold)
    if actor1 is not None and actor1.entity.type == "PRON":
        actor1 = pronoun_antecedent(doc, sentence, actor1) or actor1
    speaker = speaker_mention(doc, quote)
    if etype in SPEECH_ACTS and speaker is not None and (actor1 is None or quote.kind == "direct"):
        actor1 = speaker  # an accusation or demand inside a quote is the speaker's
    if actor1 is None:
        actor1 = group_antecedent(doc, sentence, span)
    if actor1 is not None and actor2 is not None and same_side(doc, actor1, actor2):
        actor2 = None  # "Israel ... pasukan Israel": no one attacks themselves
    return actor1, actor2


def fill_roles(doc: Document, parse: Parse, sentence: Sentence, models: coder.EventModels, home: str | None,
               events: list[Event]) -> None:
    """Gives the rule events the actor or recipient their nearest-mention rules left out, where the
    role model is confident of one (``FILL_MIN_PROBABILITY``), or where :func:`event_roles` names
    one as it does for the trained coder's own events (a quoted speech act's speaker, the armed
    group a group noun stands for). A victim or passive trigger ("tewas", "diserang") keeps its
    missing doer: the rules already read its ``oleh``/``by`` agent."""
    missing = [e for e in events if e.actor1 is None or e.actor2 is None]
    if not missing:
        return
    mentions = actor_mentions(doc, sentence.start, sentence.end)
    candidates = role_candidates(doc, parse, sentence, mentions, home)
    lexicon = lexicon_triggers(doc.text, doc.lang, sentence.start, sentence.end)
    for event in missing:
        actor1, actor2 = event_roles(doc, parse, sentence, models, event.type, event.trigger,
                                     attribution_for(doc, event.trigger), candidates,
                                     threshold=FILL_MIN_PROBABILITY)
        undergoer = any(lo <= event.trigger.start < hi and entry.voice in ("victim", "passive")
                        for lo, hi, entry in lexicon)
        if event.actor1 is None and actor1 is not None and not undergoer and not _same(doc, actor1, event.actor2):
            event.actor1 = actor(doc, actor1)
        if event.actor2 is None and actor2 is not None and not _same(doc, actor2, event.actor1):
            event.actor2 = actor(doc, actor2)


def _same(doc: Document, mention: Mention, other: Actor | None) -> bool:
    """Whether ``mention`` is ``other`` or on its side (a state and its own government or forces)."""
    if other is None:
        return False
    if mention.span.text == other.text or (other.entity is not None and mention.entity.id == other.entity):
        return True
    return (mention.entity.country is not None and mention.entity.country == other.country
            and {sector_of(doc, mention), other.sector} <= {"GOV", "MIL"})


def sentence_events(doc: Document, parse: Parse, sentence: Sentence, models: coder.EventModels,
                    story_ruled_out: frozenset[str], home: str | None, *,
                    found: list[tuple[str, Span, float]] | None = None) -> list[Event]:
    """The trained coder's events in one sentence (``found``: its triggers, where already scored)."""
    mentions = actor_mentions(doc, sentence.start, sentence.end)
    if found is None:
        ((tokens, probs),) = type_probabilities(doc, parse, models, [sentence], [mentions])
        found = trigger_spans(doc, parse, sentence, models, tokens, probs)
    if not found:
        return []
    candidates = role_candidates(doc, parse, sentence, mentions, home)
    times = in_sentence(doc.times, sentence)
    quantities = [q.id for q in in_sentence(doc.quantities, sentence) if q.category != "duration"]
    lexicon = lexicon_triggers(doc.text, doc.lang, sentence.start, sentence.end)
    events = []
    for etype, span, _prob in found:
        quote = attribution_for(doc, span)
        actor1, actor2 = event_roles(doc, parse, sentence, models, etype, span, quote, candidates)
        if etype in story_ruled_out and not any(m is not None and sector_of(doc, m) in ARMED
                                                for m in (actor1, actor2)):
            continue
        entry = next((e for lo, hi, e in lexicon if lo <= span.start < hi and e.type == etype), None)
        how, negated = certainty(doc, parse, sentence, span, quote)
        events.append(Event(
            id="", type=etype, mode=mode_of(doc, etype, entry.mode if entry else None, span, sentence),
            cameo=(entry.cameo if entry else None) or CAMEO_ROOT[etype],
            actor1=actor(doc, actor1), actor2=actor(doc, actor2),
            trigger=span, sentence=Span.of(doc.text, sentence.start, sentence.end),
            place=place_for(doc, sentence, span), time=times[0].id if times else None,
            quantities=list(quantities), attribution=quote.id if quote else None,
            certainty=how, negated=negated,
        ))
    return events


def code_document(doc: Document, parse: Parse, models: coder.EventModels) -> list[Event]:
    """The rules' events the trigger model does not rule out, and the trained coder's of other types.

    A rule event stands where the trigger model gives its type at least ``RULE_MIN_SUPPORT``
    somewhere in the sentence: the lexicon's recall and tuned roles on the stories it was
    written for, without the trigger words the model has learned are no events in their
    sentence; the role model fills the roles they leave empty (:func:`fill_roles`). The
    trained coder adds every type it finds that the rules did not code.
    """
    story_ruled_out = ruled_out_types(doc.text, scope="article")
    home = home_country(doc)
    by_sentence: dict[int, list[Event]] = {}
    for event in rule_events(doc):
        by_sentence.setdefault(event.sentence.start, []).append(event)
    events = []
    mentions = [actor_mentions(doc, s.start, s.end) for s in doc.sentences]
    scored = type_probabilities(doc, parse, models, doc.sentences, mentions)
    for sentence, (tokens, probs) in zip(doc.sentences, scored, strict=True):
        found = trigger_spans(doc, parse, sentence, models, tokens, probs)
        coded = sentence_events(doc, parse, sentence, models, story_ruled_out, home, found=found)
        support = type_support(probs, models.trigger.labels)
        ruled = [e for e in by_sentence.get(sentence.start, []) if support.get(e.type, 0.0) >= RULE_MIN_SUPPORT]
        fill_roles(doc, parse, sentence, models, home, ruled)
        have = {e.type for e in ruled}
        events.extend(ruled + [e for e in coded if e.type not in have])
    if doc.title and fact_check_title(doc.lang).search(doc.title):
        for event in events:  # a fact check's events are the claims it checks
            event.certainty = "denied"
    events.sort(key=lambda e: (e.sentence.start, e.trigger.start))
    for number, event in enumerate(events, 1):
        event.id = f"v{number}"
    return events


@stage("events", requires=("entities", "places", "times", "quantities", "quotes"), fills=("events",))
def make_events(options: Options):
    """Fills ``events`` from the rule and trained coders over the parse, entities, places, times, quantities, quotes and cues."""
    shipped = {lang: coder.load(lang) for lang in ("id", "en")}  # loaded here (0.1 s), not in an article

    def run(doc: Document) -> None:
        parse = doc.work.get("parse")
        models = shipped.get(doc.lang)
        if parse is None or models is None or not len(parse):
            doc.events = []
            return
        doc.events = code_document(doc, parse, models)

    return run

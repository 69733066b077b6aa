"""Recipe for the trained event coder: ``python -m warta.events.train``.

Trains, from ``../shared/data/events/train.jsonl`` only (plus the project's own
stand-off annotations in ``data/events/added-*.jsonl``), the small models that
:mod:`warta.events.coder` applies, one set per language:

1. ``trigger``: a multinomial logistic regression over :func:`token_features` (dense:
   contextual and static vectors, tags, the lexicon's type) and :func:`token_words`
   (sparse: words and stems) that marks each token as no trigger or as a trigger of one
   of the 16 PLOVER types;
2. ``role``: a logistic regression over :func:`role_features` that scores each
   candidate mention of the sentence as the event's actor, its recipient, or neither.

Certainty and negation are not learned: they come from the cue lexicons, per clause.

Settings are chosen on a dev split carved from ``train.jsonl`` by article
(``--dev``, which trains on the rest and prints the dev scores); the shipped weights are
then trained on all of ``train.jsonl`` with those settings and written to
``warta/models/events/<lang>.npz``. ``test.jsonl`` is read only by
``bench/events_test.py``, once per shipped model.

The features read the shipped spaCy pipelines' contextual vectors: after retraining
those (``python -m warta.nlp.train``), retrain this too.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import json
import pickle
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..model import EVENT_TYPES, Document, RawArticle, Sentence
from ..options import DEFAULT_STAGES, Options
from ..pipeline import Pipeline, new_document
from ..resources import DATA_DIR

ROOT = Path(__file__).resolve().parents[3]
SCRATCH = ROOT / ".training" / "events"
EVENTS_DATA = ROOT.parent / "shared" / "data" / "events"
ADDED = DATA_DIR / "events"  # stand-off annotations: added-*.jsonl
DEV_SHARE = 0.2


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def article_key(row: dict) -> str:
    """The article a sentence comes from (indonews by URL, IndoSum by id, CoNLL by 40-sentence block)."""
    if row.get("url"):
        return row["url"]
    if row["source"].startswith("conll2003"):
        return f"{row['source']}#{int(row['row']) // 40}"
    return f"{row['source']}#{row['row']}"


def is_dev(row: dict) -> bool:
    digest = hashlib.sha1(article_key(row).encode()).digest()
    return digest[0] / 256 < DEV_SHARE


@dataclass
class Example:
    """An annotated sentence analysed by warta's stages up to the events."""

    sid: str
    lang: str
    doc: Document
    sentence: Sentence | None
    events: list[dict] = field(default_factory=list)  # gold, with character offsets
    dev: bool = False


def _locate(doc: Document, sentence: Sentence, phrase: str | None) -> tuple[int, int] | None:
    if not phrase:
        return None
    at = doc.text.find(phrase, sentence.start)
    if at < 0 or at + len(phrase) > sentence.end + 1:
        return None
    return at, at + len(phrase)


def scorer_input(row: dict) -> RawArticle:
    """An annotated sentence as the shared scorer's ``inputs`` step feeds it to warta: the
    previous sentence and the sentence as the body, the article title as the title."""
    context = (row.get("context") or "").strip()
    body = (context + "\n" if context else "") + row["text"]
    return RawArticle(text=body, origin=row["sid"], title=row.get("title") or None, lang=row.get("lang"),
                      source_id=row["sid"])


def analyse(rows: list[dict]) -> list[Example]:
    """Runs warta's stages before ``events`` on each annotated sentence with its context."""
    pipeline = Pipeline(Options(stages=tuple(s for s in DEFAULT_STAGES if s != "events")))
    out = []
    for number, row in enumerate(rows):
        doc = new_document(scorer_input(row))
        for _name, run in pipeline.stages:
            run(doc)
        doc.work.pop("raw", None)
        at = doc.text.rfind(row["text"][:40])
        sentence = next((s for s in doc.sentences if s.start <= at < s.end), None) if at >= 0 else None
        # The project's own annotations always train: the dev split stays the shared rows.
        example = Example(row["sid"], row["lang"], doc, sentence, dev=is_dev(row) and not row["sid"].startswith("add-"))
        if sentence is not None:
            # The annotated sentence may be split in two by warta: widen to the annotation.
            end = min(len(doc.text), at + len(row["text"]))
            example.sentence = Sentence.of(doc.text, sentence.start, max(sentence.end, end))
            for event in row.get("events") or []:
                example.events.append({
                    **event,
                    "trigger_span": _locate(doc, example.sentence, event.get("trigger")),
                    "actor1_span": _locate(doc, example.sentence, event.get("actor1")),
                    "actor2_span": _locate(doc, example.sentence, event.get("actor2")),
                })
        out.append(example)
        if number % 200 == 0:
            print(f"  analysed {number}/{len(rows)}", file=sys.stderr)
    return out


def examples(*, refresh: bool = False) -> list[Example]:
    """The training sentences, analysed once and cached under ``.training/events``."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    cache = SCRATCH / "train.pkl"
    if cache.exists() and not refresh:
        with cache.open("rb") as handle:
            return pickle.load(handle)
    rows = load_jsonl(EVENTS_DATA / "train.jsonl")
    for path in sorted(ADDED.glob("added-*.jsonl")):
        rows += added_rows(path)
    out = analyse(rows)
    with cache.open("wb") as handle:
        pickle.dump(out, handle)
    return out


SHARED_DATA = EVENTS_DATA.parent


@cache
def _conll_sentences(name: str) -> list[list[str]]:
    sentences: list[list[str]] = [[]]
    with (SHARED_DATA / "ner" / "en" / "conll2003" / f"{name}.txt").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                sentences[-1].append(line.split()[0])
            elif sentences[-1]:
                sentences.append([])
    return [s for s in sentences if s]


@cache
def _indonews_rows(name: str) -> list[dict]:
    with (SHARED_DATA / "corpus" / "indonews-2025-06" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def detokenise(tokens: list[str]) -> str:
    """CoNLL-2003 tokens as running text (the spacing of ``train.jsonl``'s English rows)."""
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)


def source_text(source: str, row: int) -> tuple[str, str, str | None]:
    """(text, title, url) of a stand-off record's source: an indonews article body or a CoNLL sentence."""
    corpus, _, name = source.partition("/")
    if corpus == "conll2003":
        return detokenise(_conll_sentences(name)[row]), "", None
    if corpus == "indonews-2025-06":
        record = _indonews_rows(name)[row]
        return record["isi_berita"], record["judul"], record["url"]
    raise ValueError(f"unknown stand-off source {source!r}")


def added_rows(path: Path) -> list[dict]:
    """The project's stand-off annotations, resolved against their source texts.

    Each record names its source (``indonews-2025-06/<file>`` and the data row, or
    ``conll2003/train`` and the sentence number), the sentence as ``[start, end]``
    in that source's text, and its events with ``trigger``/``actor1``/``actor2`` as
    ``[start, end]`` within the sentence; resolved, it reads like a ``train.jsonl`` row.
    """
    rows = []
    for record in load_jsonl(path):
        body, title, url = source_text(record["source"], int(record["row"]))
        start, end = record.get("span") or (0, len(body))
        text = body[start:end]
        context = body[max(0, body.rfind("\n", 0, max(0, start - 1)) + 1):start].strip() if start else ""
        events = []
        for event in record["events"]:
            resolved = dict(event)
            for key in ("trigger", "actor1", "actor2"):
                resolved[key] = text[event[key][0]:event[key][1]] if event.get(key) else None
            events.append(resolved)
        rows.append({"sid": record["sid"], "lang": record["lang"], "source": record["source"], "row": record["row"],
                     "url": url, "title": title, "context": context[-400:], "text": text, "events": events})
    return rows


# Settings chosen on the dev split (``--dev``).
TRIGGER_C = 0.6
TRIGGER_DENSE_WEIGHT = 0.3  # the dense block's share against the sparse words, after standardising
TRIGGER_CLASS_WEIGHT = 2.0  # a trigger token counts this many times a plain token
TRIGGER_THRESHOLD = 0.55
TRIGGER_LEXICON_THRESHOLD = 0.3
ROLE_C = 0.3
ROLE_THRESHOLD = 0.05
ROLE_CLASS_WEIGHT = 8.0
MIN_WORD_COUNT = 2
TRIGGER_LABELS = ("O", *EVENT_TYPES)


def _sentence_parts(example: Example):
    from .features import actor_mentions, context_words, previous_sentences, token_features, token_words

    doc, sentence = example.doc, example.sentence
    parse = doc.work["parse"]
    mentions = actor_mentions(doc, sentence.start, sentence.end)
    tokens = token_features(doc, parse, sentence, mentions)
    around = context_words(doc, previous_sentences(doc, [sentence])[0])
    return parse, mentions, tokens, [words + around for words in token_words(parse, tokens.indices, doc.lang)]


def trigger_data(exs: list[Example]):
    """Token rows labelled with the type of the trigger they head; other trigger words left out."""
    from .features import head_token

    dense, words, labels = [], [], []
    for example in exs:
        parse, _mentions, tokens, sparse = _sentence_parts(example)
        y = np.zeros(len(tokens.indices), dtype=np.int64)
        keep = np.ones(len(tokens.indices), dtype=bool)
        position = {int(i): k for k, i in enumerate(tokens.indices)}
        starts = parse.start[tokens.indices]
        for event in example.events:
            if event["trigger_span"] is None:
                continue
            lo, hi = event["trigger_span"]
            keep[(starts >= lo) & (starts < hi)] = False
            head = head_token(parse, lo, hi)
            if head in position:
                y[position[head]] = TRIGGER_LABELS.index(event["type"])
                keep[position[head]] = True
        dense.append(tokens.features[keep])
        words.extend(w for w, k in zip(sparse, keep, strict=True) if k)
        labels.append(y[keep])
    return np.vstack(dense), words, np.concatenate(labels)


def role_data(exs: list[Example]):
    """(trigger, candidate) rows labelled actor1, actor2 or none from the gold spans."""
    from .features import head_token, home_country, role_candidates, role_features

    rows, labels = [], []
    for example in exs:
        doc = example.doc
        parse, mentions, _tokens, _words = _sentence_parts(example)
        candidates = role_candidates(doc, parse, example.sentence, mentions, home_country(doc))
        for event in example.events:
            if event["trigger_span"] is None:
                continue
            heads = {role: head_token(parse, *event[f"{role}_span"]) if event[f"{role}_span"] else None
                     for role in ("actor1", "actor2")}
            for mention in candidates:
                own = head_token(parse, mention.span.start, mention.span.end)
                label = next((k for k, role in enumerate(("actor1", "actor2"), 1) if own is not None
                              and own == heads[role]), 0)
                inside = any(event[f"{role}_span"] and event[f"{role}_span"][0] <= mention.span.start
                             < event[f"{role}_span"][1] for role in ("actor1", "actor2"))
                if label == 0 and inside:
                    continue  # a word inside a gold actor other than its head: neither right nor wrong
                rows.append(role_features(doc, parse, event["trigger_span"], event["type"], mention, candidates))
                labels.append(label)
    return np.vstack(rows), np.asarray(labels)


def fit(dense: np.ndarray, labels: np.ndarray, label_names: tuple[str, ...], *, c: float, threshold: float,
        words: list[list[str]] | None = None, dense_weight: float = 1.0, class_weight: float = 1.0):
    """A multinomial logistic regression (scikit-learn) turned into a :class:`LinearModel`."""
    import scipy.sparse as sparse
    from sklearn.linear_model import LogisticRegression

    from .coder import LinearModel

    mean = dense.mean(axis=0)
    scale = (dense.std(axis=0) + 1e-3) / dense_weight
    blocks = [sparse.csr_matrix((dense - mean) / scale)]
    vocab: dict[str, int] = {}
    if words is not None:
        counts = Counter(w for row in words for w in row)
        vocab = {w: k for k, w in enumerate(sorted(w for w, n in counts.items() if n >= MIN_WORD_COUNT))}
        indptr, indices = [0], []
        for row in words:
            indices.extend(sorted({vocab[w] for w in row if w in vocab}))
            indptr.append(len(indices))
        blocks.append(sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(words), len(vocab))))
    matrix = sparse.hstack(blocks).tocsr()
    weights = {k: (1.0 if k == 0 else class_weight) for k in range(len(label_names))}
    present = sorted(set(labels.tolist()))
    clf = LogisticRegression(C=c, max_iter=1000, class_weight={k: weights[k] for k in present})
    clf.fit(matrix, labels)
    coef = np.zeros((len(label_names), matrix.shape[1]), dtype=np.float32)
    bias = np.full(len(label_names), -30.0, dtype=np.float32)  # a label never seen is never given
    coef[clf.classes_] = clf.coef_
    bias[clf.classes_] = clf.intercept_
    dim = dense.shape[1]
    return LinearModel(labels=label_names, mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                       dense=coef[:, :dim].T.copy(), bias=bias, vocab=vocab, sparse=coef[:, dim:].T.copy(),
                       threshold=threshold)


def train_models(exs: list[Example]):
    from .coder import ROLES, EventModels

    dense, words, labels = trigger_data(exs)
    trigger = fit(dense, labels, TRIGGER_LABELS, c=TRIGGER_C, threshold=TRIGGER_THRESHOLD, words=words,
                  dense_weight=TRIGGER_DENSE_WEIGHT, class_weight=TRIGGER_CLASS_WEIGHT)
    trigger = dataclasses.replace(trigger, lexicon_threshold=TRIGGER_LEXICON_THRESHOLD)
    rows, role_labels = role_data(exs)
    role = fit(rows, role_labels, ROLES, c=ROLE_C, threshold=ROLE_THRESHOLD, class_weight=ROLE_CLASS_WEIGHT)
    return EventModels(trigger, role)


def code_examples(exs: list[Example], models_by_lang: dict) -> list[dict]:
    """Records (as the shared event scorer reads them) with the events the given models code."""
    from . import code_document

    out = []
    for example in exs:
        doc = example.doc
        doc.events = code_document(doc, doc.work["parse"], models_by_lang[example.lang])
        record = doc.to_dict()
        record["source"]["id"] = example.sid
        out.append(record)
    return out


SCORER = EVENTS_DATA.parents[1] / "eval" / "score_events.py"


def extract_rows(rows: list[dict]) -> dict[str, dict]:
    """warta's record for each annotated sentence, read as the shared scorer's ``inputs`` step gives it."""
    from .. import process

    records = {}
    for row in rows:
        doc = process(scorer_input(row))
        records[row["sid"]] = doc.to_dict()
    return records


def score_rows(rows: list[dict], records: dict[str, dict]) -> dict:
    """The shared scorer's table (``score_events.py score --json``) for these rows and records."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        gold, predictions = Path(scratch, "gold.jsonl"), Path(scratch, "pred.jsonl")
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        predictions.write_text("".join(json.dumps(records[r["sid"]], ensure_ascii=False) + "\n" for r in rows),
                               encoding="utf-8")
        result = subprocess.run([sys.executable, str(SCORER), "score", str(gold), str(predictions), "--json"],
                                capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def summary(table: dict) -> str:
    kind, detect = table["type"], table["detect"]
    return (f"type P/R/F1 {kind['precision']:.3f}/{kind['recall']:.3f}/{kind['f1']:.3f}  macro_f1 {table['macro_f1']:.3f}"
            f"  detect F1 {detect['f1']:.3f}  false_alarm {table['false_alarm']:.3f}"
            f"  actor1 {table['actor1']}  actor2 {table['actor2']}")


def score_dev(exs: list[Example], models_by_lang: dict) -> None:
    """Scores the dev split with ``../shared/eval/score_events.py``, per language and together."""
    rows = {r["sid"]: r for r in load_jsonl(EVENTS_DATA / "train.jsonl")}
    dev = [e for e in exs if e.dev]
    records = {r["source"]["id"]: r for r in code_examples(dev, models_by_lang)}
    for lang in (None, "id", "en"):
        part = [rows[e.sid] for e in dev if lang is None or e.lang == lang]
        print(f"== dev {lang or 'all'} ({len(part)} sentences): {summary(score_rows(part, records))}")


def check_added(path: Path) -> int:
    """Prints each stand-off record as resolved; returns the number of records with a problem."""
    from ..model import CERTAINTIES

    test_articles = {article_key(r) for r in load_jsonl(EVENTS_DATA / "test.jsonl")}
    problems = 0
    for row in added_rows(path):
        issues = []
        if article_key(row) in test_articles:
            issues.append("its article is in the test split")
        for event in row["events"]:
            if event["type"] not in EVENT_TYPES:
                issues.append(f"unknown type {event['type']}")
            if event.get("certainty") not in CERTAINTIES:
                issues.append(f"unknown certainty {event.get('certainty')}")
        print(f"{row['sid']}: {row['text']!r}")
        for event in row["events"]:
            print(f"    {event['type']} {event['trigger']!r} | {event['actor1']!r} ({event.get('actor1_country')})"
                  f" -> {event['actor2']!r} ({event.get('actor2_country')}) {event.get('certainty')}")
        for issue in issues:
            print(f"    PROBLEM: {issue}")
        problems += bool(issues)
    return problems


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m warta.events.train", description=__doc__.split("\n")[0])
    parser.add_argument("--dev", action="store_true", help="train on the train part, score the dev split")
    parser.add_argument("--refresh", action="store_true", help="re-analyse the annotated sentences")
    parser.add_argument("--check-added", type=Path, metavar="FILE", help="print stand-off annotations as resolved")
    args = parser.parse_args(argv)
    if args.check_added:
        sys.exit(1 if check_added(args.check_added) else 0)
    exs = [e for e in examples(refresh=args.refresh) if e.sentence is not None]
    from .coder import save

    trained = {}
    for lang in ("id", "en"):
        mine = [e for e in exs if e.lang == lang]
        train_part = [e for e in mine if not e.dev] if args.dev else mine
        trained[lang] = train_models(train_part)
        if not args.dev:
            path = save(lang, trained[lang])
            size = path.stat().st_size / 1e6
            print(f"{lang}: {len(train_part)} sentences -> {path} ({size:.1f} MB)", file=sys.stderr)
    if args.dev:
        score_dev(exs, trained)


if __name__ == "__main__":
    # Through the package, so that the cached examples pickle as warta.events.train.Example.
    from warta.events.train import main as package_main

    package_main()

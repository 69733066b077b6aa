"""Reproducible training recipe for warta's spaCy pipelines (one per language).

``python -m warta.nlp.train all|id|en [--max-steps N]`` converts the data sets under
``../shared/data`` (or ``$WARTA_DATA``) to ``.spacy`` files with ``DocBin``, runs
``spacy train`` with the committed config ``warta/data/nlp/<lang>.cfg`` and copies
the best model to ``warta/models/<lang>/`` (a plain ``nlp.to_disk``; load it with
``spacy.load(path)``). Scratch output goes to ``.training/<lang>/``.

Training data (one corpus per language, one shared tok2vec):

* Indonesian: morphology and dependencies from UD CSUI train + UD GSD dev (a slice
  of GSD dev is held out for model selection); NER from idner-news-2k train, NER-UI
  fold 1 train and NERGrit train, repeated (``NER_COPIES``: idner-news-2k three times,
  the others twice). NERP is not trained on: its text is lower-cased
  (which teaches the model that lower-case words are names), it tags food and events
  that the other sets leave untagged, and 216 of idner-news-2k's test sentences are
  in its train split. NER-UGM is not used (it shares 1,284 sentences with
  idner-news-2k, annotated more loosely).
* English: UD EWT train (dev for selection) and CoNLL-2003 train (valid for selection).

Indonesian also gets small static vectors (``VECTORS``: floret, 20,000 hashed rows of
100 dimensions, so every word, seen or not, gets a vector from its letter n-grams),
trained first by :func:`train_vectors` on about two million words of raw news text
(``RAW_TEXT`` plus the training splits' own text), with every test and NER dev sentence
left out. They need the ``train`` extra (``pip install -e '.[train]'``, which
``make models`` runs).

Every training sentence that also occurs in any test split (same letters and digits,
case-folded: see :func:`sent_key`) is dropped, so the benchmark figures are clean.

Protocol: the config's ``max_steps`` on the train splits, with the best model chosen
on the dev splits (``model-best``: no test split is looked at); then, for Indonesian,
one stage fixed in advance that continues it on train + dev together
(``FINETUNE_STAGES``, see :func:`finetune`), whose last model is shipped. The test
splits are scored once, by ``bench/nlp_models.py``.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from ..resources import DATA_DIR, MODELS_DIR, load_yaml

ROOT = Path(__file__).resolve().parents[3]
SCRATCH = ROOT / ".training"
UD_SENTS_PER_DOC = 5

# Which splits of which sets feed each language; paths are relative to the data dir.
NER_SETS = {
    "id": {
        "train": [("idner-news-2k", "ner/id/idner-news-2k/train.txt"),
                  ("nerui", "ner/id/nerui/train.01.tsv"),
                  ("nergrit", "ner/id/nergrit/train.txt")],
        "dev": [("idner-news-2k", "ner/id/idner-news-2k/dev.txt"),
                ("nerui", "ner/id/nerui/dev.01.tsv"),
                ("nergrit", "ner/id/nergrit/valid.txt")],
        "test": [("idner-news-2k", "ner/id/idner-news-2k/test.txt"),
                 ("nerui", "ner/id/nerui/test.01.tsv"),
                 ("nergrit", "ner/id/nergrit/test.txt"),
                 ("nerp", "ner/id/nerp/test.txt")],
    },
    "en": {
        "train": [("conll2003", "ner/en/conll2003/train.txt")],
        "dev": [("conll2003", "ner/en/conll2003/valid.txt")],
        "test": [("conll2003", "ner/en/conll2003/test.txt")],
    },
}
UD_SETS = {
    "id": {"train": ["ud/id/id_csui-ud-train.conllu", "ud/id/id_gsd-ud-dev.conllu"],
           "test": ["ud/id/id_csui-ud-test.conllu", "ud/id/id_gsd-ud-test.conllu",
                    "ud/id/id_pud-ud-test.conllu"],
           # Indonesian clitics (-nya, -ku, -mu) are multiword tokens in UD that spaCy's
           # tokenizer keeps whole: train on the whole word, as it will be seen.
           "mwt": "merge", "dev_sents": 150},
    "en": {"train": ["ud/en/en_ewt-ud-train.conllu"], "dev": ["ud/en/en_ewt-ud-dev.conllu"],
           "test": ["ud/en/en_ewt-ud-test.conllu"], "mwt": "split", "dev_sents": 600},
}
NER_DEV_SENTS = {"id": 1000, "en": 600}
# Times each NER set's sentences occur in the training files (UD sentences occur once;
# unnamed sets once): NER is what the later stages lean on most, and idner-news-2k is
# the set closest to the news warta reads.
NER_COPIES = {"id": {"idner-news-2k": 3, "nerui": 2, "nergrit": 2}, "en": {}}
# Stages after model selection, run in order on train + dev (see finetune); each
# continues the model of the one before. ``steps``: updates; ``eval_every``: dev
# evaluations (they only log: dev is training data by then).
FINETUNE_STAGES: dict[str, list[dict]] = {
    "id": [{"steps": 600, "eval_every": 300}],
    "en": [],
}

# Static word vectors (floret: subword hashes, so unseen words still get a vector), trained
# on raw Indonesian news text (see raw_sentences). ``attr``: the token attribute looked up.
VECTORS: dict[str, dict] = {
    "id": {"dim": 100, "bucket": 20000, "minn": 3, "maxn": 5, "epoch": 10, "attr": "LOWER"},
}
# Raw text for the vectors, relative to the data dir: IndoSum dev (tokenised JSONL, CC BY-SA)
# and the June 2025 news scrape (CSV, no licence stated: its text is never shipped, only
# the trained vectors, as ../shared/data/README.md allows).
RAW_TEXT = {"id": ["corpus/indosum-dev/dev.01.jsonl", "corpus/indonews-2025-06/*.csv"]}


def data_dir() -> Path:
    return Path(os.environ.get("WARTA_DATA", ROOT.parent / "shared" / "data"))


# ---------------------------------------------------------------- readers


def read_bio(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Token/tag sentences of a CoNLL-style file (token first, BIO tag last or second)."""
    words: list[str] = []
    tags: list[str] = []
    conll = path.parent.name == "conll2003"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            cols = line.split("\t") if "\t" in line else line.split(" ")
            if not line.strip() or cols[0] == "-DOCSTART-":
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            words.append(cols[0])
            tags.append(cols[1] if conll else cols[-1])
    if words:
        yield words, tags


def map_tags(tags: list[str], mapping: dict[str, str]) -> list[str]:
    """BIO tags with their types mapped; unmapped or O-mapped types become O."""
    out = []
    for tag in tags:
        if tag == "O" or "-" not in tag:
            out.append("O")
            continue
        prefix, label = tag.split("-", 1)
        new = mapping.get(label, "O")
        out.append("O" if new == "O" else f"{prefix}-{new}")
    # An I- tag after O (or after another type) starts an entity.
    for i, tag in enumerate(out):
        if tag.startswith("I-") and (i == 0 or out[i - 1] == "O" or out[i - 1][2:] != tag[2:]):
            out[i] = "B-" + tag[2:]
    return out


def read_conllu(path: Path, *, mwt: str) -> Iterator[dict]:
    """Sentences of a CoNLL-U file as word/annotation lists (empty nodes skipped)."""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    yield _ud_sentence(rows, mwt=mwt)
                rows = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "." not in cols[0]:
                    rows.append(cols)
    if rows:
        yield _ud_sentence(rows, mwt=mwt)


def _ud_sentence(rows: list[list[str]], *, mwt: str) -> dict:
    words = {int(r[0]): r for r in rows if r[0].isdigit()}
    ranges = {}
    for r in rows:
        if "-" in r[0]:
            a, b = (int(x) for x in r[0].split("-"))
            ranges[a] = (b, r)
    # Build surface tokens: (form, word ids covered, no-space-after)
    tokens: list[tuple[str, list[int], bool]] = []
    i = 1
    n = max(words) if words else 0
    while i <= n:
        if i in ranges:
            b, r = ranges[i]
            ids = list(range(i, b + 1))
            forms = [words[j][1] for j in ids]
            nospace = "SpaceAfter=No" in r[9]
            if mwt == "split" and "".join(forms).lower() == r[1].lower():
                pos = 0
                for k, j in enumerate(ids):
                    form = r[1][pos : pos + len(words[j][1])]
                    pos += len(form)
                    tokens.append((form, [j], nospace if k == len(ids) - 1 else True))
            else:
                tokens.append((r[1], ids, nospace))
            i = b + 1
        else:
            tokens.append((words[i][1], [i], "SpaceAfter=No" in words[i][9]))
            i += 1
    word_to_tok = {j: t for t, (_, ids, _) in enumerate(tokens) for j in ids}
    out = {"words": [], "spaces": [], "pos": [], "morphs": [], "heads": [], "deps": []}
    for t, (form, ids, nospace) in enumerate(tokens):
        idset = set(ids)
        # The head word of a merged token is the one whose head lies outside it.
        head_word = next((j for j in ids if int(words[j][6]) not in idset), ids[0])
        row = words[head_word]
        head = int(row[6])
        out["words"].append(form)
        out["spaces"].append(not nospace)
        out["pos"].append(row[3] if row[3] != "_" else "X")
        out["morphs"].append("" if row[5] == "_" else row[5])
        out["heads"].append(t if head == 0 else word_to_tok[head])
        dep = row[7].lower()
        out["deps"].append("ROOT" if head == 0 else dep)
    return out


def sent_key(words: Iterable[str]) -> str:
    """A sentence's letters and digits, case-folded: one sentence copied into two data sets
    with other quotes, spacing or tokens (``visi-misi`` / ``visi - misi``) has one key."""
    return "".join(ch for ch in "".join(words).casefold() if ch.isalnum())


# ---------------------------------------------------------------- raw text and vectors


def _split_sentences(words: list[str]) -> Iterator[list[str]]:
    sent: list[str] = []
    for word in words:
        sent.append(word)
        if word in {".", "!", "?"}:
            yield sent
            sent = []
    if sent:
        yield sent


def raw_sentences(lang: str) -> Iterator[list[str]]:
    """Token lists of the raw text sets (``RAW_TEXT``) and of the training splits' text."""
    base = data_dir()
    tokenizer = spacy.blank(lang).tokenizer
    csv.field_size_limit(1 << 30)
    for pattern in RAW_TEXT.get(lang, []):
        for path in map(Path, sorted(glob.glob(str(base / pattern)))):
            with path.open(encoding="utf-8", newline="") as handle:
                if path.suffix == ".jsonl":
                    for line in handle:
                        for paragraph in json.loads(line)["paragraphs"]:
                            yield from paragraph
                else:
                    for row in csv.DictReader(handle):
                        for para in row["isi_berita"].splitlines():
                            yield from _split_sentences([t.text for t in tokenizer(para) if not t.is_space])
    for _, rel in NER_SETS[lang]["train"]:
        for words, _ in read_bio(base / rel):
            yield words
    cfg = UD_SETS[lang]
    for rel in cfg["train"]:
        for sent in read_conllu(base / rel, mwt=cfg["mwt"]):
            yield sent["words"]


def held_out_keys(lang: str) -> set[str]:
    """Keys of every test sentence and every NER dev sentence (kept out of the raw text)."""
    keys = test_keys(lang)
    for _, rel in NER_SETS[lang]["dev"]:
        keys.update(sent_key(w) for w, _ in read_bio(data_dir() / rel))
    return keys


def write_raw_text(lang: str, path: Path, *, lower: bool) -> tuple[int, int]:
    """Writes the raw sentences, one per line, tokens space-separated, leaving out every
    held-out sentence; returns (sentences written, sentences left out)."""
    held_out = held_out_keys(lang)
    kept = dropped = 0
    with path.open("w", encoding="utf-8") as out:
        for words in raw_sentences(lang):
            if sent_key(words) in held_out:
                dropped += 1
                continue
            kept += 1
            line = " ".join(words)
            out.write((line.lower() if lower else line) + "\n")
    return kept, dropped


def train_vectors(lang: str) -> Path:
    """Trains floret vectors on the raw text (held-out sentences dropped) and converts them
    with ``spacy init vectors``; returns the folder to pass as ``paths.vectors``."""
    import floret  # training-only dependency (the ``train`` extra)

    params = VECTORS[lang]
    work = SCRATCH / lang
    work.mkdir(parents=True, exist_ok=True)
    text = work / "raw.txt"
    kept, dropped = write_raw_text(lang, text, lower=params["attr"] == "LOWER")
    print(f"{lang}: raw text {kept} sentences ({dropped} held-out sentences dropped)", file=sys.stderr)
    model = floret.train_unsupervised(
        str(text), model="cbow", mode="floret", hashCount=2, dim=params["dim"], bucket=params["bucket"],
        minn=params["minn"], maxn=params["maxn"], epoch=params["epoch"], thread=1, verbose=0)  # one thread: reproducible
    floret_file = work / "vectors.floret"
    model.save_floret_vectors(str(floret_file))
    target = work / "vectors"
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", lang, str(floret_file), str(target),
                    "--mode", "floret", "--attr", params["attr"]], check=True)
    return target


# ---------------------------------------------------------------- conversion


def test_keys(lang: str) -> set[str]:
    base = data_dir()
    keys = set()
    for _, rel in NER_SETS[lang]["test"]:
        keys.update(sent_key(w) for w, _ in read_bio(base / rel))
    for rel in UD_SETS[lang]["test"]:
        keys.update(sent_key(s["words"]) for s in read_conllu(base / rel, mwt=UD_SETS[lang]["mwt"]))
    return keys


def ner_docs(nlp, lang: str, split: str, *, exclude: set[str], only: str | None = None) -> list[Doc]:
    labels = load_yaml("nlp/ner_labels.yaml")[lang]
    docs = []
    for name, rel in NER_SETS[lang][split]:
        if only and name != only:
            continue
        for words, tags in read_bio(data_dir() / rel):
            if split == "train" and sent_key(words) in exclude:
                continue
            docs.append(Doc(nlp.vocab, words=words, ents=map_tags(tags, labels[name])))
    return docs


def ud_docs(nlp, sents: list[dict]) -> list[Doc]:
    docs = []
    for k in range(0, len(sents), UD_SENTS_PER_DOC):
        group = sents[k : k + UD_SENTS_PER_DOC]
        merged: dict[str, list] = {"words": [], "spaces": [], "pos": [], "morphs": [], "heads": [],
                                   "deps": [], "sent_starts": []}
        for s in group:
            off = len(merged["words"])
            s["spaces"][-1] = True
            for key in ("words", "spaces", "pos", "morphs", "deps"):
                merged[key].extend(s[key])
            merged["heads"].extend(h + off for h in s["heads"])
            merged["sent_starts"].extend([True] + [False] * (len(s["words"]) - 1))
        docs.append(Doc(nlp.vocab, **merged))
    return docs


def convert(lang: str, *, out: Path | None = None) -> Path:
    """Writes train.spacy and dev.spacy for one language; returns the folder."""
    out = out or SCRATCH / lang
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank(lang)
    base = data_dir()
    if not base.exists():
        raise SystemExit(f"training data not found at {base} (set WARTA_DATA)")
    exclude = test_keys(lang)
    cfg = UD_SETS[lang]
    ud_train = [s for rel in cfg["train"] for s in read_conllu(base / rel, mwt=cfg["mwt"])
                if sent_key(s["words"]) not in exclude]
    if "dev" in cfg:
        ud_dev = [s for rel in cfg["dev"] for s in read_conllu(base / rel, mwt=cfg["mwt"])]
        ud_dev = ud_dev[: cfg["dev_sents"]]
    else:  # hold out the tail of the training sentences
        ud_dev, ud_train = ud_train[-cfg["dev_sents"] :], ud_train[: -cfg["dev_sents"]]
    ner_train, origin = [], {}
    for name, _ in NER_SETS[lang]["train"]:
        docs = ner_docs(nlp, lang, "train", exclude=exclude, only=name)
        ner_train += docs
        origin.update((id(doc), name) for doc in docs)
    ner_dev = ner_docs(nlp, lang, "dev", exclude=set())
    random.Random(0).shuffle(ner_dev)
    ner_dev = ner_dev[: NER_DEV_SENTS[lang]]
    train = ud_docs(nlp, ud_train) + ner_train
    dev = ud_docs(nlp, ud_dev) + ner_dev
    random.Random(1).shuffle(train)
    copies = NER_COPIES[lang]
    extra = [doc for n in range(2, max(copies.values(), default=1) + 1) for doc in train
             if copies.get(origin.get(id(doc)), 1) >= n]
    if extra:
        train += extra
        random.Random(3).shuffle(train)
    DocBin(docs=train, store_user_data=False).to_disk(out / "train.spacy")
    DocBin(docs=dev, store_user_data=False).to_disk(out / "dev.spacy")
    print(f"{lang}: UD {len(ud_train)} train / {len(ud_dev)} dev sentences, "
          f"NER {len(ner_train)} train / {len(ner_dev)} dev sentences", file=sys.stderr)
    return out


# ---------------------------------------------------------------- training


def spacy_train(lang: str, config: Path, out: Path, train_file: Path, dev_file: Path, *,
                max_steps: int | None = None) -> None:
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out),
           "--paths.train", str(train_file), "--paths.dev", str(dev_file)]
    if lang in VECTORS:  # built by train_vectors before the first run
        cmd += ["--paths.vectors", str(SCRATCH / lang / "vectors")]
    if max_steps:
        cmd += ["--training.max_steps", str(max_steps)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
    subprocess.run(cmd, check=True, env=env)


def stage_dir(lang: str, k: int) -> Path:
    """Output folder of fine-tuning stage ``k`` (0-based)."""
    return SCRATCH / lang / ("out-finetune" if k == 0 else f"out-finetune{k + 1}")


def train_dev_file(lang: str) -> Path:
    """train.spacy + dev.spacy shuffled together; dev's NER sentences (of mixed sets) occur as
    often as those of the least repeated train set."""
    work = SCRATCH / lang
    path = work / "train_dev.spacy"
    nlp = spacy.blank(lang)
    dev = list(DocBin().from_disk(work / "dev.spacy").get_docs(nlp.vocab))
    dev += [d for d in dev if not d.has_annotation("DEP")] * (min(NER_COPIES[lang].values(), default=1) - 1)
    docs = [*DocBin().from_disk(work / "train.spacy").get_docs(nlp.vocab), *dev]
    random.Random(2).shuffle(docs)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return path


def finetune(lang: str, k: int, *, steps: int, eval_every: int) -> Path:
    """Stage ``k`` after model selection: ``steps`` more updates on train + dev together.

    Model selection is over by then, so the held-out sentences are worth more as
    training data; a stage uses a fixed number of steps and keeps the last model. The
    first stage starts from the selected model, each later one from the stage before.
    """
    work = SCRATCH / lang
    start = work / "out" / "model-best" if k == 0 else stage_dir(lang, k - 1) / "model-last"
    config = spacy.util.load_config(DATA_DIR / "nlp" / f"{lang}.cfg")
    for name in config["nlp"]["pipeline"]:
        config["components"][name] = {"source": str(start)}
    config["training"]["max_steps"] = steps
    config["training"]["patience"] = 0
    config["training"]["eval_frequency"] = eval_every
    config["training"]["batcher"]["size"] = {"@schedules": "compounding.v1", "start": 1000, "stop": 1000,
                                             "compound": 1.0, "t": 0.0}
    cfg = work / ("finetune.cfg" if k == 0 else f"finetune{k + 1}.cfg")
    config.to_disk(cfg)
    train_file = train_dev_file(lang)
    spacy_train(lang, cfg, stage_dir(lang, k), train_file, work / "dev.spacy")
    return stage_dir(lang, k) / "model-last"


def finetune_all(lang: str) -> None:
    for k, stage in enumerate(FINETUNE_STAGES.get(lang, [])):
        finetune(lang, k, **stage)


def train(lang: str, *, max_steps: int | None = None, convert_first: bool = True) -> Path:
    work = convert(lang) if convert_first else SCRATCH / lang
    if lang in VECTORS and (convert_first or not (work / "vectors").exists()):
        train_vectors(lang)
    spacy_train(lang, DATA_DIR / "nlp" / f"{lang}.cfg", work / "out", work / "train.spacy", work / "dev.spacy",
                max_steps=max_steps)
    finetune_all(lang)
    return package(lang)


def package(lang: str) -> Path:
    """Copies the last fine-tuning stage's model (else the best, else the last) to warta/models/<lang>/."""
    work = SCRATCH / lang
    stages = len(FINETUNE_STAGES.get(lang, []))
    candidates = [work / "out" / "model-best", work / "out" / "model-last"]
    if stages:  # the last fine-tuning stage, and nothing else
        candidates = [stage_dir(lang, stages - 1) / "model-last"]
    best = next((c for c in candidates if c.exists()), candidates[-1])
    nlp = spacy.load(best)
    for name in ("train", "dev", "vectors", "init_tok2vec"):  # scratch paths of this machine
        if name in nlp.config["paths"]:
            nlp.config["paths"][name] = None
    target = MODELS_DIR / lang
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"{lang}: packaged {best} -> {target} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m warta.nlp.train", description=__doc__.split("\n")[0])
    parser.add_argument("which", choices=["all", "id", "en"])
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    parser.add_argument("--convert-only", action="store_true")
    parser.add_argument("--package-only", action="store_true", help="package the last training run")
    parser.add_argument("--finetune-only", action="store_true", help="run only the train+dev stages (after model selection)")
    args = parser.parse_args(argv)
    for lang in (["id", "en"] if args.which == "all" else [args.which]):
        if args.convert_only:
            convert(lang)
        elif args.package_only:
            package(lang)
        elif args.finetune_only:
            finetune_all(lang)
            package(lang)
        else:
            train(lang, max_steps=args.max_steps)


if __name__ == "__main__":
    main()

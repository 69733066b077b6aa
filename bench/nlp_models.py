"""Benchmark of warta's trained spaCy pipelines (issue 3): NER, POS, parsing, speed.

Writes ``bench/results/nlp.md``:

* NER entity-level micro P/R/F1 (seqeval, default mode) on the test split of each data set,
  with the data set's tags mapped by ``warta/data/nlp/ner_labels.yaml``; the model reads
  the gold tokens;
* UPOS accuracy, UAS and LAS (universal relation, punctuation included) on the UD test
  files, gold tokens and sentences;
* sentence boundary F1 of the rules (``warta.nlp.segment``) and of the parser on the UD
  test text (sentences joined in file order, five to a block);
* tokens per CPU-second (one core) of the full ``sentences`` stage on real articles.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python bench/nlp_models.py [--data ../shared/data]``.
``--model PATH --langs id --quick`` scores a candidate model (NER and UD only, printed,
the results file left alone), e.g. a training run before it replaces the shipped one;
``--split dev`` scores NER on the dev splits instead (for choosing between candidates
without looking at a test split).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from seqeval.metrics import f1_score, precision_score, recall_score  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from warta.nlp import analyse, load, model_path  # noqa: E402
from warta.nlp.segment import set_sentence_starts  # noqa: E402
from warta.nlp.tokens import add_tokenizer_exceptions  # noqa: E402
from warta.nlp.train import NER_SETS, UD_SETS, map_tags, read_bio, read_conllu  # noqa: E402
from warta.resources import load_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "nlp.md"
PUBLISHED = {
    "idner-news-2k": "plain CRF (idner+NER-UI+NERGrit): 88 micro-F1",
    "nerui": "plain CRF: 84 micro-F1; IndoBERT (IndoLEM): 90.1 F1",
    "nergrit": "plain CRF: 67 micro-F1; XLM-R base (IndoNLU): 79.09 macro-F1",
    "nerp": "IndoBERT-large (IndoNLU): 79.25 macro-F1",
    "conll2003": "none given in shared/data/README.md",
}


# --model: a candidate pipeline scored in place of the shipped one (language -> path).
MODEL_OVERRIDE: dict[str, Path] = {}


@cache
def get_nlp(lang: str):
    """The shipped pipeline (as warta loads it), or the ``--model`` candidate."""
    if lang not in MODEL_OVERRIDE:
        return load(lang)
    nlp = spacy.load(MODEL_OVERRIDE[lang])
    add_tokenizer_exceptions(nlp, lang)
    return nlp


def run_components(nlp, doc: Doc, *, skip: tuple[str, ...] = ()) -> Doc:
    for name, proc in nlp.pipeline:
        if name not in skip:
            doc = proc(doc)
    return doc


def bench_ner(lang: str, data: Path, *, split: str = "test") -> list[dict]:
    nlp = get_nlp(lang)
    labels = load_yaml("nlp/ner_labels.yaml")[lang]
    rows = []
    for name, rel in NER_SETS[lang][split]:
        gold, pred = [], []
        for words, tags in read_bio(data / rel):
            gold.append(map_tags(tags, labels[name]))
            doc = run_components(nlp, Doc(nlp.vocab, words=words))
            pred.append([f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in "BI" and t.ent_type_ else "O"
                         for t in doc])
        row = {"set": name, "file": rel, "sentences": len(gold),
               "p": precision_score(gold, pred), "r": recall_score(gold, pred), "f1": f1_score(gold, pred)}
        trained = set(labels[name].values()) - {"O"}
        if name == "nerp":  # EVENT is not a trained label: also score the shared types only
            keep = {"PER", "ORG", "GPE"}
            g2 = [[t if t[2:] in keep else "O" for t in s] for s in gold]
            row["f1_shared"] = f1_score(g2, pred)
            row["note"] = f"trained types {sorted(trained & keep)}; EVENT never predicted"
        rows.append(row)
    return rows


def bench_ud(lang: str, data: Path) -> list[dict]:
    nlp = get_nlp(lang)
    rows = []
    for rel in UD_SETS[lang]["test"]:
        n = pos_ok = uas = las = 0
        for s in read_conllu(data / rel, mwt=UD_SETS[lang]["mwt"]):
            doc = Doc(nlp.vocab, words=s["words"], spaces=s["spaces"])
            doc[0].is_sent_start = True
            for t in doc[1:]:
                t.is_sent_start = False
            doc = run_components(nlp, doc, skip=("ner",))
            for i, t in enumerate(doc):
                n += 1
                pos_ok += t.pos_ == s["pos"][i]
                if t.head.i == s["heads"][i]:
                    uas += 1
                    las += t.dep_.lower().split(":")[0] == s["deps"][i].lower().split(":")[0]
        rows.append({"file": rel, "tokens": n, "pos": pos_ok / n, "uas": uas / n, "las": las / n})
    return rows


def boundary_f1(gold: set[int], pred: set[int]) -> float:
    tp = len(gold & pred)
    return 2 * tp / (len(gold) + len(pred)) if gold or pred else 1.0


def bench_sentences(lang: str, data: Path, block: int = 5) -> dict:
    """Sentence-start F1 of rules vs parser on UD test text joined into blocks."""
    nlp = get_nlp(lang)
    scores = {"rules": [0, 0, 0], "parser": [0, 0, 0]}
    for rel in UD_SETS[lang]["test"]:
        sents = list(read_conllu(data / rel, mwt=UD_SETS[lang]["mwt"]))
        for k in range(0, len(sents), block):
            text, gold = "", set()
            for s in sents[k : k + block]:
                gold.add(len(text))
                text += "".join(w + (" " if sp else "") for w, sp in zip(s["words"], s["spaces"], strict=True)).rstrip() + " "
            text = text.rstrip()
            rule_doc = set_sentence_starts(nlp.make_doc(text), lang)
            parse_doc = run_components(nlp, nlp.make_doc(text), skip=("ner",))
            for key, doc in (("rules", rule_doc), ("parser", parse_doc)):
                pred = {s.start_char for s in doc.sents}
                scores[key][0] += len(gold & pred)
                scores[key][1] += len(pred)
                scores[key][2] += len(gold)
    return {k: 2 * tp / (p + g) for k, (tp, p, g) in scores.items()}


def read_conll_documents(path: Path) -> list[list[list[str]]]:
    """CoNLL-2003 documents (split at -DOCSTART-) as lists of token lists."""
    docs: list[list[list[str]]] = []
    sent: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.split()
            if cols and cols[0] == "-DOCSTART-":
                docs.append([])
            elif cols:
                sent.append(cols[0])
            elif sent:
                if not docs:
                    docs.append([])
                docs[-1].append(sent)
                sent = []
    if sent:
        docs[-1].append(sent)
    return [d for d in docs if d]


def bench_news_sentences(lang: str, data: Path) -> dict | None:
    """Sentence-start F1 on CoNLL-2003 test text (Reuters news; this copy has no
    document marks) in blocks of 20 sentences: sentences that end in a stop are joined
    by a space, others (headlines, datelines) by a line break, as an article is laid out."""
    if lang != "en":
        return None
    nlp = get_nlp(lang)
    scores = {"rules": [0, 0, 0], "parser": [0, 0, 0]}
    sentences = [s for d in read_conll_documents(data / "ner/en/conll2003/test.txt") for s in d]
    for article in (sentences[k : k + 20] for k in range(0, len(sentences), 20)):
        text, gold = "", set()
        for words in article:
            gold.add(len(text))
            text += " ".join(words)
            text += " " if words[-1] in {".", "!", "?", '"', "'"} else "\n"
        text = text.rstrip()
        rule_doc = set_sentence_starts(nlp.make_doc(text), lang)
        parse_doc = run_components(nlp, nlp.make_doc(text), skip=("ner",))
        for key, doc in (("rules", rule_doc), ("parser", parse_doc)):
            pred = {s.start_char for s in doc.sents if s.text.strip()}
            pred = {p + len(text[p:]) - len(text[p:].lstrip()) for p in pred}
            scores[key][0] += len(gold & pred)
            scores[key][1] += len(pred)
            scores[key][2] += len(gold)
    return {k: 2 * tp / (p + g) for k, (tp, p, g) in scores.items()}


def article_texts(lang: str, shared: Path) -> list[str]:
    texts = []
    for path in (shared / "corpus" / "dev" / "articles.jsonl", shared / "corpus" / "unlabelled.jsonl"):
        if path.exists():
            for line in path.open(encoding="utf-8"):
                rec = json.loads(line)
                if rec.get("text") and (rec.get("lang") or rec.get("id", "")[4:6]) == lang:
                    texts.append(rec["text"])
    if lang == "id" and not texts:
        texts.append((shared / "seed" / "tvonenews-korut-rusia.txt").read_text(encoding="utf-8"))
    return texts


def bench_speed(lang: str, shared: Path, data: Path, min_tokens: int = 30000) -> dict:
    texts = article_texts(lang, shared)
    if sum(len(t.split()) for t in texts) < min_tokens:  # top up with UD test text
        for rel in UD_SETS[lang]["test"]:
            sents = [" ".join(s["words"]) for s in read_conllu(data / rel, mwt=UD_SETS[lang]["mwt"])]
            texts += [" ".join(sents[k : k + 20]) for k in range(0, len(sents), 20)]
    analyse("Pemanasan.", lang)  # load once, outside the clock
    tokens = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for text in texts:
        tokens += len(analyse(text, lang))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {"texts": len(texts), "tokens": tokens, "tok_per_cpu_s": tokens / cpu, "tok_per_wall_s": tokens / wall}


def model_size(lang: str) -> float:
    return sum(p.stat().st_size for p in model_path(lang).rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--langs", nargs="+", default=["id", "en"])
    parser.add_argument("--model", type=Path, default=None,
                        help="score this model folder instead of src/warta/models/<lang> (one language)")
    parser.add_argument("--split", choices=["test", "dev"], default="test",
                        help="with --quick: the NER split to score (dev: for model selection; no UD)")
    parser.add_argument("--quick", action="store_true",
                        help="NER and UD figures only, printed; bench/results/nlp.md is not written")
    args = parser.parse_args()
    data = args.shared / "data"
    if args.model:
        MODEL_OVERRIDE[args.langs[0]] = args.model
    if args.quick:
        for lang in args.langs:
            for r in bench_ner(lang, data, split=args.split):
                print(f"NER {args.split} {r['set']:14} P {100 * r['p']:.2f} R {100 * r['r']:.2f} "
                      f"F1 {100 * r['f1']:.2f}", flush=True)
            for r in bench_ud(lang, data) if args.split == "test" else ():
                print(f"UD {r['file']:34} UPOS {100 * r['pos']:.2f} UAS {100 * r['uas']:.2f} "
                      f"LAS {100 * r['las']:.2f}", flush=True)
        return
    out = ["# NLP models (issue 3)", "",
           f"Machine: 2 cores, 24 GiB, Python {platform.python_version()}; figures from "
           "`OMP_NUM_THREADS=1 .venv/bin/python bench/nlp_models.py`.", ""]
    for lang in args.langs:
        t0 = time.time()
        ner, ud, sents, speed = (bench_ner(lang, data), bench_ud(lang, data),
                                 bench_sentences(lang, data), bench_speed(lang, args.shared, data))
        news = bench_news_sentences(lang, data)
        out += [f"## {lang}: `src/warta/models/{lang}` ({model_size(lang):.1f} MB on disk)", "",
                "### NER (test splits, entity-level micro, seqeval)", "",
                "| data set | sentences | P | R | F1 | published |", "|---|---|---|---|---|---|"]
        for r in ner:
            extra = f" (PER/ORG/GPE only: {100 * r['f1_shared']:.1f}; {r['note']})" if "f1_shared" in r else ""
            out.append(f"| {r['set']} `{r['file']}` | {r['sentences']} | {100 * r['p']:.1f} | "
                       f"{100 * r['r']:.1f} | {100 * r['f1']:.1f}{extra} | {PUBLISHED[r['set']]} |")
        out += ["", "### POS and dependencies (UD test files, gold tokens)", "",
                "| file | tokens | UPOS acc | UAS | LAS |", "|---|---|---|---|---|"]
        for r in ud:
            out.append(f"| `{r['file']}` | {r['tokens']} | {100 * r['pos']:.1f} | {100 * r['uas']:.1f} | "
                       f"{100 * r['las']:.1f} |")
        out += ["", "### Sentence boundaries (UD test text, five sentences to a block)", "",
                f"rules F1 {100 * sents['rules']:.1f}, parser F1 {100 * sents['parser']:.1f}", "",
                *([f"CoNLL-2003 test text (Reuters news, blocks of 20 sentences; headlines and datelines on "
                   f"their own line): rules F1 {100 * news['rules']:.1f}, parser F1 {100 * news['parser']:.1f}", ""]
                  if news else []),
                "### Speed (full `sentences` stage: tokenizer, rules, tok2vec, morphologizer, parser, NER)", "",
                f"{speed['tokens']} tokens in {speed['texts']} texts: **{speed['tok_per_cpu_s']:.0f} tokens per "
                f"CPU-second** (one core; {speed['tok_per_wall_s']:.0f} per wall second on the shared machine)",
                ""]
        print(f"{lang} done in {time.time() - t0:.0f}s", flush=True)
    out += ["## Notes", "",
            "* Models: `python -m warta.nlp.train all` (configs `src/warta/data/nlp/{id,en}.cfg`): one shared "
            "tok2vec per language (MultiHashEmbed on NORM/PREFIX/SUFFIX/SHAPE; MaxoutWindowEncoder depth 4; "
            "Indonesian width 128 with rows 10000/2000/4000/1000 plus static floret vectors, English width 96 "
            "with rows 5000/1500/2500/1000 and no vectors), morphologizer, parser, NER. Indonesian vectors: "
            "floret, 20,000 hashed rows of 100 dimensions on lower-cased words (7.7 MB), trained on about two "
            "million words of raw news (IndoSum dev, the June 2025 news scrape, the training splits' own text) "
            "with every test and NER dev sentence left out. Indonesian: 9,000 steps on the train splits with "
            "idner-news-2k's sentences three times and the other NER sets' twice, the best model chosen on the "
            "dev splits, then one stage of 600 steps on train + dev fixed in advance (about 50 minutes of one "
            "core, vectors included); English: 5,000 steps.",
            "* Protocol: configurations are compared on the dev splits only (`--quick --split dev`: NER F1 on "
            "idner-news-2k dev, NER-UI dev and NERGrit valid); the test splits are scored once, on the recipe's "
            "output. Training sentences that share their letters and digits with a test sentence are dropped "
            "(quotes and spacing differ between the sets). Dev F1 (idner / NER-UI / NERGrit, mean), model chosen "
            "on dev before the train + dev stage: no vectors 80.9 / 87.4 / 71.2 (79.8); lower-cased floret "
            "vectors 82.3 / 87.3 / 72.4 (80.6, shipped); cased floret vectors 80.9 / 87.9 / 71.5 (80.1, dropped "
            "untested). Recipe outputs scored on test so far: every NER set twice with the exact-match overlap "
            "filter 87.5 / 86.1 / 69.6; the same recipe without vectors (shipped before this one) 87.3 / 85.8 / "
            "68.5; this one 88.0 / 85.7 / 68.2. Spread: two more runs of this recipe with other seeds "
            "(system.seed 1 and 2), made after it was chosen and scored to measure the spread only, not to "
            "replace it: test 88.8 / 85.3 / 69.6 and 87.5 / 85.2 / 69.8 (dev means 79.8 and 80.9); over the three "
            "seeds, idner-news-2k 88.1 on average (87.5 to 88.8), NER-UI 85.4, NERGrit 69.2. So NER-UI and "
            "NERGrit beat the CRF clearly, idner-news-2k only by a margin smaller than the seed spread. A "
            "tok2vec pretrained with `spacy pretrain` on IndoSum dev scored lower on dev and was dropped "
            "untested. An earlier model used fine-tuning stages picked by test score (88.3 on idner-news-2k, "
            "best of seven); it was replaced by this protocol.",
            "* NER types are mapped by `src/warta/data/nlp/ner_labels.yaml` (place tags -> GPE, CoNLL MISC -> "
            "OTHER). Indonesian NER trains on idner-news-2k, NER-UI fold 1 and NERGrit (train splits; every "
            "sentence also found in a test split dropped). NERP is scored, not trained on: its text is "
            "lower-cased (hence the low figure: the model relies on capitals), it tags food and events the others "
            "leave untagged, and 216 idner-news-2k test sentences are in its train split. NER-UGM is not used.",
            "* Sentence boundaries come from the rules (`warta/nlp/segment.py`), not the parser: better on news "
            "(UD Indonesian, Reuters), and they honour line breaks; the parser respects them. The parser wins "
            "only on EWT web text (lower-case sentence starts, no final stops).",
            "* The NER, POS and parse figures read gold tokens; speed is the whole stage on raw article text."
            " The vectors cost no measurable speed: end to end on the first 300 indonews articles, two alternating runs each, 20.4 and 22.4 articles per CPU-second without them, 22.3 and 20.3 with them (this machine's noise is about 10 %).",
            ""]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(out), encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()

"""Benchmark: direct quotes, speakers and cues on PFSA-ID (test split).

PFSA-ID (Purnomo et al. 2022; CC BY-NC-SA, evaluation only, read in place from
``../shared/data/quotes/id/pfsa-id/``) tags Kompas articles token by token (BILOU)
with STATEMENT (direct quotes), CUE/CUECOREF (the reporting word, ``kata``,
``pungkasnya``) and PERSON/PERSONCOREF (who). This script rebuilds each article's
text from its tokens, runs warta's quote extractor on it, and scores spans:

* statements: our direct quotes against STATEMENT spans, exact (same words, quote
  marks and edge punctuation aside) and overlapping (half the words shared);
* cues: the cue of each direct quote against CUE/CUECOREF spans, exact;
* speakers: the speaker phrase of each cued direct quote, as written, against the
  PERSON/PERSONCOREF span a gold cue introduces (up to 4 tokens after it, 2 before):
  a hit when our phrase covers the gold name (our phrases keep titles such as
  ``Kepala Unit ...``).

PFSA-ID annotates the statements of public figures only: quotes of bystanders and
victims, which warta extracts as it should, count against its precision here.

The published baseline (a BiLSTM-CRF over all eleven labels) reaches F 82.0; these
rows are the comparable ones for the three labels an attribution system needs.

    .venv/bin/python bench/pfsa.py [--split test] [--out bench/results/quotes.md]
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warta.model import Document  # noqa: E402
from warta.quotes import analyse  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "quotes" / "id" / "pfsa-id"
QUOTES = '"“”'
NO_SPACE_BEFORE = set(",.;:)]?!%")
NO_SPACE_AFTER = set("([")


@dataclass
class Article:
    text: str = ""
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # label -> char spans
    tokens: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, label)


def read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        token, _, tag = line.partition("\t")
        cur.append((token, tag.strip() or "O"))
    if cur:
        sents.append(cur)
    return sents


def split_articles(sents: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Articles start at their lead sentence, the one tagged ISSUE."""
    docs: list[list[tuple[str, str]]] = []
    for sent in sents:
        if not docs or any(tag in ("B-ISSUE", "U-ISSUE") for _, tag in sent):
            docs.append([])
        docs[-1].extend(sent)
    return docs


def rebuild(tokens: list[tuple[str, str]]) -> Article:
    """Article text from tokens; quote marks alternate open/close (the corpus writes ” for both)."""
    art = Article()
    parts: list[str] = []
    pos = 0
    open_quote = False
    glue_next = True
    prev = ""
    for token, tag in tokens:
        is_quote = token in QUOTES
        if is_quote:
            closing = open_quote
            open_quote = not open_quote
            space = not glue_next and not closing
            mark = "”" if closing else "“"
        else:
            closing = False
            mark = token
            space = not glue_next and token[:1] not in NO_SPACE_BEFORE
            if token == "/" or prev == "/" and token[:1].isdigit():
                space = False
        if space:
            parts.append(" ")
            pos += 1
        start = pos
        parts.append(mark)
        pos += len(mark)
        label = tag.split("-", 1)[1] if "-" in tag else "O"
        art.tokens.append((start, pos, tag))
        del label
        glue_next = (is_quote and not closing) or token in NO_SPACE_AFTER or (token == "/" and prev[:1].isdigit())
        prev = token
    art.text = "".join(parts)
    # BILOU tags to spans
    current: tuple[str, int] | None = None
    for start, end, tag in art.tokens:
        if tag == "O":
            current = None
            continue
        prefix, label = tag.split("-", 1)
        if prefix in ("B", "U"):
            current = (label, start)
        if prefix in ("L", "U") and current and current[0] == label:
            art.spans.setdefault(label, []).append((current[1], end))
            current = None
    return art


_EDGE = re.compile(r"^[\s\"“”,.]+|[\s\"“”,.]+$")


def norm(text: str) -> str:
    return " ".join(_EDGE.sub("", text).casefold().split())


def words(text: str) -> set[str]:
    return set(norm(text).split())


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(split: str) -> dict[str, tuple[int, int, int]]:
    arts = [rebuild(doc) for doc in split_articles(read_sentences(DATA / f"{split}.txt"))]
    tallies = {k: [0, 0, 0] for k in ("statement exact", "statement overlap", "cue", "speaker")}
    for n, art in enumerate(arts):
        doc = Document(doc_id=f"pfsa-{n}", lang="id", title=None, text=art.text)
        found = [(q, f) for q, f in analyse(doc) if q.kind == "direct"]
        gold_st = art.spans.get("STATEMENT", [])
        gold_texts = [norm(art.text[s:e]) for s, e in gold_st]
        pred_texts = [norm(q.text) for q, _ in found]
        t = tallies["statement exact"]
        t[0] += sum(1 for p in set(pred_texts) if p in gold_texts)
        t[1] += len(set(pred_texts))
        t[2] += len(gold_texts)
        t = tallies["statement overlap"]
        t[0] += sum(1 for q, _ in found if any(_overlaps(words(q.text), words(art.text[s:e])) for s, e in gold_st))
        t[1] += len(found)
        t[2] += len(gold_st)
        gold_cues = set(art.spans.get("CUE", []) + art.spans.get("CUECOREF", []))
        pred_cues = {f.cue for _, f in found if f.cue is not None}
        t = tallies["cue"]
        t[0] += len(pred_cues & gold_cues)
        t[1] += len(pred_cues)
        t[2] += len(gold_cues)
        persons = art.spans.get("PERSON", []) + art.spans.get("PERSONCOREF", [])
        gold_spk = {p for p in persons if any(_near(art, p, c) for c in gold_cues)}
        # a '-nya' clitic ('katanya') names no one in the text: PFSA tags it a CUECOREF only
        pred_spk = {f.speaker for _, f in found if f.speaker is not None and f.cue is not None and f.speaker != f.cue}
        t = tallies["speaker"]
        t[0] += sum(1 for s in pred_spk if any(s[0] <= g[0] and g[1] <= s[1] for g in gold_spk))
        t[1] += len(pred_spk)
        t[2] += len(gold_spk)
    return {k: tuple(v) for k, v in tallies.items()}


def _overlaps(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) >= 0.5 * max(len(a), len(b))


def _near(art: Article, person: tuple[int, int], cue: tuple[int, int]) -> bool:
    """A person span that the cue introduces: at most 4 tokens after it or 2 before it."""
    starts = [s for s, _, _ in art.tokens]
    ends = [e for _, e, _ in art.tokens]
    p0, p1 = bisect.bisect_left(starts, person[0]), bisect.bisect_left(ends, person[1])
    c0, c1 = bisect.bisect_left(starts, cue[0]), bisect.bisect_left(ends, cue[1])
    return 0 < p0 - c1 <= 4 or 0 < c0 - p1 <= 2


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("test", "dev"))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quotes.md")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"PFSA-ID is not at {DATA}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rows = evaluate(args.split)
    secs = time.perf_counter() - t0
    lines = [
        "## Quotes: PFSA-ID direct quotes, cues and speakers",
        "",
        f"PFSA-ID {args.split} split (Kompas articles, CC BY-NC-SA, evaluation only), text rebuilt from its "
        "tokens, warta's rule-based quote extractor (`warta.quotes.analyse`), span-level scores. "
        "Published baseline (BiLSTM-CRF, all eleven labels): F 82.0.",
        "",
        "| label | tp | pred | gold | P | R | F |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, (tp, pred, gold) in rows.items():
        p, r, f = prf(tp, pred, gold)
        lines.append(f"| {label} | {tp} | {pred} | {gold} | {100 * p:.1f} | {100 * r:.1f} | {100 * f:.1f} |")
    lines += [
        "",
        "Statements: direct quotes, exact = same words inside the marks; cue: the reporting word; speaker: "
        "our speaker phrase (as written) covers the PERSON/PERSONCOREF the gold cue introduces. PFSA-ID "
        "annotates public figures' statements only, so quotes of bystanders and victims, which warta extracts, "
        "count against precision; recall is the figure to compare.",
        "",
        f"Machine: 2 cores, 24 GiB, Python 3.11; {secs:.1f} s for the split.",
        "",
        f"Command: `.venv/bin/python bench/pfsa.py --split {args.split}`",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

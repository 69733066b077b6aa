"""Builds the word list that the glued-word splitter consults (``python -m warta.clean.vocab``).

Counts word forms in open, redistributable corpora under ``../shared/data`` (Universal
Dependencies Indonesian and English, CC BY-SA; IndoSum dev, CC BY-SA 4.0; NER-UI,
CC BY 4.0; NERGrit, Apache-2.0; idner-news-2k, MIT) and writes two files under
``warta/data/clean/``:

``vocab.tsv``
    ``word<TAB>lower<TAB>total<TAB>id``: a case-folded form, how often it was written in
    lower case (a common word), how often in all, and how often in lower case in the
    Indonesian corpora alone. Only counts are shipped, no text.
``mixed_case.tsv``
    forms written with an inner capital (``iPhone``, ``YouTube``, ``McDonald``) seen at
    least twice: real words the splitter must leave whole. The hand-written list in
    ``keep_whole.txt`` adds brands the corpora lack.
``keep_names.txt``
    single-word names from the Indonesian DBpedia gazetteer (Alfina et al. 2017, free use
    with citation) that the splitter would otherwise cut (``Setiawan``, ``Pangaribuan``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..resources import DATA_DIR

WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
INNER_CAP = re.compile(r"[a-z][A-Z]")


def _conllu_forms(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line and line[0].isdigit():
                cols = line.split("\t")
                if len(cols) > 1 and "-" not in cols[0] and "." not in cols[0]:
                    yield cols[1]


def _column_forms(path: Path, *, sep: str | None) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("-DOCSTART-"):
                yield line.split(sep)[0]


def _indosum_forms(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            for paragraph in json.loads(line).get("paragraphs", []):
                for sentence in paragraph:
                    yield from sentence


def sources(shared: Path) -> Iterable[tuple[str, Iterator[str]]]:
    """Each open corpus as (name, its word forms); names of Indonesian ones start ``id``."""
    data = shared / "data"
    for path in sorted((data / "ud" / "id").glob("*.conllu")) + sorted((data / "ud" / "en").glob("*.conllu")):
        yield path.name, _conllu_forms(path)
    for path in sorted((data / "corpus" / "indosum-dev").glob("*.jsonl")):
        yield f"id-indosum/{path.name}", _indosum_forms(path)
    for name in ("train.01.tsv", "dev.01.tsv", "test.01.tsv"):
        path = data / "ner" / "id" / "nerui" / name
        if path.exists():
            yield f"id-nerui/{name}", _column_forms(path, sep="\t")
    for folder in ("nergrit", "idner-news-2k"):
        for path in sorted((data / "ner" / "id" / folder).glob("*.txt")):
            yield f"id-{folder}/{path.name}", _column_forms(path, sep=None)


def build(shared: Path, out: Path, *, min_count: int = 2) -> tuple[int, int]:
    """Count the corpora under ``shared`` and write the two files into ``out``."""
    lower: Counter[str] = Counter()
    total: Counter[str] = Counter()
    mixed: Counter[str] = Counter()
    indonesian: Counter[str] = Counter()
    used = []
    for name, forms in sources(shared):
        used.append(name)
        is_id = name.startswith("id")
        for form in forms:
            if not WORD.match(form):
                continue
            key = form.casefold()
            total[key] += 1
            if form.islower():
                lower[key] += 1
                if is_id:
                    indonesian[key] += 1
            elif INNER_CAP.search(form):
                mixed[form] += 1
    if not used:
        raise SystemExit(f"no corpora found under {shared}/data")
    words = sorted(w for w, n in total.items() if n >= min_count)
    header = (
        "# Word counts for the glued-word splitter, built by `python -m warta.clean.vocab`.\n"
        "# Counted from: UD Indonesian (CSUI, GSD, PUD) and UD English EWT (CC BY-SA), IndoSum dev\n"
        "# (CC BY-SA 4.0), NER-UI (CC BY 4.0), NERGrit (Apache-2.0), idner-news-2k (MIT).\n"
        "# Only counts are kept. Columns: word (case-folded), lower-case count, total count,\n"
        "# lower-case count in the Indonesian corpora alone.\n"
    )
    with (out / "vocab.tsv").open("w", encoding="utf-8") as handle:
        handle.write(header + "word\tlower\ttotal\tid\n")
        for w in words:
            handle.write(f"{w}\t{lower[w]}\t{total[w]}\t{indonesian[w]}\n")
    kept = sorted(f for f, n in mixed.items() if n >= min_count)
    with (out / "mixed_case.tsv").open("w", encoding="utf-8") as handle:
        handle.write("# Mixed-case word forms seen at least twice in the same corpora (see vocab.tsv).\n")
        handle.write("form\tcount\n")
        for f in kept:
            handle.write(f"{f}\t{mixed[f]}\n")
    _write_keep_names(shared, out, lower=lower, total=total, indonesian=indonesian, mixed=set(kept))
    return len(words), len(kept)


def _write_keep_names(shared: Path, out: Path, *, lower: Counter, total: Counter, indonesian: Counter,
                      mixed: set[str]) -> None:
    """Gazetteer names the splitter would cut, so that it leaves them whole."""
    from .glue import GlueSplitter, Vocabulary, _case_sensitive_lines

    folder = shared / "data" / "gazetteer" / "id-dbpedia"
    if not folder.exists():
        return
    function_words = frozenset(
        line.strip() for line in (out / "function_words.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    keep = frozenset(mixed | _case_sensitive_lines("clean/keep_whole.txt"))
    kept_words = [w for w, n in total.items() if n >= 2]
    vocab = Vocabulary({w: lower[w] for w in kept_words}, {w: total[w] for w in kept_words},
                       function_words, keep, {w: indonesian[w] for w in kept_words})
    splitter = GlueSplitter(vocab)
    names: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                for word in line.split():
                    if len(word) >= 6 and WORD.match(word) and word[0].isupper() and splitter.split_token(word) != [word]:
                        names.add(word)
    with (out / "keep_names.txt").open("w", encoding="utf-8") as handle:
        handle.write("# Names from the Indonesian DBpedia gazetteer (Alfina et al. 2017) that the glued-word\n"
                     "# splitter must leave whole. Built by `python -m warta.clean.vocab`.\n")
        handle.writelines(f"{name}\n" for name in sorted(names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[4] / "shared",
                        help="the shared data folder (default: ../shared beside the repository)")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "clean")
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args(argv)
    n_words, n_mixed = build(args.shared, args.out, min_count=args.min_count)
    print(f"wrote {n_words} words and {n_mixed} mixed-case forms to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

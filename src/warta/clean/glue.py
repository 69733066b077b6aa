"""Splits words glued together where a page's links were stripped (``seranganIsraelyang``).

The rule is driven by word counts (``vocab.tsv``, built by ``python -m warta.clean.vocab``),
not by a list of cases:

* a lower->Upper boundary inside a token is a seam (``denganIran``), unless the token is
  a known mixed-case word (``iPhone``, ``YouTube``, ``McDonald``: ``mixed_case.tsv``,
  ``keep_whole.txt``) or starts with a one-letter or name prefix (``iPad``, ``McX``);
* an upper-case run glued to lower case is split where the lower-case tail is a known
  word (``KKByang``, ``AFPdan``) or the run minus its last letter is (``MENGAPAMarc``);
* a capitalised name glued to a lower-case word is split where the tail is a known
  common word (``Israelyang``, ``Korutmemperingatkan``), the head long enough;
* two lower-case words glued (``akibaterupsi``) are split only when the whole is unknown
  and both halves are frequent words.

Words the corpora know as a whole (``Jordan``, ``DPRD``, ``KKB``) are never split, nor
is a token the article itself vouches for: one that its title also writes, or that its
body writes more than once (``FreeBuds``: a brand, not two glued words). The article also
vouches for a split: a capitalised name glued to a function word (``Santosodi``) is split
when the name stands alone elsewhere in the body and the glued form occurs only once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..resources import load_tsv, load_wordlist

# A run of letters (with inner apostrophes); digits and punctuation end a token.
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Text the splitter leaves alone: URLs, e-mail addresses, domains, handles, hashtags.
PROTECTED = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\b(?:[\w-]+\.)+(?:com|co|id|net|org|tv|news|kr|uk|io)\b",
    re.IGNORECASE,
)
# Capitalised name prefixes that carry an inner capital (McDonald, DeGeneres, LeBron).
# A domain with a word glued after it: "Liputan6.comtelah" (tlds longest first).
DOMAIN_GLUED = re.compile(r"\b((?:[\w-]+\.)+(?:co\.id|com|net|org))([a-z]{3,})\b")
NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Al", "El", "O"})


@dataclass(frozen=True)
class Vocabulary:
    """Word counts: how often a form was written in lower case, and in all."""

    lower: dict[str, int]
    total: dict[str, int]
    function_words: frozenset[str]
    keep: frozenset[str]
    indonesian: dict[str, int]

    def common(self, word: str, *, at_least: int = 2) -> bool:
        """A word seen written in lower case (an ordinary word, not only a name)."""
        return self.lower.get(word.casefold(), 0) >= at_least

    def common_id(self, word: str, *, at_least: int = 2) -> bool:
        """A common Indonesian word (seen in lower case in the Indonesian corpora)."""
        return self.indonesian.get(word.casefold(), 0) >= at_least

    def ending(self, tail: str) -> int:
        """How many known words end with ``tail``: a high count marks a suffix-like ending
        (``-akan`` in ``tunggakan``), which is no evidence of a glued word."""
        return _endings(self).get(tail.casefold(), 0)

    def derivable(self, word: str) -> bool:
        """An Indonesian word built from a known root by affixes (``pencairan`` <- ``cair``)."""
        return _derivable(word.casefold(), self, depth=0)

    def known(self, word: str, *, at_least: int = 2) -> bool:
        return self.total.get(word.casefold(), 0) >= at_least

    def name(self, word: str) -> bool:
        """A form mostly written capitalised (a name): ``Israel``, ``Jakarta``."""
        key = word.casefold()
        total = self.total.get(key, 0)
        return total >= 2 and self.lower.get(key, 0) * 2 < total


@cache
def vocabulary() -> Vocabulary:
    """The shipped word counts and lists, loaded once."""
    lower: dict[str, int] = {}
    total: dict[str, int] = {}
    indonesian: dict[str, int] = {}
    for row in load_tsv("clean/vocab.tsv"):
        lower[row["word"]] = int(row["lower"])
        total[row["word"]] = int(row["total"])
        indonesian[row["word"]] = int(row.get("id") or 0)
    keep = {row["form"] for row in load_tsv("clean/mixed_case.tsv")}
    keep |= _case_sensitive_lines("clean/keep_whole.txt") | _case_sensitive_lines("clean/keep_names.txt")
    return Vocabulary(lower, total, load_wordlist("clean/function_words.txt"), frozenset(keep), indonesian)


def _case_sensitive_lines(name: str) -> set[str]:
    from ..resources import data_path

    with data_path(name).open(encoding="utf-8") as handle:
        return {line.strip() for line in handle if line.strip() and not line.startswith("#")}


class GlueSplitter:
    """Puts the spaces back into glued tokens of a text."""

    def __init__(self, vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or vocabulary()

    def split_text(self, text: str, *, title: str | None = None) -> str:
        """The text with glued tokens split by single spaces (nothing else changes).

        Tokens the title also writes, or the body writes twice, stay whole.
        """
        text = DOMAIN_GLUED.sub(self._domain_then_word, text)
        counts = Counter(TOKEN.findall(text))
        # a capitalised camel-case token written twice is a name (glue after a lower-case
        # word, "konsepZero", repeats too when a page links one phrase twice)
        vouched = {t for t, n in counts.items() if n >= 2 and t[:1].isupper() and not t.istitle()
                   and not t.isupper()}
        vouched |= set(TOKEN.findall(title or ""))
        counts.update(TOKEN.findall(title or ""))
        out: list[str] = []
        pos = 0
        for protected in PROTECTED.finditer(text):
            out.append(self._split_plain(text[pos:protected.start()], vouched, counts))
            out.append(self._glued_before_domain(protected.group()))
            pos = protected.end()
        out.append(self._split_plain(text[pos:], vouched, counts))
        return "".join(out)

    def _domain_then_word(self, m: re.Match) -> str:
        """``Liputan6.comtelah`` -> ``Liputan6.com telah``: a known word glued after a domain."""
        tail = m.group(2)
        if tail in self.vocab.function_words or self.vocab.common_id(tail, at_least=20):
            return f"{m.group(1)} {tail}"
        return m.group()

    def _name_then_function_word(self, token: str, counts: Counter) -> list[str] | None:
        """``Santosodi`` -> ``Santoso di`` when the body also writes the name alone."""
        if not token.istitle() or counts[token] > 1 or self.vocab.known(token):
            return None
        for cut in range(len(token) - 2, 3, -1):
            head, tail = token[:cut], token[cut:]
            if tail in self.vocab.function_words and counts[head] >= 1:
                return [head, tail]
        return None

    def _glued_before_domain(self, chunk: str) -> str:
        """``kepadaLiputan6.com`` -> ``kepada Liputan6.com``: a common word glued to a domain."""
        m = re.match(r"([A-Za-z][a-z]{3,})([A-Z][\w-]*\.[\w.]+)$", chunk)
        # a capitalised head must be a function word ("BerikutKompas.com"): a capitalised
        # common word is often part of the site's name ("TokoBuku.com")
        head_ok = m and (m.group(1).casefold() in self.vocab.function_words if chunk[0].isupper()
                         else self.vocab.common(m.group(1)))
        if m and head_ok and chunk.split(".")[0] not in self.vocab.keep:
            return f"{m.group(1)} {m.group(2)}"
        return chunk

    def _split_plain(self, text: str, vouched: set[str] = frozenset(), counts: Counter | None = None) -> str:
        def split(m: re.Match) -> str:
            token = m.group()
            if token in vouched:
                return token
            pieces = self._name_then_function_word(token, counts) if counts else None
            return " ".join(pieces or _merge_kept(self.split_token(token), frozenset(vouched)))

        return TOKEN.sub(split, text)

    def split_token(self, token: str) -> list[str]:
        """The pieces of one token (the token itself when it is not glued)."""
        v = self.vocab
        if len(token) <= 4 or token in v.keep or token.islower() and v.known(token, at_least=1):
            return [token]
        parts = _merge_kept(self._case_seams(token), v.keep)
        if len(parts) > 4:
            return [token]  # an identifier or code (``FlbQIxMQBicmlk``), not glued words
        pieces: list[str] = []
        for part in parts:
            pieces.extend(self._word_seams(part))
        return pieces

    # -- seams marked by a change of case ----------------------------------------------

    def _case_seams(self, token: str) -> list[str]:
        v = self.vocab
        if token in v.keep or token.isupper() or token.islower() or token.istitle():
            return [token]
        cuts: list[int] = []
        i = 1
        n = len(token)
        while i < n:
            prev, cur = token[i - 1], token[i]
            if prev.islower() and cur.isupper():
                head = token[cuts[-1] if cuts else 0:i]
                tail_end = _next_case_change(token, i)
                tail = token[i:tail_end]
                if self._lower_upper_seam(head, tail, first=not cuts):
                    cuts.append(i)
            elif prev.isupper() and cur.islower():
                # an upper-case run ending here: token[run_start:i] + lower-case tail
                run_start = i - 1
                while run_start > 0 and token[run_start - 1].isupper():
                    run_start -= 1
                run = token[run_start:i]
                start = cuts[-1] if cuts else 0
                if len(run) >= 2 and run_start >= start:
                    tail_end = i
                    while tail_end < n and token[tail_end].islower():
                        tail_end += 1
                    tail = token[i:tail_end]
                    cut = self._run_seam(run, tail)
                    if cut is not None and run_start + cut > start:
                        cuts.append(run_start + cut)
            i += 1
        if not cuts:
            return [token]
        bounds = [0, *cuts, n]
        return [token[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    def _lower_upper_seam(self, head: str, tail: str, *, first: bool) -> bool:
        """Whether ``head|Tail`` (lower then upper case) is a seam, not a brand's inner capital."""
        if len(tail) < 2 and not tail.isupper():
            return False
        if first and (len(head) == 1 or head in NAME_PREFIXES):
            return False  # iPhone, eKTP, McDonald, DeGeneres
        # short unknown capitalised heads read as name prefixes
        return not (first and head[0].isupper() and len(head) <= 3 and not self.vocab.known(head))

    def _run_seam(self, run: str, tail: str) -> int | None:
        """Where to cut ``RUNtail``: after the run (``KKB|yang``) or before its last capital."""
        v = self.vocab
        tail_word = len(tail) >= 2 and (v.common(tail) or tail in v.function_words)
        if len(run) >= 3 and v.known(run[:-1]) and (v.name(run[-1] + tail) or not tail_word):
            return len(run) - 1
        if tail_word:
            return len(run)
        if len(run) >= 3 and v.name(run[-1] + tail):
            return len(run) - 1
        return None

    # -- seams between words of the same case --------------------------------------------

    def _word_seams(self, piece: str) -> list[str]:
        v = self.vocab
        if len(piece) < 6 or v.known(piece, at_least=1) or piece in v.keep or v.derivable(piece):
            return [piece]
        if piece[0].isupper() and piece[1:].islower():
            return self._name_word(piece)
        if piece.islower() and len(piece) >= 7:
            return self._two_words(piece)
        return [piece]

    def _name_word(self, piece: str) -> list[str]:
        """``Israelyang`` -> ``Israel yang``: a name glued to a known common word."""
        v = self.vocab
        best: tuple[tuple[int, int], int] | None = None
        for cut in range(3, len(piece) - 1):
            head, tail = piece[:cut], piece[cut:]
            head_name = v.name(head)
            suffix_like = v.ending(tail) >= 15
            if tail in v.function_words:
                # short tails end many names (Mar|ini, Jor|dan, Setya|di): the head must be
                # a known name, the tail at least three letters and not a common ending
                ok = len(tail) >= 3 and len(head) >= 4 and (head_name or len(tail) >= 4 and not suffix_like)
            elif len(tail) >= 5:
                # the tail must be a common Indonesian word (links are cut out of Indonesian
                # sentences; English compounds are not glue: Green|peace); an unknown head
                # needs a frequent tail, for names end in words too (Purnawi|rawan)
                ok = len(head) >= 4 and not suffix_like and (
                    v.common_id(tail, at_least=5) and head_name or v.common_id(tail, at_least=20) and len(head) >= 5)
            elif len(tail) == 4:
                ok = v.common_id(tail, at_least=20) and head_name and len(head) >= 4 and not suffix_like
            else:
                ok = False
            if ok:
                rank = (int(head_name), len(tail))
                if best is None or rank > best[0]:
                    best = (rank, cut)
        if best is None:
            return [piece]
        cut = best[1]
        return [piece[:cut], *self._word_seams(piece[cut:])]

    def _two_words(self, piece: str) -> list[str]:
        """``akibaterupsi`` -> ``akibat erupsi``: two frequent words, the whole unknown."""
        v = self.vocab
        best: tuple[int, int] | None = None
        for cut in range(2, len(piece) - 1):
            head, tail = piece[:cut], piece[cut:]
            if head in v.function_words and len(head) >= 4:
                ok = len(tail) >= 4 and v.common(tail)
            elif tail in v.function_words and (len(tail) >= 3 or tail in ("di", "ke")):
                ok = len(head) >= 5 and v.common(head, at_least=1 if len(head) >= 7 else 2)
            else:
                # two content words: both long, frequent and Indonesian ("senjata|nuklir");
                # shorter pairs are often one loanword or compound ("helpdesk", "courthouse")
                ok = (len(head) >= 6 and len(tail) >= 6 and v.common_id(head, at_least=5)
                      and v.common_id(tail, at_least=5))
            if ok:
                score = min(len(head), len(tail))
                if best is None or score > best[0]:
                    best = (score, cut)
        if best is None:
            return [piece]
        return [piece[:best[1]], piece[best[1]:]]


_ENDINGS: dict[int, dict[str, int]] = {}


def _endings(v: Vocabulary) -> dict[str, int]:
    """Counts of word endings (3 to 6 letters) over the common words, built once per vocabulary."""
    counts = _ENDINGS.get(id(v))
    if counts is None:
        counts = {}
        for w, n in v.lower.items():
            if n >= 1:
                for k in range(3, 7):
                    if len(w) > k + 2:
                        counts[w[-k:]] = counts.get(w[-k:], 0) + 1
        _ENDINGS[id(v)] = counts
    return counts


PREFIXES = ("menge", "meng", "mem", "men", "meny", "me", "peng", "pem", "pen", "peny", "per", "pe",
            "ber", "be", "ter", "di", "ke", "se")
SUFFIXES = ("nya", "lah", "kah", "pun", "kan", "an", "i")


def _derivable(word: str, v: Vocabulary, *, depth: int) -> bool:
    """Whether stripping up to two prefixes and suffixes leaves a known common root."""
    if depth and len(word) >= 3 and v.common(word, at_least=1):
        return True
    if depth >= 3 or len(word) < 5:
        return False
    for suffix in SUFFIXES:
        if word.endswith(suffix) and _derivable(word[:-len(suffix)], v, depth=depth + 1):
            return True
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = word[len(prefix):]
            if _derivable(rest, v, depth=depth + 1):
                return True
            # nasal mutation: menulis <- tulis, memukul <- pukul, menyapu <- sapu, mengirim <- kirim
            if prefix in ("men", "pen") and _derivable("t" + rest, v, depth=depth + 1):
                return True
            if prefix in ("mem", "pem") and _derivable("p" + rest, v, depth=depth + 1):
                return True
            if prefix in ("meny", "peny") and _derivable("s" + rest, v, depth=depth + 1):
                return True
            if prefix in ("meng", "peng") and _derivable("k" + rest, v, depth=depth + 1):
                return True
    return False


def _merge_kept(parts: list[str], keep: frozenset[str]) -> list[str]:
    """Rejoin neighbouring pieces that together make a kept word (``pemenang|Moto|GP``)."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i + 1, -1):
            if "".join(parts[i:j]) in keep:
                out.append("".join(parts[i:j]))
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return out


def _next_case_change(token: str, i: int) -> int:
    """End of the capitalised word starting at ``i`` (its capitals, then its lower case)."""
    j = i + 1
    while j < len(token) and token[j].islower():
        j += 1
    return j

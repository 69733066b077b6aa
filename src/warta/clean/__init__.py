"""Cleaning: boilerplate, bylines, wire credits and datelines out of the body; metadata in.

Registers the ``clean`` stage (raw body -> cleaned ``text``, ``title``, ``published``,
``source.wire``, ``source.dateline``, ``source.outlet``, ``source.authors``) and the
``language`` stage (``lang``). Cleaning runs before any span exists, so it may change
the text freely; every later stage indexes the cleaned text. The same steps run for
every reader (text file, HTML, JSONL/CSV corpora, WARC, URL).
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Document
from ..options import Options
from ..pipeline import stage
from .boilerplate import (
    cut_at_end_marker,
    drop_caption_paragraph,
    drop_closing_byline,
    drop_embeds,
    drop_foreign_footer,
    drop_leading_caption,
    strip_inline,
    strip_lines,
)
from .dates import parse_published
from .glue import GlueSplitter
from .meta import clean_title, find_wires, take_credit_lines, take_dateline
from .text import join_fragments, lines_of, normalise_characters, space_glued_sentences

# A crawler's envelope line: "**KBS** | 2026-01-02 00:00 |".
ENVELOPE = re.compile(r"\*\*(?P<outlet>[^*]{1,60})\*\*\s*\|\s*(?P<date>[^|]{4,40}?)\s*\|")
MARKDOWN_TITLE = re.compile(r"#{1,3}\s+(?P<title>.+)")


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


class Cleaner:
    """The clean step, with its word lists loaded once."""

    def __init__(self) -> None:
        self.splitter = GlueSplitter()

    def __call__(self, doc: Document, *, default_published: str | None = None) -> None:
        wires: list[str] = list(doc.source.wire)
        authors: list[str] = list(doc.source.authors)
        title = normalise_characters(doc.title) if doc.title else None
        lines = lines_of(normalise_characters(doc.text or ""))

        envelope_date = envelope_outlet = None
        for line in lines[:6]:
            m = ENVELOPE.search(line)
            if m:
                envelope_outlet, envelope_date = m.group("outlet").strip(), m.group("date")
                break
        if lines and (m := MARKDOWN_TITLE.fullmatch(lines[0])):
            title = title or m.group("title")
            lines = lines[1:]

        lines = join_fragments(cut_at_end_marker(lines))
        lines = take_credit_lines(lines, wires)
        lines = drop_caption_paragraph(strip_lines(lines, authors=authors))
        if lines and not take_dateline(lines[0]):
            find_wires(lines[0][:700], wires)  # a caption's credit may name the wire
            lines[0] = drop_leading_caption(lines[0])
        lines = drop_foreign_footer([cleaned for line in lines if (cleaned := strip_inline(line))])
        lines = drop_closing_byline(drop_embeds(lines))
        lines = _drop_repeated_title(lines, title)

        dateline = None
        if lines:
            dateline = take_dateline(lines[0], is_name=self.splitter.vocab.name)
            if dateline:
                rest = lines[0][dateline.end:].lstrip(" -–—:,")
                lines = ([rest] if rest else []) + lines[1:]
                if dateline.wire and dateline.wire not in wires:
                    wires.append(dateline.wire)
                if dateline.byline and dateline.byline not in authors:
                    authors.append(dateline.byline)

        lines = _drop_repeats(_one_copy(lines))
        text = "\n".join(lines)
        text = self.splitter.split_text(text, title=title)
        text = space_glued_sentences(text)
        find_wires(text, wires)

        doc.text = text.strip()
        if dateline and dateline.place:
            doc.source.dateline = dateline.place
        if not doc.source.outlet:
            doc.source.outlet = (dateline.outlet if dateline else None) or envelope_outlet
        doc.source.wire = wires
        doc.source.authors = authors
        doc.title = clean_title(title, outlet=doc.source.outlet)
        doc.published = (
            parse_published(doc.published)
            or parse_published(envelope_date)
            or parse_published(default_published)
        )


def _one_copy(lines: list[str]) -> list[str]:
    """One copy of a body that a scraper stored more than once (a glued copy, then paragraphs).

    A repeat starts with a line that opens with a dateline followed by the same words as
    the first line; of the copies, the one with most paragraphs is kept.
    """
    if len(lines) < 2 or len(lines[0]) < 40:
        return lines
    key = lines[0][:60]
    starts = [0]
    for i in range(1, len(lines)):
        d = take_dateline(lines[i]) if len(lines[i]) >= 40 else None
        if d and lines[i][d.end:].lstrip(" -–—:,")[:60] == key:
            starts.append(i)
    if len(starts) == 1:
        return lines
    copies = [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    best = max(copies, key=lambda c: (len(c), sum(map(len, c))))
    if best is not copies[0]:
        d = take_dateline(best[0])
        best = [best[0][d.end:].lstrip(" -–—:,"), *best[1:]] if d else best
    return best


# Where a sentence ends, also when the scraper glued the next one on ("saja.Di tengah").
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s*(?=[\"“‘]?[A-Z])")
# A repeated sentence shorter than this many words is left alone ("Berikut daftarnya.").
REPEAT_MIN_WORDS = 5
# A repeated sentence this long goes even alone; shorter ones only in a run of repeats
# (a list may repeat one short note under each item).
REPEAT_ALONE_WORDS = 12


def _drop_repeats(lines: list[str]) -> list[str]:
    """The body without paragraphs and sentence runs already written earlier in it.

    Some pages store the body two or three times, a copy glued onto the end of each
    paragraph. Sentences (of five words or more) whose folded text was seen before go
    when they are long or come in a run of repeats; a paragraph left empty goes. Where a
    kept copy was glued into one line, it is broken where a later paragraph starts.
    """
    pieces: list[tuple[int, str, str, bool]] = []  # (line, text, key, glued to previous)
    for n, line in enumerate(lines):
        bounds = [0, *(m.end() for m in SENTENCE_END.finditer(line)), len(line)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if b > a:
                pieces.append((n, line[a:b], _fold(line[a:b]), a > 0 and not line[a - 1].isspace()))
    seen: set[str] = set()
    repeat = [False] * len(pieces)
    for i, (_, _, key, _) in enumerate(pieces):
        if _words(key) >= REPEAT_MIN_WORDS:
            repeat[i] = key in seen
            seen.add(key)
    if not any(repeat):
        return lines
    counted = [i for i, p in enumerate(pieces) if _words(p[2]) >= REPEAT_MIN_WORDS]
    drop: set[int] = set()
    for k, i in enumerate(counted):
        if not repeat[i]:
            continue
        neighbours = [counted[j] for j in (k - 1, k + 1) if 0 <= j < len(counted)]
        if _words(pieces[i][2]) >= REPEAT_ALONE_WORDS or any(repeat[j] for j in neighbours):
            drop.add(i)
    starts = {_fold(line[:m.start()]) if (m := SENTENCE_END.search(line)) else _fold(line) for line in lines}
    out: list[str] = []
    current: list[str] = []
    last_line = -1
    for i, (n, text, key, glued) in enumerate(pieces):
        if i in drop:
            continue
        if current and (n != last_line or glued and key in starts):
            out.append("".join(current).strip())
            current = []
        current.append(text)
        last_line = n
    if current:
        out.append("".join(current).strip())
    return [line for line in out if line]


def _words(key: str) -> int:
    """How many words with letters a folded text has (figures do not count)."""
    return sum(1 for w in key.split() if not w.isdigit())


def _drop_repeated_title(lines: list[str], title: str | None) -> list[str]:
    """Without a first line that only repeats the headline."""
    if lines and title and _fold(lines[0]) == _fold(title.lstrip("# ")):
        return lines[1:]
    return lines


@stage("clean", fills=("text", "title", "published", "source"))
def make_clean(options: Options):
    """Cleans the body and separates its metadata: boilerplate, dateline, wire, dates."""
    cleaner = Cleaner()

    def run(doc: Document) -> None:
        cleaner(doc, default_published=options.published)

    return run


@stage("language", requires=("text",), fills=("lang",))
def make_language(options: Options):
    """Identifies the body language (ISO 639-1; Malay counts as ``id``), unless forced.

    Another language is reported as itself (only the shared analysis runs on it) when
    the identifier is sure of it; a short or odd Latin-script text it is unsure of is
    taken as Indonesian or English, which is what such texts here nearly always are.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    @cache
    def narrow() -> LanguageIdentifier:  # rarely needed: built (0.4 s) the first time it is
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        identifier.set_languages(["id", "ms", "en"])
        return identifier

    def run(doc: Document) -> None:
        if options.lang:
            doc.lang = options.lang
            return
        if doc.lang:
            doc.lang = normalise_lang(doc.lang)
            return
        sample = (doc.text or doc.title or "")[:3000]
        if not sample.strip():
            doc.lang = "und"
            return
        code, probability = full.classify(sample)
        if code not in ("id", "ms", "en") and probability < SURE_OF_OTHER_LANGUAGE and _latin_share(sample) > 0.8:
            code, _ = narrow().classify(sample)  # a Latin-script article in an odd, unsure guess
        doc.lang = "id" if code in ("id", "ms") else code

    return run


# Short English sentences come out as Nigerian Pidgin or Dutch at most 0.56; French,
# German or Tagalog paragraphs at 0.98 and more.
SURE_OF_OTHER_LANGUAGE = 0.95


def normalise_lang(code: str) -> str:
    """A language code as records carry it: ISO 639-1 lower case (``ID`` -> ``id``,
    ``en-US`` -> ``en``, ``ms`` -> ``id``)."""
    code = code.strip().lower().replace("_", "-").split("-")[0]
    return "id" if code in ("ms", "ind", "msa", "may", "zsm") else code


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c < "\u0250" for c in letters) / len(letters)

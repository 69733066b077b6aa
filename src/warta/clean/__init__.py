"""Cleaning: boilerplate, bylines, wire credits and datelines out of the body; metadata in.

Registers the ``clean`` stage (raw body -> cleaned ``text``, ``title``, ``published``,
``source.wire``, ``source.dateline``, ``source.outlet``, ``source.authors``) and the
``language`` stage (``lang``). Cleaning runs before any span exists, so it may change
the text freely; every later stage indexes the cleaned text. The same steps run for
every reader (text file, HTML, JSONL/CSV corpora, WARC, URL).
"""

from __future__ import annotations

import re

from ..model import Document
from ..options import Options
from ..pipeline import stage
from .boilerplate import cut_at_end_marker, drop_leading_caption, strip_inline, strip_lines
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
        lines = strip_lines(lines, authors=authors)
        if lines and not take_dateline(lines[0]):
            find_wires(lines[0][:700], wires)  # a caption's credit may name the wire
            lines[0] = drop_leading_caption(lines[0])
        lines = [cleaned for line in lines if (cleaned := strip_inline(line))]
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

        lines = _one_copy(lines)
        text = "\n".join(lines)
        text = self.splitter.split_text(text)
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
    """Identifies the body language (``id`` or ``en``; Malay counts as ``id``), unless forced."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    narrow = LanguageIdentifier.from_model_file(MODEL_FILE)
    narrow.set_languages(["id", "ms", "en"])

    def run(doc: Document) -> None:
        if options.lang:
            doc.lang = options.lang
            return
        if doc.lang:
            return
        sample = (doc.text or doc.title or "")[:3000]
        if not sample.strip():
            doc.lang = "und"
            return
        code, _ = full.classify(sample)
        if code not in ("id", "ms", "en") and _latin_share(sample) > 0.8:
            code, _ = narrow.classify(sample)  # a Latin-script article in an odd guess
        doc.lang = "id" if code in ("id", "ms") else code

    return run


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c < "\u0250" for c in letters) / len(letters)

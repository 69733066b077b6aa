"""White space and character hygiene for article bodies, before any span exists.

Repairs mojibake, unescapes HTML entities, drops zero-width and control characters, turns odd spaces into
plain ones, joins lines that a page split around its links (``pasukan\\nIsrael\\nmenewaskan``)
and puts back the space a scraper lost after a sentence end (``attendance.The``).
Paragraphs stay separated by a single ``\\n``.
"""

from __future__ import annotations

import html
import re
import unicodedata

import ftfy

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# A line ends a sentence (or a heading that stands alone) when it ends so.
TERMINAL = re.compile(r"[.!?:;\"”’'»)\]]$|^\W*$")
PUNCT_START = re.compile(r"^[,.;:)\]!?%]")
DASH_LINE = re.compile(r"^[-–—]{1,2}$")
DASH_START = re.compile(r"^[-–—]{1,2}\s")
DASH_END = re.compile(r"\s[-–—]{1,2}$")
# "(GHF), yayasan ...": a bracketed abbreviation that carries the sentence on.
PAREN_CONTINUES = re.compile(r"\([^()]{1,40}\)\s*[,.;:]|\([^()]{1,40}\)\s+[a-z]")


def normalise_characters(text: str) -> str:
    """Mojibake repaired (ftfy), HTML entities, zero-width characters, odd spaces and line ends made plain."""
    # Text decoded with the wrong encoding upstream ("â€œ" for "“") comes back as it was written.
    text = ftfy.fix_encoding(text)
    if "&" in text and ENTITY.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = ZERO_WIDTH.sub("", text)
    text = CONTROL.sub("", text)
    return ODD_SPACE.sub(" ", text)


def lines_of(text: str) -> list[str]:
    """Non-empty lines, each with its spaces collapsed."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def join_fragments(lines: list[str]) -> list[str]:
    """Rejoin lines that are pieces of one sentence split around links.

    A line is carried on when it does not end a sentence and the next line starts in
    lower case or with punctuation, or is a short piece (a linked name) followed by such
    a line; a lone dash joins both neighbours (``Gaza City / - / Tembakan``).
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        if out and _continues(out[-1], line, lines[i + 1] if i + 1 < len(lines) else None):
            prev = out.pop()
            glue = "" if PUNCT_START.match(line) else " "
            out.append(prev + glue + line)
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str, following: str | None) -> bool:
    if DASH_LINE.match(line) or DASH_LINE.match(prev.split(" ")[-1]) and len(prev.split()) <= 4:
        return True
    if DASH_LINE.match(prev):
        return True
    if DASH_END.search(prev) and len(prev.split()) <= 12:
        return True  # "ISTANBUL, 23 Februari 2016 (Antara) --" / "Pemerintah kota ..."
    if DASH_START.match(line) and len(prev.split()) <= 4:
        return True  # "JAKARTA, KOMPAS.com" / "- Presiden RI ..."
    if TERMINAL.search(prev):
        return False
    if line[0].islower() or PUNCT_START.match(line) or PAREN_CONTINUES.match(line):
        return True
    if following is not None and len(line.split()) <= 4 and not TERMINAL.search(line):
        return bool(following[0].islower() or following[0] == "(" or PUNCT_START.match(following)
                    or DASH_LINE.match(following))
    return False


# "attendance.The" / "history.”Since": a sentence end glued to the next sentence.
SENTENCE_GLUE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z]{2}[.!?][”’])(?=[A-Z“‘])")
# "(KKB)Egianus" / "Rossi,Luca": a word glued after a closing bracket or a comma.
PUNCT_GLUE = re.compile(
    r"(?<=[a-z]\)|[a-z],)(?=[A-Z][a-z])|(?<=[^\W\d_]{2}\))(?=[A-Z][a-z])|(?<=[a-z]{2},)(?=[a-z]{2})"
    r"|(?<=[a-z]{2})(?=\([A-Z])"
)


def space_glued_sentences(text: str) -> str:
    """Put back the space lost after a sentence end, a closing bracket or a comma."""
    text = SENTENCE_GLUE.sub(" ", text)
    return PUNCT_GLUE.sub(" ", text)

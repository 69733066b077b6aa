"""Property-based tests (Hypothesis): for any input of a kind, the readers and the pipeline keep their
promises: every article is a record or one error naming it (never a traceback, never a lost
record), and every span of a record points at exactly the characters it came from."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warta
from warta.errors import WartaError
from warta.ingest import read
from warta.model import Document

# Few examples each in CI (the pipeline is slow); HYPOTHESIS_PROFILE=long runs 500 of each.
settings.register_profile("ci", max_examples=25)
settings.register_profile("long", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EXAMPLES = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text as news arrives: words of both languages, figures, quotes of every kind, dashes, odd spaces,
# control characters, emoji, other scripts, line breaks.
WORDS = ["Jakarta", "Presiden", "Prabowo", "mengatakan", "Israel", "menyerang", "Iran", "pada", "Senin",
         "(9/6/2025)", "12", "orang", "tewas", "kata", "polisi", "the", "minister", "said", "Rp 5 miliar",
         "\"", "“", "”", "'", "—", "-", ".", ",", ":", "\n", "\n\n", "\t", "\u00a0", "\u200b", "😀", "北京",
         "Москва", "\x00", "\x07", "\ufeff", "كتب", "Jl. Sudirman", "dr.", "A.S.", "100%", "-- ", "..."]
news_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=80).map(" ".join)


def spans_of(doc: Document):
    """Every span of a record: entity and place mentions, times, quantities, quotes, event triggers
    and sentences, sentences of the record."""
    for entity in doc.entities:
        yield from entity.mentions
    for place in doc.places:
        yield from place.mentions
    yield from doc.times
    yield from doc.quantities
    yield from doc.quotes
    yield from doc.sentences
    for event in doc.events:
        yield event.trigger
        yield event.sentence


@EXAMPLES
@given(text=news_text, title=st.one_of(st.none(), st.text(max_size=60)))
def test_any_text_gives_a_record_whose_spans_point_at_their_characters(text, title):
    try:
        doc = warta.extract_text(text, title=title, published="2025-06-09")
    except WartaError:
        return  # an input warta declines (empty, no article) is one explained error
    assert "\x00" not in doc.text
    for span in spans_of(doc):
        assert 0 <= span.start <= span.end <= len(doc.text)
        assert doc.text[span.start:span.end] == span.text, span
    json.loads(doc.to_json())  # the record serialises


@EXAMPLES
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".json", ".xml",
                                                                ".warc", ".gz", ""]))
def test_any_bytes_in_any_file_give_records_or_errors_never_a_traceback(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(data)
    for item in read(path):
        assert isinstance(item, WartaError | warta.RawArticle)
        if isinstance(item, WartaError):
            assert str(path) in str(item) and "\n" not in str(item)


# HTML as pages arrive: nested and broken markup, scripts, styles, comments, entities, charsets,
# tables, links, a byte-order mark, unclosed and stray tags, all around news text.
TAGS = ["p", "div", "article", "section", "span", "a", "b", "table", "tr", "td", "ul", "li", "h1", "h2",
        "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "main"]
leaf_html = st.one_of(
    news_text.map(lambda t: t.replace("<", "&lt;")),
    st.sampled_from(["<br>", "<br/>", "<hr>", "<img src=x>", "&amp;", "&nbsp;", "&#8220;", "&#x2014;", "&bogus;",
                     "<!-- comment -->", "<!--", "<![CDATA[x]]>", "<script>var a = '<p>';</script>",
                     "<style>p {color: red}</style>", "</p>", "</div></div>", "<p", "<<>>", "<?xml?>",
                     '<meta charset="windows-1252">', '<meta charset="bogus">', "\ufeff"]),
)
html_fragments = st.recursive(
    leaf_html,
    lambda inner: st.tuples(st.sampled_from(TAGS), st.lists(inner, max_size=4),
                            st.booleans()).map(lambda t: f"<{t[0]} class='x'>{''.join(t[1])}" + (f"</{t[0]}>" if t[2] else "")),
    max_leaves=25,
)
html_pages = st.tuples(st.one_of(st.none(), news_text), html_fragments, st.sampled_from(["utf-8", "cp1252", "utf-16"])).map(
    lambda t: ("<!DOCTYPE html><html><head>" + (f"<title>{t[0]}</title>" if t[0] is not None else "")
               + f"</head><body>{t[1]}</body></html>", t[2]))


@EXAMPLES
@given(page=html_pages)
def test_any_html_page_gives_a_record_or_one_error_and_its_spans_point_at_their_characters(tmp_path_factory, page):
    markup, encoding = page
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_bytes(markup.encode(encoding, errors="replace"))
    for outcome in warta.extract_all(path):
        if isinstance(outcome, WartaError):
            assert str(path) in str(outcome) and "\n" not in str(outcome)
            continue
        for span in spans_of(outcome):
            assert outcome.text[span.start:span.end] == span.text, span
        json.loads(outcome.to_json())


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=8)
records = st.fixed_dictionaries({"text": news_text}, optional={"title": st.text(max_size=30), "url": st.text(
    max_size=30), "published": st.text(max_size=20), "lang": st.text(max_size=6), "id": json_values})


@EXAMPLES
@given(lines=st.lists(st.one_of(records.map(json.dumps), json_values.map(json.dumps), st.text(max_size=40)),
                      min_size=1, max_size=8))
def test_a_corpus_line_is_one_record_or_one_error_naming_its_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("corpus") / "c.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in lines) + "\n", encoding="utf-8")
    items = list(read(path))
    # Nothing made up: at most one item a non-blank line (a file of blank lines: one error), and
    # every error names the file.
    assert len(items) <= max(1, sum(1 for line in lines if line.strip()))
    for item in items:
        if isinstance(item, WartaError):
            assert f"{path}:" in str(item)


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.csv", "a.html"])
def test_an_empty_file_of_any_kind_is_one_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    items = list(read(path))
    assert len(items) == 1 and isinstance(items[0], WartaError)

"""The record: spans index the cleaned text, and the serialiser round-trips."""

from __future__ import annotations

from warta.model import SCHEMA, Document, Quantity, Span


def all_spans(doc: Document):
    yield from doc.sentences
    yield from doc.times
    yield from doc.quantities
    yield from doc.quotes
    for item in (*doc.entities, *doc.places):
        yield from item.mentions
    for event in doc.events:
        yield event.trigger
        yield event.sentence


def test_every_span_indexes_the_cleaned_text(seed_doc, dev_docs):
    for doc in [seed_doc, *dev_docs.values()]:
        for span in all_spans(doc):
            assert doc.text[span.start:span.end] == span.text, (doc.source.id, span)


def test_record_round_trips_and_ignores_unknown_keys(seed_doc):
    record = seed_doc.to_dict()
    assert record["schema"] == SCHEMA and "work" not in record
    assert Document.from_dict(record).to_dict() == record
    newer = {**record, "added_later": True, "source": {**record["source"], "region": "x"}}
    newer["events"] = [{**e, "extra": 1} for e in record["events"]]
    assert Document.from_dict(newer).to_dict() == record


def test_span_constructor_works_for_every_span_class():
    text = "lebih dari 10 juta peluru"
    quantity = Quantity.from_text(text, 11, 18, id="q1", value=1e7, of=None)
    assert quantity.text == "10 juta" and quantity.of is None
    assert Span.of(text, 0, 5).text == "lebih"


def test_extract_takes_a_long_single_line_text_as_the_article():
    import warta

    body = "Pasukan Rusia menyerang Ukraina pada Senin. " * 200  # one line, longer than any file name
    doc = warta.extract(body, title="Serangan", lang="id")
    assert doc.title == "Serangan" and doc.text.startswith("Pasukan Rusia")

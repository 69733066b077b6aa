"""The library API that the CLI wraps: extract and extract_all."""

from __future__ import annotations

import json

import pytest

import warta
from warta.errors import InputError, WartaError


def _corpus(tmp_path):
    good = {"id": "a1", "title": "Banjir di Kota Lama", "published": "2025-06-09",
            "text": "Banjir merendam 300 rumah di Semarang pada Senin (9/6/2025), kata petugas."}
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({**good, "id": "a2"}) + "\n", encoding="utf-8")
    return path


def test_extract_all_reports_a_bad_record_and_goes_on(tmp_path):
    items = list(warta.extract_all(_corpus(tmp_path)))
    assert [type(i).__name__ for i in items] == ["Document", "BadRecord", "Document"]
    assert items[1].origin.endswith("corpus.jsonl:2")
    assert [i.source.id for i in items if isinstance(i, warta.Document)] == ["a1", "a2"]


def test_extract_all_turns_a_stage_bug_into_one_error_line(tmp_path, stage_bug):
    import warta.store.batch as batch

    stage_bug("corpus.jsonl:1", ZeroDivisionError("division by zero"))
    items = list(batch.process_all([_corpus(tmp_path)], options=warta.Options()))
    assert [o.status for o in items] == ["failed", "failed", "done"]
    assert "unexpected ZeroDivisionError" in str(items[0].error) and "\n" not in str(items[0].error)


def test_extract_raises_the_one_line_error_for_a_single_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        warta.extract(empty)
    assert isinstance(caught.value, WartaError) and "empty" in str(caught.value)


def test_a_string_is_never_silently_a_path_or_a_url(tmp_path, httpserver):
    from warta.errors import FetchError, UsageError
    from warta.options import Options

    secret = tmp_path / "rahasia.txt"
    secret.write_text("Rahasia\n\nIsi yang tidak boleh terbaca.", encoding="utf-8")
    httpserver.expect_request("/berita").respond_with_data("<html><body><p>x</p></body></html>")
    for named in (str(secret), httpserver.url_for("/berita")):
        with pytest.raises(UsageError, match="extract_file or warta.extract_url"):
            warta.extract(named)
        assert warta.extract_text(named).title is None  # taken as text, never read or fetched
    assert httpserver.log == []
    assert warta.extract_file(secret).title == "Rahasia"
    with pytest.raises(FetchError, match="refused"):
        warta.extract_url(httpserver.url_for("/berita"))
    assert httpserver.log == []
    with pytest.raises(WartaError):  # allowed, the page is fetched (and has no article)
        warta.extract_url(httpserver.url_for("/berita"), options=Options(allow_private=True))
    assert len(httpserver.log) == 1


@pytest.mark.parametrize("value", [None, b"Berita", {"text": "Berita"}, 42])
def test_extract_refuses_what_is_no_text_in_one_line(value):
    from warta.errors import UsageError

    with pytest.raises(UsageError) as caught:
        warta.extract(value)
    assert "\n" not in str(caught.value) and type(value).__name__ in str(caught.value)

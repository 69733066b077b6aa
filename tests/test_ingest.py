"""The readers: every input form to ``RawArticle``s, and every bad input to one clear error.

Real files of ../shared are read in place (seed text, dev JSONL, the Indonesian
scraper's CSV, the id-news-2017 HTML pages, the ScrapingHub benchmark pages);
malformed inputs are written here in ``tmp_path``; URLs and feeds are served by a
real local HTTP server (pytest-httpserver).
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import os
import random
import re
import socket
import sys
import time
from pathlib import Path

import pytest

from conftest import shared_path
from warta.errors import BadRecord, BinaryInput, EmptyInput, FetchError, InputError, NoArticle, TooLarge
from warta.ingest import read, sniff
from warta.model import RawArticle
from warta.options import Options

ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d([+-]\d\d:\d\d)?)?$")

# A made-up article, written for these tests.
PARAGRAPHS = [
    "Pemerintah kota Rembangsari meresmikan jembatan gantung baru di atas Sungai Cilembu pada Selasa pagi, "
    "setelah pembangunan yang berlangsung hampir dua tahun dan sempat terhenti karena banjir.",
    "Wali kota mengatakan jembatan sepanjang 120 meter itu akan memangkas waktu tempuh warga dua desa ke pasar "
    "kecamatan dari satu jam menjadi sekitar lima belas menit, terutama pada musim hujan.",
    "Warga menyambut peresmian dengan arak-arakan sepeda dan pertunjukan musik tradisional, sementara petugas "
    "dinas perhubungan memeriksa batas beban kendaraan yang boleh melintas.",
    "Dinas pekerjaan umum menyebut biaya pembangunan mencapai Rp 14 miliar dan berjanji memeriksa kondisi kabel "
    "penyangga setiap enam bulan agar jembatan tetap aman digunakan.",
]
TITLE = "Jembatan Gantung Cilembu Resmi Dibuka untuk Warga Dua Desa"


def article_page(*, title: str = TITLE, charset: str = "utf-8", extra_head: str = "") -> str:
    """A news page with navigation, the article and a footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="{charset}"><title>{title} | Kabar Rembang</title>
<meta property="og:site_name" content="Kabar Rembang">
<meta name="author" content="Oleh Sari Wulandari">
<meta property="article:published_time" content="2025-06-17T08:30:00+07:00">
{extra_head}</head>
<body><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a> <a href="/olahraga">Olahraga</a></nav>
<article><h1>{title}</h1>
{paras}
</article>
<footer><p>Hak cipta Kabar Rembang. Semua hak dilindungi.</p></footer></body></html>"""


NO_ARTICLE_PAGE = """<!DOCTYPE html><html><head><title>Masuk</title></head>
<body><nav><a href="/">Beranda</a> <a href="/masuk">Masuk</a></nav>
<form><input name="user"><input name="pass" type="password"><button>Masuk</button></form></body></html>"""


def articles(items) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def errors(items) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def one_line(error: InputError, origin: str) -> None:
    """An error message is one line that names the input and says why."""
    text = str(error)
    assert "\n" not in text
    assert origin in text
    assert error.reason and error.reason in text


# --- plain text ------------------------------------------------------------------


def test_seed_text_file_title_and_raw_body(seed_path):
    [raw] = list(read(seed_path))
    lines = seed_path.read_text(encoding="utf-8").split("\n", 1)
    assert raw.title == lines[0].strip()
    # The raw body keeps the credit and dateline lines: the clean stage removes them.
    assert raw.text == lines[1]
    assert raw.path == str(seed_path) and raw.origin == str(seed_path)
    assert not raw.extracted


def test_text_in_cp1252_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    title = "Caf\u00e9 \u201cSe\u00f1or\u201d dibuka kembali"
    body = "Pemilik kafe, Jos\u00e9 Mar\u00eda, berkata \u2014 dengan na\u00efvet\u00e9 \u2014 bahwa men\u00fa baru siap.\n" * 3
    path.write_bytes(f"{title}\n{body}".encode("cp1252"))
    [raw] = list(read(path))
    assert raw.title == title
    assert raw.text == body


def test_text_in_latin1_and_utf16_and_bom(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Judul berita\u00a0\u00e9t\u00e9\nIsi berita di K\u00f6ln dan M\u00fcnchen, \u00e0 la carte.\n".encode("latin-1"))
    [raw] = list(read(latin))
    assert "K\u00f6ln dan M\u00fcnchen" in raw.text
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Judul\nIsi berita dengan \u201ckutipan\u201d.\n".encode("utf-16"))
    [raw] = list(read(utf16))
    assert raw.title == "Judul" and "\u201ckutipan\u201d" in raw.text
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffJudul\r\nBaris satu\r\nBaris dua\r\n".encode())
    [raw] = list(read(bom))
    assert raw.title == "Judul" and raw.text == "Baris satu\nBaris dua\n"


# --- JSONL and CSV corpora -------------------------------------------------------------


def test_dev_jsonl_maps_every_record(dev_path, dev_records):
    items = list(read(dev_path))
    assert not errors(items)
    assert len(items) == len(dev_records)
    for number, (raw, rec) in enumerate(zip(items, dev_records, strict=True), 1):
        assert raw.source_id == rec["id"]
        assert (raw.title, raw.url, raw.outlet, raw.published, raw.text) == (
            rec["title"], rec["url"], rec["outlet"], rec["published"], rec["text"])
        assert raw.origin == f"{dev_path}:{number}"
        assert raw.path == str(dev_path)


def test_indonews_csv_maps_scraper_columns():
    folder = shared_path("data", "corpus", "indonews-2025-06")
    path = sorted(folder.glob("*.csv"))[0]
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items = list(read(path))
    assert len(items) == len(rows)
    assert not errors(items)
    for number, (raw, row) in enumerate(zip(items, rows, strict=True), 1):
        assert raw.origin == f"{path}:row {number}"
        assert raw.text == row["isi_berita"]
        assert (raw.title, raw.url, raw.outlet, raw.published) == tuple(
            row[k].strip() or None for k in ("judul", "url", "sumber", "tanggal_publikasi"))
        assert raw.source_id is None  # the doc_id is content-based
    # An author field with two names separated by a comma gives two authors.
    shared = [(raw, row) for raw, row in zip(items, rows, strict=True) if "," in row["author"]]
    assert shared
    for raw, _row in shared:
        assert len(raw.authors) >= 2
        assert all("," not in a and not a.startswith("-") for a in raw.authors)


def test_corpus_is_streamed_not_loaded():
    path = sorted(shared_path("data", "corpus", "indonews-2025-06").glob("*.csv"))[0]
    start = time.perf_counter()
    first = next(iter(read(path)))
    assert isinstance(first, RawArticle)
    assert time.perf_counter() - start < 1.0


def test_jsonl_and_csv_formats_are_detected_by_keys(tmp_path):
    jsonl = tmp_path / "generic.jsonl"
    jsonl.write_text(json.dumps({"headline": "Judul", "body": "Isi berita.", "link": "https://x.test/a",
                                 "author": "Ana Putri; Budi Santoso"}) + "\n", encoding="utf-8")
    [raw] = list(read(jsonl))
    assert (raw.title, raw.text, raw.url, raw.authors) == ("Judul", "Isi berita.", "https://x.test/a",
                                                         ["Ana Putri", "Budi Santoso"])
    tsv = tmp_path / "corpus.tsv"
    tsv.write_text("id\ttitle\ttext\n7\tJudul\tIsi berita.\n", encoding="utf-8")
    [raw] = list(read(tsv))
    assert (raw.source_id, raw.title, raw.text, raw.origin) == ("7", "Judul", "Isi berita.", f"{tsv}:row 1")
    gz = tmp_path / "corpus.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"id": "a", "text": "Isi satu."}\n{"id": "b", "text": "Isi dua."}\n'))
    assert [r.source_id for r in read(gz)] == ["a", "b"]


def test_json_file_with_one_record_or_an_array(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "Judul", "text": "Isi."}, indent=2), encoding="utf-8")
    [raw] = list(read(one))
    assert raw.title == "Judul"
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "Satu."}, {"nothing": 1}, {"text": "Dua."}]), encoding="utf-8")
    items = list(read(many))
    assert [type(i) for i in items] == [RawArticle, BadRecord, RawArticle]
    one_line(items[1], f"{many}[2]")


# --- HTML ----------------------------------------------------------------------------------


def test_id_news_html_pages_give_body_and_metadata():
    folder = shared_path("data", "html", "id-news-2017")
    pages = sorted(folder.glob("*.html"))
    assert len(pages) >= 20
    dated = authored = 0
    authors = []
    for page in pages:
        [raw] = list(read(page))
        authors += raw.authors
        assert isinstance(raw, RawArticle), raw
        assert raw.extracted and raw.path == str(page)
        assert raw.title and raw.outlet
        assert len(raw.text.split()) >= 40, page.name
        assert "<" not in raw.text[:200] and "\n\n" not in raw.text
        if raw.published:
            assert ISO_DATE.match(raw.published), raw.published
            dated += 1
        authored += bool(raw.authors)
    assert dated == len(pages)
    assert authored >= len(pages) // 2
    # Byline words before a name are dropped ("Pewarta X" -> "X").
    assert all(not a.lower().startswith(("pewarta ", "oleh ", "by ")) for a in authors)


def test_scrapinghub_gzip_pages_match_ground_truth():
    bench = shared_path("data", "html", "article-extraction-benchmark")
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from html_extraction import page_scores, summary

    rows = []
    for key in sorted(truth)[:20]:
        [raw] = list(read(bench / "html" / f"{key}.html.gz"))
        assert raw.extracted and raw.title
        rows.append(page_scores(truth[key]["articleBody"], raw.text, n=4))
    assert summary(rows)["f1"] >= 0.9


@pytest.mark.slow
def test_scrapinghub_benchmark_f1_floor():
    bench = shared_path("data", "html", "article-extraction-benchmark")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from html_extraction import run

    shingles, tokens, _, failures = run(bench, {})
    # Measured 0.969 (shingle F1), published trafilatura figure 0.958.
    assert shingles["f1"] >= 0.965
    assert tokens["f1"] >= 0.97
    assert failures == 0


def test_html_page_written_here(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(article_page(), encoding="utf-8")
    [raw] = list(read(path))
    assert raw.title.startswith(TITLE)
    assert raw.text.split("\n")[0] == PARAGRAPHS[0]
    assert "Beranda" not in raw.text and "Hak cipta" not in raw.text
    assert raw.outlet == "Kabar Rembang"
    assert raw.authors == ["Sari Wulandari"]
    assert raw.published == "2025-06-17T08:30:00+07:00"


def test_html_in_a_declared_legacy_charset(tmp_path):
    path = tmp_path / "legacy.htm"
    page = article_page(title="Caf\u00e9 di Pinggir Sungai \u2014 Ramai", charset="windows-1252")
    path.write_bytes(page.encode("cp1252"))
    [raw] = list(read(path))
    assert raw.title.startswith("Caf\u00e9 di Pinggir Sungai \u2014 Ramai")


def test_html_with_no_article_is_no_article(tmp_path):
    path = tmp_path / "login.html"
    path.write_text(NO_ARTICLE_PAGE, encoding="utf-8")
    [err] = list(read(path))
    assert isinstance(err, NoArticle)
    one_line(err, str(path))


# --- WARC ----------------------------------------------------------------------------------


def write_warc(path: Path, *, gzip_records: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        info = writer.create_warcinfo_record(path.name, {"software": "warta tests"})
        writer.write_record(info)
        request = writer.create_warc_record("https://kabar.test/jembatan", "request",
                                            payload=io.BytesIO(b"GET /jembatan HTTP/1.1\r\nHost: kabar.test\r\n\r\n"))
        writer.write_record(request)

        def response(url: str, body: bytes, content_type: str, status: str = "200 OK"):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)

        writer.write_record(response("https://kabar.test/jembatan", article_page().encode(), "text/html; charset=utf-8"))
        writer.write_record(response("https://kabar.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))
        writer.write_record(response("https://kabar.test/masuk", NO_ARTICLE_PAGE.encode(), "text/html"))
        writer.write_record(response("https://kabar.test/lama", b"", "text/html", status="301 Moved Permanently"))


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses(tmp_path, name, gz):
    path = tmp_path / name
    write_warc(path, gzip_records=gz)
    items = list(read(path))
    [raw] = articles(items)
    assert raw.url == "https://kabar.test/jembatan"
    assert raw.extracted and raw.title.startswith(TITLE) and raw.path == str(path)
    [err] = errors(items)
    assert isinstance(err, NoArticle) and "https://kabar.test/masuk" in str(err)
    one_line(err, str(path))


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
@pytest.mark.parametrize("cut", [60, 250, 500])
def test_truncated_warc_stores_no_cut_article_and_says_so(tmp_path, name, gz, cut):
    whole = tmp_path / ("whole-" + name)
    write_warc(whole, gzip_records=gz)
    path = tmp_path / name
    path.write_bytes(whole.read_bytes()[:-cut])  # the last record (the 301) or more is cut off
    complete = [i.text for i in read(whole) if isinstance(i, RawArticle)]
    items = list(read(path))
    assert any(isinstance(i, InputError) and not isinstance(i, NoArticle) for i in items)
    # Whatever was read whole is as in the complete file; nothing cut short is an article.
    assert all(i.text in complete for i in items if isinstance(i, RawArticle))


def test_broken_warc_is_one_error(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    items = list(read(path))
    assert items and all(isinstance(i, InputError) for i in items)
    one_line(items[0], str(path))


# --- URLs and feeds -----------------------------------------------------------------------


def test_url_page_with_redirect(httpserver):
    httpserver.expect_request("/berita/jembatan").respond_with_data(article_page(), content_type="text/html")
    httpserver.expect_request("/j").respond_with_data("", status=302, headers={"Location": "/berita/jembatan"})
    [raw] = list(read(httpserver.url_for("/j"), options=LOCAL))
    assert raw.url == httpserver.url_for("/berita/jembatan")
    assert raw.origin == httpserver.url_for("/j")
    assert raw.title.startswith(TITLE) and raw.extracted


def test_url_http_error_and_non_html_are_fetch_errors(httpserver):
    httpserver.expect_request("/hilang").respond_with_data("not here", status=404)
    httpserver.expect_request("/foto.png").respond_with_data(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    for route, reason in (("/hilang", "HTTP 404"), ("/foto.png", "image/png")):
        [err] = list(read(httpserver.url_for(route), options=LOCAL))
        assert isinstance(err, FetchError) and reason in err.reason
        one_line(err, httpserver.url_for(route))


def test_unreachable_url_is_a_fetch_error():
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/berita"
    [err] = list(read(url, options=Options(timeout=2, allow_private=True)))
    assert isinstance(err, FetchError) and "cannot connect" in err.reason
    one_line(err, url)


def test_url_timeout_is_a_fetch_error(httpserver):
    def slow(request):
        time.sleep(1.5)
        from werkzeug import Response

        return Response(article_page(), content_type="text/html")

    httpserver.expect_request("/lambat").respond_with_handler(slow)
    [err] = list(read(httpserver.url_for("/lambat"), options=Options(timeout=0.3, allow_private=True)))
    assert isinstance(err, FetchError) and "no answer" in err.reason


def test_url_over_the_size_limit(httpserver):
    httpserver.expect_request("/besar").respond_with_data(article_page(), content_type="text/html")
    [err] = list(read(httpserver.url_for("/besar"), options=Options(max_article_bytes=500, allow_private=True)))
    assert isinstance(err, TooLarge)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Kabar</title>
<item><title>Satu</title><link>{base}/a</link><pubDate>Tue, 17 Jun 2025 08:30:00 +0700</pubDate>
<dc:creator>Sari</dc:creator></item>
<item><title>Dua</title><link>/b</link></item>
<item><title>Hilang</title><link>{base}/hilang</link></item>
<item><title>Tanpa tautan</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar</title>
<entry><title>Satu</title><link rel="alternate" href="{base}/a"/><published>2025-06-17T08:30:00+07:00</published>
<author><name>Sari</name></author></entry>
</feed>"""


def serve_pages(httpserver) -> str:
    plain = article_page().replace('<meta property="article:published_time" content="2025-06-17T08:30:00+07:00">', "")
    httpserver.expect_request("/a").respond_with_data(plain, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(article_page(title="Berita Dua"), content_type="text/html")
    httpserver.expect_request("/hilang").respond_with_data("no", status=404)
    return httpserver.url_for("").rstrip("/")


def test_rss_feed_url_fetches_each_item(httpserver):
    base = serve_pages(httpserver)
    httpserver.expect_request("/rss").respond_with_data(RSS.format(base=base), content_type="application/rss+xml")
    items = list(read(f"{base}/rss", options=FEEDS))
    got = articles(items)
    assert [a.url for a in got] == [f"{base}/a", f"{base}/b"]
    # The page had no date: the item's pubDate fills it.
    assert got[0].published == "2025-06-17T08:30:00+07:00"
    assert got[1].title.startswith("Berita Dua")
    fetch_error, no_link = errors(items)
    assert isinstance(fetch_error, FetchError) and f"{base}/hilang" in str(fetch_error)
    assert isinstance(no_link, BadRecord) and "no link" in no_link.reason


def test_atom_feed_file_on_disk(httpserver, tmp_path):
    base = serve_pages(httpserver)
    path = tmp_path / "kabar.atom"
    path.write_text(ATOM.format(base=base), encoding="utf-8")
    [raw] = list(read(path, options=FEEDS))
    assert raw.url == f"{base}/a" and raw.authors == ["Sari Wulandari"]
    # An .xml feed is recognised by its root element, too.
    xml = tmp_path / "feed.xml"
    xml.write_text(ATOM.format(base=base), encoding="utf-8")
    assert [r.url for r in read(xml, options=FEEDS)] == [f"{base}/a"]


# The loopback test server stands for a host on the internet: these tests allow it.
LOCAL = Options(allow_private=True)
FEEDS = Options(allow_private=True, fetch_feed_items=True)


def test_non_public_addresses_are_refused_unless_allowed(httpserver):
    httpserver.expect_request("/berita").respond_with_data(article_page(), content_type="text/html")
    for url in (httpserver.url_for("/berita"), "http://[::1]:9/x", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/", "http://192.168.1.1/", "http://[::ffff:127.0.0.1]:9/"):
        [err] = list(read(url))
        assert isinstance(err, FetchError) and err.reason.startswith("refused:"), url
        one_line(err, url)
    assert httpserver.log == []  # nothing reached the server
    [raw] = list(read(httpserver.url_for("/berita"), options=LOCAL))
    assert raw.title.startswith(TITLE)


def test_every_redirect_is_checked_again(httpserver, monkeypatch):
    from warta.ingest import web

    # Stand-in for a public host that redirects into the private network: here the
    # addresses under /internal count as private.
    checked = []

    def check(url, *, origin, options):
        checked.append(url)
        if "/internal" in url:
            raise FetchError("refused: a non-public address", origin=origin)

    monkeypatch.setattr(web, "check_target", check)
    monkeypatch.setattr(web, "_check_peer", lambda response, **kwargs: None)  # the stand-in "public" host
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": "/internal/admin"})
    httpserver.expect_request("/internal/admin").respond_with_data(article_page(), content_type="text/html")
    [err] = list(read(httpserver.url_for("/go")))
    assert isinstance(err, FetchError) and "refused" in err.reason
    assert checked == [httpserver.url_for("/go"), httpserver.url_for("/internal/admin")]
    assert [request.path for request, _response in httpserver.log] == ["/go"]


def test_feed_items_are_fetched_only_when_asked(httpserver, tmp_path):
    base = serve_pages(httpserver)
    httpserver.expect_request("/rss").respond_with_data(RSS.format(base=base), content_type="application/rss+xml")
    [err] = list(read(f"{base}/rss", options=LOCAL))
    assert "--fetch-feed-items" in err.reason and "4 items" in err.reason
    assert [request.path for request, _response in httpserver.log] == ["/rss"]
    # A feed file met while walking a folder is reported, never followed.
    (tmp_path / "kabar.rss").write_text(RSS.format(base=base), encoding="utf-8")
    (tmp_path / "berita.txt").write_text("Judul\n\nIsi berita yang cukup panjang untuk dibaca.", encoding="utf-8")
    items = list(read(tmp_path, options=LOCAL))
    assert len(articles(items)) == 1 and "--fetch-feed-items" in errors(items)[0].reason
    assert [request.path for request, _response in httpserver.log] == ["/rss"]


# --- stdin ------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["html", "jsonl", "csv", "text"])
def test_stdin_is_sniffed(monkeypatch, form):
    data = {
        "html": article_page().encode(),
        "jsonl": b'{"id": "s1", "text": "Isi satu."}\n{broken\n{"id": "s2", "text": "Isi dua."}\n',
        "csv": b"sumber,url,judul,author,tanggal_publikasi,isi_berita\nkabar.test,https://kabar.test/1,Judul,Sari,"
               b"17 Jun 2025,Isi berita.\n",
        "text": f"{TITLE}\n{PARAGRAPHS[0]}\n".encode(),
    }[form]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read("-"))
    if form == "html":
        [raw] = items
        assert raw.extracted and raw.title.startswith(TITLE) and raw.origin == "<stdin>"
    elif form == "jsonl":
        assert [type(i) for i in items] == [RawArticle, BadRecord, RawArticle]
        assert items[1].origin == "<stdin>:2"
    elif form == "csv":
        [raw] = items
        assert (raw.outlet, raw.title, raw.authors, raw.origin) == ("kabar.test", "Judul", ["Sari"], "<stdin>:row 1")
    else:
        [raw] = items
        assert raw.title == TITLE and raw.text == PARAGRAPHS[0] + "\n"


def test_empty_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    [err] = list(read("-"))
    assert isinstance(err, EmptyInput)


# --- directories and sniffing ---------------------------------------------------------------


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "page.html").write_text(article_page(), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Judul A\nIsi A.\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "c1", "text": "Isi C."}\n', encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))  # not a supported extension: passed over
    (tmp_path / ".hidden.txt").write_text("Judul\nIsi.\n", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Judul\nIsi.\n", encoding="utf-8")
    items = list(read(tmp_path))
    assert [i.origin for i in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "page.html"),
                                         f"{tmp_path / 'c.jsonl'}:1"]


def test_examples_directory_reads_cleanly():
    folder = Path(__file__).resolve().parents[1] / "examples"
    if not folder.is_dir():
        pytest.skip("no examples/ folder")
    items = list(read(folder))
    assert items and not errors(items)


def test_empty_directory(tmp_path):
    [err] = list(read(tmp_path))
    assert isinstance(err, InputError) and "no supported files" in err.reason


def test_file_without_extension_is_sniffed(tmp_path):
    page = tmp_path / "halaman"
    page.write_text(article_page(), encoding="utf-8")
    [raw] = list(read(page))
    assert raw.extracted
    corpus = tmp_path / "korpus"
    corpus.write_text('{"text": "Satu."}\n{"text": "Dua."}\n', encoding="utf-8")
    assert len(list(read(corpus))) == 2
    assert sniff(b"Judul\nIsi berita.") == "text"
    assert sniff(b"WARC/1.0\r\n") == "warc"
    assert sniff(b'<?xml version="1.0"?><rss version="2.0">') == "feed"


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl", "empty.csv", "empty.warc", "empty"])
def test_empty_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    [err] = list(read(path))
    assert isinstance(err, EmptyInput)
    one_line(err, str(path))


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    [err] = list(read(path))
    assert isinstance(err, EmptyInput)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6"


@pytest.mark.parametrize("name", ["image.txt", "image.html", "image", "image.jsonl", "image.csv"])
def test_png_is_binary(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(PNG + bytes(range(256)) * 4)
    [err] = list(read(path))
    assert isinstance(err, BinaryInput)
    one_line(err, str(path))


def test_random_bytes_are_binary(tmp_path):
    path = tmp_path / "noise.txt"
    noise = random.Random(7).randbytes(8192)
    path.write_bytes(noise)
    [err] = list(read(path))
    assert isinstance(err, BinaryInput)
    # Even with no NUL byte at all.
    path.write_bytes(noise.replace(b"\x00", b""))
    [err] = list(read(path))
    assert isinstance(err, BinaryInput)


def test_broken_json_line_is_one_bad_record(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "1", "text": "Isi satu."}\n{"id": "2", "text": "Isi\n'
                    '{"id": "3", "text": "Isi tiga."}\n[1, 2]\n{"id": "5", "title": "tanpa isi"}\n', encoding="utf-8")
    items = list(read(path))
    assert [type(i) for i in items] == [RawArticle, BadRecord, RawArticle, BadRecord, BadRecord]
    assert [i.source_id for i in articles(items)] == ["1", "3"]
    for err, line in zip(errors(items), (2, 4, 5), strict=True):
        one_line(err, f"{path}:{line}")


def test_deep_json_and_lone_surrogate_are_one_bad_record_each_and_the_file_goes_on(tmp_path):
    path = tmp_path / "odd.jsonl"
    deep = '{"id": "2", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text('{"id": "1", "text": "Satu."}\n' + deep + '\n{"id": "3", "text": "Isi \\ud800 tiga."}\n'
                    '{"id": "4", "text": "Empat \\ud83d\\ude00."}\n', encoding="utf-8")
    items = list(read(path))
    assert [type(i) for i in items] == [RawArticle, BadRecord, BadRecord, RawArticle]
    assert items[3].text == "Empat \U0001f600."  # a surrogate pair is one character
    one_line(items[1], f"{path}:2")
    one_line(items[2], f"{path}:3")


def test_csv_row_with_no_body_is_one_bad_record(tmp_path):
    path = tmp_path / "scrape.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sumber", "url", "judul", "author", "tanggal_publikasi", "isi_berita"])
        writer.writerow(["kabar.test", "https://kabar.test/1", "Satu", "Sari", "17 Jun 2025", "Isi satu,\n\"dua\"."])
        writer.writerow(["kabar.test", "https://kabar.test/2", "Dua", "Sari", "17 Jun 2025", "  "])
        writer.writerow(["kabar.test", "https://kabar.test/3", "Tiga", "Sari", "17 Jun 2025", "Isi tiga."])
    items = list(read(path))
    assert [type(i) for i in items] == [RawArticle, BadRecord, RawArticle]
    assert items[0].text == 'Isi satu,\n"dua".'
    one_line(items[1], f"{path}:row 2")
    assert "no article body" in items[1].reason


def test_csv_with_no_body_column(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    [err] = list(read(path))
    assert isinstance(err, InputError) and "no article body column" in err.reason


def test_csv_in_cp1252(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("title,text\nCaf\u00e9,\u201cIsi\u201d berita na\u00efve.\n".encode("cp1252"))
    [raw] = list(read(path))
    assert (raw.title, raw.text) == ("Caf\u00e9", "\u201cIsi\u201d berita na\u00efve.")


def test_one_latin1_record_garbles_no_other_record(tmp_path):
    # Record 1 was saved in latin-1, the other 39 in UTF-8 with curly quotes and dashes.
    lines = [json.dumps({"id": "1", "text": "Caf\u00e9 di pojok jalan."}, ensure_ascii=False).encode("latin-1")]
    lines += [json.dumps({"id": str(n), "text": f"\u201cKami menolak\u201d \u2014 kata juru bicara {n}."},
                         ensure_ascii=False).encode("utf-8") for n in range(2, 41)]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read(path))
    assert len(articles(items)) == 40
    assert items[0].text == "Caf\u00e9 di pojok jalan."
    assert all(i.text == f"\u201cKami menolak\u201d \u2014 kata juru bicara {i.source_id}." for i in items[1:])


def test_stray_byte_in_a_utf8_record_is_replaced_with_a_warning(tmp_path, caplog):
    path = tmp_path / "stray.jsonl"
    good = json.dumps({"id": "1", "text": "\u201cSatu\u201d."}, ensure_ascii=False).encode()
    stray = '{"id": "2", "text": "\u201cDua\u201d \xff rusak."}'.encode().replace("\u00ff".encode(), b"\xff")
    path.write_bytes(good + b"\n" + stray + b"\n")
    with caplog.at_level("WARNING", logger="warta"):
        first, second = read(path)
    assert first.text == "\u201cSatu\u201d."
    assert second.text == "\u201cDua\u201d \ufffd rusak."
    assert f"{path}:2" in caplog.text


def test_mojibake_is_repaired_in_cleaning():
    from warta.clean.text import normalise_characters

    garbled = "\u201cKami\u201d \u2014 kata dia.".encode().decode("latin-1")  # "â\x80\x9cKami..."
    assert normalise_characters(garbled) == "\u201cKami\u201d \u2014 kata dia."
    assert normalise_characters("Caf\u00e9 \u201cbiasa\u201d.") == "Caf\u00e9 \u201cbiasa\u201d."


def test_large_csv_field(tmp_path):
    path = tmp_path / "big.csv"
    body = "kata " * 60_000  # over csv's default 131,072-character field limit
    path.write_text(f"title,text\nJudul,{body}\n", encoding="utf-8")
    [raw] = list(read(path))
    assert raw.text == body


def test_too_large_is_checked_before_reading(tmp_path, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    for kind in ("txt", "html", "json"):
        path = tmp_path / f"big.{kind}"
        path.write_text("Judul\n" + "kata " * 1000, encoding="utf-8")
        with monkeypatch.context() as patch:
            patch.setattr(Path, "open", no_reading)
            patch.setattr(Path, "read_bytes", no_reading)
            [err] = list(read(path, options=Options(max_article_bytes=1000)))
        assert isinstance(err, TooLarge)
        one_line(err, str(path))


def test_too_large_html_and_gzip_bomb(tmp_path):
    options = Options(max_article_bytes=1200)
    page = tmp_path / "page.html"
    page.write_text(article_page(), encoding="utf-8")
    [err] = list(read(page, options=options))
    assert isinstance(err, TooLarge)
    bomb = tmp_path / "page.html.gz"
    bomb.write_bytes(gzip.compress(article_page().encode() + b" " * 100_000))
    assert bomb.stat().st_size < 1200
    [err] = list(read(bomb, options=options))
    assert isinstance(err, TooLarge)


def test_corpora_are_not_held_to_the_article_limit(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"text": f"Isi {n}. " * 20}) + "\n" for n in range(50)), encoding="utf-8")
    assert path.stat().st_size > 1000
    assert len(articles(read(path, options=Options(max_article_bytes=1000)))) == 50


def test_missing_path(tmp_path):
    path = tmp_path / "nowhere.txt"
    [err] = list(read(path))
    assert type(err) is InputError and "no such file" in err.reason
    one_line(err, str(path))


def test_title_only_text_file(tmp_path):
    path = tmp_path / "title.txt"
    path.write_text("Hanya judul\n", encoding="utf-8")
    [err] = list(read(path))
    assert isinstance(err, NoArticle)


def test_bad_gzip(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00broken")
    [err] = list(read(path))
    assert isinstance(err, InputError)
    one_line(err, str(path))


def test_batch_goes_on_past_bad_files(tmp_path, seed_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(PNG)
    (tmp_path / "c.txt").write_text("Judul\nIsi.\n", encoding="utf-8")
    kinds = [type(i) for i in read(tmp_path)]
    assert kinds == [EmptyInput, BinaryInput, RawArticle]


def test_every_error_from_a_mixed_folder_is_one_line(tmp_path):
    (tmp_path / "a.jsonl").write_text("{bad\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(NO_ARTICLE_PAGE, encoding="utf-8")
    (tmp_path / "c.csv").write_text("title,text\nx,\n", encoding="utf-8")
    (tmp_path / "d.warc").write_bytes(b"not a warc at all")
    items = list(itertools.chain(read(tmp_path)))
    assert items and all(isinstance(i, InputError) for i in items)
    for err in items:
        assert "\n" not in str(err) and str(tmp_path) in str(err)


def test_page_saved_as_txt_is_read_as_html(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(article_page(), encoding="utf-8")
    [raw] = list(read(path))
    assert raw.extracted and raw.text.split("\n")[0] == PARAGRAPHS[0]


def test_named_pipe_is_read_as_a_stream(tmp_path):
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def write():
        with pipe.open("wb") as handle:
            handle.write(b'{"id": "p1", "text": "Isi lewat pipa."}\n')

    writer = threading.Thread(target=write)
    writer.start()
    items = list(read(pipe))
    writer.join(timeout=5)
    assert [(i.source_id, i.origin) for i in items] == [("p1", f"{pipe}:1")]


def test_directory_walk_passes_over_annotations_and_non_feeds(tmp_path):
    (tmp_path / "a.txt").write_text("Judul\nIsi.\n", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text('{"events": []}', encoding="utf-8")
    (tmp_path / "settings.xml").write_text('<?xml version="1.0"?><settings/>', encoding="utf-8")
    assert [type(i) for i in read(tmp_path)] == [RawArticle]


def test_truncated_gzip_corpus_ends_with_one_error(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    lines = "".join(json.dumps({"id": str(n), "text": os.urandom(40).hex()}) + "\n" for n in range(4000))
    packed = gzip.compress(lines.encode())
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read(path))
    assert isinstance(items[-1], InputError) and not isinstance(items[-1], BadRecord)
    assert len(articles(items)) > 10
    one_line(items[-1], str(path))


def test_tokenised_body_is_joined(tmp_path):
    path = tmp_path / "tokens.jsonl"
    record = {"id": "t1", "source": "kabar", "source_url": "https://kabar.test/t1",
              "paragraphs": [[["Jembatan", "dibuka", "."], ["Warga", "senang", "."]], [["Biaya", "Rp", "14", "miliar", "."]]]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [raw] = list(read(path))
    assert raw.text == "Jembatan dibuka . Warga senang .\nBiaya Rp 14 miliar ."
    assert (raw.outlet, raw.url, raw.source_id) == ("kabar", "https://kabar.test/t1", "t1")


def test_links_out_of_an_ingested_folder_are_not_followed(tmp_path):
    secret = tmp_path / "elsewhere" / "rahasia.txt"
    secret.parent.mkdir()
    secret.write_text("Rahasia\n\nIsi yang tidak boleh terbaca dari folder lain.", encoding="utf-8")
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "berita.txt").write_text("Judul\n\nIsi berita yang cukup panjang untuk dibaca.", encoding="utf-8")
    (folder / "tautan.txt").symlink_to(secret)
    (folder / "sama.txt").symlink_to(folder / "berita.txt")  # a link inside the folder is fine
    (folder / "sub").symlink_to(secret.parent, target_is_directory=True)
    items = list(read(folder))
    assert sorted(Path(a.path).name for a in articles(items)) == ["berita.txt", "sama.txt"]
    [err] = errors(items)
    assert err.origin == str(folder / "tautan.txt") and "not followed" in err.reason
    assert all("Rahasia" not in (a.title or "") for a in articles(items))


def test_a_name_that_resolves_elsewhere_when_connecting_is_refused(httpserver, monkeypatch):
    # DNS rebinding: the name looks public when checked, then leads to loopback when connected.
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    httpserver.expect_request("/rahasia").respond_with_data(article_page(), content_type="text/html")
    url = f"http://rebind.test:{httpserver.port}/rahasia"
    [err] = list(read(url))
    assert isinstance(err, FetchError) and "answered from a non-public address" in err.reason


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_a_runaway_record_is_skipped_without_being_held(tmp_path, monkeypatch, form):
    import warta.ingest.decode as decode

    monkeypatch.setattr(decode, "MAX_RECORD_BYTES", 4096)
    body = "Isi berita yang cukup panjang untuk dibaca sebagai artikel."
    huge = "kata " * 20_000  # 100 kB in one line
    if form == "jsonl":
        lines = [json.dumps({"id": "a", "text": body}), json.dumps({"id": "b", "text": huge}),
                 json.dumps({"id": "c", "text": body})]
        data = "\n".join(lines) + "\n"
    else:
        data = f"id,text\na,{body}\nb,{huge}\nc,{body}\n"
    path = tmp_path / f"korpus.{form}.gz"
    path.write_bytes(gzip.compress(data.encode()))
    items = list(read(path))
    assert [a.source_id for a in articles(items)] == ["a", "c"]
    [err] = errors(items)
    assert isinstance(err, BadRecord) and "skipped" in err.reason
    one_line(err, str(path))


def test_a_trickling_server_meets_the_fetch_deadline(httpserver):
    from werkzeug import Response

    def trickle(request):
        def body():
            for _ in range(40):
                time.sleep(0.1)
                yield b" "
        return Response(body(), content_type="text/html")

    httpserver.expect_request("/pelan").respond_with_handler(trickle)
    started = time.monotonic()
    [err] = list(read(httpserver.url_for("/pelan"), options=Options(timeout=0.4, allow_private=True)))
    assert isinstance(err, FetchError) and "in all" in err.reason
    assert time.monotonic() - started < 3  # 3 x 0.4 s, not the 4 s the server would take


def test_a_feed_is_read_up_to_its_item_cap(httpserver, monkeypatch):
    from warta.ingest import web

    monkeypatch.setattr(web, "MAX_FEED_ITEMS", 2)
    base = serve_pages(httpserver)
    httpserver.expect_request("/rss").respond_with_data(RSS.format(base=base), content_type="application/rss+xml")
    items = list(read(f"{base}/rss", options=FEEDS))
    assert [a.url for a in articles(items)] == [f"{base}/a", f"{base}/b"]
    assert ["only the first 2" in e.reason for e in errors(items)] == [True]
    assert "/hilang" not in [request.path for request, _response in httpserver.log]


def test_a_pipe_with_no_writer_does_not_block(tmp_path):
    import threading

    pipe = tmp_path / "pipa"
    os.mkfifo(pipe)
    started = time.monotonic()
    [err] = list(read(pipe, options=Options(timeout=0.5)))
    assert "no writer" in err.reason and time.monotonic() - started < 3
    one_line(err, str(pipe))

    def write():
        time.sleep(0.2)
        with open(pipe, "w", encoding="utf-8") as handle:
            handle.write("Judul Berita\n\nIsi berita yang cukup panjang untuk dibaca sebagai artikel.\n")

    threading.Thread(target=write).start()
    [raw] = list(read(pipe, options=Options(timeout=5)))
    assert raw.title == "Judul Berita"


def test_a_gzip_bomb_stops_at_the_unpacking_cap(tmp_path, monkeypatch):
    import warta.ingest.decode as decode

    monkeypatch.setattr(decode, "MIN_GZIP_LIMIT", 200_000)
    monkeypatch.setattr(decode, "MAX_GZIP_RATIO", 2)  # this stream packs about 11:1
    good = json.dumps({"id": "a", "text": "Isi berita yang cukup panjang untuk dibaca sebagai artikel."})
    filler = "\n".join(json.dumps({"id": f"z{n}", "text": "x"}) for n in range(50_000))
    path = tmp_path / "bom.jsonl.gz"
    path.write_bytes(gzip.compress((good + "\n" + filler + "\n").encode(), compresslevel=9))
    items = list(read(path))
    assert articles(items)[0].source_id == "a"
    assert isinstance(items[-1], TooLarge) and "unpacks to over" in items[-1].reason
    assert len(items) < 50_000


def test_a_gzip_bomb_on_standard_input_stops_at_the_cap(monkeypatch):
    import io as _io

    import warta.ingest.stdin as stdin

    monkeypatch.setattr(stdin, "MIN_GZIP_LIMIT", 200_000)
    good = json.dumps({"id": "a", "text": "Isi berita yang cukup panjang untuk dibaca sebagai artikel."})
    filler = "\n".join(json.dumps({"id": f"z{n}", "text": "x"}) for n in range(50_000))
    packed = gzip.compress((good + "\n" + filler + "\n").encode(), compresslevel=9)
    items = []
    with pytest.raises(TooLarge, match="unpacks to over 200,000 bytes"):
        for item in stdin.read_stdin(options=Options(), stream=_io.BytesIO(packed)):
            items.append(item)
    assert articles(items)[0].source_id == "a" and len(items) < 50_000

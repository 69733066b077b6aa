"""The times stage: date expressions found and resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.model import Document
from warta.options import Options
from warta.times import find_times, make_times, parse_published

# Thursday 19 June 2025
PUB = dt.date(2025, 6, 19)


def one(text: str, *, lang: str = "id", published: dt.date | None = PUB):
    """The single time found in a snippet: (text, value, granularity, warnings)."""
    found = find_times(text, lang=lang, published=published)
    assert len(found) == 1, [(text[f.start:f.end], f.value) for f in found]
    f = found[0]
    return text[f.start:f.end], f.value, f.granularity, f.warnings


@pytest.mark.parametrize(
    ("snippet", "span", "value", "granularity"),
    [
        ("Delegasi itu tiba di Moskow pada Senin (16/6), kata pejabat.", "Senin (16/6)", "2025-06-16", "day"),
        ("Korea Utara, Kamis (19/6/2025), menyatakan keprihatinan.", "Kamis (19/6/2025)", "2025-06-19", "day"),
        ("Perjanjian itu diteken pada 19 Juni 2025 di Pyongyang.", "19 Juni 2025", "2025-06-19", "day"),
        ("Pekan lalu, militer memperingatkan warga.", "Pekan lalu", "2025-W24", "week"),
        ("Ia tiba kemarin dengan pesawat khusus.", "kemarin", "2025-06-18", "day"),
        ("Serangan itu terjadi tiga hari lalu di perbatasan.", "tiga hari lalu", "2025-06-16", "day"),
        ("Pertemuan dijadwalkan awal Juli di Jenewa.", "awal Juli", "2025-07", "month"),
        ("Pada Jum'at, kedua menteri bertemu.", "Jum'at", "2025-06-13", "day"),
        ("Pasukan itu pada Jumat (13/6) lalu menembaki pos.", "Jumat (13/6) lalu", "2025-06-13", "day"),
        ("Kedua negara pada bulan Januari menandatangani perjanjian.", "bulan Januari", "2025-01", "month"),
        ("Perdagangan naik dua kali lipat pada tahun lalu.", "tahun lalu", "2024", "year"),
        ("Invasi itu dimulai pada tahun 2022.", "tahun 2022", "2022", "year"),
        ("Tahun ini, kedua negara menandai hubungan diplomatik.", "Tahun ini", "2025", "year"),
        ("Hubungan terjalin sejak Juni 1992.", "Juni 1992", "1992-06", "month"),
        ("Dukungan datang sejak tahun 1940-an.", "tahun 1940-an", "194", "decade"),
        ("GHF mulai menyalurkan paket pada akhir Mei lalu.", "akhir Mei lalu", "2025-05", "month"),
        ("Jembatan diledakkan selama akhir pekan.", "akhir pekan", "2025-W24-WE", "week"),
        ("Menteri akan bertemu lagi bulan depan.", "bulan depan", "2025-07", "month"),
    ],
)
def test_indonesian_forms(snippet, span, value, granularity):
    assert one(snippet)[:3] == (span, value, granularity)


@pytest.mark.parametrize(
    ("snippet", "published", "span", "value", "granularity"),
    [
        ("Zelensky told the BBC on Thursday that he was pushing for a ceasefire.", dt.date(2025, 4, 26),
         "Thursday", "2025-04-24", "day"),
        ("They met on Saturday in Rome.", dt.date(2025, 4, 26), "Saturday", "2025-04-26", "day"),
        ("Talks were held last week in Istanbul.", dt.date(2025, 4, 26), "last week", "2025-W16", "week"),
        ("The treaty was signed in 2024 in Pyongyang.", dt.date(2025, 12, 28), "2024", "2024", "year"),
        ("The letter, dated Dec. 28, was published.", dt.date(2026, 1, 2), "Dec. 28", "2025-12-28", "day"),
        ("Output rose in December 2025, the ministry said.", dt.date(2026, 1, 2), "December 2025", "2025-12",
         "month"),
        ("Officials hope to build on gains seen this year.", dt.date(2025, 12, 28), "this year", "2025", "year"),
        ("Kim met Putin on April 25, 2019, in Vladivostok.", dt.date(2025, 12, 28), "April 25, 2019",
         "2019-04-25", "day"),
        ("The incursion was launched last August near Sumy.", dt.date(2025, 4, 26), "last August", "2024-08",
         "month"),
        ("The envoy arrived two weeks ago.", dt.date(2025, 4, 26), "two weeks ago", "2025-W15", "week"),
        ("The summit opens next Monday.", dt.date(2025, 4, 26), "next Monday", "2025-04-28", "day"),
        ("Crowds gathered for the New Year celebration.", dt.date(2026, 1, 2), "New Year", "2026-01-01", "day"),
    ],
)
def test_english_forms(snippet, published, span, value, granularity):
    assert one(snippet, lang="en", published=published)[:3] == (span, value, granularity)


def test_future_weekday_with_depan_or_a_future_verb():
    assert one("Sidang dilanjutkan Senin depan.")[1] == "2025-06-23"
    assert one("Presiden akan bertemu Putin pada Senin.")[1] == "2025-06-23"
    # without a future cue a bare weekday is the closest one on or before publication
    assert one("Presiden bertemu Putin pada Senin.")[1] == "2025-06-16"
    assert one("Putin spoke on Thursday.", lang="en")[1] == "2025-06-19"


def test_no_publication_date_leaves_the_year_open():
    span, value, granularity, warnings = one("Menteri itu terbang ke Hanoi pada Senin (30/7) untuk berunding.",
                                              published=None)
    assert (span, value, granularity, warnings) == ("Senin (30/7)", "XXXX-07-30", "day", [])
    assert one("Serangan terjadi pekan lalu.", published=None)[1] is None
    assert one("Ditandatangani 19 Juni 2025.", published=None)[1] == "2025-06-19"


def test_weekday_contradicting_its_date_gives_a_warning():
    span, value, _, warnings = one("Delegasi bertolak pada Senin (30/7), memicu spekulasi.",
                                   published=dt.date(2025, 6, 1))
    assert value == "2025-07-30"  # kept as written, not silently moved
    assert len(warnings) == 1 and "Senin" in warnings[0] and "Wednesday" in warnings[0]
    assert one("Rabu (18/6/2025) pukul 16.00 WITA")[3] == []


def test_day_month_that_only_fits_as_month_day_gives_a_warning():
    span, value, _, warnings = one("Pertemuan digelar (6/30) di Jakarta.")
    assert value == "2025-06-30"
    assert warnings and "only fits as month/day" in warnings[0]
    # English numeric dates are month/day; the other order is read, with a warning
    assert one("The vote on 6/30/2025 passed.", lang="en")[1:4:2] == ("2025-06-30", [])
    _, value, _, warnings = one("The vote on 30/6/2025 passed.", lang="en")
    assert value == "2025-06-30" and "only fits as day/month" in warnings[0]


@pytest.mark.parametrize(
    ("lang", "snippet"),
    [
        ("id", "memicu enam hari serangan terus-menerus"),  # a duration, a quantity
        ("id", "sekitar pukul 19.15 WIB di lokasi kejadian"),  # a time of day alone
        ("id", "sebanyak 2024 orang mengungsi"),  # a count, not a year
        ("id", "menandai 33 tahun hubungan diplomatik"),
        ("id", "Mei mengatakan bahwa ia mungkin datang"),  # an ambiguous month name without a cue
        ("en", "over the past year the sector grew"),  # a duration
        ("en", "[News Today] Kim comforts families"),  # a name
        ("en", "The final was played at the 1st of June Arena."),  # a name
        ("en", "Officials may review 2,000 cases."),
    ],
)
def test_what_is_not_a_time(lang, snippet):
    assert find_times(snippet, lang=lang, published=PUB) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kamis, 19 Jun 2025 06:27 WIB", dt.date(2025, 6, 19)),
        ("Diperbarui 10 Jun 2025, 14:19 WIB", dt.date(2025, 6, 10)),
        ("Kompas.com- 19/06/2025, 08:59 WIB", dt.date(2025, 6, 19)),
        ("03 Juni 2025 |23:58 WIB", dt.date(2025, 6, 3)),
        ("2025-04-26T15:50:21", dt.date(2025, 4, 26)),
        ("kemarin", None),
        ("", None),
        (None, None),
    ],
)
def test_publication_date_raw_or_iso(raw, expected):
    assert parse_published(raw) == expected


def test_stage_fills_times_with_ids_and_exact_spans():
    text = "Israel pada Jumat (13/6) lalu menyerang. Iran membalas pada Minggu (15/6) dan pekan lalu."
    doc = Document(doc_id="x", lang="id", title=None, text=text, published="Kamis, 19 Jun 2025 06:27 WIB")
    make_times(Options())(doc)
    assert [t.id for t in doc.times] == ["t1", "t2", "t3"]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.times)
    assert [t.value for t in doc.times] == ["2025-06-13", "2025-06-15", "2025-W24"]


def test_stage_uses_the_callers_date_when_the_record_has_none():
    doc = Document(doc_id="x", lang="id", title=None, text="Mereka tiba pada Senin (30/7).")
    make_times(Options(published="2018-08-02"))(doc)
    assert doc.times[0].value == "2018-07-30" and doc.times[0].warnings == []


def test_seed_time_is_found(seed_doc):
    times = [t for t in seed_doc.times if "30/7" in t.text]
    assert times and times[0].value.endswith("-07-30")


def test_seed_floor(seed_scores):
    assert seed_scores["times"]["recall"] == 1.0
    assert seed_scores["times"]["strict_recall"] == 1.0


@pytest.mark.slow
def test_dev_floor(dev_scores):
    row = dev_scores["times"]
    assert row["f1"] >= 0.95
    assert row["recall"] >= 0.97
    assert row["strict_recall"] >= 0.95


def test_indotimex_calendar_dates_floor():
    """The IndoTimex test set (read in place, unpacked to a temporary folder) keeps its figures."""
    import importlib.util
    import sys
    import tempfile
    import zipfile
    from pathlib import Path

    from conftest import shared_path

    archive = shared_path("data", "time", "id", "indotimex", "Kompas_test_gold.zip")
    spec = importlib.util.spec_from_file_location("warta_bench_timex", Path(__file__).parents[1] / "bench" / "timex.py")
    timex = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = timex  # its dataclasses look their module up there
    spec.loader.exec_module(timex)
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(tmp)
        docs = [timex.read_timeml(p) for p in sorted(Path(tmp).rglob("*.tml"))]
    assert len(docs) == 25
    row = timex.evaluate(docs, date_only=True, calendar_only=True)
    assert row["relaxed"][2] >= 0.94  # recognition F1
    assert row["value"][2] >= 0.93  # normalisation F1
    assert timex.evaluate(docs, date_only=True)["value"][2] >= 0.79

"""The clean and language stages: boilerplate, datelines, wires, glued words, dates, titles."""

from __future__ import annotations

import csv
import json
import random
import re

import pytest

from conftest import score, shared_path
from warta import Options, Pipeline, RawArticle
from warta.clean.dates import parse_published
from warta.clean.glue import GlueSplitter
from warta.clean.meta import clean_title, find_wires, take_credit_lines, take_dateline
from warta.clean.text import join_fragments, lines_of, normalise_characters, space_glued_sentences

STAGES = ("clean", "language")


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Options(stages=STAGES))


def clean(pipe: Pipeline, text: str, **fields):
    return pipe(RawArticle(text=text, origin="<test>", **fields))


@pytest.fixture(scope="module")
def splitter() -> GlueSplitter:
    return GlueSplitter()


# -- the scorer's document row on the real articles ----------------------------------------


@pytest.fixture(scope="module")
def seed_clean_doc(seed_path):
    import warta

    return warta.extract(seed_path, options=Options(stages=STAGES))


@pytest.fixture(scope="module")
def dev_clean_docs(dev_path) -> dict:
    import warta

    return {d.source.id: d for d in warta.extract_all(dev_path, options=Options(stages=STAGES))}


def test_seed_document_row_is_full(seed_clean_doc, seed_gold):
    row = score({seed_gold["input"]: seed_gold}, [seed_clean_doc])["document"]
    assert row["recall"] == 1.0, row


def test_seed_metadata(seed_clean_doc):
    doc = seed_clean_doc
    assert doc.source.wire == ["Anadolu"]
    assert doc.source.dateline == "Jakarta"
    assert doc.source.outlet == "tvOnenews.com"
    assert not doc.text.startswith(("Jakarta", "tvOnenews")) and doc.text[:1].isupper()  # the dateline is gone
    assert "Load more" not in doc.text and "- Anadolu" not in doc.text
    assert doc.lang == "id"


def test_dev_document_row_floor(dev_clean_docs, dev_gold):
    row = score(dev_gold, list(dev_clean_docs.values()))["document"]
    assert row["recall"] >= 0.99, row


@pytest.mark.slow
def test_document_row_through_the_whole_pipeline(seed_scores, dev_scores):
    assert seed_scores["document"]["recall"] == 1.0
    assert dev_scores["document"]["recall"] >= 0.99


def test_every_dev_article_passes_its_document_checks(dev_clean_docs, dev_gold):
    failing = {}
    for key, gold in dev_gold.items():
        row = score({key: gold}, [dev_clean_docs[key]])["document"]
        if row["recall"] < 1.0:
            failing[key] = row
    assert not failing


def test_dev_published_dates_are_iso_with_wib(dev_clean_docs):
    doc = dev_clean_docs["002_id_detik"]
    assert doc.published == "2025-06-19T06:27:00+07:00"
    assert dev_clean_docs["031_id_kompas"].published == "2025-06-19T08:59:00+07:00"
    for doc in dev_clean_docs.values():
        assert doc.published and re.match(r"\d{4}-\d{2}-\d{2}", doc.published), doc.source.id


def test_dev_glued_words_are_split(dev_clean_docs):
    text = dev_clean_docs["002_id_detik"].text
    assert "serangan Israel yang memicu konflik dengan Iran" in text
    assert "negeri Korut memperingatkan" in text
    assert re.search(r"Dilansir AFP, \w+ \(\d+/\d+/\d{4}\)", text)  # the sentence stays, the wire is recorded
    assert dev_clean_docs["002_id_detik"].source.wire == ["AFP"]


def test_dev_link_fragments_are_rejoined(dev_clean_docs):
    doc = dev_clean_docs["016_id_detik"]
    assert doc.source.dateline == "Gaza City"
    assert not doc.text.startswith("Gaza") and doc.text[:1].isupper()  # the dateline is gone
    assert "Reuters dan Al Arabiya" in doc.text  # the linked names rejoined their sentence
    assert "\nIsrael\n" not in doc.text


def test_crawler_envelope_is_removed(dev_clean_docs):
    doc = dev_clean_docs["039_en_kbs"]
    assert doc.lang == "en"
    assert not re.search(r"[\uac00-\ud7a3]", doc.text)  # no Hangul left from the footer
    assert "Crawled at" not in doc.text and "[LEAD]" not in doc.text and "&#x27;" not in doc.text
    assert "attendance. The event" in doc.text


# -- real raw rows, unlabelled articles --------------------------------------------------------

BOILERPLATE_LINE = re.compile(
    r"^(?:Advertisement|ADVERTISEMENT|Baca [Jj]uga:?.*|SCROLL TO CONTINUE WITH CONTENT|\[Gambas:[^\]]*\]|"
    r"Load more|Simak (?:juga )?Video.*|Lihat (?:juga )?Video.*|Simak berita selengkapnya di halaman selanjutnya\.?|"
    r"Penulis:.*|Editor:.*|Ikuti Whatsapp Channel.*)$",
    re.MULTILINE,
)
OPENING_DATELINE = re.compile(r"^(?:Liputan6\.com|[A-Z]+, KOMPAS\.com|KOMPAS\.com|REPUBLIKA\.CO\.ID|TEMPO\.CO)\b")


@pytest.fixture(scope="module")
def indonews_rows() -> list[dict]:
    folder = shared_path("data", "corpus", "indonews-2025-06")
    rows: list[dict] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return random.Random(7).sample(rows, 250)


def test_indonews_rows_leave_no_boilerplate(pipe, indonews_rows):
    leftovers = []
    unparsed = []
    for row in indonews_rows:
        doc = clean(pipe, row["isi_berita"], title=row["judul"], published=row["tanggal_publikasi"],
                    outlet=row["sumber"], url=row["url"])
        for m in BOILERPLATE_LINE.finditer(doc.text):
            leftovers.append((row["url"], m.group()))
        if OPENING_DATELINE.match(doc.text):
            leftovers.append((row["url"], doc.text[:60]))
        if row["tanggal_publikasi"].strip() and not doc.published:
            unparsed.append(row["tanggal_publikasi"])
        assert "\u200b" not in doc.text and "\n\n" not in doc.text
    assert not leftovers
    assert not unparsed


def test_indonews_liputan6_datelines(pipe, indonews_rows):
    rows = [r for r in indonews_rows if r["sumber"] == "liputan6.com" and r["isi_berita"].startswith("Liputan6.com, ")]
    assert len(rows) > 50
    found = sum(bool(clean(pipe, r["isi_berita"], title=r["judul"]).source.dateline) for r in rows)
    assert found / len(rows) >= 0.97


def test_unlabelled_articles_clean_without_errors(pipe):
    path = shared_path("corpus", "unlabelled.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = clean(pipe, rec["text"], title=rec.get("title"), published=rec.get("published"),
                    outlet=rec.get("outlet"), source_id=rec["id"])
        assert doc.text, rec["id"]
        assert not BOILERPLATE_LINE.search(doc.text), rec["id"]
        assert doc.lang == rec["id"].split("_")[1], rec["id"]
        assert doc.published, rec["id"]


# -- glued words ----------------------------------------------------------------------------


@pytest.mark.parametrize(("glued", "split"), [
    ("seranganIsraelyang", "serangan Israel yang"),
    ("denganIran", "dengan Iran"),
    ("negeriKorutmemperingatkan", "negeri Korut memperingatkan"),
    ("RusiaSergei Shoigudalam", "Rusia Sergei Shoigu dalam"),
    ("DilansirAFP", "Dilansir AFP"),
    ("KorutKCNA", "Korut KCNA"),
    ("kelompokKKByang", "kelompok KKB yang"),
    ("dilansirAFPdanAl Arabiya", "dilansir AFP dan Al Arabiya"),
    ("MENGAPAMarc", "MENGAPA Marc"),
    ("DKIJakarta", "DKI Jakarta"),
    ("dalampress briefingbersama", "dalam press briefing bersama"),
    ("kemerdekaanIndonesiapada", "kemerdekaan Indonesia pada"),
])
def test_glued_words_are_split(splitter, glued, split):
    assert splitter.split_text(glued) == split


@pytest.mark.parametrize("word", [
    "McDonald", "iPhone", "YouTube", "DPRD", "KKB", "WhatsApp", "PlayStation", "MotoGP", "detikNews",
    "Jordan", "Ramadan", "Setiawan", "Putin", "helpdesk", "Vladivostok", "Welalelama", "mmHg", "kWh",
])
def test_real_words_stay_whole(splitter, word):
    assert splitter.split_text(word) == word


def test_kept_words_inside_a_glued_token_stay_whole(splitter):
    assert splitter.split_text("pemenangMotoGP") == "pemenang MotoGP"
    assert splitter.split_text("tayang diYouTube") == "tayang di YouTube"


def test_urls_emails_and_domains_are_not_split(splitter):
    text = "lihat https://news.detik.com/beritaUtama atau kirim ke redaksiKBS@kbs.co.kr dan tvOnenews.com"
    assert splitter.split_text(text) == text


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "iso"), [
    ("Diperbarui 18 Jun 2025, 11:00 WIB", "2025-06-18T11:00:00+07:00"),
    ("Kompas.com - 10/06/2025, 21:08 WIB", "2025-06-10T21:08:00+07:00"),
    ("Kompas.com- 19/06/2025, 08:59 WIB", "2025-06-19T08:59:00+07:00"),
    ("Tayang: Senin, 9 Juni 2025 20:32 WIB", "2025-06-09T20:32:00+07:00"),
    ("03 Juni 2025 |23:58 WIB", "2025-06-03T23:58:00+07:00"),
    ("Kamis, 19 Jun 2025 06:27 WIB", "2025-06-19T06:27:00+07:00"),
    (",\xa0Jurnalis-Rabu, 18 Juni 2025 |16:52 WIB", "2025-06-18T16:52:00+07:00"),
    ("Kamis   19 Jun 2025  09:08 WIB", "2025-06-19T09:08:00+07:00"),
    ("Senin, 09 Juni 2025 - 21:55 WIB", "2025-06-09T21:55:00+07:00"),
    ("2026-01-02 00:00", "2026-01-02T00:00:00"),
    ("2025-04-26T15:50:21", "2025-04-26T15:50:21"),
    ("18 Juni 2025 | 14.30 WIB", "2025-06-18T14:30:00+07:00"),
    ("Selasa, 3 Juni 2025 15:00 WITA", "2025-06-03T15:00:00+08:00"),
    ("Rabu, 4 Juni 2025 09:00 WIT", "2025-06-04T09:00:00+09:00"),
    ("Kompas.com- Diperbarui 19/06/2025, 10:17 WIB", "2025-06-19T10:17:00+07:00"),
    ("Sabtu, 31 Mei  2025 10:10 WIB", "2025-05-31T10:10:00+07:00"),
    ("Rabu, 24 Des 2025 12:00 WIB", "2025-12-24T12:00:00+07:00"),
    ("Dec. 28, 2025", "2025-12-28"),
    ("19 Agustus 2025", "2025-08-19"),
])
def test_published_formats(raw, iso):
    assert parse_published(raw) == iso


@pytest.mark.parametrize("raw", ["", "   ", "kemarin sore", "2 jam lalu", "Sabtu, 99 Mei 2025", None])
def test_unreadable_published_is_none(raw):
    assert parse_published(raw) is None


def test_caller_date_is_used_when_the_input_has_none():
    pipe = Pipeline(Options(stages=STAGES, published="Senin, 9 Juni 2025 20:32 WIB"))
    doc = pipe(RawArticle(text="Jakarta - Hujan turun sejak pagi.", origin="<test>"))
    assert doc.published == "2025-06-09T20:32:00+07:00"
    doc = pipe(RawArticle(text="Hujan turun.", origin="<test>", published="tidak jelas"))
    assert doc.published == "2025-06-09T20:32:00+07:00"


def test_unreadable_date_without_caller_date_leaves_none(pipe):
    assert clean(pipe, "Hujan turun sejak pagi.", published="entah kapan").published is None


# -- wires ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "wire"), [
    ("- Anadolu", "Anadolu"),
    ("(ANTARA)", "Antara"),
    ("Sumber: Reuters", "Reuters"),
    ("(Reuters/AFP)", "Reuters"),
    ("— AFP", "AFP"),
])
def test_wire_credit_lines_are_removed_and_recorded(line, wire):
    wires: list[str] = []
    kept = take_credit_lines([line, "Badan kalimat tetap ada."], wires)
    assert kept == ["Badan kalimat tetap ada."]
    assert wire in wires


@pytest.mark.parametrize(("sentence", "wire"), [
    ("Dilansir AFP, Kamis (19/6/2025), Korea Utara menyatakan kekhawatiran.", ["AFP"]),
    ("Petugas medis, seperti dilansir dari Reuters dan Al Arabiya, menyebut korban.", ["Reuters"]),
    ("kata dia di Denpasar, seperti dikutip Antara, Rabu.", ["Antara"]),
    ("Foto: ANTARA FOTO/Galih Pradipta", ["Antara"]),
    ("Reuters melaporkan bahwa serangan berlanjut.", ["Reuters"]),
    ("ucapnya kepada Reuters via aplikasi chat.", ["Reuters"]),
    ("The ministry said, according to Yonhap News Agency.", ["Yonhap"]),
    ("Antara lain, warga mengungsi ke sekolah.", []),
    ("Pelaku berinisial AP ditangkap polisi.", []),
])
def test_wires_in_sentences(sentence, wire):
    wires: list[str] = []
    find_wires(sentence, wires)
    assert wires == wire


def test_in_sentence_credit_keeps_the_sentence(pipe):
    doc = clean(pipe, "DilansirAFP, Kamis (19/6/2025), Korea Utara mengecam serangan itu.", title="Judul")
    assert doc.text == "Dilansir AFP, Kamis (19/6/2025), Korea Utara mengecam serangan itu."
    assert doc.source.wire == ["AFP"]


# -- datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(("opening", "place", "outlet", "wire"), [
    ("Jakarta, tvOnenews.com – Harga cabai", "Jakarta", "tvOnenews.com", None),
    ("Liputan6.com, Jakarta -Musim hujan", "Jakarta", "Liputan6.com", None),
    ("Liputan6.com, JakartaProgram Vaksin Gratis", "Jakarta", "Liputan6.com", None),
    ("Liputan6.com, Bandar LampungSeorang warga", "Bandar Lampung", "Liputan6.com", None),
    ("KOMPAS.com -Bandara baru di", None, "KOMPAS.com", None),
    ("JAKARTA, KOMPAS.com- Direktorat Jenderal", "JAKARTA", "KOMPAS.com", None),
    ("REPUBLIKA.CO.ID, CIREBON--Kepolisian memastikan", "CIREBON", "REPUBLIKA.CO.ID", None),
    ("TEMPO.CO,Jakarta- Sutradara film", "Jakarta", "TEMPO.CO", None),
    ("RUSIA- Pasukan darat telah menembakkan", "RUSIA", None, None),
    ("JAKARTA –Seorang pedagang", "JAKARTA", None, None),
    ("Gaza City - Serangan udara yang", "Gaza City", None, None),
    ("SEOUL, Dec. 28 (Yonhap) -- North Korean leader", "SEOUL", None, "Yonhap"),
    ("Jakarta (ANTARA) - Presiden meresmikan", "Jakarta", None, "Antara"),
    ("KYIV, Ukraine (AP) — Russia launched", "KYIV", None, "AP"),
])
def test_dateline_forms(opening, place, outlet, wire):
    d = take_dateline(opening)
    assert d is not None
    assert (d.place, d.outlet, d.wire) == (place, outlet, wire)


@pytest.mark.parametrize("opening", [
    "Korea-Jepang sepakat memperkuat kerja sama.",
    "ADIKtiri Valentino Rossi resmi diganti.",
    "Israel-Iran bersitegang lagi.",
    "Hubungan dagang antara Jepang dan Korea Selatan kian erat.",
])
def test_no_dateline_in_ordinary_openings(opening):
    assert take_dateline(opening) is None


def test_dateline_outlet_fills_a_missing_outlet(pipe):
    doc = clean(pipe, "Jakarta, tvOnenews.com – Banjir melanda kota.", title="Banjir")
    assert (doc.source.outlet, doc.source.dateline, doc.text) == ("tvOnenews.com", "Jakarta", "Banjir melanda kota.")
    doc = clean(pipe, "Jakarta, tvOnenews.com – Banjir melanda kota.", title="Banjir", outlet="tvOne")
    assert doc.source.outlet == "tvOne"


def test_wire_dateline_after_slug_and_byline(pipe):
    text = "NK slug Headline repeated hereBy Park Boram SEOUL, Dec. 28 (Yonhap) -- North Korean leader Kim spoke."
    doc = clean(pipe, text, title="Headline")
    assert doc.text == "North Korean leader Kim spoke."
    assert doc.source.wire == ["Yonhap"] and doc.source.authors == ["Park Boram"]


# -- boilerplate, titles, white space, language ---------------------------------------------


def test_boilerplate_lines_are_removed(pipe):
    text = "\n".join([
        "Judul Berita Hari Ini",
        "Liputan6.com, Jakarta - Warga memadati alun-alun kota pada Minggu pagi.",
        "Baca Juga",
        "Advertisement",
        "SCROLL TO CONTINUE WITH CONTENT",
        "Baca juga: Banjir Lagi di Kota Ini",
        "Foto: Dok. Humas Polda",
        "Mereka datang sejak subuh untuk mengikuti acara itu.",
        "Baca juga:",
        "Gempa Guncang Kota Tetangga",
        "Simak Video 'Suasana Alun-alun Pagi Ini':",
        "[Gambas:Video 20detik]",
        "Simak berita selengkapnya di halaman selanjutnya.",
        "Acara berakhir menjelang siang.",
        "Penulis: Budi Santoso",
        "Editor: Ani",
        "Load more",
    ])
    doc = clean(pipe, text, title="Judul Berita Hari Ini")
    assert doc.text == ("Warga memadati alun-alun kota pada Minggu pagi.\n"
                        "Mereka datang sejak subuh untuk mengikuti acara itu.\nAcara berakhir menjelang siang.")
    assert doc.source.authors == ["Budi Santoso"]
    assert doc.source.dateline == "Jakarta"


def test_end_marker_drops_the_tag_list(pipe):
    text = "Hujan deras mengguyur kota sejak pagi.\nAir mulai surut sore hari.\n(ita/ita)\nbanjir\nhujan deras\nSelengkapnya"
    assert clean(pipe, text, title="T").text == "Hujan deras mengguyur kota sejak pagi.\nAir mulai surut sore hari."


def test_glued_related_headlines_are_cut_from_the_paragraph(pipe):
    text = ("Pertahanan udara menembak jatuh pesawat nirawak.Baca JugaSistem Pertahanan Telah Hancur, "
            "Wilayah Udara TerbukaKapan Dubes Terpilih? Ini Jawaban MenluMenurut laporan, harga pesawat itu mahal.")
    doc = clean(pipe, text, title="T")
    assert doc.text == "Pertahanan udara menembak jatuh pesawat nirawak. Menurut laporan, harga pesawat itu mahal."


def test_leading_photo_caption_is_dropped(pipe):
    text = ("Ministers pose in Hanoi, Vietnam, on May 3, 2021. (Daily DB)Vietnam and Laos "
            "are expected to widen their trade. Officials said so on Saturday.")
    doc = clean(pipe, text, title="T")
    assert doc.text == "Vietnam and Laos are expected to widen their trade. Officials said so on Saturday."


def test_repeated_headline_first_line_is_dropped(pipe):
    doc = clean(pipe, "Banjir Melanda Kota\nAir setinggi satu meter merendam rumah warga.", title="Banjir Melanda Kota")
    assert doc.text == "Air setinggi satu meter merendam rumah warga."


@pytest.mark.parametrize(("title", "cleaned"), [
    ("Warga Kecam Kenaikan Tarif Air - Kompas.com", "Warga Kecam Kenaikan Tarif Air"),
    ("Banjir Melanda Jakarta Utara | Okezone", "Banjir Melanda Jakarta Utara"),
    ("Harga Pangan Naik Tajam-Pasokan Menipis", "Harga Pangan Naik Tajam-Pasokan Menipis"),
    ("[News Today] Mayor visits flood victims’ families", "[News Today] Mayor visits flood victims’ families"),
    ("   ", None),
])
def test_titles(title, cleaned):
    assert clean_title(title) == cleaned


def test_white_space_and_invisible_characters():
    raw = "Kalimat\u200b pertama\u00a0 di sini.\r\n\r\n  Kalimat   kedua &amp; ketiga.\t\n"
    assert lines_of(normalise_characters(raw)) == ["Kalimat pertama di sini.", "Kalimat kedua & ketiga."]


def test_link_fragments_rejoin_but_headings_stay():
    lines = ["Ledakan gudang", "Pertamina", "melukai warga", "Bekasi", ", kata petugas.",
             "Kemitraan Baru yang Saling Menguntungkan", "Para analis menilai kerja sama ini."]
    assert join_fragments(lines) == [
        "Ledakan gudang Pertamina melukai warga Bekasi, kata petugas.",
        "Kemitraan Baru yang Saling Menguntungkan", "Para analis menilai kerja sama ini."]


def test_sentence_spacing():
    assert space_glued_sentences("in attendance.The event (KKB)Egianus Rossi,Luca tersebut,tiga 1,5 U.S. Army") == (
        "in attendance. The event (KKB) Egianus Rossi, Luca tersebut, tiga 1,5 U.S. Army")


@pytest.mark.parametrize(("text", "lang"), [
    ("Pemerintah mengumumkan kebijakan baru untuk mengatasi banjir di ibu kota pada hari Senin.", "id"),
    ("The government announced a new policy to tackle flooding in the capital on Monday.", "en"),
    ("Kerajaan mengumumkan dasar baharu bagi menangani banjir di ibu negara pada hari Isnin.", "id"),
])
def test_language(pipe, text, lang):
    assert clean(pipe, text, title="T").lang == lang


def test_language_option_wins():
    pipe = Pipeline(Options(stages=STAGES, lang="en"))
    assert pipe(RawArticle(text="Pemerintah mengumumkan kebijakan baru.", origin="<t>")).lang == "en"


@pytest.mark.parametrize("text", ["", "   \n\n ", "Load more", "\u200b\u200b", "- Anadolu"])
def test_empty_or_all_boilerplate_bodies_do_not_crash(pipe, text):
    doc = clean(pipe, text, title=None)
    assert doc.text == ""


# -- generalisation fixes found on unseen general news (hand-written snippets) --------------


def test_a_body_stored_twice_keeps_one_copy(pipe):
    first = "Harga cabai di pasar induk naik tajam sejak awal pekan ini."
    second = "Pedagang menyebut pasokan dari petani di lereng gunung berkurang karena hujan."
    third = "Dinas perdagangan berjanji menggelar operasi pasar mulai hari Senin depan."
    # one glued copy of the whole body on every paragraph, then the paragraphs again
    glued = first + second + third
    body = "\n".join([glued, second + third, third])
    text = clean(pipe, body).text
    for sentence in (first, second, third):
        assert text.count(sentence) == 1, text
    assert text.split("\n") == [first, second, third]


def test_a_short_note_repeated_in_a_list_stays(pipe):
    body = ("Berikut jam buka loket di dua stasiun kota.\n- Stasiun Utara\n"
            "Loket buka pukul 05.00 sampai 22.00 WIB.\n- Stasiun Selatan\nLoket buka pukul 05.00 sampai 22.00 WIB.")
    assert clean(pipe, body).text.count("Loket buka pukul") == 2


def test_a_brand_the_article_repeats_or_its_title_writes_stays_whole(splitter):
    assert splitter.split_text("Toko merilis SoundPods murah. Harga SoundPods naik.").count("SoundPods") == 2
    assert "SoundPods" in splitter.split_text("Toko merilis SoundPods murah.", title="SoundPods Rilis")
    # a glued token around the brand is still split, the brand kept whole
    assert splitter.split_text("Toko merilis AcmeSoundPods baru. SoundPods laris. SoundPods murah.").startswith(
        "Toko merilis Acme SoundPods baru.")
    # lower-case glue repeated on the page is still glue
    assert "konsep Hijau" in splitter.split_text("Dengan konsepHijau dan konsepHijau lagi.")


def test_name_glued_to_a_function_word_is_split_when_the_name_stands_alone(splitter):
    text = splitter.split_text("Saksi Rina Wulandarisaat itu hadir.", title="Rina Wulandari Bersaksi")
    assert "Rina Wulandari saat itu" in text
    # without the name standing alone anywhere, a name ending like a word stays whole
    assert "Hadisaat" not in splitter.split_text("Pak Budi hadir.")


def test_function_words_and_domains_glued_to_words(splitter):
    assert splitter.split_text("agar tidak menjual tanahdemi uang") == "agar tidak menjual tanah demi uang"
    assert splitter.split_text("Berikut Kompas.comtelah merangkum") == "Berikut Kompas.com telah merangkum"
    assert splitter.split_text("situs TokoBukuDaring.com melaporkan") == "situs TokoBukuDaring.com melaporkan"


def test_title_outlet_names_come_from_the_data_file():
    from warta.resources import load_yaml

    assert "Kompas" in load_yaml("clean/datelines.yaml")["title_suffix_outlets"]
    assert clean_title("Jalan tol baru dibuka - Okezone News") == "Jalan tol baru dibuka"


def test_a_trailing_tip_footer_in_another_script_or_of_contacts_goes(pipe):
    body = ("The ministry said the new rules would take effect next month after a review.\n"
            "Officials expect the change to cut waiting times at border posts by half."
            "■ 뉴스 제보 ▷ 전화 : 02-555-0100 ▷ 이메일 : desk@news.example ▷ 카카오톡 : 뉴스 검색")
    text = clean(pipe, body).text
    assert text.endswith("by half.")
    body = ("The ministry said the new rules would take effect next month after a review.\n"
            "Send tips by phone 02-555-0100 or e-mail desk@news.example")
    assert clean(pipe, body).text.endswith("after a review.")


def test_an_embedded_post_and_its_pieces_go(pipe):
    body = ("Warga ramai membagikan video banjir itu di media sosial.Flood in the city centre again, "
            "stay safe. — Some User (@some_user) March 3, 2025\n"
            "Flood in the city centre again,\nstay safe.\n— Some User (@some_user) March 3, 2025")
    assert clean(pipe, body).text == "Warga ramai membagikan video banjir itu di media sosial."


def test_a_caption_first_paragraph_goes(pipe):
    for caption in ("This photo, released by the ministry on Friday, shows a new bridge.",
                    "Mayor Ann Lee (left) receives a plaque from a visiting delegation."):
        body = caption + "\nThe city opened its longest bridge on Friday after three years of work."
        assert clean(pipe, body).text.startswith("The city opened"), caption


def test_top_lists_and_a_team_byline_go(pipe):
    body = ("Artikel tentang resep sambal menjadi yang terpopuler pekan ini.\n"
            "Berikut Top 3 Kuliner:\n1. Resep Sambal Matah Pedas\n2. Cara Membuat Rendang\nTim Dapur")
    assert clean(pipe, body).text == "Artikel tentang resep sambal menjadi yang terpopuler pekan ini."

"""Stories: wire copies and reposts of one report are one story, counted once in the exports."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from warta.cli import app
from warta.export import ExportFormat, ExportReport, export_lines
from warta.store import open_store
from warta.store.stories import changes, signature

runner = CliRunner()

PARAGRAPHS = [
    "Jakarta - Tentara Nasional Indonesia mengerahkan 500 personel ke Kabupaten Nduga, Papua Pegunungan, "
    "pada Senin (9/6/2025) setelah kelompok bersenjata menyerang pos keamanan di distrik itu.",
    "Juru bicara TNI Mayor Jenderal Kristomei Sianturi mengatakan pasukan tambahan diberangkatkan dari Timika "
    "dengan dua pesawat angkut. Menurut dia, situasi di Nduga kini terkendali.",
    "Serangan pada Minggu malam menewaskan dua prajurit dan melukai tiga warga sipil, kata Kapolda Papua "
    "Irjen Pol Petrus Waine kepada wartawan di Jayapura.",
    "Pemerintah daerah meminta warga tetap tenang dan tidak bepergian ke luar kampung sampai aparat menyatakan "
    "keadaan aman. Sekolah di tiga distrik diliburkan selama sepekan.",
    "Komnas HAM mendesak aparat keamanan melindungi warga sipil dan mengusut serangan itu secara terbuka.",
]


def _article(title: str, paragraphs: list[str], *, url: str, outlet: str, published: str) -> dict:
    return {"title": title, "text": "\n\n".join(paragraphs), "url": url, "outlet": outlet, "published": published}


def _corpus(tmp_path):
    other = ("Jakarta - Bank Indonesia mempertahankan suku bunga acuan di level 5,5 persen pada rapat dewan "
             "gubernur bulan ini, kata Gubernur BI Perry Warjiyo dalam konferensi pers di Jakarta, Rabu.")
    records = [
        _article("TNI Kerahkan 500 Personel ke Nduga", PARAGRAPHS, url="https://wire.example/a", outlet="Kantor A",
                 published="2025-06-09T10:00:00+07:00"),
        # A repost, an hour later: new headline, a rewritten lead, the last paragraph cut.
        _article("500 Prajurit Dikirim ke Nduga Usai Serangan", [
            "Jakarta - TNI mengirim 500 personel tambahan ke Kabupaten Nduga, Papua Pegunungan, pada Senin "
            "(9/6/2025) setelah kelompok bersenjata menyerang pos keamanan di distrik itu.",
            *PARAGRAPHS[1:4]], url="https://portal.example/b", outlet="Portal B",
                 published="2025-06-09T11:00:00+07:00"),
        # The same wire text, cut to its first three paragraphs, stored first but published later.
        _article("TNI Kerahkan 500 Personel ke Nduga", PARAGRAPHS[:3], url="https://daerah.example/c",
                 outlet="Harian C", published="2025-06-09T14:00:00+07:00"),
        _article("BI Tahan Suku Bunga", [other, "Keputusan itu sesuai perkiraan pasar."], url="https://bank.example/d",
                 outlet="Kantor A", published="2025-06-09T12:00:00+07:00"),
    ]
    order = [records[2], records[0], records[3], records[1]]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in order), encoding="utf-8")
    return path


def test_copies_of_one_report_are_one_story_with_the_earliest_as_original(tmp_path):
    corpus, db = _corpus(tmp_path), tmp_path / "w.db"
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0
    with open_store(db, read_only=True) as store:
        stored = {s.doc.source.url: s for s in store.iter_stored()}
    wire, repost, cut = (stored[f"https://{u}"] for u in ("wire.example/a", "portal.example/b", "daerah.example/c"))
    assert stored["https://bank.example/d"].story is None  # a story of its own
    assert wire.story.story_id == repost.story.story_id == cut.story.story_id and wire.story.size == 3
    assert wire.story.original == wire.doc.doc_id  # published first, though stored second
    assert set(repost.story.changes) == {"headline", "lead", "cuts"} and cut.story.changes == ("cuts",)
    # Every event the copies share is exported once, with the number of copies and outlets that report it.
    report = ExportReport()
    rows = [json.loads(line) for line in export_lines(
        (stored[u] for u in stored), ExportFormat.plover, report=report)]
    story_rows = [r for r in rows if r["reports"]["story"] == wire.story.story_id]
    assert story_rows and len({(r["event"][0], r["trigger"]["text"].lower()) for r in story_rows}) == len(story_rows)
    assert max(r["reports"]["articles"] for r in story_rows) >= 2
    assert report.left_out["counted with another copy of their story"] >= 1


def test_storing_the_same_corpus_again_keeps_one_cluster_per_story(tmp_path):
    corpus = _corpus(tmp_path)
    exported = {}
    for runs in ([[]], [[], [], ["--replace"]]):
        db = tmp_path / f"w{len(runs)}.db"
        for args in runs:
            assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db), *args]).exit_code == 0
        with open_store(db, read_only=True) as store:
            stories = [s.story.story_id for s in store.iter_stored() if s.story]
            assert len(store) == 4 and len(stories) == 3 and len(set(stories)) == 1
            exported[len(runs)] = sorted((r["id"], r["reports"]["articles"]) for r in map(
                json.loads, export_lines(store.iter_stored(), ExportFormat.plover)))
    # Stored three times (the last replacing): the same events, each counted once, as stored once.
    assert exported[3] == exported[1] and exported[1]


def test_short_or_unrelated_bodies_are_never_copies():
    assert signature("Banjir di Jakarta.") is None
    first, second = signature("\n".join(PARAGRAPHS)), signature(
        "Bank Indonesia mempertahankan suku bunga acuan di level 5,5 persen pada rapat dewan gubernur bulan ini, "
        "kata Gubernur BI Perry Warjiyo dalam konferensi pers di Jakarta, Rabu, setelah inflasi turun.")
    cut = signature("\n".join(PARAGRAPHS[:3]))
    assert first.estimate(second) is None and first.estimate(cut) is not None
    assert changes({"title": "A", "text": "x y\nz"}, {"title": "A", "text": "x y\nz\nw"}) == ["additions"]


def test_stats_and_the_api_tell_a_documents_story(tmp_path):
    from fastapi.testclient import TestClient

    from warta.serve import create_app

    corpus, db = _corpus(tmp_path), tmp_path / "w.db"
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0
    figures = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--format", "json"]).stdout)
    assert figures["stories"] == {"with copies": 1, "documents in them": 3}
    client = TestClient(create_app(db))
    with open_store(db, read_only=True) as store:
        by_url = {s.doc.source.url: s.doc.doc_id for s in store.iter_stored()}
    story = client.get(f"/api/documents/{by_url['https://portal.example/b']}/story").json()
    assert [c["outlet"] for c in story["copies"]] == ["Kantor A", "Portal B", "Harian C"]
    assert story["copies"][0]["original"] and story["copies"][1]["changes"] == ["headline", "lead", "cuts"]
    alone = client.get(f"/api/documents/{by_url['https://bank.example/d']}/story").json()
    assert len(alone["copies"]) == 1 and alone["copies"][0]["original"]


def test_an_article_quoted_whole_in_a_long_round_up_is_not_its_copy():
    from warta.store.stories import same_story

    fact_check = "\n".join(PARAGRAPHS[:2])
    round_up = "\n".join([*PARAGRAPHS[:2],
                          *(f"Hoaks {n}: sebuah unggahan di media sosial mengklaim bantuan tunai Rp {n} juta dibagikan "
                            f"kepada warga di provinsi ke-{n}; setelah ditelusuri, klaim itu tidak benar dan tautannya "
                            f"mengarah ke situs penipuan yang meminta data pribadi." for n in range(1, 9))])
    assert same_story(fact_check, round_up) is None
    assert same_story("\n".join(PARAGRAPHS), "\n".join(PARAGRAPHS[:3])) is not None  # a copy cut short

"""The gazetteer: countries by any name, entries by alias, the generated tables."""

from __future__ import annotations

import pytest

from warta import gazetteer
from warta.resources import load_tsv


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Korea Utara", "PRK"), ("Korut", "PRK"), ("North Korea", "PRK"), ("DPRK", "PRK"), ("korea utara", "PRK"),
        ("Korea Selatan", "KOR"), ("Korsel", "KOR"), ("South Korea", "KOR"),
        ("AS", "USA"), ("Amerika Serikat", "USA"), ("Amerika", "USA"), ("US", "USA"), ("U.S.", "USA"),
        ("Negeri Paman Sam", "USA"), ("United States", "USA"),
        ("Tiongkok", "CHN"), ("China", "CHN"), ("Negeri Tirai Bambu", "CHN"),
        ("Rusia", "RUS"), ("Russia", "RUS"), ("Negeri Beruang Merah", "RUS"), ("Russian Federation", "RUS"),
        ("Inggris", "GBR"), ("Britain", "GBR"), ("UK", "GBR"), ("Inggris Raya", "GBR"),
        ("Ukraina", "UKR"), ("Palestina", "PSE"), ("Turki", "TUR"), ("Jepang", "JPN"), ("Belanda", "NLD"),
        ("Suriah", "SYR"), ("Arab Saudi", "SAU"), ("Vatikan", "VAT"), ("  Iran  ", "IRN"),
    ],
)
def test_country_by_name(name, iso3):
    c = gazetteer.country_by_name(name)
    assert c is not None and c.iso3 == iso3, (name, c)


@pytest.mark.parametrize("word", ["as", "us", "uk", "Us", "", "   ", "Kementerian", "Zinberg"])
def test_capital_only_aliases_and_non_countries(word):
    # "as" (Indonesian) and "us" (English) are words, not the United States.
    assert gazetteer.country_by_name(word) is None


def test_country_record():
    prk = gazetteer.country("prk")
    assert prk is not None
    assert prk.name == "North Korea" and prk.iso2 == "KP"
    assert prk.capital == "Pyongyang" and prk.geonameid == 1873107 and prk.qid == "Q423"
    assert "Korut" in prk.names and "North Korean" in prk.demonyms
    assert gazetteer.country("XXX") is None
    assert gazetteer.country("USA").qid == "Q30"
    assert gazetteer.country("GBR").name == "United Kingdom"
    # every ISO country is there, each with a unique code
    codes = [c.iso3 for c in gazetteer.countries()]
    assert len(codes) == len(set(codes)) >= 245


def _one(text: str) -> gazetteer.Entry:
    found = gazetteer.lookup(text)
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    ("alias", "name", "type_", "country", "sector"),
    [
        ("Moskow", "Moscow", "GPE", "RUS", "GOV"),
        ("Kremlin", "Kremlin", "ORG", "RUS", "GOV"),
        ("Gedung Putih", "White House", "ORG", "USA", "GOV"),
        ("Pyongyang", "Pyongyang", "GPE", "PRK", "GOV"),
        ("Teheran", "Tehran", "GPE", "IRN", "GOV"),
        ("Kiev", "Kyiv", "GPE", "UKR", "GOV"),
        ("PBB", "United Nations", "ORG", None, "IGO"),
        ("Perserikatan Bangsa-Bangsa", "United Nations", "ORG", None, "IGO"),
        ("Dewan Keamanan PBB", "UN Security Council", "ORG", None, "IGO"),
        ("UE", "European Union", "ORG", None, "IGO"),
        ("NATO", "NATO", "ORG", None, "IGO"),
        ("TNI", "Indonesian National Armed Forces", "ORG", "IDN", "MIL"),
        ("KKB", "Armed Criminal Group", "ORG", "IDN", "REB"),
        ("IDF", "Israel Defense Forces", "ORG", "ISR", "MIL"),
        ("KCNA", "Korean Central News Agency", "ORG", "PRK", "MED"),
        ("Hizbullah", "Hezbollah", "ORG", "LBN", "REB"),
        ("Dewan Keamanan Rusia", "Security Council of Russia", "ORG", "RUS", "GOV"),
        ("intelijen Korea Selatan", "National Intelligence Service", "ORG", "KOR", "INT"),
        ("Putin", "Vladimir Putin", "PER", "RUS", "GOV"),
        ("Kim Jong Un", "Kim Jong-un", "PER", "PRK", "GOV"),
        ("Zelenskyy", "Volodymyr Zelensky", "PER", "UKR", "GOV"),
        ("Prabowo", "Prabowo Subianto", "PER", "IDN", "GOV"),
        ("Sergei Shoigu", "Sergei Shoigu", "PER", "RUS", "GOV"),
        ("Korea Utara", "North Korea", "GPE", "PRK", None),
        ("North Korean", "North Korean", "NORP", "PRK", None),
        ("Kursk", "Kursk", "GPE", "RUS", None),
        ("Jayawijaya", "Jayawijaya", "GPE", "IDN", None),
        ("Timur Tengah", "Middle East", "LOC", None, None),
    ],
)
def test_lookup(alias, name, type_, country, sector):
    e = _one(alias)
    assert (e.name, e.type, e.country, e.sector) == (name, type_, country, sector)


def test_lookup_case_rules_and_qids():
    assert gazetteer.lookup("ue") == []          # "UE" only as written
    assert gazetteer.lookup("") == []
    assert _one("Vladimir Putin").qid == "Q7747"
    assert _one("Kim Jong-un").qid == "Q56226"
    assert _one("Sergei Shoigu").qid is None      # left empty: not certain
    assert all(e.sector is None or e.sector in gazetteer.SECTORS for e in gazetteer.entries())
    assert all(e.qid is None or e.qid.startswith("Q") for e in gazetteer.entries())
    assert all(e.country is None or gazetteer.country(e.country) for e in gazetteer.entries())


def test_weak_aliases_are_looked_up_but_marked():
    idf = _one("pasukan Israel")
    assert idf.name == "Israel Defense Forces" and "pasukan Israel" in idf.weak
    assert "pasukan Israel" not in idf.aliases


def test_entries_table_is_well_formed():
    rows = load_tsv(gazetteer.ENTRIES_TSV)
    assert len(rows) > 250
    for row in rows:
        assert row["type"] in ("PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER"), row
        assert row["name"].strip() and row["aliases"] is not None, row


def test_generated_tables_are_current(tmp_path):
    # The committed countries.tsv is what the build gives from the installed packages.
    out = gazetteer.build(tmp_path / "countries.tsv")
    assert out.read_text(encoding="utf-8") == (gazetteer.DATA_DIR / gazetteer.COUNTRIES_TSV).read_text(
        encoding="utf-8")
    cities = load_tsv(gazetteer.CITIES_TSV)
    names = {r["name"] for r in cities}
    assert {"Kursk", "Vladivostok", "Denpasar", "Shanghai"} <= names
    assert not {"Nice", "Kota", "Batu", "Anda"} & names       # common words left out
    states = {r["name"]: r["country"] for r in load_tsv(gazetteer.STATES_TSV)}
    assert states["Virginia"] == "USA" and states["Ontario"] == "CAN" and states["Scotland"] == "GBR"
    assert "Anies Baswedan" in gazetteer.known_persons()
    regions = load_tsv(gazetteer.REGIONS_TSV)
    assert {"Papua Pegunungan", "Lampung Selatan", "Flores Timur"} <= {r["name"] for r in regions}


def test_cli_usage(capsys):
    assert gazetteer.main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_the_prebuilt_city_table_is_what_geonames_gives():
    """The table read at start-up is GeoNames' as `python -m warta.gazetteer build` derives it."""
    from warta.entities.resolve import city_countries
    from warta.gazetteer import city_countries_from_geonames

    assert city_countries() == city_countries_from_geonames()
    assert city_countries()["jakarta"] == "IDN"

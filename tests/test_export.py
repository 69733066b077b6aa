"""The exports, read back with the tools and specs their users use: pandas with the GDELT 2.0
codebook's names and types (as gdeltPyR reads the files), POLECAT's and ACLED's column layouts,
and a JSON Schema written from the PLOVER manual. Not only warta's own writer."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import ROOT
from warta.cli import app
from warta.errors import UsageError
from warta.events import CAMEO_ROOT
from warta.events.lexicon import trigger_pattern
from warta.export import ExportFilter, ExportFormat, ExportReport, export_lines, table_lines, write_tables
from warta.export.codes import crosswalk
from warta.export.gdelt import COLUMNS as GDELT_COLUMNS
from warta.model import Actor, Document, Entity, Event, Place, Source, Span, TimeExpr
from warta.store import open_store

# The GDELT 2.0 event codebook's 61 columns, typed as the codebook types them.
GDELT_INTEGERS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                  "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED")
GDELT_FLOATS = ("FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Lat",
                "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long")
# PLOVER's modes (manual, draft 1.3); other types have none.
PLOVER_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"}, "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "cleansing",
                "massacre", "unconventional", "sideAB"},
}
POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts", "Actor Name",
    "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title", "Actor Name Raw",
    "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language", "Version",
]
# ACLED's codebook (2023, Table 2): event types with their sub-event types, each sub-event's disorder type.
ACLED_TYPES = {
    "Battles": {"Government regains territory": "Political violence",
                "Non-state actor overtakes territory": "Political violence", "Armed clash": "Political violence"},
    "Protests": {"Excessive force against protesters": "Political violence; Demonstrations",
                 "Protest with intervention": "Demonstrations", "Peaceful protest": "Demonstrations"},
    "Riots": {"Violent demonstration": "Demonstrations", "Mob violence": "Political violence"},
    "Explosions/Remote violence": {name: "Political violence" for name in (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade")},
    "Violence against civilians": {name: "Political violence" for name in (
        "Sexual violence", "Attack", "Abduction/forced disappearance")},
    "Strategic developments": {name: "Strategic developments" for name in (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other")},
}
# ACLED's interaction values (Table 3): the pair, lower inter code first (78 the one exception), or "X only".
_INTERS = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
           "Civilians", "External/Other forces"]
ACLED_INTERACTIONS = {f"{a} only" for a in _INTERS} | {
    f"{a}-{b}" for i, a in enumerate(_INTERS) for b in _INTERS[i:] if (a, b) != ("Civilians", "External/Other forces")
} | {"External/Other forces-Civilians"}
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# FIPS 10-4 country codes of GDELT's geographic fields, from the codebook's list (not from the code
# under test): where they differ from ISO, and where they agree.
FIPS_OF = {"GBR": "UK", "DEU": "GM", "CHN": "CH", "UKR": "UP", "PHL": "RP", "ISR": "IS", "IRN": "IR", "IDN": "ID",
           "USA": "US", "RUS": "RS", "KOR": "KS", "PRK": "KN", "JPN": "JA", "AUS": "AS", "MYS": "MY", "LBN": "LE",
           "SYR": "SY", "IRQ": "IZ", "EGY": "EG", "TUR": "TU", "FRA": "FR", "THA": "TH", "KHM": "CB", "VNM": "VM",
           "SGP": "SN", "QAT": "QA", "SAU": "SA", "IND": "IN", "PAK": "PK", "SDN": "SU", "YEM": "YM", "BRA": "BR"}
runner = CliRunner()


def _span(text: str, word: str) -> Span:
    at = text.index(word)
    return Span.of(text, at, at + len(word))


def _doc(text: str, *, events: list[tuple], places=(), entities=(), times=(), published="2025-06-20") -> Document:
    """A record with the given events: (type, actor1, actor2, trigger word, extras)."""
    doc = Document(doc_id="d0c0ffee00000001", lang="id", title="Judul", text=text, published=published,
                   source=Source(url="https://example.org/berita/1", outlet="example.org"),
                   entities=list(entities), places=list(places), times=list(times))
    for number, (etype, actor1, actor2, word, extra) in enumerate(events, 1):
        trigger = _span(text, word)
        doc.events.append(Event(id=f"v{number}", type=etype, actor1=actor1, actor2=actor2, trigger=trigger,
                                sentence=Span.of(text, 0, len(text)), **extra))
    return doc


def _lines(docs, export_format, **filters) -> list[str]:
    return list(export_lines(docs, export_format, export_filter=ExportFilter(**filters)))


TEHRAN = Place(id="p1", name="Tehran", country="IRN", feature="city", lat=35.6944, lon=51.4215, geonameid=112931,
               mentions=[])
ISRAEL = Actor(text="Israel", country="ISR", sector="MIL")
IRAN = Actor(text="Iran", country="IRN")


def test_a_gdelt_row_has_the_codebooks_61_columns_and_codes():
    text = "Militer Israel menyerang Teheran pada 19 Juni 2025."
    doc = _doc(text, events=[("ASSAULT", ISRAEL, IRAN, "menyerang", {"cameo": "190", "place": "p1", "time": "t1"})],
               places=[TEHRAN], times=[TimeExpr(id="t1", value="2025-06-19", granularity="day",
                                                **vars(_span(text, "19 Juni 2025")))])
    [row] = _lines([doc], ExportFormat.gdelt)
    fields = row.rstrip("\n").split("\t")
    assert len(fields) == 61 and '"' not in row
    values = dict(zip(GDELT_COLUMNS, fields, strict=True))
    assert values["GLOBALEVENTID"].isdigit()
    assert (values["SQLDATE"], values["MonthYear"], values["Year"]) == ("20250619", "202506", "2025")
    assert values["FractionDate"] == "2025.4630"  # GDELT's ((month - 1) * 30 + day) / 365: 169 / 365
    assert (values["Actor1Code"], values["Actor1CountryCode"], values["Actor1Type1Code"]) == ("ISRMIL", "ISR", "MIL")
    assert (values["EventCode"], values["EventBaseCode"], values["EventRootCode"]) == ("190", "190", "19")
    assert (values["QuadClass"], values["GoldsteinScale"]) == ("4", "-10.0")
    # Places in FIPS 10-4, as GDELT writes them: Tehran is a world city (type 4) in IR26, Tehran province.
    assert (values["ActionGeo_Type"], values["ActionGeo_CountryCode"], values["ActionGeo_ADM1Code"]) == \
        ("4", "IR", "IR26")
    assert values["ActionGeo_FeatureID"] == "112931" and values["AvgTone"] == "0.0"
    assert values["Actor1Geo_Type"] == "0" and values["Actor1Geo_FullName"] == ""
    assert re.fullmatch(r"\d{14}", values["DATEADDED"]) and values["SOURCEURL"] == "https://example.org/berita/1"


def test_country_places_get_fips_codes_and_a_country_feature_id():
    place = Place(id="p1", name="United Kingdom", country="GBR", feature="country", mentions=[])
    doc = _doc("Inggris menuduh Rusia.", events=[("ACCUSE", Actor(text="Inggris", country="GBR"),
                                                 Actor(text="Rusia", country="RUS"), "menuduh", {"place": "p1"})],
               places=[place])
    fields = dict(zip(GDELT_COLUMNS, _lines([doc], ExportFormat.gdelt)[0].rstrip("\n").split("\t"), strict=True))
    assert (fields["ActionGeo_Type"], fields["ActionGeo_CountryCode"], fields["ActionGeo_FeatureID"]) == \
        ("1", "UK", "UK")
    assert fields["EventRootCode"] == "11" and fields["QuadClass"] == "3"


def test_gaza_is_filed_as_gdelt_files_it_and_adm1_codes_only_where_they_are_fips():
    gaza = Place(id="p1", name="Gaza Strip", country="PSE", feature="region", lat=31.42, lon=34.37, mentions=[])
    hanoi = Place(id="p2", name="Hanoi", country="VNM", feature="city", lat=21.0245, lon=105.8412,
                  geonameid=1581130, mentions=[])
    doc = _doc("Israel menyerang Gaza. Vietnam mengecam.", places=[gaza, hanoi], events=[
        ("ASSAULT", ISRAEL, Actor(text="Gaza", country="PSE"), "menyerang", {"place": "p1"}),
        ("ACCUSE", Actor(text="Vietnam", country="VNM"), None, "mengecam", {"place": "p2"})])
    rows = [dict(zip(GDELT_COLUMNS, line.rstrip("\n").split("\t"), strict=True))
            for line in _lines([doc], ExportFormat.gdelt)]
    assert rows[0]["ActionGeo_CountryCode"] == "GZ" and rows[0]["ActionGeo_Type"] in ("1", "5")
    # GeoNames' Vietnamese division codes are not FIPS (Hanoi is VM44 in FIPS): the country's alone.
    assert (rows[1]["ActionGeo_CountryCode"], rows[1]["ActionGeo_ADM1Code"], rows[1]["ActionGeo_Type"]) == \
        ("VM", "VM", "4")


def test_events_not_stated_as_fact_are_left_out_unless_asked_for_and_then_flagged():
    text = "Iran mengancam akan menyerang Israel. Israel tidak menyerang Iran."
    doc = _doc(text, events=[
        ("ASSAULT", IRAN, ISRAEL, "menyerang Israel", {"certainty": "planned"}),
        ("ASSAULT", ISRAEL, IRAN, "menyerang Iran", {"negated": True}),
        ("THREATEN", IRAN, ISRAEL, "mengancam", {}),
    ])
    report = ExportReport()
    assert len(list(export_lines([doc], ExportFormat.gdelt, report=report))) == 1
    assert report.left_out["not factual"] == 2 and report.written == 1
    records = [json.loads(line) for line in _lines([doc], ExportFormat.plover, include_nonfactual=True)]
    # Contexts: PLOVER's crosswalk files CAMEO 190 under military; the auxiliary contexts flag the rest.
    assert [r["context"] for r in records] == [["military", "future"], ["military", "negation"], None]
    acled_rows = list(csv.DictReader(io.StringIO("".join(_lines([doc], ExportFormat.acled, include_nonfactual=True)))))
    assert [r["tags"] for r in acled_rows] == ["warta: planned", "warta: negated"]  # THREATEN is no ACLED event


def test_plover_records_hold_plover_modes_and_actor_objects():
    un = Entity(id="e1", name="United Nations", type="ORG", kb_id="Q1065", mentions=[])
    text = "PBB mengirim bantuan militer ke Ukraina. Menlu RI bertemu PBB. Polisi menyerang warga."
    doc = _doc(text, entities=[un], events=[
        ("AID", Actor(text="PBB", entity="e1", sector="IGO"), Actor(text="Ukraina", country="UKR"), "mengirim",
         {"mode": "military", "cameo": "070"}),
        ("CONSULT", Actor(text="Menlu RI", country="IDN", sector="GOV"), Actor(text="PBB", entity="e1"), "bertemu",
         {"mode": "meeting", "cameo": "040"}),
        ("ASSAULT", None, Actor(text="warga", sector="CVL"), "menyerang", {}),
    ])
    report = ExportReport()
    records = [json.loads(line) for line in export_lines([doc], ExportFormat.plover, report=report)]
    assert report.left_out["no actor"] == 1 and len(records) == 2  # PLOVER requires an actor
    aid, consult = records
    assert aid["event"] == ["AID"] and aid["mode"] is None and aid["context"] == ["military"]
    assert aid["actor"] == [{"entity_text": "PBB", "code": "UNO", "sector": None, "identifier_id": "Q1065",
                             "identifier_text": "United Nations"}]
    assert consult["mode"] is None and consult["actor"][0]["sector"] == "GOV"
    gdelt = dict(zip(GDELT_COLUMNS, _lines([doc], ExportFormat.gdelt)[0].rstrip("\n").split("\t"), strict=True))
    assert (gdelt["Actor1Code"], gdelt["Actor1KnownGroupCode"], gdelt["Actor1Type1Code"]) == ("IGOUNO", "UNO", "IGO")
    assert gdelt["Actor1Name"] == "UNITED NATIONS"


def test_acled_rows_sort_violence_by_its_kind():
    text = "Drone Rusia menyerang Kyiv. Polisi menyerang warga sipil. Massa berunjuk rasa."
    kyiv = Place(id="p1", name="Kyiv", country="UKR", feature="city", lat=50.4547, lon=30.5238, geonameid=703448,
                 mentions=[])
    doc = _doc(text, places=[kyiv], events=[
        ("ASSAULT", Actor(text="Rusia", country="RUS", sector="MIL"), Actor(text="Kyiv", country="UKR"), "menyerang",
         {"mode": "aerial", "place": "p1"}),
        ("ASSAULT", Actor(text="Polisi", country="IDN", sector="POL"), Actor(text="warga sipil", sector="CVL",
                                                                            country="IDN"),
         "menyerang warga", {}),
        ("PROTEST", Actor(text="Massa", sector="CVL", country="IDN"), None, "berunjuk rasa", {}),
    ])
    rows = list(csv.DictReader(io.StringIO("".join(_lines([doc], ExportFormat.acled)))))
    assert [(r["event_type"], r["sub_event_type"]) for r in rows] == [
        ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
        ("Protests", "Peaceful protest")]
    assert rows[1]["interaction"] == "State forces-Civilians" and rows[1]["civilian_targeting"] == "Civilians targeted"
    assert rows[2]["inter1"] == "Protesters" and rows[2]["interaction"] == "Protesters only"
    # A foreign state's forces in the country are External/Other forces, after the lower code in the pair.
    assert rows[0]["inter1"] == "External/Other forces" and rows[0]["country"] == "Ukraine"


def test_filters_choose_events_by_day_type_and_country():
    doc = _doc("Israel menyerang Iran. Iran menuduh Israel.", events=[
        ("ASSAULT", ISRAEL, IRAN, "menyerang", {}), ("ACCUSE", IRAN, Actor(text="Israel", country="ISR"), "menuduh", {})])
    assert len(_lines([doc], ExportFormat.plover, types=("ACCUSE",))) == 1
    assert len(_lines([doc], ExportFormat.plover, since="2025-06-21")) == 0
    assert len(_lines([doc], ExportFormat.plover, until="2025-06-20", country="IRN")) == 2
    assert len(_lines([doc], ExportFormat.plover, country="USA")) == 0
    with pytest.raises(UsageError):
        ExportFilter(since="20 June")
    with pytest.raises(UsageError):
        ExportFilter(types=("BOMBING",))


def test_every_trigger_codes_its_type_by_plovers_crosswalk():
    """The record's CAMEO codes agree with PLOVER's own CAMEO crosswalk (REQUEST is 10, not 02)."""
    table = crosswalk()
    for lang in ("id", "en"):
        for trigger in trigger_pattern(lang)[1].values():
            assert table[trigger.cameo].type == trigger.type, (trigger.type, trigger.cameo)
    for etype, code in CAMEO_ROOT.items():
        assert table[code].type == etype, (etype, code)


# -- the shared articles, exported from a store and read back --------------------------------
@pytest.fixture(scope="module")
def export_db(tmp_path_factory, docs, dev2_docs) -> Path:
    path = tmp_path_factory.mktemp("export") / "warta.db"
    with open_store(path) as store:
        for doc in [*docs, *dev2_docs]:
            store.add(doc)
    return path


def _export(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_gdelt_export_loads_as_gdelt_readers_load_it(export_db):
    text = _export(export_db, "--format", "gdelt")
    assert text and not text.startswith("GLOBALEVENTID")  # no header, as GDELT's files
    # As gdeltPyR reads a GDELT 2.0 events file: tab-separated, no header, the codes kept as text.
    frame = pd.read_csv(io.StringIO(text), sep="\t", header=None, dtype={26: "str", 27: "str", 28: "str"})
    assert frame.shape[1] == 61
    frame.columns = GDELT_COLUMNS
    for column in GDELT_INTEGERS:
        assert frame[column].dtype == "int64", column
    for column in GDELT_FLOATS:
        assert frame[column].dtype == "float64", column
    assert frame.GLOBALEVENTID.is_unique
    days = pd.to_datetime(frame.SQLDATE.astype(str), format="%Y%m%d")  # every SQLDATE a real day
    assert (frame.MonthYear == frame.SQLDATE // 100).all() and (frame.Year == days.dt.year).all()
    assert ((frame.FractionDate - frame.Year).between(0, 1.01)).all()
    assert frame.EventCode.str.fullmatch(r"\d{3,4}").all()
    assert (frame.EventBaseCode == frame.EventCode.str[:3]).all() and (frame.EventRootCode == frame.EventCode.str[:2]).all()
    codes = set(crosswalk())
    assert frame.EventCode.isin(codes).all()
    assert frame.QuadClass.between(1, 4).all() and frame.GoldsteinScale.between(-10, 10).all()
    assert frame.IsRootEvent.isin([0, 1]).all() and (frame.NumArticles == 1).all()
    placed = frame[frame.ActionGeo_Type > 0]
    assert len(placed) > len(frame) / 4
    assert placed.ActionGeo_Type.isin([1, 2, 3, 4, 5]).all()
    assert all(adm1.startswith(cc) for adm1, cc in zip(placed.ActionGeo_ADM1Code, placed.ActionGeo_CountryCode,
                                                        strict=True))
    assert placed.ActionGeo_ADM1Code.str.fullmatch(r"[A-Z]{2}([A-Z0-9]{2})?").all()
    # Every field gdelt-py's parser requires is there (it skips a row missing one).
    required = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "IsRootEvent", "EventCode",
                "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
                "NumArticles", "AvgTone", "ActionGeo_Type", "DATEADDED"]
    assert frame[required].notna().all().all()
    assert (frame.DATEADDED % 10000 % 1500 == 0).all()  # 15-minute slots, as GDELT adds events
    cities = placed[placed.ActionGeo_Type.isin([3, 4])]
    assert cities.ActionGeo_Lat.between(-90, 90).all() and cities.ActionGeo_Long.between(-180, 180).all()
    assert (frame[frame.ActionGeo_Type == 0].ActionGeo_FullName.isna()).all()
    stamps = frame.DATEADDED.astype(str).map(lambda s: datetime.strptime(s, "%Y%m%d%H%M%S"))
    assert stamps.notna().all()
    assert frame.Actor1CountryCode.dropna().str.fullmatch(r"[A-Z]{3}").all()


def test_gdelt_py_parses_every_row(export_db):
    """gdelt-py, the GDELT client that parses event files, reads every row into its Event model."""
    from py_gdelt.models.events import Event
    from py_gdelt.parsers.events import EventsParser

    text = _export(export_db, "--format", "gdelt")
    rows = list(EventsParser().parse(text.encode("utf-8"), is_translated=False))
    assert len(rows) == len(text.splitlines()) > 100
    events = [Event.from_raw(row) for row in rows]
    assert all(e.global_event_id and e.event_code for e in events)


def test_an_export_file_appears_only_whole(export_db, tmp_path):
    target = tmp_path / "missing" / "events.jsonl"
    result = runner.invoke(app, ["export", "--db", str(export_db), "-o", str(target)])
    assert result.exit_code == 1 and result.stderr.startswith("warta: cannot write") and len(
        result.stderr.splitlines()) == 1
    assert not target.parent.exists()
    done = tmp_path / "events.jsonl"
    assert runner.invoke(app, ["export", "--db", str(export_db), "-o", str(done)]).exit_code == 0
    assert done.exists() and not (tmp_path / "events.jsonl.part").exists()


def test_plover_export_meets_the_manual(export_db):
    schema = json.loads((ROOT / "tests" / "specs" / "plover.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    records = [json.loads(line) for line in _export(export_db, "--format", "plover").splitlines()]
    assert len(records) > 100
    for record in records:
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]
        assert not problems, (record["id"], problems)
        etype = record["event"][0]
        assert set(record["mode"] or ()) <= PLOVER_MODES.get(etype, set()), (etype, record["mode"])
        if etype in ("COOPERATE", "AID", "SANCTION"):
            assert record["recipient"], record["id"]  # PLOVER requires one for these
        assert crosswalk()[record["cameo"]].type == etype
    assert any(r["event_loc"] and r["event_loc"]["geonameid"] for r in records)
    assert any(r["actor"][0]["identifier_id"] for r in records)


def test_polecat_export_loads_with_its_40_columns(export_db):
    text = _export(export_db, "--format", "polecat")
    frame = pd.read_csv(io.StringIO(text), sep="\t", quotechar='"', na_values=["None"], keep_default_na=False)
    assert list(frame.columns) == POLECAT_COLUMNS and len(frame) > 100
    assert pd.to_datetime(frame["Event Date"], format="%Y-%m-%d").notna().all()
    assert frame["Event Type"].isin(list(CAMEO_ROOT)).all()
    assert frame["Quad Code"].isin(["VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT",
                                    "MATERIAL CONFLICT"]).all()
    assert frame["Intensity"].between(-10, 10).all() and frame["Latitude"].dropna().between(-90, 90).all()
    assert frame["Actor Country"].dropna().str.fullmatch(r"[A-Z]{3}").all()


def test_acled_export_loads_with_acleds_columns_and_types(export_db):
    frame = pd.read_csv(io.StringIO(_export(export_db, "--format", "acled")))
    assert list(frame.columns) == ACLED_COLUMNS and len(frame) > 20
    for event_type, sub_type, disorder in zip(frame.event_type, frame.sub_event_type, frame.disorder_type,
                                              strict=True):
        assert ACLED_TYPES[event_type][sub_type] == disorder
    assert frame.interaction.isin(ACLED_INTERACTIONS).all(), set(frame.interaction) - ACLED_INTERACTIONS
    assert (frame.interaction.str.endswith(" only") == frame.actor2.isna()).all()
    assert frame.country.notna().all() and frame.inter1.notna().all()
    assert not frame.admin1.dropna().str.fullmatch(r"\d+").any()  # names, never codes
    assert pd.to_datetime(frame.event_date, format="%Y-%m-%d").notna().all()
    assert frame.time_precision.isin([1, 2, 3]).all() and frame.geo_precision.dropna().isin([1, 2, 3]).all()
    assert frame.iso.dropna().between(1, 999).all() and (frame.fatalities >= 0).all()
    assert frame.latitude.dropna().between(-90, 90).all() and frame.event_id_cnty.is_unique


def test_csv_tables_hold_every_record_list(export_db, tmp_path):
    result = runner.invoke(app, ["export", "--db", str(export_db), "--format", "csv", "-o", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    with open_store(export_db, read_only=True) as store:
        stats = store.stats()["tables"]
    for table, rows in stats.items():
        frame = pd.read_csv(tmp_path / "t" / f"{table}.csv", keep_default_na=False)
        assert len(frame) == rows, table
    events = pd.read_csv(tmp_path / "t" / "events.csv")
    assert {"doc_id", "seq", "type", "actor1_country", "date"} <= set(events.columns)


def test_the_cli_writes_files_filters_and_says_what_it_left_out(export_db, tmp_path):
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["export", "--db", str(export_db), "-o", str(out), "--type", "assault",
                                 "--since", "2025-01-01"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all(r["event"] == ["ASSAULT"] and r["date"] >= "2025-01-01" for r in records)
    assert re.search(r"export: \d+ events written; left out: .*not factual", result.stderr)
    bad = runner.invoke(app, ["export", "--db", str(export_db), "--since", "yesterday"])
    assert bad.exit_code == 1 and bad.stderr.strip() == "warta: since: 'yesterday' is not a date (YYYY-MM-DD)"
    no_folder = runner.invoke(app, ["export", "--db", str(export_db), "--format", "csv"])
    assert no_folder.exit_code == 1 and "-o" in no_folder.stderr
    events = runner.invoke(app, ["export", "--db", str(export_db), "--format", "csv", "--table", "events"])
    assert events.exit_code == 0 and events.stdout.startswith("doc_id,seq,event_id,type")


def test_the_server_exports_what_the_cli_does(export_db):
    from warta.serve import create_app

    client = TestClient(create_app(export_db))
    for export_format in ("polecat", "acled", "gdelt"):
        served = client.get(f"/api/export/{export_format}", params={"type": ["ASSAULT", "PROTEST"]})
        assert served.status_code == 200
        cli_text = _export(export_db, "--format", export_format, "--type", "ASSAULT", "--type", "PROTEST")
        assert served.text == cli_text  # DATEADDED, timestamps: when each was stored, the same from both
    table = client.get("/api/export/csv", params={"table": "documents"})
    assert table.status_code == 200 and table.text.startswith("doc_id,lang,title")
    for params, reason in (({"type": "BOMBING"}, "unknown event type"), ({"since": "tomorrow"}, "since")):
        answer = client.get("/api/export/plover", params=params)
        assert answer.status_code == 400 and reason in answer.json()["error"]
    assert client.get("/api/export/csv").status_code == 400


def test_table_lines_refuse_an_unknown_table():
    with pytest.raises(UsageError):
        list(table_lines([], "people"))
    with pytest.raises(UsageError):
        write_tables([], Path("/proc/warta-cannot-write-here"))


def test_parquet_tables_load_in_duckdb_and_pandas_with_their_types(export_db, tmp_path):
    import duckdb

    folder = tmp_path / "pq"
    result = runner.invoke(app, ["export", "--db", str(export_db), "--format", "parquet", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    with open_store(export_db, read_only=True) as store:
        stats = store.stats()["tables"]
    for table, count in stats.items():
        assert duckdb.sql(f"SELECT count(*) FROM '{folder / table}.parquet'").fetchall()[0][0] == count, table
    types = {row[0]: row[1] for row in duckdb.sql(f"DESCRIBE SELECT * FROM '{folder}/events.parquet'").fetchall()}
    assert (types["seq"], types["negated"], types["lat"], types["type"]) == ("BIGINT", "BOOLEAN", "DOUBLE", "VARCHAR")
    # Keys join across tables: every event's document is in documents.
    orphans = duckdb.sql(f"SELECT count(*) FROM '{folder}/events.parquet' e ANTI JOIN '{folder}/documents.parquet' d "
                         "USING (doc_id)").fetchall()[0][0]
    assert orphans == 0
    import warta

    frames = warta.to_frames(export_db)
    assert {name: len(frame) for name, frame in frames.items()} == stats
    assert frames["events"]["sentence_start"].dtype == "int64"
    assert pd.read_parquet(folder / "places.parquet")["lat"].dtype == "float64"


def test_extract_writes_parquet_tables_straight_from_articles(dev_path, tmp_path):
    folder = tmp_path / "tables"
    result = runner.invoke(app, ["extract", str(dev_path), "--format", "parquet", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    documents = pd.read_parquet(folder / "documents.parquet")
    assert len(documents) == len(dev_path.read_text(encoding="utf-8").splitlines())
    assert len(pd.read_parquet(folder / "events.parquet")) > 0
    refused = runner.invoke(app, ["extract", str(dev_path), "--format", "parquet"])
    assert refused.exit_code == 1 and "-o FOLDER" in refused.stderr

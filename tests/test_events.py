"""Events: triggers, actors by voice, certainty, attribution, links, exports."""

from __future__ import annotations

from conftest import shared_path
from warta.events.rules import rule_events
from warta.model import Document, Entity, Place, Quantity, Quote, Sentence, Span, TimeExpr
from warta.options import Options


def build(text: str, entities: dict[str, tuple[str, str | None]], *, lang: str = "id", cues=(), **lists) -> Document:
    """A document with one sentence per line and an entity for every listed name."""
    doc = Document(doc_id="t", lang=lang, title=None, text=text, **lists)
    start = 0
    for line in text.split("\n"):
        doc.sentences.append(Sentence.of(text, start, start + len(line)))
        start += len(line) + 1
    for number, (name, (etype, country)) in enumerate(entities.items(), 1):
        spans, at = [], text.find(name)
        while at >= 0:
            spans.append(Span.of(text, at, at + len(name)))
            at = text.find(name, at + 1)
        doc.entities.append(Entity(id=f"e{number}", name=name, type=etype, country=country, mentions=spans))
    for kind, word in cues:
        at = text.find(word)
        sent = doc.sentence_at(at)
        sent.cues.append({"kind": kind, "text": word, "start": at, "end": at + len(word)})
    doc.events = rule_events(doc)
    return doc


def only(doc: Document, etype: str):
    found = [e for e in doc.events if e.type == etype]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in doc.events]
    return found[0]


def test_active_verb_gives_actor_before_and_recipient_after():
    doc = build("Malaysia mengecam serangan terhadap Myanmar.", {"Malaysia": ("GPE", "MYS"), "Myanmar": ("GPE", "MMR")})
    event = only(doc, "ACCUSE")
    assert (event.actor1.country, event.actor2.country) == ("MYS", "MMR")
    assert event.trigger.text == "mengecam" and event.cameo == "112"
    assert event.certainty == "asserted" and not event.negated


def test_di_passive_swaps_the_roles():
    doc = build("Kota-kota Ukraina juga digempur Rusia pada malam hari.",
                {"Ukraina": ("GPE", "UKR"), "Rusia": ("GPE", "RUS")})
    event = only(doc, "ASSAULT")
    assert (event.actor1.country, event.actor2.country) == ("RUS", "UKR")


def test_noun_trigger_takes_the_doer_right_after_it():
    doc = build("Iran mengatakan serangan Israel telah menghancurkan gedung itu.",
                {"Iran": ("GPE", "IRN"), "Israel": ("GPE", "ISR")})
    event = only(doc, "ASSAULT")
    assert (event.actor1.country, event.actor2.country) == ("ISR", "IRN")


def test_english_sentence_with_sector_from_the_words_around_the_actor():
    doc = build("Russian troops attacked Ukraine overnight.", {"Russian": ("NORP", "RUS"), "Ukraine": ("GPE", "UKR")},
                lang="en")
    event = only(doc, "ASSAULT")
    assert event.actor1.country == "RUS" and event.actor1.sector == "MIL"
    assert event.actor2.country == "UKR"


def test_sentence_without_actors_gives_no_event():
    doc = build("Serangan itu terjadi pada malam hari.", {})
    assert doc.events == []


def test_one_event_per_action():
    doc = build("Israel menyerang dan menggempur Iran.", {"Israel": ("GPE", "ISR"), "Iran": ("GPE", "IRN")})
    assert [(e.type, e.actor1.country, e.actor2.country) for e in doc.events] == [("ASSAULT", "ISR", "IRN")]


def test_certainty_from_the_nearest_cue_before_the_trigger():
    text = "Delegasi Vietnam dilaporkan bertolak ke Manila, memicu spekulasi bahwa Hanoi akan mengirim senjata ke Filipina."
    doc = build(text, {"Vietnam": ("GPE", "VNM"), "Manila": ("GPE", "PHL"), "Hanoi": ("GPE", "VNM"),
                       "Filipina": ("GPE", "PHL")},
                cues=[("reported", "dilaporkan"), ("speculated", "spekulasi"), ("planned", "akan")])
    assert only(doc, "CONSULT").certainty == "reported"
    aid = only(doc, "AID")
    assert aid.certainty == "planned"
    assert (aid.actor1.country, aid.actor2.country) == ("VNM", "PHL")


def test_negation_right_before_the_trigger():
    doc = build("Rusia tidak menyerang Ukraina.", {"Rusia": ("GPE", "RUS"), "Ukraina": ("GPE", "UKR")},
                cues=[("negation", "tidak")])
    assert only(doc, "ASSAULT").negated


def test_links_attribution_place_time_and_quantities():
    text = "Menurut intelijen, Iran telah mengirimkan 2 juta peluru ke Yaman di Sanaa pada Selasa (4/3)."
    s = text.find
    doc = build(
        text, {"Iran": ("GPE", "IRN"), "Yaman": ("GPE", "YEM")},
        quotes=[Quote.of(text, s("Iran"), len(text) - 1, id="u1", kind="according_to", speaker="intelijen")],
        quantities=[Quantity.from_text(text, s("2 juta"), s("2 juta") + 6, id="q1", value=2e6, category="munitions")],
        times=[TimeExpr.of(text, s("Selasa"), s("Selasa") + 12, id="t1", value="XXXX-03-04")],
        places=[Place(id="p1", name="Yemen", country="YEM", feature="country",
                      mentions=[Span.of(text, s("Yaman"), s("Yaman") + 5)]),
                Place(id="p2", name="Sanaa", country="YEM", feature="city",
                      mentions=[Span.of(text, s("Sanaa"), s("Sanaa") + 5)])],
    )
    event = only(doc, "AID")
    assert event.attribution == "u1" and event.certainty == "reported"
    assert event.quantities == ["q1"] and event.time == "t1"
    assert event.place == "p2"  # the city after "di", before the country


def test_accusation_inside_a_direct_quote_is_the_speakers():
    text = "\"Tindakan terorisme oleh Ethiopia harus dihentikan,\" kata juru bicara Eritrea."
    s = text.find
    doc = build(text, {"Ethiopia": ("GPE", "ETH"), "Eritrea": ("GPE", "ERI")},
                quotes=[Quote.from_text(text, 1, s(",\""), id="u1", kind="direct", speaker="juru bicara Eritrea",
                                        speaker_entity="e2")])
    event = only(doc, "ACCUSE")
    assert (event.actor1.country, event.actor2.country) == ("ERI", "ETH")
    assert event.attribution == "u1" and event.certainty == "reported"


def test_joined_subjects_of_an_agreement():
    doc = build("Rusia dan Iran menandatangani perjanjian kemitraan.", {"Rusia": ("GPE", "RUS"), "Iran": ("GPE", "IRN")})
    agree = only(doc, "AGREE")
    assert (agree.actor1.country, agree.actor2.country) == ("RUS", "IRN")


def test_victims_named_before_the_verb_are_the_recipient():
    doc = build("Sedikitnya 40 warga Palestina tewas akibat tembakan pasukan Israel.",
                {"Palestina": ("GPE", "PSE"), "Israel": ("GPE", "ISR")})
    event = only(doc, "ASSAULT")
    assert (event.actor1.country, event.actor2.country) == ("ISR", "PSE")


def test_relative_clause_names_the_doer_of_a_noun():
    doc = build("Malaysia mengecam serangan yang dilancarkan Myanmar.",
                {"Malaysia": ("GPE", "MYS"), "Myanmar": ("GPE", "MMR")})
    assault = only(doc, "ASSAULT")
    assert assault.actor1.country == "MMR"


def test_sport_and_business_senses_are_no_events():
    doc = build("Pemain Brasil itu melepaskan tembakan bebas ke gawang Argentina dalam laga semalam.",
                {"Brasil": ("GPE", "BRA"), "Argentina": ("GPE", "ARG")})
    assert doc.events == []
    doc = build("Perusahaan Jepang itu menyita perhatian investor Korea Selatan.",
                {"Jepang": ("GPE", "JPN"), "Korea Selatan": ("GPE", "KOR")})
    assert doc.events == []


def test_accident_story_gives_no_assault_but_a_war_story_does():
    accident = ("Kecelakaan terjadi di jalan tol. Sebuah bus dari Malaysia menghantam truk asal Thailand.\n"
                "Polisi menyebut tabrakan itu menewaskan dua orang.")
    doc = build(accident, {"Malaysia": ("GPE", "MYS"), "Thailand": ("GPE", "THA")})
    assert not [e for e in doc.events if e.type == "ASSAULT"]
    doc = build("Rusia menghantam Ukraina dengan rudal.", {"Rusia": ("GPE", "RUS"), "Ukraina": ("GPE", "UKR")})
    assert only(doc, "ASSAULT").mode == "aerial"


def test_a_cue_across_a_contrast_does_not_govern_the_trigger():
    text = "Perdagangan naik hampir dua kali lipat, namun Rusia masih memblokade pelabuhan Ukraina."
    doc = build(text, {"Rusia": ("GPE", "RUS"), "Ukraina": ("GPE", "UKR")}, cues=[("estimated", "hampir")])
    assert only(doc, "COERCE").certainty == "asserted"


def test_the_doer_named_with_oleh_after_a_noun():
    doc = build("Blokade pelabuhan yang masih berlangsung oleh Rusia merugikan Ukraina.",
                {"Rusia": ("GPE", "RUS"), "Ukraina": ("GPE", "UKR")})
    event = only(doc, "COERCE")
    assert (event.actor1.country, event.actor2.country) == ("RUS", "UKR")


def test_negation_reaches_over_auxiliaries():
    doc = build("Iran tidak akan pernah menyerang Israel.", {"Iran": ("GPE", "IRN"), "Israel": ("GPE", "ISR")},
                cues=[("negation", "tidak")])
    assert only(doc, "ASSAULT").negated


def test_a_noun_with_no_one_behind_it_is_a_topic_not_an_event():
    doc = build("Perjanjian dagang itu dibahas lagi di Jakarta bersama Malaysia.",
                {"Jakarta": ("GPE", "IDN"), "Malaysia": ("GPE", "MYS")})
    assert doc.events == []


def test_a_visit_without_a_host_is_no_event():
    doc = build("Presiden Chile mengunjungi pabrik baru.", {"Chile": ("GPE", "CHL")})
    assert doc.events == []


# Quality floors on the shared scorer (raise them when the coder improves, never lower silently).
def test_seed_events_floor(seed_scores):
    row = seed_scores["events"]
    assert row["recall"] == 1.0
    assert row["strict_recall"] == 1.0


def test_dev_events_floor(dev_scores):
    row = dev_scores["events"]
    assert row["f1"] >= 0.83
    assert row["strict_recall"] >= 0.61


def test_dev2_events_floor(dev2_scores):
    row = dev2_scores["events"]
    assert row["f1"] >= 0.60
    # 0.155 with 1,585 added sentences, 0.141 (one event) with 2,220, whose F1 rose 0.566 -> 0.622;
    # 0.169 with the role model filling the roles the rules leave out; 0.183 when a place inside an
    # organisation's name no longer lends its country to the places around it; 0.197 when a dateline
    # cut off by cleaning no longer hides the story's own mentions of its place.
    assert row["strict_recall"] >= 0.19


def test_events_test_split_floor():
    """The shipped coder on the held-out sentence annotations (checked here, never tuned on)."""
    from warta.events.train import extract_rows, load_jsonl, score_rows

    rows = load_jsonl(shared_path("data", "events", "test.jsonl"))
    records = extract_rows(rows)
    table = score_rows(rows, records)
    assert table["type"]["f1"] >= 0.45
    assert table["detect"]["f1"] >= 0.62
    assert table["false_alarm"] <= 0.13
    # The model with 1,585 added sentences had 0.687 / 0.575 and Indonesian 0.444; with 2,220 (chosen
    # on the dev split and the dev sets before its test score) 0.663 / 0.558 and 0.426; with only
    # personal pronouns as role candidates (head accuracy on the dev split +1.6 points) 0.663 / 0.547;
    # with the role model filling the rule events' missing roles 0.694 / 0.674.
    assert table["actor1"] >= 0.69 and table["actor2"] >= 0.67
    for lang, floor in (("id", 0.42), ("en", 0.48)):
        part = [r for r in rows if r["lang"] == lang]
        assert score_rows(part, records)["type"]["f1"] >= floor


# ---------------------------------------------------------------- the trained coder


def _before_events(text: str) -> tuple[Document, Sentence]:
    """A one-sentence Indonesian document analysed by every stage before ``events``."""
    from warta.model import RawArticle
    from warta.options import DEFAULT_STAGES
    from warta.pipeline import Pipeline, new_document

    pipeline = Pipeline(Options(stages=tuple(s for s in DEFAULT_STAGES if s != "events")))
    doc = new_document(RawArticle(text=text, origin="t", lang="id"))
    for _name, run in pipeline.stages:
        run(doc)
    (sentence,) = doc.sentences
    return doc, sentence


def test_trained_coder_codes_a_verb_no_trigger_list_holds():
    from warta.events import coder, sentence_events
    from warta.events.features import home_country

    # "meringkus" (to round up) is in no trigger list: the trained coder alone finds the arrest.
    doc, sentence = _before_events("Polisi Malaysia meringkus dua warga Indonesia di Johor.")
    found = sentence_events(doc, doc.work["parse"], sentence, coder.load("id"), frozenset(), home_country(doc))
    coerce = [e for e in found if e.type == "COERCE"]
    assert coerce and coerce[0].trigger.text == "meringkus"
    assert coerce[0].actor1.country == "MYS"


def test_role_model_fills_the_actor_the_rules_leave_out():
    from warta.events import code_document, coder, rules

    # The rules find the demand and its recipient but no named doer; the role model reads the subject.
    doc, _sentence = _before_events("Mahasiswa menuntut DPR membatalkan revisi undang-undang tersebut.")
    (ruled,) = rules.rule_events(doc)
    assert ruled.type == "REQUEST" and ruled.actor1 is None
    (event,) = code_document(doc, doc.work["parse"], coder.load("id"))
    assert (event.type, event.actor1.text, event.actor2.text) == ("REQUEST", "Mahasiswa", "DPR")


def test_only_personal_pronouns_are_role_candidates():
    from warta.events.features import actor_mentions, home_country, role_candidates

    doc, sentence = _before_events("Mereka menangkap warga yang membakar gedung itu.")
    parse = doc.work["parse"]
    mentions = actor_mentions(doc, sentence.start, sentence.end)
    words = {m.span.text.casefold() for m in role_candidates(doc, parse, sentence, mentions, home_country(doc))}
    assert "mereka" in words and "warga" in words
    assert "yang" not in words


def test_event_models_are_small_and_load():
    from warta.events import coder

    for lang in ("id", "en"):
        path = coder.model_file(lang)
        assert path.stat().st_size < 3e6
        models = coder.load(lang)
        assert models.trigger.labels[0] == "O" and len(models.trigger.labels) == 17
        assert models.role.labels == coder.ROLES


def test_events_point_at_real_ids_and_spans(seed_doc, dev_docs):
    for doc in [seed_doc, *dev_docs.values()]:
        ids = {k: {x.id for x in getattr(doc, k)} for k in ("places", "times", "quantities", "quotes", "entities")}
        for event in doc.events:
            assert doc.text[event.trigger.start:event.trigger.end] == event.trigger.text
            assert event.sentence.start <= event.trigger.start < event.sentence.end
            assert event.place in ids["places"] | {None}
            assert event.time in ids["times"] | {None}
            assert set(event.quantities) <= ids["quantities"]
            assert event.attribution in ids["quotes"] | {None}
            for actor in (event.actor1, event.actor2):
                # A noun argument that names no entity ("polisi", "the workers") has no entity id.
                assert actor is None or actor.entity in ids["entities"] | {None}
                assert actor is None or actor.entity is not None or actor.text in event.sentence.text


def test_accidents_and_disasters_give_no_assault(dev_docs):
    # 031 is a volcanic eruption, 035 a road accident: casualties, but no PLOVER event between actors.
    for key in ("031_id_kompas", "035_id_liputan6"):
        assert not [e for e in dev_docs[key].events if e.type == "ASSAULT"], key


def test_a_fact_checks_claims_are_denied():
    import warta

    claim = ("Beredar video yang menyebut polisi Malaysia menangkap dua warga Indonesia di Johor. "
             "Faktanya, video itu rekaman lama.")
    checked = warta.extract_text(claim, title="Cek Fakta: Hoaks Video Penangkapan Warga Indonesia di Johor", lang="id")
    plain = warta.extract_text(claim, title="Video Penangkapan Warga Indonesia di Johor", lang="id")
    assert [(e.type, e.certainty) for e in checked.events] == [("COERCE", "denied")]
    assert plain.events and all(e.certainty != "denied" for e in plain.events)

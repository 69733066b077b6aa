"""The language layer: tokens, sentence boundaries and the shipped spaCy pipelines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from warta import Options
from warta.nlp import analyse, has_model, load, model_path, sentence_spans
from warta.nlp.train import map_tags, read_conllu

NLP_STAGES = ("clean", "language", "sentences")


def nlp_docs(source) -> list:
    """Documents through clean, language and sentences, with ``work`` kept (the
    pipeline clears it at the end)."""
    from warta.ingest import read
    from warta.pipeline import Pipeline, new_document

    options = Options(stages=NLP_STAGES)
    pipeline = Pipeline(options)
    out = []
    for raw in read(source, options=options):
        if isinstance(raw, Exception):
            continue
        doc = new_document(raw)
        for _name, run in pipeline.stages:
            run(doc)
        out.append(doc)
    return out


def sents(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, analyse(text, lang))]


def tokens(text: str, lang: str) -> list[str]:
    return [t.text for t in analyse(text, lang)]


# ---------------------------------------------------------------- tokens


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("number", ["6.000", "10,5", "1,200.50", "2.500.000", "3,14"])
def test_numbers_with_separators_stay_one_token(lang, number):
    assert number in tokens(f"Ada {number} orang di sana.", lang)


@pytest.mark.parametrize(
    "abbr", ["Jl.", "Kab.", "dr.", "No.", "Rp.", "Prof.", "H.", "Dr.", "Kec.", "Hj.", "S.H.", "dll."]
)
def test_indonesian_abbreviations_are_one_token(abbr):
    assert abbr in tokens(f"Kata {abbr} Sudirman hari ini.", "id")


@pytest.mark.parametrize("abbr", ["U.S.", "Dr.", "St.", "Jan.", "Gen.", "Prof.", "Mr.", "Inc."])
def test_english_abbreviations_are_one_token(abbr):
    assert abbr in tokens(f"Then {abbr} Smith arrived.", "en")


def test_hyphenated_given_names_stay_whole_but_compounds_of_names_split():
    toks = tokens("Kim Jong-un bertemu Ra Jong-yil soal konflik Rusia-Ukraina.", "id")
    assert "Jong-un" in toks and "Jong-yil" in toks
    assert "Rusia" in toks and "Ukraina" in toks


# ---------------------------------------------------------------- sentences


def test_indonesian_abbreviations_do_not_end_sentences():
    text = ("Kantor itu di Jl. Sudirman No. 5, Kab. Bogor, dekat praktik dr. Rina dan rumah H. Ahmad. "
            "Harganya Rp. 6.000 per kilogram. Prof. Budi hadir pada 12 Jan. 2024 bersama Kapten St. Clair.")
    assert sents(text, "id") == [
        "Kantor itu di Jl. Sudirman No. 5, Kab. Bogor, dekat praktik dr. Rina dan rumah H. Ahmad.",
        "Harganya Rp. 6.000 per kilogram.",
        "Prof. Budi hadir pada 12 Jan. 2024 bersama Kapten St. Clair.",
    ]


def test_english_abbreviations_do_not_end_sentences():
    text = ("Dr. Smith of the U.S. Army met Gen. Lee on Jan. 5 in St. Louis. "
            "The deal went to Acme Inc. The shares rose 1,200.50 points.")
    assert sents(text, "en") == [
        "Dr. Smith of the U.S. Army met Gen. Lee on Jan. 5 in St. Louis.",
        "The deal went to Acme Inc.",
        "The shares rose 1,200.50 points.",
    ]


def test_quote_with_comma_and_speech_verb_is_one_sentence():
    text = "“Kami akan bertahan sampai akhir,” kata Budi Santoso, juru bicara kelompok itu. Ia lalu pergi."
    assert sents(text, "id") == [
        "“Kami akan bertahan sampai akhir,” kata Budi Santoso, juru bicara kelompok itu.",
        "Ia lalu pergi.",
    ]


def test_closing_quote_belongs_to_its_sentence():
    text = 'Ia berkata, "Semua sudah siap." Kemudian rapat dibuka. "Luar biasa!" tegas dia. "Benar?" Ya.'
    assert sents(text, "id") == [
        'Ia berkata, "Semua sudah siap."',
        "Kemudian rapat dibuka.",
        '"Luar biasa!" tegas dia.',
        '"Benar?"',
        "Ya.",
    ]


def test_glued_straight_quote_opens_the_next_sentence():
    assert sents('Ia pulang."Besok kami kembali," katanya. Dia bilang "cukup." Lalu pergi.', "id") == [
        "Ia pulang.",
        '"Besok kami kembali," katanya.',
        'Dia bilang "cukup."',
        "Lalu pergi.",
    ]


def test_quote_spanning_sentences_splits_inside_and_keeps_the_closing_mark():
    text = "“Kami siap. Kami akan menang,” ujar pelatih itu. Laga dimulai pukul 19.30 WIB."
    assert sents(text, "id") == [
        "“Kami siap.",
        "Kami akan menang,” ujar pelatih itu.",
        "Laga dimulai pukul 19.30 WIB.",
    ]


def test_newlines_always_end_a_sentence():
    text = "Judul Tanpa Titik\nJAKARTA, KOMPAS.com - Presiden tiba di Bali\n\nParagraf kedua dimulai. Lalu selesai"
    assert sents(text, "id") == [
        "Judul Tanpa Titik",
        "JAKARTA, KOMPAS.com - Presiden tiba di Bali",
        "Paragraf kedua dimulai.",
        "Lalu selesai",
    ]


def test_datelines_stay_in_the_first_sentence():
    assert sents("WASHINGTON (Reuters) - Markets rose on Monday. Oil fell.", "en") == [
        "WASHINGTON (Reuters) - Markets rose on Monday.",
        "Oil fell.",
    ]
    assert sents("Jakarta, tvOnenews.com – Hubungan kedua negara menguat. Itu kata dia.", "id") == [
        "Jakarta, tvOnenews.com – Hubungan kedua negara menguat.",
        "Itu kata dia.",
    ]


def test_lowercase_after_a_stop_does_not_start_a_sentence():
    assert len(sents("Harga naik 5 persen. dan itu wajar, katanya.", "id")) == 1
    assert sents("Ia menjual buah, sayur, dll. Kemudian pulang.", "id") == [
        "Ia menjual buah, sayur, dll.",
        "Kemudian pulang.",
    ]


def test_other_languages_fall_back_to_rules_without_a_model():
    text = "Ceci est une phrase. Voici la deuxième.\nTroisième"
    assert sents(text, "fr") == ["Ceci est une phrase.", "Voici la deuxième.", "Troisième"]


def test_empty_and_whitespace_text_give_no_sentences():
    assert sents("", "id") == []
    assert sents(" \n\n ", "en") == []


# ---------------------------------------------------------------- the stage on real articles


@pytest.fixture(scope="module")
def seed_nlp_doc(seed_path):
    (doc,) = nlp_docs(seed_path)
    return doc


def test_seed_sentences_split_where_a_reader_would(seed_nlp_doc):
    texts = [s.text for s in seed_nlp_doc.sentences]
    quote = [t for t in texts if "Baik Moskow maupun Pyongyang" in t]
    assert len(quote) == 1
    assert quote[0].startswith("“Baik Moskow") and quote[0].endswith("asal Tokyo.")
    assert any(t.startswith("Kepala Dewan Keamanan Rusia, Sergei Shoigu") and t.endswith("dengan Ukraina.")
               for t in texts)
    # "6.000" and "11.000" must not split sentences; headings are sentences of their own.
    assert any("6.000 insinyur" in t for t in texts)
    assert any("sekitar 11.000 tentara" in t for t in texts)
    assert "Aliansi Strategis yang Saling Menguntungkan" in texts
    assert 13 <= len(texts) <= 19, texts
    assert all("\n" not in t for t in texts)


def test_sentence_spans_index_the_text_exactly(seed_nlp_doc, dev_path):
    docs = [seed_nlp_doc, *nlp_docs(dev_path)]
    assert len(docs) >= 10
    for doc in docs:
        assert doc.sentences, doc.source
        last = 0
        for s in doc.sentences:
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.start >= last
            last = s.end
        parse = doc.work["parse"]
        assert all(doc.text[a:b] == t for a, b, t in zip(parse.start, parse.end, parse.text, strict=True))
        assert len(parse.vectors) == len(parse) and parse.vectors.shape[1] > 0


# ---------------------------------------------------------------- the shipped models


@pytest.mark.parametrize("lang", ["id", "en"])
def test_shipped_model_exists_is_small_and_loads(lang):
    assert has_model(lang), f"{model_path(lang)} is missing: run `python -m warta.nlp.train {lang}`"
    size = sum(p.stat().st_size for p in model_path(lang).rglob("*") if p.is_file())
    assert size < 25e6
    nlp = spacy.load(model_path(lang))
    assert {"tok2vec", "morphologizer", "parser", "ner"} <= set(nlp.pipe_names)
    vectors = nlp.vocab.vectors
    if lang == "id":  # small hashed (floret) vectors: every word gets one, the table stays small
        assert vectors.mode == "floret" and vectors.shape[0] <= 20000
        assert nlp.vocab["Surabaya"].has_vector and nlp.vocab["Kabupatenbaru"].has_vector
    else:
        assert not vectors.shape[0]
    assert {"PER", "ORG", "GPE"} <= set(nlp.get_pipe("ner").labels)
    assert load(lang).lang == lang


def test_seed_people_and_places_are_entities(seed_nlp_doc):
    ents = {(e.text, e.label_) for e in analyse(seed_nlp_doc.text, "id").ents}
    texts = {t for t, _ in ents}
    # The model finds "Sergei Shoigu" but its label varies between runs (this one says GPE);
    # the entities stage types him PER from the gazetteer (test_entities checks the record).
    assert "Sergei Shoigu" in texts
    assert ("Kim Jong-un", "PER") in ents
    assert ("Vladimir Putin", "PER") in ents and ("Dewan Keamanan Rusia", "ORG") in ents
    # The model finds the surname at least ("Yakov" was missed by earlier models).
    assert any("Zinberg" in t and label == "PER" for t, label in ents)
    assert "Korea Utara" in texts and ("Korea Selatan", "GPE") in ents
    # "Ra Jong-yil" is not asserted: the model misses it (runs differ on it); the
    # entities stage still finds him, and test_entities holds the seed/dev entity scores.


def test_seed_gets_pos_and_a_parse(seed_nlp_doc):
    sdoc = analyse(seed_nlp_doc.text, "id")
    assert sdoc.has_annotation("POS") and sdoc.has_annotation("DEP")
    by_text = {t.text: t for t in sdoc}
    assert by_text["menyebutkan"].pos_ == "VERB"
    assert by_text["Rusia"].pos_ == "PROPN"
    # The parser keeps the rule sentence boundaries: a root in nearly every sentence; the
    # model leaves a long sentence or two of the seed rootless (a tree broken by the preset
    # start). Parse quality itself is held by the UD floors below.
    sents = [sent for sent in sdoc.sents if sent.text.strip()]
    rooted = [sent for sent in sents if any(t.dep_ == "ROOT" and not t.is_space for t in sent)]
    assert len(sents) > 10 and len(rooted) >= 0.85 * len(sents)


def test_english_model_tags_parses_and_finds_names():
    text = "Russian President Vladimir Putin met Kim Jong-un in Moscow on Tuesday, the Kremlin said."
    sdoc = analyse(text, "en")
    ents = {(e.text, e.label_) for e in sdoc.ents}
    assert ("Vladimir Putin", "PER") in ents
    assert any(t == "Moscow" for t, _ in ents)
    assert {t.text: t.pos_ for t in sdoc}["met"] == "VERB"
    assert {t.text: t.dep_ for t in sdoc}["met"] == "ROOT"


# ---------------------------------------------------------------- training data helpers


def test_tag_mapping_from_data_file(shared):
    from warta.resources import load_yaml

    labels = load_yaml("nlp/ner_labels.yaml")
    assert labels["id"]["nerui"]["PERSON"] == "PER"
    assert map_tags(["B-PERSON", "I-PERSON", "O", "I-LOCATION"], labels["id"]["nerui"]) == [
        "B-PER", "I-PER", "O", "B-GPE"]
    assert map_tags(["B-FNB", "I-FNB"], labels["id"]["nerp"]) == ["O", "O"]
    schema = json.loads((shared / "spec" / "document.schema.json").read_text(encoding="utf-8"))
    allowed = set(schema["properties"]["entities"]["items"]["properties"]["type"]["enum"]) | {"O"}
    for lang in labels.values():
        for mapping in lang.values():
            assert set(mapping.values()) <= allowed


def test_conllu_reader_merges_indonesian_clitics(tmp_path):
    conllu = tmp_path / "x.conllu"
    conllu.write_text(
        "# text = Rumahnya besar.\n"
        "1-2\tRumahnya\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tRumah\trumah\tNOUN\t_\t_\t3\tnsubj\t_\t_\n"
        "2\tnya\tia\tPRON\t_\t_\t1\tnmod:poss\t_\t_\n"
        "3\tbesar\tbesar\tADJ\t_\t_\t0\troot\t_\tSpaceAfter=No\n"
        "4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_\n\n",
        encoding="utf-8",
    )
    (merged,) = read_conllu(conllu, mwt="merge")
    assert merged["words"] == ["Rumahnya", "besar", "."]
    assert merged["pos"] == ["NOUN", "ADJ", "PUNCT"]
    assert merged["heads"] == [1, 1, 1] and merged["deps"] == ["nsubj", "ROOT", "punct"]
    (split,) = read_conllu(conllu, mwt="split")
    assert split["words"] == ["Rumah", "nya", "besar", "."]


def test_finetune_data_repeats_ner_only_sentences(tmp_path, monkeypatch):
    from spacy.tokens import Doc, DocBin

    import warta.nlp.train as train

    monkeypatch.setattr(train, "SCRATCH", tmp_path)
    (tmp_path / "id").mkdir()
    nlp = spacy.blank("id")
    parsed = Doc(nlp.vocab, words=["Ia", "datang", "."], heads=[1, 1, 1], deps=["nsubj", "ROOT", "punct"])
    names = Doc(nlp.vocab, words=["Budi", "ke", "Bandung"], ents=["B-PER", "O", "B-GPE"])
    DocBin(docs=[parsed, names]).to_disk(tmp_path / "id" / "train.spacy")
    DocBin(docs=[parsed, names]).to_disk(tmp_path / "id" / "dev.spacy")
    # train.spacy already holds its NER sentences NER_COPIES times (convert); dev's are repeated here.
    monkeypatch.setitem(train.NER_COPIES, "id", {"one": 3, "other": 4})
    docs = list(DocBin().from_disk(train.train_dev_file("id")).get_docs(nlp.vocab))
    assert len(docs) == 2 + 1 + 3
    assert sum(d.has_annotation("DEP") for d in docs) == 2
    # The shipped model is the last stage's: every stage after the first continues the one before.
    stages = train.FINETUNE_STAGES["id"]
    assert stages and all(stage["steps"] > 0 for stage in stages)
    assert len({train.stage_dir("id", k) for k in range(len(stages))}) == len(stages)


def test_overlap_key_ignores_quotes_spacing_and_case():
    from warta.nlp.train import sent_key

    assert sent_key(['"', "Kami", "tidak", "visi-misi", ",", '"', "katanya", "."]) == sent_key(
        ["kami", "tidak", "visi", "-", "misi", ",", "katanya", "."])
    assert sent_key(["Kami", "pergi"]) != sent_key(["Kami", "datang"])


def test_raw_text_for_vectors_leaves_out_test_sentences(shared, tmp_path, monkeypatch):
    import warta.nlp.train as train

    test_words, _ = next(train.read_bio(shared / "data" / "ner" / "id" / "idner-news-2k" / "test.txt"))
    invented = "Warga Desa Sukamaju menanam seribu pohon mangga di tepi sungai ."
    corpus = tmp_path / "raw.csv"
    # The test sentence comes back with other spacing and case: the overlap key still matches.
    corpus.write_text("judul,isi_berita\nx,\"" + " ".join(test_words).upper().replace('"', "'") + "\"\n"
                      f"y,{invented}\n", encoding="utf-8")
    monkeypatch.setitem(train.RAW_TEXT, "id", [str(corpus)])
    out = tmp_path / "raw.txt"
    kept, dropped = train.write_raw_text("id", out, lower=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert dropped >= 1 and kept == len(lines)
    assert invented.lower() in lines
    assert train.sent_key(test_words) not in {train.sent_key(line.split()) for line in lines}


# ---------------------------------------------------------------- quality floors (test sets)


def _bench():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "nlp_models.py"
    spec = importlib.util.spec_from_file_location("warta_bench_nlp_models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_indonesian_quality_floors(shared):
    bench = _bench()
    f1 = {r["set"]: r["f1"] for r in bench.bench_ner("id", shared / "data")}
    # Measured 88.0 / 85.7 / 68.2 (bench/results/nlp.md); the plain-CRF baseline is 88 / 84 / 67.
    assert f1["idner-news-2k"] > 0.88 and f1["nerui"] > 0.855 and f1["nergrit"] > 0.68
    ud = {Path(r["file"]).name: r for r in bench.bench_ud("id", shared / "data")}
    assert ud["id_csui-ud-test.conllu"]["pos"] >= 0.945 and ud["id_csui-ud-test.conllu"]["las"] >= 0.725
    assert bench.bench_sentences("id", shared / "data")["rules"] >= 0.97


@pytest.mark.slow
def test_english_quality_floors(shared):
    bench = _bench()
    (conll,) = bench.bench_ner("en", shared / "data")
    assert conll["f1"] >= 0.795  # measured 80.1
    (ewt,) = bench.bench_ud("en", shared / "data")
    assert ewt["pos"] >= 0.935 and ewt["las"] >= 0.805  # measured 94.1 / 81.4
    assert bench.bench_news_sentences("en", shared / "data")["rules"] >= 0.93  # measured 94.2


def test_the_quick_load_tokenizes_as_spacys_own_load(seed_path):
    """warta loads a model's tokenizer rules once (spaCy's factory builds the language's table, then
    the saved one): the tokens, rules and affixes must be spaCy's own."""
    import spacy

    from warta.nlp import load, model_path

    text = seed_path.read_text(encoding="utf-8")
    ours, theirs = load("id").tokenizer, spacy.load(model_path("id")).tokenizer
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]
    assert set(theirs.rules) <= set(ours.rules)  # warta adds its abbreviations
    assert ours.infix_finditer.__self__.pattern == theirs.infix_finditer.__self__.pattern

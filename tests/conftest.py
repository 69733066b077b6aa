"""Shared fixtures: the real articles and annotations of ../shared, read in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the test skips (with the reason) where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is needed for this test)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_path()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return shared_path("seed", "tvonenews-korut-rusia.txt")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(shared_path("seed", "tvonenews-korut-rusia.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dev_path() -> Path:
    return shared_path("corpus", "dev", "articles.jsonl")


@pytest.fixture(scope="session")
def dev_records(dev_path) -> list[dict]:
    return [json.loads(line) for line in dev_path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def dev_gold() -> dict[str, dict]:
    folder = shared_path("corpus", "dev", "gold")
    golds = (json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.gold.json")))
    return {g["input"]: g for g in golds}


@pytest.fixture(scope="session")
def seed_doc(seed_path):
    """The seed article through the whole default pipeline."""
    import warta

    return warta.extract(seed_path)


@pytest.fixture(scope="session")
def dev_docs(dev_path) -> dict:
    """Every dev article through the whole default pipeline, by its record id."""
    import warta

    return {d.source.id: d for d in warta.extract_all(dev_path)}


@pytest.fixture(scope="session")
def docs(seed_doc, dev_docs) -> list:
    """The seed and dev articles' documents."""
    return [seed_doc, *dev_docs.values()]


@pytest.fixture(scope="session")
def served_db(tmp_path_factory, docs) -> Path:
    """A SQLite store holding the seed and dev articles (what the server tests serve)."""
    from warta.store import open_store

    db = tmp_path_factory.mktemp("serve") / "warta.db"
    with open_store(db) as store:
        for doc in docs:
            store.add(doc)
    return db


def _load_scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("warta_shared_score", shared_path("eval", "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(gold_by_input: dict[str, dict], docs: list) -> dict[str, dict]:
    """The shared scorer's table ({category: row}) for records against gold files."""
    scorer = _load_scorer()
    totals: dict = {}
    by_key = {}
    for doc in docs:
        rec = doc.to_dict()
        src = rec["source"]
        key = src.get("id") or Path(src.get("path") or "").name or (src.get("url") or "").rstrip("/").rsplit("/", 1)[-1]
        by_key[key] = rec
    for key, gold in gold_by_input.items():
        for category, tally in scorer.score_doc(gold, by_key.get(key, {}), []).items():
            totals.setdefault(category, scorer.Tally()).add(tally)
    return {category: tally.row() for category, tally in totals.items()}


@pytest.fixture(scope="session")
def seed_scores(seed_doc, seed_gold) -> dict[str, dict]:
    return score({seed_gold["input"]: seed_gold}, [seed_doc])


@pytest.fixture(scope="session")
def dev_scores(dev_docs, dev_gold) -> dict[str, dict]:
    return score(dev_gold, list(dev_docs.values()))


@pytest.fixture(scope="session")
def dev2_docs() -> list:
    """The second dev set's articles (other outlets and topics) through the whole pipeline."""
    import warta

    return list(warta.extract_all(shared_path("corpus", "dev2", "articles.jsonl")))


@pytest.fixture(scope="session")
def dev2_scores(dev2_docs) -> dict[str, dict]:
    """The shared scorer's table for the second dev set."""
    folder = shared_path("corpus", "dev2", "gold")
    golds = (json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.gold.json")))
    return score({g["input"]: g for g in golds}, dev2_docs)


@pytest.fixture
def stage_bug(monkeypatch):
    """``stage_bug(suffix, error)``: from now on the ``quotes`` stage (or ``stage``) raises ``error``
    for each article whose origin ends with ``suffix``, after ``sleep`` seconds, catching whatever
    interrupts the sleep where ``swallow`` (a stage with a broad ``except``): a bug that shows on one
    article, whether the articles are processed one at a time or in batches. Undone, with the
    pipelines it built, after."""
    import dataclasses
    import time

    import warta
    from warta import pipeline

    def install(suffix: str, error: BaseException | None = None, *, stage: str = "quotes", sleep: float = 0.0,
                swallow: bool = False) -> None:
        info = pipeline.registry()[stage]

        def factory(options):
            run = info.factory(options)

            def buggy(doc) -> None:
                if doc.work["raw"].origin.endswith(suffix):
                    try:
                        time.sleep(sleep)
                    except Exception:
                        if not swallow:
                            raise
                    if error is not None:
                        raise error
                run(doc)

            return buggy

        monkeypatch.setitem(pipeline._REGISTRY, stage, dataclasses.replace(info, factory=factory))
        warta._pipeline.cache_clear()

    yield install
    monkeypatch.undo()
    warta._pipeline.cache_clear()

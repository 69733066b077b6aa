"""Parallel batches: a process pool gives the same outcomes, in the same order, as one process."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from warta.cli import app
from warta.executor import InProcess, ProcessPool
from warta.options import Options
from warta.store import open_store, process_all

runner = CliRunner()


def _records(db) -> list[str]:
    with open_store(db, read_only=True) as store:
        return [doc.to_json() for doc in store.iter_documents()]


def test_jobs_2_stores_what_jobs_1_stores_in_the_same_order(tmp_path, dev_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Polisi menangkap 12 orang di Jakarta pada Senin."}\n{broken\n\n'
                   '{"title": "Banjir", "text": ""}\n', encoding="utf-8")
    outputs = {}
    for jobs in (1, 2):
        db = tmp_path / f"jobs{jobs}.db"
        result = runner.invoke(app, ["ingest", str(dev_path), str(bad), "--db", str(db), "--jobs", str(jobs)])
        assert result.exit_code == 1  # the two bad records fail, each on its own line
        outputs[jobs] = (result.stdout.replace(str(db), "DB"), sorted(result.stderr.splitlines()), _records(db))
    assert outputs[1] == outputs[2]
    assert "12 stored" in outputs[2][0] and len(outputs[2][1]) == 2


def test_a_pool_keeps_input_order_and_reports_each_failure(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [{"title": f"Berita {n}", "text": f"Polisi menangkap {n} orang di Jakarta pada Senin."} for n in range(12)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in lines[:5]) + "not json\n"
                      + "".join(json.dumps(r) + "\n" for r in lines[5:]), encoding="utf-8")
    options = Options()
    with ProcessPool(options, jobs=2, window=3) as pool:
        pooled = [(o.status, o.origin, o.doc.doc_id if o.doc else None)
                  for o in process_all([corpus], options=options, executor=pool)]
    here = [(o.status, o.origin, o.doc.doc_id if o.doc else None)
            for o in process_all([corpus], options=options, executor=InProcess(options))]
    assert pooled == here and [s for s, *_ in pooled].count("failed") == 1 and len(pooled) == 13


def test_a_dask_cluster_gives_what_one_process_gives(dev_path):
    from distributed import Client, LocalCluster

    from warta.cluster import DaskCluster

    options = Options()
    here = [(o.status, o.origin, o.doc.to_json() if o.doc else None)
            for o in process_all([dev_path], options=options, executor=InProcess(options))]
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client, DaskCluster(options, scheduler=client, partition_size=3) as dask:
        # Two sources through one executor: partitions of both in flight, none mistaken for another.
        there = [(o.status, o.origin, o.doc.to_json() if o.doc else None)
                 for o in process_all([dev_path, dev_path], options=options, executor=dask)]
        # Every worker loaded warta once, through the plugin.
        assert set(client.run(lambda dask_worker: "warta" in dask_worker.plugins).values()) == {True}
    assert there == here + here and len(there) == 22


def test_a_set_up_that_fails_in_the_workers_ends_the_batch_with_its_one_line_error(dev_path):
    from distributed import Client, LocalCluster

    from warta.cluster import DaskCluster
    from warta.errors import UsageError

    broken = Options(stages=("clean", "no-such-stage"))
    with ProcessPool(broken, jobs=2) as pool, pytest.raises(UsageError, match="unknown stage 'no-such-stage'"):
        list(process_all([dev_path], options=broken, executor=pool))
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client, \
            DaskCluster(broken, scheduler=client) as dask, pytest.raises(UsageError, match="no-such-stage"):
        list(process_all([dev_path], options=broken, executor=dask))


def test_ingest_on_a_local_dask_cluster_stores_what_one_process_stores(tmp_path, dev_path):
    outputs = {}
    for args in ([], ["--executor", "dask", "--jobs", "2"]):
        db = tmp_path / f"w{len(args)}.db"
        result = runner.invoke(app, ["ingest", str(dev_path), "--db", str(db), *args])
        assert result.exit_code == 0, result.output
        outputs[bool(args)] = _records(db)
    assert outputs[True] == outputs[False] and len(outputs[True]) == 11
    refused = runner.invoke(app, ["ingest", str(dev_path), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://x:1"])
    assert refused.exit_code == 1 and "--executor dask" in refused.stderr


def test_a_killed_dask_worker_costs_nothing_stored_twice(tmp_path, dev_path):
    """A worker process killed mid-batch: its partitions run again elsewhere, the store gets each document once."""
    import os

    from distributed import Client, LocalCluster

    from warta.cluster import DaskCluster
    from warta.store import ingest

    options = Options()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client, open_store(tmp_path / "w.db") as store:
        with DaskCluster(options, scheduler=client, partition_size=1, window=6) as dask:
            outcomes = []
            for outcome in ingest([dev_path], store, options=options, executor=dask):
                outcomes.append(outcome)
                if len(outcomes) == 1:  # one worker dies while the others' partitions are in flight
                    victim = sorted(client.scheduler_info()["workers"])[0]
                    client.run(lambda: os._exit(1), workers=[victim], on_error="ignore")
            assert victim not in client.scheduler_info()["workers"]  # it did die (its nanny starts another)
        assert [o.status for o in outcomes] == ["stored"] * 11
        assert len(store) == 11


def _batch_with_one_monster(tmp_path):
    """Three articles, the middle one 150,000 characters with no full stop (seconds of work)."""
    words = "warga desa berkumpul di balai menunggu kabar dari kecamatan tentang jalan yang rusak "
    monster = (words * (150_000 // len(words) + 1))[:150_000]
    rows = [{"title": "Pertama", "text": "Polisi menangkap 12 orang di Jakarta pada Senin."},
            {"title": "Panjang", "text": monster},
            {"title": "Ketiga", "text": "Banjir merendam 300 rumah di Bekasi pada Selasa."}]
    corpus = tmp_path / "batch.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return corpus


@pytest.mark.parametrize(("flag", "value", "reason"), [
    ("--article-seconds", "0.5", "over its time budget (0.5 s"),
    ("--article-memory", "40", "over its memory budget (40 MiB"),
])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_article_over_its_budget_fails_alone_and_the_batch_goes_on(tmp_path, flag, value, reason, jobs):
    corpus = _batch_with_one_monster(tmp_path)
    db = tmp_path / "budget.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), flag, value, "--jobs", jobs])
    assert result.exit_code == 1
    [error] = result.stderr.splitlines()
    assert error.startswith(f"warta: {corpus}:2") and reason in error, error
    assert "2 stored" in result.stdout and "1 failed" in result.stdout
    with open_store(db, read_only=True) as store:
        assert sorted(doc.title for doc in store.iter_documents()) == ["Ketiga", "Pertama"]


def test_a_budget_must_be_positive():
    from warta.errors import UsageError

    with pytest.raises(UsageError, match="article_seconds"):
        Options(article_seconds=0)


def _small_corpus(tmp_path, n: int = 5):
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(json.dumps({"title": f"Berita {k}", "text": f"Polisi menangkap {k + 2} orang di "
                                          "Jakarta pada Senin."}) + "\n" for k in range(n)), encoding="utf-8")
    return corpus


@pytest.mark.parametrize("swallow", [False, True])
def test_a_slow_stage_in_a_batch_fails_only_its_article(tmp_path, stage_bug, swallow):
    # Over budget in a stage run article by article (not in spaCy's batched step), and even where the
    # stage catches every exception: the chunk is redone one by one and only that article fails.
    stage_bug("small.jsonl:3", sleep=1.5, swallow=swallow)
    stage_bug("", sleep=0.25)  # every article takes a while, within its budget: the chunk does not
    corpus = _small_corpus(tmp_path)
    options = Options(article_seconds=0.6)
    outcomes = list(process_all([corpus], options=options))
    assert [o.status for o in outcomes] == ["done", "done", "failed", "done", "done"]
    assert "over its time budget" in str(outcomes[2].error)


def test_a_broken_set_up_mid_batch_keeps_what_came_before(tmp_path, stage_bug):
    from warta.errors import ModelError

    stage_bug("small.jsonl:3", ModelError("the model is broken"))
    seen = []
    with pytest.raises(ModelError, match="broken"):
        for outcome in process_all([_small_corpus(tmp_path)], options=Options()):
            seen.append(outcome.status)
    assert seen == ["done", "done"]


def test_a_budget_leaves_the_callers_own_alarm_alone():
    import signal

    from warta.budget import article_budget

    signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with article_budget(seconds=0.1, memory_mb=None):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 90
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_budgets_can_be_turned_off_on_the_command_line(tmp_path):
    corpus = _small_corpus(tmp_path, 2)
    result = runner.invoke(app, ["extract", str(corpus), "-f", "jsonl", "--article-seconds", "0",
                                 "--article-memory", "0"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2

"""Parallel batches: a process pool gives the same outcomes, in the same order, as one process."""

from __future__ import annotations

import json

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

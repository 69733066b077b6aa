"""Reliability trials: the classes of hostile and careless input the test suite tries, with counts.

In the manner of SQLite's testing page: each class of trial (bad encodings, truncated and
malformed inputs, sizes past every cap, unasked network and file access, crashes and
interruptions, concurrent and repeated writes, hostile queries to the server, input any
shape at all) with the tests that try it, run now, and how many passed, failed or were
skipped (PostgreSQL or a browser absent). The Hypothesis tests count their examples.

Writes ``bench/results/reliability.md``.

    .venv/bin/python bench/reliability.py          (HYPOTHESIS_PROFILE=long: 500 examples a property)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from _measure import machine, write_results

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "reliability.md"

# Trial classes, by words in a test's name (the first class that matches takes the test).
CLASSES = (
    ("encodings and mojibake", r"cp1252|latin1|utf16|(^|_)bom($|_)|charset|mojibake|stray_byte|garbles|encoding|"
                               r"ignores_accents"),
    ("truncated and broken files", r"truncated|broken|bad_gzip|deep_json|lone_surrogate|bad_record|no_body|"
                                   r"binary|random_bytes|empty|whitespace_only|missing|no_article|title_only"),
    ("sizes past a cap (bombs, runaway records, long texts)", r"too_large|bomb|runaway|large_csv|over_the_size|"
                                                              r"longer_than|item_cap|held_to|over_its_budget|slow_stage|"
                                                              r"own_alarm|budgets_can|budget_must"),
    ("unasked network and file access", r"non_public|redirect|resolves_elsewhere|feed_items|links_out|"
                                        r"never_silently|refuses_what_is_no_text|unreachable|timeout|trickling|"
                                        r"pipe|http_error"),
    ("crashes, interruptions and bugs in one article", r"crash|interrupt|failure_mid|bug_in_one|unexpected|"
                                                       r"stage_bug|goes_on|batch_goes_on|one_line"),
    ("repeated, edited and concurrent writes", r"twice|replace|edited|record_id_in_the_same|nul_in_metadata|"
                                               r"killed|loaded_twice|same_order|upgraded|another_layout|at_once|"
                                               r"reading_changes_nothing|do_not_create|index_is_rebuilt"),
    ("hostile and malformed requests to the server", r"bad_requests|refuses_a_missing|extract_only_when|"
                                                     r"password|odd_command_line|published_date_that|"
                                                     r"language_code_given|filters_check|refuse_an_unknown"),
    ("any input at all (property-based)", r"^test_any_|^test_a_corpus_line_is_one_record|empty_file_of_any"),
)
FILES = ("tests/test_ingest.py", "tests/test_store.py", "tests/test_serve.py", "tests/test_cli.py", "tests/test_api.py",
         "tests/test_properties.py", "tests/test_package.py", "tests/test_executor.py", "tests/test_export.py")


def classify(name: str) -> str | None:
    bare = name.split("[")[0]
    return next((label for label, pattern in CLASSES if re.search(pattern, bare)), None)


def main() -> None:
    report = Path(tempfile.mkdtemp()) / "junit.xml"
    env = {**os.environ, "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
                    "--hypothesis-show-statistics", *FILES], cwd=ROOT, env=env, capture_output=True, check=False)
    counts: dict[str, Counter] = {label: Counter() for label, _ in CLASSES}
    names: dict[str, list[str]] = {label: [] for label, _ in CLASSES}
    for case in ET.parse(report).getroot().iter("testcase"):
        label = classify(case.get("name", ""))
        if label is None:
            continue
        outcome = ("failed" if case.find("failure") is not None or case.find("error") is not None
                   else "skipped" if case.find("skipped") is not None else "passed")
        counts[label][outcome] += 1
        names[label].append(case.get("name", ""))
    examples = 500 if env["HYPOTHESIS_PROFILE"] == "long" else 25
    rows = [f"| {label} | {sum(c.values())} | {c['passed']} | {c['failed']} | {c['skipped']} |"
            for label, c in counts.items()]
    total = sum((c for c in counts.values()), Counter())
    text = "\n".join([
        "# Reliability trials",
        "",
        f"Machine: {machine()}. The tests of each class of hostile or careless input, run by "
        f"`bench/reliability.py` (classes by the words of the tests' names); each property-based test tries "
        f"{examples} generated inputs (`HYPOTHESIS_PROFILE=long`: 500). Skipped: PostgreSQL or a browser absent.",
        "",
        "| class of trial | tests | passed | failed | skipped |",
        "|---|---|---|---|---|",
        *rows,
        f"| **all** | {sum(total.values())} | {total['passed']} | {total['failed']} | {total['skipped']} |",
        "",
        "The tests of each class:",
        "",
        *(f"- {label}: {', '.join(f'`{n}`' for n in sorted(set(names[label])))}" for label, _ in CLASSES),
        "",
        "Command: `.venv/bin/python bench/reliability.py`",
        "",
    ])
    write_results(RESULTS, text)


if __name__ == "__main__":
    main()

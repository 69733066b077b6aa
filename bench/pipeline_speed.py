"""End-to-end speed of the whole warta pipeline, per core: throughput, start-up, stages, profile.

Reads the first N records (default 1,000), in file order across the sorted CSV files of
the indonews-2025-06 corpus (``../shared/data/corpus/indonews-2025-06/*.csv``), with
warta's reader, and runs every default stage on each article in this one process (one
core, numerical libraries held to one thread). It measures:

* start-up: importing warta and the stage modules, building ``Pipeline(Options())``
  (gazetteers, lexicons, language identifier), and the first call for each language
  (spaCy models are loaded lazily, on the first article of a language);
* throughput: articles per CPU-second of this process (what one core does, whatever else
  runs on the machine) beside articles per wall second, and the peak resident memory;
* each stage of ``pipeline.stages`` timed around its own call, plus the read time;
* inside the ``sentences`` stage: each spaCy step per document, and the same components
  batched with ``.pipe`` (with a check that the named entities come out the same);
* cost by article length: articles of 1,000 to 200,000 characters made by joining the
  corpus's cleaned texts, each through the pipeline and through plain spaCy (the same
  models), in ms per 1,000 characters (flat when the cost is linear in the length);
* the ratio of the whole pipeline to plain spaCy with the same models on the same texts,
  so that a regression outside spaCy shows as a ratio whatever the machine;
* a cProfile of a second pass (top functions by cumulative and by own time, and own
  time summed by module);
* every article that raised or took more than 1 s.

Writes ``bench/results/pipeline.md``.

    nice -n 5 .venv/bin/python bench/pipeline_speed.py [--limit N] [--profile-limit N] [--repeat N]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

from _measure import Clock, machine, peak_rss_mib

# One core means one thread: keep numerical libraries (imported later, with warta) on one.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "corpus" / "indonews-2025-06"
RESULTS = ROOT / "bench" / "results" / "pipeline.md"
GOAL = 50.0  # articles per CPU-second per core (issue 6)
SLOW_S = 1.0
PROFILE_N = 200  # cProfile slows the many-call rule loops several-fold: a sample is enough to rank
# Text after this line in the results file is hand-written analysis, kept when the figures are redone.
KEEP_MARKER = "<!-- analysis: hand-written, kept by bench/pipeline_speed.py -->"

# Hand-written warm-up articles: they trigger the lazy loads (spaCy model per language).
WARM_UP = {
    "id": ("Banjir Rendam Ratusan Rumah",
           "Jakarta - Banjir merendam 300 rumah di Kecamatan Cempaka pada Senin (9/6/2025). "
           "\"Kami sudah mengirim perahu karet,\" kata Kepala BPBD Budi Santoso kepada wartawan."),
    "en": ("Flood Hits Hundreds of Homes",
           "JAKARTA - Floods inundated 300 homes in Cempaka district on Monday, June 9, 2025. "
           "\"We have sent rubber boats,\" said Budi Santoso, head of the disaster agency."),
}


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def read_records(files: list[Path], limit: int) -> list:
    """The first ``limit`` records (articles and refused records) in file order."""
    from warta.ingest import read

    items: list = []
    for path in files:
        for item in read(path):
            items.append(item)
            if len(items) >= limit:
                return items
    return items


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- the measurements -------------------------------------------------------------------


def startup() -> dict:
    out: dict = {}
    with Clock() as c:
        import warta  # noqa: F401
        from warta.pipeline import registry

        registry()  # imports every stage module (spaCy, py3langid, ...)
    out["import"] = (c.cpu, c.wall, peak_rss_mib())
    from warta import Options, Pipeline

    with Clock() as c:
        pipeline = Pipeline(Options())
    out["build"] = (c.cpu, c.wall, peak_rss_mib())
    from warta.model import RawArticle

    for lang, (title, text) in WARM_UP.items():
        with Clock() as c:
            pipeline(RawArticle(text=text, title=title, origin="<warm-up>", lang=lang))
        out[f"first_{lang}"] = (c.cpu, c.wall, peak_rss_mib())
    # The same article again: what a warm call costs, to separate loading from work.
    with Clock() as c:
        pipeline(RawArticle(text=WARM_UP["id"][1], title=WARM_UP["id"][0], origin="<warm-up>", lang="id"))
    out["again_id"] = (c.cpu, c.wall, peak_rss_mib())
    out["pipeline"] = pipeline
    return out


def timed_pass(pipeline, raws: list) -> dict:
    """Every article through every stage, each stage timed around its own call."""
    from warta.pipeline import document_id, new_document

    names = [name for name, _ in pipeline.stages]
    cpu_by_stage: dict[str, list[float]] = {n: [] for n in names}
    wall_by_stage: Counter[str] = Counter()
    per_article: list[dict] = []
    errors: list[dict] = []
    outputs: Counter[str] = Counter()
    texts: list[tuple[str, str]] = []
    langs: Counter[str] = Counter()
    with Clock() as total:
        for index, raw in enumerate(raws):
            doc = new_document(raw)
            a_cpu0, a_wall0 = time.process_time(), time.perf_counter()
            stage_cpu: dict[str, float] = {}
            failed = None
            for name, run in pipeline.stages:
                c0, w0 = time.process_time(), time.perf_counter()
                try:
                    run(doc)
                except Exception as exc:  # noted, not fatal: the figure is about throughput
                    failed = (name, f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=-3))
                finally:
                    dc = time.process_time() - c0
                    stage_cpu[name] = dc
                    cpu_by_stage[name].append(dc)
                    wall_by_stage[name] += time.perf_counter() - w0
                if failed:
                    break
            if not failed:
                doc.doc_id = doc.doc_id or document_id(doc)
                langs[doc.lang or "?"] += 1
                texts.append((doc.text, doc.lang or "xx"))
                for field in ("sentences", "entities", "places", "times", "quantities", "quotes", "events"):
                    outputs[field] += len(getattr(doc, field))
                parse = doc.work.get("parse")
                outputs["tokens"] += len(parse) if parse is not None else 0
            doc.work.clear()
            row = {
                "index": index,
                "origin": getattr(raw, "url", None) or getattr(raw, "origin", "") or "",
                "title": (getattr(raw, "title", None) or "")[:70],
                "chars": len(doc.text),
                "cpu": time.process_time() - a_cpu0,
                "wall": time.perf_counter() - a_wall0,
                "slowest": max(stage_cpu, key=stage_cpu.get) if stage_cpu else "",
                "stage_cpu": stage_cpu,
            }
            per_article.append(row)
            if failed:
                errors.append({**row, "stage": failed[0], "error": failed[1], "trace": failed[2]})
    return {
        "names": names, "cpu_by_stage": cpu_by_stage, "wall_by_stage": dict(wall_by_stage),
        "articles": per_article, "errors": errors, "outputs": dict(outputs), "texts": texts,
        "langs": dict(langs), "cpu": total.cpu, "wall": total.wall, "rss": peak_rss_mib(),
    }


def spacy_breakdown(texts: list[tuple[str, str]], batch_size: int) -> dict | None:
    """The ``sentences`` stage taken apart: each spaCy step per document, then batched."""
    try:
        from warta.nlp import load
        from warta.nlp.segment import set_sentence_starts
        from warta.nlp.tokens import merge_hyphenated_names
    except ImportError:
        return None
    steps: Counter[str] = Counter()
    docs_by_lang: dict[str, list] = defaultdict(list)
    ents_single: dict[str, list] = defaultdict(list)
    n = 0
    for text, lang in texts:
        nlp = load(lang)
        c0 = time.process_time()
        sdoc = nlp.make_doc(text)
        c1 = time.process_time()
        sdoc = merge_hyphenated_names(sdoc)
        c2 = time.process_time()
        set_sentence_starts(sdoc, lang if lang in ("id", "en") else "xx")
        c3 = time.process_time()
        steps["tokenizer (nlp.make_doc)"] += c1 - c0
        steps["merge_hyphenated_names"] += c2 - c1
        steps["set_sentence_starts"] += c3 - c2
        docs_by_lang[lang].append(nlp.make_doc(text))  # a fresh copy for the batched run
        for name, proc in nlp.pipeline:
            c0 = time.process_time()
            sdoc = proc(sdoc)
            steps[name] += time.process_time() - c0
        ents_single[lang].append([(e.start_char, e.end_char, e.label_) for e in sdoc.ents])
        n += 1
    # The same components over the same documents, batched (tokenising and rules included).
    batched: Counter[str] = Counter()
    same = differ = 0
    for lang, docs in docs_by_lang.items():
        nlp = load(lang)
        c0 = time.process_time()
        prepared = [set_sentence_starts(merge_hyphenated_names(d), lang if lang in ("id", "en") else "xx")
                    for d in docs]
        batched["tokenizer rules (merge + sentence starts)"] += time.process_time() - c0
        stream = iter(prepared)
        for name, proc in nlp.pipeline:
            c0 = time.process_time()
            stream = list(proc.pipe(stream, batch_size=batch_size)) if hasattr(proc, "pipe") else [
                proc(d) for d in stream]
            batched[name] += time.process_time() - c0
        for got, want in zip(stream, ents_single[lang], strict=True):
            if [(e.start_char, e.end_char, e.label_) for e in got.ents] == want:
                same += 1
            else:
                differ += 1
    return {"n": n, "steps": dict(steps), "batched": dict(batched), "batch_size": batch_size,
            "ents_same": same, "ents_differ": differ}


def batched_pass(raws: list, chunk: int) -> dict:
    """The same articles as ``warta extract``/``ingest`` process them: ``chunk`` at a time through
    ``Pipeline.pipe`` (spaCy's components batched), timed as a whole."""
    import warta

    failed = 0
    with Clock() as total:
        for start in range(0, len(raws), chunk):
            failed += sum(isinstance(r, Exception) for r in warta.process_many(raws[start:start + chunk]))
    return {"n": len(raws), "failed": failed, "cpu": total.cpu, "wall": total.wall, "chunk": chunk}


LENGTH_BINS = ((1_000, 20), (4_000, 10), (16_000, 5), (64_000, 2), (200_000, 1))  # (characters, articles)


def length_bins(pipeline, texts: list[tuple[str, str]]) -> list[dict]:
    """CPU per 1,000 characters of articles of growing length (Indonesian texts of the corpus joined
    paragraph by paragraph), through the pipeline and through plain spaCy."""
    from warta.model import RawArticle
    from warta.nlp import load

    bodies = [text for text, lang in texts if lang == "id" and len(text) > 300]
    if not bodies:
        return []
    nlp = load("id")
    rows = []
    for size, count in LENGTH_BINS:
        cpu = plain = 0.0
        for number in range(count):
            parts, total, k = [], 0, number * 37
            while total < size:
                parts.append(bodies[k % len(bodies)])
                total += len(parts[-1]) + 2
                k += 1
            text = "\n\n".join(parts)[:size]
            c0 = time.process_time()
            pipeline(RawArticle(text=text, origin=f"<{size} characters>", lang="id"))
            c1 = time.process_time()
            nlp(text)
            plain += time.process_time() - c1
            cpu += c1 - c0
        rows.append({"size": size, "count": count, "ms_per_k": 1000 * cpu / count / (size / 1000),
                     "spacy_ms_per_k": 1000 * plain / count / (size / 1000)})
    return rows


def profile_pass(pipeline, raws: list, top: int) -> dict:
    profiler = cProfile.Profile()
    failed = 0
    profiler.enable()
    for raw in raws:
        try:
            pipeline(raw)
        except Exception:
            failed += 1
    profiler.disable()
    out: dict = {"n": len(raws), "failed": failed}
    stats = pstats.Stats(profiler)
    rows = [(func, cc, nc, tt, ct) for func, (cc, nc, tt, ct, _callers) in stats.stats.items()]  # type: ignore[attr-defined]
    for key, col in (("cumulative", 4), ("tottime", 3)):
        table = ["   ncalls   own s   cum s  function (file:line)"]
        for func, cc, nc, tt, ct in sorted(rows, key=lambda r: -r[col])[:top]:
            calls = f"{nc}" if nc == cc else f"{nc}/{cc}"
            table.append(f"{calls:>9} {tt:7.2f} {ct:7.2f}  {func_name(func)}")
        out[key] = "\n".join(table)
    # Own time summed by module: which file the time is actually spent in.
    by_module: Counter[str] = Counter()
    total = 0.0
    for func, _cc, _nc, tt, _ct in rows:
        total += tt
        by_module[module_of(func[0])] += tt
    out["by_module"] = by_module.most_common(25)
    out["total"] = total
    return out


def func_name(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a built-in: {method 'sub' of 're.Pattern' objects}
    mod = module_of(filename)
    if mod.startswith("builtins"):
        mod = filename
    elif not mod.startswith("warta/"):
        mod = f"{mod}:{Path(filename).name}" if Path(filename).name != mod else mod
    return f"{name} ({mod}:{line})"


def module_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C: re, str, list, numpy calls...)"
    path = Path(filename)
    parts = path.parts
    if "warta" in parts:
        i = len(parts) - 1 - parts[::-1].index("warta")
        return "warta/" + "/".join(parts[i + 1:])
    if "site-packages" in parts:
        i = parts.index("site-packages")
        return parts[i + 1] if i + 1 < len(parts) else filename
    return path.name


# --- the report ---------------------------------------------------------------------------


def report(fig: dict, *, command: str) -> str:
    up = fig["startup"]
    runs = fig["runs"]
    # The fastest pass is the figure: sharing the cores only ever slows a pass down.
    main_run = min(runs, key=lambda r: r["cpu"] / max(len(r["articles"]) - len(r["errors"]), 1))
    n = len(main_run["articles"])
    ok = n - len(main_run["errors"])
    read = fig["read"]
    stage_total = sum(sum(v) for v in main_run["cpu_by_stage"].values())
    rate = ok / main_run["cpu"] if main_run["cpu"] else 0.0
    rate_read = ok / (main_run["cpu"] + read["cpu"]) if main_run["cpu"] else 0.0
    wall_rate = ok / main_run["wall"] if main_run["wall"] else 0.0
    lines = [
        "## End-to-end pipeline speed (`bench/pipeline_speed.py`)",
        "",
        f"Machine: 2 cores, 24 GiB, Python 3.11 (measured: {machine()}); one process, so one core "
        "(OMP/OpenBLAS/MKL threads held to 1).",
        f"Command: `{command}` (also run, without `nice`, by `make bench`).",
        f"Input: the first {n:,} records, in file order across the sorted CSV files of "
        f"indonews-2025-06 ({fig['files']}), read with `warta.ingest.read`; "
        f"{read['refused']} records refused by the reader; "
        f"{main_run['outputs'].get('tokens', 0) / max(ok, 1):,.0f} tokens and "
        f"{sum(a['chars'] for a in main_run['articles']) / max(n, 1):,.0f} characters per cleaned article; "
        f"languages {', '.join(f'{k} {v:,}' for k, v in sorted(main_run['langs'].items()))}.",
        f"Noise: the machine's 2 cores are shared with other engineers' work (load average "
        f"{fig['load_before']} before, {fig['load_after']} after); the per-core figure is CPU time of "
        "this process, which sharing affects less than wall time, but cache and frequency effects "
        "still make it noisy (see the repeat rows).",
        "",
        f"**Throughput: {rate:,.1f} articles per CPU-second (per core)**, goal {GOAL:.0f}: "
        f"{GOAL / rate if rate else float('inf'):.1f}x short "
        f"({1000 / rate if rate else 0:.1f} ms per article against a budget of {1000 / GOAL:.0f} ms)"
        + (f"; fastest of {len(runs)} passes" if len(runs) > 1 else "") + ". "
        f"Including the read: {rate_read:,.1f}/CPU-s; per wall second: {wall_rate:,.1f}. "
        f"**Peak memory (max RSS): {main_run['rss']:,.0f} MiB** after the timed run.",
        "",
    ]
    batched = fig.get("batched")
    if batched:
        done = batched["n"] - batched["failed"]
        lines += [
            f"**Batched, as `warta extract`/`ingest` run: {done / batched['cpu']:,.1f} articles per CPU-second** "
            f"({1000 * batched['cpu'] / max(done, 1):.1f} ms an article; {done / batched['wall']:,.1f} per wall "
            f"second): the same articles {batched['chunk']} at a time through `Pipeline.pipe`, spaCy's "
            "components batched (the records are those of one at a time, tested); the table below times "
            "each stage one article at a time.",
            "",
        ]
    lines += [
        "| run | articles | raised | CPU s | wall s | articles / CPU-s | articles / wall s | max RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i, r in enumerate(runs, 1):
        k = len(r["articles"]) - len(r["errors"])
        lines.append(f"| pass {i} | {len(r['articles']):,} | {len(r['errors'])} | {r['cpu']:.1f} | {r['wall']:.1f} | "
                     f"{k / r['cpu']:,.1f} | {k / r['wall']:,.1f} | {r['rss']:,.0f} MiB |")
    lines += [
        "",
        "### Start-up",
        "",
        "| step | CPU s | wall s | max RSS after |",
        "|---|---:|---:|---:|",
    ]
    labels = {
        "import": "`import warta` + stage registry (imports spaCy, py3langid, every stage module)",
        "build": "`Pipeline(Options())` (stage factories: gazetteers, place index, lexicons, langid)",
        "first_id": "first Indonesian article (lazy `warta.nlp.load('id')`: spaCy model)",
        "first_en": "first English article (lazy `warta.nlp.load('en')`: spaCy model)",
        "again_id": "the same Indonesian warm-up article again (warm: the work alone)",
    }
    for key, label in labels.items():
        cpu, wall, rss = up[key]
        lines.append(f"| {label} | {cpu:.2f} | {wall:.2f} | {rss:,.0f} MiB |")
    total_cpu = sum(up[k][0] for k in ("import", "build", "first_id", "first_en")) - 2 * up["again_id"][0]
    total_wall = sum(up[k][1] for k in ("import", "build", "first_id", "first_en")) - 2 * up["again_id"][1]
    lines += ["", f"Start-up in all (import, build, both models, less the work of the two warm-up articles): "
              f"about {total_cpu:.1f} CPU s, {total_wall:.1f} wall s.", ""]

    # Per-stage table.
    lines += [
        "### Where the time goes, by stage (CPU of each `run(doc)` call, in the reported pass)",
        "",
        "| stage | CPU s | share | ms / article (mean) | median | p95 | max | wall s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| read (`warta.ingest.read`, {n:,} records) | {read['cpu']:.2f} | "
        f"{read['cpu'] / (stage_total + read['cpu']):.1%} | {read['cpu'] / max(n, 1) * 1000:.2f} | | | | "
        f"{read['wall']:.2f} |",
    ]
    for name in main_run["names"]:
        vals = main_run["cpu_by_stage"][name]
        tot = sum(vals)
        lines.append(
            f"| {name} | {tot:.2f} | {tot / (stage_total + read['cpu']):.1%} | "
            f"{tot / max(len(vals), 1) * 1000:.1f} | {statistics.median(vals) * 1000 if vals else 0:.1f} | "
            f"{pct(vals, 0.95) * 1000:.1f} | {max(vals, default=0) * 1000:.0f} | "
            f"{main_run['wall_by_stage'].get(name, 0):.2f} |")
    lines.append(f"| **all stages** | {stage_total:.2f} | | {stage_total / max(n, 1) * 1000:.1f} | | | | "
                 f"{sum(main_run['wall_by_stage'].values()):.2f} |")
    outs = main_run["outputs"]
    lines += ["", "Found: " + ", ".join(f"{outs.get(k, 0):,} {k}" for k in
                                        ("sentences", "tokens", "entities", "places", "times", "quantities",
                                         "quotes", "events")) + ".", ""]

    sp = fig.get("spacy")
    if sp:
        steps, batched = sp["steps"], sp["batched"]
        total_steps = sum(steps.values()) or 1.0
        lines += [
            f"### Inside `sentences` (`warta/nlp/__init__.py:analyse`), {sp['n']:,} articles",
            "",
            "Each step per document as `analyse` runs it, beside the trained components run batched "
            f"with `.pipe(batch_size={sp['batch_size']})` over the same documents.",
            "",
            "| step | CPU s, per document | share | ms / article | CPU s, batched `.pipe` |",
            "|---|---:|---:|---:|---:|",
        ]
        rules = batched.get("tokenizer rules (merge + sentence starts)")
        for name, sec in steps.items():
            b = batched.get(name)
            lines.append(f"| {name} | {sec:.2f} | {sec / total_steps:.0%} | {sec / sp['n'] * 1000:.1f} | "
                         f"{'' if b is None else f'{b:.2f}'} |")
        if rules is not None:
            lines.append(f"| (merge + sentence starts, batched row) | | | | {rules:.2f} |")
        lines += ["", f"Named entities from the batched run equal the per-document ones on "
                  f"{sp['ents_same']:,} articles, differ on {sp['ents_differ']:,}.", ""]
        plain = sum(sec for name, sec in steps.items() if name not in ("merge_hyphenated_names", "set_sentence_starts"))
        per_article_plain = plain / sp["n"]
        per_article_all = stage_total / max(n, 1)
        lines += [f"**Ratio to plain spaCy: {per_article_all / per_article_plain:.2f}x** (the whole pipeline, "
                  f"{per_article_all * 1000:.1f} ms an article, against the same models' tokenizer and components "
                  f"alone on the same texts, {per_article_plain * 1000:.1f} ms): a regression outside spaCy "
                  "shows here whatever the machine.", ""]

    bins = fig.get("length_bins")
    if bins:
        lines += [
            "### Cost by article length",
            "",
            "Indonesian articles of each length made by joining the corpus's cleaned texts paragraph by "
            "paragraph, each through the pipeline and through plain spaCy (`nlp(text)`, the same model): "
            "CPU ms per 1,000 characters. Flat means linear in the length.",
            "",
            "| characters | articles | pipeline ms / 1,000 chars | plain spaCy ms / 1,000 chars | ratio |",
            "|---:|---:|---:|---:|---:|",
        ]
        for row in bins:
            lines.append(f"| {row['size']:,} | {row['count']} | {row['ms_per_k']:.1f} | {row['spacy_ms_per_k']:.1f} | "
                         f"{row['ms_per_k'] / row['spacy_ms_per_k']:.2f} |")
        lines.append("")

    prof = fig.get("profile")
    if prof:
        lines += [
            f"### Profile (cProfile, second pass over the first {prof['n']:,} articles, `pipeline(raw)`)",
            "",
            "cProfile adds overhead to every Python call, so the absolute times are inflated; "
            "the ranking is what matters. Time inside compiled code (spaCy's Cython, numpy) shows "
            "as the Python function that called it.",
            "",
            "Own time summed by module (file):",
            "",
            "| module | own s | share |",
            "|---|---:|---:|",
        ]
        for mod, sec in prof["by_module"]:
            lines.append(f"| {mod} | {sec:.2f} | {sec / prof['total']:.1%} |")
        lines += ["", "Top 25 by cumulative time:", "", "```", prof["cumulative"], "```", "",
                  "Top 25 by own time (tottime):", "", "```", prof["tottime"], "```", ""]

    # Errors and slow articles.
    slow = [a for a in main_run["articles"] if a["cpu"] > SLOW_S or a["wall"] > SLOW_S]
    lines += ["### Articles that raised or took more than 1 s", ""]
    if main_run["errors"]:
        lines += ["| # | article | stage | error |", "|---:|---|---|---|"]
        for e in main_run["errors"]:
            lines.append(f"| {e['index']} | {e['origin'] or e['title']} | {e['stage']} | "
                         f"{e['error'][:160].replace('|', '/')} |")
        lines.append("")
    else:
        lines.append("No article raised.")
        lines.append("")
    slow_cpu = [a for a in slow if a["cpu"] > SLOW_S]
    lines.append(f"{len(slow_cpu)} articles took more than 1 CPU-second, {len(slow)} more than 1 s of CPU or "
                 "wall (wall is inflated by the shared machine)" + (":" if slow else "."))
    lines.append("")
    if slow:
        lines += ["| # | article | chars | CPU s | wall s | slowest stage (CPU s) |", "|---:|---|---:|---:|---:|---|"]
        for a in sorted(slow, key=lambda a: -a["cpu"])[:40]:
            worst = a["slowest"]
            lines.append(f"| {a['index']} | {a['origin'] or a['title']} | {a['chars']:,} | {a['cpu']:.2f} | "
                         f"{a['wall']:.2f} | {worst} ({a['stage_cpu'].get(worst, 0):.2f}) |")
        lines.append("")
    if not slow:
        lines += ["The five slowest articles:", "",
                  "| # | article | chars | CPU s | wall s | slowest stage (CPU s) |", "|---:|---|---:|---:|---:|---|"]
        for a in sorted(main_run["articles"], key=lambda a: -a["cpu"])[:5]:
            worst = a["slowest"]
            lines.append(f"| {a['index']} | {a['origin'] or a['title']} | {a['chars']:,} | {a['cpu']:.2f} | "
                         f"{a['wall']:.2f} | {worst} ({a['stage_cpu'].get(worst, 0):.2f}) |")
        lines.append("")
    cpus = [a["cpu"] for a in main_run["articles"]]
    lines.append(f"Per article CPU: median {statistics.median(cpus) * 1000:.0f} ms, p95 {pct(cpus, 0.95) * 1000:.0f} ms, "
                 f"max {max(cpus) * 1000:.0f} ms.")
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the corpus CSV files")
    parser.add_argument("--limit", type=int, default=1000, help="records to process (first N in file order)")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes (the last one is reported)")
    parser.add_argument("--profile-limit", type=int, default=PROFILE_N,
                        help=f"articles for the cProfile pass (default {PROFILE_N}; 0: no profile)")
    parser.add_argument("--spacy-limit", type=int, default=None,
                        help="articles for the spaCy step breakdown (default: --limit; 0: none)")
    parser.add_argument("--batch-size", type=int, default=64, help="batch size of the .pipe comparison")
    parser.add_argument("--no-length-bins", dest="length_bins", action="store_false",
                        help="skip the cost-by-length articles (up to 200,000 characters)")
    parser.add_argument("--top", type=int, default=25, help="rows of each profile table")
    parser.add_argument("--out", type=Path, default=RESULTS, help="markdown file to write")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.csv"))
    if not files:
        print(f"pipeline_speed: no CSV files in {args.data} (../shared is needed)", file=sys.stderr)
        return 1

    fig: dict = {"files": ", ".join(p.name for p in files), "load_before": load_average()}
    print("pipeline_speed: start-up ...", file=sys.stderr, flush=True)
    fig["startup"] = startup()
    pipeline = fig["startup"].pop("pipeline")

    from warta.errors import InputError

    with Clock() as c:
        items = read_records(files, args.limit)
    raws = [x for x in items if not isinstance(x, InputError)]
    fig["read"] = {"cpu": c.cpu, "wall": c.wall, "refused": len(items) - len(raws)}

    fig["runs"] = []
    for i in range(max(1, args.repeat)):
        print(f"pipeline_speed: timed pass {i + 1} over {len(raws):,} articles ...", file=sys.stderr, flush=True)
        fig["runs"].append(timed_pass(pipeline, raws))
    from warta.executor import CHUNK

    print(f"pipeline_speed: batched pass over {len(raws):,} articles ...", file=sys.stderr, flush=True)
    fig["batched"] = batched_pass(raws, CHUNK)
    texts = fig["runs"][-1]["texts"]
    for r in fig["runs"]:
        r.pop("texts", None)

    spacy_n = len(texts) if args.spacy_limit is None else args.spacy_limit
    if spacy_n:
        print(f"pipeline_speed: spaCy breakdown over {spacy_n:,} articles ...", file=sys.stderr, flush=True)
        fig["spacy"] = spacy_breakdown(texts[:spacy_n], args.batch_size)
    if args.length_bins:
        print("pipeline_speed: cost by length ...", file=sys.stderr, flush=True)
        fig["length_bins"] = length_bins(pipeline, texts)
    profile_n = min(args.profile_limit, len(raws))
    if profile_n:
        print(f"pipeline_speed: profile over {profile_n:,} articles ...", file=sys.stderr, flush=True)
        fig["profile"] = profile_pass(pipeline, raws[:profile_n], args.top)
    fig["load_after"] = load_average()

    nice = os.nice(0)
    command = ((f"nice -n {nice} " if nice else "") + ".venv/bin/python bench/pipeline_speed.py" + "".join(
        f" {flag} {value}" for flag, value, default in (
            ("--limit", args.limit, 1000), ("--repeat", args.repeat, 1),
            ("--profile-limit", args.profile_limit, PROFILE_N), ("--spacy-limit", args.spacy_limit, None),
            ("--batch-size", args.batch_size, 64)) if value != default))
    text = report(fig, command=command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.exists():
        old = args.out.read_text(encoding="utf-8")
        if KEEP_MARKER in old:
            text += "\n" + KEEP_MARKER + old.split(KEEP_MARKER, 1)[1]
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

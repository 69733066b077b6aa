"""The package as a user installs and calls it: metadata, typing marker, schema, entry points,
logging, and how it takes input it cannot or should not guess about."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tomllib

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

import warta
from conftest import ROOT, shared_path
from warta.cli import app
from warta.errors import UsageError

runner = CliRunner()


def test_the_package_declares_its_licence_and_ships_its_typing_marker_and_schema():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0" and "LICENSE" in project["license-files"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
    assert (ROOT / "src" / "warta" / "py.typed").exists()
    assert warta.schema()["title"] or warta.schema()["$id"]
    assert warta.schema() == json.loads(shared_path("spec", "document.schema.json").read_text(encoding="utf-8"))


def test_runtime_dependencies_are_what_the_code_imports():
    """Declared and used: jsonschema and babel only where used (tests, rebuilding data), and
    lxml_html_clean, which trafilatura needs with lxml 5.2 and later, declared."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {dep.split(">")[0].split("[")[0].split("<")[0].strip().lower() for dep in project["dependencies"]}
    assert "lxml_html_clean" in runtime and not runtime & {"jsonschema", "babel", "scikit-learn"}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "warta").rglob("*.py")
                       if p.name != "train.py" and p.name != "gazetteer.py")
    assert "import jsonschema" not in source and "import babel" not in source


def test_python_dash_m_warta_runs_the_command_line():
    result = subprocess.run([sys.executable, "-m", "warta", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == f"warta {warta.__version__}"


def test_records_validate_against_the_packaged_schema():
    doc = warta.extract_text("Polisi menangkap 12 orang di Jakarta pada Senin, 9 Juni 2025.", published="2025-06-10")
    assert list(Draft202012Validator(warta.schema()).iter_errors(doc.to_dict())) == []


def test_verbose_says_what_is_loaded_and_each_article(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Judul berita\nPolisi menangkap 12 orang di Jakarta.\n", encoding="utf-8")
    logger = logging.getLogger("warta")
    try:
        quiet = runner.invoke(app, ["extract", str(article), "-f", "jsonl"])
        assert quiet.exit_code == 0 and quiet.stderr == ""
        loud = runner.invoke(app, ["-vv", "extract", str(article), "-f", "jsonl"])
        assert loud.exit_code == 0
        assert f"{article}: " in loud.stderr and "events in" in loud.stderr
    finally:
        logger.setLevel(logging.WARNING)


def test_another_language_is_reported_as_itself():
    text = ("Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs touchés par la "
            "sécheresse, selon le ministre de l'Agriculture. Les syndicats ont critiqué la réforme.")
    assert warta.extract_text(text).lang == "fr"
    # Short Indonesian and English stay what they are, though an identifier guesses odd languages for them.
    assert warta.extract_text("Menlu Sugiono bertemu Menlu Jepang di Tokyo.").lang == "id"
    assert warta.extract_text("Bosnian premier in Turkey for one day visit.").lang == "en"


def test_a_language_code_given_is_normalised_or_refused():
    assert warta.extract_text("Polisi menangkap 12 orang.", lang="ID").lang == "id"
    with pytest.raises(UsageError):
        warta.extract_text("Polisi menangkap 12 orang.", lang="indonesian!")


def test_one_paragraph_is_an_article_not_a_title(tmp_path):
    paragraph = ("Polisi menangkap 12 orang di Jakarta pada Senin, kata juru bicara Polda Metro Jaya. Mereka diduga "
                 "terlibat kerusuhan di depan gedung DPR.")
    doc = warta.extract_text(paragraph)
    assert doc.title is None and doc.text.startswith("Polisi menangkap")
    path = tmp_path / "paragraph.txt"
    path.write_text(paragraph + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "-f", "jsonl"])
    record = json.loads(result.stdout)
    assert record["title"] is None and record["text"].startswith("Polisi menangkap") and record["events"]
    # A headline line over a body is still the title.
    titled = warta.extract_text("Polisi Tangkap 12 Perusuh\n" + paragraph)
    assert titled.title == "Polisi Tangkap 12 Perusuh" and titled.text.startswith("Polisi menangkap")


def test_a_published_date_that_cannot_be_read_is_an_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Judul\nPolisi menangkap 12 orang.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "kemarin sore"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "warta: published: cannot read 'kemarin sore' as a date (try YYYY-MM-DD)"
    assert runner.invoke(app, ["extract", str(path), "--published", "Senin, 9 Juni 2025 20:32 WIB"]).exit_code == 0


def test_a_text_longer_than_the_analysis_takes_is_one_clear_error(monkeypatch):
    import warta.nlp

    monkeypatch.setattr(warta.nlp, "MAX_CHARS", 200)
    with pytest.raises(warta.errors.InputError, match="at most 200 are analysed"):
        warta.extract_text(" ".join(f"Polisi menangkap {n} orang di kota nomor {n} pada Senin." for n in range(20)))


def test_a_language_without_a_model_is_said_once(caplog):
    text = ("Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs touchés par la "
            "sécheresse, selon le ministre de l'Agriculture. Les syndicats ont critiqué la réforme.")
    pipeline = warta.Pipeline(warta.Options())
    with caplog.at_level(logging.WARNING, logger="warta"):
        for _ in range(3):
            pipeline(warta.RawArticle(text=text, origin="<fr>"))
    assert [r.getMessage() for r in caplog.records].count(
        "no model for language 'fr': its articles get sentences and tokens, not names or events") == 1


def test_odd_command_line_values_are_one_line_errors():
    result = runner.invoke(app, ["search", "x", "--limit", "99999999999999999999"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_password_in_a_store_url_never_shows():
    from warta.store import redact

    assert redact("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"
    assert redact("postgresql://u@h/db?sslmode=require&password=secret&x=1") == \
        "postgresql://u@h/db?sslmode=require&password=***&x=1"


def test_the_command_line_starts_without_the_language_models_library():
    """Commands that only read a store (stats, search, export, serve) need no spaCy: it is not imported."""
    code = "import sys, warta.cli, warta.export; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

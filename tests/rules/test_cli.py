"""python -m eligibility: the command-line caller of the rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eligibility.__main__ import find_content_dir, main

ROOT = Path(__file__).resolve().parents[2]
C03 = {"status": "asylum", "country": "AF", "age": 6, "dms": "no", "care": "planned", "condition": "chickenpox"}


def test_prints_the_result_for_answers_given_as_json(capsys, monkeypatch):
    monkeypatch.chdir(ROOT / "tests")  # content/ is found from a subfolder too
    assert main(["--answers", json.dumps(C03), "--date", "2026-03-01", "--lang", "en"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in result["packages"]] == ["list121"]
    assert result["evaluated_on"] == "2026-03-01" and result["lang"] == "en"


def test_reads_answers_from_a_file_and_content_from_a_directory(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(C03), encoding="utf-8")
    assert main(["--answers", str(answers), "--date", "2026-03-01", "--content", str(ROOT / "content")]) == 0
    assert json.loads(capsys.readouterr().out)["lang"] == "ru"


@pytest.mark.parametrize("answers,code", [
    ('{"status": "martian"}', "unknown_option"),
    ("not json", "bad_json"),
    ('{"a": "' + "x" * 30_000 + '"}', "too_large"),
])
def test_bad_input_prints_errors_and_exits_2(answers, code, capsys):
    assert main(["--answers", answers, "--date", "2026-03-01", "--content", str(ROOT / "content")]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert code in {e["code"] for e in errors}


@pytest.mark.parametrize("option,value,field,code", [("--date", "1 March", "date", "bad_date"),
                                                     ("--lang", "de", "lang", "unknown_language")])
def test_bad_date_or_language_prints_errors_and_exits_2(option, value, field, code, capsys):
    assert main(["--answers", json.dumps(C03), option, value, "--content", str(ROOT / "content")]) == 2
    assert {(e["field"], e["code"]) for e in json.loads(capsys.readouterr().out)["errors"]} == {(field, code)}


def test_content_dir_not_found_is_said_plainly(tmp_path):
    with pytest.raises(SystemExit, match="content/ not found"):
        find_content_dir(tmp_path)


def test_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "eligibility", "--answers", json.dumps(C03),
                           "--date", "2026-03-01"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["packages"][0]["id"] == "list121"


def test_the_languages_are_read_from_mkdocs_yml_beside_the_content(tmp_path, capsys):
    import shutil
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns("sources"))
    with pytest.raises(SystemExit, match="mkdocs.yml not found"):
        main(["--answers", json.dumps(C03), "--content", str(tmp_path / "content")])
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert main(["--answers", json.dumps(C03), "--date", "2026-03-01", "--content", str(tmp_path / "content")]) == 0
    assert json.loads(capsys.readouterr().out)["lang"] == "ru"


def test_an_unknown_language_error_lists_the_site_languages(capsys):
    assert main(["--answers", json.dumps(C03), "--lang", "de", "--content", str(ROOT / "content")]) == 2
    message = json.loads(capsys.readouterr().out)["errors"][0]["message"]
    from scripts.content import LANGUAGES
    assert all(lang in message for lang in LANGUAGES), message

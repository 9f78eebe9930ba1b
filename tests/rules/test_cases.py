"""Every rule case of tests/rules/cases/*.yaml, through the shared runner."""

from __future__ import annotations

import pytest
import yaml

from conftest import CASES_DIR, all_cases
from runner import CASE_KEYS, run_case, run_cases

CASES = all_cases()


@pytest.mark.parametrize("file,case", CASES, ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_case(file, case, content):
    assert run_case(case, content) == []


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


def test_every_example_of_the_model_is_a_case():
    """All situations of the eligibility model's examples (a verbatim copy in
    tests/rules/examples.yaml, checked by tests/content/test_sources.py), by id."""
    examples = yaml.safe_load((CASES_DIR.parent / "examples.yaml").read_text(encoding="utf-8"))
    assert {c["example"] for _, c in CASES if "example" in c} == {e["id"] for e in examples}


def test_case_names_are_unique():
    names = [c["name"] for _, c in CASES]
    assert len(names) == len(set(names))


def test_runner_reports_what_differed_with_file_and_case_name(content):
    case = {"name": "A citizen is wrongly expected to get list121", "date": "2026-03-01",
            "answers": {"status": "citizen", "age": 30, "osms": "insured", "care": "planned"},
            "expect": {"packages": ["list121"], "covered_diseases": ["measles"], "abroad_eligible": True,
                       "covered_services": [{"row": 1, "count": 2, "period": "year"}],
                       "steps_include": ["nope"], "notes_include": ["nope"],
                       "citations_include": [{"document": "dsm45_2021", "part": "annex3"}]}}
    passed, failed, messages = run_cases([case], content, "x.yaml")
    assert (passed, failed) == (0, 1)
    assert len(messages) == 7
    assert all(m.startswith("x.yaml: case 'A citizen is wrongly expected to get list121': ") for m in messages)


def test_runner_reports_unexpected_errors_and_unexpected_results(content):
    bad = {"name": "bad", "answers": {"status": "citizen"}, "expect": {"packages": ["equal"]}}
    good = {"name": "good", "date": "2026-03-01",
            "answers": {"status": "citizen", "age": 30, "osms": "insured", "care": "planned"},
            "expect": {"errors": [{"field": "age", "code": "required"}]}}
    wrong_errors = {"name": "wrong", "answers": {"status": "citizen"},
                    "expect": {"errors": [{"field": "age", "code": "required"}]}}
    _, failed, messages = run_cases([bad, good, wrong_errors], content)
    assert failed == 3
    assert "expected a result, got errors" in messages[0]
    assert "got a result" in messages[1]
    assert messages[2].startswith("cases: case 'wrong': errors: expected")


def test_runner_refuses_keys_outside_the_closed_set(content):
    case = {"name": "x", "answers": {}, "expect": {"packagez": []}, "extra": 1}
    problems = run_case(case, content)
    assert problems == ["unknown key 'extra'", "unknown expect key 'packagez'"]
    assert run_case({"answers": {}}, content) == ["a case needs name, answers and expect"]
    assert "lang" in CASE_KEYS

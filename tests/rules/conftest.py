"""Fixtures of the rules tests: the content, loaded once, and the cases."""

from __future__ import annotations

import sys
from typing import Any
from pathlib import Path

import pytest
import yaml

from scripts.content import load_content

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
# runner.py is loaded as a plain module, as the Pyodide runner does.
sys.path.insert(0, str(HERE))


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def all_cases() -> list[tuple[str, dict]]:
    return [(path.name, case) for path in case_files()
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="session")
def content() -> dict:
    return load_content()


def complete_answers(content: dict, rng, fixed: dict | None = None) -> dict:
    """A full, valid set of answers: walks the flow in order, answering each
    question that is asked (from `fixed` when given, else at random)."""
    from eligibility.questions import option_ids, questions, visible_questions

    fixed = fixed or {}
    answers: dict = {}
    for question in questions(content):
        if question["id"] not in visible_questions(answers, content):
            continue
        if question["id"] in fixed:
            answers[question["id"]] = fixed[question["id"]]
        elif question["kind"] == "number":
            answers[question["id"]] = plausible_number(question, answers, rng)
        elif not question["required"] and rng.random() < 0.2:
            continue
        else:
            answers[question["id"]] = rng.choice(option_ids(question, content))
    return answers


def outcome(answers: dict, content: dict, on) -> Any:
    """What the visitor gets for `answers` on date `on`: the result in English
    (without the answers it echoes), or the validation errors."""
    from eligibility import ValidationError, evaluate

    try:
        result = evaluate(answers, content, on, "en").to_dict()
        del result["answers"]
        return result
    except ValidationError as problem:
        return problem.errors


def plausible_number(question: dict, answers: dict, rng) -> int:
    """Numbers within the question's bounds that do not contradict the age
    (validation.contradictions)."""
    age = answers.get("age", 40)
    if question["id"] == "age":
        return rng.choice([0, 6, 17, 18, 30, 67, 120])
    if question["id"] == "months":
        return rng.randint(0, min(36, (age + 1) * 12))
    return rng.randint(0, min(age, question["max"]))


@pytest.fixture(scope="session")
def loaded_browser(content):
    """eligibility.browser loaded with the bundle the build makes (CONTENT_KEYS as JSON)."""
    import json

    import eligibility
    from eligibility import browser

    bundle = {key: content[key] for key in eligibility.CONTENT_KEYS}
    browser.load(json.dumps(bundle, ensure_ascii=False, default=str))
    return browser

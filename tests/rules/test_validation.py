"""Validation branches the cases do not reach: oversized input, impossible
numbers, a date that is not a date."""

from __future__ import annotations

import math
from datetime import date

import pytest

from eligibility import ValidationError, evaluate

ON = date(2026, 3, 1)


def codes(answers, content, on=ON, lang="en"):
    with pytest.raises(ValidationError) as problem:
        evaluate(answers, content, on, lang)
    return {(e["field"], e["code"]) for e in problem.value.errors}


def test_too_many_answers_are_refused_before_reading_them(content):
    answers = {f"q{i}": i for i in range(41)}
    assert codes(answers, content) == {("answers", "too_large")}


@pytest.mark.parametrize("age,code", [(math.nan, "not_finite"), (math.inf, "not_finite"),
                                      (-math.inf, "not_finite"), (True, "wrong_type"), (10**100, "out_of_range")])
def test_impossible_ages_are_refused(age, code, content):
    answers = {"status": "citizen", "age": age, "osms": "insured", "care": "planned"}
    assert codes(answers, content) == {("age", code)}


def test_months_longer_than_a_life_are_a_contradiction(content):
    answers = {"status": "citizen", "age": 18, "osms": "unknown", "work": "not_working", "months": 240,
               "benefit": "no", "category_de": "no", "care": "planned"}
    assert codes(answers, content) == {("months", "contradiction")}


def test_a_date_that_is_not_a_date_is_refused_with_the_other_problems(content):
    assert codes({"status": "citizen"}, content, on="2026-03-01", lang="xx") == {
        ("date", "bad_date"), ("lang", "unknown_language"), ("age", "required"), ("osms", "required"),
        ("care", "required")}


def test_an_invalid_answer_does_not_also_flag_the_questions_that_depend_on_it(content):
    answers = {"status": 5, "purpose": "work", "care": "planned"}
    assert codes(answers, content) == {("status", "wrong_type")}


def test_a_missing_optional_answer_and_a_null_are_the_same(content):
    answers = {"status": "citizen", "age": 30, "osms": "insured", "care": "planned", "condition": None}
    assert evaluate(answers, content, ON, "en").answers == {k: v for k, v in answers.items() if v is not None}


def test_whole_floats_are_taken_as_numbers(content):
    answers = {"status": "citizen", "age": 30.0, "osms": "insured", "care": "planned"}
    assert evaluate(answers, content, ON, "en").answers["age"] == 30

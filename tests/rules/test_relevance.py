"""A question whose answer cannot change the result, given the answers so far,
is not asked (issue: adult questions for a child the state already insures).
Exceptions are listed in content/questions.yaml `asked_though_irrelevant`,
each with its reason; this test reads that list."""

from __future__ import annotations

import json
import random
from datetime import date

from conftest import complete_answers, outcome
from eligibility import evaluate
from eligibility.questions import condition_holds, option_ids, question_index, questions, visible_questions
from eligibility.predicates import EQUAL_RIGHTS_STATUSES

ON = date(2026, 3, 1)
# Adult questions: who pays an adult's OSMS contributions.
ADULT_QUESTIONS = ("work", "months", "selfpay_years", "benefit", "category_de")
# Values tried for each question: every option, but for the long lists a few
# of each kind (a disease of the 23, tuberculosis, an Annex 3 disease, the
# other options; an EAEU, a CIS 1997, a 1998, a no-treaty country), and the
# numbers around each threshold (child/adult, grace periods, 5 years).
SAMPLES = {
    "condition": ["measles", "tuberculosis", "transplantation", "hightech", "social", "other", "unsure", None],
    "country": ["KG", "RU", "UZ", "TJ", "AF"],
    "age": [5, 17, 18, 40, 70],
    "months": [None, 0, 3, 4, 6, 7, 30],
    "selfpay_years": [0, 4, 5],
}


def signature(answers: dict, content: dict) -> str:
    return json.dumps(outcome(answers, content, ON), sort_keys=True)


def values(question: dict, content: dict) -> list:
    return SAMPLES.get(question["id"]) or option_ids(question, content)


def with_value(answers: dict, question_id: str, value) -> dict:
    # None stays: complete_answers keeps it and validation reads it as "not
    # answered" (an optional question left empty).
    return {**answers, question_id: value}


def exception_holds(question_id: str, prefix: dict, content: dict) -> bool:
    return any(e["question"] == question_id and condition_holds(e.get("when"), prefix, content)
               for e in content["questions"].get("asked_though_irrelevant", []))


def test_a_child_insured_by_the_state_is_asked_no_adult_question(content):
    """Exhaustive: every equal-rights status, every child age, every OSMS answer."""
    index = question_index(content)
    for status in EQUAL_RIGHTS_STATUSES:
        for age in range(0, 18):
            for osms in option_ids(index["osms"], content):
                asked = visible_questions({"status": status, "age": age, "osms": osms}, content)
                assert not set(asked) & set(ADULT_QUESTIONS), (status, age, osms, asked)
                result = evaluate({"status": status, "age": age, "osms": osms, "care": "planned"}, content, ON, "en")
                assert "equal" in [p.id for p in result.packages], (status, age, osms)


def test_every_asked_question_can_change_the_result(content):
    """For answers drawn at random, each question asked can change the result
    given the answers above it: some other value of it, with the same later
    answers (questions it newly opens answered at random), gives another
    result. Exceptions: content/questions.yaml `asked_though_irrelevant`."""
    index = question_index(content)
    order = [q["id"] for q in questions(content)]
    irrelevant = set()
    for seed in range(40):
        full = complete_answers(content, random.Random(seed))
        for question_id in visible_questions(full, content):
            position = order.index(question_id)
            prefix = {k: v for k, v in full.items() if order.index(k) < position}
            later = {k: v for k, v in full.items() if order.index(k) > position}
            if (question_id, json.dumps(prefix, sort_keys=True)) in irrelevant:
                continue
            seen = set()
            for value in values(index[question_id], content):
                answers = complete_answers(content, random.Random(seed), with_value({**prefix, **later}, question_id, value))
                seen.add(signature(answers, content))
                if len(seen) > 1:
                    break
            if len(seen) == 1 and not exception_holds(question_id, prefix, content):
                irrelevant.add((question_id, json.dumps(prefix, sort_keys=True)))
    assert sorted(irrelevant) == []


def test_every_exception_names_a_question_and_gives_a_reason(content):
    index = question_index(content)
    for entry in content["questions"].get("asked_though_irrelevant", []):
        assert entry["question"] in index and entry["reason"].strip()

"""Properties over generated answers (hypothesis): every valid combination is
evaluated with citations everywhere, holds no raw markup and no two steps
content declares exclusive, and says so when a treaty grants emergency care;
every invalid one is refused with a ValidationError; the browser boundary
never raises."""

from __future__ import annotations

import json
import math
import random
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import complete_answers
from eligibility import ValidationError, evaluate
from eligibility import browser
from eligibility import predicates as law
from eligibility.questions import question_index, visible_questions
from scripts.content import LANGUAGES

ON = date(2026, 3, 1)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CITED = ("packages", "covered_diseases", "covered_services", "not_covered", "steps", "trace", "notes")


@SETTINGS
@given(seed=st.integers(0, 2**32), lang=st.sampled_from(LANGUAGES))
def test_every_valid_combination_evaluates_with_citations(content, seed, lang):
    answers = complete_answers(content, random.Random(seed))
    result = evaluate(answers, content, ON, lang).to_dict()
    assert result["packages"], answers
    for section in CITED:
        for item in result[section]:
            assert item["citations"], (section, item)
            for citation in item["citations"]:
                assert citation["label"] and citation["anchor"] == f"{citation['document']}-{citation['part']}"
    for section in ("steps", "notes"):
        ids = [item["id"] for item in result[section]]
        assert len(ids) == len(set(ids)), section
    if result["abroad"] is not None:
        assert result["abroad"]["citations"]
    json.dumps(result)


def breakages(content):
    """Ways to spoil a valid set of answers, each of which must be refused."""
    index = question_index(content)

    def unknown_question(answers, rng):
        return {**answers, "x" + str(rng.randint(0, 99)): "1"}

    def bad_option(answers, rng):
        key = rng.choice([k for k in answers if index[k]["kind"] != "number"])
        return {**answers, key: rng.choice(["", "nope", 3, None if index[key]["required"] else 3, True, [1]])}

    def bad_number(answers, rng):
        key = rng.choice([k for k in answers if index[k]["kind"] == "number"] or ["age"])
        return {**answers, "status": answers.get("status") if key in answers else "citizen",
                key: rng.choice([-1, 10**9, 200.5, math.nan, math.inf, -math.inf, "7", True, 10**100])}

    def missing_required(answers, rng):
        key = rng.choice([k for k in answers if index[k]["required"]])
        return {k: v for k, v in answers.items() if k != key}

    def not_asked(answers, rng):
        hidden = [q for q in index if q not in visible_questions(answers, content)]
        key = rng.choice(hidden)
        value = 5 if index[key]["kind"] == "number" else "AF" if index[key]["kind"] == "country" \
            else index[key]["options"][0]["id"]
        return {**answers, key: value}

    return [unknown_question, bad_option, bad_number, missing_required, not_asked]


@SETTINGS
@given(seed=st.integers(0, 2**32), how=st.integers(0, 4))
def test_every_invalid_combination_is_refused(content, seed, how):
    rng = random.Random(seed)
    answers = breakages(content)[how](complete_answers(content, rng), rng)
    try:
        evaluate(answers, content, ON, "en")
    except ValidationError as problem:
        assert problem.errors
        assert all(set(e) == {"field", "code", "message"} and e["message"] for e in problem.errors)
    else:
        raise AssertionError(f"accepted {answers}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=200), json_values.map(json.dumps),
                      st.builds(lambda a, l, d: json.dumps({"answers": a, "lang": l, "date": d}),
                                json_values, st.sampled_from([*LANGUAGES, "xx", None, 5]),
                                st.sampled_from([None, "2026-03-01", "2025-01-01", "nope", 7]))))
def test_evaluate_json_never_raises(text, loaded_browser):
    response = json.loads(browser.evaluate_json(text))
    assert response["ok"] is True or response["errors"]
    assert isinstance(json.loads(browser.visible_questions_json(text)), list)


# --- What every result must (not) hold ----------------------------------------

MARKUP = re.compile(r"\*\*|<https?:|</?[A-Za-z][^<>]*>")
TREATY_EMERGENCY_LINES = {"emergency_eaeu", "emergency_cis1997", "emergency_if_needed_eaeu",
                          "emergency_if_needed_cis1997"}


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@SETTINGS
@given(seed=st.integers(0, 2**32), lang=st.sampled_from(LANGUAGES))
def test_no_result_holds_raw_markup(content, seed, lang):
    answers = complete_answers(content, random.Random(seed))
    result = evaluate(answers, content, ON, lang).to_dict()
    for text in strings({k: v for k, v in result.items() if k != "answers"}):
        assert not MARKUP.search(text), (answers, text)


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_no_result_holds_two_steps_content_declares_exclusive(content, seed):
    answers = complete_answers(content, random.Random(seed))
    result = evaluate(answers, content, ON, "en").to_dict()
    catalogue = content["rules/steps"]["steps"]
    shown = {step["id"] for step in result["steps"]}
    for step in shown:
        assert not shown & set(catalogue.get(step, {}).get("replaces", [])), (answers, step)


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_every_result_where_a_treaty_grants_emergency_care_says_so(content, seed):
    """People with rights equal to citizens have emergency care in GOBMP
    whatever their passport says, so the treaty line is for the others."""
    answers = complete_answers(content, random.Random(seed))
    person = law.person_from(answers, content)
    result = evaluate(answers, content, ON, "en").to_dict()
    if law.treaty_emergency_route(person) is not None and not law.has_equal_rights(person):
        rules = {line["rule"] for line in result["trace"]}
        assert rules & TREATY_EMERGENCY_LINES, (answers, sorted(rules))
        if law.needs_emergency_care(person):
            assert "emergency_treaty" in {p["id"] for p in result["packages"]}, answers

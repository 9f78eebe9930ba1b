"""The question graph itself (content/questions.yaml): every question can be
reached, every option leads somewhere, every label has four languages, every
`ask_when` refers to questions and options that exist above it."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from conftest import complete_answers, outcome
from eligibility.questions import attributes, option, option_ids, options, questions, visible_questions
from scripts.content import LANGUAGES

ON = date(2026, 3, 1)


def satisfying_answers(question: dict, content: dict) -> dict:
    """Answers that make `question` asked: each ask_when key answered with an
    allowed value, recursively for the questions those keys depend on."""
    index = {q["id"]: q for q in questions(content)}
    answers: dict = {}
    for key, allowed in question.get("ask_when", {}).items():
        question_id, _, attribute = key.partition(".")
        answers.update(satisfying_answers(index[question_id], content))
        if attribute and index[question_id]["kind"] == "number":
            band = next(b for b in index[question_id]["bands"] if b["id"] in allowed)
            answers[question_id] = band.get("min", band.get("max"))
        elif attribute:
            answers[question_id] = next(o["id"] for o in options(index[question_id], content)
                                        if o.get(attribute) in allowed)
        else:
            answers[question_id] = allowed[0]
    return answers


def test_every_question_is_reachable(content):
    for question in questions(content):
        answers = satisfying_answers(question, content)
        assert question["id"] in visible_questions(answers, content), question["id"]


def test_every_ask_when_refers_to_an_earlier_question_and_existing_values(content):
    seen: dict = {}
    for question in questions(content):
        for key, allowed in question.get("ask_when", {}).items():
            question_id, _, attribute = key.partition(".")
            assert question_id in seen, f"{question['id']}: {key} is not an earlier question"
            earlier = seen[question_id]
            if attribute and earlier["kind"] == "number":
                values = {b["id"] for b in earlier.get("bands", [])}
            elif attribute:
                values = {o.get(attribute) for o in options(earlier, content)} - {None}
            else:
                values = set(option_ids(earlier, content))
            assert set(allowed) <= values, f"{question['id']}: {key} lists unknown values"
        seen[question["id"]] = question


def test_option_ids_are_unique_short_ascii(content):
    for question in questions(content):
        ids = option_ids(question, content)
        assert len(ids) == len(set(ids)), question["id"]
        assert all(i.isascii() and len(i) <= 32 for i in ids + [question["id"]])


def test_every_label_is_in_four_languages(content):
    for question in questions(content):
        texts = [question["label"], question["help"]] + [o["label"] for o in options(question, content)]
        for text in texts:
            assert set(text) == set(LANGUAGES) and all(text[lang].strip() for lang in LANGUAGES), question["id"]


def signature(answers: dict, content: dict) -> str:
    """What the visitor sees for these answers: the questions asked and the result."""
    return json.dumps([visible_questions(answers, content), outcome(answers, content, ON)], sort_keys=True)


def test_every_option_leads_somewhere(content):
    """For each option there is a situation where choosing another option of
    the same question changes the questions asked or the result. Situations:
    the question made asked, the rest answered at random."""
    missing = []
    for question in questions(content):
        if question["kind"] == "number":
            continue
        leads = dict.fromkeys(option_ids(question, content), False)
        for seed in range(12):
            context = complete_answers(content, random.Random(seed), satisfying_answers(question, content))
            seen = {option_id: signature(complete_answers(content, random.Random(seed),
                                                          {**context, question["id"]: option_id}), content)
                    for option_id in leads}
            if len(set(seen.values())) > 1:
                leads = {o: leads[o] or sum(v == seen[o] for v in seen.values()) < len(seen) for o in leads}
        missing += [(question["id"], o) for o, led in leads.items() if not led]
    assert missing == []


def test_bands_of_a_number_cover_its_range_without_overlap(content):
    """A number question's bands (read by `q.band` in ask_when) give every
    allowed value exactly one band; a value that is not a number has none."""
    for question in questions(content):
        if "bands" not in question:
            continue
        for value in range(question["min"], question["max"] + 1):
            fitting = [b for b in question["bands"] if b.get("min", value) <= value <= b.get("max", value)]
            assert len(fitting) == 1, (question["id"], value)
        assert attributes(question, content, "7") == {"band": None}
        assert attributes(question, content, True) == {"band": None}
        assert attributes(question, content, question["max"] + 1)["band"] in {b["id"] for b in question["bands"]} | {None}


@pytest.mark.parametrize("question_id", ["country"])
def test_country_attributes_come_from_countries_yaml(question_id, content):
    question = next(q for q in questions(content) if q["id"] == question_id)
    assert option(question, content, "KG")["eaeu"] is True
    assert option(question, content, "UZ")["eaeu"] is False
    assert option(question, content, "nowhere") is None

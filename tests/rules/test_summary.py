"""The short answer a result opens with (eligibility.summary): every package
has a kind, the summary is made of the result's own items, and each package
of content/packages.yaml is reached in a summary."""

from __future__ import annotations

from datetime import date

import pytest

from eligibility import evaluate
from eligibility.summary import kind_of
from scripts.content import LANGUAGES

from conftest import all_cases

ON = date(2026, 3, 1)

# (answers, the packages answering the question asked, the other free or insured ones)
SITUATIONS = [
    ({"status": "temporary", "purpose": "work", "country": "KG", "eaeu_fsms": "no", "age": 30, "dms": "no",
      "vms": "yes", "care": "planned", "condition": "measles"},
     ["list121"], ["vms_minimum", "emergency_treaty"]),
    ({"status": "temporary", "purpose": "work", "country": "UZ", "age": 30, "dms": "no", "vms": "yes",
      "care": "emergency", "condition": "other"},
     ["vms_minimum", "emergency_treaty"], ["list121"]),
    ({"status": "citizen", "age": 40, "osms": "insured", "care": "planned", "condition": "transplantation"},
     ["equal", "abroad"], []),
    ({"status": "citizen", "age": 40, "osms": "insured", "care": "planned", "condition": "hightech"},
     ["not_eligible_abroad", "equal"], []),
    ({"status": "refugee", "age": 40, "osms": "not_insured", "work": "not_working", "months": 9, "benefit": "no",
      "category_de": "no", "care": "planned", "condition": "keratoprosthesis"},
     ["not_eligible_abroad", "paid"], ["gobmp_core"]),
    ({"status": "temporary", "purpose": "family", "country": "TJ", "age": 35, "dms": "no", "care": "planned",
      "condition": "unsure"},
     ["paid"], ["list121", "emergency_treaty"]),
    ({"status": "temporary", "purpose": "work", "country": "RU", "eaeu_fsms": "yes", "age": 30, "dms": "no",
      "vms": "yes", "care": "planned", "condition": "other"},
     ["eaeu_osms"], ["vms_minimum", "emergency_treaty"]),
    ({"status": "refugee", "age": 30, "osms": "not_insured", "work": "not_working", "months": 9, "benefit": "no",
      "category_de": "no", "care": "emergency"},
     ["gobmp_core"], []),
]


@pytest.fixture(scope="module")
def rules(content):
    return content["rules/summary"]["summary"]


def test_every_package_has_one_kind(content, rules):
    packages = content["packages"]["packages"]
    kinds = [i for entry in rules["kinds"].values() for i in entry["packages"]]
    assert sorted(kinds) == sorted(packages), "each package of packages.yaml in exactly one kind"
    assert set(rules["kinds"]["outcome"]["packages"]) == {i for i, p in packages.items() if p.get("outcome")}


def test_unclear_notes_exist_and_name_packages(content, rules):
    notes, packages = content["rules/notes"]["notes"], content["packages"]["packages"]
    for note_id, about in rules["unclear"].items():
        assert note_id in notes
        assert set(about) <= set(packages), note_id


@pytest.mark.parametrize("answers,answer,also", SITUATIONS)
def test_summary_of_situations(content, answers, answer, also):
    summary = evaluate(answers, content, on=ON, lang="en").to_dict()["summary"]
    assert [p["id"] for p in summary["answer"]] == answer
    assert [p["id"] for p in summary["also"]] == also


def test_every_package_is_reached_in_a_summary(content):
    reached = {p["id"] for answers, _, _ in SITUATIONS
               for key in ("answer", "also")
               for p in evaluate(answers, content, on=ON, lang="en").to_dict()["summary"][key]}
    assert reached == set(content["packages"]["packages"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_and_texts_come_from_content(content, rules, lang):
    packages = content["packages"]["packages"]
    for answers, _, _ in SITUATIONS:
        summary = evaluate(answers, content, on=ON, lang=lang).to_dict()["summary"]
        for item in summary["answer"] + summary["also"]:
            assert item["kind"] == kind_of(item["id"], rules)
            assert item["label"] == rules["kinds"][item["kind"]]["label"][lang]
            assert item["name"] == packages[item["id"]]["name"][lang]
            assert item["citations"]


@pytest.mark.parametrize("name,case", [c for c in all_cases() if "answers" in c[1] and "errors" not in c[1].get("expect", {})],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_summary_is_made_of_the_result(content, name, case):
    on = date.fromisoformat(case["date"]) if "date" in case else ON
    result = evaluate(case["answers"], content, on=on, lang=case.get("lang", "en")).to_dict()
    summary = result["summary"]
    assert summary["answer"], "every result answers the question asked"
    package_ids = {p["id"] for p in result["packages"]}
    assert {p["id"] for p in summary["answer"]} <= package_ids
    assert summary["pay"] == result["not_covered"]
    assert summary["warnings"] == [n for n in result["notes"] if n in summary["warnings"]]
    assert all(n in result["notes"] for n in summary["warnings"])
    if result["steps"]:
        assert summary["first_step"] in result["steps"]
    else:
        assert summary["first_step"] is None
    # Paid is the answer exactly when nothing covers the care asked about.
    covered = [p for p in summary["answer"] if p["kind"] in ("free", "insured")]
    assert bool(covered) != ("paid" in [p["id"] for p in summary["answer"]])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_person_says_who_the_result_is_for(content, rules, lang):
    answers = SITUATIONS[0][0]
    person = evaluate(answers, content, on=ON, lang=lang).to_dict()["summary"]["person"]
    assert [f["question"] for f in person] == ["status", "country", "age", "care", "condition"]
    assert person[2]["value"] == "30"
    assert person[1]["value"] == next(c for c in content["countries"]["countries"] if c["id"] == "KG")["name"][lang]
    assert all(f["label"] == rules["person"][f["question"]][lang] for f in person)
    no_condition = {k: v for k, v in answers.items() if k != "condition"}
    assert "condition" not in [f["question"] for f in
                               evaluate(no_condition, content, on=ON, lang=lang).to_dict()["summary"]["person"]]

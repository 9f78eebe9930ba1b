"""A step that shows our summary of the slides says so: the slides are the
authoritative text (Russian), and a section summary is our words."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import complete_answers
from eligibility import evaluate
from scripts.content import LANGUAGES

ON = date(2026, 3, 1)


def is_summary(entry: dict) -> bool:
    return "section" in entry or entry.get("wording") == "summary"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), lang=st.sampled_from(LANGUAGES))
def test_our_summaries_are_marked_and_verbatim_steps_are_not(content, seed, lang):
    catalogue = content["rules/steps"]["steps"]
    marker = content["rules/steps"]["summary_marker"][lang]
    result = evaluate(complete_answers(content, random.Random(seed)), content, ON, lang).to_dict()
    for step in result["steps"]:
        entry = catalogue.get(step["id"])
        if entry is None:   # treatment_abroad.<id>: the order's own steps
            continue
        assert step["text"].startswith(marker + " ") == is_summary(entry), step


def test_each_kind_of_step_is_reached(content):
    """The property above sees a section summary, a declared summary and a
    verbatim step of the guide."""
    seen: set[str] = set()
    rng = random.Random(7)
    for _ in range(300):
        result = evaluate(complete_answers(content, rng), content, ON, "ru").to_dict()
        seen.update(step["id"] for step in result["steps"])
    catalogue = content["rules/steps"]["steps"]
    assert any("section" in catalogue[s] for s in seen if s in catalogue)
    assert "pay_arrears" in seen
    assert any("number" in catalogue[s] for s in seen if s in catalogue)

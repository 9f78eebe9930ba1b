"""Fixtures of the offline tests (service worker, offline zip), on top of
tests/conftest.py: one wizard flow and what its result must show."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

LANGUAGES = ("ru", "kk", "ky", "en")
# An asylum-seeking child with chickenpox: order ҚР ДСМ-121/2020 list (list121).
FLOW = {"status": "asylum", "country": "AF", "age": "6", "dms": "no", "care": "planned", "condition": "chickenpox"}
FLOW_PACKAGE = "list121"


@pytest.fixture(scope="session")
def content():
    from scripts.content import load_content

    return load_content()


def complete_flow(page, lang: str, content: dict) -> None:
    """Answers FLOW on an open wizard page whose engine is ready, submits,
    and checks that the package's name and a citation of it appear."""
    for question_id, value in FLOW.items():
        question = page.locator(f'.wz-question[data-question="{question_id}"]')
        expect(question).to_be_visible()
        if question.get_attribute("data-kind") == "number":
            question.locator("input").fill(value)
        elif question.locator("select").count():
            question.locator("select").select_option(value)
        else:
            question.locator(f'input[value="{value}"]').check()
    page.locator("#wz-form button[type=submit]").click()
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    name = content["packages"]["packages"][FLOW_PACKAGE]["name"][lang]
    package = page.locator("#wz-result .wz-package").filter(
        has=page.locator("[data-field=name]", has_text=re.compile("^" + re.escape(name) + "$")))
    expect(package).to_have_count(1)
    citation = package.locator(".wz-citation a").first
    expect(citation).not_to_be_empty()
    assert "#dsm121_2020-" in (citation.get_attribute("href") or "")

"""Fixtures of the offline tests (service worker, offline zip), on top of
tests/conftest.py: one wizard flow and what its result must show."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scripts.content import LANGUAGES
from tests.wizard_form import answer

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
    answer(page, FLOW)
    page.locator("#wz-form button[type=submit]").click()
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    name = content["packages"]["packages"][FLOW_PACKAGE]["name"][lang]
    package = page.locator("#wz-result .wz-package").filter(
        has=page.locator("[data-field=name]", has_text=re.compile("^" + re.escape(name) + "$")))
    expect(package).to_have_count(1)
    citation = package.locator(".wz-citation a").first
    expect(citation).not_to_be_empty()
    assert "#dsm121_2020-" in (citation.get_attribute("href") or "")

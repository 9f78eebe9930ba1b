"""A result as a person reads it, and the form's fields and errors: dates in
the page's language from content, abbreviations that open on focus, step
numbers that do not clash with the guide's, visible number fields, an error
list that names its questions, and a too-long link answered in the page's
language. `make site` first."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WORKER = ("status=temporary&purpose=work&country=UZ&age=30&dms=no&vms=yes"
          "&care=planned&condition=measles")


def open_result(tab, lang: str, fragment: str):
    page = tab.page
    page.goto("about:blank")
    prefix = "" if lang == "ru" else f"{lang}/"
    page.goto(f"{tab.base_url}{prefix}wizard/#{fragment}")
    expect(page.locator("#wz-status.wz-status--ready")).to_be_visible(timeout=90_000)
    return page


@pytest.mark.parametrize("lang", ["kk", "ky", "ru", "en"])
def test_the_rules_as_of_date_is_written_in_the_pages_language(wizard_tabs, content, lang):
    page = open_result(wizard_tabs(lang), lang, WORKER)
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    date = page.locator("#wz-result .wz-as-of time")
    iso = date.get_attribute("datetime")
    day = dt.date.fromisoformat(iso)
    assert abs((day - dt.date.today()).days) <= 1
    names = content["site/ui-fragments/wizard"]["wizard"]["date"]["months"]
    text = date.inner_text()
    assert names[day.month - 1][lang] in text, text
    assert str(day.year) in text and str(day.day) in text
    # Never the browser's fallback ("2026 M12 2") nor an English month on a ky page.
    assert " M" not in text
    if lang != "en":
        assert not any(month["en"] in text for month in names)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_abbreviations_in_a_result_open_on_focus(wizard_tabs, content, lang):
    page = open_result(wizard_tabs(lang), lang, WORKER)
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    abbreviations = page.locator("#wz-result abbr[title][tabindex='0']")
    assert abbreviations.count() >= 5
    expansions = {term["abbr"][lang]: " ".join(term["expansion"][lang].split())
                  for term in content["glossary"]["terms"]}
    first = abbreviations.first
    assert expansions.get(first.inner_text()) == first.get_attribute("title")
    first.focus()
    shown = first.evaluate("node => getComputedStyle(node, '::after').content")
    assert shown.strip('"') == first.get_attribute("title")
    assert first.evaluate("node => getComputedStyle(node, '::after').position") == "fixed"
    # Links keep their own text: no abbreviation inside a citation.
    assert page.locator("#wz-result a abbr").count() == 0


def test_our_steps_are_not_numbered_beside_the_guides_step_numbers(wizard_tabs):
    page = open_result(wizard_tabs("en"), "en", WORKER)
    steps = page.locator("#wz-result .wz-steps > ol")
    expect(steps).to_contain_text("step 3")
    assert steps.evaluate("node => getComputedStyle(node).listStyleType") != "decimal"


def test_number_fields_have_a_visible_box(wizard_tabs):
    page = open_result(wizard_tabs("en"), "en", "status=citizen")
    field = page.locator("#wz-age")
    expect(field).to_be_visible()
    style = field.evaluate("""node => { const s = getComputedStyle(node);
        return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor]; }""")
    assert float(style[0].rstrip("px")) >= 1 and style[1] == "solid", style
    assert style[2] not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)"), style


@pytest.mark.parametrize("lang", ["ky", "en"])
def test_the_error_list_names_each_question(wizard_tabs, content, lang):
    page = open_result(wizard_tabs(lang), lang, "status=asylum&country=AF&age=abc&dms=no&care=planned")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "errors")
    link = page.locator('#wz-error-summary a[href="#q-age"]')
    label = next(q for q in content["questions"]["questions"] if q["id"] == "age")["label"][lang]
    expect(link).to_contain_text(label)
    expect(link).to_contain_text(page.locator("#q-age .wz-field-error").inner_text())


@pytest.mark.parametrize("lang", ["ky", "en"])
def test_a_link_too_long_to_read_gets_its_error_in_the_pages_language(wizard_tabs, content, lang):
    page = open_result(wizard_tabs(lang), lang, "status=asylum&age=" + "x" * 25_000)
    expect(page.locator("#wizard")).to_have_attribute("data-state", "errors")
    expected = content["rules/errors"]["errors"]["too_large"]["text"][lang]
    expect(page.locator("#wz-error-summary li")).to_have_text(expected)

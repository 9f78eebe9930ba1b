"""The eligibility wizard in a real browser: Pyodide in a worker running our
rules, on the built site served locally (`make site` first).

Each language reuses one browser context (an engine start costs seconds);
every wait is on DOM state, never on time."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from scripts.content import LANGUAGES
from tests.wizard_form import answer, wait_engine

pytestmark = pytest.mark.browser

CYRILLIC = re.compile(r"[\u0400-\u04FF]")

# Three people, as a visitor would answer. `services`: rows of order
# ҚР ДСМ-121/2020 Annex 2 that must be listed with their frequency.
FLOWS = {
    "temporary foreign worker with measles": {
        "answers": {"status": "temporary", "purpose": "work", "country": "UZ", "age": "30",
                    "dms": "no", "vms": "yes", "care": "planned", "condition": "measles"},
        "packages": ["list121", "vms_minimum"],
        "services": [1],
    },
    "asylum-seeker child with chickenpox": {
        "answers": {"status": "asylum", "country": "AF", "age": "6", "dms": "no",
                    "care": "planned", "condition": "chickenpox"},
        "packages": ["list121"],
        "services": [2],
    },
    "uninsured citizen": {
        "answers": {"status": "citizen", "age": "38", "osms": "not_insured", "work": "not_working",
                    "months": "8", "benefit": "no", "category_de": "no", "care": "planned",
                    "condition": "other"},
        "packages": ["gobmp_core"],
        "services": [],
    },
}


def wizard_url(base_url: str, lang: str, fragment: str = "") -> str:
    prefix = "" if lang == "ru" else f"{lang}/"
    return f"{base_url}{prefix}wizard/" + (f"#{fragment}" if fragment else "")


def open_wizard(tab, lang: str, fragment: str = "", page=None):
    page = page or tab.page
    page.goto(wizard_url(tab.base_url, lang, fragment))
    wait_engine(page)
    return page


def submit(page) -> None:
    page.locator("#wz-form button[type=submit]").click()
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")


def package_names(page) -> list[str]:
    return page.locator("#wz-result .wz-packages .wz-package [data-field=name]").all_inner_texts()


def assert_result(page, flow: dict, lang: str, content: dict) -> None:
    packages = content["packages"]["packages"]
    shown = package_names(page)
    for package_id in flow["packages"]:
        assert packages[package_id]["name"][lang] in shown, (package_id, shown)
    rows = {row["number"]: row for row in content["services"]["rows"]}
    for number in flow["services"]:
        row = rows[number]
        line = page.locator("#wz-result .wz-services tbody tr").filter(
            has=page.locator("td[data-field=row]", has_text=re.compile(rf"^{number}$")))
        expect(line).to_have_count(1)
        expect(line.locator("[data-field=name]")).to_have_text(row["name"][lang])
        expect(line.locator(".wz-frequency")).to_have_text(row["frequency"]["text"][lang])
        citation = line.locator(".wz-citation a").first
        assert citation_path(citation.get_attribute("href"), lang) == "services/#dsm121_2020-annex2"
    # Every package carries at least one citation into a page of this language.
    for link in page.locator("#wz-result .wz-packages .wz-citation a").all():
        assert citation_path(link.get_attribute("href"), lang), link.get_attribute("href")
    assert page.locator("#wz-result .wz-packages .wz-citation a").count() >= len(flow["packages"])
    expect(page.locator("#wz-result .wz-as-of time")).not_to_be_empty()
    expect(page.locator("#wz-result .wz-disclaimer")).to_contain_text("1414")


def citation_path(href: str, lang: str) -> str:
    """`/en/services/#anchor` -> `services/#anchor` when in the expected language."""
    parts = urlsplit(href)
    path = parts.path.lstrip("/")
    prefix = "" if lang == "ru" else f"{lang}/"
    if not path.startswith(prefix) or (lang == "ru" and path.split("/")[0] in LANGUAGES):
        return ""
    return f"{path[len(prefix):]}#{parts.fragment}"


def assert_clean(tab) -> None:
    assert tab.console_errors == []
    assert tab.foreign_requests == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_three_flows_end_to_end(wizard_tabs, content, lang):
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang)
    for name, flow in FLOWS.items():
        page.locator("#wz-restart").click()
        expect(page.locator("#wz-result")).to_be_hidden()
        answer(page, flow["answers"])
        submit(page)
        assert_result(page, flow, lang, content)
        # "Check your answers" lists every answer given.
        expect(page.locator("#wz-result .wz-answers .wz-answer")).to_have_count(len(flow["answers"]))
    assert_clean(tab)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_changing_an_answer_updates_the_result(wizard_tabs, content, lang):
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang)
    flow = FLOWS["uninsured citizen"]
    page.locator("#wz-restart").click()
    answer(page, flow["answers"])
    submit(page)
    names = content["packages"]["packages"]
    expect(page.locator("#wz-result .wz-packages")).to_contain_text(names["gobmp_core"]["name"][lang])
    # Insured after all: the questions about contributions go away, the result follows.
    page.locator('#q-osms input[value="insured"]').check()
    expect(page.locator("#q-months")).to_be_hidden()
    expect(page.locator("#wz-result .wz-packages")).to_contain_text(names["equal"]["name"][lang])
    expect(page.locator("#wz-result .wz-packages")).not_to_contain_text(names["gobmp_core"]["name"][lang])
    assert "osms=insured" in page.url and "months=" not in page.url
    assert_clean(tab)


def test_shared_link_restores_answers_and_result(wizard_tabs, content):
    lang = "kk"
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang)
    flow = FLOWS["asylum-seeker child with chickenpox"]
    page.locator("#wz-restart").click()
    answer(page, flow["answers"])
    submit(page)
    link = page.url
    assert "status=asylum" in link and "age=6" in link
    # The language switcher keeps the answers.
    switcher = page.locator('a[hreflang="en"]').first.get_attribute("href")
    assert urlsplit(switcher).fragment == urlsplit(link).fragment

    other = tab.new_page()
    other.goto(link)
    expect(other.locator("#wizard")).to_have_attribute("data-state", "result", timeout=90_000)
    expect(other.locator('#q-status input[value="asylum"]')).to_be_checked()
    expect(other.locator("#wz-age")).to_have_value("6")
    assert package_names(other) == package_names(page)
    assert_result(other, flow, lang, content)
    other.close()
    assert_clean(tab)


def test_a_child_is_asked_no_adult_question_and_an_adult_is(wizard_tabs, content):
    """`age.band` in ask_when, evaluated by the page: a child's OSMS
    contributions are paid by the state, so work, benefits and category D/E
    are asked of adults only; an unknown DMS contract is a valid answer."""
    lang = "ru"
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang)
    page.locator("#wz-restart").click()
    answer(page, {"status": "citizen", "age": "10", "osms": "not_insured"})
    for question_id in ("work", "months", "selfpay_years", "benefit", "category_de"):
        expect(page.locator(f'.wz-question[data-question="{question_id}"]')).to_be_hidden()
    answer(page, {"age": "30"})
    for question_id in ("work", "benefit", "category_de"):
        expect(page.locator(f'.wz-question[data-question="{question_id}"]')).to_be_visible()
    answer(page, {"age": "10", "care": "planned"})
    submit(page)
    assert content["packages"]["packages"]["equal"]["name"][lang] in package_names(page)
    # "I don't know" the work situation, months left empty: a conditional answer.
    answer(page, {"age": "40", "work": "unknown", "benefit": "no", "category_de": "no"})
    expect(page.locator('.wz-question[data-question="months"] input')).to_have_value("")
    submit(page)
    notes = content["rules/notes"]["notes"]
    expect(page.locator("#wz-result")).to_contain_text(notes["work_unknown"]["text"][lang][:40])
    assert_clean(tab)


def test_print_sheet_has_both_languages_and_a_qr_code(wizard_tabs, content):
    lang = "en"
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang)
    flow = FLOWS["asylum-seeker child with chickenpox"]
    page.locator("#wz-restart").click()
    answer(page, flow["answers"])
    submit(page)
    page.locator("#wz-result .wz-summary .wz-print-button").click()
    expect(page.locator("html")).to_have_attribute("data-printed", "yes")
    sheet = page.locator("#wz-print")
    expect(sheet).to_be_visible()
    expect(sheet.locator(".wz-print-qr svg")).to_have_count(1)
    own, other = sheet.locator(".wz-print-own"), sheet.locator(".wz-print-other")
    expect(own).to_have_attribute("lang", "en")
    expect(other).to_have_attribute("lang", "ru")
    names = content["packages"]["packages"]["list121"]["name"]
    expect(own.locator(".wz-packages")).to_contain_text(names["en"])
    expect(other.locator(".wz-packages")).to_contain_text(names["ru"])
    assert other.locator(".wz-citation a").count() > 0
    assert citation_path(other.locator(".wz-citation a").first.get_attribute("href"), "ru")
    page.emulate_media(media="print")
    try:
        expect(page.locator("#wz-form")).to_be_hidden()
        expect(sheet.locator(".wz-print-qr svg")).to_be_visible()
    finally:
        page.emulate_media(media="screen")
    assert_clean(tab)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_bad_value_in_the_link_shows_a_localized_error(wizard_tabs, lang):
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang, "status=asylum&country=AF&age=abc&dms=no&care=planned")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "errors")
    summary = page.locator("#wz-error-summary")
    expect(summary).to_be_visible()
    link = summary.locator('a[href="#q-age"]')
    expect(link).to_have_count(1)
    message = page.locator("#q-age .wz-field-error")
    expect(message).to_be_visible()
    text = message.inner_text()
    assert text and bool(CYRILLIC.search(text)) == (lang != "en"), text
    # Following the summary link moves focus without losing the answers.
    link.click()
    expect(page.locator("#wz-age")).to_be_focused()
    assert "status=asylum" in page.url
    assert_clean(tab)


@pytest.mark.parametrize("lang", ["ky", "en"])
def test_unknown_keys_in_the_link_are_dropped_with_a_localized_notice(wizard_tabs, content, lang):
    tab = wizard_tabs(lang)
    page = open_wizard(tab, lang, "status=asylum&colour=blue&__proto__=x")
    notice = page.locator("#wz-link-ignored")
    expect(notice).to_be_visible()
    expected = content["site/ui-fragments/wizard"]["wizard"]["errors"]["link_ignored"][lang]
    expect(notice).to_have_text(expected)
    # The known answer is kept; the rest never reaches the form.
    expect(page.locator('.wz-question[data-question="status"] input[value="asylum"]')).to_be_checked()
    page.locator("#wz-restart").click()
    expect(notice).to_be_hidden()
    assert_clean(tab)

"""WCAG 2.2 AA: axe-core finds nothing on any page in any language nor in any
wizard state (questions, errors, result, print); the wizard works with the
keyboard alone; errors are summarised first and lead to their fields; the
focus is visible; every page and the bilingual print sheet say their
language."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from scripts.content import LANGUAGES
from tests.trust.conftest import FLOWS, RecordedContext, open_wizard, page_language, wizard_path
from tests.wizard_form import wait_engine

pytestmark = pytest.mark.browser

AXE = "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(
  (r) => r.violations.map((v) => ({id: v.id, nodes: v.nodes.slice(0, 5).map(
    (n) => n.target.join(" ") + " | " + n.failureSummary.split("\\n").slice(0, 2).join(" "))})))"""


@pytest.fixture(scope="module")
def axe_context(browser, served_site):
    # bypass_csp=True only here: axe-core is injected as an inline <script>,
    # which the site's own policy (rightly) refuses. Every other trust test
    # runs with the policy enforced.
    context = RecordedContext(browser, served_site, bypass_csp=True)
    yield context
    context.close()


def axe(page, root) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(root / AXE))
    # A submitted result scrolls into view and the theme's header crossfades
    # from the site's name to the page's: colours read mid-fade are neither.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    return page.evaluate(RUN_AXE, TAGS)


def test_axe_finds_nothing_on_any_page(axe_context, site_pages, root):
    page = axe_context.new_page()
    found = {}
    for path in site_pages:
        page.goto(axe_context.base_url + path, wait_until="load")
        violations = axe(page, root)
        if violations:
            found[path] = violations
    page.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_in_any_wizard_state(axe_context, root, lang):
    wizard = open_wizard(axe_context, lang)
    page = wizard.page
    found = {"questions": axe(page, root)}
    wizard.follow_fragment("status=asylum&country=AF&age=abc&dms=no&care=planned")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "errors")
    found["errors"] = axe(page, root)
    for name, answers in FLOWS.items():
        wizard.restart()
        wizard.answer(answers)
        wizard.submit()
        page.locator("#wz-result details.wz-why summary").first.click()
        found[name] = axe(page, root)
    wizard.open_print_sheet()
    page.emulate_media(media="print")
    try:
        expect(page.locator("#wz-form")).to_be_hidden()
        found["print"] = axe(page, root)
    finally:
        page.emulate_media(media="screen")
    page.close()
    found = {state: v for state, v in found.items() if v}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_every_page_says_its_language(built_site, site_pages):
    for path in site_pages:
        file = built_site / (path + "index.html" if path.endswith("/") or path == "" else path)
        html = file.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([a-z]+)"', html).group(1)
        # The i18n plugin writes one 404.html, in whichever language it built
        # last: it must still name a language of the site.
        assert lang == page_language(path) or (path == "404.html" and lang in LANGUAGES), path


def test_the_print_sheet_columns_say_their_language(wizards):
    wizard = wizards("kk")
    wizard.restart()
    wizard.answer(FLOWS["asylum-seeker child"])
    wizard.submit()
    wizard.open_print_sheet()
    sheet = wizard.page.locator("#wz-print")
    expect(sheet.locator(".wz-print-own")).to_have_attribute("lang", "kk")
    expect(sheet.locator(".wz-print-other")).to_have_attribute("lang", "ru")
    # Every text of the sheet sits inside an element that names its language.
    unlabelled = sheet.evaluate("""(sheet) => Array.from(sheet.querySelectorAll('*'))
        .filter((el) => el.children.length === 0 && el.textContent.trim() && !el.closest('[lang]'))
        .map((el) => el.outerHTML)""")
    assert unlabelled == []


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Presses Tab until the focus is on `selector` (a keyboard user's way)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_whole_flow_with_the_keyboard_alone(browser, served_site):
    context = RecordedContext(browser, served_site)
    page = context.new_page()
    page.goto(context.base_url + wizard_path("en"))
    wait_engine(page)
    # Citizen (first option), age 38, insured (first option), emergency care.
    tab_to(page, "#q-status input")
    page.keyboard.press("Space")
    expect(page.locator('#q-status input[value="citizen"]')).to_be_checked()
    tab_to(page, "#wz-age")
    page.keyboard.type("38")
    tab_to(page, "#q-osms input")
    page.keyboard.press("Space")
    # Arrow keys move within a radio group and choose.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(page.locator('#q-osms input[value="insured"]')).to_be_checked()
    tab_to(page, "#q-care input")
    page.keyboard.press("Space")
    tab_to(page, "#wz-form button[type=submit]")
    # The focus ring is drawn (an outline of some width) on the button.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).outlineWidth")
    assert outline.split()[0] != "none" and outline.split()[1] != "0px", outline
    page.keyboard.press("Enter")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    expect(page.locator("#wz-result .wz-package").first).to_be_visible()
    assert context.errors == [] and context.foreign == []
    context.close()


def test_errors_are_summarised_first_and_lead_to_their_fields(wizards):
    wizard = wizards("ru")
    page = wizard.page
    shown = wizard.follow_fragment("status=temporary&purpose=work&country=UZ&age=abc&dms=no&vms=yes&care=planned")
    assert shown["state"] == "errors" and shown["links"], shown
    # The summary comes before the form, takes the focus, and each of its
    # links names a question that exists and is marked invalid.
    assert page.evaluate("""() => {
        const s = document.getElementById('wz-error-summary'), f = document.getElementById('wz-form');
        return Boolean(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    expect(page.locator("#wz-error-summary")).to_be_focused()
    for href in shown["links"]:
        field = page.locator(href)
        expect(field).to_have_class(re.compile("wz-question--invalid"))
        expect(field.locator("[aria-invalid=true]").first).to_be_attached()
    page.locator("#wz-error-summary a").first.click()
    expect(page.locator(f"{shown['links'][0]} input, {shown['links'][0]} select").first).to_be_focused()

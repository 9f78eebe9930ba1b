"""The site on a cheap phone's screen (360 × 740), in every language: tables
are read without scrolling sideways, on the regulation pages and in a
wizard result.

`make site` first; one browser context per language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scripts.content import LANGUAGES

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# Pages that hold tables (services: the "How often" column; abroad: deadlines).
TABLE_PAGES = ("services", "abroad")

# Situations whose result lists services and diseases (tables), as links.
RESULTS = {
    "temporary worker": "status=temporary&purpose=work&country=UZ&age=30&dms=no&vms=yes"
                        "&care=planned&condition=measles",
    "asylum-seeker child": "status=asylum&country=AF&age=6&dms=no&care=planned&condition=chickenpox",
    "uninsured citizen": "status=citizen&age=38&osms=not_insured&work=not_working&months=8"
                         "&benefit=no&category_de=no&care=planned&condition=other",
}

# Every cell of a visible table that reaches past the viewport's right edge.
CLIPPED_CELLS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = [];
  for (const table of document.querySelectorAll("article table")) {
    if (!table.getClientRects().length) continue;
    for (const cell of table.querySelectorAll("th, td")) {
      const box = cell.getBoundingClientRect();
      if (box.width && box.right > width + 0.5) clipped.push(cell.textContent.trim().slice(0, 40));
    }
  }
  return clipped;
}"""


@pytest.fixture(scope="module")
def phone(browser, built_site, served_site):
    contexts = {}

    def page_for(lang: str):
        if lang not in contexts:
            contexts[lang] = browser.new_context(viewport=PHONE)
        page = contexts[lang].pages[0] if contexts[lang].pages else contexts[lang].new_page()
        page.set_default_timeout(60_000)
        return page

    yield page_for
    for context in contexts.values():
        context.close()


def url(base: str, lang: str, page: str) -> str:
    return f"{base}{'' if lang == 'ru' else lang + '/'}{page}/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_table_cell_is_clipped_on_a_phone(phone, served_site, lang):
    page = phone(lang)
    for page_id in TABLE_PAGES:
        page.goto(url(served_site, lang, page_id))
        assert page.locator("article table").count(), page_id
        assert page.evaluate(CLIPPED_CELLS) == [], page_id
    for name, fragment in RESULTS.items():
        page.goto(url(served_site, lang, "wizard") + "#" + fragment)
        expect(page.locator("#wizard")).to_have_attribute("data-state", "result", timeout=90_000)
        # The details fold under the summary: open every one, as a reader would.
        page.evaluate("() => document.querySelectorAll('#wz-result details').forEach(d => { d.open = true; })")
        if name != "uninsured citizen":  # its result lists no service row
            expect(page.locator("#wz-result .wz-services td.wz-frequency").first).to_be_visible()
        assert page.evaluate(CLIPPED_CELLS) == [], name


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_legal_source_box_starts_folded_on_a_phone(phone, browser, served_site, lang):
    page = phone(lang)
    page.goto(url(served_site, lang, "services"))
    box = page.locator(".legal-source details").first
    expect(box).to_have_js_property("open", False)
    # On a desktop screen the regulation pages keep it open.
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        desktop.goto(url(served_site, lang, "services"))
        expect(desktop.locator(".legal-source details").first).to_have_js_property("open", True)
    finally:
        desktop.close()


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_a_missing_page_gets_the_404_of_its_language(phone, served_site, lang):
    page = phone(lang)
    response = page.goto(f"{served_site}{lang}/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    home = page.locator("article a.md-button")
    assert home.get_attribute("href") == f"/{lang}/"

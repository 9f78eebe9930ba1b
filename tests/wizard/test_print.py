"""The printed result: the clinic sheet (print button) of an asylum-seeker
child with chickenpox, on at most two A4 pages, with both languages and a QR code; a
plain browser print (no button) shows the on-screen result, not a blank page.
Every wait is on DOM state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES
from tests.wizard_form import wait_engine

pytestmark = pytest.mark.browser

ASYLUM_CHILD = "status=asylum&country=AF&age=6&dms=no&care=planned&condition=chickenpox"
SVG_NS = "http://www.w3.org/2000/svg"


def pdf_pages(pdf: bytes) -> int:
    """Page objects of a PDF (`/Type /Page`, not the `/Type /Pages` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def open_result(tab, lang: str):
    """A fresh page, so no earlier print sheet is left in the document."""
    page = tab.new_page()
    prefix = "" if lang == "ru" else f"{lang}/"
    page.goto(f"{tab.base_url}{prefix}wizard/#{ASYLUM_CHILD}")
    wait_engine(page)
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    return page


def test_pdf_page_counter_counts_pages_not_the_page_tree():
    two = b"1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >> 2 0 obj << /Type /Page >> 3 0 obj <</Type/Page>>"
    assert pdf_pages(two) == 2


def test_clinic_sheet_of_an_asylum_seeker_child_has_both_languages_and_a_qr_code(wizard_tabs, content):
    tab = wizard_tabs("en")
    page = open_result(tab, "en")
    try:
        page.locator("#wz-result .wz-summary .wz-print-button").click()
        expect(page.locator("html")).to_have_attribute("data-printed", "yes", timeout=60_000)
        sheet = page.locator("#wz-print")
        own, other = sheet.locator(".wz-print-own"), sheet.locator(".wz-print-other")
        expect(own).to_have_attribute("lang", "en")
        expect(other).to_have_attribute("lang", "ru")
        names = content["packages"]["packages"]["list121"]["name"]
        expect(own.locator(".wz-packages")).to_contain_text(names["en"])
        expect(other.locator(".wz-packages")).to_contain_text(names["ru"])
        # A drawable QR code: an <svg> in the SVG namespace, and the link as text.
        qr = sheet.locator(".wz-print-qr svg")
        expect(qr).to_have_count(1)
        assert qr.evaluate("svg => svg.namespaceURI") == SVG_NS
        expect(sheet.locator("[data-print-link]")).to_contain_text("status=asylum")
        # The result now also says what would give more (refugee status) and
        # what happens in an emergency: two A4 pages at most, and
        # test_summary_first checks that nothing on them overlaps.
        pdf = page.pdf(format="A4")
        assert 1 <= pdf_pages(pdf) <= 2
        # Type stays legible: nothing on the sheet below 8 pt (8 pt = 10.67 CSS px).
        page.emulate_media(media="print")
        smallest = sheet.evaluate("""sheet => Math.min(...[...sheet.querySelectorAll('*')]
            .filter(e => e.getClientRects().length && e.textContent.trim())
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest >= 10.6, smallest
    finally:
        page.close()
    assert tab.console_errors == [] and tab.foreign_requests == []


def test_plain_browser_print_shows_the_result_not_the_form(wizard_tabs, content):
    tab = wizard_tabs("en")
    page = open_result(tab, "en")
    try:
        page.emulate_media(media="print")
        expect(page.locator("#wz-print")).to_be_hidden()
        expect(page.locator("#wz-form")).to_be_hidden()
        packages = page.locator("#wz-result .wz-packages")
        expect(packages).to_be_visible()
        expect(packages).to_contain_text(content["packages"]["packages"]["list121"]["name"]["en"])
        expect(page.locator("#wz-result .wz-services tbody tr").first).to_be_visible()
        # The legal-source box is closed on screen on this page, open on paper.
        expect(page.locator(".legal-source li").first).to_be_visible()
    finally:
        page.close()
    assert tab.console_errors == [] and tab.foreign_requests == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE])
def test_the_clinic_sheet_holds_the_page_language_beside_russian(wizard_tabs, content, lang):
    """Clinics read Russian or Kazakh: every sheet of a translated page carries
    Russian beside the reader's language (Kazakh beside the Russian page)."""
    tab = wizard_tabs(lang)
    page = open_result(tab, lang)
    try:
        page.locator("#wz-result .wz-summary .wz-print-button").click()
        expect(page.locator("html")).to_have_attribute("data-printed", "yes", timeout=60_000)
        sheet = page.locator("#wz-print")
        names = content["packages"]["packages"]["list121"]["name"]
        expect(sheet.locator(".wz-print-own")).to_have_attribute("lang", lang)
        expect(sheet.locator(".wz-print-other")).to_have_attribute("lang", DEFAULT_LANGUAGE)
        expect(sheet.locator(".wz-print-own .wz-packages")).to_contain_text(names[lang])
        expect(sheet.locator(".wz-print-other .wz-packages")).to_contain_text(names[DEFAULT_LANGUAGE])
    finally:
        page.close()
    assert tab.console_errors == [] and tab.foreign_requests == []

"""The answer first, on a cheap phone (360×740): after a submit the result's
heading is in view and holds the focus, and its summary follows it; the page
shows plain text. The clinic sheet of the longest result we can reach runs to
two A4 pages and nothing on it overlaps. Every wait is on DOM state."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from scripts.content import LANGUAGES
from tests.wizard_form import answer

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# Three situations: covered by the list of 23 diseases, paid (with the list
# and a treaty's emergency care free besides), insured like a citizen.
SITUATIONS = [
    {"status": "asylum", "country": "AF", "age": "6", "dms": "no", "care": "planned", "condition": "chickenpox"},
    {"status": "temporary", "purpose": "family", "country": "TJ", "age": "35", "dms": "no", "care": "planned",
     "condition": "unsure"},
    {"status": "citizen", "age": "40", "osms": "insured", "care": "planned", "condition": "other"},
]
# The longest result the questions reach (most packages, steps, notes and
# all 23 diseases with every service row).
LONGEST = ("status=temporary&purpose=work&country=KG&eaeu_fsms=no&age=6&dms=no&vms=yes"
           "&care=emergency&condition=unsure")
# Sheets that once printed the disclaimer over the sources at the top of a
# page (a grid section split across the break grew without moving the next).
SPLIT_AT_A_BREAK = [
    ("ky", "status=temporary&purpose=work&country=RU&eaeu_fsms=yes&age=30&dms=no&vms=yes&care=planned"
           "&condition=other"),
    ("ru", LONGEST),
]


def wizard_url(base_url: str, lang: str, fragment: str = "") -> str:
    prefix = "" if lang == "ru" else f"{lang}/"
    return f"{base_url}{prefix}wizard/" + (f"#{fragment}" if fragment else "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_is_first_on_a_phone(wizard_tabs, lang):
    tab = wizard_tabs(lang)
    page = tab.new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto(wizard_url(tab.base_url, lang))
        expect(page.locator("#wz-status.wz-status--ready")).to_be_visible(timeout=90_000)
        for answers in SITUATIONS:
            page.locator("#wz-restart").click()
            expect(page.locator("#wz-result")).to_be_hidden()
            answer(page, answers)
            page.locator("#wz-form button[type=submit]").click()
            expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
            heading = page.locator("#wz-result .wz-result-title")
            expect(heading).to_be_focused()
            page.wait_for_function("""() => {
                const box = document.querySelector('#wz-result .wz-result-title').getBoundingClientRect();
                return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
            }""")
            # The answer comes right after the heading, and the print button is in the summary.
            expect(page.locator("#wz-result .wz-sum-answer .wz-package").first).to_be_visible()
            expect(page.locator("#wz-result .wz-summary .wz-print-button")).to_be_visible()
            # Details fold: the services table is not open on the first screen.
            for details in page.locator("#wz-result .wz-result-body > details").all():
                assert details.get_attribute("open") is None
            text = page.locator("body").inner_text()
            assert "**" not in text and "<https://" not in text
        if lang in ("ru", "ky"):
            # A look at it: the summary of the last situation at 360 px.
            page.screenshot(path=f"/tmp/summary-{lang}.png")
    finally:
        page.close()
    assert tab.console_errors == [] and tab.foreign_requests == []


def text_boxes(sheet) -> list[dict]:
    """Every line box of text on the sheet (a Range per text node), in page coordinates."""
    return sheet.evaluate("""sheet => {
        const boxes = [];
        const walker = document.createTreeWalker(sheet, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
                if (r.width < 1 || r.height < 1) continue;
                boxes.push({text: node.textContent.trim().slice(0, 40), x: r.left + scrollX, y: r.top + scrollY,
                            w: r.width, h: r.height});
            }
        }
        return boxes;
    }""")


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 1 and dy > 1:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("lang", ["en", "ky"])
def test_two_page_clinic_sheet_has_no_overlap(wizard_tabs, lang):
    from tests.wizard.test_print import pdf_pages

    tab = wizard_tabs(lang)
    page = tab.new_page()
    try:
        page.goto(wizard_url(tab.base_url, lang, LONGEST))
        expect(page.locator("#wizard")).to_have_attribute("data-state", "result", timeout=90_000)
        page.locator("#wz-result .wz-summary .wz-print-button").click()
        expect(page.locator("html")).to_have_attribute("data-printed", "yes", timeout=60_000)
        sheet = page.locator("#wz-print")
        # Who the sheet is for, in both of its languages.
        for column in (".wz-print-own", ".wz-print-other"):
            expect(sheet.locator(f"{column} .wz-sum-person li")).to_have_count(5)
        pdf = page.pdf(format="A4")
        assert pdf_pages(pdf) >= 2
        # The A4 sheet's width (210 mm less 8 mm margins each side), in print media.
        page.set_viewport_size({"width": 733, "height": 1000})
        page.emulate_media(media="print")
        boxes = text_boxes(sheet)
        assert len(boxes) > 100
        assert overlaps(boxes) == []
    finally:
        page.close()
    assert tab.console_errors == [] and tab.foreign_requests == []


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pdf_word_overlaps(pdf: bytes, tmp_path) -> list[tuple]:
    """Words of the PDF (pdftotext -bbox) that overlap another word on their page
    by more than half a line: a glyph box of a fallback font may reach a
    little into the next line, text printed over text covers most of it."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(out.split("<page ")[1:], 1):
        words = [(*map(float, m.groups()[:4]), html.unescape(m.group(5))) for m in WORD.finditer(page)]
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                dx = min(a[2], b[2]) - max(a[0], b[0])
                dy = min(a[3], b[3]) - max(a[1], b[1])
                if dx > 0.5 and dy > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                    found.append((number, a[4], b[4]))
    return found


@pytest.mark.parametrize("lang,fragment", SPLIT_AT_A_BREAK)
def test_no_words_overlap_on_the_printed_pdf(wizard_tabs, tmp_path, lang, fragment):
    # `make test` installs poppler-utils (scripts/ensure-system-packages.sh --with-browser).
    assert shutil.which("pdftotext"), "pdftotext missing: run scripts/ensure-system-packages.sh --with-browser"
    from tests.wizard.test_print import pdf_pages

    tab = wizard_tabs(lang)
    page = tab.new_page()
    try:
        page.goto(wizard_url(tab.base_url, lang, fragment))
        expect(page.locator("#wizard")).to_have_attribute("data-state", "result", timeout=90_000)
        page.locator("#wz-result .wz-summary .wz-print-button").click()
        expect(page.locator("html")).to_have_attribute("data-printed", "yes", timeout=60_000)
        pdf = page.pdf(format="A4")
        assert pdf_pages(pdf) >= 2
        assert pdf_word_overlaps(pdf, tmp_path) == []
    finally:
        page.close()
    assert tab.console_errors == [] and tab.foreign_requests == []

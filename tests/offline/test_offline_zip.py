"""The offline copy (scripts/build_offline.py): unzipped to a folder and opened
from file:// in Chromium, with every non-file: request aborted and recorded.
In each language one wizard flow runs on the real Pyodide engine; on one page
the language switch and the search (results only in that language) work; no
request ever leaves the file system."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.offline.conftest import LANGUAGES, complete_flow
from tests.wizard_form import wait_engine

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ZIP = ROOT / "build" / "offline.zip"
FOLDER = "migrant-health-kz"


@pytest.fixture(scope="module")
def offline_copy(built_site, tmp_path_factory) -> Path:
    """build/offline.zip (`make site` writes it) unpacked into a fresh folder."""
    if not ZIP.is_file():
        subprocess.run([sys.executable, "-m", "scripts.build_offline"], cwd=ROOT, check=True,
                       capture_output=True, text=True)
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(target)
    return target / FOLDER


@pytest.fixture(scope="module")
def file_tab(browser):
    context = browser.new_context()
    network: list[str] = []
    errors: list[str] = []

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            network.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page, network, errors
    context.close()


def url(copy: Path, lang: str, page: str) -> str:
    return (copy / ("" if lang == "ru" else lang) / f"{page}.html").as_uri()


def test_the_zip_holds_one_folder_with_pages_search_and_engine():
    with zipfile.ZipFile(ZIP) as archive:
        names = set(archive.namelist())
    assert all(name.startswith(FOLDER + "/") for name in names)
    for lang in LANGUAGES:
        prefix = f"{FOLDER}/" + ("" if lang == "ru" else f"{lang}/")
        assert {prefix + "index.html", prefix + "wizard.html", prefix + "diseases.html"} <= names
    assert f"{FOLDER}/search/search_index.js" in names
    assert f"{FOLDER}/engine/files/pyodide.asm.wasm.js" in names
    # Read from disk, the compiled standard library costs nothing and starts
    # faster (engine.js, chooseStandardLibrary): it is the only one carried.
    stdlibs = sorted(n for n in names if "/engine/files/python_stdlib" in n and "printing" not in n)
    assert stdlibs == [f"{FOLDER}/engine/files/python_stdlib_compiled.zip.js"]
    assert not [name for name in names if name.endswith(".map") or "/download/" in name]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wizard_answers_from_file_in_each_language(offline_copy, file_tab, content, lang):
    page, network, errors = file_tab
    page.goto(url(offline_copy, lang, "wizard"))
    wait_engine(page)
    complete_flow(page, lang, content)
    # The citation leads to a page file of this copy, in the same language.
    href = page.locator("#wz-result .wz-package .wz-citation a").first.get_attribute("href")
    assert href.startswith(url(offline_copy, lang, "x")[:-len("x.html")]) and ".html#" in href
    assert network == [] and errors == []


def test_language_switch_and_search_in_the_reader_language(offline_copy, file_tab):
    page, network, errors = file_tab
    page.goto(url(offline_copy, "en", "diseases"))
    # The download link is the site's, not the copy's.
    assert page.locator(".offline-download").count() == 0
    page.locator('a.md-select__link[hreflang="ky"]').dispatch_event("click")
    page.wait_for_url(url(offline_copy, "ky", "diseases"))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    page.goto(url(offline_copy, "en", "diseases"))
    page.locator("input.md-search__input").click()
    # Material searches on key events. "ДСМ" is in the order numbers cited on
    # pages of every language: only the English ones may come back.
    page.keyboard.type("ДСМ")
    page.wait_for_selector(".md-search-result__item a", state="attached")
    hrefs = [urljoin(page.url, href) for href in page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map((link) => link.getAttribute('href'))")]
    english = (offline_copy / "en").as_uri() + "/"
    assert hrefs and all(href.startswith(english) for href in hrefs), hrefs
    assert network == [] and errors == []

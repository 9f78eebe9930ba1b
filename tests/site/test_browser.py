"""The site in Chromium: search stays in the reader's language, a page view
makes no failing or foreign request, abbreviations open from the keyboard.
No timing is asserted: waits are for states, with generous limits."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES

pytestmark = pytest.mark.browser

WAIT_MS = 120_000  # a slow 2-core machine: generous, never asserted on


@pytest.fixture()
def tab(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.failed = []  # type: ignore[attr-defined]
    page.foreign = []  # type: ignore[attr-defined]
    local = urlsplit(served_site).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc != local:
            page.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page.on("response", lambda r: r.status >= 400 and page.failed.append(f"{r.status} {r.url}"))
    yield page
    context.close()


def search(page, base: str, path: str, query: str) -> list[str]:
    page.goto(urljoin(base, path))
    field = page.locator("input.md-search__input")
    field.click()
    # Material reads the field on key events. Playwright enters characters that
    # are not on its US keyboard layout (Cyrillic) as text, with no key event:
    # a key that changes nothing (End) gives the key event a reader's keyboard
    # would have given with each letter.
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item a", state="attached")
    return [urljoin(page.url, href) for href in
            page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]


# "ДСМ" is in the order numbers cited on pages of every language.
QUERY = "ДСМ"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_on_a_page_finds_only_pages_of_its_language(tab, served_site, lang):
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    results = search(tab, served_site, f"{prefix}services/", QUERY)
    assert results
    others = [other for other in LANGUAGES if other != DEFAULT_LANGUAGE and other != lang]
    for url in results:
        path = urlsplit(url).path
        assert not any(path.startswith(f"/{other}/") for other in others), results
        assert lang == DEFAULT_LANGUAGE or path.startswith(f"/{lang}/"), results


@pytest.mark.parametrize(("path", "lang"), [("", "ru"), ("en/diseases/", "en"), ("kk/documents/", "kk")])
def test_a_page_downloads_the_search_index_of_its_language_only(tab, served_site, path, lang):
    asked = []
    tab.on("request", lambda request: "search_index" in request.url and asked.append(urlsplit(request.url).path))
    tab.goto(urljoin(served_site, path), wait_until="load")
    tab.wait_for_load_state("networkidle")
    assert asked == [f"/search/search_index.{lang}.json"]
    assert tab.failed == []


@pytest.mark.parametrize("path", ["", "en/diseases/", "kk/documents/", "ky/privacy/"])
def test_a_page_view_makes_no_failing_or_foreign_request(tab, served_site, path):
    tab.goto(urljoin(served_site, path), wait_until="load")
    tab.wait_for_load_state("networkidle")
    assert tab.failed == [] and tab.foreign == []


def test_an_abbreviation_opens_from_the_keyboard(tab, served_site):
    # The home page's situation texts name GOBMP, OSMS, DMS and VMS.
    tab.goto(urljoin(served_site, "en/"))
    abbr = tab.locator(".md-content abbr[tabindex]").first
    abbr.wait_for(state="attached")
    assert abbr.get_attribute("tabindex") == "0"
    expansion = abbr.get_attribute("title")
    abbr.focus()
    tooltip = tab.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == expansion


HEAD_FILES = """() => {
  const head = [...document.head.querySelectorAll('link[rel="stylesheet"][href], script[src]')]
    .filter((el) => el.tagName === "LINK" || !(el.async || el.defer || el.type === "module"))
    .map((el) => new URL(el.href || el.src, location.href).href);
  const timing = Object.fromEntries(performance.getEntriesByType("resource").map((e) => [e.name, e]));
  return head.map((url) => [url, timing[url] ? timing[url].startTime : null, timing[url] ? timing[url].responseEnd : null]);
}"""


@pytest.mark.parametrize("path", ["", "en/wizard/"])
def test_the_head_asks_for_its_files_at_once_not_one_after_another(tab, served_site, path):
    """scripts/preload_hook.py: every stylesheet and blocking script of the
    head is asked for before the first blocking script has arrived, although
    Chromium's preload scanner stops at the Content-Security-Policy meta.
    Orders of events, no durations."""
    tab.goto(urljoin(served_site, path), wait_until="load")
    files = tab.evaluate(HEAD_FILES)
    assert len(files) >= 4 and all(start is not None for _, start, _ in files), files
    first_script_end = min(end for url, _, end in files if url.endswith(".js"))
    late = [url for url, start, _ in files if start > first_script_end]
    assert not late, f"asked for only after the first blocking script arrived: {late}"

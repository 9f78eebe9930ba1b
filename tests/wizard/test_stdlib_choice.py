"""Which standard library the engine downloads (wizard/engine/engine.js,
chooseStandardLibrary): the compiled one only on a fast connection (the
Network Information API says "4g" and a high downlink) or when it costs no
byte (a warm visit restores what its cache holds); the source one, smaller,
on a slow connection, with Save-Data, and where the API is missing. Only the
chosen one is downloaded, only it counts in the progress bar, and the status
line says the same either way.

The engine runs in a Web Worker, where a page's init script does not reach:
the tests put the connection the worker sees at the top of worker.js as the
browser receives it (`WorkerNavigator.prototype.connection`), and two tests
let Chromium report it from its own network emulation instead."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.wizard_form import ENGINE_WAIT_MS, engine_manifest, wait_engine

pytestmark = pytest.mark.browser

SOURCE, COMPILED = "python_stdlib.zip", "python_stdlib_compiled.zip"
# As a phone on a slow line, on ordinary 4G, and one that asks to save data
# (the shape of `navigator.connection`; downlink in Mbit/s).
SLOW = {"effectiveType": "4g", "downlink": 1.5, "rtt": 150, "saveData": False}
SLOW_3G = {"effectiveType": "3g", "downlink": 10, "rtt": 300, "saveData": False}
FAST = {"effectiveType": "4g", "downlink": 9, "rtt": 50, "saveData": False}
SAVE_DATA = {**FAST, "saveData": True}
MISSING = None
# Chromium's own emulation: what it then reports to the worker (downlink about
# 1.4 and 8.6 Mbit/s), as scripts/bench.py throttles.
SLOW_4G_LINE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
                "uploadThroughput": 750_000 / 8, "connectionType": "cellular4g"}
FAST_4G_LINE = {"offline": False, "latency": 170, "downloadThroughput": 9_000_000 / 8,
                "uploadThroughput": 9_000_000 / 8, "connectionType": "cellular4g"}

# The progress bar's total (its `max`) and every text of the status line.
RECORD_PAGE = """
(() => {
  const seen = (window.__wz = { totals: [], texts: [] });
  new MutationObserver(() => {
    const bar = document.getElementById("wz-progress");
    const line = document.getElementById("wz-status-text");
    if (bar && bar.max > 1 && seen.totals[seen.totals.length - 1] !== bar.max) seen.totals.push(bar.max);
    const text = line && line.textContent;
    if (text && seen.texts[seen.texts.length - 1] !== text) seen.texts.push(text);
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();
"""


def connection_override(connection: dict | None) -> str:
    if connection is None:  # as in Safari and Firefox
        return "delete WorkerNavigator.prototype.connection;\n"
    return ("Object.defineProperty(WorkerNavigator.prototype, 'connection', "
            f"{{ configurable: true, get: () => ({json.dumps(connection)}) }});\n")


@dataclass
class Visit:
    stdlibs: list[str]   # standard-library zips the browser asked for
    totals: list[float]  # the progress bar's totals
    texts: list[str]     # the status line's texts
    start: str           # "fresh" or "restored"


class Visitor:
    """One browser context (one cache), its worker seeing `connection`
    (a dict, MISSING, or "browser": what Chromium itself reports)."""

    def __init__(self, browser, served_site: str):
        self.base = served_site
        self.context = browser.new_context()
        self.context.add_init_script(RECORD_PAGE)
        self.connection: dict | None | str = "browser"
        self.requested: list[str] = []
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.context.route(re.compile(r"/engine/[0-9a-f]+/worker\.js(\?[^/]*)?$"), self._worker)

    def _worker(self, route):
        if self.connection == "browser":
            return route.continue_()
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-encoding", "content-length", "etag")}
        route.fulfill(status=response.status, headers=headers,
                      body=connection_override(self.connection) + response.text())

    def visit(self, connection, line: dict | None = None, then=None) -> Visit:
        """A visit to the English wizard until its engine is ready (and, on a
        fresh start, its memory saved); `then(page)`, if given, runs before
        the page closes."""
        self.connection = connection
        self.requested.clear()
        page = self.context.new_page()
        if line:
            cdp = self.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", line)  # reaches the page's workers
        page.goto(f"{self.base}en/wizard/")
        wizard = page.locator("#wizard")
        wait_engine(page)
        recorded = page.evaluate("window.__wz")
        found = Visit([u.rsplit("/", 1)[-1] for u in self.requested if re.search(r"/python_stdlib[^/]*\.zip$", u)],
                      recorded["totals"], recorded["texts"], wizard.get_attribute("data-engine-start"))
        if found.start == "fresh":
            expect(wizard).to_have_attribute("data-engine-saved", "yes", timeout=ENGINE_WAIT_MS)
        if then:
            then(page)
        page.close()
        return found

    def close(self):
        self.context.close()


@pytest.fixture
def visitor(browser, served_site):
    opened = Visitor(browser, served_site)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def start_sizes(built_site) -> dict[str, int]:
    """The progress bar's total with each standard library (manifest.json),
    and the English page's content file (the only one it counts)."""
    _, manifest = engine_manifest(built_site)
    assert set(manifest["stdlib"].values()) == {SOURCE, COMPILED}
    sizes = manifest["sizes"]
    contents = manifest["content"].values()
    rest = sum(size for name, size in sizes.items() if name not in (SOURCE, COMPILED, *contents))
    rest += sizes[manifest["content"]["en"]]
    return {name: rest + sizes[name] for name in (SOURCE, COMPILED)}


@pytest.mark.parametrize("connection, expected", [
    pytest.param(SLOW, SOURCE, id="slow-4g"),
    pytest.param(SLOW_3G, SOURCE, id="3g"),
    pytest.param(FAST, COMPILED, id="fast-4g"),
    pytest.param(SAVE_DATA, SOURCE, id="save-data"),
    pytest.param(MISSING, SOURCE, id="no-api"),
])
def test_the_engine_downloads_only_the_standard_library_the_connection_calls_for(
        visitor, start_sizes, connection, expected):
    first = visitor.visit(connection)
    assert first.start == "fresh"
    assert first.stdlibs == [expected]
    # Only what is downloaded is counted.
    assert first.totals and set(first.totals) == {start_sizes[expected]}, (first.totals, start_sizes)


@pytest.mark.parametrize("line, expected", [
    pytest.param(SLOW_4G_LINE, SOURCE, id="slow-4g-line"),
    pytest.param(FAST_4G_LINE, COMPILED, id="4g-line"),
])
def test_what_chromium_reports_of_an_emulated_line_picks_the_same(visitor, line, expected):
    assert visitor.visit("browser", line).stdlibs == [expected]


def test_a_warm_visit_keeps_the_standard_library_its_saved_memory_was_taken_with(visitor):
    assert visitor.visit(FAST).stdlibs == [COMPILED]
    # Now on a slow line: the saved memory holds zipimport's view of the
    # compiled zip, and restoring it costs no byte.
    later = visitor.visit(SLOW)
    assert later.start == "restored"
    assert set(later.stdlibs) <= {COMPILED}
    assert visitor.visit(SAVE_DATA).start == "restored"


def test_the_status_line_says_the_same_with_either(browser, served_site, content):
    shown = {}
    for name, connection in (("slow", SLOW), ("fast", FAST)):
        opened = Visitor(browser, served_site)
        try:
            shown[name] = opened.visit(connection).texts
        finally:
            opened.close()
    assert shown["slow"][-1] == shown["fast"][-1] == content["site/ui-fragments/wizard"]["wizard"]["status"]["ready"]["en"]
    assert not any("stdlib" in text or "compil" in text.lower() for texts in shown.values() for text in texts)

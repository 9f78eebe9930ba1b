"""The order of the engine's downloads (wizard/engine/engine.js, EARLY and
START_NEEDS): on a slow connection every download shares the line, so the
files Python's start needs come first, and our wheel and the page's content
(the English page's content file, manifest.json `content`) are asked for only once those have arrived; they then arrive while Python starts. The
status line counts the download as a share (a percentage), then says the
engine is starting, not still downloading.

One first visit (a browser context of its own: an empty cache) on a line slow
enough for the order to show (the wasm takes about a second)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.wizard_form import engine_manifest, wait_engine

pytestmark = pytest.mark.browser

# Besides the standard library, whichever of the two the engine picked
# (test_stdlib_choice.py: on this line, the compiled one).
START_NEEDS = ("pyodide.asm.wasm",)
STDLIBS = ("python_stdlib.zip", "python_stdlib_compiled.zip")
LINE = {"offline": False, "latency": 20, "downloadThroughput": 3_000_000, "uploadThroughput": 1_000_000}
# Request start times are wall-clock, their ends are measured from the start on
# another clock: allow for the two disagreeing by a little.
CLOCKS_MS = 20
# Every text the wizard's status line shows, in order; when wizard.js first
# ran (it sets #wizard's data-state) and when the engine's worker was created,
# in ms of page time, and whether the parser had then reached the wizard's
# markup.
RECORD_STATUS = """
(() => {
  const seen = (window.__statusTexts = []);
  new MutationObserver(() => {
    const line = document.getElementById("wz-status-text");
    const text = line && line.textContent;
    if (text && seen[seen.length - 1] !== text) seen.push(text);
    const wizard = document.getElementById("wizard");
    if (wizard && wizard.dataset.state && !window.__wizardRan) {
      window.__wizardRan = performance.now();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  // When the engine's worker is created (not when its script has arrived,
  // which is the worker's own time origin).
  const PageWorker = window.Worker;
  window.Worker = function (url, options) {
    if (String(url).includes("/engine/") && !window.__workerCreated) {
      window.__workerCreated = performance.now();
      window.__contentParsedThen = !!document.getElementById("wizard");
    }
    return new PageWorker(url, options);
  };
  window.Worker.prototype = PageWorker.prototype;
})();
"""


@dataclass
class FirstVisit:
    spans: dict[str, tuple[float, float]]  # engine file name -> (asked for, last byte), ms
    shown: list[str]                       # the status line's texts, in order
    site: Path                             # the built site it visited
    worker_created: float                  # ms of page time
    wizard_ran: float                      # ms of page time
    content_parsed_then: bool              # #wizard existed when the worker was created


@pytest.fixture(scope="module")
def first_visit(browser, built_site, served_site) -> FirstVisit:
    context = browser.new_context()
    context.add_init_script(RECORD_STATUS)
    try:
        finished = []
        context.on("requestfinished", lambda request: finished.append(request))  # the worker's too
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", LINE)  # applies to the page's workers
        page.goto(served_site + "en/wizard/")
        wait_engine(page)
        shown = page.evaluate("window.__statusTexts")
        worker_created, wizard_ran, content_parsed_then = page.evaluate(
            "[window.__workerCreated, window.__wizardRan, window.__contentParsedThen]")
        spans = {}
        for request in finished:
            if "/engine/" in request.url:
                timing = request.timing
                spans[request.url.rsplit("/", 1)[-1]] = (timing["startTime"],
                                                         timing["startTime"] + timing["responseEnd"])
    finally:
        context.close()
    return FirstVisit(spans, shown, built_site, worker_created, wizard_ran, content_parsed_then)


def test_the_engine_starts_from_the_head_before_the_content_is_read(first_visit):
    """engine-start.js creates the worker while the parser is still in the
    head: the wizard's markup does not exist yet, and wizard.js runs later
    (orders, no duration)."""
    assert first_visit.wizard_ran and first_visit.worker_created, first_visit
    assert first_visit.content_parsed_then is False, first_visit
    assert first_visit.worker_created < first_visit.wizard_ran, first_visit


def test_our_wheel_and_the_content_wait_for_what_pythons_start_needs(first_visit):
    spans = first_visit.spans
    own_content = engine_manifest(first_visit.site)[1]["content"]["en"]
    later = [name for name in spans if name == own_content or name.endswith(".whl")]
    assert own_content in later and any(name.endswith(".whl") for name in later), sorted(spans)
    stdlibs = [name for name in spans if name in STDLIBS]
    assert len(stdlibs) == 1, sorted(spans)  # one of the two, never both
    needs = (*START_NEEDS, *stdlibs)
    assert all(name in spans for name in needs), sorted(spans)
    needs_arrived = max(spans[name][1] for name in needs)
    assert needs_arrived - min(spans[name][0] for name in needs) > 200, spans  # the line did slow them
    for name in later:
        assert spans[name][0] >= needs_arrived - CLOCKS_MS, (name, spans)


def test_the_status_counts_in_percent_then_says_starting_once_the_start_files_are_in(first_visit, content):
    status = content["site/ui-fragments/wizard"]["wizard"]["status"]
    starting = status["starting"]["en"]
    downloading = status["downloading"]["en"].split("{")[0]
    shown = first_visit.shown
    # A share of the whole, filled in (the bytes are counted unpacked: see the texts).
    assert any(re.fullmatch(re.escape(downloading) + r"\d{1,3}\s?%", text) for text in shown), shown
    assert starting in shown, shown
    assert not any(text.startswith(downloading) for text in shown[shown.index(starting):]), shown

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
# Every text the wizard's status line shows, in order; and when wizard.js
# first ran (it sets #wizard's data-state), in ms since the epoch.
RECORD_STATUS = """
(() => {
  const seen = (window.__statusTexts = []);
  new MutationObserver(() => {
    const line = document.getElementById("wz-status-text");
    const text = line && line.textContent;
    if (text && seen[seen.length - 1] !== text) seen.push(text);
    const wizard = document.getElementById("wizard");
    if (wizard && wizard.dataset.state && !window.__wizardRan) {
      window.__wizardRan = performance.timeOrigin + performance.now();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();
"""


@dataclass
class FirstVisit:
    spans: dict[str, tuple[float, float]]  # engine file name -> (asked for, last byte), ms
    shown: list[str]                       # the status line's texts, in order
    site: Path                             # the built site it visited
    worker_started: float                  # ms since the epoch (the worker's time origin)
    wizard_ran: float                      # ms since the epoch


@pytest.fixture(scope="module")
def first_visit(browser, built_site, served_site) -> FirstVisit:
    context = browser.new_context()
    context.add_init_script(RECORD_STATUS)
    try:
        finished = []
        context.on("requestfinished", lambda request: finished.append(request))  # the worker's too
        page = context.new_page()
        workers = []
        page.on("worker", lambda worker: workers.append(worker))
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", LINE)  # applies to the page's workers
        page.goto(served_site + "en/wizard/")
        wait_engine(page)
        shown = page.evaluate("window.__statusTexts")
        (worker,) = [w for w in workers if "/engine/" in w.url]  # not the search's worker
        worker_started = worker.evaluate("performance.timeOrigin")
        wizard_ran = page.evaluate("window.__wizardRan")
        spans = {}
        for request in finished:
            if "/engine/" in request.url:
                timing = request.timing
                spans[request.url.rsplit("/", 1)[-1]] = (timing["startTime"],
                                                         timing["startTime"] + timing["responseEnd"])
    finally:
        context.close()
    return FirstVisit(spans, shown, built_site, worker_started, wizard_ran)


def test_the_engine_starts_from_the_head_before_the_form_is_built(first_visit):
    """engine-start.js starts the worker while the page's content is still
    being read; wizard.js builds the form only after that (an order, no
    duration)."""
    assert first_visit.wizard_ran, "wizard.js never set #wizard's data-state"
    assert first_visit.worker_started < first_visit.wizard_ran - CLOCKS_MS, first_visit


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

"""The order of the engine's downloads (wizard/engine/engine.js, EARLY and
START_NEEDS): on a slow connection every download shares the line, so the
files Python's start needs come first, and our wheel and the content are asked
for only once those have arrived; they then arrive while Python starts.

A first visitor's browser context of its own (an empty cache), on a line slow
enough for the order to show (the wasm takes about a second)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START_NEEDS = ("pyodide.asm.wasm", "python_stdlib.zip")
LINE = {"offline": False, "latency": 20, "downloadThroughput": 3_000_000, "uploadThroughput": 1_000_000}
# Request start times are wall-clock, their ends are measured from the start on
# another clock: allow for the two disagreeing by a little.
CLOCKS_MS = 20


def test_our_wheel_and_the_content_wait_for_what_pythons_start_needs(browser, served_site):
    context = browser.new_context()
    try:
        finished = []
        context.on("requestfinished", lambda request: finished.append(request))  # the worker's too
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", LINE)  # applies to the page's workers
        page.goto(served_site + "en/wizard/")
        expect(page.locator("#wizard")).to_have_attribute("data-engine", "ready", timeout=120_000)
        spans = {}  # file name -> (asked for, last byte), ms
        for request in finished:
            if "/engine/" in request.url:
                timing = request.timing
                spans[request.url.rsplit("/", 1)[-1]] = (timing["startTime"],
                                                         timing["startTime"] + timing["responseEnd"])
    finally:
        context.close()

    later = [name for name in spans if name == "content.json" or name.endswith(".whl")]
    assert "content.json" in later and any(name.endswith(".whl") for name in later), sorted(spans)
    assert all(name in spans for name in START_NEEDS), sorted(spans)
    needs_arrived = max(spans[name][1] for name in START_NEEDS)
    assert needs_arrived - min(spans[name][0] for name in START_NEEDS) > 200, spans  # the line did slow them
    for name in later:
        assert spans[name][0] >= needs_arrived - CLOCKS_MS, (name, spans)

"""Keep for offline use (the wizard's control below the engine status): the
button states the size on the wire before anything is fetched, keeps every
engine file in the service worker's engine cache, and then a fresh tab with
the network off gives a result. A failed keep says so and changes nothing else.

The online part is the first visit to the wizard, before the service worker
controls the page: only the control's own downloads put the engine in the
cache. "Off" is real: the test's own host is shut down, and the browser
context is set offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.wizard_form import engine_manifest, wait_engine

pytestmark = pytest.mark.browser

FRAGMENT = "#status=asylum&country=AF&age=6&dms=no&care=planned&condition=chickenpox"
KEEP_WAIT_MS = 240_000


@pytest.fixture(scope="module")
def site_with_worker(built_site):
    if not (built_site / "sw.js").is_file():
        pytest.fail("site/sw.js is missing: `make site` writes it")
    return built_site


def test_the_size_is_the_compressed_download_of_the_engine_with_one_standard_library(site_with_worker):
    _, manifest = engine_manifest(site_with_worker)
    keep = manifest["keep"]
    stdlibs = set(manifest["stdlib"].values())
    assert stdlibs <= set(keep["files"])
    assert set(manifest["on_demand"].values()) <= set(keep["files"])
    assert {"manifest.json", "pyodide.asm.wasm", "worker.js", "engine.js", "wizard.js"} <= set(keep["files"])
    # Every language's content (the visitor may open the wizard in any), not
    # the all-languages file, which only the build's tools read.
    assert set(manifest["content"].values()) <= set(keep["files"]) and "content.json" not in keep["files"]
    for stdlib in stdlibs:
        total = sum(size for name, size in keep["transfer"].items() if name == stdlib or name not in stdlibs)
        # gzip, which every host offers (brotli hosts send about 1 MB less):
        # some 4.5-5 MB with the QR library, never the 12 MB unpacked.
        assert 3_000_000 < total < 6_000_000, (stdlib, total)


def test_keep_then_a_fresh_offline_tab_gives_a_result(site_with_worker, browser):
    from scripts.serve import StaticHost

    engine, _ = engine_manifest(site_with_worker)
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(KEEP_WAIT_MS)
        with StaticHost(site_with_worker, port=0, warm=False) as host:
            base = host.url
            page.goto(base + "/en/wizard/")
            wait_engine(page)
            button = page.locator("#wz-keep-button")
            expect(button).to_be_visible()
            expect(button).to_have_text(re.compile(r"^Keep for offline use \(about [3-5]\.\d MB\)$"))
            expect(page.locator("#wizard")).to_have_attribute("data-keep", "offered")
            button.click()
            expect(page.locator("#wizard")).to_have_attribute("data-keep", "kept", timeout=KEEP_WAIT_MS)
            expect(page.locator("#wz-keep-text")).to_have_text("Kept for offline use")
            expect(button).to_be_hidden()
            # The pages themselves come from the service worker's precache.
            assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => !!r.active)")
            held = page.evaluate("""async (cache) => (await (await caches.open(cache)).keys()).map((r) => r.url)""",
                                 f"engine-{engine.name}")
            assert any(url.endswith("/pyodide.asm.wasm") for url in held)
        context.set_offline(True)

        fresh = context.new_page()
        fresh.set_default_timeout(KEEP_WAIT_MS)
        fresh.on("pageerror", lambda error: errors.append(str(error)))
        fresh.goto(base + "/en/wizard/" + FRAGMENT)
        wait_engine(fresh)
        expect(fresh.locator("#wizard")).to_have_attribute("data-state", "result", timeout=60_000)
        expect(fresh.locator("#wz-result .wz-diseases")).to_contain_text("Chickenpox")
        # A later visit with everything kept says so at once, without a button.
        expect(fresh.locator("#wizard")).to_have_attribute("data-keep", "kept")
        expect(fresh.locator("#wz-keep-button")).to_be_hidden()
        assert errors == []
    finally:
        context.close()


def test_a_failed_keep_says_so_and_the_engine_answers_on(site_with_worker, browser):
    from scripts.serve import StaticHost

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(KEEP_WAIT_MS)
        with StaticHost(site_with_worker, port=0, warm=False) as host:
            page.goto(host.url + "/en/wizard/" + FRAGMENT)
            wait_engine(page)
            expect(page.locator("#wizard")).to_have_attribute("data-state", "result", timeout=60_000)
            context.set_offline(True)
            page.locator("#wz-keep-button").click()
            expect(page.locator("#wizard")).to_have_attribute("data-keep", "failed", timeout=KEEP_WAIT_MS)
            expect(page.locator("#wz-keep-text")).to_contain_text("Could not keep it")
            expect(page.locator("#wz-keep-button")).to_be_enabled()
            wizard = page.locator("#wizard")
            expect(wizard).to_have_attribute("data-engine-state", "ready")
            # A changed answer still reaches the rules.
            page.locator("#q-condition select").select_option("measles")
            expect(page.locator("#wz-result .wz-diseases")).to_contain_text("Measles")
    finally:
        context.close()

"""The service worker (scripts/build_service_worker.mjs): after one online
visit (the home page, then the wizard until its engine is ready) every page
of every language opens with the network off, and the wizard answers.

"Off" is real here: the site is served by a host of this test's own, which is
shut down after the online visit, and the browser context is set offline.
Anything not in the service worker's caches fails to load."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scripts.bench import UNTHROTTLED
from tests.offline.conftest import LANGUAGES, complete_flow
from tests.wizard_form import engine_manifest, wait_engine

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BUILD_SW = ROOT / "scripts" / "build_service_worker.mjs"
PRECACHE_ENTRY = re.compile(r'\{url:"([^"]+)",revision:(?:"([^"]+)"|null)\}')


def build_service_worker(site: Path) -> None:
    subprocess.run(["node", str(BUILD_SW), str(site)], cwd=ROOT, check=True, capture_output=True, text=True)


def precache(site: Path) -> dict[str, str | None]:
    return {url: revision for url, revision in PRECACHE_ENTRY.findall((site / "sw.js").read_text(encoding="utf-8"))}


def fast_line(context, page) -> None:
    """Chromium then reports a fast line (effectiveType 4g, downlink 10), so
    the engine keeps what it keeps only when bytes are cheap (engine.js,
    backgroundKeeping): the QR library and the other languages' content.
    Headless Chromium reports a slow line otherwise."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", UNTHROTTLED)  # reaches the page's workers


def engine_files(site: Path, names) -> tuple[str, list[str]]:
    """The engine cache's name and the URL paths of engine files `names`."""
    engine, _ = engine_manifest(site)
    return f"engine-{engine.name}", [f"/engine/{engine.name}/{name}" for name in names]


def wait_kept(page, cache: str, paths: list[str], what: str) -> None:
    """Until the engine's cache holds every path (kept in the background
    after the engine's memory is saved)."""
    deadline = time.monotonic() + 240
    while not page.evaluate("""async ([cache, paths]) => {
        const open = await caches.open(cache);
        for (const path of paths) if (!(await open.match(new URL(path, location.href).href))) return false;
        return true;
    }""", [cache, paths]):
        assert time.monotonic() < deadline, f"{what} was never kept with the engine"
        page.wait_for_timeout(500)


def page_paths(site: Path) -> list[str]:
    """URL paths of every built page (`index.html` files), all languages."""
    return sorted("/" + p.parent.relative_to(site).as_posix().removeprefix(".") + ("/" if p.parent != site else "")
                  for p in site.rglob("index.html") if "engine" not in p.relative_to(site).parts)


@pytest.fixture(scope="module")
def site_with_worker(built_site: Path) -> Path:
    if not (built_site / "sw.js").is_file():  # `make site` writes it; a bare pytest run may not have
        build_service_worker(built_site)
    return built_site


def test_precache_lists_every_page_of_every_language_but_not_the_engine(site_with_worker):
    entries = precache(site_with_worker)
    pages = {p.relative_to(site_with_worker).as_posix() for p in site_with_worker.rglob("index.html")
             if "engine" not in p.relative_to(site_with_worker).parts}
    assert pages <= set(entries)
    for lang in LANGUAGES[1:]:
        assert f"{lang}/wizard/index.html" in entries
    # Pages ask for their language's search index (search-language.js).
    assert {f"search/search_index.{lang}.json" for lang in LANGUAGES} <= set(entries)
    assert "assets/javascripts/sw-register.js" in entries
    assert not [url for url in entries if url.startswith("engine/")]
    # Every precached file exists and nothing is fetched from another host.
    assert all((site_with_worker / url).is_file() for url in entries)
    assert "importScripts(\"sw-engine.js\")" in (site_with_worker / "sw.js").read_text(encoding="utf-8")


def test_a_changed_file_changes_its_revision_and_only_its(tmp_path):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "engine" / "0123456789abcdef").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>a</title>", encoding="utf-8")
    (site / "en" / "index.html").write_text("<!doctype html><title>b</title>", encoding="utf-8")
    build_service_worker(site)
    before = precache(site)
    (site / "index.html").write_text("<!doctype html><title>a, amended</title>", encoding="utf-8")
    # A new engine build is a new folder, hence a new engine cache name.
    shutil.move(site / "engine" / "0123456789abcdef", site / "engine" / "fedcba9876543210")
    build_service_worker(site)
    after = precache(site)
    assert set(before) == set(after) == {"index.html", "en/index.html"}
    assert before["index.html"] != after["index.html"]
    assert before["en/index.html"] == after["en/index.html"]
    sw = (site / "sw.js").read_text(encoding="utf-8")
    assert "engine-fedcba9876543210" in sw and "0123456789abcdef" not in sw
    assert '"engine-fedcba9876543210"' in (site / "sw-engine.js").read_text(encoding="utf-8")


def test_pages_and_wizard_work_offline_after_one_visit(site_with_worker, browser, content):
    from scripts.serve import StaticHost

    manifest = engine_manifest(site_with_worker)[1]
    # The wizards opened offline below need their own content files.
    others = ("kk", "en")
    cache, kept = engine_files(site_with_worker, [manifest["content"][lang] for lang in others])
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        fast_line(context, page)
        with StaticHost(site_with_worker, port=0, warm=False) as host:
            base = host.url
            page.goto(base + "/")
            # Active means installed, and installing means every precached file was stored.
            assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => !!r.active)")
            page.goto(base + "/wizard/")
            wait_engine(page)
            assert page.evaluate("() => !!navigator.serviceWorker.controller")
            wait_kept(page, cache, kept, "the other languages' content")
        context.set_offline(True)
        page.on("pageerror", lambda error: errors.append(str(error)))

        paths = page_paths(site_with_worker)
        assert len(paths) >= 4 * 11
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            assert response.from_service_worker, path
            expect(page.locator("h1").first).to_be_visible()
            # The stylesheet came along: Material's header is laid out, not bare text.
            assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") in (
                "sticky", "fixed"), path

        # Languages whose wizard was not opened online: the engine is shared.
        # English too: its worker must learn "en" from its own URL, not the
        # Russian page's worker.js?lang=ru the cache holds (the Russian file
        # has no English texts; the Kazakh one would pass either way).
        for lang in others:
            page.goto(base + f"/{lang}/wizard/")
            wait_engine(page)
            complete_flow(page, lang, content)
        assert errors == []
    finally:
        context.close()


def test_offline_after_one_visit_the_sheet_prints_with_its_qr_and_results_stay_live(site_with_worker, browser):
    """On a fast line the QR library is kept with the engine the first time
    the engine's memory is saved: printing offline has the QR code, and the
    rules keep answering."""
    from scripts.serve import StaticHost

    manifest = engine_manifest(site_with_worker)[1]
    cache, kept = engine_files(site_with_worker, manifest["on_demand"].values())
    context = browser.new_context()
    context.add_init_script("window.print = () => { document.documentElement.dataset.printed = 'yes'; };")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(240_000)
        fast_line(context, page)
        with StaticHost(site_with_worker, port=0, warm=False) as host:
            base = host.url
            page.goto(base + "/en/wizard/")
            wait_engine(page)
            wait_kept(page, cache, kept, "the QR library")
            assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => !!r.active)")
        context.set_offline(True)
        page.on("pageerror", lambda error: errors.append(str(error)))

        fresh = context.new_page()
        fresh.on("pageerror", lambda error: errors.append(str(error)))
        fresh.goto(base + "/en/wizard/#status=asylum&country=AF&age=6&dms=no&care=planned&condition=chickenpox")
        wizard = fresh.locator("#wizard")
        wait_engine(fresh)
        expect(wizard).to_have_attribute("data-state", "result", timeout=60_000)
        fresh.locator("#wz-result .wz-summary .wz-print-button").click()
        expect(fresh.locator("html")).to_have_attribute("data-printed", "yes", timeout=60_000)
        expect(fresh.locator("#wz-print .wz-print-qr svg")).to_have_count(1)
        expect(fresh.locator("#wz-print .wz-print-qr-missing")).to_be_hidden()
        # A changed answer still reaches the rules.
        fresh.locator("#q-condition select").select_option("measles")
        expect(fresh.locator("#wz-result .wz-diseases")).to_contain_text("Measles")
        expect(fresh.locator("#wz-result .wz-diseases")).not_to_contain_text("Chickenpox")
        expect(wizard).to_have_attribute("data-engine-state", "ready")
        assert errors == []
    finally:
        context.close()

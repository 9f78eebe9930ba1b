"""Fixtures of the browser wizard tests: the built site served locally and
Debian's Chromium driven by Playwright (its own browser download cannot work
here). The site must be built first (`make site`); a missing build fails."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def wizard_site_url():
    if not (SITE / "engine" / "manifest.json").is_file() or not (SITE / "wizard" / "index.html").is_file():
        pytest.fail("site/ has no wizard or no engine: run `make site` first")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class WizardTab:
    """One browser context per language, reused by the tests of that language
    (each engine start costs seconds). Records console errors and every request
    to a host other than the local server."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context()
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        local = urlsplit(base_url).netloc
        self.context.route("**/*", functools.partial(self._guard, local))
        # The print dialog would block a headless run; the test checks the sheet instead.
        self.context.add_init_script("window.print = () => { document.documentElement.dataset.printed = 'yes'; };")
        self.page = self.new_page()

    def _guard(self, local, route):
        url = route.request.url
        if urlsplit(url).netloc != local and not url.startswith(("data:", "blob:")):
            self.foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def new_page(self):
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        return page


@pytest.fixture(scope="session")
def wizard_tabs(chromium, wizard_site_url):
    tabs: dict[str, WizardTab] = {}

    def tab(lang: str) -> WizardTab:
        if lang not in tabs:
            tabs[lang] = WizardTab(chromium, wizard_site_url)
        return tabs[lang]

    yield tab
    for opened in tabs.values():
        opened.context.close()


@pytest.fixture(scope="session")
def content():
    from scripts.content import load_content

    return load_content()

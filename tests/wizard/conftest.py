"""Fixtures of the browser wizard tests, on top of tests/conftest.py (the
built site, served on a free port, and Debian's Chromium)."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import pytest


class WizardTab:
    """One browser context per language, reused by the tests of that language
    (each engine start costs seconds). Records console errors and every request
    to a host other than the local server (such a request is refused)."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context()
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.context.route("**/*", functools.partial(self._guard, urlsplit(base_url).netloc))
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
def wizard_tabs(browser, built_site, served_site):
    if not any(built_site.glob("engine/*/manifest.json")):  # engine/<hash>/
        pytest.fail("site/engine/ is missing: `make site` runs scripts.build_engine --into site")
    tabs: dict[str, WizardTab] = {}

    def tab(lang: str) -> WizardTab:
        if lang not in tabs:
            tabs[lang] = WizardTab(browser, served_site)
        return tabs[lang]

    yield tab
    for opened in tabs.values():
        opened.context.close()


@pytest.fixture(scope="session")
def content():
    from scripts.content import load_content

    return load_content()

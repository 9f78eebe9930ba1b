"""Fixtures of the trust tests (privacy, CSP, accessibility, hostile input),
on top of tests/conftest.py (the built site, served on a free port, Chromium).

One browser context records, for every page it opens: each request (a request
to any host but the local server is refused and kept), Content Security
Policy violations (a `securitypolicyviolation` listener installed before any
page script), console errors and uncaught exceptions. The pages of the site
are crawled once per session and the wizard is loaded once per language;
the tests assert on what was recorded. Waits are on DOM state, never on time.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, load_content
from tests.wizard_form import answer, wait_engine

WAIT_MS = 120_000  # a slow 2-core machine: generous, never asserted on
expect.set_options(timeout=WAIT_MS)

# Runs before any script of every page and worker-free document: collects CSP
# violations and arms the traps a hostile payload would spring.
RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push([event.violatedDirective, event.blockedURI, event.sample,
                               event.sourceFile + ":" + event.lineNumber].join(" "));
});
window.__pwned = undefined;
window.__engineRequests = [];
if (typeof Worker === "function") {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === "evaluate") window.__engineRequests.push(message.request);
    return post.apply(this, arguments);
  };
}
// The print dialog would block a headless run.
window.print = () => { document.documentElement.dataset.printed = "yes"; };
"""

def built_pages(site: Path) -> list[str]:
    """URL paths (relative to the site root) of every HTML page of the site."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site)
        if relative.parts[0] in ("engine", "assets"):
            continue
        path = relative.as_posix()
        paths.append(path[: -len("index.html")] if path.endswith("index.html") else path)
    return paths


def page_language(path: str) -> str:
    first = path.split("/", 1)[0]
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


def wizard_path(lang: str) -> str:
    return "wizard/" if lang == DEFAULT_LANGUAGE else f"{lang}/wizard/"


class RecordedContext:
    """A browser context that records what its pages did."""

    def __init__(self, browser, base_url: str, *, bypass_csp: bool = False):
        self.base_url = base_url
        self.local = urlsplit(base_url).netloc
        # Requests a service worker makes do not pass through context.route
        # (Playwright): with it blocked, every request a page causes is seen
        # and judged here. The offline service worker has tests of its own.
        self.context = browser.new_context(bypass_csp=bypass_csp, service_workers="block",
                                           viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(WAIT_MS)
        self.context.add_init_script(RECORDER)
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)
        self.context.on("request", lambda request: self.requests.append(request.url))

    def _guard(self, route):
        url = route.request.url
        if urlsplit(url).netloc != self.local and not url.startswith("data:"):
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()

    def new_page(self):
        page = self.context.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def violations(self, page) -> list[str]:
        return page.evaluate("window.__cspViolations || []")

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture(scope="session")
def site_pages(built_site) -> list[str]:
    pages = built_pages(built_site)
    assert len(pages) >= 4 * 11, pages
    return pages


@pytest.fixture(scope="session")
def recorded(browser, served_site):
    """The context with the site's own CSP enforced."""
    context = RecordedContext(browser, served_site)
    yield context
    context.close()


@pytest.fixture(scope="session")
def crawl(recorded, site_pages):
    """Every built page in every language, opened in one tab: per page, the
    CSP violations, then the cookies and web storage after the whole crawl."""
    page = recorded.new_page()
    violations = {}
    for path in site_pages:
        page.goto(recorded.base_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        violations[path] = recorded.violations(page)
    # Material's search runs in a worker: search once per language too.
    for lang in LANGUAGES:
        page.goto(recorded.base_url + ("" if lang == DEFAULT_LANGUAGE else f"{lang}/"))
        page.locator("input.md-search__input").click()
        page.keyboard.type("ДСМ")
        page.wait_for_selector(".md-search-result__item a", state="attached")
        violations[f"{lang} search"] = recorded.violations(page)
    storage = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    page.close()
    return {"violations": violations, "storage": storage, "cookies": recorded.context.cookies()}


class Wizard:
    """A loaded wizard page and how a visitor uses it."""

    def __init__(self, page, lang: str):
        self.page = page
        self.lang = lang

    def restart(self):
        self.page.locator("#wz-restart").click()
        expect(self.page.locator("#wizard")).to_have_attribute("data-state", "questions")

    def answer(self, answers: dict[str, str]):
        answer(self.page, answers)

    def submit(self):
        self.page.locator("#wz-form button[type=submit]").click()
        expect(self.page.locator("#wizard")).to_have_attribute("data-state", "result")

    def open_print_sheet(self):
        self.page.evaluate("delete document.documentElement.dataset.printed")
        self.page.locator("#wz-result .wz-summary .wz-print-button").click()
        expect(self.page.locator("html")).to_have_attribute("data-printed", "yes")
        expect(self.page.locator("#wz-print")).to_be_visible()

    def follow_fragment(self, fragment: str) -> dict:
        """Puts `fragment` in the address as a pasted link would (the wizard
        follows `hashchange`), waits until the engine has answered, and says
        what the page shows."""
        return self.page.evaluate(FOLLOW_FRAGMENT, fragment)


# The wizard's hashchange listener was added before this one, so when ours
# runs the wizard has read the fragment and, if it evaluates, set aria-busy.
FOLLOW_FRAGMENT = """
async (fragment) => {
  const root = document.getElementById("wizard");
  const before = location.hash;
  const changed = new Promise((resolve) => addEventListener("hashchange", resolve, { once: true }));
  location.hash = fragment;
  if (location.hash !== before) await changed;
  for (let i = 0; root.getAttribute("aria-busy") === "true"; i++) {
    if (i > 6000) return { stuck: true };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const form = document.getElementById("wz-form");
  const summary = document.getElementById("wz-error-summary");
  return {
    stuck: false,
    state: root.dataset.state,
    errors: summary.hidden ? [] : Array.from(summary.querySelectorAll("li")).map((li) => li.textContent),
    links: summary.hidden ? [] : Array.from(summary.querySelectorAll("a")).map((a) => a.getAttribute("href")),
    radios: Array.from(form.querySelectorAll("input[type=radio]:checked")).map((i) => [i.name, i.value]),
    selects: Array.from(form.querySelectorAll("select")).map((s) => [s.name, s.value]),
    numbers: Array.from(form.querySelectorAll("input[type=number]")).map((i) => [i.name, i.value]),
    pwned: window.__pwned !== undefined,
    requests: window.__engineRequests.splice(0),
  };
}
"""


def open_wizard(context: RecordedContext, lang: str) -> Wizard:
    page = context.new_page()
    page.goto(context.base_url + wizard_path(lang))
    wait_engine(page)
    return Wizard(page, lang)


@pytest.fixture(scope="session")
def wizards(recorded):
    """One loaded wizard per language in the CSP-enforcing context, reused."""
    opened: dict[str, Wizard] = {}

    def wizard(lang: str) -> Wizard:
        if lang not in opened:
            opened[lang] = open_wizard(recorded, lang)
        return opened[lang]

    yield wizard
    for wizard_tab in opened.values():
        wizard_tab.page.close()


# Three visitors, as in tests/wizard: every branch of the result templates
# that these reach (list121 with services, VMS, uninsured citizen).
FLOWS = {
    "temporary foreign worker with measles": {
        "status": "temporary", "purpose": "work", "country": "UZ", "age": "30",
        "dms": "no", "vms": "yes", "care": "planned", "condition": "other"},
    "asylum-seeker child": {
        "status": "asylum", "country": "AF", "age": "6", "dms": "no", "care": "planned"},
    "uninsured citizen needing high-tech care": {
        "status": "citizen", "age": "38", "osms": "not_insured", "work": "not_working",
        "months": "8", "benefit": "no", "category_de": "no", "care": "planned",
        "condition": "hightech"},
}


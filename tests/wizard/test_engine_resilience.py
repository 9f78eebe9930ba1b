"""The wizard never dies: an optional download that fails (the QR library)
leaves the results live, a start that is slow but alive is not declared
failed, and a start that truly fails offers Try again, which keeps the
answers.

Each test has a browser context of its own (its routes and its caches must
not reach the shared tabs), and waits on the engine's own state
(`#wizard[data-engine-state]`: loading, ready, failed), never on time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ASYLUM_CHILD = "status=asylum&country=AF&age=6&dms=no&care=planned&condition=chickenpox"
# Generous: a start on a busy machine takes far longer than alone.
START = 240_000


def service_rows(page) -> list[str]:
    return page.locator("#wz-result .wz-services tbody td[data-field=row]").all_text_contents()


def wait_state(page, state: str, timeout: int = START) -> None:
    """Waits until the engine is ready or failed (both final until Try again),
    then checks it is `state`: a wrong end is reported at once, with its text."""
    wizard = page.locator("#wizard")
    expect(wizard).to_have_attribute("data-engine-state", re.compile("^(ready|failed)$"), timeout=timeout)
    assert wizard.get_attribute("data-engine-state") == state, page.locator("#wz-status-text").inner_text()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    context.add_init_script("window.print = () => { document.documentElement.dataset.printed = 'yes'; };")
    yield context
    context.close()


def test_a_failed_qr_download_leaves_results_live_and_says_why(context, served_site, content):
    context.route(re.compile(r"/segno-[^/]*\.whl$"), lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{served_site}en/wizard/#{ASYLUM_CHILD}")
    wait_state(page, "ready")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    expect(page.locator("#wz-result .wz-services")).to_be_visible()
    assert "2" in service_rows(page)

    page.locator("#wz-result .wz-summary .wz-print-button").click()
    expect(page.locator("html")).to_have_attribute("data-printed", "yes")
    qr = page.locator("#wz-print .wz-print-qr")
    expect(qr.locator("svg")).to_have_count(0)
    missing = qr.locator(".wz-print-qr-missing")
    expect(missing).to_be_visible()
    expect(missing).to_contain_text(content["site/ui-fragments/wizard"]["wizard"]["print_sheet"]["qr_missing"]["en"])
    expect(qr.locator(".wz-print-qr-scan")).to_be_hidden()
    expect(page.locator("#wz-print [data-print-link]")).to_contain_text("condition=chickenpox")

    # The engine lives on: a changed answer changes the result.
    wait_state(page, "ready", timeout=1_000)
    page.locator("#q-condition select").select_option("measles")
    expect(page.locator("#wz-result .wz-diseases")).to_contain_text("Measles")
    expect(page.locator("#wz-result .wz-diseases")).not_to_contain_text("Chickenpox")
    expect(page.locator("#wz-status")).not_to_have_class(re.compile("wz-status--failed"))


def test_a_slow_start_with_heartbeats_is_not_a_failure(context, served_site):
    # The engine holds its thread for 2.5 stall times before Python's start,
    # as a slow phone would, heartbeating between slices of it: without the
    # heartbeats the page would give up after 8 s.
    context.add_init_script("window.wizardTestHooks = {stallMs: 8000, startDelayMs: 20000};")
    page = context.new_page()
    page.goto(f"{served_site}en/wizard/#{ASYLUM_CHILD}")
    wait_state(page, "ready")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    expect(page.locator("#wz-retry")).to_be_hidden()
    # The delay reached the engine (through engine-start.js and the worker's
    # URL): a lower bound, which no busy machine can break.
    assert page.evaluate("performance.now()") >= 20_000


def test_a_cut_download_offers_try_again_which_keeps_the_answers(context, served_site):
    cut = re.compile(r"/python_stdlib\.zip$")
    context.route(cut, lambda route: route.abort("internetdisconnected"))
    page = context.new_page()
    page.goto(f"{served_site}en/wizard/#{ASYLUM_CHILD}")
    wait_state(page, "failed")
    expect(page.locator("#wz-status")).to_have_class(re.compile("wz-status--failed"))
    expect(page.locator("#wz-status-text")).to_contain_text("Try again")
    retry = page.locator("#wz-retry")
    expect(retry).to_be_visible()
    expect(retry).to_have_text("Try again")

    context.unroute(cut)
    retry.click()
    expect(retry).to_be_hidden()
    wait_state(page, "ready")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    assert "2" in service_rows(page)
    assert page.url.endswith("#" + ASYLUM_CHILD)

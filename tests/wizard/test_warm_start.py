"""Warm starts (wizard/engine/engine.js, snapshotStore): after a first start
the engine's memory is saved in the browser's cache of this engine build, and
a later visit restores it instead of starting Python again. It must answer
exactly as a fresh start does, hold nothing the visitor answered, and a saved
copy the engine refuses must not cost the visitor the wizard.

Each test opens its own browser context (`first_visitor`): the shared ones
of test_wizard.py already hold a saved copy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.wizard.test_wizard import FLOWS, assert_result, package_names, wizard_url
from tests.wizard_form import ENGINE_WAIT_MS, wait_engine

pytestmark = pytest.mark.browser

# In the link as the visitor's age: not a number, so wizard.js hands it to
# Python as typed and the rules answer with an error for it.
MARKER = "zqxj7731notanage"

# Reads the saved copy (gzip) in the page and says which of the given ASCII
# strings it contains. Python keeps an ASCII-only str one byte per character.
SAVED_MEMORY_CONTAINS = """
async ([cacheName, key, needles]) => {
  const response = await (await caches.open(cacheName)).match(key);
  if (!response) return null;
  const plain = new Response(response.body.pipeThrough(new DecompressionStream("gzip")));
  const text = new TextDecoder("latin1").decode(await plain.arrayBuffer());
  return needles.map((needle) => text.includes(needle));
}
"""

PUT_SAVED_MEMORY = """
async ([cacheName, key, base64]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const gzip = new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")));
  await (await caches.open(cacheName)).put(key, new Response(await gzip.arrayBuffer()));
}
"""


@pytest.fixture
def first_visitor(browser):
    """A browser context of its own: an empty cache, as on a first visit."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def saved_copy(built_site, served_site):
    """(cache name, key) under which the engine of this build keeps its memory."""
    (engine,) = [p.parent for p in built_site.glob("engine/*/manifest.json")]
    return f"engine-{engine.name}", f"{served_site}engine/{engine.name}/memory-snapshot.gz"


def visit(page, base_url: str, lang: str, fragment: str) -> None:
    page.goto(wizard_url(base_url, lang, fragment))
    wait_engine(page)


def wait_until_saved(page) -> None:
    expect(page.locator("#wizard")).to_have_attribute("data-engine-saved", "yes", timeout=ENGINE_WAIT_MS)


def link_of(answers: dict[str, str]) -> str:
    return "&".join(f"{key}={value}" for key, value in answers.items())


def test_a_later_visit_restores_the_engine_and_answers_alike(first_visitor, served_site, content):
    flow = FLOWS["temporary foreign worker with measles"]
    first = first_visitor.new_page()
    visit(first, served_site, "en", link_of(flow["answers"]))
    expect(first.locator("#wizard")).to_have_attribute("data-state", "result")
    expect(first.locator("#wizard")).to_have_attribute("data-engine-start", "fresh")
    wait_until_saved(first)
    fresh_answer = first.locator("#wz-result").inner_text()
    first.close()

    later = first_visitor.new_page()
    visit(later, served_site, "en", link_of(flow["answers"]))
    expect(later.locator("#wizard")).to_have_attribute("data-engine-start", "restored")
    expect(later.locator("#wizard")).to_have_attribute("data-state", "result")
    assert later.locator("#wz-result").inner_text() == fresh_answer
    assert_result(later, flow, "en", content)
    # And a new question to the restored engine, in another language.
    other = FLOWS["asylum-seeker child with chickenpox"]
    visit(later, served_site, "ky", link_of(other["answers"]))
    expect(later.locator("#wizard")).to_have_attribute("data-state", "result")
    expect(later.locator("#wizard")).to_have_attribute("data-engine-start", "restored")
    assert_result(later, other, "ky", content)
    assert package_names(later)


def test_the_saved_memory_holds_no_answer(first_visitor, served_site, saved_copy, content):
    page = first_visitor.new_page()
    visit(page, served_site, "en", f"status=asylum&country=AF&age={MARKER}&dms=no&care=planned")
    # The marker did reach Python: the rules answered about it.
    expect(page.locator("#wizard")).to_have_attribute("data-state", "errors")
    expect(page.locator("#q-age .wz-field-error")).to_be_visible()
    wait_until_saved(page)
    control = "visible_questions_json"  # a name of eligibility.browser, imported before saving
    # The content is loaded after saving (one saved memory serves every
    # language, each start loads its page's file): none of its texts is there.
    text = content["packages"]["packages"]["list121"]["name"]["en"]
    assert page.evaluate(SAVED_MEMORY_CONTAINS, [*saved_copy, [control, text, MARKER]]) == [True, False, False]


def test_a_refused_saved_copy_starts_afresh_and_is_replaced(first_visitor, served_site, saved_copy, content):
    page = first_visitor.new_page()
    page.goto(f"{served_site}en/")  # an origin to write the cache from
    page.evaluate(PUT_SAVED_MEMORY, [*saved_copy, "bm90IGEgc25hcHNob3Q="])  # "not a snapshot"
    flow = FLOWS["uninsured citizen"]
    visit(page, served_site, "en", link_of(flow["answers"]))
    expect(page.locator("#wizard")).to_have_attribute("data-engine-start", "fresh")
    expect(page.locator("#wizard")).to_have_attribute("data-state", "result")
    assert_result(page, flow, "en", content)
    wait_until_saved(page)
    page.goto(f"{served_site}en/")
    visit(page, served_site, "en", link_of(flow["answers"]))
    expect(page.locator("#wizard")).to_have_attribute("data-engine-start", "restored")
    assert_result(page, flow, "en", content)

"""What the engine keeps in its cache in the background, beside its saved
memory (wizard/engine/engine.js, backgroundKeeping): the QR-code library and
the other languages' content files, only when bytes are cheap, by the test
that buys the compiled standard library. On a slow line, with Save-Data or
without the Network Information API, nothing beyond the page's own files is
downloaded: a slow-data visitor does not pay for files most never need.

The connection the worker sees is set as test_stdlib_choice.py sets it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.wizard.test_stdlib_choice import FAST, MISSING, SAVE_DATA, SLOW, Visitor, visitor  # noqa: F401 (a fixture)
from tests.wizard_form import ENGINE_WAIT_MS, engine_manifest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def engine(built_site) -> tuple[str, dict]:
    folder, manifest = engine_manifest(built_site)
    return folder.name, manifest


def extra_files(manifest: dict) -> set[str]:
    """What the English page need not download: printing's files and the
    other languages' content."""
    own = manifest["content"]["en"]
    return {*manifest["on_demand"].values(), *(n for n in manifest["content"].values() if n != own)}


def cached(page, engine_name: str, names) -> set[str]:
    """Which of the engine files `names` the engine's cache holds."""
    return set(page.evaluate("""async ([cache, names]) => {
        const open = await caches.open(cache);
        const held = [];
        for (const name of names) {
          if (await open.match(new URL(`/engine/${cache.slice(7)}/${name}`, location.href).href)) held.push(name);
        }
        return held;
    }""", [f"engine-{engine_name}", sorted(names)]))


def kept(page, engine_name: str, names) -> set[str]:
    """Once the engine says its background keeping is done (nothing more
    comes), which of `names` its cache holds."""
    expect(page.locator("#wizard")).to_have_attribute("data-engine-kept", "yes", timeout=ENGINE_WAIT_MS)
    return cached(page, engine_name, names)


def downloaded(visitor: Visitor) -> set[str]:
    return {re.sub(r"\?.*$", "", url.rsplit("/", 1)[-1]) for url in visitor.requested if "/engine/" in url}


@pytest.mark.parametrize("connection", [
    pytest.param(SLOW, id="slow-4g"),
    pytest.param(SAVE_DATA, id="save-data"),
    pytest.param(MISSING, id="no-api"),
])
def test_on_a_slow_line_nothing_is_kept_in_the_background(visitor, engine, connection):
    name, manifest = engine
    extra = extra_files(manifest)
    held = {}
    visit = visitor.visit(connection, then=lambda page: held.update(names=kept(page, name, extra)))
    assert visit.start == "fresh"
    got = downloaded(visitor)
    assert manifest["content"]["en"] in got
    assert not got & extra, sorted(got & extra)
    assert held["names"] == set()


def test_on_a_fast_line_the_qr_library_and_every_languages_content_are_kept(visitor, engine):
    name, manifest = engine
    extra = extra_files(manifest)
    held = {}
    visit = visitor.visit(FAST, then=lambda page: held.update(names=kept(page, name, extra)))
    assert visit.start == "fresh"
    assert held["names"] == extra
    assert extra <= downloaded(visitor)
    # Only the page's own content counted in the progress bar: the kept
    # files came after the engine was ready.
    assert len(set(visit.totals)) == 1

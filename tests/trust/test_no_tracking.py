"""No third party, no tracking: every request of every page in every language
and of every wizard state goes to the site itself; no cookie; web storage
holds no answer (the answers live only in the URL fragment)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from scripts.content import LANGUAGES
from tests.trust.conftest import FLOWS

pytestmark = pytest.mark.browser

# What Material may keep in localStorage/sessionStorage, all UI preferences
# (bundle: __md_get/__md_set): none is enabled on this site (no palette
# toggle, consent, linked tabs, dismissable banner, versions, repository).
MATERIAL_UI_KEYS = ("__palette", "__consent", "__tabs", "__announce", "__outdated", "__source")

STORAGE = """[
  Object.entries(localStorage), Object.entries(sessionStorage), document.cookie
]"""


def test_every_request_of_the_crawl_goes_to_the_site(crawl, recorded, site_pages):
    assert len(site_pages) >= 44
    local = urlsplit(recorded.base_url).netloc
    assert recorded.foreign == []
    assert all(urlsplit(url).netloc == local for url in recorded.requests if not url.startswith("data:"))


def test_no_cookie_and_no_storage_after_the_crawl(crawl):
    assert crawl["cookies"] == []
    local, session = crawl["storage"]
    assert [k for k in local + session if not k.endswith(MATERIAL_UI_KEYS)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answers_stay_in_the_fragment_only(wizards, recorded, lang):
    wizard = wizards(lang)
    page = wizard.page
    local = urlsplit(recorded.base_url).netloc
    for answers in FLOWS.values():
        wizard.restart()
        wizard.answer(answers)
        wizard.submit()
        fragment = urlsplit(page.url).fragment
        assert all(f"{key}={value}" in fragment for key, value in answers.items())
        local_items, session_items, cookie = page.evaluate(STORAGE)
        assert cookie == ""
        stored = local_items + session_items
        assert [key for key, _ in stored if not key.endswith(MATERIAL_UI_KEYS)] == []
    wizard.open_print_sheet()
    assert recorded.context.cookies() == []
    assert recorded.foreign == []
    # The engine's downloads and the pages: the local server only, and no
    # request ever carries an answer (the fragment is never sent).
    for url in recorded.requests:
        parts = urlsplit(url)
        assert parts.scheme == "data" or parts.netloc == local, url
        assert "status=" not in url and "age=" not in url, url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_page_says_what_the_policy_guarantees(built_site, content, lang):
    import html

    page = built_site / ("privacy" if lang == "ru" else f"{lang}/privacy") / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    promises = content["site/ui"]["privacy"]["does_not"]
    assert any("Content Security Policy" in p[lang] for p in promises)
    assert any("localStorage" in p[lang] for p in promises)
    for promise in promises:
        assert promise[lang] in text, promise[lang]

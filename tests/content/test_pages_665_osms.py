"""The page bodies of `migrants` (order No. 665) and `osms` (OSMS 2026 slides),
rendered in the four languages: they publish every item, summary first and
legal text after, and emit the anchor of every part their documents declare.

Only these two pages are rendered (scripts.render_pages.render_page), so a
problem in another page's content does not hide one here.
"""

from __future__ import annotations

import re

import pytest

from scripts.content import LANGUAGES, load_content
from scripts.render_pages import Site, load_ui, render_page, template_environment

PAGES = ("migrants", "osms")
DOCUMENTS = ("order665", "order111_2023", "osms_2026", "osms_law")


def walk(items):
    for item in items:
        yield item
        yield from walk(item.get("items", []))


def flat(text: str) -> str:
    """Markdown escapes a leading "N." of a legal paragraph ("2\\. Осы"); the
    comparison ignores that escape and line wrapping."""
    return " ".join(text.replace("\\.", ".").split())


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(load_content(), load_ui())


@pytest.fixture(scope="module")
def rendered(site) -> dict[tuple[str, str], str]:
    env = template_environment()
    return {(page, lang): render_page(env, site, site.pages_by_id[page], lang)
            for page in PAGES for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_part_has_its_anchor_on_its_page(rendered, site, document, lang):
    for part_id, part in site.documents[document]["parts"].items():
        page = rendered[(part["page"], lang)]
        assert f"{{ #{document}-{part_id} }}" in page, \
            f"{part['page']} ({lang}) lacks the anchor {document}-{part_id}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_migrants_page_shows_every_summary_before_its_legal_text(rendered, site, lang):
    page = flat(rendered[("migrants", lang)])
    for topic in site.content["migrant_rules"]["topics"]:
        for item in topic["items"]:
            summary = flat(item["summary"][lang])
            text = flat(item["text"][lang])
            assert summary in page, f"migrants ({lang}): summary of {item['id']} missing"
            assert text in page, f"migrants ({lang}): text of {item['id']} missing"
            assert page.index(summary) < page.index(text), \
                f"migrants ({lang}): {item['id']}: the legal text comes before the summary"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_legal_paragraph_numbers_do_not_turn_into_markdown_lists(rendered, lang):
    # "2. Осы …" at the start of a line would be rendered as list item "1.".
    assert not re.search(r"^ {4}\d+\. ", rendered[("migrants", lang)], re.M)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_osms_page_shows_every_slide_text_and_law_article(rendered, site, lang):
    page = flat(rendered[("osms", lang)])
    osms = site.content["procedures/osms_2026"]
    for section in osms["sections"]:
        assert flat(section["summary"][lang]) in page
        for item in walk(section["items"]):
            shown = item["text"][lang] if "text" in item else item["label"][lang]
            assert flat(shown) in page, f"osms ({lang}): {item['id']} missing"
            if "note" in item:
                assert flat(item["note"][lang]) in page, f"osms ({lang}): note of {item['id']}"
    for article in osms["law"]:
        assert flat(article["summary"][lang]) in page
    for key in ("issuer", "title", "place_date", "closing"):
        assert flat(osms[key][lang]) in page


def test_osms_page_lists_the_four_ways_to_check_status_as_an_ordered_list(rendered):
    page = rendered[("osms", "ru")]
    ways = re.findall(r"^ {4}1\. \*\*(.+?)\*\*$", page, re.M)
    assert ways == ["Telegram-бот", "Портал egov.kz", "Сайт ФСМС", "Звонок на 1414"]

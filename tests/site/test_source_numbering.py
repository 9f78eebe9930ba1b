"""Numbering and naming as the sources write them, on the built site: legal
sub-items keep "1)", lists keep the source's numbers and gaps, English reads
"No." where Russian, Kazakh and Kyrgyz read "№"; the legal-source box is a
<details> that starts closed only where pages.yaml says so."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, load_content

CONTENT = load_content()


def page_html(site: Path, page: str, lang: str) -> str:
    prefix = site if lang == DEFAULT_LANGUAGE else site / lang
    path = prefix / "index.html" if page == "index" else prefix / page / "index.html"
    return path.read_text(encoding="utf-8")


def section(html: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next h2."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start:end if end > 0 else None]


def source_numbers(fragment: str) -> list[str]:
    return re.findall(r'<span class="source-list__number">([^<]+)</span>', fragment)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_commission_decisions_keep_their_subparagraph_numbers(built_site, lang):
    decisions = CONTENT["procedures/treatment_abroad"]["commission_decisions"]
    shown = source_numbers(section(page_html(built_site, "abroad", lang), "dsm45_2021-p18"))
    assert shown == [f"{d['number']})" for d in decisions]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annex1_documents_and_refusal_grounds_keep_1_parenthesis(built_site, lang):
    abroad = CONTENT["procedures/treatment_abroad"]
    shown = source_numbers(section(page_html(built_site, "abroad", lang), "dsm45_2021-annex1"))
    assert shown == [f"{d['number']})" for d in abroad["documents"]] + \
        [f"{g['number']})" for g in abroad["refusal_grounds"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annexes_3_and_4_keep_their_numbers(built_site, lang):
    abroad = CONTENT["procedures/treatment_abroad"]
    html = page_html(built_site, "abroad", lang)
    assert source_numbers(section(html, "dsm45_2021-annex3")) == \
        [f"{i['number']}." for i in abroad["annex3"]["items"]]
    assert source_numbers(section(html, "dsm45_2021-annex4")) == \
        [f"{i['number']}." for i in abroad["annex4"]["items"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_order_665_subparagraph_lists_keep_1_parenthesis(built_site, lang):
    html = page_html(built_site, "migrants", lang)
    assert source_numbers(section(html, "order665-p3")) == ["1)", "2)", "3)", "4)", "5)", "6)"]
    # No Markdown bullet or renumbered list stands in for a subparagraph.
    assert not re.search(r"<li><strong>\d+\)</strong>", html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_disease_list_and_services_show_the_source_numbers(built_site, lang):
    diseases = page_html(built_site, "diseases", lang)
    listing = section(diseases, "dsm121_2020-annex1")
    ordered = re.search(r"<ol>(.*?)</ol>", listing, re.S)
    assert ordered and ordered.group(0).count("<li>") == 23  # an <ol> from 1: 1.–23.
    services = section(page_html(built_site, "services", lang), "dsm121_2020-annex2")
    rows = [int(n) for n in re.findall(r'id="service-[a-z0-9_-]+"[^>]*>\s*(\d+)', services)]
    assert rows == [row["number"] for row in CONTENT["services"]["rows"]]
    assert 3 not in rows


@pytest.mark.parametrize("page", ["migrants", "documents", "diseases", "glossary", "abroad"])
def test_english_writes_no_where_the_others_write_the_number_sign(built_site, page):
    assert "№" not in page_html(built_site, page, "en")
    if page in ("migrants", "documents"):
        for lang in ("ru", "kk", "ky"):
            assert "№ 665" in page_html(built_site, page, lang), lang


def test_source_box_closed_on_the_wizard_open_on_regulation_pages(built_site):
    for lang in LANGUAGES:
        wizard = page_html(built_site, "wizard", lang)
        assert re.search(r'<details class="legal-source__details">', wizard), lang
        diseases = page_html(built_site, "diseases", lang)
        assert re.search(r'<details class="legal-source__details" open(="open")?>', diseases), lang
    assert "5 documents, as of 01.01.2026</summary>" in page_html(built_site, "wizard", "en")
    assert "5 документов, по состоянию на 01.01.2026</summary>" in page_html(built_site, "wizard", "ru")

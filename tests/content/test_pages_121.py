"""The page bodies of diseases, services, foreigners and glossary, rendered in
the four languages: they publish every item of their content, keep the
source's numbering, and emit the anchors that citations point to.

Only these four pages are rendered here (scripts.render_pages.render_page), so
a problem in another page's content does not hide one in these.
"""

from __future__ import annotations

import re

import pytest

from scripts.content import LANGUAGES, load_content
from scripts.render_pages import Site, load_ui, render_page, template_environment

PAGES = ("diseases", "services", "foreigners", "glossary")


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(load_content(), load_ui())


@pytest.fixture(scope="module")
def rendered(site) -> dict[tuple[str, str], str]:
    env = template_environment()
    return {(page, lang): render_page(env, site, site.pages_by_id[page], lang)
            for page in PAGES for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_diseases_page_lists_all_23_in_order_with_icd10_codes(rendered, site, lang):
    page = rendered[("diseases", lang)]
    assert "{ #dsm121_2020-title }" in page and "{ #dsm121_2020-annex1 }" in page
    items = re.findall(r"^(\d+)\. \*\*(.+?)\*\*\{ #disease-([a-z0-9_]+) \}$", page, re.M)
    diseases = site.content["diseases"]["diseases"]
    assert items == [(str(d["number"]), d["name"][lang], d["id"]) for d in diseases]
    for disease in diseases:
        assert ", ".join(disease["icd10"]) in page, disease["id"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_services_page_has_one_table_per_group_numbered_as_the_order(rendered, site, lang):
    page = rendered[("services", lang)]
    assert "{ #dsm121_2020-annex2 }" in page
    services = site.content["services"]
    # An HTML table (each cell names its column for phones): number, name, frequency.
    rows = re.findall(r'^<tr markdown><td class="stack-number" id="service-([a-z0-9_]+)"[^>]*>(\d+)</td>'
                      r'<td [^>]*>(.+?)</td><td [^>]*>(.+?)</td></tr>$', page, re.M)
    assert rows == [(r["id"], str(r["number"]), r["name"][lang], r["frequency"]["text"][lang])
                    for r in services["rows"]]
    headings = re.findall(r"^### (.+)$", page, re.M)
    assert headings == [g["name"][lang] for g in services["groups"]]
    # The page says that row 3 does not exist rather than leaving a silent gap.
    assert load_ui()["services"]["gap"][lang].format(numbers="3") in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_foreigners_page_has_the_12_steps_verbatim_and_numbered(rendered, site, lang):
    page = rendered[("foreigners", lang)]
    assert "{ #guide_foreigners-steps }" in page
    steps = re.findall(r"^(\d+)\. (.+)$", page, re.M)
    assert steps == [(str(s["number"]), s["text"][lang])
                     for s in site.content["procedures/foreigners"]["steps"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_page_has_an_anchor_and_expansion_per_term(rendered, site, lang):
    page = rendered[("glossary", lang)]
    for term in site.content["glossary"]["terms"]:
        assert f"**{term['abbr'][lang]}** — {term['expansion'][lang]} {{ #term-{term['id']} }}\n:   " \
            in page, term["id"]


def test_citations_on_these_pages_point_at_published_anchors(rendered, site):
    """Every `page.md#doc-part` link goes to the page that publishes that part."""
    for (page_id, lang), page in rendered.items():
        for target_page, doc_id, part_id in re.findall(r"\]\(([a-z_]+)\.md#([a-z0-9_]+?)-([a-z0-9_]+)\)", page):
            if doc_id in ("disease", "service", "term"):
                continue
            document = site.documents[doc_id]
            assert document["parts"][part_id]["page"] == target_page, (page_id, lang, doc_id, part_id)

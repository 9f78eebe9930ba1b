"""The renderer's contract with the body templates, on a small content tree:
what a page gets around its body, and that every gap stops the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from scripts.content import CONTENT_DIR, LANGUAGES
from scripts.render_pages import RenderError, load_ui, render_all



def every_language(text: dict[str, str]) -> dict[str, str]:
    """`text` in every site language (the English form where none is given)."""
    return {lang: text.get(lang, text["en"]) for lang in LANGUAGES}


TEXT = every_language({"ru": "Перечень", "kk": "Тізбе", "ky": "Тизме", "en": "List"})


@pytest.fixture()
def tree(tmp_path: Path):
    """content/, templates/ and docs/ for two pages resting on one order whose
    authoritative text is Russian."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / "schema", content / "schema")
    (content / "documents").mkdir(parents=True)
    (content / "site").mkdir()
    shutil.copy(CONTENT_DIR / "site" / "ui.yaml", content / "site" / "ui.yaml")
    document = {
        "id": "order1", "kind": "order", "number": "№ 1", "title": TEXT, "date": "2020-10-09",
        "registration": {"number": "21407"}, "amendments": [{"number": "№ 2", "date": "2021-01-01"}],
        "official_languages": ["ru", "kk"], "authoritative": ["ru"],
        "url": "https://adilet.zan.kz/rus/docs/V0000000001",
        "parts": {"annex1": {"label": TEXT, "page": "list"}},
    }
    (content / "documents" / "order1.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    glossary = {"terms": [{
        "id": "gobmp", "abbr": every_language({"ru": "ГОБМП", "kk": "ТМККК", "ky": "АМЖКК", "en": "GOBMP"}),
        "expansion": every_language({"ru": "гарантированный объём", "kk": "кепілдік берілген көлем",
                                     "ky": "кепилденген көлөм", "en": "guaranteed volume"}),
        "definition": TEXT, "source": {"document": "order1", "part": "annex1"}}]}
    (content / "glossary.yaml").write_text(yaml.safe_dump(glossary, allow_unicode=True))
    pages = {"in_force_as_of": "2026-01-01", "pages": [
        {"id": "index", "title": TEXT, "description": TEXT, "documents": []},
        {"id": "list", "title": TEXT, "description": TEXT, "documents": ["order1"]},
    ]}
    (content / "site" / "pages.yaml").write_text(yaml.safe_dump(pages, allow_unicode=True))
    templates = tmp_path / "templates" / "pages"
    templates.mkdir(parents=True)
    (templates / "index.md.j2").write_text("See {{ cite({'document': 'order1', 'part': 'annex1', 'row': 6}) }}.\n")
    (templates / "list.md.j2").write_text("## {{ t(c.documents.order1.parts.annex1.label) }} {{ anchor('order1', 'annex1') }}\n\nГОБМП GOBMP\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    return content, tmp_path / "templates", docs


def render(tree):
    content, templates, docs = tree
    return render_all(content_root=content, docs_dir=docs, templates_dir=templates)


def test_every_page_is_written_in_every_language(tree):
    written = render(tree)
    assert sorted(p.name for p in written) == sorted(
        f"{page}.{lang}.md" for page in ("index", "list") for lang in LANGUAGES)


def test_front_matter_title_and_source_box(tree):
    render(tree)
    page = (tree[2] / "list.en.md").read_text()
    assert page.startswith("---\ntitle: List\ndescription: List\n---\n")
    assert "\n# List\n" in page
    assert '<div class="legal-source"' in page
    assert "[Order No. 1 “List”](https://adilet.zan.kz/rus/docs/V0000000001)" in page
    assert "Date: 09.10.2020" in page and "No. 21407" in page and "No. 2 (01.01.2021)" in page
    assert "Regulations in force as of 01.01.2026." in page


def test_number_sign_is_written_the_page_language_way(tree):
    """Numbers are stored as the source writes them ("№ 1"); English reads "No."."""
    render(tree)
    docs = tree[2]
    assert "№" not in (docs / "list.en.md").read_text()
    for lang in ("ru", "kk", "ky"):
        page = (docs / f"list.{lang}.md").read_text()
        assert "№ 1" in page and "№ 2 (01.01.2021)" in page, lang


def test_source_box_is_a_details_open_unless_the_page_says_closed(tree):
    render(tree)
    page = (tree[2] / "list.en.md").read_text()
    assert '<details class="legal-source__details" open markdown>' in page
    assert "<strong>What this page rests on</strong>: 1 document, as of 01.01.2026</summary>" in page
    assert "1 документ, по состоянию на 01.01.2026</summary>" in (tree[2] / "list.ru.md").read_text()
    pages_file = tree[0] / "site" / "pages.yaml"
    pages = yaml.safe_load(pages_file.read_text())
    pages["pages"][1]["source_box"] = "closed"
    pages["pages"][1]["documents"] = ["order1", "order2"]
    pages_file.write_text(yaml.safe_dump(pages, allow_unicode=True))
    second = yaml.safe_load((tree[0] / "documents" / "order1.yaml").read_text())
    second.update(id="order2", number="№ 5")
    (tree[0] / "documents" / "order2.yaml").write_text(yaml.safe_dump(second, allow_unicode=True))
    render(tree)
    page = (tree[2] / "list.en.md").read_text()
    assert '<details class="legal-source__details" markdown>' in page
    assert ": 2 documents, as of 01.01.2026</summary>" in page
    assert ": 2 документа, по состоянию на 01.01.2026</summary>" in (tree[2] / "list.ru.md").read_text()


@pytest.mark.parametrize("n, form", [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"),
                                     (12, "many"), (21, "one"), (22, "few"), (111, "many")])
def test_russian_plural_forms(n, form):
    from scripts.render_pages import plural_form

    assert plural_form("ru", n) == form
    assert plural_form("en", n) == ("one" if n == 1 else "many")
    assert plural_form("kk", n) == "many"


def test_unofficial_notice_only_outside_the_authoritative_languages(tree):
    render(tree)
    docs = tree[2]
    assert "translation-notice" in (docs / "list.en.md").read_text()
    assert "translation-notice" in (docs / "list.kk.md").read_text()
    assert "translation-notice" not in (docs / "list.ru.md").read_text()
    # The notice links to the same page in the authoritative language.
    assert "](../../list/)" in (docs / "list.en.md").read_text()


def test_a_page_resting_on_no_document_has_a_notice_only_in_a_language_nothing_is_verbatim_in(tree):
    content = tree[0]
    path = content / "documents" / "order1.yaml"
    document = yaml.safe_load(path.read_text())
    document["authoritative"] = ["ru", "kk"]
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    render(tree)
    docs = tree[2]
    # Kazakh holds a verbatim text somewhere on the site: its pages resting on
    # no document have nothing to be a translation of.
    assert "translation-notice" not in (docs / "index.kk.md").read_text()
    # Nothing on the site is verbatim in English: every English page says it
    # is our translation and links to the Russian page.
    en = (docs / "index.en.md").read_text()
    assert "translation-notice" in en and "written in Russian" in en and "](../)" in en


def test_each_notice_says_whether_a_native_speaker_checked_the_language(tree):
    content = tree[0]
    (content / "site" / "translation_reviews.yaml").write_text(yaml.safe_dump(
        {"reviews": [{"lang": "kk", "by": "Example NGO", "date": "2026-11-30", "scope": "every page"}]},
        allow_unicode=True))
    render(tree)
    docs = tree[2]
    kk = (docs / "list.kk.md").read_text()
    assert "Example NGO, 30.11.2026" in kk and "әлі тексерген жоқ" not in kk
    assert "A native speaker has not yet checked this translation." in (docs / "list.en.md").read_text()


def test_notice_tells_official_languages_from_verbatim_ones(tree):
    """An order's official languages (Kazakh and Russian) are not the languages
    we hold verbatim: a Kyrgyz text from a source never prevails over them."""
    content = tree[0]
    path = content / "documents" / "order1.yaml"
    document = yaml.safe_load(path.read_text())
    document["authoritative"] = ["ru", "ky"]
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    render(tree)
    docs = tree[2]
    en = (docs / "list.en.md").read_text()
    assert "official languages are Russian, Kazakh" in en
    assert "not the document's official text: Kyrgyz." in en
    assert "the official text prevails" in en and "that text prevails" not in en
    # The Kyrgyz page is verbatim but not official: a source notice, not a translation notice.
    ky = (docs / "list.ky.md").read_text()
    assert 'class="source-notice"' in ky and "translation-notice" not in ky
    assert "кыргыз тили" in ky
    # Russian is verbatim and official: nothing to say.
    ru = (docs / "list.ru.md").read_text()
    assert "source-notice" not in ru and "translation-notice" not in ru


def test_notice_for_a_document_without_official_languages(tree):
    content = tree[0]
    path = content / "documents" / "order1.yaml"
    document = yaml.safe_load(path.read_text())
    document.update(kind="guide", authoritative=["ru", "ky"])
    for key in ("official_languages", "number", "date", "url", "registration"):
        document.pop(key)
    document["short_title"] = TEXT
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    render(tree)
    en = (tree[2] / "list.en.md").read_text()
    assert "List: the verbatim text is in [Русский]" in en and "that text prevails" in en
    assert "source-notice" not in (tree[2] / "list.ky.md").read_text()


def test_cite_links_to_the_part_anchor_on_its_page(tree):
    render(tree)
    assert "See [Order No. 1, List, row 6](list.md#order1-annex1)." in (tree[2] / "index.en.md").read_text()
    assert "See [Приказ № 1, Перечень, строка 6](list.md#order1-annex1)." in (tree[2] / "index.ru.md").read_text()
    assert "## List { #order1-annex1 }" in (tree[2] / "list.en.md").read_text()


def test_glossary_abbreviations_are_appended_per_language(tree):
    render(tree)
    assert "*[GOBMP]: guaranteed volume" in (tree[2] / "list.en.md").read_text()
    assert "*[АМЖКК]: кепилденген көлөм" in (tree[2] / "list.ky.md").read_text()
    assert "*[ГОБМП]" not in (tree[2] / "list.en.md").read_text()


def test_stale_generated_pages_are_deleted(tree):
    stale = tree[2] / "gone.ru.md"
    stale.write_text("old")
    render(tree)
    assert not stale.exists()


def test_a_missing_body_template_fails_clearly(tree):
    (tree[1] / "pages" / "list.md.j2").unlink()
    with pytest.raises(RenderError, match=r"page 'list' \(ru\): missing body template scripts/templates/pages/list.md.j2"):
        render(tree)


def test_a_missing_language_fails(tree):
    (tree[1] / "pages" / "index.md.j2").write_text("{{ t({'ru': 'только по-русски'}) }}\n")
    with pytest.raises(RenderError, match=r"page 'index' \(kk\): text has no 'kk' translation"):
        render(tree)


def test_an_unknown_citation_fails(tree):
    (tree[1] / "pages" / "index.md.j2").write_text("{{ cite({'document': 'order1', 'part': 'annex7'}) }}\n")
    with pytest.raises(RenderError, match="document 'order1' has no part 'annex7'"):
        render(tree)


def test_an_unknown_document_fails(tree):
    (tree[1] / "pages" / "index.md.j2").write_text("{{ cite({'document': 'order9', 'part': 'annex1'}) }}\n")
    with pytest.raises(RenderError, match="unknown document 'order9'"):
        render(tree)


def test_an_undefined_name_in_a_template_fails_with_its_line(tree):
    (tree[1] / "pages" / "index.md.j2").write_text("line one\n{{ c.no_such_file.items }}\n")
    with pytest.raises(RenderError, match=r"index.md.j2, line 2: UndefinedError"):
        render(tree)


def test_an_anchor_on_the_wrong_page_fails(tree):
    (tree[1] / "pages" / "index.md.j2").write_text("## X {{ anchor('order1', 'annex1') }}\n")
    with pytest.raises(RenderError, match="belongs on page 'list'"):
        render(tree)


def test_ui_fragments_merge_and_duplicate_keys_fail(tmp_path):
    ui = tmp_path / "ui.yaml"
    ui.write_text(yaml.safe_dump({"home": {"lead": TEXT}}, allow_unicode=True))
    fragments = tmp_path / "ui-fragments"
    fragments.mkdir()
    (fragments / "wizard.yaml").write_text(yaml.safe_dump({"home": {"wizard": TEXT}}, allow_unicode=True))
    assert set(load_ui(ui, fragments)["home"]) == {"lead", "wizard"}
    (fragments / "other.yaml").write_text(yaml.safe_dump({"home": {"lead": TEXT}}, allow_unicode=True))
    with pytest.raises(RenderError, match="ui key 'home.lead' is already defined"):
        load_ui(ui, fragments)

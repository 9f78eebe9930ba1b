"""The built site: every page in four languages, the right `lang`, nothing
loaded from another host, the notices where they belong, theme strings
complete, a strict build without warnings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, load_content

CONTENT = load_content()
PAGES = [page["id"] for page in CONTENT["site/pages"]["pages"]]


def page_html(site: Path, page: str, lang: str) -> Path:
    prefix = site if lang == DEFAULT_LANGUAGE else site / lang
    return prefix / "index.html" if page == "index" else prefix / page / "index.html"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_exists_with_its_language(built_site, page, lang):
    path = page_html(built_site, page, lang)
    assert path.is_file(), f"{path.relative_to(built_site)} was not built"
    html = path.read_text(encoding="utf-8")
    assert re.search(r'<html lang="([a-z]+)"', html).group(1) == lang


def test_strict_build_has_no_warnings(root, tmp_path):
    """`mkdocs build --strict` of the rendered docs/ into a scratch directory."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    warnings = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert result.returncode == 0 and not warnings, result.stderr[-3000:]


class ResourceCollector(HTMLParser):
    """Every URL an HTML page would load by itself (not the links a reader clicks)."""

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track") and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel", "") not in ("canonical", "alternate"):
            self.loaded.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.loaded.append(attrs["data"])
        if attrs.get("srcset"):
            self.loaded.extend(part.split()[0] for part in attrs["srcset"].split(","))
        if attrs.get("style"):
            self.loaded.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs["style"]))


def is_foreign(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""")


def test_no_file_loads_anything_from_another_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix == ".html":
            collector = ResourceCollector()
            collector.feed(path.read_text(encoding="utf-8"))
            offenders += [f"{path.relative_to(built_site)}: {url}" for url in collector.loaded if is_foreign(url)]
            # Inline <style> blocks too.
            for css in re.findall(r"<style[^>]*>(.*?)</style>", path.read_text(encoding="utf-8"), re.S):
                offenders += [f"{path.relative_to(built_site)}: {url}" for url in CSS_URL.findall(css)]
        elif path.suffix == ".css":
            offenders += [f"{path.relative_to(built_site)}: {url}"
                          for url in CSS_URL.findall(path.read_text(encoding="utf-8"))]
    assert not offenders, "\n".join(offenders[:50])


def test_polyfills_are_served_by_the_site(built_site):
    html = page_html(built_site, "index", "en").read_text(encoding="utf-8")
    assert "unpkg.com" not in html
    assert (built_site / "assets" / "vendor" / "iframe-worker" / "shim.js").is_file()


def test_search_index_of_each_language_holds_exactly_its_pages(built_site):
    full = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    seen = []
    for lang in LANGUAGES:
        part = json.loads((built_site / "search" / f"search_index.{lang}.json").read_text(encoding="utf-8"))
        assert part["config"] == full["config"]
        locations = [doc["location"] for doc in part["docs"]]
        assert locations, lang
        others = tuple(f"{other}/" for other in LANGUAGES if other not in (lang, DEFAULT_LANGUAGE))
        if lang == DEFAULT_LANGUAGE:
            assert not [loc for loc in locations if loc.startswith(others)], lang
        else:
            assert all(loc.startswith(f"{lang}/") for loc in locations), lang
        seen += part["docs"]
    assert sorted(seen, key=json.dumps) == sorted(full["docs"], key=json.dumps)


def test_no_sitemap_is_requested_below_a_page(built_site):
    """Material fetches sitemap.xml below every <link rel=alternate>; the
    per-page alternates would make that a 404 on every view."""
    html = page_html(built_site, "diseases", "en").read_text(encoding="utf-8")
    assert not re.search(r'<link rel="alternate" href="[^"]*" hreflang', html)


def test_language_switcher_keeps_the_reader_on_the_same_page(built_site):
    html = page_html(built_site, "diseases", "en").read_text(encoding="utf-8")
    switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link"', html))
    assert {lang: href for href, lang in switcher.items()} == {
        lang: "./" if lang == "en" else "../../diseases/" if lang == DEFAULT_LANGUAGE else f"../../{lang}/diseases/"
        for lang in LANGUAGES}


def authoritative(page_id: str) -> set[str]:
    page = next(p for p in CONTENT["site/pages"]["pages"] if p["id"] == page_id)
    return {lang for doc in page["documents"] for lang in CONTENT["documents"][doc]["authoritative"]}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_unofficial_notice_appears_exactly_outside_authoritative_languages(built_site, page, lang):
    html = page_html(built_site, page, lang).read_text(encoding="utf-8")
    verbatim_anywhere = {lang for doc in CONTENT["documents"].values() for lang in doc.get("authoritative") or []}
    own_text = next(p for p in CONTENT["site/pages"]["pages"] if p["id"] == page).get("own_text")
    if own_text:
        # Our own words (the wizard): translated in every language but Russian.
        expected = lang != DEFAULT_LANGUAGE
    elif authoritative(page):
        expected = lang not in authoritative(page)
    else:
        # A page resting on no verbatim text: a notice only in a language the
        # site holds nothing verbatim in (Uzbek), where every page is ours.
        expected = lang not in verbatim_anywhere
    assert ('class="translation-notice"' in html) == expected


def test_unofficial_notice_on_the_english_disease_list_but_not_the_russian(built_site):
    assert 'class="translation-notice"' in page_html(built_site, "diseases", "en").read_text(encoding="utf-8")
    assert 'class="translation-notice"' not in page_html(built_site, "diseases", "ru").read_text(encoding="utf-8")


def test_legal_source_box_names_the_documents(built_site):
    html = page_html(built_site, "diseases", "ru").read_text(encoding="utf-8")
    box = html[html.index('class="legal-source"'):]
    box = box[:box.index("</div>")]
    assert "ҚР ДСМ-121/2020" in box and "adilet.zan.kz" in box and "01.01.2026" in box


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_abbreviations_show_their_expansion(built_site, lang):
    terms = CONTENT["glossary"]["terms"]
    html = page_html(built_site, "glossary", lang).read_text(encoding="utf-8")
    shown = dict((m.group(2), m.group(1)) for m in re.finditer(r'<abbr title="([^"]+)">([^<]+)</abbr>', html))
    assert shown, f"no <abbr> on the {lang} glossary page"
    for term in terms:
        abbr = term["abbr"][lang]
        if abbr in shown:
            assert shown[abbr] == " ".join(term["expansion"][lang].split())


def test_documents_page_has_an_anchor_per_document(built_site):
    for lang in LANGUAGES:
        html = page_html(built_site, "documents", lang).read_text(encoding="utf-8")
        for doc_id, doc in CONTENT["documents"].items():
            assert f'id="doc-{doc_id}"' in html, f"{lang}: no #doc-{doc_id}"
            for part_id, part in doc["parts"].items():
                if part["page"] == "documents":
                    assert f'id="{doc_id}-{part_id}"' in html


def test_print_stylesheet_is_linked_and_hides_navigation(built_site):
    html = page_html(built_site, "services", "ru").read_text(encoding="utf-8")
    assert 'href="assets/stylesheets/print.css"' in html or 'href="../assets/stylesheets/print.css"' in html
    css = (built_site / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css
    for hidden in (".md-header", ".md-sidebar", ".md-search", ".md-footer"):
        assert hidden in css
    assert 'class="md-print-url"' in html


class ThemeKeys:
    @staticmethod
    def of(path: Path) -> dict[str, str]:
        return dict(re.findall(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("lang", ["kk", "ky"])
def test_theme_strings_complete(root, lang):
    import material

    english = ThemeKeys.of(Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html")
    ours = ThemeKeys.of(root / "overrides" / "partials" / "languages" / f"{lang}.html")
    assert set(english) - set(ours) == set()
    assert ours["language"] == lang
    untranslated = [key for key, text in ours.items()
                    if text == english[key] and not key.startswith(("search.config", "direction"))]
    assert not untranslated, f"{lang}: copied from English: {untranslated}"


def test_navigation_follows_pages_yaml(root):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert [entry.removesuffix(".md") for entry in config["nav"]] == PAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_404_page_linking_to_its_home(built_site, lang):
    from scripts.render_pages import load_ui

    words = load_ui()["not_found"]
    page = built_site / ("404.html" if lang == "ru" else f"{lang}/404.html")
    html = page.read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{words['title'][lang]}</h1>" in html
    home = "/" if lang == "ru" else f"/{lang}/"
    assert f'href="{home}">{words["home"][lang]}</a>' in html
    assert "<!-- not-found -->" not in html


def test_the_search_dialog_has_an_accessible_name(built_site):
    for lang in LANGUAGES:
        html = page_html(built_site, "services", lang).read_text(encoding="utf-8")
        match = re.search(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="([^"]+)"', html)
        assert match and match.group(1).strip(), lang


def test_the_wizards_search_entry_has_a_clean_title(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {page["id"]: page for page in load_content()["site/pages"]["pages"]}
    titles = {entry["location"]: entry["title"] for entry in index["docs"]}
    for lang in LANGUAGES:
        location = "wizard/" if lang == DEFAULT_LANGUAGE else f"{lang}/wizard/"
        assert titles[location] == pages["wizard"]["title"][lang], titles[location]


def test_the_download_link_states_the_archives_size(built_site):
    archive = built_site / "download" / "migrant-health-kz-offline.zip"
    assert archive.is_file(), "no offline archive: `make site` builds it"
    megabytes = f"{archive.stat().st_size / 1_000_000:.1f}"
    for lang in LANGUAGES:
        html = (built_site / ("" if lang == DEFAULT_LANGUAGE else lang) / "index.html").read_text(encoding="utf-8")
        link = re.search(r"<a [^>]*data-offline-size[^>]*>([^<]*)</a>", html)
        assert link, lang
        shown = megabytes if lang == "en" else megabytes.replace(".", ",")
        assert shown in link.group(1) and "{size}" not in link.group(1), (lang, link.group(1))


def test_every_page_of_a_language_nothing_is_verbatim_in_says_it_is_a_translation(built_site):
    """Such a language (Uzbek) is never authoritative: each of its pages carries
    the unofficial-translation notice, and says whether a native speaker has
    checked it."""
    verbatim = {lang for doc in CONTENT["documents"].values() for lang in doc.get("authoritative") or []}
    translated_only = [lang for lang in LANGUAGES if lang not in verbatim]
    reviewed = {review["lang"] for review in CONTENT["site/translation_reviews"]["reviews"]}
    for lang in translated_only:
        for page in PAGES:
            html = page_html(built_site, page, lang).read_text(encoding="utf-8")
            assert 'class="translation-notice"' in html, (lang, page)
            if lang not in reviewed:
                from scripts.render_pages import load_ui
                assert load_ui()["notice"]["not_reviewed"][lang] in html, (lang, page)


NOTICE = re.compile(r'<div class="(?:translation|source)-notice" role="note">(.*?)</div>', re.S)


def test_a_notice_folds_its_documents_when_it_names_more_than_one(built_site):
    """Each document's official languages, for more than one document, sit in
    a closed <details> (render_pages._documents_sentences): on a phone five
    of them filled the wizard's first screen. The first sentence, that the
    text is our translation, stays outside it, in view."""
    from scripts.render_pages import load_ui

    ui = load_ui()["notice"]
    folded = single = 0
    for lang in LANGUAGES:
        for page in PAGES:
            notice = NOTICE.search(page_html(built_site, page, lang).read_text(encoding="utf-8"))
            if not notice:
                continue
            body = notice.group(1)
            sentences = body.count(ui["official"][lang].split("{")[-1].strip()[:12])
            details = re.search(r'<details class="notice__documents">(.*?)</details>', body, re.S)
            if details:
                folded += 1
                assert " open" not in body.split("<details", 1)[1].split(">", 1)[0], (lang, page)
                if ui["unofficial"][lang] in body:  # a translation notice (a source notice has none)
                    assert body.index(ui["unofficial"][lang]) < body.index("<details"), (lang, page)
                assert ui["documents"][lang].split("(")[0].strip() in details.group(1), (lang, page)
            else:
                single += 1
                assert sentences <= 1, (lang, page)
    assert folded and single, (folded, single)

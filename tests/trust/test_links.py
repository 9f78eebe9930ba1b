"""The built site, read as files (no browser): every internal link and anchor
leads somewhere, and the generated HTML parses without errors.

tests/site checks the `#doc-<id>` and `<document>-<part>` anchors the
templates promise; this crawl checks every link that was actually written."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src"), ("form", "action"))


def html_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "engine" not in p.relative_to(site).parts]


@lru_cache(maxsize=None)
def ids_of(path: Path) -> frozenset[str]:
    document = html5lib.parse(path.read_bytes(), treebuilder="etree")
    return frozenset(el.get("id") for el in document.iter() if isinstance(el.tag, str) and el.get("id"))


def target_file(site: Path, page: Path, href: str) -> Path | None:
    path = unquote(urlsplit(href).path)
    if path == "":
        return page
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


def is_wizard_state(href: str) -> bool:
    """A link carrying answers (`#status=…&age=…`), not an anchor."""
    return "=" in urlsplit(href).fragment


def test_every_internal_link_and_anchor_exists(built_site):
    site = built_site.resolve()
    broken, checked = [], 0
    for page in html_files(site):
        document = html5lib.parse(page.read_bytes(), treebuilder="etree")
        for tag, attribute in LINK_ATTRIBUTES:
            for element in document.iter(f"{NS}{tag}"):
                href = element.get(attribute)
                if href is None or urlsplit(href).scheme or href.startswith("//"):
                    continue  # external links (mailto:, https:) are the official texts
                target = target_file(site, page, href)
                checked += 1
                where = f"{page.relative_to(site)}: {href}"
                if not target.is_file() or not target.is_relative_to(site):
                    broken.append(f"{where} (no such file)")
                    continue
                fragment = unquote(urlsplit(href).fragment)
                if fragment and target.suffix == ".html" and not is_wizard_state(href):
                    if fragment not in ids_of(target):
                        broken.append(f"{where} (no id {fragment!r})")
    assert checked > 1000
    assert not broken, "\n".join(broken[:50])


def test_the_crawl_finds_a_broken_anchor(tmp_path):
    """The check itself: a link to a missing anchor and to a missing page."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<!doctype html><p id="here">x</p>')
    page = tmp_path / "index.html"
    page.write_text('<!doctype html><a href="a/#here">ok</a><a href="a/#gone">no</a><a href="b/">no</a>')
    assert "here" in ids_of(target_file(tmp_path, page, "a/#here"))
    assert "gone" not in ids_of(target_file(tmp_path, page, "a/#gone"))
    assert not target_file(tmp_path, page, "b/").is_file()
    assert is_wizard_state("wizard/#status=citizen&age=3") and not is_wizard_state("x/#dsm121_2020-annex1")


# Errors html5lib reports on valid HTML, each with the reason it is excused.
# html5lib 1.1 predates <template> in tables: the HTML standard processes a
# <template> start or end tag in table, table body and row modes "using the
# rules for in head" (§ 13.2.6.4.9-15), so the wizard's row templates inside
# <tbody> are valid, yet html5lib calls them table voodoo or stray end tags.
HTML5LIB_TEMPLATE_GAP = {"unexpected-start-tag-implies-table-voodoo", "unexpected-end-tag-implies-table-voodoo",
                         "unexpected-end-tag"}


def excused(error: str, data: dict | None) -> bool:
    return error in HTML5LIB_TEMPLATE_GAP and (data or {}).get("name") == "template"


def test_generated_html_parses_without_errors(built_site):
    problems = []
    for page in html_files(built_site):
        parser = html5lib.HTMLParser(tree=html5lib.treebuilders.getTreeBuilder("etree"))
        parser.parse(page.read_bytes())
        problems += [f"{page.relative_to(built_site)}: {error} {data}"
                     for _, error, data in parser.errors if not excused(error, data)]
    assert not problems, "\n".join(problems[:50])

"""The installable site: one web app manifest per language, linked from every
page of that language, whose start URL is that language's home and whose icons
exist with the sizes it states; and the offline download says that on a phone
the installed site is the way."""

from __future__ import annotations

import html
import re
import json
import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scripts import build_manifests
from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, load_content, site_languages
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

CONTENT = load_content()
PAGES = [page["id"] for page in CONTENT["site/pages"]["pages"]]
REQUIRED = ("name", "short_name", "start_url", "scope", "lang", "dir", "display", "icons",
            "theme_color", "background_color")
BASE = "https://example.org/base/"  # any base path: every URL must stay under it


def page_html(site: Path, page: str, lang: str) -> Path:
    prefix = site if lang == DEFAULT_LANGUAGE else site / lang
    return prefix / "index.html" if page == "index" else prefix / page / "index.html"


def page_url(page: str, lang: str) -> str:
    prefix = BASE if lang == DEFAULT_LANGUAGE else f"{BASE}{lang}/"
    return prefix if page == "index" else f"{prefix}{page}/"


def site_path(url: str) -> str:
    """The file path inside site/ that a URL under BASE names."""
    assert url.startswith(BASE), f"{url} leaves the site"
    path = url[len(BASE):].split("#")[0].split("?")[0]
    return path + "index.html" if path == "" or path.endswith("/") else path


class HeadLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: dict[str, str] = {}
        self.metas: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("manifest", "apple-touch-icon"):
            self.links[attrs["rel"]] = attrs.get("href", "")
        if tag == "meta" and attrs.get("name"):
            self.metas[attrs["name"]] = attrs.get("content", "")


def head_of(path: Path) -> HeadLinks:
    parser = HeadLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def manifest_of(site: Path, lang: str) -> tuple[str, dict]:
    url = urljoin(page_url("index", lang), head_of(page_html(site, "index", lang)).links["manifest"])
    return url, json.loads((site / site_path(url)).read_text(encoding="utf-8"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manifest_is_valid_with_the_required_fields(built_site, lang):
    url, manifest = manifest_of(built_site, lang)
    for field in REQUIRED:
        assert manifest.get(field), f"{url}: no {field}"
    entry = next(e for e in site_languages() if e["locale"] == lang)
    assert manifest["lang"] == lang
    assert manifest["name"] == (entry.get("site_name") or load_mkdocs_site_name())
    assert manifest["short_name"] == CONTENT["site/ui-fragments/app"]["app"]["short_name"][lang]
    assert len(manifest["short_name"]) <= 12, "a home screen shows about 12 characters"
    assert manifest["display"] == "standalone"
    assert manifest["dir"] in ("ltr", "rtl")
    colours = build_manifests.palette_colours()
    assert manifest["theme_color"] == colours["theme_color"]
    assert manifest["background_color"] == colours["background_color"]


def load_mkdocs_site_name() -> str:
    return build_manifests._mkdocs_config()["site_name"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_url_is_the_language_home_inside_the_scope(built_site, lang):
    url, manifest = manifest_of(built_site, lang)
    start = urljoin(url, manifest["start_url"])
    scope = urljoin(url, manifest["scope"])
    assert start == page_url("index", lang)
    assert start.startswith(scope) and scope.startswith(BASE)
    # An installed app is identified by its id: one app per language.
    assert urljoin(url, manifest.get("id", manifest["start_url"])) == start
    home = head_of(built_site / site_path(start))
    assert home.links["manifest"], "the start page links its manifest"


def test_each_language_is_its_own_app(built_site):
    ids = {urljoin(url, m.get("id", m["start_url"]))
           for url, m in (manifest_of(built_site, lang) for lang in LANGUAGES)}
    assert len(ids) == len(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_icons_exist_with_the_stated_sizes(built_site, lang):
    url, manifest = manifest_of(built_site, lang)
    purposes = set()
    sizes = set()
    for icon in manifest["icons"]:
        path = built_site / site_path(urljoin(url, icon["src"]))
        assert path.is_file(), f"{icon['src']} is missing"
        assert icon["type"] == "image/png"
        width, height = png_size(path)
        assert icon["sizes"] == f"{width}x{height}", f"{icon['src']} is {width}x{height}"
        purposes.update(icon.get("purpose", "any").split())
        sizes.add(icon["sizes"])
    # What Chromium requires to offer installation, and Android's adaptive icons.
    assert {"192x192", "512x512"} <= sizes and {"any", "maskable"} <= purposes


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_links_the_manifest_of_its_language(built_site, page, lang):
    path = page_html(built_site, page, lang)
    head = head_of(path)
    url = urljoin(page_url(page, lang), head.links["manifest"])
    assert site_path(url) == f"{build_manifests.MANIFEST_DIR}/{lang}.webmanifest"
    assert head.metas.get("theme-color") == build_manifests.palette_colours()["theme_color"]
    icon = built_site / site_path(urljoin(page_url(page, lang), head.links["apple-touch-icon"]))
    assert png_size(icon) == (180, 180)


def test_the_404_page_links_a_manifest(built_site):
    head = head_of(built_site / "404.html")
    assert head.links.get("manifest", "").endswith(".webmanifest")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_offline_download_points_phones_to_the_installed_site(built_site, lang):
    text = html.unescape(page_html(built_site, "index", lang).read_text(encoding="utf-8"))
    fragment = CONTENT["site/ui-fragments/offline"]["offline_copy"]
    for key in ("link", "how", "phone"):
        # The link's {size} is written by scripts/build_offline.py once the archive exists.
        pattern = re.escape(fragment[key][lang]).replace(re.escape("{size}"), r"[0-9]+[.,][0-9]")
        assert re.search(pattern, text), f"offline_copy.{key} [{lang}] is not on the home page"


@pytest.mark.browser
def test_chromium_finds_each_language_installable_as_its_own_app(browser, served_site, tmp_path):
    """Chromium's own manifest parser and install criteria (DevTools protocol),
    in a profile on disk: a Playwright context is incognito, where Chromium
    never offers installation."""
    # The session's Playwright (a second sync_playwright() cannot run beside it).
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)  # a busy 2-core machine: never asserted on
        app_ids = {}
        for lang in LANGUAGES:
            home = page_url("index", lang).replace(BASE, served_site)
            page.goto(home)
            # Installable once the service worker controls the page.
            page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
            page.reload()
            cdp = context.new_cdp_session(page)
            found = cdp.send("Page.getAppManifest")
            assert found["url"].endswith(f"/{lang}.webmanifest") and not found["errors"], found["errors"]
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
            app_ids[lang] = cdp.send("Page.getAppId")["appId"]
            assert app_ids[lang] == home
        assert len(set(app_ids.values())) == len(LANGUAGES)
    finally:
        context.close()

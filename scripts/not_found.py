"""MkDocs hook: a "page not found" page in each language.

Material renders one 404.html per build, and the i18n plugin runs one build
per language into the same site/, so the last language built would be the
404 for every address. Here the page gets its words from content
(content/site/ui.yaml, `not_found`) in the language being built, and is
written to that language's directory (site/kk/404.html …); the root 404.html
stays the default language's. scripts/static_host.py serves a language's 404
for a missing path below that language's directory, as a host configured per
directory would.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

MARKER = "<!-- not-found -->"
_default_output: dict[str, str] = {}


def _languages(config) -> tuple[str, str]:
    """(language being built, default language)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        language = config.theme.get("language", "ru")
        return language, language
    return i18n.current_language, i18n.default_language


ROOT = Path(__file__).resolve().parent.parent
TITLE = re.compile(r"<title>([^<]*)</title>")


def _texts(language: str) -> dict[str, str]:
    if str(ROOT) not in sys.path:  # MkDocs loads hooks by path
        sys.path.insert(0, str(ROOT))
    from scripts.render_pages import load_ui

    group = load_ui()["not_found"]
    return {key: html.escape(group[key][language]) for key in ("title", "text", "home")}


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name != "404.html":
        return output
    if MARKER not in output:
        raise PluginError("404.html: the not-found marker of overrides/404.html is missing")
    language, default = _languages(config)
    words = _texts(language)
    home = "/" if language == default else f"/{language}/"
    page = output.replace(MARKER, (
        f'<h1>{words["title"]}</h1>\n<p>{words["text"]}</p>\n'
        f'<p><a class="md-button md-button--primary" href="{home}">{words["home"]}</a></p>'))
    page = TITLE.sub(lambda m: f"<title>{words['title']} - {m.group(1)}</title>", page, count=1)
    if language == default:
        _default_output["page"] = page
        return page
    target = Path(config.site_dir) / language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    # The root 404.html stays the default language's.
    return _default_output.get("page", page)

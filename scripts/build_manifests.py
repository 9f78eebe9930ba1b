"""One web app manifest per site language, and the icons they name.

So that "Add to home screen" (or "Install") opens the site in the reader's
language: docs/assets/manifests/<lang>.webmanifest, linked from every page of
that language by overrides/main.html. Everything is read from mkdocs.yml (the
i18n languages, their site_name and site_description, the theme palette) and
from content (`app.short_name` in content/site/ui-fragments/app.yaml), so a new
language needs no code. The colours are Material's own values for the palette
mkdocs.yml names, read from the installed theme's stylesheets.

The icons are drawn here (a plain square of the primary colour with a white
cross, written with zlib), so the repository holds no binary and the icons
follow the palette. `render_pages` runs this before mkdocs builds the site.
"""

from __future__ import annotations

import json
import re
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

import yaml

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, MKDOCS_YML, ROOT, _ConfigLoader, site_languages

DOCS_DIR = ROOT / "docs"
MANIFEST_DIR = "assets/manifests"
IMAGE_DIR = "assets/images"
UI_FRAGMENT = ROOT / "content" / "site" / "ui-fragments" / "app.yaml"

# (file name, size in px, purpose). "maskable" icons keep the cross inside the
# central circle of 80 % that launchers may crop to (W3C Web App Manifest,
# "icon masks"); Apple's home screen rounds the corners itself, so its icon is
# drawn the maskable way too.
ICONS = (
    ("app-icon-192.png", 192, "any"),
    ("app-icon-512.png", 512, "any"),
    ("app-icon-maskable-192.png", 192, "maskable"),
    ("app-icon-maskable-512.png", 512, "maskable"),
)
APPLE_TOUCH_ICON = ("apple-touch-icon.png", 180, "maskable")
# Arm length of the cross as a share of the icon's side.
CROSS_SPAN = {"any": 0.6, "maskable": 0.44}

# Scripts written right to left (ISO 639-1): the manifest's `dir` follows the
# language, whatever language is added.
RTL_LANGUAGES = {"ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi"}


def _mkdocs_config(config: Path = MKDOCS_YML) -> dict[str, Any]:
    return yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def _material_css() -> str:
    import material  # the theme installed from requirements.lock

    styles = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(styles.glob("*.css")))


def _css_variable(css: str, selector: str, variable: str) -> str:
    for block in re.finditer(re.escape(selector) + r"[^{]*\{([^}]*)\}", css):
        found = re.search(re.escape(variable) + r"\s*:\s*(#[0-9a-fA-F]{3,8})\b", block.group(1))
        if found:
            return "#%02x%02x%02x" % _hex_rgb(found.group(1))
    raise LookupError(f"Material's stylesheets: no {variable} in {selector}")


def palette_colours(config: dict[str, Any] | None = None, css: str | None = None) -> dict[str, str]:
    """theme_color = the header's colour (the palette's primary), background_color
    = the page background of the palette's scheme."""
    config = config if config is not None else _mkdocs_config()
    palette = config["theme"].get("palette", {})
    if isinstance(palette, list):  # a light/dark toggle: the first is the default
        palette = palette[0]
    primary = palette.get("primary", "indigo").replace(" ", "-")
    scheme = palette.get("scheme", "default")
    css = css if css is not None else _material_css()
    return {
        "theme_color": _css_variable(css, f"[data-md-color-primary={primary}]", "--md-primary-fg-color"),
        "background_color": _css_variable(css, f"[data-md-color-scheme={scheme}]", "--md-default-bg-color"),
    }


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(c * 2 for c in digits[:3])
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def icon_png(size: int, colour: str, purpose: str) -> bytes:
    """A square of `colour` with a white cross in the middle, as an RGB PNG."""
    background, white = bytes(_hex_rgb(colour)), b"\xff\xff\xff"
    span = round(size * CROSS_SPAN[purpose])
    bar = max(1, round(span / 3))
    low, high = (size - span) // 2, (size - span) // 2 + span
    bar_low, bar_high = (size - bar) // 2, (size - bar) // 2 + bar
    plain = background * size
    across = background * low + white * span + background * (size - high)
    upright = background * bar_low + white * bar + background * (size - bar_high)
    rows = []
    for y in range(size):
        if bar_low <= y < bar_high:
            rows.append(across)
        elif low <= y < high:
            rows.append(upright)
        else:
            rows.append(plain)
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def short_names(fragment: Path = UI_FRAGMENT) -> dict[str, str]:
    return yaml.safe_load(fragment.read_text(encoding="utf-8"))["app"]["short_name"]


def language_home(lang: str) -> str:
    """The home page of `lang`, relative to the site root (the i18n plugin
    puts the default language at the root, the others under their code)."""
    return "./" if lang == DEFAULT_LANGUAGE else f"./{lang}/"


def manifest(lang: str, config: dict[str, Any], colours: dict[str, str], short: dict[str, str]) -> dict[str, Any]:
    """The manifest of one language. Its URLs are relative to the manifest's
    own URL (assets/manifests/), so the site works under any base path."""
    entry = next(e for e in site_languages() if e["locale"] == lang)
    up = "../" * len(MANIFEST_DIR.split("/"))
    home = up + language_home(lang).removeprefix("./")
    return {
        "id": home,
        "name": entry.get("site_name") or config["site_name"],
        "short_name": short[lang],
        "description": " ".join((entry.get("site_description") or config.get("site_description", "")).split()),
        "lang": lang,
        "dir": "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr",
        "start_url": home,
        # The whole site: the language switcher stays inside the installed app.
        "scope": up,
        "display": "standalone",
        "theme_color": colours["theme_color"],
        "background_color": colours["background_color"],
        "icons": [{"src": f"{up}{IMAGE_DIR}/{name}", "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": purpose} for name, size, purpose in ICONS],
    }


def write_all(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Writes the icons and one manifest per language under docs_dir; returns
    the files written."""
    config = _mkdocs_config()
    colours = palette_colours(config)
    short = short_names()
    written = []
    images = docs_dir / IMAGE_DIR
    images.mkdir(parents=True, exist_ok=True)
    for name, size, purpose in (*ICONS, APPLE_TOUCH_ICON):
        path = images / name
        data = icon_png(size, colours["theme_color"], purpose)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    manifests = docs_dir / MANIFEST_DIR
    manifests.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        path = manifests / f"{lang}.webmanifest"
        text = json.dumps(manifest(lang, config, colours, short), ensure_ascii=False, indent=2) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_all():
        print(written_path.relative_to(ROOT))
    sys.exit(0)

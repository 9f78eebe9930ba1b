"""MkDocs hook: the page's <meta name="theme-color"> (overrides/main.html) gets
the same colour as the web app manifests, computed once by
scripts/build_manifests.py from mkdocs.yml's palette, so the two never differ."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads hooks by file path: the repository root is not on sys.path.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from scripts.build_manifests import palette_colours  # noqa: E402


def on_config(config):
    config.extra["app_theme_color"] = palette_colours()["theme_color"]
    return config

"""Shared fixtures of every test area: the repository root, the built site,
the site served on a free localhost port, and Debian's Chromium driven by
Playwright. Area-specific fixtures live in each folder's own conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SITE = ROOT / "site"
# Playwright's own browser download cannot work here: Debian's Chromium, with
# the flags that keep it from reaching the network by itself.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def build_site() -> None:
    """What `make site` runs, for a test run started without it."""
    bin_dir = Path(sys.executable).parent
    steps = [
        [sys.executable, "-m", "scripts.render_pages"],
        [str(bin_dir / "mkdocs"), "build", "--strict", "--quiet"],
        [sys.executable, "-m", "scripts.build_engine", "--into", "site"],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if result.returncode != 0:
            pytest.fail(f"building the site failed at {' '.join(step[1:])}:\n"
                        f"{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site() -> Path:
    """site/ as `make site` leaves it (the Makefile builds before pytest)."""
    if not (SITE / "index.html").is_file():
        build_site()
    return SITE


@pytest.fixture(scope="session")
def served_site(built_site: Path):
    """Base URL (ending in /) of the built site on 127.0.0.1, served like a
    real static host (scripts/serve.py)."""
    from scripts.serve import StaticHost

    with StaticHost(built_site, port=0, warm=False) as host:
        yield host.url + "/"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

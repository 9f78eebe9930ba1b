"""Valid HTML: html-validate (npm, pinned in package-lock.json) over every
built page. Our templates produce no error; the theme's few are listed in
tests/site/html_allowed.yaml with their reasons. `make site` first."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "htmlvalidate.json"
ALLOWED = yaml.safe_load((HERE / "html_allowed.yaml").read_text(encoding="utf-8"))


def built_pages(site: Path) -> list[Path]:
    # The engine's and the download's files are not pages of ours.
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("engine", "download"))


def allowed(message: dict) -> dict | None:
    for entry in ALLOWED:
        if message.get("ruleId") == entry["rule"] and re.search(entry["selector"], message.get("selector") or ""):
            return entry
    return None


def test_every_built_page_is_valid_html(root, built_site, tmp_path):
    if not (root / "node_modules" / "html-validate").is_dir():
        pytest.fail("node_modules/html-validate is missing: `make deps` (npm ci) installs it")
    pages = built_pages(built_site)
    assert len(pages) >= 44  # 11 pages × 4 languages, and the 404 pages
    out = tmp_path / "report.json"
    run = subprocess.run(["node", str(HERE / "html_validate.mjs"), str(CONFIG), str(out), *map(str, pages)],
                         cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    errors, used = [], set()
    for result in report:
        for message in result["messages"]:
            entry = allowed(message)
            if entry is None:
                errors.append(f"{Path(result['filePath']).relative_to(built_site)}:{message['line']}: "
                              f"{message['ruleId']}: {message['message']}")
            else:
                used.add(entry["rule"])
    assert errors == [], "\n".join(errors[:30])
    assert used == {entry["rule"] for entry in ALLOWED}, "an allow-list entry matches nothing any more"

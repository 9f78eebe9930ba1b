"""Loads content/ into one mapping: the single way facts reach scripts and tests.

Keys are path ids: `content/diseases.yaml` is `diseases`,
`content/procedures/foreigners.yaml` is `procedures/foreigners`. The
documents in `content/documents/*.yaml` are gathered under `documents`, keyed by
their `id`. Validation (schemas, languages, citations) lives in
`scripts/validate_content.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
LANGUAGES = ("ru", "kk", "ky", "en")
DEFAULT_LANGUAGE = "ru"


def content_files(root: Path = CONTENT_DIR) -> list[Path]:
    """Every content YAML file, schemas excluded, in a stable order."""
    return sorted(p for p in root.rglob("*.yaml") if "schema" not in p.relative_to(root).parts)


def path_id(path: Path, root: Path = CONTENT_DIR) -> str:
    return path.relative_to(root).with_suffix("").as_posix()


def load_content(root: Path = CONTENT_DIR) -> dict[str, Any]:
    content: dict[str, Any] = {"documents": {}}
    for path in content_files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pid = path_id(path, root)
        if pid.startswith("documents/"):
            content["documents"][data["id"]] = data
        else:
            content[pid] = data
    return content

"""Loads content/ into one mapping: the single way facts reach scripts and tests.

Keys are path ids: `content/diseases.yaml` is `diseases`,
`content/procedures/foreigners.yaml` is `procedures/foreigners`. The
documents in `content/documents/*.yaml` are gathered under `documents`, keyed by
their `id`. Validation (schemas, languages, citations) lives in
`scripts/validate_content.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
SCHEMA_DIR = CONTENT_DIR / "schema"
MKDOCS_YML = ROOT / "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its `!ENV` and `!!python/name` tags
    become plain values, which is all the language list needs."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_languages(config: Path = MKDOCS_YML) -> list[dict[str, Any]]:
    """The site's languages, as mkdocs-static-i18n is configured: the one list
    of languages. Everything else (content checks, schemas, the rules' texts,
    the page templates, the service worker, the tests) reads it from here."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for plugin in data.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return list(plugin["i18n"]["languages"])
    raise LookupError(f"{config}: no i18n plugin with languages")


_LANGUAGE_CONFIG = site_languages()
DEFAULT_LANGUAGE = next(entry["locale"] for entry in _LANGUAGE_CONFIG if entry.get("default"))
# Default first: the rules and the tests take the first as the fallback.
LANGUAGES = (DEFAULT_LANGUAGE, *(e["locale"] for e in _LANGUAGE_CONFIG if e["locale"] != DEFAULT_LANGUAGE))


# The languages of the clinic sheet the wizard prints (its result twice):
# the visitor's language beside Russian, which clinic staff everywhere in
# Kazakhstan read; on the Russian page, Kazakh, the state language, beside it.
# Also the languages a wizard page asks the rules for, so the engine build
# (scripts/build_engine.py) gives each page's engine the texts of just these.
CLINIC_LANGUAGE = "ru"
STATE_LANGUAGE = "kk"


def print_language(lang: str) -> str:
    """The second language of `lang`'s print sheet (see above)."""
    return STATE_LANGUAGE if lang == CLINIC_LANGUAGE else CLINIC_LANGUAGE


def load_schema(path: Path) -> dict[str, Any]:
    """A JSON Schema of content/schema/, with the site's languages filled into
    common.schema.json's `text` and `lang` (the file holds the default
    language only, so that adding a language never means editing schemas)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    defs = schema.get("$defs", {}) if isinstance(schema, dict) else {}
    if "text" in defs and "lang" in defs:
        defs["text"]["properties"] = {lang: {"$ref": "#/$defs/nonEmptyString"} for lang in LANGUAGES}
        defs["text"]["required"] = list(LANGUAGES)
        defs["lang"]["enum"] = list(LANGUAGES)
    return schema


def content_files(root: Path = CONTENT_DIR) -> list[Path]:
    """Every content YAML file, schemas excluded, in a stable order."""
    return sorted(p for p in root.rglob("*.yaml") if "schema" not in p.relative_to(root).parts)


def path_id(path: Path, root: Path = CONTENT_DIR) -> str:
    return path.relative_to(root).with_suffix("").as_posix()


def load_content(root: Path = CONTENT_DIR) -> dict[str, Any]:
    """Every content file by its path id, the documents by id, and `languages`:
    the site's language codes, default first (the rules read them from here)."""
    content: dict[str, Any] = {"documents": {}, "languages": list(LANGUAGES)}
    for path in content_files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pid = path_id(path, root)
        if pid.startswith("documents/"):
            content["documents"][data["id"]] = data
        else:
            content[pid] = data
    return content

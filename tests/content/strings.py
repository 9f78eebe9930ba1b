"""Every translatable string of content/ with the file and YAML path it sits
at, for the checks that read all texts of one language (the letter and
abbreviation guards). Schemas and the seed texts are not content strings."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, NamedTuple

import yaml

from scripts.content import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


class String(NamedTuple):
    file: str   # relative to content/
    path: str   # YAML path, list items by their id/number/row when they have one
    lang: str
    text: str

    def where(self) -> str:
        return f"content/{self.file}: {self.path}"


def _label(index: int, item: Any) -> str:
    if isinstance(item, dict):
        for key in ("id", "number", "row", "step"):
            if key in item:
                return f"[{key}={item[key]}]"
    return f"[{index}]"


def _walk(node: Any, path: list[str]) -> Iterator[tuple[list[str], str, str]]:
    if isinstance(node, dict):
        # A glossary variant: `form` is a text in the language `lang` names.
        if isinstance(node.get("lang"), str) and isinstance(node.get("form"), str):
            yield path + ["form"], node["lang"], node["form"]
        for key, value in node.items():
            key = str(key)
            if key in LANGUAGES and isinstance(value, str):
                yield path + [key], key, value
            else:
                yield from _walk(value, path + [key])
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, path + [_label(index, item)])


def content_strings(root: Path = CONTENT) -> Iterator[String]:
    for file in sorted(root.rglob("*.yaml")):
        rel = file.relative_to(root)
        if rel.parts[0] in ("schema", "sources"):
            continue
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for path, lang, text in _walk(data, []):
            yield String(rel.as_posix(), ".".join(path), lang, text)

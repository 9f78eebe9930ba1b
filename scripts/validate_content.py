"""Checks every content file before anything is built from it.

1. Each YAML file against its JSON Schema in `content/schema/` (the mapping
   rule is in `content/schema/README.md`): `X.yaml` ↔ `schema/X.schema.json`;
   `documents/*.yaml` ↔ `document.schema.json`; `procedures/*.yaml` ↔
   `procedure.schema.json` unless `schema/<basename>.schema.json` exists. A
   file with no schema is a problem, not a pass.
2. Cross-checks no schema can express: every translatable map has all four
   languages, non-empty; every `source` names an existing document and part;
   every part is published on a known page.

`python -m scripts.validate_content` prints one line per problem
(`file: path in file: what is wrong`) and exits 1 if there is any.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml
from jsonschema.validators import validator_for
from referencing import Registry, Resource

from scripts.content import CONTENT_DIR, LANGUAGES, content_files, load_schema, path_id

# Directories whose files share one schema, by the singular of the folder name.
# `procedures/` files may have a schema of their own (rule 1 above).
SHARED_SCHEMAS = {
    "documents": "document",
    "procedures": "procedure",
    "rules": "rule",
    "site/ui-fragments": "ui",
}
SPECIFIC_SCHEMA_ALLOWED = {"procedures", "rules"}
PAGES_FILE = "site/pages"


@dataclass(frozen=True)
class Problem:
    file: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where or '(top)'}: {self.what}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} content problem(s):\n{lines}")


def schema_for(pid: str, schema_dir: Path) -> Path | None:
    """The schema file a content file is checked against, or None."""
    folder, _, basename = pid.rpartition("/")
    candidates: list[Path] = []
    if folder in SHARED_SCHEMAS:
        if folder in SPECIFIC_SCHEMA_ALLOWED:
            candidates.append(schema_dir / f"{basename}.schema.json")
        candidates.append(schema_dir / f"{SHARED_SCHEMAS[folder]}.schema.json")
    else:
        candidates.append(schema_dir / f"{pid}.schema.json")
        # `site/pages.yaml` ↔ `schema/pages.schema.json`: schemas are one flat folder.
        candidates.append(schema_dir / f"{basename}.schema.json")
    return next((c for c in candidates if c.is_file()), None)


def as_json_data(value: Any) -> Any:
    """YAML turns unquoted dates (also as mapping keys) into date objects; the
    schemas speak JSON, where a date is a string."""
    if isinstance(value, dict):
        return {as_json_data(k) if isinstance(k, (dt.date, dt.datetime)) else k: as_json_data(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_data(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def format_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_registry(schema_dir: Path) -> tuple[Registry, dict[Path, dict]]:
    """All schemas, so one may `$ref` another by file name or by `$id`."""
    schemas: dict[Path, dict] = {}
    resources = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = load_schema(path)
        schemas[path] = schema
        resource = Resource.from_contents(schema, default_specification=_draft(schema))
        resources.append((path.resolve().as_uri(), resource))
        if isinstance(schema, dict) and "$id" in schema:
            resources.append((schema["$id"], resource))
    return Registry().with_resources(resources), schemas


def _draft(schema: Any):
    from referencing.jsonschema import DRAFT202012, specification_with

    if isinstance(schema, dict) and "$schema" in schema:
        return specification_with(schema["$schema"], default=DRAFT202012)
    return DRAFT202012


def schema_problems(root: Path) -> tuple[list[Problem], dict[str, Any]]:
    """Schema check of every file; also returns the parsed files by path id."""
    problems: list[Problem] = []
    data_by_id: dict[str, Any] = {}
    schema_dir = root / "schema"
    try:
        registry, schemas = schema_registry(schema_dir)
    except (json.JSONDecodeError, OSError) as err:
        return [Problem("content/schema", "", f"unreadable schema: {err}")], data_by_id
    for path in content_files(root):
        rel = f"content/{path.relative_to(root).as_posix()}"
        pid = path_id(path, root)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            problems.append(Problem(rel, "", f"not valid YAML: {err}"))
            continue
        data_by_id[pid] = data
        schema_path = schema_for(pid, schema_dir)
        if schema_path is None:
            problems.append(Problem(rel, "", "no JSON Schema for this file in content/schema/ "
                                             "(see content/schema/README.md)"))
            continue
        schema = dict(schemas[schema_path])
        schema.setdefault("$id", schema_path.resolve().as_uri())
        validator_cls = validator_for(schema)
        validator = validator_cls(schema, registry=registry,
                                  format_checker=validator_cls.FORMAT_CHECKER)
        for error in sorted(validator.iter_errors(as_json_data(data)),
                            key=lambda e: list(map(str, e.absolute_path))):
            problems.append(Problem(rel, format_path(error.absolute_path),
                                    f"{error.message} (schema {schema_path.name})"))
    return problems, data_by_id


def walk(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, path + (index,))


def is_translatable(value: Any) -> bool:
    return isinstance(value, dict) and any(lang in value for lang in LANGUAGES)


def translation_problems(rel: str, data: Any) -> list[Problem]:
    problems = []
    for path, value in walk(data):
        if not is_translatable(value):
            continue
        for lang in LANGUAGES:
            text = value.get(lang)
            if text is None or (isinstance(text, str) and not text.strip()):
                problems.append(Problem(rel, format_path(path),
                                        f"translatable text has no '{lang}'"))
    return problems


def citation_problems(rel: str, data: Any, documents: dict[str, Any]) -> list[Problem]:
    problems = []
    for path, value in walk(data):
        if not (path and path[-1] == "source"):
            continue
        sources = value if isinstance(value, list) else [value]
        for index, source in enumerate(sources):
            where = format_path(path + ((index,) if isinstance(value, list) else ()))
            if not isinstance(source, dict):
                problems.append(Problem(rel, where, "a source must be {document, part}"))
                continue
            doc_id, part = source.get("document"), source.get("part")
            if doc_id not in documents:
                problems.append(Problem(rel, where, f"unknown document '{doc_id}'"))
            elif part not in (documents[doc_id].get("parts") or {}):
                problems.append(Problem(rel, where,
                                        f"document '{doc_id}' has no part '{part}'"))
    return problems


def page_problems(data_by_id: dict[str, Any], documents: dict[str, tuple[str, Any]]) -> list[Problem]:
    pages_data = data_by_id.get(PAGES_FILE)
    page_ids = {p.get("id") for p in (pages_data or {}).get("pages", []) if isinstance(p, dict)}
    problems = []
    if not page_ids:
        problems.append(Problem(f"content/{PAGES_FILE}.yaml", "pages", "no pages defined"))
    for doc_id, (rel, doc) in documents.items():
        for part_id, part in (doc.get("parts") or {}).items():
            page = part.get("page") if isinstance(part, dict) else None
            if page not in page_ids:
                problems.append(Problem(rel, f"parts.{part_id}.page", f"unknown page '{page}'"))
    for index, page in enumerate((pages_data or {}).get("pages", [])):
        for doc_id in page.get("documents", []) if isinstance(page, dict) else []:
            if doc_id not in documents:
                problems.append(Problem(f"content/{PAGES_FILE}.yaml",
                                        f"pages[{index}].documents", f"unknown document '{doc_id}'"))
    return problems


def find_problems(root: Path = CONTENT_DIR) -> list[Problem]:
    problems, data_by_id = schema_problems(root)
    documents: dict[str, tuple[str, Any]] = {}
    for pid, data in data_by_id.items():
        if pid.startswith("documents/") and isinstance(data, dict) and "id" in data:
            rel = f"content/{pid}.yaml"
            if data["id"] in documents:
                problems.append(Problem(rel, "id", f"document id '{data['id']}' used twice"))
            documents[data["id"]] = (rel, data)
    plain_documents = {doc_id: doc for doc_id, (_, doc) in documents.items()}
    for pid, data in data_by_id.items():
        rel = f"content/{pid}.yaml"
        problems += translation_problems(rel, data)
        problems += citation_problems(rel, data, plain_documents)
    problems += page_problems(data_by_id, documents)
    return problems


def validate(root: Path = CONTENT_DIR) -> None:
    """Raises ContentError listing every problem."""
    problems = find_problems(root)
    if problems:
        raise ContentError(problems)


def main() -> int:
    problems = find_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"validate_content: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("validate_content: all content files are valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())

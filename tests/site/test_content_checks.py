"""The content passes its schemas and cross-checks, and the checker really
catches what it promises to catch (each broken case below must be reported)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from scripts.content import CONTENT_DIR, LANGUAGES
from scripts.validate_content import find_problems, schema_for


def test_all_content_passes_schemas_and_cross_checks():
    problems = find_problems()
    assert not problems, "\n".join(map(str, problems))


@pytest.fixture()
def small_content(tmp_path: Path) -> Path:
    """A tiny valid content tree: the real schemas, one document, two pages."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / "schema", root / "schema")
    (root / "documents").mkdir(parents=True)
    (root / "site").mkdir()
    text = {lang: {"ru": "текст", "kk": "мәтін", "ky": "текст"}.get(lang, "text") for lang in LANGUAGES}
    document = {
        "id": "order1", "kind": "order", "number": "№ 1", "title": text, "date": "2020-01-02",
        "amendments": [], "official_languages": ["ru"], "authoritative": ["ru"],
        "url": "https://adilet.zan.kz/rus/docs/V0000000001",
        "parts": {"annex1": {"label": text, "page": "home"}},
    }
    (root / "documents" / "order1.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    pages = {"in_force_as_of": "2026-01-01", "pages": [
        {"id": "home", "title": text, "description": text, "documents": ["order1"]},
    ]}
    (root / "site" / "pages.yaml").write_text(yaml.safe_dump(pages, allow_unicode=True))
    shutil.copy(CONTENT_DIR / "site" / "ui.yaml", root / "site" / "ui.yaml")
    return root


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def whats(problems) -> list[str]:
    return [str(p).split("content/", 1)[-1] for p in problems]


def test_small_tree_is_valid(small_content):
    assert find_problems(small_content) == []


def test_a_missing_language_is_reported_with_its_path(small_content):
    edit(small_content / "documents" / "order1.yaml", lambda d: d["parts"]["annex1"]["label"].pop("ky"))
    assert any("documents/order1.yaml: parts.annex1.label: translatable text has no 'ky'" in w
               for w in whats(find_problems(small_content)))


def test_an_unknown_document_or_part_in_a_source_is_reported(small_content):
    (small_content / "notes.yaml").write_text(yaml.safe_dump({"items": [
        {"source": {"document": "nowhere", "part": "x"}},
        {"source": [{"document": "order1", "part": "annex9"}]},
    ]}))
    (small_content / "schema" / "notes.schema.json").write_text('{"type": "object"}')
    found = whats(find_problems(small_content))
    assert "notes.yaml: items[0].source: unknown document 'nowhere'" in found
    assert "notes.yaml: items[1].source[0]: document 'order1' has no part 'annex9'" in found


def test_a_part_on_an_unknown_page_is_reported(small_content):
    edit(small_content / "documents" / "order1.yaml", lambda d: d["parts"]["annex1"].update(page="nowhere"))
    assert "documents/order1.yaml: parts.annex1.page: unknown page 'nowhere'" in whats(find_problems(small_content))


def test_a_file_without_schema_fails(small_content):
    (small_content / "orphan.yaml").write_text("a: 1\n")
    assert any(w.startswith("orphan.yaml: (top): no JSON Schema") for w in whats(find_problems(small_content)))


def test_a_schema_violation_names_file_and_path(small_content):
    edit(small_content / "site" / "pages.yaml", lambda d: d["pages"][0].update(id="Not An Id"))
    assert any(w.startswith("site/pages.yaml: pages[0].id: ") for w in whats(find_problems(small_content)))


@pytest.mark.parametrize("pid, schema", [
    ("documents/dsm45_2021", "document.schema.json"),
    ("site/pages", "pages.schema.json"),
    ("site/ui", "ui.schema.json"),
    ("site/ui-fragments/wizard", "ui.schema.json"),
    ("procedures/treatment_abroad", "treatment_abroad.schema.json"),
])
def test_schema_mapping_follows_the_rule(pid, schema):
    found = schema_for(pid, CONTENT_DIR / "schema")
    assert found is not None and found.name == schema

"""The schemas of order ҚР ДСМ-121/2020's content, the 12 steps and the
glossary accept those files and reject the mistakes they exist to catch.

Schemas `$ref` each other by `$id` (their file name), so they are loaded into
one `referencing` registry, as `scripts/validate_content.py` does.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from scripts.content import LANGUAGES, load_schema

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SCHEMAS = CONTENT / "schema"

# content file → schema file, by the naming rule of content/schema/README.md
MY_FILES = {
    "documents/dsm121_2020.yaml": "document.schema.json",
    "documents/guide_foreigners.yaml": "document.schema.json",
    "diseases.yaml": "diseases.schema.json",
    "services.yaml": "services.schema.json",
    "procedures/foreigners.yaml": "procedure.schema.json",
    "glossary.yaml": "glossary.schema.json",
}
MY_SCHEMAS = sorted({*MY_FILES.values(), "common.schema.json"})


def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = load_schema(path)
        resources.append((schema.get("$id", path.name),
                          Resource.from_contents(schema, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def validator(schema_name: str) -> Draft202012Validator:
    schema = load_schema(SCHEMAS / schema_name)
    return Draft202012Validator(schema, registry=registry())


def data(relative: str):
    return yaml.safe_load((CONTENT / relative).read_text(encoding="utf-8"))


def errors(schema_name: str, value) -> list[str]:
    return [e.message for e in validator(schema_name).iter_errors(value)]


@pytest.mark.parametrize("schema_name", MY_SCHEMAS)
def test_schema_is_valid_draft_2020_12_with_its_file_name_as_id(schema_name):
    schema = load_schema(SCHEMAS / schema_name)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == schema_name


@pytest.mark.parametrize("relative", sorted(MY_FILES))
def test_content_file_matches_its_schema(relative):
    assert errors(MY_FILES[relative], data(relative)) == []


def test_the_readme_states_the_naming_rule_first():
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    for rule in ("schema/X.schema.json", "document.schema.json", "procedure.schema.json",
                 "common.schema.json"):
        assert rule in head, rule


# ----------------------------------------------------------- common.schema.json

TEXT = {"$ref": "common.schema.json#/$defs/text"}
SOURCES = {"$ref": "common.schema.json#/$defs/sources"}


def common_errors(definition: dict, value) -> list[str]:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **definition}
    return [e.message for e in Draft202012Validator(schema, registry=registry()).iter_errors(value)]


def test_a_text_needs_every_site_language_and_nothing_else():
    full = {lang: "текст" for lang in LANGUAGES}
    assert common_errors(TEXT, full) == []
    for lang in LANGUAGES:
        assert common_errors(TEXT, {k: v for k, v in full.items() if k != lang}), lang
    assert common_errors(TEXT, {**full, "xx": "o"})
    assert common_errors(TEXT, {**full, LANGUAGES[-1]: ""})
    assert common_errors(TEXT, {**full, LANGUAGES[-1]: "   "})


def test_a_source_is_document_and_part_with_at_most_one_locator():
    assert common_errors(SOURCES, {"document": "dsm121_2020", "part": "annex1", "row": 6}) == []
    assert common_errors(SOURCES, {"document": "order665", "part": "definitions",
                                   "subparagraph": "7)"}) == []
    assert common_errors(SOURCES, [{"document": "a", "part": "b"}, {"document": "c", "part": "d"}]) == []
    assert common_errors(SOURCES, {"document": "dsm121_2020"})
    assert common_errors(SOURCES, {"document": "dsm121_2020", "part": "annex1", "row": 6, "step": 1})
    assert common_errors(SOURCES, {"document": "dsm121_2020", "part": "annex1", "page": 2})
    assert common_errors(SOURCES, [])


# ----------------------------------------------------------- the files' schemas

def test_a_disease_without_icd10_or_with_a_malformed_code_is_rejected():
    diseases = data("diseases.yaml")
    broken = copy.deepcopy(diseases)
    del broken["diseases"][0]["icd10"]
    assert errors("diseases.schema.json", broken)
    broken = copy.deepcopy(diseases)
    broken["diseases"][5]["icd10"] = ["b01"]
    assert errors("diseases.schema.json", broken)


def test_a_service_row_needs_a_known_period_and_a_count():
    services = data("services.yaml")
    broken = copy.deepcopy(services)
    broken["rows"][0]["frequency"]["period"] = "month"
    assert errors("services.schema.json", broken)
    broken = copy.deepcopy(services)
    del broken["rows"][0]["frequency"]["count"]
    assert errors("services.schema.json", broken)


def test_a_step_needs_number_text_and_source_and_a_known_channel():
    procedure = data("procedures/foreigners.yaml")
    broken = copy.deepcopy(procedure)
    del broken["steps"][0]["source"]
    assert errors("procedure.schema.json", broken)
    broken = copy.deepcopy(procedure)
    broken["steps"][4]["channel"] = ["fax"]
    assert errors("procedure.schema.json", broken)
    assert errors("procedure.schema.json", {"source": {"document": "x", "part": "y"}})


def test_a_glossary_variant_must_say_what_kind_it_is_and_where_it_was_found():
    glossary = data("glossary.yaml")
    broken = copy.deepcopy(glossary)
    gobmp = next(t for t in broken["terms"] if t["id"] == "gobmp")
    del gobmp["variants"][0]["source"]
    assert errors("glossary.schema.json", broken)
    broken = copy.deepcopy(glossary)
    next(t for t in broken["terms"] if t["id"] == "gobmp")["variants"][0]["kind"] = "mistake"
    assert errors("glossary.schema.json", broken)


def test_an_order_needs_number_date_official_languages_and_link():
    order = data("documents/dsm121_2020.yaml")
    for key in ("number", "date", "official_languages", "url"):
        broken = {k: v for k, v in order.items() if k != key}
        assert errors("document.schema.json", broken), key


def test_a_document_part_needs_a_label_and_a_page():
    order = data("documents/dsm121_2020.yaml")
    broken = copy.deepcopy(order)
    del broken["parts"]["annex1"]["page"]
    assert errors("document.schema.json", broken)


def test_the_order_121_parts_are_published_on_the_agreed_pages():
    parts = data("documents/dsm121_2020.yaml")["parts"]
    assert {part: value["page"] for part, value in parts.items()} == \
        {"title": "diseases", "annex1": "diseases", "annex2": "services"}
    guide = data("documents/guide_foreigners.yaml")
    assert guide["kind"] == "guide" and guide["authoritative"] == ["ru", "ky"]
    assert {part: value["page"] for part, value in guide["parts"].items()} == {"steps": "foreigners"}

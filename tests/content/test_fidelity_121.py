"""Order ҚР ДСМ-121/2020 and the guide for foreigners against seeds 000 and 001.

The Russian (seed 000) and Kyrgyz (seed 001) texts of the disease list, the
volume table and the 12 steps are authoritative for the site, so the YAML must
hold them character for character, in the seed's order and with the seed's
numbering (the volume table has no row 3). The seeds are parsed here on their
own terms: every non-empty line must be recognised as a title, a step, a
heading, a column header, a group header or a row, so a line the parser did
not understand fails instead of being skipped. Each comparison is list
equality, which proves both directions (seed → YAML and YAML → seed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "content" / "sources"
SEED_FILES = {"ru": "000_0a9b748fc770697f.txt", "ky": "001_7a70f21474177dc2.txt"}
CONTENT = ROOT / "content"
LANGS = tuple(SEED_FILES)

STEP = re.compile(r"^(\d+)\. (.+)$")
DISEASE_ROW = re.compile(r"^(\d+)\.\t([^\t]+)$")
SERVICE_ROW = re.compile(r"^(\d+)\t([^\t]+)\t([^\t]+)$")
GROUP_ROW = re.compile(r"^([^\t\d][^\t]*)\t\t$")
TWO_COLUMNS = re.compile(r"^№\t([^\t]+)$")
THREE_COLUMNS = re.compile(r"^№\t([^\t]+)\t([^\t]+)$")

# How each seed words a frequency: (count, period) from the text.
FREQUENCY = {
    "ru": [(re.compile(r"^(\d+) раза? в год$"), lambda m: (int(m[1]), "year")),
           (re.compile(r"^(\d+) раза? в 6 месяцев$"), lambda m: (int(m[1]), "6_months"))],
    "ky": [(re.compile(r"^Жылына (\d+) жолу$"), lambda m: (int(m[1]), "year")),
           (re.compile(r"^6 айда (\d+) жолу$"), lambda m: (int(m[1]), "6_months"))],
}


@dataclass
class Seed:
    guide_title: str = ""
    steps: list[tuple[int, str]] = field(default_factory=list)
    diseases_heading: str = ""
    diseases_columns: tuple[str, ...] = ()
    diseases: list[tuple[int, str]] = field(default_factory=list)
    services_heading: str = ""
    services_columns: tuple[str, ...] = ()
    groups: list[str] = field(default_factory=list)
    # (number, name, frequency text, index of the group it stands under)
    services: list[tuple[int, str, str, int]] = field(default_factory=list)


def parse_seed(lang: str) -> Seed:
    """The three parts in the seed's order: the guide (title, numbered steps),
    the disease list (heading, `№ <tab> name` header, `N. <tab> name` rows),
    the volume table (heading, three-column header, group rows ending in two
    tabs, `N <tab> name <tab> frequency` rows)."""
    lines = [line for line in (SEEDS / SEED_FILES[lang]).read_text(encoding="utf-8").split("\n")
             if line.strip()]
    seed = Seed()
    section = "guide"
    for index, line in enumerate(lines):
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if TWO_COLUMNS.match(next_line) and section == "guide":
            seed.diseases_heading, section = line, "diseases_header"
        elif THREE_COLUMNS.match(next_line) and section == "diseases":
            seed.services_heading, section = line, "services_header"
        elif section == "guide" and not seed.guide_title:
            seed.guide_title = line
        elif section == "guide" and (m := STEP.match(line)):
            seed.steps.append((int(m[1]), m[2]))
        elif section == "diseases_header" and (m := TWO_COLUMNS.match(line)):
            seed.diseases_columns, section = ("№", m[1]), "diseases"
        elif section == "diseases" and (m := DISEASE_ROW.match(line)):
            seed.diseases.append((int(m[1]), m[2]))
        elif section == "services_header" and (m := THREE_COLUMNS.match(line)):
            seed.services_columns, section = ("№", m[1], m[2]), "services"
        elif section == "services" and (m := GROUP_ROW.match(line)):
            seed.groups.append(m[1])
        elif section == "services" and (m := SERVICE_ROW.match(line)):
            assert seed.groups, f"{lang}: service row before any group header: {line!r}"
            seed.services.append((int(m[1]), m[2], m[3], len(seed.groups) - 1))
        else:
            pytest.fail(f"seed {SEED_FILES[lang]}: line {line!r} not understood in part {section}")
    return seed


@pytest.fixture(scope="module", params=LANGS)
def lang(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def seeds() -> dict[str, Seed]:
    return {lang: parse_seed(lang) for lang in LANGS}


def load(relative: str):
    return yaml.safe_load((CONTENT / relative).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def diseases():
    return load("diseases.yaml")


@pytest.fixture(scope="module")
def services():
    return load("services.yaml")


@pytest.fixture(scope="module")
def foreigners():
    return load("procedures/foreigners.yaml")


# ------------------------------------------------------------ the seeds

def test_the_seeds_have_the_counts_the_brief_states(seeds):
    """The parser is checked against what we know of the seeds before any
    YAML is compared with it: 12 steps, 23 diseases, 3 groups, 18 rows."""
    for lang, seed in seeds.items():
        assert len(seed.steps) == 12, lang
        assert len(seed.diseases) == 23, lang
        assert len(seed.groups) == 3, lang
        assert [n for n, *_ in seed.services] == [1, 2] + list(range(4, 20)), lang


def test_both_seeds_number_and_group_alike(seeds):
    ru, ky = seeds["ru"], seeds["ky"]
    assert [n for n, _ in ru.steps] == [n for n, _ in ky.steps]
    assert [n for n, _ in ru.diseases] == [n for n, _ in ky.diseases]
    assert [(n, g) for n, _, _, g in ru.services] == [(n, g) for n, _, _, g in ky.services]


# ------------------------------------------------------------ diseases

def test_every_disease_is_verbatim_in_the_seeds_order_and_numbering(seeds, diseases, lang):
    in_yaml = [(d["number"], d["name"][lang]) for d in diseases["diseases"]]
    assert in_yaml == seeds[lang].diseases


def test_the_tuberculosis_row_is_the_full_text(seeds, diseases, lang):
    row13 = next(d for d in diseases["diseases"] if d["number"] == 13)
    assert row13["id"] == "tuberculosis"
    assert row13["name"][lang] == dict(seeds[lang].diseases)[13]
    assert len(row13["name"][lang]) > 300


def test_the_disease_list_heading_and_columns_are_verbatim(seeds, diseases, lang):
    assert diseases["heading"][lang] == seeds[lang].diseases_heading
    assert (diseases["columns"]["number"][lang], diseases["columns"]["name"][lang]) \
        == seeds[lang].diseases_columns


def test_each_disease_cites_its_own_row_of_annex_1(diseases):
    for disease in diseases["diseases"]:
        assert disease["source"] == {"document": "dsm121_2020", "part": "annex1",
                                     "row": disease["number"]}, disease["id"]
    assert diseases["source"] == {"document": "dsm121_2020", "part": "annex1"}


def test_disease_ids_are_unique_and_chickenpox_is_b01(diseases):
    ids = [d["id"] for d in diseases["diseases"]]
    assert len(ids) == len(set(ids)) == 23
    by_id = {d["id"]: d for d in diseases["diseases"]}
    assert by_id["chickenpox"]["number"] == 6 and by_id["chickenpox"]["icd10"] == ["B01"]
    assert by_id["measles"]["icd10"] == ["B05"] and by_id["rubella"]["icd10"] == ["B06"]


# ------------------------------------------------------------ services

def test_every_service_row_is_verbatim_with_its_number_and_frequency(seeds, services, lang):
    group_ids = [g["id"] for g in services["groups"]]
    in_yaml = [(r["number"], r["name"][lang], r["frequency"]["text"][lang],
                group_ids.index(r["group"])) for r in services["rows"]]
    assert in_yaml == seeds[lang].services


def test_the_volume_table_has_no_row_3(services):
    assert [r["number"] for r in services["rows"]] == [1, 2] + list(range(4, 20))


def test_the_group_headers_are_verbatim(seeds, services, lang):
    assert [g["name"][lang] for g in services["groups"]] == seeds[lang].groups
    assert [g["id"] for g in services["groups"]] == ["consultations", "laboratory", "imaging"]


def test_the_table_title_and_columns_are_verbatim(seeds, services, lang):
    assert services["heading"][lang] == seeds[lang].services_heading
    columns = services["columns"]
    assert (columns["number"][lang], columns["name"][lang], columns["frequency"][lang]) \
        == seeds[lang].services_columns


def test_structured_frequency_says_what_the_seed_text_says(services, lang):
    for row in services["rows"]:
        text = row["frequency"]["text"][lang]
        read = [parse(m) for pattern, parse in FREQUENCY[lang] if (m := pattern.match(text))]
        assert read == [(row["frequency"]["count"], row["frequency"]["period"])], \
            f"row {row['number']}: {text!r}"


def test_the_therapist_twice_a_year_and_the_pulmonologist_every_6_months(services):
    by_number = {r["number"]: r for r in services["rows"]}
    assert by_number[1]["id"] == "therapist"
    assert (by_number[1]["frequency"]["count"], by_number[1]["frequency"]["period"]) == (2, "year")
    assert by_number[9]["frequency"]["period"] == "6_months"
    assert by_number[18]["frequency"]["period"] == "6_months"


def test_each_service_row_cites_its_own_row_of_annex_2(services):
    for row in services["rows"]:
        assert row["source"] == {"document": "dsm121_2020", "part": "annex2",
                                 "row": row["number"]}, row["id"]


# ------------------------------------------------------------ the 12 steps

def test_every_step_is_verbatim_in_the_seeds_order_and_numbering(seeds, foreigners, lang):
    in_yaml = [(s["number"], s["text"][lang]) for s in foreigners["steps"]]
    assert in_yaml == seeds[lang].steps


def test_the_guide_title_is_verbatim(seeds, foreigners, lang):
    assert foreigners["title"][lang] == seeds[lang].guide_title
    assert load("documents/guide_foreigners.yaml")["title"][lang] == seeds[lang].guide_title


def test_steps_keep_the_bold_markup_the_links_and_the_typo(foreigners):
    by_number = {s["number"]: s["text"] for s in foreigners["steps"]}
    assert "**не заключается трудовой договор**" in by_number[3]["ru"]
    assert "**эмгек келишимин түзүүгө болбойт**" in by_number[3]["ky"]
    for number in (5, 9):
        for lang in LANGS:
            assert "<https://egov.kz>" in by_number[number][lang], (number, lang)
    assert "(ГОВМП)" in by_number[5]["ru"]


def test_each_step_cites_its_own_step_of_the_guide(foreigners):
    for step in foreigners["steps"]:
        assert step["source"] == {"document": "guide_foreigners", "part": "steps",
                                  "step": step["number"]}, step["id"]


def test_the_structured_extras_agree_with_the_step_text(foreigners):
    by_number = {s["number"]: s for s in foreigners["steps"]}
    assert by_number[5]["channel"] == ["egov"] and "egov.kz" in by_number[5]["text"]["ru"]
    assert by_number[6]["channel"] == ["in_person"]
    assert by_number[8]["working_days"] == 1 and "1 (одного) рабочего дня" in by_number[8]["text"]["ru"]


# ------------------------------------------------------------ glossary and seeds

def test_glossary_variants_quote_the_step_they_cite(foreigners):
    """A typo or wording the glossary explains must really be in the text of
    the step it cites, in that language."""
    steps = {s["number"]: s["text"] for s in foreigners["steps"]}
    for term in load("glossary.yaml")["terms"]:
        for variant in term.get("variants", []):
            sources = variant["source"] if isinstance(variant["source"], list) else [variant["source"]]
            for source in sources:
                if source["document"] != "guide_foreigners":
                    continue
                assert variant["form"] in steps[source["step"]][variant["lang"]], \
                    f"{term['id']}: {variant['form']!r} not in step {source['step']} ({variant['lang']})"


# Short forms the glossary uses that seeds 000/001 do not contain: ГОБМП
# (seed 000 has only the typo ГОВМП), ОСМС and ФСМС (seed 004).
NOT_IN_SEEDS_000_001 = {"ru": {"ГОБМП", "ОСМС", "ФСМС"}, "ky": {"МСМК", "СМКФ"}}


def test_glossary_abbreviations_are_the_forms_the_seed_texts_use(lang):
    seed_text = (SEEDS / SEED_FILES[lang]).read_text(encoding="utf-8")
    for term in load("glossary.yaml")["terms"]:
        abbr = term["abbr"][lang]
        found = re.search(rf"(?<!\w){re.escape(abbr)}(?!\w)", seed_text) is not None
        assert found == (abbr not in NOT_IN_SEEDS_000_001[lang]), f"{term['id']}: {abbr}"

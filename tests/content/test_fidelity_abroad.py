"""Treatment abroad (order ҚР ДСМ-45) against its seed, seed 002.

The English (2021) and Kazakh (amended to 28.09.2024) texts of this order are
authoritative for the site, so `content/procedures/treatment_abroad.yaml`
must quote them character for character, keep their numbering, and get every
deadline right: a family plans around "2 working days" or "30 working days".
The seed is parsed here on its own terms (indentation, "Annex N" headers),
independently of how the YAML was written.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from scripts.content import LANGUAGES, load_schema

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "sources" / "002_bd3b8368748b075c.txt"
CONTENT = ROOT / "content"
PROCEDURE = CONTENT / "procedures" / "treatment_abroad.yaml"
DOCUMENT = CONTENT / "documents" / "dsm45_2021.yaml"
SCHEMA_DIR = CONTENT / "schema"
LANGS = ("en", "kk")

# The seed's README: English on lines 1–673, Kazakh from line 674.
KAZAKH_FIRST_LINE = 674

# Amounts as the seed spells them, in words ("within five working days") or
# next to the digits ("1 (one)"). A deadline not listed here fails loudly.
NUMBER_WORDS = {
    "en": {"one": 1, "two": 2, "three": 3, "five": 5, "ten": 10, "fifteen": 15,
           "twenty": 20, "thirty": 30, "ninety": 90},
    "kk": {"бір": 1, "екі": 2, "үш": 3, "бес": 5, "он": 10, "он бес": 15,
           "жиырма": 20, "отыз": 30, "тоқсан": 90},
}
WORKING_DAY = {"en": "working day", "kk": "жұмыс күн"}
MINUTE = {"en": "minute", "kk": "минут"}
NEXT_WORKING_DAY = {"en": "next working day", "kk": "келесі жұмыс күні"}


# --------------------------------------------------------------- the seed

def seed_lines() -> dict[str, list[str]]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    texts = {"en": lines[:KAZAKH_FIRST_LINE - 1], "kk": lines[KAZAKH_FIRST_LINE - 1:]}
    assert texts["en"][0].startswith("On approval of the Rules"), "English part moved in the seed"
    assert texts["kk"][0].startswith("Тегін медициналық көмектің"), "Kazakh part moved in the seed"
    return texts


def is_header(line: str) -> bool:
    """Annex headers are indented by one or two (non-breaking) spaces; the
    paragraphs of the text by more."""
    return re.match(r"^\s{1,3}\S", line) is not None


def rules_annexes(lang: str) -> dict[int, list[str]]:
    """Annex number → its lines, for the Annexes to the Rules (not the
    order's own Annex 2, the list of repealed orders)."""
    lines = seed_lines()[lang]
    starts: dict[int, int] = {}
    for i, line in enumerate(lines):
        if lang == "en":
            m = re.fullmatch(r"\s{1,3}Annex (\d+)", line)
            if m and lines[i + 1].startswith("to the Rules"):
                starts[int(m.group(1))] = i + 2
        else:
            m = re.search(r"қағидаларына\s*(\d+)\s*-\s*қосымша", line)
            if m:
                starts[int(m.group(1))] = i + 1
    annexes = {}
    for number, start in starts.items():
        end = start
        while end < len(lines) and not (
            (lang == "en" and re.fullmatch(r"\s{1,3}Annex \d+", lines[end]))
            or (lang == "kk" and is_header(lines[end]))
        ):
            end += 1
        annexes[number] = [line.strip() for line in lines[start:end] if line.strip()]
    return annexes


def rules_paragraphs(lang: str) -> dict[int, list[str]]:
    """Paragraph number of the Rules → its lines (first line without "N. ")."""
    lines = seed_lines()[lang]
    chapter = r"^(Chapter \d+\.|\d+-тарау\.)"
    start = next(i for i, line in enumerate(lines) if re.match(chapter, line))
    paragraphs: dict[int, list[str]] = {}
    current = None
    for line in lines[start:]:
        if is_header(line):
            break
        m = re.match(r"^\s{4,}(\d+)\.\s(.*)$", line)
        if m:
            current = int(m.group(1))
            paragraphs[current] = [m.group(2)]
        elif current is not None and line.strip() and not re.match(chapter, line):
            paragraphs[current].append(line.strip())
    return paragraphs


def numbered(lines: list[str], marker: str = ".") -> list[tuple[int, str]]:
    pattern = rf"^(\d+){re.escape(marker)}\s*(.+)$"
    return [(int(m.group(1)), m.group(2)) for m in map(lambda l: re.match(pattern, l), lines) if m]


def annex1_list(lang: str, heading: dict[str, str]) -> list[tuple[int, str]]:
    """The "N) …" list under one heading of the Annex 1 standard."""
    lines = rules_annexes(lang)[1]
    start = lines.index(heading[lang]) + 1
    items = []
    for line in lines[start:]:
        m = re.match(r"^(\d+)\) (.*)$", line)
        if not m:
            break
        items.append((int(m.group(1)), m.group(2)))
    return items


def passage(lang: str, source: dict) -> str:
    """The seed text a `source` points at: a paragraph (or one of its
    subparagraphs) or a whole Annex."""
    part = source["part"]
    if m := re.fullmatch(r"p(\d+)", part):
        lines = rules_paragraphs(lang)[int(m.group(1))]
        if "subparagraph" in source:
            sub = str(source["subparagraph"])
            hits = [l for l in lines if l.startswith(sub + " ")]
            assert hits, f"{part} {sub}: no such subparagraph in the {lang} seed"
            # Paragraph 13 has a second "1) 2)" list (organizations allowed to
            # host foreign specialists); a subparagraph is the first list's.
            return hits[0]
        return "\n".join(lines)
    if m := re.fullmatch(r"annex(\d+)", part):
        return "\n".join(rules_annexes(lang)[int(m.group(1))])
    raise AssertionError(f"no seed passage for part {part!r}")


def amounts_before(text: str, unit: str, words: dict[str, int]) -> set[int]:
    """Every amount the text gives just before `unit`: "2 (two) working days",
    "бес жұмыс күні", "он бес жұмыс күні". Digits and their words must agree."""
    found = set()
    for m in re.finditer(re.escape(unit), text):
        before = text[:m.start()].rstrip()
        if d := re.search(r"(?<!\d)(\d+) \(([^)]+)\)$", before):
            assert words.get(d.group(2)) == int(d.group(1)), f"seed: {d.group(0)!r}"
            found.add(int(d.group(1)))
            continue
        tokens = before.split()
        for width in (2, 1):
            phrase = " ".join(tokens[-width:])
            if phrase in words:
                found.add(words[phrase])
                break
    return found


# --------------------------------------------------------------- the content

def procedure() -> dict:
    return yaml.safe_load(PROCEDURE.read_text(encoding="utf-8"))


def sources_of(item: dict) -> list[dict]:
    value = item["source"]
    return value if isinstance(value, list) else [value]


def deadline_problems(data: dict) -> list[str]:
    """Each deadline's number must stand next to "working day(s)"/"жұмыс
    күні" (or minutes) in every passage it cites, in both texts; and the
    deadlines citing a passage must together give every amount it states, so
    two deadlines of one paragraph cannot be swapped or merged unnoticed."""
    problems = []
    claimed: dict[tuple, dict] = {}
    for deadline in data["deadlines"]:
        for source in sources_of(deadline):
            key = (source["part"], str(source.get("subparagraph", "")))
            for lang in LANGS:
                text = passage(lang, source)
                where = f"deadline {deadline['id']} ({source['part']}, {lang})"
                if deadline.get("next_working_day"):
                    if NEXT_WORKING_DAY[lang] not in text:
                        problems.append(f"{where}: no {NEXT_WORKING_DAY[lang]!r}")
                    continue
                field = "working_days" if "working_days" in deadline else "minutes"
                unit = (WORKING_DAY if field == "working_days" else MINUTE)[lang]
                seen = amounts_before(text, unit, NUMBER_WORDS[lang])
                if deadline[field] not in seen:
                    problems.append(f"{where}: {deadline[field]} not in the seed's amounts {sorted(seen)}")
                entry = claimed.setdefault((key, field, lang), {"seen": seen, "ours": set(), "ids": []})
                entry["ours"].add(deadline[field])
                entry["ids"].append(deadline["id"])
    for ((part, sub), field, lang), entry in claimed.items():
        if entry["ours"] != entry["seen"]:
            problems.append(f"deadlines {entry['ids']} ({part}{' ' + sub if sub else ''}, {lang}): "
                            f"{field} {sorted(entry['ours'])} but the seed states {sorted(entry['seen'])}")
    return problems


# --------------------------------------------------------------- Annexes 3 and 4

@pytest.mark.parametrize("annex, count", [(3, 9), (4, 2)])
@pytest.mark.parametrize("lang", LANGS)
def test_annex_items_are_the_seed_items_verbatim_in_order(annex, count, lang):
    seed_items = numbered(rules_annexes(lang)[annex])
    assert len(seed_items) == count, f"the {lang} seed's Annex {annex} has {len(seed_items)} items"
    items = procedure()[f"annex{annex}"]["items"]
    ours = [(item["number"], item["name"][lang]) for item in items]
    # Equal ordered lists: nothing missing, nothing added, same numbers, same characters.
    assert ours == seed_items


@pytest.mark.parametrize("annex", [3, 4])
def test_annex_items_cite_their_own_number(annex):
    data = procedure()[f"annex{annex}"]
    assert data["source"] == {"document": "dsm45_2021", "part": f"annex{annex}"}
    for item in data["items"]:
        assert item["source"] == {"document": "dsm45_2021", "part": f"annex{annex}",
                                  "item": item["number"]}
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item["id"])
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("annex", [3, 4])
@pytest.mark.parametrize("lang", LANGS)
def test_annex_title_is_a_line_of_the_seed_annex(annex, lang):
    assert procedure()[f"annex{annex}"]["title"][lang] in rules_annexes(lang)[annex]


# --------------------------------------------------------------- Annex 1, paragraph 18, forms

DOCUMENTS_HEADING = {
    "en": "The list of documents required for the provision of public services",
    "kk": "Мемлекеттік қызмет көрсету үшін қажетті құжаттар тізбесі",
}
REFUSAL_HEADING = {
    "en": "Grounds for refusal to provide public services, established by the legislation of the Republic of Kazakhstan",
    "kk": "Қазақстан Республикасының заңнамасында көрсетілген Мемлекеттік қызмет көрсетуден бас тарту үшін негіздер",
}


@pytest.mark.parametrize("key, heading", [("documents", DOCUMENTS_HEADING),
                                          ("refusal_grounds", REFUSAL_HEADING)])
@pytest.mark.parametrize("lang", LANGS)
def test_annex1_lists_are_verbatim(key, heading, lang):
    items = procedure()[key]
    assert [(i["number"], i["text"][lang]) for i in items] == annex1_list(lang, heading)
    for item in items:
        assert item["source"] == {"document": "dsm45_2021", "part": "annex1", "item": item["number"]}


@pytest.mark.parametrize("lang", LANGS)
def test_commission_decisions_are_paragraph_18_verbatim(lang):
    seed_items = numbered(rules_paragraphs(lang)[18], marker=")")
    assert len(seed_items) == 12
    decisions = procedure()["commission_decisions"]
    assert [(d["number"], d["text"][lang]) for d in decisions] == seed_items
    for d in decisions:
        assert d["source"] == {"document": "dsm45_2021", "part": "p18",
                               "subparagraph": f"{d['number']})"}


@pytest.mark.parametrize("lang", LANGS)
def test_form_titles_are_lines_of_their_annex(lang):
    data = procedure()
    forms = data["consent_forms"] + data["other_forms"]
    assert sorted(f["annex"] for f in data["consent_forms"]) == [7, 8, 9]
    assert sorted(f["annex"] for f in forms) == [1, 2, 5, 6, 7, 8, 9]
    annexes = rules_annexes(lang)
    for form in forms:
        assert form["source"] == {"document": "dsm45_2021", "part": f"annex{form['annex']}"}
        title = form["title"][lang]
        assert any(line == title for line in annexes[form["annex"]]), (form["id"], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_service_provider_name_is_the_standard_s_wording(lang):
    name = procedure()["application"]["service_provider"]["name"][lang]
    assert name in rules_annexes(lang)[1]


# --------------------------------------------------------------- deadlines

def test_every_deadline_number_stands_next_to_working_days_in_the_seed():
    assert deadline_problems(procedure()) == []


@pytest.mark.parametrize("deadline_id, wrong", [("contract", 11), ("service_term", 3),
                                                ("complaint_quality_body", 5),
                                                ("recommendation_foreign_specialists", 9)])
def test_a_wrong_deadline_is_caught(deadline_id, wrong):
    data = copy.deepcopy(procedure())
    deadline = next(d for d in data["deadlines"] if d["id"] == deadline_id)
    deadline["working_days"] = wrong
    problems = deadline_problems(data)
    assert problems and all(deadline_id in p for p in problems)


def test_key_deadlines_have_the_values_of_the_rules():
    """The facts the eligibility rules and the page rely on by id."""
    days = {d["id"]: d.get("working_days") for d in procedure()["deadlines"]}
    assert days["service_term"] == 2
    assert days["medical_record_extract_age"] == 30
    assert days["recommendation_abroad"] == 20
    assert days["recommendation_foreign_specialists"] == 90
    assert days["contract"] == 10


def test_deadline_references_resolve():
    data = procedure()
    ids = [d["id"] for d in data["deadlines"]]
    assert len(ids) == len(set(ids))
    referenced = [ref for group in ("steps", "complaints") for item in data[group]
                  for ref in item.get("deadlines", [])]
    assert set(referenced) <= set(ids)
    for document in data["documents"]:
        if "max_age" in document:
            target = next(d for d in data["deadlines"] if d["id"] == document["max_age"]["deadline"])
            assert target["working_days"] == document["max_age"]["working_days"]


def test_steps_are_numbered_in_order_and_name_known_actors():
    data = procedure()
    assert [s["number"] for s in data["steps"]] == list(range(1, len(data["steps"]) + 1))
    assert {s["actor"] for s in data["steps"]} <= set(data["actors"])


def test_every_cited_part_is_declared_by_the_document():
    parts = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))["parts"]

    def walk(value):
        if isinstance(value, dict):
            if "document" in value and "part" in value:
                yield value
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    cited = {s["part"] for s in walk(procedure()) if s["document"] == "dsm45_2021"}
    assert cited <= set(parts)


# --------------------------------------------------------------- schema

def schema_validator() -> Draft202012Validator:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = load_schema(path)
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        resources.append((path.name, resource))
        if "$id" in schema:
            resources.append((schema["$id"], resource))
    registry = Registry().with_resources(resources)
    schema = load_schema(SCHEMA_DIR / "treatment_abroad.schema.json")
    return Draft202012Validator(schema, registry=registry)


def test_procedure_matches_its_schema():
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in schema_validator().iter_errors(procedure())]
    assert errors == []


def test_schema_rejects_a_missing_language():
    data = procedure()
    del data["annex3"]["items"][0]["name"]["ky"]
    assert not schema_validator().is_valid(data)


def test_schema_rejects_a_deadline_without_an_amount():
    data = procedure()
    del data["deadlines"][3]["working_days"]
    assert not schema_validator().is_valid(data)


# --------------------------------------------------------------- the page

def rendered_abroad_html(lang: str) -> str:
    """The abroad page body as HTML, rendered by the site's own renderer."""
    import markdown

    from scripts.content import load_content
    from scripts.render_pages import Site, load_ui, render_page, template_environment

    site = Site(load_content(), load_ui())
    page_md = render_page(template_environment(), site, site.pages_by_id["abroad"], lang)
    body = page_md.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "admonition"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_publishes_every_part_once_and_the_annex_lists_in_order(lang):
    html = rendered_abroad_html(lang)
    parts = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))["parts"]
    ids = re.findall(r'id="(dsm45_2021-[^"]+)"', html)
    assert sorted(ids) == sorted(f"dsm45_2021-{p}" for p in parts)
    data = procedure()
    for annex in ("annex3", "annex4"):
        names = [item["name"][lang] for item in data[annex]["items"]]
        # Each item is a list entry, after its source number when one is written out.
        positions = [html.find(f"{name}</li>") for name in names]
        assert -1 not in positions and positions == sorted(positions), annex

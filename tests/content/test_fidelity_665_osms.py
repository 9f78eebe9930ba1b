"""Order No. 665 (seed 003, Kazakh) and the OSMS 2026 slides (seed 004,
Russian) are on the site in full and word for word.

- Every `text.kk` of content/migrant_rules.yaml is in seed 003, and the items
  of each paragraph of the order and of the Rules, joined, *are* that
  paragraph: nothing left out, nothing added. The notes "Ескерту … жаңа
  редакцияда" (amendments) are carried by `amended_by` and the document's
  `amendments`, and by nothing else.
- Every `text.ru` of content/procedures/osms_2026.yaml is in seed 004, and
  every line of seed 004 is in some `text.ru`.

Only whitespace is normalised (`normalise`): the seeds are wrapped text, so a
sentence runs over line breaks and runs of spaces, and the wrapping leaves a
space after "(" or before ")" and "," where a line broke ("және (\\nнемесе)",
"қандастарға\\n, босқындарға"). Every other character, including the words
seed 003 has out of place, must match.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from scripts.content import LANGUAGES, load_schema

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SCHEMAS = CONTENT / "schema"
SEEDS = ROOT / "content" / "sources"
SEED_665 = SEEDS / "003_15baecb3971027fd.txt"
SEED_OSMS = SEEDS / "004_d84ed999fb537fca.txt"


def normalise(text: str) -> str:
    """Join the seed's line wrapping: whitespace runs become one space, and the
    space a line break leaves after "(" or before ")" or "," goes."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\( ", "(", text)
    return re.sub(r" (?=[),])", "", text)


def load(relative: str) -> Any:
    return yaml.safe_load((CONTENT / relative).read_text(encoding="utf-8"))


RULES = load("migrant_rules.yaml")
OSMS = load("procedures/osms_2026.yaml")
ORDER665 = load("documents/order665.yaml")
RULE_ITEMS = [item for topic in RULES["topics"] for item in topic["items"]]


def walk(items: list[dict]) -> Iterator[dict]:
    for item in items:
        yield item
        yield from walk(item.get("items", []))


OSMS_ITEMS = [item for section in OSMS["sections"] for item in walk(section["items"])]
OSMS_TOP_TEXTS = {key: OSMS[key] for key in ("issuer", "title", "place_date", "closing")}


def sources(value: Any) -> list[dict]:
    return value if isinstance(value, list) else [value]


# Seed 003: order No. 665 ------------------------------------------------------

SEED_665_TEXT = normalise(SEED_665.read_text(encoding="utf-8"))
# Every note ends "… бұйрығымен." (by order …).
NOTE = re.compile(r"Ескерту\. (.*?) бұйрығымен\.")
ORDER_START = '"Халықтың көші-қоны туралы" Қазақстан Республикасы Заңының 12-бабының'
SIGNATURE = "Министр С. Қайырбекова"
RULES_START = "1-тарау. Жалпы ережелер"


def without_notes(text: str) -> str:
    return normalise(NOTE.sub(" ", text))


def order_text() -> str:
    start = SEED_665_TEXT.index(ORDER_START)
    end = SEED_665_TEXT.index(SIGNATURE) + len(SIGNATURE)
    return without_notes(SEED_665_TEXT[start:end])


def rules_paragraphs() -> dict[int, str]:
    """Paragraphs 1-14 of the Rules, notes and chapter headings removed."""
    text = without_notes(SEED_665_TEXT[SEED_665_TEXT.index(RULES_START):])
    for chapter in RULES["chapters"]:
        heading = f"{chapter['number']}-тарау. {chapter['title']['kk']}"
        assert heading in text, f"chapter heading not in seed 003: {heading}"
        text = normalise(text.replace(heading, " "))
    starts = []
    position = 0
    for number in range(1, 15):
        match = re.compile(rf"(?:^| ){number}\. (?=[\"А-ЯӘҒҚҢӨҰҮҺІЁ])").search(text, position)
        assert match, f"paragraph {number} of the Rules not found in seed 003"
        starts.append(match.start())
        position = match.end()
    starts.append(len(text))
    return {n: text[starts[n - 1]:starts[n]].strip() for n in range(1, 15)}


PARAGRAPHS = rules_paragraphs()


def notes() -> list[tuple[str, str, bool]]:
    """(what the note restates, amending order number, note is in the order)."""
    rules_at = SEED_665_TEXT.index(RULES_START)
    # The note on the Rules as a whole stands just before chapter 1.
    rules_note_at = SEED_665_TEXT.index("Ескерту. Қағида")
    found = []
    for match in NOTE.finditer(SEED_665_TEXT):
        number = re.search(r"№ (ҚР ДСМ-\d+|\d+)", match.group(1)).group(1)
        target = match.group(1).split(" жаңа редакцияда")[0]
        found.append((target, number, match.start() < min(rules_at, rules_note_at)))
    return found


def bare(number: str) -> str:
    return number.removeprefix("№ ").strip()


@pytest.mark.parametrize("item", RULE_ITEMS, ids=[i["id"] for i in RULE_ITEMS])
def test_kazakh_text_is_verbatim_from_seed_003(item):
    assert normalise(item["text"]["kk"]) in SEED_665_TEXT, \
        f"migrant_rules.yaml: item '{item['id']}': text.kk is not in seed 003"


@pytest.mark.parametrize("number", range(1, 15))
def test_each_paragraph_of_the_rules_is_on_the_site_in_full(number):
    items = [i for i in RULE_ITEMS if i.get("paragraph") == number]
    assert items, f"migrant_rules.yaml: no item for paragraph {number} of the Rules"
    joined = normalise(" ".join(i["text"]["kk"] for i in items))
    assert joined == PARAGRAPHS[number], (
        f"migrant_rules.yaml: paragraph {number}: the items' Kazakh texts, joined, differ "
        f"from seed 003:\n  site: {joined}\n  seed: {PARAGRAPHS[number]}")


@pytest.mark.parametrize("number", range(1, 15))
def test_each_paragraph_of_the_rules_is_cited_as_its_part(number):
    for item in RULE_ITEMS:
        if item.get("paragraph") == number:
            parts = {s["part"] for s in sources(item["source"]) if s["document"] == "order665"}
            expected = {"definitions"} if number == 2 and "subparagraph" in item else {f"p{number}"}
            assert parts == expected, f"item '{item['id']}' cites {parts}, expected {expected}"


def test_the_order_itself_is_on_the_site_in_full():
    items = [i for i in RULE_ITEMS
             if any(s["part"] == "order" for s in sources(i["source"]))]
    joined = normalise(" ".join(i["text"]["kk"] for i in items))
    assert joined == order_text(), f"order text differs:\n  site: {joined}\n  seed: {order_text()}"


def test_every_purpose_of_paragraph_3_is_an_item_of_its_own():
    seed_purposes = re.findall(r"(\d\)) ([^;.]+[;.])", PARAGRAPHS[3])
    assert len(seed_purposes) == 6
    by_subparagraph = {i["subparagraph"]: i for i in RULE_ITEMS
                       if i.get("paragraph") == 3 and "subparagraph" in i}
    for number, wording in seed_purposes:
        item = by_subparagraph.get(number)
        assert item, f"purpose {number} of Rules para. 3 is missing"
        assert item["text"]["kk"] == f"{number} {wording}"
        assert item["source"]["subparagraph"] == number
    purposes = [i["purpose"] for i in by_subparagraph.values()]
    assert len(set(purposes)) == 6, "each purpose needs its own `purpose` id"


def test_every_definition_of_paragraph_2_is_an_item_with_its_term():
    seed_terms = re.findall(r"(\d\)) ([^–]+?) (?:\(бұдан әрі – ([^)]+)\) )?–", PARAGRAPHS[2])
    definitions = {i["subparagraph"]: i for i in RULE_ITEMS
                   if i.get("paragraph") == 2 and "subparagraph" in i}
    assert [n for n, _, _ in seed_terms] == [f"{n})" for n in range(1, 9)]
    for number, term, abbreviation in seed_terms:
        item = definitions[number]
        assert item["term"]["kk"].lower() in (abbreviation or term).lower(), \
            f"definition {number}: term {item['term']['kk']!r} is not the seed's {term!r}"


@pytest.mark.parametrize("item", RULE_ITEMS, ids=[i["id"] for i in RULE_ITEMS])
def test_translations_keep_the_sources_numbering(item):
    kk = item["text"]["kk"]
    head = re.match(r"(\d+\.|\d+\)) ", kk)
    if not head:
        return
    for lang in LANGUAGES:
        assert item["text"][lang].startswith(head.group(0)), \
            f"item '{item['id']}': text.{lang} should start with {head.group(0)!r} like the seed"


def test_amendment_notes_are_carried_by_the_paragraphs_they_restate():
    order_items = {i.get("order_paragraph"): i for i in RULE_ITEMS
                   if any(s["part"] == "order" for s in sources(i["source"]))}
    documented = {bare(a["number"]) for a in ORDER665["amendments"]}
    claimed: set[tuple[str, str]] = set()
    for target, number, in_order in notes():
        assert number in documented, f"note by order {number} missing from order665 amendments"
        paragraph = re.match(r"(\d+)-тармақ", target)
        if not paragraph:
            # The order's title and the Rules as a whole: document level only.
            assert target in ("Бұйрықтың тақырыбы", "Қағида"), target
            continue
        n = int(paragraph.group(1))
        restated = [order_items[n]] if in_order else \
            [i for i in RULE_ITEMS if i.get("paragraph") == n]
        for item in restated:
            assert number in {bare(x) for x in item.get("amended_by", [])}, \
                f"item '{item['id']}' lacks amended_by {number} (seed note on {target})"
            claimed.add((item["id"], number))
    for item in RULE_ITEMS:
        for number in item.get("amended_by", []):
            assert (item["id"], bare(number)) in claimed, \
                f"item '{item['id']}': amended_by {number} has no note in seed 003"


def test_title_block_matches_the_document_file():
    assert ORDER665["title"]["kk"] in SEED_665_TEXT
    assert f"№ {ORDER665['registration']['number']} тіркелді" in SEED_665_TEXT
    assert "2011 жылғы 30 қыркүйектегі № 665 Бұйрығы" in SEED_665_TEXT
    assert ORDER665["date"] == "2011-09-30" and ORDER665["registration"]["date"] == "2011-11-08"


# Seed 004: OSMS 2026 slides --------------------------------------------------

SEED_OSMS_TEXT = normalise(SEED_OSMS.read_text(encoding="utf-8"))
OSMS_RU = [normalise(i["text"]["ru"]) for i in OSMS_ITEMS if "text" in i] + \
    [normalise(v["ru"]) for v in OSMS_TOP_TEXTS.values()]


@pytest.mark.parametrize("item", [i for i in OSMS_ITEMS if "text" in i],
                         ids=[i["id"] for i in OSMS_ITEMS if "text" in i])
def test_russian_text_is_verbatim_from_seed_004(item):
    assert normalise(item["text"]["ru"]) in SEED_OSMS_TEXT, \
        f"procedures/osms_2026.yaml: item '{item['id']}': text.ru is not in seed 004"


@pytest.mark.parametrize("key", sorted(OSMS_TOP_TEXTS))
def test_title_slide_texts_are_verbatim_from_seed_004(key):
    assert normalise(OSMS_TOP_TEXTS[key]["ru"]) in SEED_OSMS_TEXT


def slide_lines() -> list[tuple[int | None, str]]:
    """Each non-empty line of seed 004 without its bullet ("- ", "✓ ") and
    with a leading step number split off: (number or None, text)."""
    lines = []
    for raw in SEED_OSMS.read_text(encoding="utf-8").splitlines():
        line = normalise(raw)
        line = re.sub(r"^(- )?(✓ )?", "", line)
        if not line:
            continue
        step = re.match(r"^(\d+) (?=\S)", line)
        lines.append((int(step.group(1)), line[step.end():]) if step else (None, line))
    return lines


@pytest.mark.parametrize("number,line", slide_lines())
def test_every_line_of_the_slides_is_on_the_site(number, line):
    assert any(line in text for text in OSMS_RU), \
        f"seed 004 line not in procedures/osms_2026.yaml: {line!r}"
    if number is not None:
        assert any(i.get("number") == number and normalise(i["text"]["ru"]).startswith(line.split()[0])
                   for i in OSMS_ITEMS if "text" in i), \
            f"seed 004 step {number} {line!r}: no item with that number"


def test_insured_status_can_be_checked_in_exactly_the_slides_four_ways():
    section = next(s for s in OSMS["sections"] if s["id"] == "check_status")
    ways = [i for i in section["items"] if "number" in i]
    assert [w["number"] for w in ways] == [1, 2, 3, 4]
    assert [w["channel"] for w in ways] == [["telegram"], ["egov"], ["online"], ["phone"]]
    texts = [[normalise(s["text"]["ru"]) for s in w["items"]] for w in ways]
    assert texts[0][0] == "@SaqtandyryBot"
    assert "зайти на сайт ФСМС" in texts[2]
    assert texts[3][0] == "Позвонить 1414"


def test_in_person_attachment_lists_the_slides_eleven_groups():
    section = next(s for s in OSMS["sections"] if s["id"] == "attachment")
    in_person = next(i for i in section["items"] if i["id"] == "attachment_in_person")
    assert in_person["channel"] == ["in_person"]
    assert len(in_person["items"]) == 11
    online = next(i for i in section["items"] if i["id"] == "attachment_online")
    assert [s["number"] for s in online["items"] if "number" in s] == [1, 2, 3, 4]


def test_coverage_is_kept_three_months_after_job_loss_citing_osms_law_art_5():
    item = next(i for i in OSMS_ITEMS if i["id"] == "unemployed_three_months")
    assert item["months"] == 3
    assert "в течение трёх месяцев" in item["text"]["ru"]
    assert {"document": "osms_law", "part": "art5"} in sources(item["source"])


def test_family_card_has_the_five_categories_a_to_e():
    categories = [i["category"] for i in OSMS_ITEMS if "category" in i]
    assert categories == ["A", "B", "C", "D", "E"]


# Schemas and citations of these files -----------------------------------------

MY_FILES = {
    "migrant_rules.yaml": "migrant_rules.schema.json",
    "procedures/osms_2026.yaml": "osms_2026.schema.json",
    "documents/order665.yaml": "document.schema.json",
    "documents/order111_2023.yaml": "document.schema.json",
    "documents/osms_2026.yaml": "document.schema.json",
    "documents/osms_law.yaml": "document.schema.json",
}


def validator(schema_name: str) -> Draft202012Validator:
    resources = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = load_schema(path)
        resources.append((schema.get("$id", path.name),
                          Resource.from_contents(schema, default_specification=DRAFT202012)))
    schema = load_schema(SCHEMAS / schema_name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=Registry().with_resources(resources))


@pytest.mark.parametrize("relative,schema_name", sorted(MY_FILES.items()))
def test_file_matches_its_schema(relative, schema_name):
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator(schema_name).iter_errors(load(relative))]
    assert not problems, f"{relative}: " + "; ".join(problems)


def test_schema_rejects_an_item_without_plain_summary():
    broken = yaml.safe_load(yaml.safe_dump(RULES))
    del broken["topics"][0]["items"][0]["summary"]
    assert list(validator("migrant_rules.schema.json").iter_errors(broken))


def test_schema_rejects_a_slide_item_with_both_text_and_label():
    broken = yaml.safe_load(yaml.safe_dump(OSMS))
    broken["sections"][0]["items"][0]["label"] = broken["sections"][0]["items"][0]["text"]
    assert list(validator("osms_2026.schema.json").iter_errors(broken))


def all_sources(value: Any) -> Iterator[dict]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "source":
                yield from sources(inner)
            else:
                yield from all_sources(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from all_sources(inner)


@pytest.mark.parametrize("relative", ["migrant_rules.yaml", "procedures/osms_2026.yaml"])
def test_every_source_names_an_existing_document_and_part(relative):
    for source in all_sources(load(relative)):
        document = CONTENT / "documents" / f"{source['document']}.yaml"
        assert document.is_file(), f"{relative}: unknown document {source['document']}"
        parts = yaml.safe_load(document.read_text(encoding="utf-8"))["parts"]
        assert source["part"] in parts, f"{relative}: {source['document']} has no part {source['part']}"

"""The engine's per-language content (scripts/build_engine.py, content-<languages>.json):
a wizard page downloads the texts of only its own language and its print
sheet's (scripts.content.print_language). Nothing may change for a visitor:
every rule case gives, with a page's file, the very result (or errors) it
gives with the whole content, in both languages that page asks for."""

from __future__ import annotations

import json
from datetime import date

import pytest

import eligibility
from conftest import all_cases
from eligibility import ValidationError, browser, evaluate
from scripts.build_engine import jsonable, keep_languages, page_content, page_languages, translatable
from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, print_language

CASES = all_cases()


@pytest.fixture(scope="module")
def bundle(content) -> dict:
    """The CONTENT_KEYS part of the content, as the build bundles it."""
    return {key: content[key] for key in eligibility.CONTENT_KEYS}


def as_file(data: dict) -> dict:
    """`data` as the engine reads it: written as JSON (dates as ISO strings), read back."""
    return json.loads(json.dumps(jsonable(data), ensure_ascii=False))


def outcome(answers, content, on, lang) -> dict:
    try:
        return {"result": evaluate(answers, content, on=on, lang=lang).to_dict()}
    except ValidationError as problem:
        return {"errors": problem.errors}


def test_each_page_gets_its_language_and_its_print_language_the_default_first():
    for lang in LANGUAGES:
        keep = page_languages(lang)
        assert keep[0] == DEFAULT_LANGUAGE
        assert set(keep) == {lang, print_language(lang)}
    assert page_languages("ru") == page_languages("kk") == ["ru", "kk"]
    assert page_languages("en") == ["ru", "en"]


def test_a_translatable_map_is_told_by_its_keys():
    assert translatable({"ru": "а", "kk": "ә", "en": "a"})
    assert translatable({"ru": "а"})
    assert not translatable({})
    assert not translatable({"kk": "ә", "en": "a"})  # no default language: not one of ours
    assert not translatable({"ru": "а", "note": "x"})
    assert not translatable({"KG": "Kyrgyzstan"}) and not translatable(["ru", "kk"])
    assert keep_languages({"ru": "а", "kk": "ә", "en": "a"}, ["ru", "en"]) == {"ru": "а", "en": "a"}
    untouched = {"ru": "а", "note": {"kk": "ә"}, "list": [{"en": "a", "uz": "b"}]}
    assert keep_languages(untouched, ["ru", "en"]) == untouched


def walk(full, cut, keep: list[str], where: str, seen: dict) -> None:
    """Checks `cut` against `full`: each translatable map holds the kept
    languages it had, every other dict, list and value is as it was."""
    if translatable(full):
        seen["maps"] += 1
        assert isinstance(cut, dict) and list(cut) == [k for k in full if k in keep], where
        for key in cut:
            walk(full[key], cut[key], keep, f"{where}.{key}", seen)
    elif isinstance(full, dict):
        seen["dicts"] += 1
        assert isinstance(cut, dict) and list(cut) == list(full), where
        for key in full:
            walk(full[key], cut[key], keep, f"{where}.{key}", seen)
    elif isinstance(full, list):
        assert isinstance(cut, list) and len(cut) == len(full), where
        for i, (a, b) in enumerate(zip(full, cut)):
            walk(a, b, keep, f"{where}[{i}]", seen)
    else:
        assert cut == full, where


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_filter_cuts_translatable_maps_and_changes_no_other_dict(bundle, lang):
    full = as_file(bundle)
    cut = as_file(page_content(bundle, lang))
    keep = page_languages(lang)
    assert cut["languages"] == keep
    seen = {"maps": 0, "dicts": 0}
    walk({k: v for k, v in full.items() if k != "languages"}, {k: v for k, v in cut.items() if k != "languages"},
         keep, "content", seen)
    assert set(cut) == set(full)
    assert seen["maps"] > 500 and seen["dicts"] > 500, seen  # the walk did see the content
    # No other language's text is left anywhere, not even under a dict that
    # mixes language keys with others (it would be no translatable map).
    others = {code for code in LANGUAGES if code not in keep}
    assert not [keys for keys in dict_keys(cut) if keys & others]


def dict_keys(data):
    if isinstance(data, dict):
        yield set(data)
        for value in data.values():
            yield from dict_keys(value)
    elif isinstance(data, list):
        for item in data:
            yield from dict_keys(item)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_case_answers_the_same_with_the_pages_content(bundle, lang):
    """Both languages the page asks for (its own, its print sheet's), every case."""
    full = bundle
    cut = as_file(page_content(bundle, lang))
    compared = 0
    for file, case in CASES:
        on = date.fromisoformat(case["date"]) if case.get("date") else None
        for asked in (lang, print_language(lang)):
            assert outcome(case["answers"], cut, on, asked) == outcome(case["answers"], full, on, asked), (
                f"{file}: {case['name']} in {asked}")
            compared += 1
    assert compared == 2 * len(CASES) > 0


@pytest.fixture
def page_engine(bundle):
    """eligibility.browser loaded as the English page's engine loads it;
    the session's full load is put back afterwards."""
    saved = dict(browser._content)
    browser.load(json.dumps(as_file(page_content(bundle, "en")), ensure_ascii=False))
    yield browser
    browser._content.clear()
    browser._content.update(saved)


def test_a_request_in_a_language_the_file_lacks_gets_a_localized_error(page_engine, bundle):
    """A page never asks in a language its file lacks, a hand-made request
    might. The answer is the ordinary unknown_language error, in the default
    language (every file has it), naming the languages this engine can answer
    in: not a result in another language than asked, which the page would
    show under the asked language's labels, and never an internal error."""
    C03 = {"status": "asylum", "country": "AF", "age": 6, "dms": "no", "care": "planned", "condition": "chickenpox"}
    wording = bundle["rules/errors"]["errors"]["unknown_language"]["text"][DEFAULT_LANGUAGE]
    for page_lang in (None, "en", "ky"):
        response = json.loads(page_engine.evaluate_json(
            json.dumps({"answers": C03, "lang": "ky", "date": "2026-03-01"}), page_lang))
        assert response == {"ok": False, "errors": [{"field": "lang", "code": "unknown_language",
                                                     "message": wording.format(languages="ru, en")}]}
    # An unreadable request in a language the file lacks: the default language's words.
    response = json.loads(page_engine.evaluate_json("{oops", "ky"))
    assert response["errors"][0]["code"] == "bad_json"
    assert response["errors"][0]["message"] == bundle["rules/errors"]["errors"]["bad_json"]["text"][DEFAULT_LANGUAGE]
    # The page's own two languages answer as ever.
    for lang in ("en", "ru"):
        response = json.loads(page_engine.evaluate_json(
            json.dumps({"answers": C03, "lang": lang, "date": "2026-03-01"}), "en"))
        assert response["ok"] is True and response["result"]["lang"] == lang

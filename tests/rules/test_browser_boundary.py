"""eligibility.browser: the JSON boundary the page calls under Pyodide."""

from __future__ import annotations

import json

from eligibility import browser

C03 = {"status": "asylum", "country": "AF", "age": 6, "dms": "no", "care": "planned", "condition": "chickenpox"}


def call(request) -> dict:
    return json.loads(browser.evaluate_json(request if isinstance(request, str) else json.dumps(request)))


def test_a_valid_request_gets_the_result(loaded_browser):
    response = call({"answers": C03, "lang": "kk", "date": "2026-03-01"})
    assert response["ok"] is True
    assert response["result"]["lang"] == "kk" and response["result"]["evaluated_on"] == "2026-03-01"


def test_date_null_means_today(loaded_browser):
    response = call({"answers": C03, "lang": "en", "date": None})
    assert response["ok"] is True


def test_errors_are_listed_in_the_visitors_language(loaded_browser):
    response = call({"answers": {"status": "citizen", "age": -1}, "lang": "en", "date": "2026-03-01"})
    assert response["ok"] is False
    assert {(e["field"], e["code"]) for e in response["errors"]} == {
        ("age", "out_of_range"), ("osms", "required"), ("care", "required")}
    assert response["errors"][0]["message"] == "Enter a number from 0 to 120."


def test_bad_requests_get_a_localized_error(loaded_browser):
    assert call("{oops")["errors"][0]["code"] == "bad_json"
    assert call("x" * 30_000)["errors"][0]["code"] == "too_large"
    assert call("[1, 2]")["errors"][0]["code"] == "not_object"
    assert call({"answers": C03, "date": "01.03.2026", "lang": "en"})["errors"][0] == {
        "field": "date", "code": "bad_date", "message": "The date must look like YYYY-MM-DD."}
    assert call({"answers": C03, "lang": "xx", "date": "2026-03-01"})["errors"][0]["code"] == "unknown_language"


def test_an_unexpected_failure_becomes_a_generic_error(loaded_browser, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(browser, "evaluate", broken)
    response = call({"answers": C03, "lang": "en", "date": "2026-03-01"})
    assert response["errors"][0]["code"] == "internal"
    assert response["errors"][0]["message"].startswith("Something went wrong")


def test_even_without_content_the_answer_is_json():
    saved = dict(browser._content)
    browser._content.clear()
    try:
        assert json.loads(browser.evaluate_json("{}"))["errors"][0]["code"] == "internal"
        assert json.loads(browser.visible_questions_json("{}")) == []
    finally:
        browser._content.update(saved)


def test_visible_questions_follow_the_answers(loaded_browser):
    asked = json.loads(browser.visible_questions_json(json.dumps({"status": "temporary", "purpose": "work",
                                                                  "country": "KG"})))
    assert asked[:5] == ["status", "purpose", "country", "eaeu_fsms", "age"]
    assert "osms" not in asked and "vms" in asked
    assert json.loads(browser.visible_questions_json("[]"))[0] == "status"
    assert json.loads(browser.visible_questions_json("{bad")) == json.loads(browser.visible_questions_json("{}"))


def test_an_unreadable_request_gets_its_error_in_the_pages_language(loaded_browser):
    # A shared link too long to read: its own "lang" cannot be read, the page's is used.
    too_long = json.dumps({"answers": {"status": "x" * 30_000}, "lang": "ky"})
    assert call(too_long)["errors"][0]["message"].startswith("Слишком")
    response = json.loads(browser.evaluate_json(too_long, "ky"))
    assert response["errors"][0] == {"field": "request", "code": "too_large",
                                     "message": "Маалымат өтө көп: шилтемени текшериңиз же кайра баштаңыз."}
    assert json.loads(browser.evaluate_json("[1]", "en"))["errors"][0]["code"] == "not_object"
    assert json.loads(browser.evaluate_json("[1]", "en"))["errors"][0]["message"].startswith("The answers")
    # A readable request's own language wins; an unknown page language falls back to Russian.
    assert json.loads(browser.evaluate_json(json.dumps({"answers": {"age": -1}, "lang": "en"}), "kk"))[
        "errors"][0]["message"].isascii()
    assert json.loads(browser.evaluate_json("{oops", "xx"))["errors"][0]["message"].startswith("Не удалось")

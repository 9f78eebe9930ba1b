"""Checking the answers before any rule runs: every problem is listed at once,
as {field, code, message} with the message in the visitor's language."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from . import questions as flow
from .texts import dated_value, default_language, languages, localized

# Shareable links and pasted JSON are untrusted: cap what we look at.
MAX_REQUEST_CHARS = 20_000
MAX_ANSWERS = 40
MAX_ID_CHARS = 64


class ValidationError(Exception):
    """Bad input; `.errors` lists every problem as {field, code, message}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['code']}" for e in errors))


def error(content: dict[str, Any], lang: str, field: str, code: str, **values: Any) -> dict[str, str]:
    texts = content["rules/errors"]["errors"]
    message = localized(texts[code]["text"], lang if lang in languages(content) else default_language(content))
    return {"field": field, "code": code, "message": message.format(**values)}


def short(value: Any) -> str:
    return str(value)[:MAX_ID_CHARS]


def check_value(question: dict[str, Any], value: Any, content: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(code, format values) of what is wrong with one answer, or None."""
    if question["kind"] == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "wrong_type", {}
        if not math.isfinite(value):
            return "not_finite", {}
        if value != int(value):
            return "not_whole", {}
        if not question["min"] <= value <= question["max"]:
            return "out_of_range", {"min": question["min"], "max": question["max"]}
        return None
    if not isinstance(value, str):
        return "wrong_type", {}
    if value not in flow.option_ids(question, content):
        return "unknown_option", {}
    return None


def contradictions(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, code) for answers that cannot all be true together; the flow
    already rules out the rest (e.g. a citizen cannot have a purpose of stay)."""
    found = []
    age = answers.get("age")
    if age is not None and answers.get("selfpay_years", 0) > age:
        found.append(("selfpay_years", "contradiction"))
    # "If none was ever paid, give your age in months" (questions.yaml).
    if age is not None and answers.get("months", 0) > (age + 1) * 12:
        found.append(("months", "contradiction"))
    return found


def validate_answers(answers: Any, content: dict[str, Any], lang: str) -> dict[str, Any]:
    """The answers with numbers as ints; raises ValidationError listing every problem."""
    if not isinstance(answers, dict):
        raise ValidationError([error(content, lang, "answers", "not_object")])
    if len(answers) > MAX_ANSWERS:
        raise ValidationError([error(content, lang, "answers", "too_large")])
    index = flow.question_index(content)
    errors = []
    valid: dict[str, Any] = {}
    invalid: set[str] = set()
    for key, value in answers.items():
        if key not in index:
            errors.append(error(content, lang, short(key), "unknown_question"))
            continue
        if value is None:
            continue
        problem = check_value(index[key], value, content)
        if problem:
            invalid.add(key)
            errors.append(error(content, lang, key, problem[0], **problem[1]))
        else:
            valid[key] = int(value) if index[key]["kind"] == "number" else value
    asked = flow.visible_questions(valid, content)
    for key in valid:
        depends_on = {k.partition(".")[0] for k in index[key].get("ask_when", {})}
        if key not in asked and not depends_on & invalid:
            errors.append(error(content, lang, key, "not_asked"))
    for key in asked:
        if index[key]["required"] and key not in valid and key not in invalid:
            errors.append(error(content, lang, key, "required"))
    errors += [error(content, lang, field, code) for field, code in contradictions(valid)]
    if errors:
        raise ValidationError(errors)
    return valid


def validate_language(lang: Any, content: dict[str, Any]) -> list[dict[str, str]]:
    if lang in languages(content):
        return []
    return [error(content, default_language(content), "lang", "unknown_language",
                  languages=", ".join(languages(content)))]


def rules_in_force_from(content: dict[str, Any]) -> date:
    """The first day the model describes: when the 2026 single package began."""
    first = min(str(k) for k in content["rules/dated"]["parameters"]["gobmp_core"]["values"])
    return date.fromisoformat(first)


def validate_date(on: Any, content: dict[str, Any], lang: str) -> list[dict[str, str]]:
    if not isinstance(on, date):
        return [error(content, lang, "date", "bad_date")]
    if dated_value(content["rules/dated"]["parameters"]["gobmp_core"], on) is None:
        return [error(content, lang, "date", "date_out_of_range", first=rules_in_force_from(content).isoformat())]
    return []

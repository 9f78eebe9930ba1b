"""Flows route: which question is asked when is data (`content/questions.yaml`).

This module only reads that data: the options of a question and the
`ask_when` conditions (grammar documented at the top of questions.yaml; the
JavaScript form evaluates the same grammar)."""

from __future__ import annotations

from typing import Any


def questions(content: dict[str, Any]) -> list[dict[str, Any]]:
    return content["questions"]["questions"]


def question_index(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in questions(content)}


def listed_items(content: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The items an `options_from` entry points at: the `list` key of that
    content file, or the `items` of it when it is a section with a title."""
    data = content[spec["content"]][spec["list"]]
    return data["items"] if isinstance(data, dict) else data


def options(question: dict[str, Any], content: dict[str, Any]) -> list[dict[str, Any]]:
    """Every option of a question: {id, label, …attributes}."""
    if question["kind"] == "country":
        return [{"id": c["id"], "label": c["name"], **c} for c in content["countries"]["countries"]]
    found: list[dict[str, Any]] = []
    for spec in question.get("options_from", []):
        found.extend({"id": item["id"], "label": item["name"], **item} for item in listed_items(content, spec))
    found.extend(question.get("options", []))
    return found


def option_ids(question: dict[str, Any], content: dict[str, Any]) -> list[str]:
    return [o["id"] for o in options(question, content)]


def option(question: dict[str, Any], content: dict[str, Any], option_id: Any) -> dict[str, Any] | None:
    return next((o for o in options(question, content) if o["id"] == option_id), None)


def band(question: dict[str, Any], value: Any) -> str | None:
    """The id of the band of a number question (`bands` in questions.yaml,
    each with an inclusive `min` and/or `max`) the value falls in."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None  # not a number yet: no band, the key does not hold
    return next((entry["id"] for entry in question.get("bands", [])
                 if entry.get("min", value) <= value <= entry.get("max", value)), None)


def attributes(question: dict[str, Any], content: dict[str, Any], value: Any) -> dict[str, Any]:
    """What `q.attr` keys of ask_when read: the chosen option's attributes, or,
    for a number question, its `band`."""
    if question["kind"] == "number":
        return {"band": band(question, value)}
    return option(question, content, value) or {}


def condition_holds(ask_when: dict[str, list[Any]] | None, known: dict[str, Any],
                    content: dict[str, Any]) -> bool:
    """AND over keys, OR over listed values; `q.attr` reads the chosen option's
    attribute (`q.band` the band of a number); a key about an unanswered
    question does not hold."""
    index = question_index(content)
    for key, allowed in (ask_when or {}).items():
        question_id, _, attribute = key.partition(".")
        if question_id not in known:
            return False
        value = known[question_id]
        if attribute:
            value = attributes(index[question_id], content, value).get(attribute)
        if value not in allowed:
            return False
    return True


def visible_questions(answers: dict[str, Any], content: dict[str, Any]) -> list[str]:
    """Ids of the questions to ask, in order, given the answers so far. An
    answer to a question that is not asked is ignored here."""
    asked: list[str] = []
    known: dict[str, Any] = {}
    for question in questions(content):
        if condition_holds(question.get("ask_when"), known, content):
            asked.append(question["id"])
            if question["id"] in answers:
                known[question["id"]] = answers[question["id"]]
    return asked

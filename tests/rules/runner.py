"""Compares rule cases (tests/rules/cases/*.yaml) with what the rules say.

Pure standard library plus `eligibility`, so the same file runs under pytest
and inside Pyodide (tests/pyodide/run_cases.mjs, with the cases as JSON).

    run_cases(cases, content, file="") -> (passed, failed, messages)

A message reads `file: case 'name': what differed`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eligibility import ValidationError, evaluate

CASE_KEYS = {"name", "example", "answers", "date", "lang", "expect"}
EXPECT_KEYS = {"packages", "covered_services", "covered_diseases", "abroad_eligible", "steps_include",
               "notes_include", "citations_include", "errors", "trace_include", "steps_exclude",
               "trace_exclude"}


def all_citations(value: Any) -> list[dict[str, Any]]:
    """Every citation anywhere in a result dict."""
    found = []
    if isinstance(value, dict):
        if "anchor" in value and "document" in value:
            return [value]
        for item in value.values():
            found += all_citations(item)
    elif isinstance(value, list):
        for item in value:
            found += all_citations(item)
    return found


def check_shape(case: dict[str, Any]) -> list[str]:
    problems = [f"unknown key {k!r}" for k in sorted(set(case) - CASE_KEYS)]
    problems += [f"unknown expect key {k!r}" for k in sorted(set(case.get("expect", {})) - EXPECT_KEYS)]
    if "name" not in case or "answers" not in case or "expect" not in case:
        problems.append("a case needs name, answers and expect")
    return problems


def compare_errors(expect: dict[str, Any], errors: list[dict[str, str]]) -> list[str]:
    got = sorted((e["field"], e["code"]) for e in errors)
    wanted = sorted((e["field"], e["code"]) for e in expect.get("errors", []))
    if not wanted:
        return [f"expected a result, got errors {got}"]
    return [] if got == wanted else [f"errors: expected {wanted}, got {got}"]


def compare_result(expect: dict[str, Any], result: dict[str, Any]) -> list[str]:
    differences = []
    if "errors" in expect:
        return [f"expected errors {expect['errors']}, got a result"]
    got_packages = sorted(p["id"] for p in result["packages"])
    if got_packages != sorted(expect["packages"]):
        differences.append(f"packages: expected {sorted(expect['packages'])}, got {got_packages}")
    services = {s["row"]: (s["count"], s["period"]) for s in result["covered_services"]}
    for wanted in expect.get("covered_services", []):
        if services.get(wanted["row"]) != (wanted["count"], wanted["period"]):
            differences.append(f"covered_services: row {wanted['row']} expected {wanted['count']} per "
                               f"{wanted['period']}, got {services.get(wanted['row'])}")
    if "covered_diseases" in expect:
        got = sorted(d["id"] for d in result["covered_diseases"])
        if got != sorted(expect["covered_diseases"]):
            differences.append(f"covered_diseases: expected {sorted(expect['covered_diseases'])}, got {got}")
    if "abroad_eligible" in expect:
        got = None if result["abroad"] is None else result["abroad"]["eligible"]
        if got != expect["abroad_eligible"]:
            differences.append(f"abroad_eligible: expected {expect['abroad_eligible']}, got {got}")
    for key, items in (("steps_include", result["steps"]), ("notes_include", result["notes"])):
        ids = {item["id"] for item in items}
        missing = [i for i in expect.get(key, []) if i not in ids]
        if missing:
            differences.append(f"{key}: missing {missing}, got {sorted(ids)}")
    rules = {line["rule"] for line in result["trace"]}
    missing = [r for r in expect.get("trace_include", []) if r not in rules]
    if missing:
        differences.append(f"trace_include: missing {missing}, got {sorted(rules)}")
    unwanted = [r for r in expect.get("trace_exclude", []) if r in rules]
    if unwanted:
        differences.append(f"trace_exclude: {unwanted} in the trace")
    shown = {step["id"] for step in result["steps"]}
    unwanted = [s for s in expect.get("steps_exclude", []) if s in shown]
    if unwanted:
        differences.append(f"steps_exclude: {unwanted} shown")
    cited = {(c["document"], c["part"]) for c in all_citations(result)}
    for wanted in expect.get("citations_include", []):
        if (wanted["document"], wanted["part"]) not in cited:
            differences.append(f"citations_include: {wanted['document']} {wanted['part']} not cited")
    return differences


def run_case(case: dict[str, Any], content: dict[str, Any]) -> list[str]:
    """What differed between the case and the rules' answer (empty: passed)."""
    problems = check_shape(case)
    if problems:
        return problems
    on = date.fromisoformat(case["date"]) if case.get("date") else None
    try:
        result = evaluate(case["answers"], content, on=on, lang=case.get("lang", "en")).to_dict()
    except ValidationError as problem:
        return compare_errors(case["expect"], problem.errors)
    return compare_result(case["expect"], result)


def run_cases(cases: list[dict[str, Any]], content: dict[str, Any], file: str = "cases") -> tuple[int, int, list[str]]:
    passed = failed = 0
    messages = []
    for case in cases:
        differences = run_case(case, content)
        if differences:
            failed += 1
            messages += [f"{file}: case {case.get('name', '?')!r}: {d}" for d in differences]
        else:
            passed += 1
    return passed, failed, messages

"""Runs inside Pyodide (driven by scripts/stdlib_usage.mjs): exercises what the
wizard does in the browser and records which standard-library modules that
imports, phase by phase, so the served python_stdlib.zip can hold only those.

Globals set by the driver before this runs: ``probe_config`` (a JSON string)
and ``startup_modules`` / ``install_modules`` / ``error_modules`` (module
names seen right after ``loadPyodide``, after the wheels were installed, and
after a Python exception was raised into JavaScript and formatted there).
"""

import json
import sys

config = json.loads(probe_config)  # noqa: F821 - set by the driver
phases = {
    "startup": sorted(startup_modules),  # noqa: F821
    "install": sorted(set(install_modules) - set(startup_modules)),  # noqa: F821
    "error": sorted(set(error_modules) - set(install_modules)),  # noqa: F821
}
_seen = set(error_modules)  # noqa: F821


def _close_phase(name):
    global _seen
    now = set(sys.modules)
    phases[name] = sorted(now - _seen)
    _seen = now


def _failures_of(result):
    """tests/rules/runner.py:run_cases returns (passed, failed, messages)."""
    passed, failed, messages = result
    if failed or not passed:
        return [str(m) for m in messages] or [f"{failed} failed, {passed} passed"]
    return []


def _flatten(bundle):
    """cases.json (scripts/build_engine.py) is a list of {file, cases}, one per
    tests/rules/cases/*.yaml; a file holds a list of cases or {cases: [...]}."""
    if isinstance(bundle, dict):
        bundle = bundle.get("cases", [])
    flat = []
    for entry in bundle:
        if isinstance(entry, dict) and "file" in entry and "cases" in entry:
            inner = entry["cases"]
            flat.extend(inner.get("cases", []) if isinstance(inner, dict) else inner or [])
        else:
            flat.append(entry)
    return flat


with open(config["cases"], encoding="utf-8") as f:
    cases = _flatten(json.load(f))
with open(config["content"], encoding="utf-8") as f:
    content_json = f.read()
content = json.loads(content_json)
failures = []

from eligibility import browser  # noqa: E402 - after the install snapshot

browser.load(content_json)
_close_phase("load")

# The browser path the worker takes: one JSON request in, one JSON answer out,
# shaped as wizard/engine/wizard.js sends it.
answers = 0
for case in cases:
    request = {"answers": case.get("answers", {}), "lang": case.get("lang", "en"), "date": case.get("date")}
    try:
        json.loads(browser.evaluate_json(json.dumps(request, ensure_ascii=False)))
        answers += 1
    except Exception as exc:  # a crash at the boundary fails the case
        failures.append(f"{case.get('name', '?')}: evaluate_json raised {exc!r}")
# Malformed requests take the boundary's error paths; they must answer too.
for malformed in ("{", "[]", '{"answers": {}, "date": "not a date"}'):
    try:
        json.loads(browser.evaluate_json(malformed))
    except Exception as exc:
        failures.append(f"evaluate_json({malformed!r}) raised {exc!r}")
_close_phase("evaluate_json")

if config.get("runner"):
    import importlib.util

    spec = importlib.util.spec_from_file_location("rules_runner", config["runner"])
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    try:
        failures += _failures_of(runner.run_cases(cases, content))
    except Exception as exc:
        import traceback

        failures.append("run_cases raised:\n" + traceback.format_exc())
_close_phase("run_cases")

if config.get("qr_url"):
    if config.get("printing_stdlib"):
        # As wizard/engine/engine.js does before the first QR code.
        sys.path.append(config["printing_stdlib"])
    import segno

    # The same call as wizard/engine/worker.js makes.
    code = segno.make(config["qr_url"], error="m", micro=False)
    svg = code.svg_inline(scale=3, border=2, omitsize=True)
    if "<svg" not in svg:
        failures.append("segno produced no SVG")
_close_phase("qr")


def _files(name):
    module = sys.modules.get(name)
    found = set()
    spec = getattr(module, "__spec__", None)
    for path in (getattr(module, "__file__", None), getattr(spec, "origin", None)):
        if isinstance(path, str):
            found.add(path)
    return sorted(found)


probe_result = json.dumps(
    {
        "python": sys.version,
        "phases": phases,
        "files": {name: _files(name) for name in sorted(sys.modules)},
        "packages": sorted(
            n for n, m in list(sys.modules.items()) if hasattr(m, "__path__")
        ),
        "cases": len(cases),
        "answers": answers,
        "failures": failures,
    }
)

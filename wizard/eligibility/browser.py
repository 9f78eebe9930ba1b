"""The JSON boundary for the browser (Pyodide): strings in, strings out, so
JavaScript never holds a Python object. Nothing here raises.

    load(content_json)                 once, with the bundled CONTENT_KEYS: in the
        browser a page's content-<languages>.json (scripts/build_engine.py), whose
        `languages` are that page's two (its own, its print sheet's), the
        default first; a request in another language gets unknown_language
    evaluate_json(request_json, page_lang=None) -> str
        page_lang: the language of errors about a request that cannot be read
        request  {"answers": {...}, "lang": "en", "date": "YYYY-MM-DD" | null}
        response {"ok": true, "result": {...}} | {"ok": false, "errors": [{"field", "code", "message"}]}
    visible_questions_json(answers_json) -> str   JSON list of question ids to ask
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from . import evaluate
from .questions import visible_questions
from .texts import default_language, languages
from .validation import MAX_REQUEST_CHARS, ValidationError, error

_content: dict[str, Any] = {}


def load(content_json: str) -> None:
    _content.clear()
    _content.update(json.loads(content_json))


def _failure(errors: list[dict[str, str]]) -> str:
    return json.dumps({"ok": False, "errors": errors}, ensure_ascii=False)


def _language(request: Any, fallback: str | None = None) -> str:
    lang = request.get("lang") if isinstance(request, dict) else None
    if lang in languages(_content):
        return lang
    return fallback if fallback in languages(_content) else default_language(_content)


def _parse(request_json: Any) -> Any:
    """The request as JSON data; ValueError when it is not a small JSON text."""
    if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST_CHARS:
        raise ValueError("too_large")
    return json.loads(request_json)


def evaluate_json(request_json: str, page_lang: str | None = None) -> str:
    # Errors about a request that cannot be read (a link too long to parse
    # has no readable "lang") are in the page's language; a readable
    # request's own "lang" wins.
    lang = None  # until known: error() then speaks the default language
    try:
        lang = page_lang if page_lang in languages(_content) else None
        try:
            request = _parse(request_json)
        except ValueError as problem:
            code = "too_large" if str(problem) == "too_large" else "bad_json"
            return _failure([error(_content, lang, "request", code)])
        lang = _language(request, lang)
        if not isinstance(request, dict):
            return _failure([error(_content, lang, "request", "not_object")])
        on = request.get("date")
        try:
            on = None if on is None else date.fromisoformat(on)
        except (TypeError, ValueError):
            return _failure([error(_content, lang, "date", "bad_date")])
        result = evaluate(request.get("answers", {}), _content, on=on, lang=request.get("lang", lang))
        return json.dumps({"ok": True, "result": result.to_dict()}, ensure_ascii=False)
    except ValidationError as problem:
        return _failure(problem.errors)
    except Exception:  # the page must always get an answer it can show
        try:
            return _failure([error(_content, lang, "request", "internal")])
        except Exception:
            return json.dumps({"ok": False, "errors": [{"field": "request", "code": "internal", "message": ""}]})


def visible_questions_json(answers_json: str) -> str:
    try:
        answers = _parse(answers_json)
        if not isinstance(answers, dict):
            answers = {}
        return json.dumps(visible_questions(answers, _content))
    except Exception:  # unreadable answers: ask from the start
        try:
            return json.dumps(visible_questions({}, _content))
        except Exception:
            return "[]"

"""Who is covered for what: health-care eligibility rules for migrants in Kazakhstan.

Pure standard library, no I/O: the caller passes the content (the mapping of
`scripts.content.load_content()`, or just the `CONTENT_KEYS` of it). The same
code runs in the tests, at build time and in the visitor's browser (Pyodide,
through `eligibility.browser`).

    evaluate(answers, content, on=date, lang="ru") -> Result   (or ValidationError)

Flows route, predicates decide: which question is asked when is data
(`content/questions.yaml`, read by `eligibility.questions`); each legal
condition is a named function in `eligibility.predicates`; `eligibility.rules`
turns them into a result whose every sentence comes from content.

Result JSON (`Result.to_dict()`), stable, rendered by the wizard page:

    {"evaluated_on": "YYYY-MM-DD", "lang": "ru|kk|ky|en",
     "answers": {<question id>: <option id or number>},
     "packages": [{"id", "name", "summary", "citations"}],
     "covered_diseases": [{"id", "number", "name", "icd10", "citations"}],
     "covered_services": [{"row", "group", "name", "frequency", "count", "period", "citations"}],
     "not_covered": [{"text", "how_to_pay", "citations"}],
     "steps": [{"id", "text", "documents": [str], "citations"}],
     "abroad": null | {"eligible", "reason", "documents": [str],
                       "deadlines": [{"text", "working_days"}], "citations"},
     "trace": [{"rule", "text", "citations"}],
     "notes": [{"id", "text", "citations"}],
     "summary": {"answer": [summary package], "also": [summary package],
                 "pay": [not covered item], "first_step": null | step,
                 "warnings": [note], "person": [{"question", "label", "value"}]}}

    summary package = {"id", "kind", "label", "name", "summary", "citations"}

`summary` is the short answer shown first (eligibility.summary): `answer`
holds the packages deciding the care asked about (or `paid`, or an outcome),
`also` the other free or insured packages the person has, `kind` one of free,
insured, paid, outcome (content/rules/summary.yaml), `label` its words;
`warnings` are the notes saying the law is not clear about those packages,
`person` says who the result is for (the answers named in rules/summary.yaml
`person`, the chosen options' labels).

    citation = {"document", "part", "locator"?, "label", "page", "anchor", "confidence"}

`packages` ids: equal, gobmp_core, list121, vms_minimum, eaeu_osms,
emergency_treaty, paid, abroad, and the outcome not_eligible_abroad (order of
content/packages.yaml). A step's `id` is its id in content/rules/steps.yaml,
or "treatment_abroad.<id>" for the steps of procedures/treatment_abroad. `label` is the human citation in `lang`, `page` the
site page publishing the part, `anchor` = "<document>-<part>". Every item has
at least one citation.

Errors: `ValidationError.errors` = [{"field", "code", "message"}], every
problem at once, message in `lang`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import Result
from .predicates import person_from
from .questions import visible_questions
from .rules import decide
from .texts import default_language, languages
from .validation import ValidationError, validate_answers, validate_date, validate_language

__all__ = ["CONTENT_KEYS", "Result", "ValidationError", "evaluate", "visible_questions"]

# The content ids the rules read: the build bundles just these for the browser.
CONTENT_KEYS = (
    "questions", "countries", "packages", "diseases", "services",
    "procedures/foreigners", "procedures/osms_2026", "procedures/treatment_abroad",
    "rules/citations", "rules/dated", "rules/errors", "rules/not_covered", "rules/notes",
    "rules/general_practice", "rules/steps", "rules/summary", "rules/trace", "documents", "languages",
)


def evaluate(answers: dict[str, Any], content: dict[str, Any], on: date | None = None,
             lang: str | None = None) -> Result:
    """Evaluate the answers on date `on` (default today), texts in `lang`
    (default: the site's default language).

    Raises ValidationError listing every problem; never returns a partial result."""
    lang = default_language(content) if lang is None else lang
    errors = validate_language(lang, content)
    message_lang = default_language(content) if errors else lang
    on = date.today() if on is None else on
    errors += validate_date(on, content, message_lang)
    try:
        valid = validate_answers(answers, content, message_lang)
    except ValidationError as problem:
        errors += problem.errors
    if errors:
        raise ValidationError(errors)
    return decide(person_from(valid, content), content, on, lang)

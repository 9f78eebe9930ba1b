"""The short answer a result opens with: for the care asked about, free,
insured or paid (the packages that decide it); what else is free or insured;
what to pay or insure, and how; the first step; the notes saying the law is
not clear about that answer.

Everything is taken from the result itself and from content/rules/summary.yaml
(which package is of which kind, which note is about which package), so a
package or note added to content falls into place by its id. No sentence
here: the words are the packages', steps' and notes' own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Fact, Package, Summary, SummaryPackage
from .questions import option, question_index

if TYPE_CHECKING:  # pragma: no cover - types only
    from .rules import Explanation


def kind_of(package_id: str, rules: dict[str, Any]) -> str:
    """The kind of a package (free, insured, paid, outcome) in rules/summary.yaml."""
    return next(kind for kind, entry in rules["kinds"].items() if package_id in entry["packages"])


def summarize(x: Explanation) -> Summary:
    rules = x.content["rules/summary"]["summary"]
    result = x.result
    shown = {p.id: p for p in result.packages}
    # Packages the person has though the question was about other care
    # (the 23 diseases for a migrant asking about something else, a treaty's
    # free emergency care for someone planning care).
    for package_id in x.also_ids:
        shown.setdefault(package_id, x.package_entry(package_id))

    def item(package: Package) -> SummaryPackage:
        kind = kind_of(package.id, rules)
        return SummaryPackage(package.id, kind, x.t(rules["kinds"][kind]["label"]), package.name,
                              package.summary, package.citations)

    # The answer to the question asked: the packages that cover it, else
    # "paid"; an outcome (not eligible for treatment abroad) is an answer too.
    deciding = [i for i in shown if i in x.covering or kind_of(i, rules) in ("outcome", "paid")]
    order = list(x.content["packages"]["packages"])
    # An outcome first: it answers the question asked (treatment abroad).
    answer = [item(shown[i]) for i in sorted(deciding, key=lambda i: (kind_of(i, rules) != "outcome", order.index(i)))]
    also = [item(shown[i]) for i in sorted(shown, key=order.index)
            if i not in deciding and kind_of(i, rules) in ("free", "insured")]
    touched = {p.id for p in answer + also}
    warnings = [n for n in result.notes if n.id in rules["unclear"]
                and (not rules["unclear"][n.id] or touched.intersection(rules["unclear"][n.id]))]
    preferred = [s for s in result.steps if s.id.startswith(tuple(rules["first_step_prefer"]))]
    first = (preferred or result.steps or [None])[0]
    return Summary(answer=answer, also=also, pay=list(result.not_covered), first_step=first, warnings=warnings,
                   person=person(x, rules))


def person(x: Explanation, rules: dict[str, Any]) -> list[Fact]:
    """Who the result is for: the answers named in rules/summary.yaml `person`."""
    index = question_index(x.content)
    facts = []
    for question_id, label in rules["person"].items():
        if question_id not in x.result.answers:
            continue
        value = x.result.answers[question_id]
        chosen = option(index[question_id], x.content, value)
        facts.append(Fact(question_id, x.t(label), x.t(chosen["label"]) if chosen else str(value)))
    return facts

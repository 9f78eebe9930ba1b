"""The result of an evaluation, as dataclasses whose `to_dict()` is the JSON the
browser renders (shape documented in the package docstring)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Only __init__ is generated: each method a dataclass generates is compiled
# when this module is imported, and in the visitor's browser that happens at
# every cold start of the engine. Under Pyodide, on a desktop VM, these
# classes took 68-98 ms to define with the defaults (__init__, __repr__,
# __eq__) and 23-26 ms with __init__ alone; a cheap phone is several times
# slower. A result is compared and shown through to_dict(), never as objects.
record = dataclass(repr=False, eq=False)


@dataclass(frozen=True, repr=False, eq=False)  # see `record`
class Citation:
    document: str
    part: str
    label: str
    page: str
    anchor: str
    confidence: str
    locator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.locator is None:
            del data["locator"]
        return data


@record
class Package:
    id: str
    name: str
    summary: str
    citations: list[Citation]


@record
class CoveredDisease:
    id: str
    number: int
    name: str
    icd10: str
    citations: list[Citation]


@record
class CoveredService:
    row: int
    group: str
    name: str
    frequency: str
    count: int
    period: str
    citations: list[Citation]


@record
class NotCovered:
    text: str
    how_to_pay: str
    citations: list[Citation]


@record
class Step:
    id: str
    text: str
    documents: list[str]
    citations: list[Citation]


@record
class Deadline:
    text: str
    working_days: int


@record
class Abroad:
    eligible: bool
    reason: str
    documents: list[str]
    deadlines: list[Deadline]
    citations: list[Citation]


@record
class TraceLine:
    rule: str
    text: str
    citations: list[Citation]


@record
class Note:
    id: str
    text: str
    citations: list[Citation]


@record
class SummaryPackage:
    id: str
    kind: str
    label: str
    name: str
    summary: str
    citations: list[Citation]


@record
class Fact:
    question: str
    label: str
    value: str


@record
class Summary:
    """The short answer first on a result (summary.py): the items of the
    result that answer the question, in the result's own words."""
    answer: list[SummaryPackage]
    also: list[SummaryPackage]
    pay: list[NotCovered]
    first_step: Step | None
    warnings: list[Note]
    person: list[Fact]


@record
class Result:
    evaluated_on: str
    lang: str
    answers: dict[str, Any]
    packages: list[Package] = field(default_factory=list)
    covered_diseases: list[CoveredDisease] = field(default_factory=list)
    covered_services: list[CoveredService] = field(default_factory=list)
    not_covered: list[NotCovered] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    abroad: Abroad | None = None
    trace: list[TraceLine] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    summary: Summary | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


def _plain(value: Any) -> Any:
    """dataclasses.asdict, except that a Citation drops an absent locator."""
    if isinstance(value, Citation):
        return value.to_dict()
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value

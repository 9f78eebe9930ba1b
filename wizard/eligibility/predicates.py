"""Predicates decide: each legal condition is one small named function whose
docstring quotes or cites the rule. They read a `Person` (the validated
answers, with the country's treaty membership and the kind of condition
looked up in content) and, where the law changed by date, the dated values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .questions import listed_items, question_index
from .texts import dated_value

EQUAL_RIGHTS_STATUSES = ("citizen", "kandas", "refugee", "permanent")
# Children: "under the age of 18" (order ҚР ДСМ-45 Annex 4 item 1; OSMS Law art. 26).
ADULT_AGE = 18


@dataclass(frozen=True)
class Person:
    answers: dict[str, Any]
    country: dict[str, Any] | None
    condition_kind: str | None  # list121 | abroad | hightech | social | hiv | other | unsure | None

    def __getattr__(self, name: str) -> Any:
        # Unasked questions read as None, so predicates stay one line each.
        return self.answers.get(name)


def condition_kind(condition: str | None, content: dict[str, Any]) -> str | None:
    if condition is None:
        return None
    spec_list121, spec_abroad = question_index(content)["condition"]["options_from"]
    if condition in {d["id"] for d in listed_items(content, spec_list121)}:
        return "list121"
    if condition in {d["id"] for d in listed_items(content, spec_abroad)}:
        return "abroad"
    return condition


def person_from(answers: dict[str, Any], content: dict[str, Any]) -> Person:
    countries = {c["id"]: c for c in content["countries"]["countries"]}
    return Person(answers=answers, country=countries.get(answers.get("country")),
                  condition_kind=condition_kind(answers.get("condition"), content))


# --- Who has which rights (order No. 665) -----------------------------------

def has_equal_rights(p: Person) -> bool:
    """Order 665 p.4: kandases, refugees and foreigners and stateless persons
    permanently residing in Kazakhstan have the right to medical care equal to
    citizens of Kazakhstan, in GOBMP and in OSMS (Code art. 83 p.1)."""
    return p.status in EQUAL_RIGHTS_STATUSES


def is_temporary_migrant(p: Person) -> bool:
    """Order 665 p.5: migrants who came temporarily for the purposes of p.3
    items 2)–5) (family reunification, study, work, humanitarian reasons)
    receive GOBMP for the diseases of order ҚР ДСМ-121/2020."""
    return p.status == "temporary"


def is_asylum_seeker(p: Person) -> bool:
    """Order 665 p.2 8): a foreigner or stateless person who has asked for
    asylum, until the final decision on the application for refugee status;
    covered by order ҚР ДСМ-121/2020 (its title names asylum seekers)."""
    return p.status == "asylum"


def is_visitor(p: Person) -> bool:
    """Order 665 p.12: temporarily staying foreigners receive services outside
    the lists on a paid basis; a visitor without a residence permit stays
    outside the purposes of p.3, so nothing in the order makes care free."""
    return p.status == "visitor"


def came_for_a_purpose_of_p3(p: Person) -> bool:
    """Order 665 p.13: migrants who came for the purposes of p.3 (1) return to
    the historical homeland, i.e. kandases; 2)–5) family, study, work,
    humanitarian reasons) undergo the medical examination on arrival."""
    return p.status in ("kandas", "temporary")


# Order 665 p.4: the status that would give rights equal to citizens, for a
# status that does not: a temporary resident with a permanent residence
# permit, an asylum seeker granted refugee status.
BETTER_STATUS = {"temporary": "permanent", "asylum": "refugee"}


def better_status(p: Person) -> str | None:
    """The status with rights equal to citizens (order 665 p.4) that this
    person's status can lead to, or None."""
    return BETTER_STATUS.get(p.status)


def has_expired_permit(p: Person) -> bool:
    """A foreigner whose residence permit has expired: order 665 does not
    speak of it; the FSMS answers that emergency and urgent care stay free
    (medical workers' FAQ, question 2, medium confidence)."""
    return p.status == "expired"


def is_labour_migrant(p: Person) -> bool:
    """Order 665 p.3 4) and p.5 para. 2: migrants who came to work receive care
    under imputed insurance (VMS) by the minimum list of order No. 111."""
    return is_temporary_migrant(p) and p.purpose == "work"


def has_vms(p: Person) -> bool:
    """Order 665 p.5 para. 2: care under VMS needs a VMS contract."""
    return p.vms == "yes"


def has_dms(p: Person) -> bool:
    """Order 665 p.12: paid services may be received under DMS."""
    return p.dms == "yes"


# --- EAEU and the CIS agreement ----------------------------------------------

def is_eaeu_citizen(p: Person) -> bool:
    """A citizen of a foreign EAEU member state (countries.yaml `eaeu`)."""
    return p.country is not None and p.country["eaeu"]


def is_eaeu_worker(p: Person) -> bool:
    """Order 665 p.9: labour migrants who are citizens of EAEU member states."""
    return is_labour_migrant(p) and is_eaeu_citizen(p)


def is_eaeu_family_member(p: Person) -> bool:
    """Order 665 p.9: family members of EAEU labour migrants."""
    return p.eaeu_family == "yes"


def is_eaeu_osms_insured(p: Person) -> bool:
    """Order 665 p.11: temporary migrants and their families have the right to
    OSMS care under a ratified international treaty once they fulfil the OSMS
    obligations, i.e. once the FSMS recognises them as insured."""
    return p.eaeu_fsms == "yes"


def is_cis1997_citizen(p: Person) -> bool:
    """A citizen of a state party to the CIS agreement of 27 March 1997
    (countries.yaml `cis1997`)."""
    return p.country is not None and p.country["cis1997"]


def needs_emergency_care(p: Person) -> bool:
    return p.care == "emergency"


def treaty_emergency_route(p: Person) -> str | None:
    """Which treaty would make emergency care free, whatever care is asked
    about now: EAEU Treaty art. 98 p.3 and Annex 30 for EAEU workers and their
    family members; CIS agreement of 1997 art. 2 for citizens of its states
    parties; None when we know of no such treaty."""
    if is_eaeu_worker(p) or is_eaeu_family_member(p):
        return "eaeu"
    return "cis1997" if is_cis1997_citizen(p) else None


def is_ces1998_citizen(p: Person) -> bool:
    """A citizen of Kyrgyzstan, Tajikistan or Uzbekistan, parties with
    Kazakhstan to the agreement of 26 June 1998 (countries.yaml `ces1998`;
    whether it is in force is not verified)."""
    return p.country is not None and p.country.get("ces1998", False)


# --- OSMS insured status (OSMS Law; MoH slides 2026) -------------------------

def is_child(p: Person) -> bool:
    return p.age is not None and p.age < ADULT_AGE


def is_state_paid_child(p: Person) -> bool:
    """OSMS Law art. 26: the state pays contributions for children (under 18)."""
    return is_child(p)


def is_in_benefit_category(p: Person) -> bool:
    """OSMS Law art. 26: the state pays contributions for listed categories
    (pensioners, people with disabilities, pregnant women, full-time
    students, …)."""
    return p.benefit == "yes"


def is_non_working_kandas(p: Person) -> bool:
    """OSMS Law art. 26: kandases who do not work are among the state-paid
    categories."""
    return p.status == "kandas" and p.work == "not_working"


def is_registered_unemployed(p: Person) -> bool:
    """OSMS Law art. 26-1 p.1 1): the local budget pays contributions for
    people registered as unemployed (MoH slides 2026: employment centre or
    enbek.kz)."""
    return p.work == "unemployed_registered"


def is_in_category_de(p: Person) -> bool:
    """OSMS Law art. 26-1; MoH slides 2026: for non-working people of
    social-wellbeing categories D and E of the Digital Family Card with no
    pension contributions for 3 months, the local budget pays."""
    return p.category_de == "yes"


def grace_months(p: Person, parameters: dict[str, Any], on: date) -> int:
    """OSMS Law art. 5 p.2 (MoH slides 2026): after the last contribution the
    right to OSMS care is kept for 3 months; from 2026, 6 months for someone who
    paid their own contributions without gaps for 5 years (dated values)."""
    months = dated_value(parameters["osms_grace_months"], on)["value"]
    longer = dated_value(parameters["osms_grace_months_long_self_payer"], on)
    years = dated_value(parameters["osms_long_self_payer_years"], on)
    if longer and years and (p.selfpay_years or 0) >= years["value"]:
        months = max(months, longer["value"])
    return months


def is_within_grace_period(p: Person, parameters: dict[str, Any], on: date) -> bool:
    return p.months is not None and p.months <= grace_months(p, parameters, on)


def has_long_self_payer_grace(p: Person, parameters: dict[str, Any], on: date) -> bool:
    """Whether the longer 2026 period is what keeps this person insured."""
    base = dated_value(parameters["osms_grace_months"], on)["value"]
    return is_within_grace_period(p, parameters, on) and p.months > base


def reported_insured(p: Person) -> bool:
    """The FSMS status the person checked (bot, egov, FSMS site, 1414)."""
    return p.osms == "insured"


def osms_insured_reasons(p: Person, parameters: dict[str, Any], on: date) -> list[str]:
    """Every ground on which the person is insured in OSMS, as rule ids."""
    if reported_insured(p):
        return ["osms_reported_insured"]
    grounds = {
        "osms_state_paid_child": is_state_paid_child(p),
        "osms_benefit_category": is_in_benefit_category(p),
        "osms_non_working_kandas": is_non_working_kandas(p),
        "osms_registered_unemployed": is_registered_unemployed(p),
        "osms_category_de": is_in_category_de(p),
        "osms_grace_period": is_within_grace_period(p, parameters, on),
    }
    return [rule for rule, holds in grounds.items() if holds]


def is_osms_insured(p: Person, parameters: dict[str, Any], on: date) -> bool:
    """OSMS Law art. 26, 26-1, art. 5 p.2: insured when any ground holds."""
    return bool(osms_insured_reasons(p, parameters, on))


# --- What the condition is ----------------------------------------------------

def has_list121_disease(p: Person) -> bool:
    """Order ҚР ДСМ-121/2020 Annex 1: one of the 23 diseases dangerous to others."""
    return p.condition_kind == "list121"


def condition_unknown(p: Person) -> bool:
    return p.condition_kind in (None, "unsure")


# What each answer asks of GOBMP, in the words of the dated `gobmp_core` list.
# HIV is one of the socially significant diseases of GOBMP 2026.
GOBMP_CORE_NEEDS = {"list121": "dangerous_to_others", "social": "socially_significant",
                    "hiv": "socially_significant"}


def is_in_gobmp_core(p: Person, parameters: dict[str, Any], on: date) -> bool:
    """MoH/FSMS 2026 (medium confidence): emergency care, diseases dangerous to
    others and socially significant diseases stay free for everyone with equal
    rights, insured or not (rules/dated.yaml `gobmp_core`, in force on `on`)."""
    core = dated_value(parameters["gobmp_core"], on)["value"]
    needs = {GOBMP_CORE_NEEDS.get(p.condition_kind), "emergency" if needs_emergency_care(p) else None}
    return bool(needs & set(core))


def asks_for_treatment_abroad(p: Person) -> bool:
    return p.condition_kind in ("abroad", "hightech")


def may_apply_for_treatment_abroad(p: Person) -> bool:
    """Order ҚР ДСМ-45 Rules p.1, p.12: only citizens of Kazakhstan, with a
    disease of Annex 3, or in a category of Annex 4 (item 1: children under 18
    needing high-tech care not provided in Kazakhstan)."""
    if p.status != "citizen":
        return False
    return p.condition_kind == "abroad" or (p.condition_kind == "hightech" and is_child(p))

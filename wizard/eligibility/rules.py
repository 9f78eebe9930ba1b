"""The reasoning: which packages, steps, notes and trace lines follow from a
validated Person. Each decision calls a named predicate (predicates.py); every
sentence comes from content (packages.yaml, rules/*.yaml, the procedures)."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import predicates as law
from .model import (Abroad, CoveredDisease, CoveredService, Deadline, Note, NotCovered, Package,
                    Result, Step, TraceLine)
from .predicates import Person
from .questions import listed_items, option, question_index
from .summary import summarize
from .texts import cite, localized, plain, sources


class Explanation:
    """Collects a result; looks every text up in content, in one language."""

    def __init__(self, content: dict[str, Any], on: date, lang: str, person: Person):
        self.content, self.on, self.lang, self.person = content, on, lang, person
        self.parameters = content["rules/dated"]["parameters"]
        self.package_ids: list[str] = []
        # The packages that cover the care asked about, and those the person
        # has for other care (for the summary, summary.py).
        self.covering: list[str] = []
        self.also_ids: list[str] = []
        self.covered = False
        self.result = Result(evaluated_on=on.isoformat(), lang=lang, answers=dict(person.answers))

    def t(self, text: Any, **values: Any) -> str:
        return plain(localized(text, self.lang).format(**values))

    def cite(self, source: Any):
        return cite(source, self.content, self.lang)

    def package(self, package_id: str) -> None:
        self.package_ids.append(package_id)

    def cover(self, package_id: str) -> None:
        """The care asked about is covered, by this package."""
        self.covering.append(package_id)
        self.covered = True

    def also(self, package_id: str) -> None:
        """A package the person has, though not for the care asked about."""
        self.also_ids.append(package_id)

    def package_entry(self, package_id: str) -> Package:
        entry = self.content["packages"]["packages"][package_id]
        return Package(package_id, self.t(entry["name"]), self.t(entry["summary"]), self.cite(entry["source"]))

    def trace(self, rule: str, **values: Any) -> None:
        entry = self.content["rules/trace"]["trace"][rule]
        self.result.trace.append(TraceLine(rule, self.t(entry["text"], **values), self.cite(entry["source"])))

    def note(self, note_id: str, **values: Any) -> None:
        entry = self.content["rules/notes"]["notes"][note_id]
        if "from" in entry:
            entry = next(n for n in self.content[entry["from"]]["notes"] if n["id"] == note_id)
        self.result.notes.append(Note(note_id, self.t(entry["text"], **values), self.cite(entry["source"])))

    def step(self, step_id: str) -> None:
        entry = self.content["rules/steps"]["steps"][step_id]
        if "section" in entry:
            found = next(s for s in self.content[entry["procedure"]]["sections"] if s["id"] == entry["section"])
            # A published section may be cited together with the law behind it.
            text, source = found["summary"], sources(found["source"]) + sources(entry.get("source", []))
        elif "procedure" in entry:
            found = next(s for s in self.content[entry["procedure"]]["steps"] if s["number"] == entry["number"])
            text, source = found["text"], found["source"]
        else:
            text, source = entry["text"], entry["source"]
        shown = self.t(text)
        # Our words for an authoritative text (the slides' section summaries,
        # or a step declaring `wording: summary`) say so, as on the slides page.
        if "section" in entry or entry.get("wording") == "summary":
            shown = f"{self.t(self.content['rules/steps']['summary_marker'])} {shown}"
        documents = [self.t(d) for d in entry.get("documents", [])]
        self.result.steps.append(Step(step_id, shown, documents, self.cite(source)))

    def not_covered(self, item_id: str) -> None:
        entry = self.content["rules/not_covered"]["not_covered"][item_id]
        how = entry["how_to_pay_dms"] if law.has_dms(self.person) else entry["how_to_pay"]
        self.result.not_covered.append(NotCovered(self.t(entry["text"]), self.t(how), self.cite(entry["source"])))

    def finish(self) -> Result:
        # A step that a more specific one replaces is not shown
        # (rules/steps.yaml `replaces`, e.g. the EAEU in-person attachment
        # replaces attachment via egov.kz).
        catalogue = self.content["rules/steps"]["steps"]
        replaced = {r for s in self.result.steps for r in catalogue.get(s.id, {}).get("replaces", [])}
        self.result.steps = [s for s in self.result.steps if s.id not in replaced]
        for package_id in self.content["packages"]["packages"]:  # the order of packages.yaml
            if package_id in self.package_ids:
                self.result.packages.append(self.package_entry(package_id))
        self.result.summary = summarize(self)
        return self.result


def label_of(question_id: str, value: Any, x: Explanation) -> str:
    return x.t(option(question_index(x.content)[question_id], x.content, value)["label"])


# --- The flow of the reasoning ------------------------------------------------

def decide(person: Person, content: dict[str, Any], on: date, lang: str) -> Result:
    x = Explanation(content, on, lang, person)
    base = None
    if law.has_equal_rights(person):
        base = equal_rights(person, x)
    elif law.is_visitor(person):
        visitor(person, x)
    elif law.has_expired_permit(person):
        expired_permit(person, x)
    else:
        temporary_or_asylum(person, x)
    if law.asks_for_treatment_abroad(person):
        treatment_abroad(person, x)
    better = law.better_status(person)
    if better:
        x.note(f"better_status_{better}")
    # A citizen who may apply abroad keeps GOBMP and OSMS rights meanwhile:
    # referral needs the Republican organisation's conclusion (order ҚР ДСМ-45 p.12).
    if base:
        x.package(base)
    if not x.covered:
        x.trace("paid_uninsured" if base else "paid_for_the_rest")
        x.package("paid")
    return x.finish()


def equal_rights(p: Person, x: Explanation) -> str:
    """Rules 1–2 of the model: equal rights; insured → `equal`, else `gobmp_core`."""
    if p.status == "citizen":
        x.trace("is_citizen")
    else:
        x.trace("has_equal_rights", status=label_of("status", p.status, x))
    reasons = law.osms_insured_reasons(p, x.parameters, x.on)
    for rule in reasons:
        if rule == "osms_grace_period" and p.months == 0:
            rule = "osms_contribution_this_month"  # no month has passed, none is owed
        x.trace(rule, months=p.months, grace=law.grace_months(p, x.parameters, x.on))
    if law.has_long_self_payer_grace(p, x.parameters, x.on):
        x.note("grace_self_payer_2026")
    unknowns(p, x, insured=bool(reasons))
    if p.status != "citizen":
        # Equal rights by status (order 665 p.4): the IIN may still be missing,
        # attachment is under p.8, and a new status may not show yet.
        x.step("get_iin_if_missing")
    if p.osms == "unknown":
        x.step("check_status")
    x.step("attach_polyclinic" if p.status == "citizen" else "attach_polyclinic_p8")
    if law.is_child(p):
        x.step("attach_child")
    if p.status != "citizen":
        x.step("fsms_status_not_shown")
    if "osms_category_de" in reasons:
        x.step("confirm_de")
        x.note("de_where")
    if law.came_for_a_purpose_of_p3(p):
        x.not_covered("medical_exam")
    if law.needs_emergency_care(p):
        x.trace("emergency_free_equal")
    if law.is_osms_insured(p, x.parameters, x.on):
        if p.osms == "not_insured":
            x.note("status_mismatch")
        x.cover("equal")
        return "equal"
    x.trace("osms_not_insured")
    x.note("gobmp_core_medium")
    if law.is_in_gobmp_core(p, x.parameters, x.on):
        x.trace("gobmp_core_covers")
        x.cover("gobmp_core")
    else:
        x.not_covered("osms_package_uninsured")
    for step in ("regain_insurance", "pay_arrears", "register_unemployed", "confirm_de"):
        x.step(step)
    x.note("de_where")
    return "gobmp_core"


def unknowns(p: Person, x: Explanation, insured: bool) -> None:
    """An "I don't know" answer gives a conditional answer, never a guess:
    only when the other answers do not already make the person insured."""
    if insured:
        return
    if p.work == "unknown":
        x.note("work_unknown")
        if p.status == "kandas":
            x.note("work_unknown_kandas")
    if p.months is None and p.work in ("employed", "self_employed", "not_working", "unknown"):
        x.note("months_unknown", grace=law.grace_months(p, x.parameters, x.on))


def temporary_or_asylum(p: Person, x: Explanation) -> None:
    """Rules 3–6 of the model: the 23 diseases, VMS, EAEU, treaties, paid.
    An EAEU worker or family member the FSMS recognised gets care by the OSMS
    list (order 665 p.11), so the result does not also say that only the 23
    diseases are free."""
    osms = law.is_eaeu_osms_insured(p)
    if law.is_asylum_seeker(p):
        x.trace("is_asylum_seeker")
    else:
        x.trace("is_temporary_migrant_eaeu_osms" if osms else "is_temporary_migrant",
                purpose=label_of("purpose", p.purpose, x))
    country_trace(p, x)
    if osms:
        # The OSMS list covers the condition (eaeu() below); what the facility
        # must do for tuberculosis still applies.
        if law.has_list121_disease(p):
            condition_notes(x, only=p.condition)
    elif law.has_list121_disease(p):
        x.trace("list121_disease", disease=label_of("condition", p.condition, x))
        list121(p, x, only=p.condition)
        x.cover("list121")
    elif law.condition_unknown(p):
        x.trace("list121_if_listed")
        list121(p, x, only=None)
    else:
        not_in_list121(p, x)
        x.also("list121")
    if law.is_child(p):
        x.note("child_osms_foreigner")
    if law.is_labour_migrant(p):
        labour_migrant(p, x)
    if law.is_temporary_migrant(p):
        x.trace("insurance_held" if law.has_dms(p) or law.has_vms(p) else "insurance_required")
    eaeu(p, x)
    emergency(p, x)
    if not osms:
        x.not_covered("outside_list121")
    if law.came_for_a_purpose_of_p3(p):
        x.not_covered("medical_exam")
    if p.dms == "unknown":
        x.note("dms_unknown")
    foreigners_steps(p, x)


def not_in_list121(p: Person, x: Explanation) -> None:
    """A condition outside the list of 23: say which part of the list an
    option touches (tuberculosis and mental disorders are rows 13 and 14;
    HIV is not on it) and, for HIV, what order 665 p.14 requires."""
    if p.condition_kind == "hiv":
        x.trace("condition_hiv_not_in_list121")
        x.note("hiv_facility_duties")
        x.note("hiv_art_financing")
    elif p.condition_kind == "social":
        x.trace("condition_social_not_in_list121")
    else:
        x.trace("condition_not_in_list121")


def list121(p: Person, x: Explanation, only: str | None) -> None:
    """Order ҚР ДСМ-121/2020: the diseases (Annex 1) and the volume (Annex 2)."""
    x.package("list121")
    spec = question_index(x.content)["condition"]["options_from"][0]
    for disease in listed_items(x.content, spec):
        if only in (None, disease["id"]):
            x.result.covered_diseases.append(CoveredDisease(
                disease["id"], disease["number"], x.t(disease["name"]), ", ".join(disease["icd10"]),
                x.cite(disease["source"])))
    x.result.covered_services = covered_services(p, x)
    x.note("once_a_year")
    x.note("volume_is_a_ceiling")
    condition_notes(x, only)
    if law.is_labour_migrant(p):
        x.note("vms_list121")


def condition_notes(x: Explanation, only: str | None) -> None:
    """What the sources add to two rows of the list (None: any disease)."""
    if only in (None, "tuberculosis"):
        # Order 665 p.14: what the facility must do; Annex 2 row 16 vs the
        # conversion criterion of Annex 1 row 13.
        x.note("tb_facility_duties")
        x.note("tb_sputum_once_a_year")
    if only == "tuberculosis":
        x.note("tb_conversion")
    if only in (None, "mental_disorders"):
        x.note("mental_disorders_scope")


def covered_services(p: Person, x: Explanation) -> list[CoveredService]:
    """Annex 2: every row applies, except that a child sees the paediatrician
    and an adult the therapist (rules/general_practice.yaml)."""
    services = x.content["services"]
    general_practice = x.content["rules/general_practice"]["general_practice"]
    skip = general_practice["adult"] if law.is_child(p) else general_practice["child"]
    groups = {g["id"]: g for g in services["groups"]}
    return [CoveredService(row["number"], x.t(groups[row["group"]]["name"]), x.t(row["name"]),
                           x.t(row["frequency"]["text"]), row["frequency"]["count"], row["frequency"]["period"],
                           x.cite(row["source"]))
            for row in services["rows"] if row["id"] != skip]


def labour_migrant(p: Person, x: Explanation) -> None:
    """Rule 4: labour migrants get the VMS minimum list under their contract."""
    x.note("contract_dms_or_vms")
    x.step("foreigners_contract")
    if law.has_vms(p):
        x.trace("vms_minimum")
        x.package("vms_minimum")
        x.note("vms_list_unknown")
        if law.needs_emergency_care(p):
            x.cover("vms_minimum")
    else:
        x.trace("vms_missing")


def eaeu(p: Person, x: Explanation) -> None:
    """Rule 5: EAEU workers and families attach with DMS/VMS; OSMS once recognised."""
    if law.is_eaeu_worker(p):
        x.trace("eaeu_worker")
    if law.is_eaeu_family_member(p):
        x.trace("eaeu_family")
        x.note("eaeu_family_citizenship")
    if law.is_eaeu_worker(p) or law.is_eaeu_family_member(p):
        x.step("eaeu_attach")
    if law.is_eaeu_osms_insured(p):
        x.trace("eaeu_osms")
        x.package("eaeu_osms")
        x.cover("eaeu_osms")
    elif p.eaeu_fsms is not None:
        x.step("eaeu_fsms_apply")


def emergency(p: Person, x: Explanation) -> None:
    """Emergency care, whether it is asked about now or may be needed later:
    a person planning care must still learn whether an emergency would be free
    (EAEU Annex 30, CIS 1997 art. 2) or given but billable."""
    route = law.treaty_emergency_route(p)
    if law.is_ces1998_citizen(p):
        x.note("ces1998_unverified")
    if law.is_eaeu_family_member(p):
        x.note("eaeu_court_2026")
    if not law.needs_emergency_care(p):
        rule = {"eaeu": "emergency_if_needed_eaeu", "cis1997": "emergency_if_needed_cis1997"}
        x.trace(rule.get(route, "emergency_if_needed_no_treaty"), country=x.t(p.country["name"]))
        if route == "cis1997":
            x.note("cis1997_uncertain")
        if route is not None:
            x.also("emergency_treaty")
            x.note("delivery_not_emergency")
        return
    if route is not None:
        x.note("delivery_not_emergency")
        x.trace("emergency_eaeu" if route == "eaeu" else "emergency_cis1997", country=x.t(p.country["name"]))
        if route == "cis1997":
            x.note("cis1997_uncertain")
        x.note("emergency_treaty_medium")
        x.package("emergency_treaty")
        x.not_covered("after_emergency")
        x.cover("emergency_treaty")
    elif not x.covered:
        x.trace("emergency_no_treaty")
        x.note("emergency_payable")


def country_trace(p: Person, x: Explanation) -> None:
    """Which treaties the country of citizenship is party to (countries.yaml)."""
    if law.is_eaeu_citizen(p):
        rule = "country_eaeu"
    elif law.is_cis1997_citizen(p):
        rule = "country_cis1997"
    else:
        rule = "country_no_treaty"
    x.trace(rule, country=x.t(p.country["name"]))


def foreigners_steps(p: Person, x: Explanation) -> None:
    """The 12 steps for foreigners (guide, seed 000), those that apply."""
    for step in ("foreigners_iin", "foreigners_insurance", "foreigners_choose", "foreigners_attach_egov",
                 "foreigners_attach_in_person", "foreigners_term"):
        x.step(step)
    if p.purpose == "family" or p.eaeu_family == "yes":
        x.step("foreigners_family")
    if law.is_child(p):
        x.step("foreigners_child")


def visitor(p: Person, x: Explanation) -> None:
    """Rule 6: tourists and other visitors pay, except treaty emergency care."""
    x.trace("is_visitor")
    country_trace(p, x)
    if law.has_list121_disease(p) or law.condition_unknown(p):
        x.note("visitor_list121")
    emergency(p, x)
    x.not_covered("visitor_all")
    if p.dms == "unknown":
        x.note("dms_unknown")


def expired_permit(p: Person, x: Explanation) -> None:
    """No rule of order 665 is written for an expired permit: what the FSMS
    says, how sure that is, and what is safe to do (rules/notes.yaml)."""
    x.trace("has_expired_permit")
    x.note("expired_permit")
    country_trace(p, x)
    emergency(p, x)
    x.not_covered("visitor_all")
    if p.dms == "unknown":
        x.note("dms_unknown")


def treatment_abroad(p: Person, x: Explanation) -> None:
    """Rule 7 (order ҚР ДСМ-45): citizens only; Annex 3 diseases, Annex 4 categories."""
    procedure = x.content["procedures/treatment_abroad"]
    x.note("dsm45_versions")
    if law.may_apply_for_treatment_abroad(p):
        if p.condition_kind == "abroad":
            item = next(i for i in procedure["annex3"]["items"] if i["id"] == p.condition)
            rule = "abroad_annex3"
        else:
            item = procedure["annex4"]["items"][0]
            rule = "abroad_child_high_tech"
        x.trace(rule, item=x.t(item["name"]))
        x.package("abroad")
        x.cover("abroad")
        deadlines = [Deadline(x.t(d["what"]), d["working_days"]) for d in procedure["deadlines"]
                     if "working_days" in d]
        x.note("abroad_where_fee_term")
        x.note("abroad_technology_refusal")
        x.result.abroad = Abroad(
            eligible=True, reason=x.result.trace[-1].text,
            documents=[x.t(d["text"]) for d in procedure["documents"]],
            deadlines=deadlines,
            citations=x.cite(sources(item["source"]) + sources(procedure["eligibility"]["items"][0]["source"])))
        for step in procedure["steps"]:
            x.result.steps.append(Step(f"treatment_abroad.{step['id']}", x.t(step["summary"]), [],
                                       x.cite(step["source"])))
        return
    if p.status != "citizen":
        rule = "abroad_not_citizen"
        if p.status == "kandas":
            x.note("kandas_abroad")
    else:
        rule = "abroad_adult_high_tech"
        x.note("injured_on_duty")
    x.trace(rule)
    x.package("not_eligible_abroad")
    entry = x.content["packages"]["packages"]["not_eligible_abroad"]
    x.result.abroad = Abroad(eligible=False, reason=x.result.trace[-1].text, documents=[], deadlines=[],
                             citations=x.cite(entry["source"]))

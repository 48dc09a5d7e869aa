"""The KPI catalogue (SPEC §4.1): one registered function per KPI code, all with the same contract.

A KPI function takes one person's month figures (`performance.services.inputs.Figures`, read once
for the whole company, a head's summed over the unit they head) and their scheme (its parameters:
caps, goals, limits), and answers a `Measure`: the value shown, the score 0–120 or None ("no data":
the KPI is left out of the composite and the other weights re-normalised), and the facts its
explanation is built from (stored with the scorecard, so "what changed" and the explanation never
need the inputs again). Each KPI also registers its explanation (facts → phrase) and, for the KPIs
beyond the defaults, the per-person pair it reads (`source`: read only when an active scheme weighs
the code).

A KPI scheme chooses its KPIs and weights from `CATALOGUE` (`performance.services.schemes`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from customers.rules import complaint_rate as complaints_per_100
from performance import rules
from performance.explain import label, money, no_data_reason, percent_text_or_dash, phrase, text
from targets.rules import attainment_pct


@dataclass(frozen=True)
class Measure:
    value: Decimal | int | None
    score: Decimal | None
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogueKPI:
    code: str
    measure: Callable  # (figures, scheme) -> Measure
    explain: Callable  # (facts: dict, score: str) -> phrase
    #: Whether its input is a per-person pair read only for schemes that weigh it
    #: (`performance.services.inputs.CATALOGUE_SOURCES`).
    optional_source: bool = False


CATALOGUE: dict[str, CatalogueKPI] = {}


def kpi(code: str, *, explain: Callable, optional_source: bool = False):
    """Register the decorated function as the KPI `code`."""

    def register(measure: Callable) -> Callable:
        if code in CATALOGUE:
            raise ValueError(f"KPI {code} is registered twice")
        CATALOGUE[code] = CatalogueKPI(code=code, measure=measure, explain=explain, optional_source=optional_source)
        return measure

    return register


def codes() -> list[str]:
    return list(CATALOGUE)


def measure(code: str, *, figures, scheme) -> Measure:
    return CATALOGUE[code].measure(figures, scheme)


def explanation(kpi_row: dict) -> dict | None:
    """One sentence per stored KPI row ({code, score, facts}): the figures it used and how they
    became the score; a KPI without data says why it was left out; a code no longer in the catalogue
    has none."""
    code, facts, score = kpi_row["code"], kpi_row.get("facts") or {}, kpi_row.get("score")
    if score is None:
        return phrase("performance.explain.left_out", reason=no_data_reason(code))
    if code not in CATALOGUE:
        return None
    return CATALOGUE[code].explain(facts, text(score))


def _str(value) -> str | None:
    return None if value is None else str(value)


def _pair(figures, code: str) -> tuple:
    return figures.pairs.get(code, (0, 0))


# --- the seven defaults and training compliance ------------------------------------------------------


def _explain_attainment(facts, score):
    return phrase("performance.explain.sales_attainment", actual=money(facts.get("actual")),
                  target=money(facts.get("target")), pct=percent_text_or_dash(facts.get("pct")),
                  pct_number=text(facts.get("pct")), cap=text(facts.get("cap")), score=score)


@kpi("sales_attainment", explain=_explain_attainment)
def sales_attainment(figures, scheme) -> Measure:
    """min(attainment %, cap); no target → no data."""
    pct = attainment_pct(figures.actual, figures.target)
    return Measure(pct, rules.score_attainment(pct, cap=scheme.attainment_cap),
                   {"actual": _str(figures.actual), "target": _str(figures.target), "pct": _str(pct),
                    "cap": _str(scheme.attainment_cap)})


def _explain_prospects(facts, score):
    return phrase("performance.explain.new_prospects", count=text(facts.get("count")),
                  goal=text(facts.get("goal")), cap=text(facts.get("cap_ratio")), score=score)


@kpi("new_prospects", explain=_explain_prospects)
def new_prospects(figures, scheme) -> Measure:
    """min(count ÷ goal, cap ÷ 100) × 100; a unit's goal is the scheme's goal × its reps."""
    goal = scheme.prospects_goal * figures.prospects_people
    score = rules.score_prospects(figures.prospects, goal=goal, cap=scheme.prospects_cap)
    return Measure(figures.prospects, score, {"count": figures.prospects, "goal": goal,
                                              "cap_ratio": _str(scheme.prospects_cap / 100)})


@kpi("satisfaction", explain=lambda facts, score: phrase("performance.explain.satisfaction", score=score))
def satisfaction(figures, scheme) -> Measure:
    """The mean survey score of the month."""
    score = rules.score_mean(figures.satisfaction)
    return Measure(score, score)


@kpi("collection_rate", explain=lambda facts, score: phrase(
    "performance.explain.collection_rate", received=money(facts.get("received")), due=money(facts.get("due")),
    pct=percent_text_or_dash(score)))
def collection_rate(figures, scheme) -> Measure:
    """received ÷ due × 100; nothing due → no data."""
    score = rules.score_collection(figures.received, figures.due)
    return Measure(score, score, {"received": _str(figures.received), "due": _str(figures.due)})


@kpi("followup_compliance", explain=lambda facts, score: phrase(
    "performance.explain.followup_compliance", pct=percent_text_or_dash(score), score=score))
def followup_compliance(figures, scheme) -> Measure:
    """The share of the month's working days with a follow-up, a percentage already."""
    score = rules.score_pct(figures.followup_compliance_pct)
    return Measure(score, score, {"pct": _str(figures.followup_compliance_pct)})


def _explain_training_compliance(facts, score):
    if "present" not in facts:  # rows stored before the training app existed
        return phrase("performance.explain.training_compliance", rate=text(facts.get("share")), score=score)
    return phrase("performance.explain.training_compliance_reps", present=text(facts.get("present")),
                  reps=text(facts.get("reps")), score=score)


@kpi("training_compliance", explain=_explain_training_compliance)
def training_compliance(figures, scheme) -> Measure:
    """The share of the subtree's reps (employed the whole month) present at ≥ 1 session × 100;
    0 when no session was held; no such rep → no data."""
    score = rules.score_share(figures.training_compliance_share)
    return Measure(score, score, {"share": _str(figures.training_compliance_share),
                                  "present": figures.training_present, "reps": figures.training_reps})


@kpi("training", explain=lambda facts, score: phrase("performance.explain.training", score=score))
def training(figures, scheme) -> Measure:
    """The mean of the person's latest assessment scores over the month's sessions."""
    score = rules.score_mean(figures.training)
    return Measure(score, score)


@kpi("manager_rating", explain=lambda facts, score: phrase(
    "performance.explain.manager_rating", score=score, by=facts.get("rated_by") or label("performance.line_manager")))
def manager_rating(figures, scheme) -> Measure:
    """The line manager's rating 0–100."""
    return Measure(figures.rating, rules.score_rating(figures.rating), {"rated_by": figures.rated_by})


# --- the catalogue's other KPIs (their inputs are read only when an active scheme weighs them) ------


@kpi("renewal_rate", optional_source=True, explain=lambda facts, score: phrase(
    "performance.explain.renewal_rate", renewed=text(facts.get("renewed")), ending=text(facts.get("ending")),
    score=score))
def renewal_rate(figures, scheme) -> Measure:
    """Contracts ending in the month that were renewed ÷ those ending × 100; none ending → no data."""
    renewed, ending = _pair(figures, "renewal_rate")
    score = rules.score_ratio(renewed, ending)
    return Measure(score, score, {"renewed": renewed, "ending": ending})


@kpi("complaint_rate", optional_source=True, explain=lambda facts, score: phrase(
    "performance.explain.complaint_rate", complaints=text(facts.get("complaints")),
    active=text(facts.get("active_customers")), rate=text(facts.get("rate")), limit=text(facts.get("limit")),
    score=score))
def complaint_rate(figures, scheme) -> Measure:
    """Complaints per 100 active customers; score 100 × (1 − min(rate ÷ limit, 1)); no active
    customer → no data."""
    complaints, active = _pair(figures, "complaint_rate")
    rate = complaints_per_100(complaints=complaints, active_customers=active)
    return Measure(rate, rules.score_complaint_rate(rate, limit=scheme.complaint_limit),
                   {"complaints": complaints, "active_customers": active, "rate": _str(rate),
                    "limit": _str(scheme.complaint_limit)})


@kpi("event_attendance", optional_source=True, explain=lambda facts, score: phrase(
    "performance.explain.event_attendance", brought=text(facts.get("brought")), quota=text(facts.get("quota")),
    score=score))
def event_attendance(figures, scheme) -> Measure:
    """Attendees brought ÷ invitation quota × 100, capped at 120; no quota → no data."""
    brought, quota = _pair(figures, "event_attendance")
    score = rules.score_ratio(brought, quota, cap=rules.MAX_SCORE)
    return Measure(score, score, {"brought": brought, "quota": quota})


@kpi("avg_deal_size", optional_source=True, explain=lambda facts, score: phrase(
    "performance.explain.avg_deal_size", mean=money(facts.get("mean")), contracts=text(facts.get("contracts")),
    reference=money(facts.get("reference")), score=score))
def avg_deal_size(figures, scheme) -> Measure:
    """Mean contract amount of the month ÷ the scheme's reference amount × 100, capped at 120; no
    contract signed → no data."""
    amount, contracts = _pair(figures, "avg_deal_size")
    mean = rules.mean_amount(amount, contracts)
    score = rules.score_ratio(mean, scheme.reference_deal_amount, cap=rules.MAX_SCORE) if mean is not None else None
    return Measure(mean, score, {"mean": _str(mean), "contracts": contracts,
                                 "reference": _str(scheme.reference_deal_amount)})

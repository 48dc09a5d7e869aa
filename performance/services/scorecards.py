"""Computing and publishing the monthly scorecards (SPEC §4.1, §4.3).

`scorecards_compute_drafts` reads every input once for the whole company (a fixed number of
queries whatever the number of people), applies the pure rules of `performance.rules`, and writes
with one bulk insert and one bulk update. It is idempotent: a second run with the same data
changes nothing; a run after the data changed records what changed since the last draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict
from common.locks import month_is_closed
from common.periods import Period, add_months
from performance import catalogue, rules
from performance.explain import kpi_explanation, scheme_label, scorecard_explanation
from performance.models import (
    KPI_ORDER,
    KPIScheme,
    PerformancePolicy,
    SchemeRole,
    Scorecard,
    ScorecardStatus,
)
from performance.services.inputs import Figures, Subject, gather_figures, subjects_for_month
from targets.rules import attainment_pct

#: How many earlier months are read to count consecutive months under target.
HISTORY_MONTHS = 12


def _str(value) -> str | None:
    return None if value is None else str(value)


def _compute_refusal(month: Period) -> ApplicationError | None:
    if month.kind != "month":
        return ApplicationError(_("Scorecards are monthly: give a month YYYY-MM."), field="month")
    if month.start > timezone.localdate():
        return ApplicationError(_("%(month)s has not started yet.") % {"month": month}, field="month")
    if month_is_closed(month):
        return Conflict(_("%(month)s is closed: its scorecards are published and cannot change.") % {"month": month})
    return None


def may_compute_scorecards(*, month: Period) -> bool:
    """Whether `month`'s draft scorecards may be (re)computed now: a month that has started and is
    not closed."""
    return _compute_refusal(month) is None


def kpi_results(*, scheme: KPIScheme, figures: Figures) -> list[rules.KPIResult]:
    """The scheme's KPIs for one person, each from its catalogue function (`performance.catalogue`):
    value, score (None = no data) and the facts behind them."""
    results = []
    for code, weight in scheme.weights.items():
        measured = catalogue.measure(code, figures=figures, scheme=scheme)
        results.append(rules.KPIResult(code=code, weight=weight, score=measured.score, value=measured.value,
                                       facts=measured.facts))
    return results


_KPI_POSITION = {code: position for position, code in enumerate(KPI_ORDER)}


def _kpi_rows(results: list[rules.KPIResult]) -> list[dict]:
    rows = []
    for result in sorted(results, key=lambda r: _KPI_POSITION[r.code]):
        row = {"code": result.code, "value": _str(result.value), "score": _str(result.score),
               "weight": result.weight, "has_data": result.has_data, "facts": result.facts}
        row["explanation"] = kpi_explanation(row)
        rows.append(row)
    return rows


def _inputs(subject: Subject, figures: Figures, months_below: int) -> dict:
    return {
        "unit": subject.unit.name, "target": _str(figures.target), "actual": _str(figures.actual),
        "new_prospects": figures.prospects, "prospects_people": figures.prospects_people,
        "satisfaction": _str(rules.score_mean(figures.satisfaction)),
        "received": _str(figures.received), "due": _str(figures.due),
        "followup_compliance_pct": _str(figures.followup_compliance_pct),
        "training_compliance_share": _str(figures.training_compliance_share), "training": _str(figures.training),
        "manager_rating": figures.rating, "unexcused_absences": figures.unexcused_absences,
        "months_below_target": months_below,
        **({"training_present": figures.training_present, "training_reps": figures.training_reps}
           if subject.role != SchemeRole.REP else {}),
        **{code: [_str(part) for part in pair] for code, pair in figures.pairs.items()},
    }


def _snapshot(card: Scorecard) -> dict:
    return {
        "composite": _str(card.composite), "team_rank": card.team_rank, "company_rank": card.company_rank,
        "flags": list(card.flags), "scheme_version": card.scheme_version,
        "kpis": [{"code": k["code"], "value": k["value"], "score": k["score"]} for k in card.kpis],
    }


_CONTENT_FIELDS = ["role", "org_unit_id", "composite", "attainment_pct", "team_rank", "company_rank", "flags",
                   "kpis", "inputs", "scheme_id", "scheme_version", "explanation", "unexcused_absences"]


def _attainment_history(month: Period, employee_ids) -> dict[int, list[Decimal | None]]:
    """Earlier months' attainment per person, latest first (None for a month without a scorecard
    or without a target), in one query."""
    earliest = add_months(month.start, -HISTORY_MONTHS)
    stored: dict[tuple[int, date], Decimal | None] = {
        (emp, day): pct
        for emp, day, pct in Scorecard.objects.filter(month__gte=earliest, month__lt=month.start)
        .order_by().values_list("employee_id", "month", "attainment_pct")
    }
    earlier = [add_months(month.start, -n) for n in range(1, HISTORY_MONTHS + 1)]
    return {emp: [stored.get((emp, day)) for day in earlier] for emp in employee_ids}


@transaction.atomic
def scorecards_compute_drafts(*, month: Period) -> list[Scorecard]:
    """Compute (or recompute) the draft scorecards of `month` for every rep and every supervisor/
    manager heading a unit. Idempotent; refuses a closed month (409) and a future month (400);
    never touches a published scorecard. Returns the month's scorecards (drafts and any published),
    ordered by employee number."""
    refusal = _compute_refusal(month)
    if refusal is not None:
        raise refusal
    subjects, employees, units = subjects_for_month(month)
    schemes = {scheme.role: scheme for scheme in KPIScheme.objects.filter(active=True)}
    policy = PerformancePolicy.current()
    existing = {card.employee_id: card for card in Scorecard.objects.select_for_update(of=("self",)).filter(month=month.start).order_by()}
    subjects = [s for s in subjects if s.role in schemes]
    codes = frozenset(code for scheme in schemes.values() for code in scheme.weights)
    figures = gather_figures(month=month, subjects=subjects, employees=employees, units=units, codes=codes)
    history = _attainment_history(month, [s.employee.pk for s in subjects])
    now = timezone.now()

    computed: dict[int, Scorecard] = {}
    for subject in subjects:
        emp_id = subject.employee.pk
        if emp_id in existing and existing[emp_id].status == ScorecardStatus.PUBLISHED:
            continue
        scheme, fig = schemes[subject.role], figures[emp_id]
        results = kpi_results(scheme=scheme, figures=fig)
        attainment = attainment_pct(fig.actual, fig.target)
        months_below = rules.consecutive_below([attainment, *history[emp_id]])
        score = rules.composite(results)
        left_out = [r.code for r in results if not r.has_data]
        card = Scorecard(
            employee=subject.employee, month=month.start, role=subject.role, org_unit=subject.unit,
            status=ScorecardStatus.DRAFT, composite=score, attainment_pct=attainment,
            kpis=_kpi_rows(results), inputs=_inputs(subject, fig, months_below), scheme=scheme,
            scheme_version=scheme.version, unexcused_absences=fig.unexcused_absences,
            explanation=scorecard_explanation(
                composite=score, formula=rules.composite_formula(results), left_out=left_out,
                scheme=scheme_label(role=scheme.role, version=scheme.version)),
            flags=rules.scorecard_flags(
                attainment=attainment, satisfaction=fig.satisfaction,
                low_satisfaction_below=scheme.low_satisfaction_below,
                # plans (and so their flags) concern reps only (SPEC §4.2)
                months_below=months_below if subject.role == SchemeRole.REP else 0,
                unexcused_absences=fig.unexcused_absences, no_training=fig.no_training,
                coaching_after=policy.coaching_after_months, escalate_after=policy.escalate_after_months,
            ),
            computed_at=now,
        )
        computed[emp_id] = card

    _assign_ranks(computed, existing)
    to_create, to_update = [], []
    for emp_id, card in computed.items():
        old = existing.get(emp_id)
        if old is None:
            to_create.append(card)
            continue
        if all(getattr(old, name) == getattr(card, name) for name in _CONTENT_FIELDS):
            continue  # nothing changed: the row stays exactly as it was
        changes = rules.draft_changes(_snapshot(old), _snapshot(card))
        for name in _CONTENT_FIELDS:
            setattr(old, name, getattr(card, name))
        old.changes_since_last_draft = changes
        old.computed_at = now
        to_update.append(old)
    stale = {emp_id for emp_id, card in existing.items()
             if emp_id not in computed and card.status == ScorecardStatus.DRAFT}
    if stale:
        Scorecard.objects.filter(pk__in=[existing[emp_id].pk for emp_id in stale]).delete()
    Scorecard.objects.bulk_create(to_create)
    if to_update:
        Scorecard.objects.bulk_update(to_update, [*_CONTENT_FIELDS, "changes_since_last_draft", "computed_at"])
    # The month's rows as they now stand are all in memory (the rows read above, changed in place,
    # and the new ones): no second read of 1,000+ rows and their JSON.
    cards = [card for emp_id, card in existing.items() if emp_id not in stale] + to_create
    employee_by_id = {employee.pk: employee for employee in employees}
    unit_by_id = {unit.pk: unit for unit in units}
    for card in cards:
        card.employee, card.org_unit = employee_by_id[card.employee_id], unit_by_id[card.org_unit_id]
    return sorted(cards, key=lambda card: card.employee.number)


def _assign_ranks(computed: dict[int, Scorecard], existing: dict[int, Scorecard]) -> None:
    """Competition ranks by composite: reps within their team and across the company; supervisors
    and managers across the company among their peers. Published scorecards take part unchanged."""
    cards = dict(computed)
    for emp, card in existing.items():
        if card.status == ScorecardStatus.PUBLISHED:
            cards.setdefault(emp, card)
    for role in SchemeRole.values:
        peers = {emp: card.composite for emp, card in cards.items() if card.role == role}
        company = rules.competition_ranks(peers)
        for emp in peers:
            if emp in computed:
                computed[emp].company_rank = company[emp]
    teams: dict[int, dict[int, Decimal | None]] = {}
    for emp, card in cards.items():
        if card.role == SchemeRole.REP:
            teams.setdefault(card.org_unit_id, {})[emp] = card.composite
    for members in teams.values():
        for emp, rank in rules.competition_ranks(members).items():
            if emp in computed:
                computed[emp].team_rank = rank


@transaction.atomic
def scorecards_publish(*, month: Period) -> int:
    """Publish the month's drafts (called by the month close, SPEC §4.3): from now on they never
    change. Returns how many were published; running it again publishes nothing more."""
    return Scorecard.objects.filter(month=month.start, status=ScorecardStatus.DRAFT).update(
        status=ScorecardStatus.PUBLISHED, published_at=timezone.now()
    )


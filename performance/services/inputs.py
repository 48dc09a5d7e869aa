"""The figures a month's scorecards are computed from, read set-based through the other apps'
selectors: a fixed number of queries whatever the number of people. A rep's figures are their own;
a supervisor's or manager's are those of the unit they head, summed over its subtree (SPEC §4.1).
The catalogue KPIs beyond the defaults (`performance.catalogue`) each read one per-person pair
(`CATALOGUE_SOURCES`), only when an active scheme weighs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from common.money import to_money
from common.periods import Period
from customers.models import Contract
from customers.selectors import active_customer_counts, complaint_counts_by_owner
from customers.selectors.customers import (
    followup_compliance_by_employee,
    new_prospects_by_employee,
    satisfaction_by_employee,
)
from customers.selectors.sales import actual_sales_by_employee, collection_by_employee, renewal_by_employee
from events.selectors import event_attendance_by_employee
from performance import rules
from performance.models import ManagerRating, SchemeRole
from targets.selectors import employee_targets, unit_targets
from teams.models import Employee, OrgUnit, Role, UnitKind
from teams.rules import employed_during, employed_whole_period
from teams.selectors import roll_up_to_units
from training.selectors import (
    latest_assessment_means,
    present_employee_ids,
    teams_without_session,
    unexcused_absences_by_employee,
)


@dataclass
class Subject:
    """A person who gets a scorecard this month, and the unit their figures cover."""

    employee: Employee
    role: str
    unit: OrgUnit


@dataclass
class Figures:
    target: Decimal | None = None
    actual: Decimal = Decimal("0.00")
    prospects: int = 0
    prospects_people: int = 1  # the goal is per person: a unit's goal is goal × its reps
    satisfaction: Decimal | None = None
    received: Decimal | None = None
    due: Decimal | None = None
    followup_compliance_pct: Decimal | None = None  # 0–100, as the customers selector answers it
    training_compliance_share: Decimal | None = None  # 0–1
    training_present: int = 0  # of `training_reps`, present at ≥ 1 session of the month
    training_reps: int = 0  # the unit's reps employed the whole month
    training: Decimal | None = None
    rating: int | None = None
    rated_by: str = ""
    unexcused_absences: int = 0
    no_training: bool = False  # a supervisor whose team had no session in the month (SPEC §6)
    #: The catalogue's per-person pairs (`CATALOGUE_SOURCES`), keyed by KPI code; a head's summed.
    pairs: dict[str, tuple] = field(default_factory=dict)


# --- the catalogue KPIs' sources: {employee id: (numerator, denominator)} ------------------------------


def _renewals(month: Period) -> dict[int, tuple[int, int]]:
    """(renewed, ending) of the contracts ending in the month."""
    return renewal_by_employee(start=month.start, end=month.end)


def _complaints(month: Period) -> dict[int, tuple[int, int]]:
    """(complaints received in the month, active customers at its end) per attributed owner."""
    complaints = complaint_counts_by_owner(month=month)
    active = active_customer_counts(as_of=month.end)
    return {pk: (complaints.get(pk, 0), active.get(pk, 0)) for pk in set(complaints) | set(active) if pk}


def _events(month: Period) -> dict[int, tuple[int, int]]:
    """(attendees brought, invitation quota) over the events held in the month."""
    return event_attendance_by_employee(month=month)


def _deals(month: Period) -> dict[int, tuple[Decimal, int]]:
    """(amount, number) of the contracts signed in the month per owner — the actual sales of
    `customers.selectors.sales.actual_sales_by_employee` with their count. One query."""
    rows = (Contract.objects.filter(signed_on__gte=month.start, signed_on__lte=month.end).order_by()
            .values("owner_id").annotate(total=Sum("amount"), n=Count("id")).values_list("owner_id", "total", "n"))
    return {owner: (to_money(total), n) for owner, total, n in rows}


CATALOGUE_SOURCES: dict[str, Callable[[Period], dict[int, tuple]]] = {
    "renewal_rate": _renewals,
    "complaint_rate": _complaints,
    "event_attendance": _events,
    "avg_deal_size": _deals,
}


def _summed_pairs(pairs: dict[int, tuple], per_unit) -> dict[int, tuple]:
    """A per-person pair summed, part by part, over every unit above the people."""
    first = per_unit({pk: Decimal(a) for pk, (a, _b) in pairs.items()})
    second = per_unit({pk: Decimal(b) for pk, (_a, b) in pairs.items()})
    return {unit: (first.get(unit, Decimal(0)), second.get(unit, Decimal(0))) for unit in set(first) | set(second)}


def _as_counts(pair: tuple, code: str) -> tuple:
    """Sums of counts back to ints (amounts stay money)."""
    a, b = pair
    return (to_money(a) if code == "avg_deal_size" else int(a), int(b))


def _rater_name(user) -> str:
    """The name the rating KPI's explanation gives its rater: the rater's employee name ("" for
    no rater or a user who is nobody's login, such as an admin — "the line manager" then)."""
    employee = getattr(user, "employee", None) if user is not None else None
    return employee.name if employee is not None else ""


# --- who is scored ---------------------------------------------------------------------------------


def subjects_for_month(month: Period) -> tuple[list[Subject], list[Employee], list[OrgUnit]]:
    """(subjects, every employee, every unit), in two queries. Subjects: reps in a team who worked
    in the month, and the supervisors/managers heading a team/region."""
    units = list(OrgUnit.objects.order_by("path"))
    employees = list(Employee.objects.select_related("org_unit").order_by("number"))
    unit_by_head = {unit.head_id: unit for unit in units if unit.head_id}
    subjects = []
    for employee in employees:
        if not employed_during(employee, month.start, month.end):
            continue
        if employee.role == Role.REP and employee.org_unit.kind == UnitKind.TEAM:
            subjects.append(Subject(employee, SchemeRole.REP, employee.org_unit))
        elif employee.role in (Role.SUPERVISOR, Role.MANAGER):
            unit = unit_by_head.get(employee.pk)
            expected = UnitKind.TEAM if employee.role == Role.SUPERVISOR else UnitKind.REGION
            if unit is not None and unit.kind == expected:
                subjects.append(Subject(employee, employee.role, unit))
    return subjects, employees, units


# --- gathering ------------------------------------------------------------------------------------


def gather_figures(*, month: Period, subjects: list[Subject], employees: list[Employee],
                   units: list[OrgUnit], codes: frozenset[str] | set[str] = frozenset()) -> dict[int, Figures]:
    """Figures per subject employee id. Reads every source once for the whole company; a head's
    figures are the sums over every employee of the unit's subtree (`teams.selectors.roll_up_to_units`).
    `codes` are the KPI codes the active schemes weigh: a catalogue source is read only for those."""
    actual = actual_sales_by_employee(start=month.start, end=month.end)
    collection = collection_by_employee(month=month)
    personal_targets = employee_targets(period=month)
    own_or_summed_targets = unit_targets(period=month)  # own target, else the sum below it (SPEC §3.4)
    prospects = new_prospects_by_employee(month=month)
    satisfaction = satisfaction_by_employee(month=month)
    reps = [s.employee for s in subjects if s.role == SchemeRole.REP]
    compliance_pct = followup_compliance_by_employee(month=month, employees=reps) if reps else {}
    training = latest_assessment_means(month=month) if "training" in codes else {}
    present = present_employee_ids(month=month) if "training_compliance" in codes else set()
    absences = unexcused_absences_by_employee(month=month)
    untrained_teams = teams_without_session(month=month)
    sources = {code: read(month) for code, read in CATALOGUE_SOURCES.items() if code in codes}
    ratings = {
        r.employee_id: r
        for r in ManagerRating.objects.filter(month=month.start).select_related("rated_by__employee")
    }

    def per_unit(per_person):
        return roll_up_to_units(per_person, employees=employees)

    unit_actual = per_unit(actual)
    unit_prospects = per_unit(prospects)
    unit_reps = per_unit({e.pk: 1 for e in reps})
    unit_satisfaction_sum = per_unit({i: Decimal(v) for i, v in satisfaction.items() if v is not None})
    unit_satisfaction_count = per_unit({i: 1 for i, v in satisfaction.items() if v is not None})
    unit_received = per_unit({i: received for i, (received, _due) in collection.items()})
    unit_due = per_unit({i: due for i, (_received, due) in collection.items()})
    whole_month_reps = [e.pk for e in employees if e.role == Role.REP and e.org_unit.kind == UnitKind.TEAM
                        and employed_whole_period(e, month.start, month.end)]
    unit_training_reps = per_unit({pk: 1 for pk in whole_month_reps})
    unit_training_present = per_unit({pk: 1 for pk in whole_month_reps if pk in present})
    unit_sources = {code: _summed_pairs(pairs, per_unit) for code, pairs in sources.items()}

    figures: dict[int, Figures] = {}
    for subject in subjects:
        emp_id = subject.employee.pk
        rating = ratings.get(emp_id)
        fig = Figures(
            rating=rating.rating if rating else None,
            rated_by=_rater_name(rating.rated_by) if rating else "",
            unexcused_absences=absences.get(emp_id, 0),
        )
        if subject.role == SchemeRole.REP:
            fig.target = personal_targets.get(emp_id)
            fig.actual = actual.get(emp_id, Decimal("0.00"))
            fig.prospects = prospects.get(emp_id, 0)
            fig.satisfaction = satisfaction.get(emp_id)
            if emp_id in collection:
                fig.received, fig.due = collection[emp_id]
            fig.followup_compliance_pct = compliance_pct.get(emp_id)
            fig.training = training.get(emp_id)
            fig.pairs = {code: pairs[emp_id] for code, pairs in sources.items() if emp_id in pairs}
        else:
            unit_id = subject.unit.pk
            fig.target = own_or_summed_targets.get(unit_id)
            fig.actual = to_money(unit_actual.get(unit_id, Decimal(0)))
            fig.prospects = int(unit_prospects.get(unit_id, 0))
            fig.prospects_people = int(unit_reps.get(unit_id, 0))
            if unit_satisfaction_count.get(unit_id):
                fig.satisfaction = unit_satisfaction_sum[unit_id] / unit_satisfaction_count[unit_id]
            if unit_id in unit_due:
                fig.received, fig.due = unit_received[unit_id], unit_due[unit_id]
            fig.training_reps = int(unit_training_reps.get(unit_id, 0))
            fig.training_present = int(unit_training_present.get(unit_id, 0))
            fig.training_compliance_share = rules.training_compliance_share(
                present=fig.training_present, reps=fig.training_reps)
            fig.training = training.get(emp_id)
            fig.no_training = subject.role == SchemeRole.SUPERVISOR and unit_id in untrained_teams
            fig.pairs = {code: _as_counts(pairs[unit_id], code) for code, pairs in unit_sources.items()
                         if unit_id in pairs}
        figures[emp_id] = fig
    return figures

"""The figures a month's scorecards are computed from, read set-based through the other apps'
selectors: a fixed number of queries whatever the number of people. A rep's figures are their own;
a supervisor's or manager's are those of the unit they head, summed over its subtree (SPEC §4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from common.money import to_money
from common.periods import Period
from performance.models import ManagerRating, SchemeRole
from teams.models import Employee, OrgUnit, Role, UnitKind


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
    followup_compliance: Decimal | None = None
    training_compliance: Decimal | None = None
    training: Decimal | None = None
    rating: int | None = None
    rated_by: str = ""
    unexcused_absences: int = 0


# --- the other apps' selectors (imported when used: they are optional at import time) -----------


def _actual_sales(month: Period) -> dict[int, Decimal]:
    from customers.selectors.sales import actual_sales_by_employee

    return actual_sales_by_employee(start=month.start, end=month.end)


def _collection(month: Period) -> dict[int, tuple[Decimal, Decimal]]:
    from customers.selectors.sales import collection_by_employee

    return collection_by_employee(month=month)


def _employee_targets(month: Period) -> dict[int, Decimal]:
    from targets.selectors import employee_targets

    return employee_targets(period=month)


def _unit_targets(month: Period) -> dict[int, Decimal]:
    from targets.selectors import unit_targets

    return unit_targets(period=month)


def _new_prospects(month: Period) -> dict[int, int]:
    from customers.selectors.customers import new_prospects_by_employee

    return new_prospects_by_employee(month=month)


def _followup_compliance(month: Period, employees: list[Employee]) -> dict[int, Decimal | None]:
    """Follow-up compliance as a rate 0..1. The customers selector answers a percentage with 2
    decimals (63.64 = 63.64 % of the working days), so it is divided by 100 here, exactly."""
    from customers.selectors.customers import followup_compliance_by_employee

    if not employees:
        return {}
    percentages = followup_compliance_by_employee(month=month, employees=employees)
    return {emp_id: None if pct is None else Decimal(pct) / 100 for emp_id, pct in percentages.items()}


def _satisfaction(month: Period) -> dict[int, Decimal]:
    from customers.selectors.customers import satisfaction_by_employee

    return satisfaction_by_employee(month=month)


def _training(month: Period) -> tuple[dict[int, Decimal], dict[int, Decimal], dict[int, int]]:
    """(mean latest assessment score, training compliance 0..1, unexcused absences) per employee.
    TODO(training app): read them from `training.selectors` once it exists; until then the training
    KPIs have no data (left out by re-normalisation) and absences count 0."""
    return {}, {}, {}


# --- who is scored ---------------------------------------------------------------------------------


def subjects_for_month(month: Period) -> tuple[list[Subject], list[Employee], list[OrgUnit]]:
    """(subjects, every employee, every unit), in two queries. Subjects: reps in a team who worked
    in the month, and the supervisors/managers heading a team/region."""
    units = list(OrgUnit.objects.order_by("path"))
    employees = list(Employee.objects.select_related("org_unit").order_by("number"))
    unit_by_head = {unit.head_id: unit for unit in units if unit.head_id}
    subjects = []
    for employee in employees:
        if employee.hire_date > month.end:
            continue
        if employee.left_on is not None and employee.left_on < month.start:
            continue
        if employee.left_on is None and not employee.active:
            continue
        if employee.role == Role.REP and employee.org_unit.kind == UnitKind.TEAM:
            subjects.append(Subject(employee, SchemeRole.REP, employee.org_unit))
        elif employee.role in (Role.SUPERVISOR, Role.MANAGER):
            unit = unit_by_head.get(employee.pk)
            expected = UnitKind.TEAM if employee.role == Role.SUPERVISOR else UnitKind.REGION
            if unit is not None and unit.kind == expected:
                subjects.append(Subject(employee, employee.role, unit))
    return subjects, employees, units


# --- unit roll-ups ---------------------------------------------------------------------------------


def gather_figures(*, month: Period, subjects: list[Subject], employees: list[Employee],
                   units: list[OrgUnit]) -> dict[int, Figures]:
    """Figures per subject employee id. Reads every source once for the whole company."""
    actual = _actual_sales(month)
    collection = _collection(month)
    personal_targets = _employee_targets(month)
    unit_targets = _unit_targets(month)  # own target, else the sum below it (SPEC §3.4)
    prospects = _new_prospects(month)
    satisfaction = _satisfaction(month)
    reps = [s.employee for s in subjects if s.role == SchemeRole.REP]
    compliance = _followup_compliance(month, reps)
    training, training_compliance, absences = _training(month)
    ratings = {
        r.employee_id: r
        for r in ManagerRating.objects.filter(month=month.start).select_related("rated_by")
    }
    rep_ids = {e.pk for e in reps}

    figures: dict[int, Figures] = {}
    unit_paths = {s.unit.path for s in subjects if s.role != SchemeRole.REP}
    subtree_members: dict[str, list[Employee]] = {path: [] for path in unit_paths}
    for employee in employees:
        path = employee.org_unit.path
        for unit_path in unit_paths:
            if path.startswith(unit_path):
                subtree_members[unit_path].append(employee)

    for subject in subjects:
        emp_id = subject.employee.pk
        rating = ratings.get(emp_id)
        fig = Figures(
            rating=rating.rating if rating else None,
            rated_by=rating.rated_by.name if rating and rating.rated_by else "",
            unexcused_absences=absences.get(emp_id, 0),
        )
        if subject.role == SchemeRole.REP:
            fig.target = personal_targets.get(emp_id)
            fig.actual = actual.get(emp_id, Decimal("0.00"))
            fig.prospects = prospects.get(emp_id, 0)
            fig.satisfaction = satisfaction.get(emp_id)
            if emp_id in collection:
                fig.received, fig.due = collection[emp_id]
            fig.followup_compliance = compliance.get(emp_id)
            fig.training = training.get(emp_id)
        else:
            members = subtree_members[subject.unit.path]
            ids = [m.pk for m in members]
            fig.target = unit_targets.get(subject.unit.pk)
            fig.actual = to_money(sum((actual.get(i, Decimal(0)) for i in ids), Decimal(0)))
            fig.prospects = sum(prospects.get(i, 0) for i in ids)
            fig.prospects_people = sum(1 for i in ids if i in rep_ids)
            means = [Decimal(satisfaction[i]) for i in ids if satisfaction.get(i) is not None]
            fig.satisfaction = (sum(means, Decimal(0)) / len(means)) if means else None
            dues = [collection[i] for i in ids if i in collection]
            if dues:
                fig.received = sum((r for r, _ in dues), Decimal(0))
                fig.due = sum((d for _, d in dues), Decimal(0))
            fig.training_compliance = training_compliance.get(subject.unit.pk)
            fig.training = training.get(emp_id)
        figures[emp_id] = fig
    return figures

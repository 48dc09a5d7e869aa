"""The figures a month's scorecards are computed from, read set-based through the other apps'
selectors: a fixed number of queries whatever the number of people. A rep's figures are their own;
a supervisor's or manager's are those of the unit they head, summed over its subtree (SPEC §4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from common.money import to_money
from common.periods import Period
from customers.selectors.customers import (
    followup_compliance_by_employee,
    new_prospects_by_employee,
    satisfaction_by_employee,
)
from customers.selectors.sales import actual_sales_by_employee, collection_by_employee
from performance.models import ManagerRating, SchemeRole
from targets.selectors import employee_targets, unit_targets
from teams.models import Employee, OrgUnit, Role, UnitKind
from teams.rules import employed_during
from teams.selectors import roll_up_to_units


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
    training: Decimal | None = None
    rating: int | None = None
    rated_by: str = ""
    unexcused_absences: int = 0


def _training(month: Period) -> tuple[dict[int, Decimal], dict[int, Decimal], dict[int, int]]:
    """(mean latest assessment score per employee, training compliance share 0–1 per unit,
    unexcused absences per employee). There is no training app yet: the training KPIs have no data
    (left out by re-normalisation) and absences count 0."""
    return {}, {}, {}


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
                   units: list[OrgUnit]) -> dict[int, Figures]:
    """Figures per subject employee id. Reads every source once for the whole company; a head's
    figures are the sums over every employee of the unit's subtree (`teams.selectors.roll_up_to_units`)."""
    actual = actual_sales_by_employee(start=month.start, end=month.end)
    collection = collection_by_employee(month=month)
    personal_targets = employee_targets(period=month)
    own_or_summed_targets = unit_targets(period=month)  # own target, else the sum below it (SPEC §3.4)
    prospects = new_prospects_by_employee(month=month)
    satisfaction = satisfaction_by_employee(month=month)
    reps = [s.employee for s in subjects if s.role == SchemeRole.REP]
    compliance_pct = followup_compliance_by_employee(month=month, employees=reps) if reps else {}
    training, training_compliance_share, absences = _training(month)
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
            fig.training_compliance_share = training_compliance_share.get(unit_id)
            fig.training = training.get(emp_id)
        figures[emp_id] = fig
    return figures

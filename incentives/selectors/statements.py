"""A person's bonus statement for a month (SPEC §5.5) and the running month's what-if: every
contract credited to them (number, customer, signed date, amount), the payments credited when the
plan pays on collected cash, the target, each component with its band and arithmetic (the row's
explanation), the awards, the total and what moved since the last draft; HR and heads read the
statement of anyone in their scope, a rep only their own (someone else's → 404).

A month with a sheet reads the person's row; a started month without one is computed live from
the same rules (`bonus_rows_compute`) and saved nowhere ("preview"). The what-if adds the extra
sales to the person's actual and runs the same rules again; nothing is saved."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from common import phrases
from common.exceptions import ApplicationError, NotFound
from common.limits import ensure_amount_within
from common.money import ZERO, to_money
from common.periods import Period
from incentives.models import (
    BONUS_COMPONENTS,
    BonusAward,
    BonusInquiry,
    BonusRow,
    BonusSheet,
    CommissionBasis,
)
from incentives.phrases import COLUMN_LABELS
from incentives.selectors.sheets import ensure_sees_bonuses
from teams.models import Employee
from teams.scoping import acting_employee, get_visible_or_404


def statement_employee(*, user, employee_id: int | None = None) -> Employee:
    """The person whose statement is asked for: oneself, or someone `user` sees (else 404)."""
    ensure_sees_bonuses(user)
    if employee_id is None:
        own = acting_employee(user)
        if own is None:
            raise NotFound(_("You have no employee record, so no statement."))
        return own
    return get_visible_or_404(Employee.objects.select_related("org_unit"), user, pk=employee_id)


def _ensure_started(month: Period) -> None:
    if month.start > timezone.localdate():
        raise ApplicationError(_("%(month)s has not started yet.") % {"month": month}, field="month")


def _month_inputs(month: Period):
    """(facts, plan, bands) of the month from today's data."""
    from incentives.selectors.inputs import bonus_month_facts
    from incentives.services.plans import incentive_plan_for_year

    plan = incentive_plan_for_year(year=month.year)
    return bonus_month_facts(month=month, plan=plan), plan, list(plan.bands.all())


def _live_rows(inputs, *, employee: Employee, extra_sales: Decimal = ZERO) -> dict:
    """The rules' rows for the month, with `extra_sales` more for `employee` (nothing saved): the
    same `bonus_rows_compute` the sheet is generated with."""
    from incentives.services.generation import bonus_rows_compute

    facts, plan, bands = inputs
    if extra_sales:
        label = str(facts.month)
        facts = replace(
            facts,
            actuals={**facts.actuals, employee.pk: facts.actuals.get(employee.pk, ZERO) + extra_sales},
            employees=facts.employees if any(e.pk == employee.pk for e in facts.employees) else [*facts.employees, employee],
            payments={owner: [replace(p, month_actual=p.month_actual + extra_sales)
                              if owner == employee.pk and p.contract_month == label else p for p in payments]
                      for owner, payments in facts.payments.items()},
        )
    return bonus_rows_compute(facts=facts, plan=plan, bands=bands)


def _components(values: dict, explanation: dict) -> list[dict]:
    return [
        {"code": code, "label": str(COLUMN_LABELS[code]), "amount": values.get(code) or ZERO,
         "explanation": phrases.render(explanation[code]) if code in explanation else ""}
        for code in BONUS_COMPONENTS if values.get(code) or code in explanation
    ]


def bonus_statement(*, user, month: Period, employee_id: int | None = None) -> dict:
    """The statement of `employee_id` (default: the user) for `month` (a started month, 400 naming
    `month` otherwise). Five to seven queries; a month without a sheet adds the live computation's."""
    from customers.models import Contract
    from incentives.selectors.inputs import collected_payments
    from incentives.services.plans import incentive_plan_for_year

    employee = statement_employee(user=user, employee_id=employee_id)
    _ensure_started(month)
    sheet = BonusSheet.objects.select_related("plan").filter(month=month.start).first()
    row = BonusRow.objects.filter(sheet=sheet, employee=employee).first() if sheet else None
    if row is not None:
        values = {name: getattr(row, name) for name in ("target", "actual", "attainment", "total", *BONUS_COMPONENTS)}
        explanation, changes = row.explanation or {}, row.changes or {}
    elif sheet is None:
        values = _live_rows(_month_inputs(month), employee=employee).get(employee.pk) or {}
        explanation, changes = values.get("explanation", {}), {}
    else:
        values, explanation, changes = {}, {}, {}
    plan = sheet.plan if sheet else incentive_plan_for_year(year=month.year)
    contracts = list(
        Contract.objects.filter(owner=employee, signed_on__gte=month.start, signed_on__lte=month.end)
        .order_by("signed_on", "number").values("number", "customer__name", "signed_on", "amount"))
    payments = (collected_payments(month=month, employee_ids=[employee.pk]).get(employee.pk, [])
                if plan.commission_basis == CommissionBasis.COLLECTED else [])
    awards = list(BonusAward.objects.filter(sheet=sheet, employee=employee).order_by("code")) if sheet else []
    inquiries = list(BonusInquiry.objects.filter(sheet=sheet, employee=employee).order_by("-raised_at", "-id")) if sheet else []
    return {
        "employee": employee,
        "month": str(month),
        "source": "sheet" if row is not None else "preview" if sheet is None else "none",
        "sheet_status": sheet.status if sheet else None,
        "sheet": sheet,
        "target": values.get("target"),
        "actual": values.get("actual", ZERO),
        "attainment": values.get("attainment"),
        "contracts": [{"number": c["number"], "customer": c["customer__name"], "signed_on": c["signed_on"],
                       "amount": c["amount"]} for c in contracts],
        "payments": [{"contract": p.contract_number, "amount": p.amount, "contract_month": p.contract_month}
                     for p in payments],
        "components": _components(values, explanation),
        "awards": awards,
        "total": values.get("total", ZERO),
        "changes": [phrases.render(change) for change in changes.get("changed", [])],
        "added": bool(changes.get("added")),
        "inquiries": inquiries,
        "is_running_month": month == Period.of_month(timezone.localdate()),
    }


def bonus_what_if(*, user, month: Period, extra_sales) -> dict:
    """On the running month (400 naming `month` otherwise), what the user's commission and top-3
    standing would be with `extra_sales` more (≥ 0, bounded: 400 naming `extra_sales`), from the
    same rules as the sheet; nothing is saved."""
    employee = statement_employee(user=user)
    if month != Period.of_month(timezone.localdate()):
        raise ApplicationError(_("The what-if is for the running month (%(month)s).")
                               % {"month": Period.of_month(timezone.localdate())}, field="month")
    ensure_amount_within(extra_sales, field="extra_sales")
    extra = Decimal(extra_sales)
    if extra < 0:
        raise ApplicationError(_("Enter an extra amount of sales of 0 or more."), field="extra_sales")
    if extra != to_money(extra):
        raise ApplicationError(_("Use at most 2 decimals."), field="extra_sales")

    def standing(rows: dict) -> dict:
        values = rows.get(employee.pk) or {}
        return {"actual": values.get("actual", ZERO), "target": values.get("target"),
                "attainment": values.get("attainment"), "commission": values.get("commission", ZERO),
                "top3": values.get("top3", ZERO), "top3_rank": (values.get("inputs") or {}).get("top3_rank"),
                "explanation": {code: phrases.render(text) for code, text in (values.get("explanation") or {}).items()
                                if code in ("commission", "top3")}}

    inputs = _month_inputs(month)
    return {"month": str(month), "extra_sales": to_money(extra),
            "current": standing(_live_rows(inputs, employee=employee)),
            "what_if": standing(_live_rows(inputs, employee=employee, extra_sales=extra))}

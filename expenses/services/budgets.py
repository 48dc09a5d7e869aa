"""Budgets (SPEC §7): an amount per org unit, category and period (month, quarter or year).
Finance and the director set them (an admin acts as director); nobody else (403)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.audit import actor_or_none
from common.exceptions import ApplicationError, NotAllowed
from common.limits import current_limits
from common.periods import Period
from common.services import model_update
from common.transitions import passes
from expenses.models import Category, ExpenseBudget, ExpenseBudgetChange
from teams.models import OrgUnit, Role
from teams.scoping import require_role, unit_visible_to

BUDGET_ROLES = (Role.FINANCE, Role.DIRECTOR)


def ensure_may_manage_budgets(*, actor) -> None:
    require_role(actor, *BUDGET_ROLES, message=_("Only finance and the sales director set expense budgets."))


def may_manage_budgets(*, actor) -> bool:
    return passes(ensure_may_manage_budgets, actor=actor, refusals=(NotAllowed,))


def _checked_amount(amount) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0:
        raise ApplicationError(_("A budget is more than 0.00."), field="amount")
    if amount > current_limits().max_amount:
        raise ApplicationError(_("A budget may be at most %(max)s.") % {"max": current_limits().max_amount},
                               field="amount")
    return amount


def _checked_unit(actor, org_unit: OrgUnit) -> OrgUnit:
    if org_unit is None or not unit_visible_to(actor, org_unit):
        raise ApplicationError(_("Pick a unit from the list."), field="org_unit")
    return org_unit


def _checked_category(category: str) -> str:
    if category not in Category.values:
        raise ApplicationError(_("Pick a category from the list."), field="category")
    return category


def _save(budget: ExpenseBudget, **kwargs) -> ExpenseBudget:
    try:
        with transaction.atomic():
            budget.save(**kwargs)
    except IntegrityError:
        raise ApplicationError(_("This unit already has a budget for this category and period."),
                               field="period") from None
    return budget


def expense_budget_create(*, actor, org_unit: OrgUnit, category: str, period: str, amount) -> ExpenseBudget:
    """A new budget; one per unit, category and period (400 naming `period` otherwise)."""
    ensure_may_manage_budgets(actor=actor)
    parsed = Period.parse(period, field="period")
    budget = ExpenseBudget(
        org_unit=_checked_unit(actor, org_unit), category=_checked_category(category), period=str(parsed),
        period_kind=parsed.kind, start=parsed.start, end=parsed.end, amount=_checked_amount(amount),
        created_by=actor_or_none(actor))
    if ExpenseBudget.objects.filter(org_unit=org_unit, category=category, period=str(parsed)).exists():
        raise ApplicationError(_("This unit already has a budget for this category and period."), field="period")
    with transaction.atomic():
        _save(budget)
        _record(budget, actor=actor, old=None, new=budget.amount)
    return budget


def _record(budget: ExpenseBudget, *, actor, old, new) -> None:
    ExpenseBudgetChange.objects.create(budget=budget if new is not None else None, budget_label=str(budget)[:200],
                                       old_amount=old, new_amount=new, actor=actor_or_none(actor))


def expense_budget_update(*, actor, budget: ExpenseBudget, data: dict) -> ExpenseBudget:
    """Change a budget's amount (the unit, category and period make the budget: a different one is
    a new budget). Lowering it below what is consumed is allowed: later approvals are refused."""
    ensure_may_manage_budgets(actor=actor)
    data = dict(data)
    if "amount" in data:
        data["amount"] = _checked_amount(data["amount"])
    with transaction.atomic():
        locked = ExpenseBudget.objects.select_for_update().select_related("org_unit").get(pk=budget.pk)
        old = locked.amount
        _instance, changed = model_update(instance=locked, fields=["amount"], data=data)
        if changed:
            _record(locked, actor=actor, old=old, new=locked.amount)
    return locked


def expense_budget_delete(*, actor, budget: ExpenseBudget) -> None:
    ensure_may_manage_budgets(actor=actor)
    with transaction.atomic():
        locked = ExpenseBudget.objects.select_for_update().select_related("org_unit").get(pk=budget.pk)
        _record(locked, actor=actor, old=locked.amount, new=None)
        locked.delete()

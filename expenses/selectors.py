"""Reads of expenses. Every read a person sees starts from `visible_to(user)`; every list is
set-based (a fixed number of queries whatever the number of claims, budgets or units).

Budget consumption (SPEC §7) is computed in one place, `budget_lines`: the claims at
`manager_approved` or later, summed per claimant's unit, category and month in one grouped query,
rolled up the tree (`teams.selectors.roll_up_to_units`' rule: a unit's figure includes every unit
below it) and summed over each budget's months. The approval's check, the budgets page, the queues
and the report all read it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from common.money import ZERO, to_money
from common.periods import Period
from expenses.models import (
    CONSUMING_STATUSES,
    Category,
    ClaimStatus,
    ExpenseBudget,
    ExpenseClaim,
)
from expenses.rules import BudgetLine, tightest
from teams.models import OrgUnit, Role
from teams.scoping import acting_employee, has_line_authority, scope_for
from teams.selectors import unit_ids_of_path


def _month_start(value) -> date:
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return day.replace(day=1)


def _consumption_by_unit_month(*, categories: Iterable[str], start: date, end: date,
                               within: list[OrgUnit] | None = None) -> dict[tuple[int, str, date], Decimal]:
    """{(unit id, category, first day of month): consumed} for every unit (rolled up: a unit's sum
    includes the units below it), over the claims dated in [start, end]. One query."""
    claims = ExpenseClaim.objects.filter(
        status__in=CONSUMING_STATUSES, category__in=list(categories), incurred_on__range=(start, end))
    if within:
        condition = Q(pk__in=[])
        for unit in within:
            condition |= Q(claimant__org_unit__in=OrgUnit.objects.subtree_of(unit))
        claims = claims.filter(condition)
    rows = (claims.annotate(month=TruncMonth("incurred_on")).order_by()
            .values_list("claimant__org_unit__path", "category", "month").annotate(total=Sum("amount")))
    totals: dict[tuple[int, str, date], Decimal] = defaultdict(lambda: ZERO)
    for path, category, month, total in rows:
        for unit_id in unit_ids_of_path(path):
            totals[(unit_id, category, _month_start(month))] += total
    return totals


#: Above this many distinct units a consumption read does not narrow by subtree (one OR per unit).
_NARROW_UNITS = 20


def budget_lines(budgets: Iterable[ExpenseBudget]) -> dict[int, BudgetLine]:
    """{budget id: BudgetLine(amount, consumed)} for the given budgets, in one query."""
    budgets = list(budgets)
    if not budgets:
        return {}
    units = {budget.org_unit_id: budget.org_unit for budget in budgets}
    within = list(units.values()) if len(units) <= _NARROW_UNITS else None
    totals = _consumption_by_unit_month(
        categories={budget.category for budget in budgets}, start=min(b.start for b in budgets),
        end=max(b.end for b in budgets), within=within)
    lines = {}
    for budget in budgets:
        months = Period.parse(budget.period).months()
        consumed = sum((totals.get((budget.org_unit_id, budget.category, m.start), ZERO) for m in months), ZERO)
        lines[budget.pk] = BudgetLine(budget_id=budget.pk, amount=budget.amount, consumed=to_money(consumed))
    return lines


def matching_budgets_q(*, unit: OrgUnit, category: str, day: date) -> Q:
    """The budgets a claim dated `day` by someone in `unit` counts against: its unit's and every
    ancestor's, of its category, whose period contains the day."""
    return Q(org_unit_id__in=unit_ids_of_path(unit.path), category=category, start__lte=day, end__gte=day)


# --- Budgets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    budget: ExpenseBudget
    line: BudgetLine


def budgets_for(*, user, period: Period | None = None, unit: OrgUnit | None = None,
                category: str | None = None):
    """The budgets the user sees, narrowed by the period they overlap, a unit subtree and a category."""
    budgets = ExpenseBudget.objects.visible_to(user).select_related("org_unit")
    if period is not None:
        budgets = budgets.filter(start__lte=period.end, end__gte=period.start)
    if unit is not None:
        budgets = budgets.filter(org_unit__in=OrgUnit.objects.subtree_of(unit))
    if category:
        budgets = budgets.filter(category=category)
    return budgets


def budget_rows(budgets) -> list[BudgetRow]:
    """Each budget with its consumption (two queries for a page of budgets)."""
    budgets = list(budgets)
    lines = budget_lines(budgets)
    return [BudgetRow(budget=b, line=lines[b.pk]) for b in budgets]


# --- Claims ---------------------------------------------------------------------------------------


def claims_visible(*, user):
    return ExpenseClaim.objects.visible_to(user).select_related("claimant", "claimant__org_unit", "customer",
                                                                 "event")


def my_claims(*, user):
    """The signed-in person's own claims, newest first."""
    employee = acting_employee(user)
    if employee is None:
        return ExpenseClaim.objects.none()
    return claims_visible(user=user).filter(claimant=employee)


def claims_for_today(*, employee, limit: int = 5) -> list[dict]:
    """The claimant's latest claims for Rep · Today (one query): id, category and its label, amount,
    status and its label, incurred_on."""
    rows = (ExpenseClaim.objects.filter(claimant=employee).order_by("-created_at", "-id")
            .values("id", "category", "amount", "status", "incurred_on")[:limit])
    categories, statuses = dict(Category.choices), dict(ClaimStatus.choices)
    return [{**row, "category_label": str(categories.get(row["category"], row["category"])),
             "status_label": str(statuses.get(row["status"], row["status"]))} for row in rows]


def event_costs(*, event_ids) -> dict[int, Decimal]:
    """Per event id: the claims naming the event at `manager_approved` or later (SPEC §15.3's cost),
    in one query; an event without such claims is absent. Registered as an events cost source."""
    ids = [pk for pk in event_ids if pk is not None]
    if not ids:
        return {}
    rows = (ExpenseClaim.objects.filter(event_id__in=ids, status__in=CONSUMING_STATUSES).order_by()
            .values_list("event_id").annotate(total=Sum("amount")))
    return {event_id: to_money(total) for event_id, total in rows}


def approval_stage(user) -> str | None:
    """Which approval the user gives: "finance" (a finance user), "manager" (a head of a unit, the
    director or an admin), or None (nobody else approves claims)."""
    scope = scope_for(user)
    if scope.role == Role.FINANCE:
        return "finance"
    if has_line_authority(user):
        return "manager"
    return None


def approval_queue(*, user):
    """The claims waiting for the user's approval, oldest submission first: for a head, the
    submitted claims of the people below them (never their own); for finance, the claims the line
    manager approved."""
    stage = approval_stage(user)
    if stage is None:
        return ExpenseClaim.objects.none()
    status = ClaimStatus.SUBMITTED if stage == "manager" else ClaimStatus.MANAGER_APPROVED
    claims = claims_visible(user=user).filter(status=status).order_by("submitted_at", "id")
    employee = acting_employee(user)
    if employee is not None:
        claims = claims.exclude(claimant=employee)
    return claims


@dataclass(frozen=True)
class ClaimBudget:
    """The budget an approver sees beside a claim: the tightest matching one, what is left of it,
    and by how much approving the claim would exceed it (0.00 when it fits)."""

    budget: ExpenseBudget | None
    line: BudgetLine | None
    excess: Decimal = ZERO


def budgets_beside(claims: list[ExpenseClaim]) -> dict[int, ClaimBudget]:
    """{claim id: the tightest budget matching it, with its consumption} for a page of claims, in
    two queries (the candidate budgets, their consumption) whatever the number of claims. Claims
    need `claimant__org_unit` loaded."""
    if not claims:
        return {}
    unit_ids = set()
    for claim in claims:
        unit_ids |= set(unit_ids_of_path(claim.claimant.org_unit.path))
    candidates = list(ExpenseBudget.objects.select_related("org_unit").filter(
        org_unit_id__in=unit_ids, category__in={c.category for c in claims},
        start__lte=max(c.incurred_on for c in claims), end__gte=min(c.incurred_on for c in claims)))
    lines = budget_lines(candidates)
    result = {}
    for claim in claims:
        chain = set(unit_ids_of_path(claim.claimant.org_unit.path))
        matching = [b for b in candidates if b.org_unit_id in chain and b.category == claim.category
                    and b.start <= claim.incurred_on <= b.end]
        line = tightest([lines[b.pk] for b in matching])
        budget = next((b for b in matching if line is not None and b.pk == line.budget_id), None)
        adding = ZERO if claim.status in CONSUMING_STATUSES else claim.amount
        excess = max((lines[b.pk].excess_with(adding) for b in matching), default=ZERO)
        result[claim.pk] = ClaimBudget(budget=budget, line=line, excess=excess)
    return result


# --- The spend report -------------------------------------------------------------------------


def report_units(*, user):
    """The units whose spend the user may report on: every unit for the director, finance and
    admins; the subtree a head heads; nobody else (the page answers 403)."""
    scope = scope_for(user)
    if scope.covers_all("expenses"):
        return OrgUnit.objects.all()
    headed = getattr(acting_employee(user), "headed_unit", None)
    if headed is None or scope.role in (Role.HR, Role.FINANCE):
        return OrgUnit.objects.none()
    return OrgUnit.objects.subtree_of(headed)


def default_report_unit(*, user) -> OrgUnit | None:
    """The unit the person heads, else the root of what they may report on."""
    headed = getattr(acting_employee(user), "headed_unit", None)
    return headed or report_units(user=user).order_by("depth", "path").first()


@dataclass
class SpendCell:
    spend: Decimal = ZERO
    budget: Decimal | None = None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else to_money(self.budget - self.spend)

    @property
    def over(self) -> bool:
        return self.budget is not None and self.spend > self.budget


@dataclass
class SpendReport:
    unit: OrgUnit
    period: Period
    categories: list[tuple[str, str]]
    #: [(unit, {category: SpendCell}, total SpendCell)] — the unit itself first, then its children.
    by_unit: list
    #: [(month Period, {category: Decimal}, total)] for each month of the period.
    by_month: list
    by_customer: list[dict]
    by_event: list[dict]
    total: Decimal


def _rolled(rows) -> dict:
    totals: dict = defaultdict(lambda: ZERO)
    for path, key, total in rows:
        for unit_id in unit_ids_of_path(path):
            totals[(unit_id, key)] += total
    return totals


def spend_report(*, user, unit: OrgUnit, period: Period, top: int = 20) -> SpendReport:
    """Spend (claims at `manager_approved` or later, dated in `period`) under `unit`, against the
    budgets set for exactly that period: per unit (the unit and each child) and category, per month
    and category, per customer and per event (the `top` largest). Six queries whatever the size."""
    units = [unit, *OrgUnit.objects.filter(parent=unit).order_by("name")]
    claims = claims_visible(user=user).filter(
        status__in=CONSUMING_STATUSES, incurred_on__range=(period.start, period.end),
        claimant__org_unit__in=OrgUnit.objects.subtree_of(unit)).order_by()
    by_unit_category = _rolled(claims.values_list("claimant__org_unit__path", "category").annotate(total=Sum("amount")))
    budgets = {(b.org_unit_id, b.category): b.amount for b in ExpenseBudget.objects.filter(
        org_unit__in=[u.pk for u in units], period=str(period))}
    categories = list(Category.choices)
    rows = []
    for row_unit in units:
        cells = {code: SpendCell(spend=to_money(by_unit_category.get((row_unit.pk, code), ZERO)),
                                 budget=budgets.get((row_unit.pk, code))) for code, _label in categories}
        set_budgets = [c.budget for c in cells.values() if c.budget is not None]
        total = SpendCell(spend=to_money(sum((c.spend for c in cells.values()), ZERO)),
                          budget=sum(set_budgets, ZERO) if set_budgets else None)
        rows.append((row_unit, cells, total))
    monthly = defaultdict(lambda: ZERO)
    for month, category, total in (claims.annotate(month=TruncMonth("incurred_on"))
                                   .values_list("month", "category").annotate(total=Sum("amount"))):
        monthly[(_month_start(month), category)] += total
    by_month = []
    for month in period.months():
        cells = {code: to_money(monthly.get((month.start, code), ZERO)) for code, _label in categories}
        by_month.append((month, cells, to_money(sum(cells.values(), ZERO))))
    by_customer = list(claims.filter(customer__isnull=False).values("customer_id", "customer__name")
                       .annotate(total=Sum("amount")).order_by("-total", "customer_id")[:top])
    by_event = list(claims.filter(event__isnull=False).values("event_id", "event__title", "event__starts_at")
                    .annotate(total=Sum("amount")).order_by("-total", "event_id")[:top])
    return SpendReport(unit=unit, period=period, categories=categories, by_unit=rows, by_month=by_month,
                       by_customer=by_customer, by_event=by_event, total=rows[0][2].spend)


def may_read_expenses(user) -> bool:
    """Whether the user's role sees any claim or budget at all (a rep their own; HR none)."""
    return scope_for(user).sees_domain("expenses")


def ensure_may_read_expenses(user) -> None:
    """403 for a role that may never read claims or budgets (SPEC §1.2: a list, not an empty one)."""
    from django.utils.translation import gettext as _

    from common.exceptions import NotAllowed

    if not may_read_expenses(user):
        raise NotAllowed(_("Your role may not read expense claims or budgets."))

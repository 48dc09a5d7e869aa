"""Demo targets (runs after the customers demo): for last year and this year, the director sets the
company's year target, splits it into months by the default profile and pushes it down to the
regions, teams and every rep for every month — through the real services (bulk writes). A few
targets are then adjusted with a recorded reason. The year's number is sized on the reps' monthly
sales base of the pipeline demo (80,000–150,000 per rep per month), so attainment spreads around
100 %."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from common.periods import Period
from targets.models import SalesTarget
from targets.services import sales_target_change, sales_target_set, target_decompose
from teams.models import Employee, OrgUnit, Role

if TYPE_CHECKING:
    from portal.demo import DemoContext

DEFAULT_MONTHLY_BASE = Decimal(110000)
ADJUSTMENT_REASONS = [
    "Took over a key account from a colleague who left",
    "Long sick leave this month",
    "New territory added to the team",
    "Large tender moved to next quarter",
]


def _year_amount(ctx: DemoContext, company: OrgUnit) -> Decimal:
    """Twelve times the reps' monthly sales base, rounded to 10,000."""
    base_by_owner = ctx.data.get("monthly_sales_base") or {}
    reps = Employee.objects.in_subtree(company).filter(role=Role.REP, active=True).values_list("pk", flat=True)
    monthly = sum((Decimal(base_by_owner.get(pk, DEFAULT_MONTHLY_BASE)) for pk in reps), Decimal(0))
    return (monthly * 12 / 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10000


def seed(ctx: DemoContext) -> None:
    company = ctx.data.get("company") or OrgUnit.objects.filter(parent__isnull=True).first()
    director = get_user_model().objects.filter(username="director").first()
    if company is None or director is None:
        return
    amount = _year_amount(ctx, company)
    # Large (SPEC §12): the 12 months of this year; small: last year too.
    for year in (ctx.today.year,) if ctx.large else (ctx.today.year - 1, ctx.today.year):
        period = Period(year)
        sales_target_set(actor=director, period=period, org_unit=company, amount=amount)
        target_decompose(actor=director, period=period, org_unit=company, method="profile", into="months")
        target_decompose(actor=director, period=period, org_unit=company, method="equal", cascade=True)
    _adjust(ctx, director)
    ctx.log(f"  {SalesTarget.objects.count()} targets (year {amount:,.0f} for the company)")


def _adjust(ctx: DemoContext, director) -> None:
    """A few in-year changes of rep month targets, each with its reason (as their manager would)."""
    this_year = [str(m) for m in Period(ctx.today.year).months()]
    candidates = list(
        SalesTarget.objects.filter(employee__role=Role.REP, period__in=this_year, amount__gt=0)
        .select_related("employee__org_unit")
        .order_by("employee__number", "start")
    )
    for reason in ADJUSTMENT_REASONS:
        if not candidates:
            return
        target = candidates.pop(ctx.rng.randrange(len(candidates)))
        factor = Decimal(ctx.rng.choice(["0.80", "0.90", "1.10", "1.20"]))
        new_amount = (target.amount * factor).quantize(Decimal("1000"), rounding=ROUND_HALF_UP)
        sales_target_change(actor=director, target=target, amount=new_amount, reason=reason)

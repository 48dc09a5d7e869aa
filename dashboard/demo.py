"""Demo data of the dashboard (runs after the other apps' builders: INSTALLED_APPS order).

The small demo's dashboards tell a story (issue 12 item 6): the first team (the one `sup.east1`
signs in to) is **above target** this month — its reps signed the contracts that take the team to
about 110 % of its month target — and the last team is **behind with slipped deals**: some of its
open opportunities are still open past their expected close date, so the director's company
dashboard lists them under "Slipped opportunities" beside a low attainment. (The rep with many
overdue customers is `today.demo`'s.) The running month only: a closed month's figures are
published and stay as they were.

The seeding writes in bulk, which sends no signal, so the facts are then rebuilt from what every
app seeded, and today's forecast of every unit is kept (the accuracy table starts with it).
Deterministic: draws only from `ctx.rng` and `ctx.today`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from dashboard.facts import rebuild_facts
from dashboard.selectors import snapshot_forecasts

if TYPE_CHECKING:
    from portal.demo import DemoContext

#: The share of its month target the "above target" team reaches (percent).
ABOVE_TARGET_PCT = Decimal(110)
#: How many open opportunities of the "behind" team slip past their expected close date.
SLIPPED_DEALS = 4


def seed(ctx: DemoContext) -> None:
    if not ctx.large:
        _story(ctx)
    rows = rebuild_facts(today=ctx.today)
    units = snapshot_forecasts(today=ctx.today)
    ctx.log(f"  {rows} facts rows, {units} forecast snapshots")


def _story(ctx: DemoContext) -> None:
    from teams.models import OrgUnit, UnitKind

    teams = list(OrgUnit.objects.filter(kind=UnitKind.TEAM).order_by("path"))
    if len(teams) < 2:
        return
    above, behind = teams[0], teams[-1]
    signed = _take_above_target(ctx, above)
    slipped = _slip_deals(ctx, behind)
    ctx.log(f"  dashboard story: {above.name} above target ({signed} contracts today),"
            f" {behind.name} behind with {slipped} slipped deals")


def _take_above_target(ctx: DemoContext, team) -> int:
    """Contracts signed today by the team's reps, shared between them, for what the team lacks to
    reach `ABOVE_TARGET_PCT` of its month target. Returns how many were written."""
    from common.periods import Period
    from customers.models import Contract, Customer, PipelinePolicy
    from customers.selectors.sales import actual_sales_by_employee
    from targets.selectors import unit_targets
    from teams.models import Employee, Role

    month = Period.of_month(ctx.today)
    target = unit_targets(period=month, unit_ids=[team.pk]).get(team.pk)
    reps = list(Employee.objects.filter(org_unit=team, role=Role.REP, active=True).order_by("number"))
    if not target or not reps:
        return 0
    sold = sum(actual_sales_by_employee(start=month.start, end=ctx.today,
                                        employee_ids=[r.pk for r in reps]).values(), Decimal(0))
    missing = target * ABOVE_TARGET_PCT / 100 - sold
    if missing <= 0:
        return 0
    customers = {}
    for owner_id, customer_id in Customer.objects.filter(owner__in=reps).order_by("pk").values_list("owner_id", "pk"):
        customers.setdefault(owner_id, customer_id)
    policy = PipelinePolicy.current()
    share = (missing / len(reps)).quantize(Decimal("100"))  # whole hundreds, like the demo's contracts
    contracts = [
        Contract(
            number=f"HT-{ctx.today:%Y%m}-D{index:03d}", customer_id=customers[rep.pk], owner=rep,
            amount=share + Decimal(100), signed_on=ctx.today, start_on=ctx.today + timedelta(days=3),
            end_on=ctx.today + timedelta(days=367), delivery_due_on=ctx.today + timedelta(days=policy.delivery_sla_days),
        )
        for index, rep in enumerate(reps, start=1) if rep.pk in customers
    ]
    Contract.objects.bulk_create(contracts)
    return len(contracts)


def _slip_deals(ctx: DemoContext, team) -> int:
    """`SLIPPED_DEALS` open opportunities of the team's reps get an expected close date 3–20 days
    ago (still open: slipped). Returns how many."""
    from customers.models import Opportunity
    from customers.models.pipeline import OPEN_STAGES

    open_ones = list(Opportunity.objects.filter(owner__org_unit=team, stage__in=OPEN_STAGES).order_by("pk"))
    chosen = ctx.rng.sample(open_ones, min(SLIPPED_DEALS, len(open_ones)))
    for opportunity in chosen:
        Opportunity.objects.filter(pk=opportunity.pk).update(
            expected_close_on=ctx.today - timedelta(days=ctx.rng.randint(3, 20)))
    return len(chosen)

"""Demo customers and sales: customers, follow-ups and surveys first (`customers.demo.customers`),
then the pipeline, contracts and receivables that build on them (`customers.demo.pipeline`, which
grades the tiers), then complaints (`customers.demo.complaints`); last the customer health, for
the last months (the trend on the customer page) and today."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.demo import DemoContext

#: Months of health history before today's score (small demo; the large one keeps two).
HEALTH_MONTHS = 5


def seed(ctx: DemoContext) -> None:
    from customers.demo import complaints, customers, pipeline

    customers.seed(ctx)
    pipeline.seed(ctx)
    complaints.seed(ctx)
    seed_health(ctx)


def seed_health(ctx: DemoContext) -> None:
    from common.periods import add_months
    from customers.services.tiering import recompute_health_only

    first_of_month = ctx.today.replace(day=1)
    for back in range(2 if ctx.large else HEALTH_MONTHS, 0, -1):
        # the last day of the month `back` months ago
        month_end = add_months(first_of_month, -back + 1) - timedelta(days=1)
        recompute_health_only(as_of=month_end, customer_ids=None)
    summary = recompute_health_only(as_of=ctx.today, customer_ids=None)
    ctx.log(f"  health: {summary['health_scored']} customers scored")

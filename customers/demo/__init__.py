"""Demo customers and sales: customers, follow-ups and surveys first (`customers.demo.customers`),
then the pipeline, contracts and receivables that build on them (`customers.demo.pipeline`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    from customers.demo import customers, pipeline

    customers.seed(ctx)
    pipeline.seed(ctx)

"""Demo customers and sales: customers, follow-ups and surveys first, then the pipeline,
contracts and receivables that build on them."""

from common.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    from customers import demo_customers, demo_pipeline

    demo_customers.seed(ctx)
    demo_pipeline.seed(ctx)

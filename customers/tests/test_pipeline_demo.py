"""The pipeline demo builds a realistic, deterministic data set on top of demo customers."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import F, Min, Sum
from django.utils import timezone

from customers.demo import pipeline as demo_pipeline
from customers.models import (
    Contract,
    Customer,
    EscalationReport,
    Opportunity,
    PipelinePolicy,
    Receivable,
    Stage,
)
from customers.selectors.sales import actual_sales_by_employee_month
from portal.demo import DemoContext
from teams import demo as teams_demo
from teams.models import Employee, Role

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _context():
    ctx = DemoContext(size="small", seed=7, today=TODAY, rng=random.Random(7))
    teams_demo.seed(ctx)
    reps = [e for e in ctx.data["employees"] if e.role == Role.REP]
    Customer.objects.bulk_create(
        Customer(name=f"Demo customer {i}", owner_id=reps[i % len(reps)].pk) for i in range(25 * len(reps))
    )
    customers = list(Customer.objects.order_by("pk"))
    for index, customer in enumerate(customers):  # created over the last two and a half years
        customer.created_at = _noon(TODAY - timedelta(days=(index * 37) % 900))
    Customer.objects.bulk_update(customers, ["created_at"])
    ctx.data["customers"] = customers
    return ctx


def _noon(day):
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def test_without_customers_it_creates_nothing():
    ctx = DemoContext(size="small", seed=1, today=TODAY, rng=random.Random(1))
    demo_pipeline.seed(ctx)
    assert not Contract.objects.exists() and "contracts" not in ctx.data


def test_demo_pipeline_is_realistic():
    ctx = _context()
    demo_pipeline.seed(ctx)
    assert len(ctx.data["contracts"]) == Contract.objects.count() > 300
    # every stage, won ones linked, major ones past needs analysis with a report
    assert set(Opportunity.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert not Opportunity.objects.filter(stage=Stage.WON, contract__isnull=True).exists()
    majors = Opportunity.objects.filter(amount__gte=Decimal("100000"), stage__in=[Stage.PROPOSAL, Stage.NEGOTIATION])
    assert majors.exists() and not majors.filter(escalation_report__isnull=True).exists()
    assert EscalationReport.objects.exists()
    # contracts ending soon, renewals, overdue and partially paid receivables
    assert Contract.objects.filter(end_on__gte=TODAY, end_on__lte=TODAY + timedelta(days=60)).exists()
    assert Contract.objects.filter(renews__isnull=False).count() > 20
    assert not Contract.objects.filter(renews__isnull=False, renews__customer_id__lt=0).exists()
    assert not Contract.objects.filter(renews__isnull=False).exclude(renews__customer=F("customer")).exists()
    assert Receivable.objects.overdue(TODAY).count() > 10
    assert Receivable.objects.filter(paid_amount__gt=0, paid_amount__lt=F("amount")).exists()
    assert not Receivable.objects.filter(paid_amount__gt=F("amount")).exists()
    # some tier-A material (≥ 500k in 12 months, first contract over a year ago) and many B
    year_ago = TODAY - timedelta(days=365)
    revenue = {
        row["customer_id"]: row["total"]
        for row in Contract.objects.filter(signed_on__gt=year_ago).values("customer_id").annotate(total=Sum("amount"))
    }
    first = dict(Contract.objects.values("customer_id").annotate(first=Min("signed_on")).values_list("customer_id", "first"))
    tier_a = [c for c, r in revenue.items() if r >= 500000 and first[c] <= year_ago]
    tier_b = [c for c, r in revenue.items() if 100000 <= r < 500000]
    assert 3 <= len(tier_a) <= 60 and len(tier_b) >= 40
    assert Customer.objects.exclude(contracts__isnull=False).count() > 200  # prospects remain
    # monthly sales per rep spread around the 80k–150k targets (full months only)
    reps = list(Employee.objects.filter(role=Role.REP, hire_date__lt=date(2025, 3, 1)).values_list("pk", flat=True))
    monthly = actual_sales_by_employee_month(start=date(2025, 3, 1), end=date(2026, 2, 28), employee_ids=reps)
    averages = [sum(v for (e, _), v in monthly.items() if e == rep) / 12 for rep in reps]
    assert min(averages) > 40000 and max(averages) < 220000
    assert 70000 < sum(averages) / len(averages) < 140000


def test_demo_contracts_are_deterministic():
    ctx = _context()
    owners = list(Employee.objects.filter(role=Role.REP).order_by("number"))
    customers_by_owner = {}
    for customer in Customer.objects.order_by("id"):
        customers_by_owner.setdefault(customer.owner_id, []).append(customer.pk)
    policy = PipelinePolicy.current()

    def build(seed):
        # `_contracts` records backdated customers in these maps, so each build starts afresh.
        ctx.data["customer_created_on"] = {c.pk: timezone.localdate(c.created_at) for c in ctx.data["customers"]}
        ctx.data["customer_created_at"] = {c.pk: c.created_at for c in ctx.data["customers"]}
        ctx.rng = random.Random(seed)
        return [(c.number, c.customer_id, c.amount, c.signed_on, c.end_on)
                for c in demo_pipeline._contracts(ctx, TODAY, owners, customers_by_owner, policy)]

    assert build(11) == build(11)
    assert build(11) != build(12)


def test_demo_grades_customers_on_their_contracts():
    ctx = _context()
    demo_pipeline.seed(ctx)
    tiers = set(Customer.objects.values_list("tier", flat=True))
    assert {"A", "B", "C"} <= tiers

"""The customers demo builder: realistic volume, consistent rows, deterministic."""

import random
from datetime import date

import pytest
from django.db.models import F, Max, OuterRef, Subquery

from customers.demo import customers as demo_customers
from customers.models import Customer, FollowUp, SatisfactionSurvey
from portal.demo import DemoContext
from teams import demo as teams_demo

pytestmark = pytest.mark.django_db


def build(seed=7):
    ctx = DemoContext(size="small", seed=seed, today=date.today(), rng=random.Random(seed))
    teams_demo.seed(ctx)
    demo_customers.seed(ctx)
    return ctx


def test_demo_customers_follow_ups_and_surveys():
    ctx = build()
    assert Customer.objects.count() == 600 == len(ctx.data["customers"])
    assert set(Customer.objects.values_list("owner__role", flat=True)) == {"rep"}
    assert FollowUp.objects.count() > 2500
    assert FollowUp.objects.filter(late=True).exists()
    assert SatisfactionSurvey.objects.filter(score__lt=80).exists()
    assert SatisfactionSurvey.objects.filter(score__gte=80).exists()
    assert Customer.objects.filter(name__contains="有限公司").count() > 400
    latest = FollowUp.objects.filter(customer=OuterRef("pk")).values("customer").annotate(m=Max("occurred_at")).values("m")
    mismatched = Customer.objects.annotate(latest=Subquery(latest)).exclude(last_follow_up_at=Subquery(latest))
    assert not mismatched.filter(latest__isnull=False).exists()
    # The summary of the later recomputation (wired by the lead) works on this data.
    assert demo_customers.seed_finish(ctx)["customers"] == 600


def test_demo_is_deterministic():
    from django.utils import timezone

    from teams.models import Employee

    def names(seed):
        ctx = DemoContext(size="small", seed=seed, today=date(2026, 6, 15), rng=random.Random(seed))
        rep = Employee(number="E1", role="rep", hire_date=date(2024, 1, 1))
        rows = demo_customers._customers_of(ctx, rep, 25, set(), timezone.now())
        return [(c.name, c.created_at, c.contact_phone) for c in rows]

    assert names(11) == names(11)
    assert names(11) != names(12)


def test_nothing_happens_to_a_demo_customer_before_it_was_created():
    """A customer's created date is not later than its first follow-up, opportunity, stage change,
    contract or survey (the pipeline demo picks existing customers or backdates the customer)."""
    from django.db.models import Min
    from django.utils import timezone

    from customers.demo import pipeline as demo_pipeline
    from customers.models import Contract, Opportunity, OpportunityStageChange

    ctx = build()
    demo_pipeline.seed(ctx)
    created = {pk: at for pk, at in Customer.objects.values_list("pk", "created_at")}
    created_on = {pk: timezone.localdate(at) for pk, at in created.items()}

    def first(queryset, field, key="customer_id"):
        return dict(queryset.order_by().values(key).annotate(first=Min(field)).values_list(key, "first"))

    checks = [
        (first(FollowUp.objects, "occurred_at"), created),
        (first(Opportunity.objects, "created_at"), created),
        (first(OpportunityStageChange.objects, "changed_at", "opportunity__customer_id"), created),
        (first(Contract.objects, "signed_on"), created_on),
        (first(SatisfactionSurvey.objects, "surveyed_on"), created_on),
    ]
    assert all(events for events, _ in checks)
    for events, since in checks:
        early = {pk: (since[pk], at) for pk, at in events.items() if at < since[pk]}
        assert not early, list(early.items())[:3]
    # Stage histories run forward and lost opportunities close after they opened.
    assert not Opportunity.objects.filter(closed_on__lt=F("created_at__date")).exists()
    # Prospects of the last weeks remain (the new-prospect KPI has data).
    month_start = ctx.today.replace(day=1)
    assert Customer.objects.filter(created_at__date__gte=month_start).exists()

"""The demo framework (`portal.demo`, `manage.py seed_demo`) and its bulk tools (`common.demo`):
apps are discovered, shares add up exactly, rows are written with their pks, and the large demo's
builders make exactly the counts they are given (here scaled down: the real sizes are SPEC §12's,
`portal.demo.LARGE`, measured by `make bench`)."""

import random
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Min
from django.utils import timezone

from common.demo import batched, bulk_insert, shares
from portal.demo import LARGE, DemoContext, demo_builders


def test_demo_builders_are_found_in_installed_apps_order():
    from django.conf import settings

    apps = [app for app, _ in demo_builders()]
    assert apps[:7] == ["teams", "customers", "events", "training", "targets", "performance", "incentives"]
    assert apps == sorted(apps, key=settings.INSTALLED_APPS.index)
    assert "portal" not in apps and "common" not in apps


def test_large_context_carries_the_spec_sizes():
    ctx = DemoContext(size="large", seed=1, today=date(2026, 6, 1), rng=random.Random(1))
    assert ctx.large and ctx.sizes == LARGE
    assert LARGE["reps"] == 1000 and LARGE["customers"] == 100_000 and LARGE["follow_ups"] == 1_000_000
    assert LARGE["contracts"] == 50_000 and LARGE["follow_up_months"] == LARGE["target_months"] == 12
    assert not DemoContext(size="small", seed=1, today=date(2026, 6, 1), rng=random.Random(1)).sizes


@pytest.mark.parametrize("total, weights", [
    (1_000_000, [250, 249, 30, 1]), (7, [1, 1, 1]), (0, [3, 4]), (5, [0.4, 1.6, 0.9]), (3, [1] * 10),
])
def test_shares_add_up_exactly_and_follow_the_weights(total, weights):
    counts = shares(total, weights)
    assert sum(counts) == total and all(c >= 0 for c in counts)
    whole = sum(weights)
    assert all(abs(c - total * w / whole) < 1 for c, w in zip(counts, weights, strict=True))
    assert shares(total, weights) == counts  # deterministic


def test_shares_of_nothing():
    assert shares(10, []) == [] and shares(10, [0, 0]) == [0, 0]


def test_batched():
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]


@pytest.mark.django_db
def test_bulk_insert_gives_pks_and_keeps_given_timestamps(org):
    from customers.models import Customer

    created = timezone.make_aware(datetime(2025, 1, 2, 10, 0))
    rows = (Customer(name=f"Bulk {i}", owner=org.rep, created_at=created if i % 2 else None) for i in range(7))
    written = []
    assert bulk_insert(Customer, (written.append(c) or c for c in rows), batch_size=3) == 7
    assert all(c.pk for c in written)
    saved = {c.pk: c for c in Customer.objects.filter(name__startswith="Bulk ")}
    assert set(saved) == {c.pk for c in written}
    assert saved[written[1].pk].created_at == created


@pytest.mark.django_db
def test_seed_demo_refuses_a_database_with_people_and_lists_sign_ins_if_empty(org):
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "Sign-ins (password for every demo user: salesops-demo)" in out.getvalue()


@pytest.mark.django_db
def test_large_builders_make_exactly_the_counts_they_are_given():
    """The large path at a hundredth of the follow-ups: exact customers, follow-ups and contracts,
    every follow-up after its customer was created and none in the future."""
    from customers.demo import customers as demo_customers
    from customers.demo import pipeline as demo_pipeline
    from customers.models import Contract, Customer, FollowUp
    from teams import demo as teams_demo
    from teams.models import Employee, OrgUnit, Role

    today = date(2026, 6, 15)
    sizes = {**LARGE, "customers": 3000, "follow_ups": 10_000, "contracts": 4000}
    ctx = DemoContext(size="large", seed=5, today=today, rng=random.Random(5), sizes=sizes)
    teams_demo.seed(ctx)
    assert Employee.objects.filter(role=Role.REP).count() == LARGE["reps"]
    assert OrgUnit.objects.filter(kind="team").count() == LARGE["teams"]
    demo_customers.seed(ctx)
    assert Customer.objects.count() == 3000 == len(ctx.data["customers"])
    assert FollowUp.objects.count() == 10_000
    first = FollowUp.objects.aggregate(first=Min("occurred_at"))["first"]
    assert timezone.localdate(first) >= today - timedelta(days=366)
    assert not FollowUp.objects.filter(occurred_at__lt=F("customer__created_at")).exists()
    assert not FollowUp.objects.filter(occurred_at__gt=timezone.now()).exists()
    # Every rep logs: the shares follow the days employed.
    assert FollowUp.objects.values("author").distinct().count() == LARGE["reps"]
    demo_pipeline.seed(ctx)
    assert Contract.objects.count() == 4000
    assert not Contract.objects.filter(signed_on__gt=today).exists()

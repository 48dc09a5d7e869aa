"""The small demo tells the story of the issue: budgets for every team and category, claims in
every state, one rejected and resubmitted, one refused for its budget."""

import random

import pytest
import time_machine

from expenses.models import Category, ClaimStatus, ExpenseBudget, ExpenseClaim


@pytest.fixture
def demo(db):
    from portal.demo import DemoContext
    from teams.models import OrgUnit, UnitKind
    from teams.tests.factories import build_org

    org = build_org()
    ctx = DemoContext(size="small", seed=1, today=__import__("datetime").date(2026, 11, 16), rng=random.Random(1))
    ctx.data["company"] = OrgUnit.objects.get(kind=UnitKind.COMPANY)
    from expenses.demo import seed

    with time_machine.travel("2026-11-16 10:00 +08:00", tick=False):
        seed(ctx)
    return org


def test_budgets_for_every_team_and_category(demo):
    from teams.models import OrgUnit, UnitKind

    for team in OrgUnit.objects.filter(kind=UnitKind.TEAM):
        assert set(ExpenseBudget.objects.filter(org_unit=team, period="2026-11").values_list("category", flat=True)) \
            == set(Category.values)


def test_claims_in_every_state_one_resubmitted_one_refused(demo):
    assert set(ExpenseClaim.objects.values_list("status", flat=True)) == set(ClaimStatus.values)
    resubmitted = ExpenseClaim.objects.filter(transitions__to_status=ClaimStatus.REJECTED).exclude(
        status=ClaimStatus.REJECTED).distinct()
    assert resubmitted.exists()
    big = ExpenseClaim.objects.get(amount=2600)
    assert big.status == ClaimStatus.SUBMITTED


def test_the_large_demo_writes_twelve_months_in_bulk(db, django_assert_max_num_queries):
    import datetime

    from expenses.demo import seed
    from expenses.models import ExpenseClaimTransition
    from portal.demo import DemoContext
    from teams.models import OrgUnit, UnitKind
    from teams.tests.factories import build_org

    build_org()
    ctx = DemoContext(size="large", seed=1, today=datetime.date(2026, 11, 16), rng=random.Random(1))
    ctx.data["company"] = OrgUnit.objects.get(kind=UnitKind.COMPANY)
    with time_machine.travel("2026-11-16 10:00 +08:00", tick=False), django_assert_max_num_queries(40):
        seed(ctx)
    assert ExpenseBudget.objects.filter(period="2025-12").exists()
    assert ExpenseClaim.objects.filter(status=ClaimStatus.PAID).exists()
    paid = ExpenseClaim.objects.filter(status=ClaimStatus.PAID).first()
    assert list(paid.transitions.values_list("to_status", flat=True)) == [
        "submitted", "manager_approved", "finance_approved", "paid"]
    assert ExpenseClaimTransition.objects.count() > ExpenseClaim.objects.count()

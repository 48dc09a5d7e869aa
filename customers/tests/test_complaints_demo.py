"""The complaints demo: every state, some breached, the troubled customers at risk; the large size
writes its count in bulk."""

import random
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from customers.demo import complaints as complaints_demo
from customers.demo import seed_health
from customers.models import Complaint, ComplaintStatus, Customer, CustomerStatus
from customers.selectors.complaints import with_breaches
from customers.tests.factories import ContractFactory, CustomerFactory
from portal.demo import DemoContext

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _customers(org, count):
    for index in range(count):
        owner = (org.rep, org.teammate, org.rep2)[index % 3]
        customer = CustomerFactory(owner=owner, status=CustomerStatus.CHURN_RISK if index % 4 == 0 else "active")
        ContractFactory(customer=customer, amount=Decimal("120000"), signed_on=date(2025, 2, 1))


@pytest.mark.usefixtures("march_tenth")
def test_the_small_demo_has_every_state_breaches_and_an_at_risk_band(org):
    _customers(org, 24)
    ctx = DemoContext(size="small", seed=3, today=TODAY, rng=random.Random(3))
    complaints_demo.seed(ctx)
    seed_health(ctx)
    assert set(Counter(Complaint.objects.values_list("status", flat=True))) == set(ComplaintStatus.values)
    flagged = [c for c in with_breaches(Complaint.objects.all()) if c.response_breached or c.resolution_breached]
    assert flagged
    assert "at_risk" in set(Customer.objects.values_list("health_band", flat=True))
    assert all(c.transitions.exists() for c in Complaint.objects.all())


@pytest.mark.usefixtures("march_tenth")
def test_the_large_size_writes_its_count(org):
    _customers(org, 9)
    ctx = DemoContext(size="large", seed=3, today=TODAY, rng=random.Random(3), sizes={"complaints": 40})
    complaints_demo.seed(ctx)
    troubled = Complaint.objects.filter(description__startswith="多次反映").count()
    assert Complaint.objects.count() - troubled == 40

"""Customer health recomputed with the tiers (SPEC §16.2): the components from the data, the
monthly history, the band on the customer, on-demand refresh, and set-based query counts."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers.models import Customer, CustomerHealth, HealthPolicy
from customers.services import customer_health_refresh, customers_recompute_tiers
from customers.services.health import component_explanation
from customers.tests.factories import (
    ComplaintFactory,
    ContractFactory,
    CustomerFactory,
    FollowUpFactory,
    ReceivableFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def healthy_customer(owner, **extra):
    """A tier-C customer followed up 5 days before AS_OF, revenue steady, paid, no complaint."""
    customer = CustomerFactory(owner=owner, **extra)
    ContractFactory(customer=customer, amount=Decimal("50000"), signed_on=date(2025, 3, 1))
    ContractFactory(customer=customer, amount=Decimal("50000"), signed_on=date(2026, 3, 1))
    FollowUpFactory(customer=customer, occurred_at=_at(AS_OF - timedelta(days=5)))
    return customer


def health_of(customer) -> CustomerHealth:
    return CustomerHealth.objects.get(customer=customer, month=AS_OF.replace(day=1))


def components(customer) -> dict:
    return {c[0]: Decimal(c[1]) for c in health_of(customer).components}


def test_a_healthy_customer_scores_100_without_a_survey(org):
    customer = healthy_customer(org.rep)
    customers_recompute_tiers(as_of=AS_OF)
    health = health_of(customer)
    assert (health.score, health.band) == (Decimal("100.00"), "healthy")
    assert set(components(customer)) == {"contact_recency", "revenue_trend", "payment", "complaints"}
    customer.refresh_from_db()
    assert (customer.health_band, customer.health_band_since) == ("healthy", AS_OF)


def test_every_component_carries_its_weight_and_an_explanation(org):
    customer = healthy_customer(org.rep)
    SurveyFactory(customer=customer, surveyed_on=date(2026, 5, 1), score=60)
    customers_recompute_tiers(as_of=AS_OF)
    rows = health_of(customer).components
    assert [(c[0], c[2]) for c in rows] == [
        ("contact_recency", 25), ("revenue_trend", 25), ("payment", 20), ("satisfaction", 15), ("complaints", 15)]
    assert all(component_explanation(c)["id"].startswith("customers.health.") for c in rows)
    assert health_of(customer).score == Decimal("94.00")  # (8500 + 60 × 15) / 100


def test_a_prospect_without_a_contract_gets_no_score(org):
    prospect = CustomerFactory(owner=org.rep)
    customers_recompute_tiers(as_of=AS_OF)
    assert not CustomerHealth.objects.filter(customer=prospect).exists()
    prospect.refresh_from_db()
    assert prospect.health_band == ""


def test_the_components_read_the_data_at_their_edges(org):
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("100000"), signed_on=date(2025, 3, 1))
    ContractFactory(customer=customer, amount=Decimal("75000"), signed_on=date(2026, 3, 1))  # 75 % → 50
    FollowUpFactory(customer=customer, occurred_at=_at(AS_OF - timedelta(days=60)))  # C: 30 days; ×2 → 50
    ReceivableFactory(contract=customer.contracts.first(), due_on=AS_OF - timedelta(days=30))  # 30 days → 50
    ComplaintFactory(customer=customer, received_at=_at(AS_OF - timedelta(days=10)), status="resolved",
                     resolution="ok", resolved_at=_at(AS_OF - timedelta(days=9)))  # one in 90 days → 75
    customers_recompute_tiers(as_of=AS_OF)
    assert components(customer) == {"contact_recency": Decimal("50.00"), "revenue_trend": Decimal("50.00"),
                                     "payment": Decimal("50.00"), "complaints": Decimal("75.00")}


def test_an_unresolved_complaint_and_a_long_overdue_receivable(org):
    customer = healthy_customer(org.rep)
    ReceivableFactory(contract=customer.contracts.first(), due_on=AS_OF - timedelta(days=31))
    ComplaintFactory(customer=customer, received_at=_at(AS_OF - timedelta(days=100)))  # old but unresolved
    customers_recompute_tiers(as_of=AS_OF)
    assert components(customer)["payment"] == Decimal("0.00")
    assert components(customer)["complaints"] == Decimal("50.00")


def test_the_weights_and_bands_are_configurable(org):
    customer = healthy_customer(org.rep)
    ReceivableFactory(contract=customer.contracts.first(), due_on=AS_OF - timedelta(days=40))
    HealthPolicy.objects.update(weight_contact_recency=0, weight_revenue_trend=0, weight_payment=100,
                                weight_satisfaction=0, weight_complaints=0, watch_from=Decimal("0.00"))
    customers_recompute_tiers(as_of=AS_OF)
    assert (health_of(customer).score, health_of(customer).band) == (Decimal("0.00"), "watch")


def test_one_history_row_per_customer_and_month(org):
    customer = healthy_customer(org.rep)
    customers_recompute_tiers(as_of=date(2026, 5, 31))
    customers_recompute_tiers(as_of=AS_OF)
    customers_recompute_tiers(as_of=AS_OF)
    assert list(customer.health_history.values_list("month", flat=True)) == [date(2026, 6, 1), date(2026, 5, 1)]


def test_the_band_date_moves_only_when_the_band_moves(org):
    customer = healthy_customer(org.rep)
    customers_recompute_tiers(as_of=date(2026, 6, 28))
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert customer.health_band_since == date(2026, 6, 28)
    ReceivableFactory(contract=customer.contracts.first(), due_on=AS_OF - timedelta(days=40))
    ComplaintFactory.create_batch(2, customer=customer, received_at=_at(AS_OF - timedelta(days=3)))
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert (customer.health_band, customer.health_band_since) == ("watch", AS_OF)


@pytest.mark.usefixtures("march_tenth")
def test_refresh_on_demand_recomputes_one_customer_only(org):
    customer, other = healthy_customer(org.rep), healthy_customer(org.rep)
    health = customer_health_refresh(actor=org.rep.user, customer=customer)
    assert health.month == date(2026, 3, 1) and health.as_of == date(2026, 3, 10)
    assert not CustomerHealth.objects.filter(customer=other).exists()


def test_refresh_of_a_customer_outside_scope_is_404(org):
    from common.exceptions import NotFound

    with pytest.raises(NotFound):
        customer_health_refresh(actor=org.rep2.user, customer=healthy_customer(org.rep))


def _health_queries(org, count):
    for _ in range(count):
        customer = healthy_customer(org.rep)
        SurveyFactory(customer=customer, surveyed_on=date(2026, 5, 1))
        ComplaintFactory(customer=customer, received_at=_at(AS_OF - timedelta(days=3)))
        ReceivableFactory(contract=customer.contracts.first(), due_on=AS_OF - timedelta(days=3))
    Customer.objects.update(health_band="")
    CustomerHealth.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        customers_recompute_tiers(as_of=AS_OF)
    return len(queries)


def test_the_recompute_query_count_is_the_same_for_5_and_50_customers(org):
    assert _health_queries(org, 5) == _health_queries(org, 50)

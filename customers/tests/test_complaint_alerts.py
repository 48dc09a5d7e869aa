"""The daily alerts of complaints and health (SPEC §8, §16): SLA breaches to the handler and their
line manager once each, catch-up; an A/B customer moving into at-risk alerts once per move."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from alerts.services import run_daily_alerts
from common.models import Notification
from customers.alerts import complaint_sla, customer_at_risk
from customers.models import ComplaintStatus, Customer
from customers.services import customers_recompute_tiers
from customers.tests.factories import (
    ComplaintFactory,
    ContractFactory,
    CustomerFactory,
    FollowUpFactory,
    ReceivableFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]
TODAY = date(2026, 3, 10)


def test_a_breached_response_goes_to_the_handler_and_their_supervisor_once(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep),
                                 response_due_at=timezone.now() - timedelta(minutes=1))
    items = list(complaint_sla(TODAY))
    assert [(item.key, sorted(u.username for u in item.recipients)) for item in items] == [
        (f"complaint-sla:{complaint.pk}:response", ["rep", "sup1"])]
    run_daily_alerts(today=TODAY, kinds=["complaint_sla"])
    run_daily_alerts(today=TODAY, kinds=["complaint_sla"])
    assert Notification.objects.filter(recipient=org.rep.user, kind="complaint_sla").count() == 1
    assert Notification.objects.filter(recipient=org.sup1.user, kind="complaint_sla").count() == 1


def test_exactly_at_the_due_time_is_no_alert(org):
    ComplaintFactory(customer=CustomerFactory(owner=org.rep), response_due_at=timezone.now())
    assert list(complaint_sla(TODAY)) == []


def test_both_slas_each_once_and_none_once_resolved(org):
    customer = CustomerFactory(owner=org.rep)
    late = timezone.now() - timedelta(hours=1)
    both = ComplaintFactory(customer=customer, response_due_at=late, resolution_due_at=late)
    ComplaintFactory(customer=customer, status=ComplaintStatus.RESOLVED, resolution="ok", resolved_at=late,
                     responded_at=late - timedelta(hours=1), response_due_at=late, resolution_due_at=late)
    assert sorted(item.key for item in complaint_sla(TODAY)) == [
        f"complaint-sla:{both.pk}:resolution", f"complaint-sla:{both.pk}:response"]


def test_a_catch_up_run_does_not_see_breaches_after_its_day(org):
    ComplaintFactory(customer=CustomerFactory(owner=org.rep), response_due_at=timezone.now() - timedelta(hours=1))
    assert list(complaint_sla(TODAY - timedelta(days=1))) == []


def _b_customer_turning_at_risk(org):
    """A tier-B customer (revenue in the last 12 months ≥ 100,000) whose revenue fell, who has a
    receivable 40 days overdue, two unresolved complaints and no contact for 100 days."""
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("400000"), signed_on=date(2025, 1, 5))
    ContractFactory(customer=customer, amount=Decimal("150000"), signed_on=date(2025, 6, 5))
    FollowUpFactory(customer=customer, occurred_at=timezone.now() - timedelta(days=100))
    ReceivableFactory(contract=customer.contracts.last(), due_on=TODAY - timedelta(days=40))
    ComplaintFactory.create_batch(2, customer=customer, received_at=timezone.now() - timedelta(days=3))
    return customer


def test_an_ab_customer_moving_into_at_risk_alerts_owner_and_supervisor_once_per_move(org):
    customer = _b_customer_turning_at_risk(org)
    customers_recompute_tiers(as_of=TODAY)
    customer.refresh_from_db()
    assert (customer.tier, customer.health_band) == ("B", "at_risk")
    items = list(customer_at_risk(TODAY))
    assert [(item.key, sorted(u.username for u in item.recipients)) for item in items] == [
        (f"customer-at-risk:{customer.pk}:{TODAY.isoformat()}", ["rep", "sup1"])]
    run_daily_alerts(today=TODAY, kinds=["customer_at_risk"])
    customers_recompute_tiers(as_of=TODAY)  # still at risk: no new move
    run_daily_alerts(today=TODAY + timedelta(days=1), kinds=["customer_at_risk"])
    assert Notification.objects.filter(recipient=org.rep.user, kind="customer_at_risk").count() == 1


def test_a_new_move_into_at_risk_alerts_again(org):
    customer = _b_customer_turning_at_risk(org)
    customers_recompute_tiers(as_of=TODAY)
    run_daily_alerts(today=TODAY, kinds=["customer_at_risk"])
    Customer.objects.filter(pk=customer.pk).update(health_band="watch", health_band_since=TODAY)  # recovered
    customers_recompute_tiers(as_of=TODAY + timedelta(days=1))
    run_daily_alerts(today=TODAY + timedelta(days=1), kinds=["customer_at_risk"])
    assert Notification.objects.filter(recipient=org.rep.user, kind="customer_at_risk").count() == 2


def test_a_c_customer_at_risk_is_no_alert(org):
    customer = CustomerFactory(owner=org.rep, tier="C", health_band="at_risk", health_band_since=TODAY)
    assert customer.pk and list(customer_at_risk(TODAY)) == []


def test_the_message_renders_in_the_readers_language(org):
    from django.utils import translation

    from common.phrases import render

    _b_customer_turning_at_risk(org)
    customers_recompute_tiers(as_of=TODAY)
    (item,) = customer_at_risk(TODAY)
    with translation.override("zh-hans"):
        assert "高风险" in render(item.message)
    assert "at-risk band" in render(item.message)

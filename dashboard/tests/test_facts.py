"""The facts table equals a recomputation after every kind of write, refreshed after the commit
(`django_capture_on_commit_callbacks(execute=True)` runs what a real commit would)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.periods import Period
from customers.models import Stage
from customers.tests.factories import (
    CustomerFactory,
    FollowUpFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)
from dashboard.facts import compute_facts, facts_drift, rebuild_facts, stored_facts
from dashboard.models import MonthFacts, UnitMonthTarget
from targets.tests.factories import make_sale, make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

NOV = Period(2026, month=11)
TODAY = date(2026, 11, 23)


@pytest.fixture
def built(org):
    rebuild_facts(today=TODAY)
    return org


def _same(month=NOV):
    assert stored_facts(month=month) == compute_facts(month=month, today=TODAY)


def test_a_contract_refreshes_its_owners_month(built, django_capture_on_commit_callbacks):
    org = built
    with django_capture_on_commit_callbacks(execute=True):
        sale = make_sale(org.rep, "1234.50", date(2026, 11, 3))
    assert MonthFacts.objects.get(employee=org.rep, month=NOV.start).actual == Decimal("1234.50")
    _same()
    with django_capture_on_commit_callbacks(execute=True):
        sale.owner = org.teammate
        sale.save()
    assert MonthFacts.objects.get(employee=org.rep, month=NOV.start).actual == Decimal("0.00")
    assert MonthFacts.objects.get(employee=org.teammate, month=NOV.start).actual == Decimal("1234.50")
    _same()
    with django_capture_on_commit_callbacks(execute=True):
        sale.delete()
    _same()


def test_a_payment_and_a_receivable(built, django_capture_on_commit_callbacks):
    org = built
    sale = make_sale(org.rep, "1000", date(2026, 10, 3))
    with django_capture_on_commit_callbacks(execute=True):
        receivable = ReceivableFactory(contract=sale, due_on=date(2026, 11, 10), amount=Decimal("1000.00"))
    assert MonthFacts.objects.get(employee=org.rep, month=NOV.start).due == Decimal("1000.00")
    with django_capture_on_commit_callbacks(execute=True):
        PaymentFactory(receivable=receivable, amount=Decimal("400.00"), paid_on=date(2026, 11, 12))
    row = MonthFacts.objects.get(employee=org.rep, month=NOV.start)
    assert (row.received, row.due) == (Decimal("400.00"), Decimal("1000.00"))
    _same()


def test_a_follow_up_and_a_new_prospect(built, django_capture_on_commit_callbacks):
    org = built
    with django_capture_on_commit_callbacks(execute=True):
        customer = CustomerFactory(owner=org.rep, created_by=org.rep)
        FollowUpFactory(customer=customer, author=org.rep,
                        occurred_at=datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    row = MonthFacts.objects.get(employee=org.rep, month=NOV.start)
    assert row.new_prospects == 1 and row.followup_compliance_pct > 0
    _same()


def test_an_opportunity_closing(built, django_capture_on_commit_callbacks):
    org = built
    with django_capture_on_commit_callbacks(execute=True):
        OpportunityFactory(customer=CustomerFactory(owner=org.rep), owner=org.rep, stage=Stage.LOST,
                           closed_on=date(2026, 11, 4), lost_reason="price")
    row = MonthFacts.objects.get(employee=org.rep, month=NOV.start)
    assert (row.won, row.closed) == (0, 1)
    _same()


def test_a_target_change(built, django_capture_on_commit_callbacks):
    org = built
    with django_capture_on_commit_callbacks(execute=True):
        target = make_target("2026-11", "5000", employee=org.rep)
    assert MonthFacts.objects.get(employee=org.rep, month=NOV.start).target == Decimal("5000.00")
    with django_capture_on_commit_callbacks(execute=True):
        target.amount = Decimal("6000.00")
        target.save()
    assert MonthFacts.objects.get(employee=org.rep, month=NOV.start).target == Decimal("6000.00")
    _same()
    assert UnitMonthTarget.objects.get(org_unit=org.east, month=NOV.start).target == Decimal("6000.00")
    assert facts_drift(months=[NOV], today=TODAY) == []


def test_an_employee_moving_between_teams_moves_their_figures(built, django_capture_on_commit_callbacks, api):
    org = built
    make_target("2026-11", "1000", employee=org.rep)
    make_sale(org.rep, "1000", date(2026, 11, 2))
    rebuild_facts(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        org.rep.org_unit = org.east2
        org.rep.save()
    _same()
    assert facts_drift(months=[NOV], today=TODAY) == []
    body = api(org.sup2).get("/api/v1/dashboard/", {"month": "2026-11"}).json()
    assert body["trend"][-1]["actual"] == "1000.00"


def test_check_facts_exits_non_zero_on_drift(built):
    call_command("check_facts", "--month", "2026-11")
    make_sale(built.rep, "10", date(2026, 11, 2))  # never committed: no refresh
    assert facts_drift(months=[NOV], today=TODAY)
    with pytest.raises(CommandError):
        call_command("check_facts", "--month", "2026-11")
    call_command("rebuild_facts", "--month", "2026-11")
    call_command("check_facts", "--month", "2026-11")


def test_the_refresh_is_a_task_queued_after_the_commit(built, django_capture_on_commit_callbacks):
    """The request that writes only queues the recomputation (a worker runs it when there is a
    broker); the task's JSON carries the touched rows' specs, dates included."""
    from unittest import mock

    from dashboard.signals import decode_specs, encode_specs

    org = built
    with mock.patch("dashboard.tasks.refresh_facts_after_writes.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            make_sale(org.rep, "10.00", date(2026, 11, 3))
    (specs,), _kwargs = delay.call_args
    assert ["emp", org.rep.pk, "2026-11-03"] in specs
    assert decode_specs(specs) == decode_specs(encode_specs(decode_specs(specs)))
    assert ("emp", org.rep.pk, date(2026, 11, 3)) in decode_specs(specs)
    assert MonthFacts.objects.get(employee=org.rep, month=NOV.start).actual == Decimal("0.00")  # not yet run

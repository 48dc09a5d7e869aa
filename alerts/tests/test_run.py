"""The daily run: catch-up after a gap, once-only across runs, one digest per person, kind and
day (its items keyed and linked), the command and the beat task."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from alerts import registry
from alerts.models import AlertItem, AlertPolicy, AlertRun
from alerts.registry import Item
from alerts.services import digest_key
from common.models import Notification
from common.phrases import phrase
from customers.models import Customer, CustomerStatus, Tier
from customers.tests.factories import ContractFactory, CustomerFactory, FollowUpFactory, ReceivableFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 13)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_catch_up_after_a_ten_day_gap_raises_every_passed_threshold_once(org, customer, run):
    contract = ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=35))
    receivable = ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=1), amount=Decimal("100.00"))
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=_at(TODAY - timedelta(days=1)))
    AlertPolicy.objects.update_or_create(pk=1, defaults={"catch_up_days": 1})
    run(TODAY)
    AlertPolicy.objects.update_or_create(pk=1, defaults={"catch_up_days": 10})
    later = TODAY + timedelta(days=10)  # the job did not run for ten days
    run(later)
    rep = org.rep.user
    assert set(AlertItem.objects.filter(recipient=rep, kind="renewal").values_list("key", flat=True)) == {
        f"contract-renewal:{contract.pk}:60", f"contract-renewal:{contract.pk}:30"}
    assert set(AlertItem.objects.filter(recipient=rep, kind="receivable_overdue").values_list("key", flat=True)) == {
        f"receivable-overdue:{receivable.pk}:1", f"receivable-overdue:{receivable.pk}:7"}
    missed = set(AlertItem.objects.filter(recipient=rep, kind="no_followup").values_list("key", flat=True))
    # every working day of the gap without a follow-up (the 12th had one), each once
    assert missed == {f"no-followup:{org.rep.pk}:{d}" for d in
                      ("2026-10-13", "2026-10-14", "2026-10-15", "2026-10-16", "2026-10-19",
                       "2026-10-20", "2026-10-21", "2026-10-22")}
    # the gap's items are one digest per kind on the day of the run that found them
    assert Notification.objects.filter(recipient=rep, kind="no_followup").count() == 1
    assert Notification.objects.filter(recipient=rep, kind="renewal").count() == 2  # one per run day


def test_running_twice_the_same_day_sends_nothing_twice(org, customer, run, mailoutbox):
    ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=5))
    first = run(TODAY)
    notes, items, mails = Notification.objects.count(), AlertItem.objects.count(), len(mailoutbox)
    assert first["renewal"] == {"items": 3, "notifications": 1}
    second = run(TODAY)
    assert all(row == {"items": 0, "notifications": 0} for row in second.values())
    assert (Notification.objects.count(), AlertItem.objects.count(), len(mailoutbox)) == (notes, items, mails)
    assert AlertRun.objects.filter(day=TODAY, finished_at__isnull=False).count() == 2


def test_forty_overdue_customers_are_one_digest_with_forty_linked_lines(org, run):
    customers = [CustomerFactory(owner=org.rep, tier=Tier.C, status=CustomerStatus.ACTIVE) for _ in range(40)]
    Customer.objects.filter(pk__in=[c.pk for c in customers]).update(
        last_follow_up_at=_at(TODAY - timedelta(days=40)), created_at=_at(date(2025, 1, 1)))
    run(TODAY, kinds=["followup_overdue"])
    for user in (org.rep.user, org.sup1.user):
        digest = Notification.objects.get(recipient=user, kind="followup_overdue")
        assert digest.dedupe_key == digest_key("followup_overdue", user.pk, TODAY)
        assert len(digest.message) == 41  # the header, then one line per customer
        assert digest.message[0] == {"id": "alerts.digest.followup_overdue", "params": {"count": "40"}}
        items = list(digest.alert_items.order_by("id"))
        assert len(items) == 40 and len({item.key for item in items}) == 40
        assert {item.link for item in items} == {f"/customers/{c.pk}/" for c in customers}
    assert Notification.objects.filter(kind="followup_overdue").count() == 2


def test_a_later_run_the_same_day_adds_its_items_to_that_days_digest(org, customer, run):
    first = ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=50))
    run(TODAY, kinds=["renewal"])
    digest = Notification.objects.get(recipient=org.rep.user, kind="renewal")
    Notification.objects.filter(pk=digest.pk).update(read_at=timezone.now())
    second = ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=40))
    run(TODAY, kinds=["renewal"])
    digest.refresh_from_db()
    assert Notification.objects.filter(recipient=org.rep.user, kind="renewal").count() == 1
    assert digest.read_at is None and digest.message[0]["params"] == {"count": "2"}
    assert set(digest.alert_items.values_list("key", flat=True)) == {
        f"contract-renewal:{first.pk}:60", f"contract-renewal:{second.pk}:60"}


def test_a_digest_shows_at_most_the_policys_lines_and_keeps_every_item(org, run):
    AlertPolicy.objects.update_or_create(pk=1, defaults={"digest_max_lines": 3})
    customers = [CustomerFactory(owner=org.rep, tier=Tier.C, status=CustomerStatus.ACTIVE) for _ in range(5)]
    Customer.objects.filter(pk__in=[c.pk for c in customers]).update(
        last_follow_up_at=_at(TODAY - timedelta(days=40)), created_at=_at(date(2025, 1, 1)))
    run(TODAY, kinds=["followup_overdue"])
    digest = Notification.objects.get(recipient=org.rep.user, kind="followup_overdue")
    assert len(digest.message) == 1 + 3 + 1 and digest.message[-1] == {"id": "alerts.more_items", "params": {"count": "2"}}
    assert digest.alert_items.count() == 5


def test_adding_a_kind_is_one_registered_function(org, run):
    """What training, events and complaints do: register, return keyed items; the run digests."""

    @registry.daily_alert("test_kind", "Test kind", header="Test items: %(count)s.")
    def collect(today):
        yield Item(key="test:1", recipients=[org.rep.user, None], message=phrase("alerts.more_items", count="1"))
        yield Item(key="test:2", recipients=[org.rep.user, org.rep.user], message="plain text", link="/x/")

    try:
        assert run(TODAY, kinds=["test_kind"]) == {"test_kind": {"items": 2, "notifications": 1}}
        assert run(TODAY + timedelta(days=1), kinds=["test_kind"]) == {"test_kind": {"items": 0, "notifications": 0}}
        digest = Notification.objects.get(kind="test_kind")
        assert digest.recipient == org.rep.user and digest.render().startswith("Test items: 2.")
    finally:
        registry.unregister("test_kind")


def test_the_command_runs_a_given_day_and_refuses_a_bad_date(org, customer, capsys):
    ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=5))
    call_command("run_daily_alerts", "--date", TODAY.isoformat())
    assert "2026-10-13" in capsys.readouterr().out
    assert AlertItem.objects.filter(kind="renewal").count() == 3
    for bad in ("2026-13-01", "tomorrow", "13/10/2026"):
        with pytest.raises(CommandError, match="not a date"):
            call_command("run_daily_alerts", "--date", bad)


def test_the_beat_task_calls_the_same_service(org, customer, settings):
    from alerts.tasks import run_daily_alerts

    ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=5))
    result = run_daily_alerts.delay(TODAY.isoformat()).get()
    assert result["day"] == "2026-10-13" and result["kinds"]["renewal"]["items"] == 3
    schedule = settings.CELERY_BEAT_SCHEDULE["daily-alerts"]
    assert schedule["task"] == "alerts.run_daily_alerts"
    assert schedule["schedule"].hour == {7} and schedule["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Asia/Shanghai"


def test_the_visibility_timeout_is_above_the_longest_task_and_well_under_an_hour(settings):
    from alerts.tasks import (
        DAILY_TIME_LIMIT,
        cleanup_expired_files,
        run_daily_alerts,
        send_notification_email,
    )

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    longest = max(settings.CELERY_TASK_TIME_LIMIT, DAILY_TIME_LIMIT)
    assert longest < timeout <= 1800
    for task in (run_daily_alerts, send_notification_email, cleanup_expired_files):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.time_limit <= longest


def test_the_demo_builder_runs_the_days_alerts_and_skips_the_large_set(org, customer):
    import random

    from alerts.demo import seed
    from portal.demo import DemoContext

    ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=5))
    seed(DemoContext(size="large", seed=1, today=TODAY, rng=random.Random(1)))
    assert not AlertItem.objects.exists()
    seed(DemoContext(size="small", seed=1, today=TODAY, rng=random.Random(1)))
    assert Notification.objects.filter(recipient=org.rep.user, kind="renewal").count() == 1

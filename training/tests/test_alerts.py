"""The training alerts through the daily run: once, with catch-up after missed days."""

from datetime import date

import pytest
from django.core.cache import cache

from alerts.models import AlertItem
from alerts.services import run_daily_alerts
from common.models import Notification
from training.models import TrainingPolicy
from training.tests.factories import at, certify, make_session

KINDS = ["certification_expiry", "training_reminder"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _run(day, kind):
    return run_daily_alerts(today=day, kinds=[kind])[kind]


def _keys(kind):
    return set(AlertItem.objects.filter(notification__kind=kind).values_list("key", flat=True))


def _recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


# --- certification expiry ------------------------------------------------------------------------

def test_expiry_alert_from_30_days_before_to_holder_and_line_manager(org):
    cert = certify(org.rep, issued_on=date(2025, 7, 10), expires_on=date(2026, 7, 10))
    assert _run(date(2026, 6, 9), "certification_expiry")["items"] == 0  # 31 days before
    assert _run(date(2026, 6, 10), "certification_expiry")["items"] == 2  # 30 days: rep and sup1
    assert _recipients("certification_expiry") == {"rep", "sup1"}
    assert _keys("certification_expiry") == {f"certification-expiry:{cert.pk}:2026-07-10:30"}


def test_expiry_alert_is_sent_once(org):
    certify(org.rep, issued_on=date(2025, 7, 10), expires_on=date(2026, 7, 10))
    _run(date(2026, 6, 10), "certification_expiry")
    assert _run(date(2026, 6, 11), "certification_expiry")["items"] == 0
    assert Notification.objects.filter(kind="certification_expiry").count() == 2


def test_expiry_alert_catches_up_after_missed_days(org):
    certify(org.rep, issued_on=date(2025, 7, 10), expires_on=date(2026, 7, 10))
    assert _run(date(2026, 6, 25), "certification_expiry")["items"] == 2


def test_certificates_without_expiry_or_far_off_are_quiet(org):
    certify(org.rep, issued_on=date(2025, 7, 10))
    certify(org.rep, issued_on=date(2025, 7, 10), expires_on=date(2027, 7, 10))
    assert _run(date(2026, 6, 10), "certification_expiry")["items"] == 0


def test_notice_days_are_configurable(org):
    TrainingPolicy.objects.update(expiry_notice_days=60)
    certify(org.rep, issued_on=date(2025, 7, 10), expires_on=date(2026, 7, 10))
    assert _run(date(2026, 5, 11), "certification_expiry")["items"] == 2


# --- the 20th reminder ---------------------------------------------------------------------------

def test_reminder_on_the_20th_only_when_nothing_is_scheduled(org):
    make_session(org.east1, starts_at=at(2026, 6, 28))  # scheduled, not yet held: East-1 is fine
    assert _run(date(2026, 6, 19), "training_reminder")["items"] == 0
    _run(date(2026, 6, 20), "training_reminder")
    assert _recipients("training_reminder") == {"sup2", "sup3"}
    assert _keys("training_reminder") == {f"training-reminder:{org.east2.pk}:2026-06",
                                          f"training-reminder:{org.south1.pk}:2026-06"}


def test_reminder_is_sent_once_per_team_and_month(org):
    _run(date(2026, 6, 20), "training_reminder")
    assert _run(date(2026, 6, 21), "training_reminder")["items"] == 0
    assert Notification.objects.filter(kind="training_reminder").count() == 3


def test_reminder_catches_up_on_the_21st(org):
    make_session(org.east1, org.east2, starts_at=at(2026, 6, 3))
    assert _run(date(2026, 6, 23), "training_reminder")["items"] == 1
    assert _recipients("training_reminder") == {"sup3"}


def test_a_cancelled_session_does_not_count(org):
    make_session(org.east1, org.east2, org.south1, starts_at=at(2026, 6, 25), cancelled_at=at(2026, 6, 1))
    assert _run(date(2026, 6, 20), "training_reminder")["items"] == 3


def test_a_team_without_a_head_gets_no_reminder(org):
    org.south1.head = None
    org.south1.save()
    _run(date(2026, 6, 20), "training_reminder")
    assert _recipients("training_reminder") == {"sup1", "sup2"}

from datetime import date

import pytest

from alerts.services import run_daily_alerts
from common.models import Notification
from customers.tests.factories import FollowUpFactory
from events.alerts import event_confirm, event_follow_up
from events.models import EventStatus
from events.tests.factories import EventFactory, InvitationFactory, at

pytestmark = pytest.mark.django_db


def test_confirmation_digest_once_per_inviter_per_event(org, frozen):
    event = EventFactory(org_unit=org.east1, starts_at=at("2026-03-11 14:00"))
    InvitationFactory(event=event, inviter=org.rep, outcome="accepted")
    InvitationFactory(event=event, inviter=org.rep, outcome="accepted")
    InvitationFactory(event=event, inviter=org.teammate, outcome="accepted", confirmation="confirmed")
    items = list(event_confirm(date(2026, 3, 10)))
    assert [(item.key, [u.username for u in item.recipients]) for item in items] == [
        (f"event-confirm:{event.pk}:{org.rep.pk}", ["rep"])]
    run_daily_alerts(today=date(2026, 3, 10), kinds=["event_confirm"])
    run_daily_alerts(today=date(2026, 3, 10), kinds=["event_confirm"])
    assert Notification.objects.filter(recipient=org.rep.user).count() == 1


def test_no_reminder_for_an_event_further_ahead(org, frozen):
    event = EventFactory(org_unit=org.east1, starts_at=at("2026-03-13 14:00"))
    InvitationFactory(event=event, inviter=org.rep, outcome="accepted")
    assert list(event_confirm(date(2026, 3, 10))) == []


def test_post_event_follow_up_alert_when_the_window_passed_without_one(org, frozen):
    event = EventFactory(org_unit=org.east1, status=EventStatus.HELD, starts_at=at("2026-03-05 14:00"))  # Thursday
    missed = InvitationFactory(event=event, inviter=org.rep, outcome="accepted", checked_in_at=event.starts_at)
    done = InvitationFactory(event=event, inviter=org.rep, outcome="accepted", checked_in_at=event.starts_at)
    FollowUpFactory(customer=done.customer, author=org.rep, occurred_at=at("2026-03-06 10:00"))
    assert list(event_follow_up(date(2026, 3, 9))) == []  # due Monday 9 March: not yet missed
    items = list(event_follow_up(date(2026, 3, 10)))
    assert [item.key for item in items] == [f"event-follow-up:{missed.pk}"]
    assert items[0].recipients == [org.rep.user]

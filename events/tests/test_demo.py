import random
from datetime import date

import pytest

from customers.tests.factories import CustomerFactory
from events import demo
from events.models import EventStatus, Invitation, MarketingEvent
from portal.demo import DemoContext

pytestmark = pytest.mark.django_db


def _ctx(org, size):
    for rep in (org.rep, org.teammate, org.rep2, org.rep3):
        for _ in range(6):
            CustomerFactory(owner=rep)
    ctx = DemoContext(size=size, seed=1, today=date(2026, 3, 10), rng=random.Random(1))
    if size == "large":
        ctx.sizes = {"reps": 4}
    ctx.data["company"] = org.company
    return ctx


def test_small_demo_three_past_events_and_one_upcoming(org, frozen):
    ctx = _ctx(org, "small")
    demo.seed(ctx)
    statuses = sorted(MarketingEvent.objects.values_list("status", flat=True))
    assert statuses == sorted([EventStatus.CLOSED, EventStatus.HELD, EventStatus.HELD, EventStatus.INVITING])
    past = MarketingEvent.objects.exclude(status=EventStatus.INVITING)
    assert all(Invitation.objects.filter(event=e, checked_in_at__isnull=False).exists() for e in past)
    assert Invitation.objects.filter(walk_in=True, customer__source="event").count() == 6
    assert len(ctx.data["marketing_events"]) == 3


def test_large_demo_has_an_event_per_team_and_region(org, frozen):
    demo.seed(_ctx(org, "large"))
    assert MarketingEvent.objects.count() == 3 + 2 * 2

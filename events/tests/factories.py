"""Factories of the events models (an event of East-1 by default, from `build_org`)."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory

from customers.tests.factories import CustomerFactory
from events.models import Channel, EventStatus, Invitation, InvitationQuota, MarketingEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
_codes = itertools.count(1)


def at(text: str) -> datetime:
    """"2026-03-10 14:00" in Asia/Shanghai, aware."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketingEvent

    title = factory.Sequence(lambda n: f"Seminar {n}")
    topic = "Product seminar"
    org_unit = None
    starts_at = factory.LazyFunction(lambda: at("2026-03-20 14:00"))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    invitation_deadline = factory.LazyAttribute(lambda e: e.starts_at - timedelta(days=1))
    venue = "Grand Hotel"
    capacity = 50
    target_attendance = 10
    status = EventStatus.INVITING


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvitationQuota

    quota = 5


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    customer = factory.LazyAttribute(lambda i: CustomerFactory(owner=i.inviter))
    channel = Channel.PHONE
    invited_at = factory.LazyAttribute(lambda i: i.event.starts_at - timedelta(days=5))
    short_code = factory.LazyFunction(lambda: f"T{next(_codes):06d}")

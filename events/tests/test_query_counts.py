"""Constant query counts whatever the number of rows (5 vs 50)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.tests.factories import EventFactory, InvitationFactory, QuotaFactory
from teams.models import Role
from teams.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _count(fn) -> int:
    fn()  # a client's first request does one-off work (session, caches) the count is not about
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx)


def _event_with(org, guests: int):
    event = EventFactory(org_unit=org.east1)
    QuotaFactory(event=event, employee=org.rep, quota=3)
    extra = EmployeeFactory(role=Role.REP, org_unit=org.east1)
    QuotaFactory(event=event, employee=extra, quota=3)
    for index in range(guests):
        InvitationFactory(event=event, inviter=org.rep if index % 2 else extra, outcome="accepted")
    return event


def test_event_page_and_invitation_list_do_not_grow(org, page, api, frozen):
    small, large = _event_with(org, 5), _event_with(org, 50)
    client = page(org.sup1)
    assert _count(lambda: client.get(reverse("events:event-detail", args=[small.pk]))) == \
        _count(lambda: client.get(reverse("events:event-detail", args=[large.pk])))
    rest = api(org.sup1)
    assert _count(lambda: rest.get(f"/api/v1/invitations/?event={small.pk}")) == \
        _count(lambda: rest.get(f"/api/v1/invitations/?event={large.pk}"))
    assert _count(lambda: rest.get(f"/api/v1/events/{small.pk}/report/")) == \
        _count(lambda: rest.get(f"/api/v1/events/{large.pk}/report/"))


def test_event_list_does_not_grow(org, page, api, frozen):
    for _ in range(5):
        EventFactory(org_unit=org.east1)
    client, rest = page(org.rep), api(org.rep)
    few_page = _count(lambda: client.get(reverse("events:event-list") + "?month=2026-03"))
    few_api = _count(lambda: rest.get("/api/v1/events/"))
    for _ in range(45):
        EventFactory(org_unit=org.east1)
    assert _count(lambda: client.get(reverse("events:event-list") + "?month=2026-03")) == few_page
    assert _count(lambda: rest.get("/api/v1/events/")) == few_api

from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.periods import Period
from events import selectors
from events.models import Confirmation, DeclineReason, EventStatus, Outcome
from events.tests.factories import EventFactory, InvitationFactory, QuotaFactory, at

pytestmark = pytest.mark.django_db


def test_event_attendance_counts_guests_brought_against_quota(org, frozen):
    event = EventFactory(org_unit=org.east1, status=EventStatus.HELD, starts_at=at("2026-02-12 14:00"))
    QuotaFactory(event=event, employee=org.rep, quota=4)
    QuotaFactory(event=event, employee=org.teammate, quota=3)
    InvitationFactory(event=event, inviter=org.rep, outcome=Outcome.ACCEPTED, checked_in_at=event.starts_at)
    InvitationFactory(event=event, inviter=org.rep, outcome=Outcome.ACCEPTED)
    InvitationFactory(event=event, inviter=org.rep, walk_in=True, checked_in_at=event.starts_at)

    figures = selectors.event_attendance_by_employee(month=Period(2026, month=2))

    assert figures == {org.rep.pk: (1, 4), org.teammate.pk: (0, 3)}


def test_event_attendance_ignores_cancelled_planned_and_other_months(org, frozen):
    for status, start in ((EventStatus.CANCELLED, "2026-02-12 14:00"), (EventStatus.INVITING, "2026-02-20 14:00"),
                          (EventStatus.HELD, "2026-01-31 14:00")):
        event = EventFactory(org_unit=org.east1, status=status, starts_at=at(start), cancel_reason="x")
        QuotaFactory(event=event, employee=org.rep, quota=4)

    assert selectors.event_attendance_by_employee(month=Period(2026, month=2)) == {}


def test_event_attendance_month_edge_in_shanghai_time(org, frozen):
    event = EventFactory(org_unit=org.east1, status=EventStatus.HELD, starts_at=at("2026-03-01 00:30"))
    QuotaFactory(event=event, employee=org.rep, quota=2)

    assert selectors.event_attendance_by_employee(month=Period(2026, month=2)) == {}
    assert selectors.event_attendance_by_employee(month=Period(2026, month=3)) == {org.rep.pk: (0, 2)}


def test_today_work_lists_events_to_invite_and_guests_to_confirm(org, frozen, django_assert_max_num_queries):
    soon = EventFactory(org_unit=org.east1, starts_at=at("2026-03-12 14:00"))
    later = EventFactory(org_unit=org.east1, starts_at=at("2026-03-25 14:00"))
    QuotaFactory(event=soon, employee=org.rep, quota=3)
    QuotaFactory(event=later, employee=org.rep, quota=2)
    accepted = InvitationFactory(event=soon, inviter=org.rep, outcome=Outcome.ACCEPTED)
    InvitationFactory(event=soon, inviter=org.rep, outcome=Outcome.DECLINED,
                      decline_reason=DeclineReason.objects.get(code="price"))
    InvitationFactory(event=later, inviter=org.rep, outcome=Outcome.ACCEPTED)  # too far ahead to confirm
    InvitationFactory(event=soon, inviter=org.rep, outcome=Outcome.ACCEPTED, confirmation=Confirmation.CONFIRMED)

    with django_assert_max_num_queries(3):
        work = selectors.today_invitation_work(employee=org.rep, today=date(2026, 3, 10))

    assert [(row["id"], row["quota"], row["invited"], row["accepted"]) for row in work["to_invite"]] == [
        (soon.pk, 3, 3, 2), (later.pk, 2, 1, 1)]
    assert [row["id"] for row in work["to_confirm"]] == [accepted.pk]
    assert work["to_confirm"][0]["customer"] == accepted.customer.name


def test_today_work_drops_events_past_their_deadline(org, frozen):
    event = EventFactory(org_unit=org.east1, starts_at=at("2026-03-10 20:00"),
                         invitation_deadline=at("2026-03-09 20:00"))
    QuotaFactory(event=event, employee=org.rep, quota=3)

    assert selectors.today_invitation_work(employee=org.rep, today=date(2026, 3, 10))["to_invite"] == []


def test_upcoming_events_of_a_subtree_with_live_funnel(org, frozen, django_assert_max_num_queries):
    event = EventFactory(org_unit=org.east1, starts_at=at("2026-03-12 14:00"))
    EventFactory(org_unit=org.south1, starts_at=at("2026-03-12 14:00"))
    EventFactory(org_unit=org.east1, starts_at=at("2026-03-01 14:00"), status=EventStatus.HELD)
    InvitationFactory(event=event, inviter=org.rep, outcome=Outcome.ACCEPTED, confirmation=Confirmation.CONFIRMED)
    InvitationFactory(event=event, inviter=org.teammate)

    with django_assert_max_num_queries(2):
        rows = selectors.upcoming_events(user=org.manager.user, unit=org.east, today=date(2026, 3, 10))

    assert [(r["id"], r["invited"], r["accepted"], r["confirmed"], r["attended"]) for r in rows] == [
        (event.pk, 2, 1, 1, 0)]


def test_upcoming_events_only_what_the_user_sees(org, frozen):
    EventFactory(org_unit=org.east2, starts_at=at("2026-03-12 14:00"))
    region_event = EventFactory(org_unit=org.east, starts_at=at("2026-03-13 14:00"))

    rows = selectors.upcoming_events(user=org.rep.user, unit=org.company, today=date(2026, 3, 10))

    assert [r["id"] for r in rows] == [region_event.pk]


def test_events_visible_to_subtree_and_heads_above(org, frozen):
    team_event = EventFactory(org_unit=org.east1)
    region_event = EventFactory(org_unit=org.east)
    visible = {
        who: set(selectors.events_for(user=getattr(org, who).user).values_list("pk", flat=True))
        for who in ("rep", "sup1", "sup2", "manager", "manager2", "rep3", "director", "hr")
    }
    assert visible["rep"] == visible["sup1"] == {team_event.pk, region_event.pk}
    assert visible["sup2"] == {region_event.pk}
    assert visible["manager"] == visible["director"] == {team_event.pk, region_event.pk}
    assert visible["manager2"] == visible["rep3"] == set()
    assert visible["hr"] == {team_event.pk, region_event.pk}


def test_invitations_scoped_like_customers(org, frozen):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east), inviter=org.rep)
    seen = {who: selectors.invitations_for(user=getattr(org, who).user).exists()
            for who in ("rep", "teammate", "sup1", "sup2", "manager", "rep3", "manager2", "hr", "finance", "director")}
    assert seen == {"rep": True, "teammate": False, "sup1": True, "sup2": False, "manager": True,
                    "rep3": False, "manager2": False, "hr": False, "finance": False, "director": True}
    assert invitation.pk


def test_month_bounds_are_local(frozen):
    start, end = selectors.month_bounds(Period(2026, month=2))
    assert timezone.localtime(start).isoformat() == "2026-02-01T00:00:00+08:00"
    assert end - start == timedelta(days=28)

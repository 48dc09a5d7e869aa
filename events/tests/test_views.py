import pytest
from django.urls import reverse

from customers.tests.factories import CustomerFactory
from events.models import Invitation, MarketingEvent
from events.tests.factories import EventFactory, InvitationFactory, QuotaFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(org, frozen):
    event = EventFactory(org_unit=org.east1, gift="Tea set")
    QuotaFactory(event=event, employee=org.rep, quota=3)
    return event


@pytest.mark.parametrize("who, status", [("rep", 200), ("sup1", 200), ("manager", 200), ("director", 200),
                                         ("sup2", 404), ("rep3", 404), ("manager2", 404)])
def test_event_page_access(org, page, event, who, status):
    assert page(getattr(org, who)).get(reverse("events:event-detail", args=[event.pk])).status_code == status


def test_event_page_shows_invite_n_bring_m_and_my_list_only(org, page, event):
    InvitationFactory(event=event, inviter=org.rep, customer=CustomerFactory(owner=org.rep, name="Mine Ltd"))
    InvitationFactory(event=event, inviter=org.teammate, customer=CustomerFactory(owner=org.teammate, name="Theirs Ltd"))
    html = page(org.rep).get(reverse("events:event-detail", args=[event.pk])).content.decode()
    assert "Invite 6, bring 3." in html
    assert "Mine Ltd" in html and "Theirs Ltd" not in html


def test_hr_sees_the_event_but_no_invitations(org, page, event):
    InvitationFactory(event=event, inviter=org.rep, customer=CustomerFactory(owner=org.rep, name="Mine Ltd"))
    response = page(org.hr).get(reverse("events:event-detail", args=[event.pk]))
    assert response.status_code == 200 and "Mine Ltd" not in response.content.decode()


def test_list_page_groups_the_month(org, page, event):
    response = page(org.rep).get(reverse("events:event-list") + "?month=2026-03")
    assert response.status_code == 200 and event.title in response.content.decode()


def test_create_page_for_a_supervisor_and_403_for_a_rep(org, page, frozen):
    assert page(org.rep).get(reverse("events:event-create")).status_code == 403
    response = page(org.sup1).post(reverse("events:event-create"), {
        "org_unit": org.east1.pk, "title": "Launch", "starts_at": "2026-03-25T14:00", "ends_at": "2026-03-25T13:00",
        "capacity": 30, "target_attendance": 10, "follow_up_window_days": 2, "conversion_window_days": 30})
    assert response.status_code == 400 and "must end after it starts" in response.content.decode()
    assert not MarketingEvent.objects.exists()
    response = page(org.sup1).post(reverse("events:event-create"), {
        "org_unit": org.east1.pk, "title": "Launch", "starts_at": "2026-03-25T14:00", "ends_at": "2026-03-25T17:00",
        "capacity": 30, "target_attendance": 10, "follow_up_window_days": 2, "conversion_window_days": 30})
    assert response.status_code == 302


def test_invite_from_the_event_page_keeps_input_on_refusal(org, page, event):
    customer = CustomerFactory(owner=org.rep)
    url = reverse("events:invitation-create", args=[event.pk])
    assert page(org.rep).post(url, {"customer": str(customer.pk), "channel": "phone"}).status_code == 302
    response = page(org.rep).post(url, {"customer": str(customer.pk), "channel": "phone"})
    assert response.status_code == 400 and "already invited" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_respond_page_requires_a_reason_to_decline(org, page, event):
    invitation = InvitationFactory(event=event, inviter=org.rep)
    url = reverse("events:invitation-respond", args=[invitation.pk])
    assert page(org.rep2).get(url).status_code == 404
    response = page(org.rep).post(url, {"outcome": "declined"})
    assert response.status_code == 400
    assert page(org.rep).post(url, {"outcome": "declined", "decline_reason": "no_time"}).status_code == 302


def test_check_in_screen_on_a_phone(org, page, event, time_machine):
    invitation = InvitationFactory(event=event, inviter=org.rep, outcome="accepted",
                                   customer=CustomerFactory(owner=org.rep, name="Guest Co", contact_phone="13812345678"))
    time_machine.move_to(at("2026-03-20 13:00"), tick=False)
    client = page(org.teammate)
    html = client.get(reverse("events:check-in", args=[event.pk]) + "?q=5678").content.decode()
    assert "Guest Co" in html and "138****5678" in html and "13812345678" not in html
    assert client.post(reverse("events:check-in-guest", args=[event.pk, invitation.pk])).status_code == 302
    assert client.post(reverse("events:check-in-guest", args=[event.pk, invitation.pk])).status_code == 409
    assert page(org.rep2).get(reverse("events:check-in", args=[event.pk])).status_code == 404
    assert page(org.sup2).get(reverse("events:check-in", args=[event.pk])).status_code == 404


def test_walk_in_page(org, page, event, time_machine):
    time_machine.move_to(at("2026-03-20 13:00"), tick=False)
    response = page(org.sup1).post(reverse("events:walk-in", args=[event.pk]), {"name": "Door Trading"})
    assert response.status_code == 302
    assert Invitation.objects.get(walk_in=True).customer.owner == org.sup1


@pytest.mark.parametrize("who, status", [("sup1", 200), ("manager", 200), ("director", 200), ("rep", 403),
                                         ("hr", 403), ("sup2", 404)])
def test_report_access(org, page, event, who, status):
    assert page(getattr(org, who)).get(reverse("events:event-report", args=[event.pk])).status_code == status


def test_report_xlsx(org, page, event):
    response = page(org.sup1).get(reverse("events:event-report", args=[event.pk]) + "?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_unit_report_page(org, page, event):
    response = page(org.manager).get(reverse("events:unit-report") + f"?unit={org.east.pk}&month=2026-03")
    assert response.status_code == 200 and event.title in response.content.decode()
    assert page(org.rep).get(reverse("events:unit-report")).status_code == 403


def test_cancel_page_asks_for_a_reason(org, page, event):
    url = reverse("events:event-cancel", args=[event.pk])
    assert page(org.rep).get(url).status_code == 403
    assert page(org.sup1).post(url, {"reason": ""}).status_code == 400
    assert page(org.sup1).post(url, {"reason": "Speaker ill"}).status_code == 302


def test_quotas_page_refuses_a_wrong_sum(org, page, event):
    url = reverse("events:event-quotas", args=[event.pk])
    response = page(org.sup1).post(url, {f"quota_{org.rep.pk}": 1, f"quota_{org.teammate.pk}": 1})
    assert response.status_code == 400 and "must add up" in response.content.decode()

import pytest

from customers.tests.factories import CustomerFactory
from events.models import EventStatus, Invitation
from events.tests.factories import EventFactory, InvitationFactory, QuotaFactory, at

pytestmark = pytest.mark.django_db

EVENT = {"title": "Spring seminar", "topic": "ERP", "starts_at": "2026-03-20T14:00:00+08:00",
         "ends_at": "2026-03-20T17:00:00+08:00", "venue": "Hotel", "capacity": 40, "target_attendance": 5}


@pytest.fixture
def event(org, frozen):
    return EventFactory(org_unit=org.east1)


def test_create_event_with_section_10_fields(org, api, frozen):
    response = api(org.sup1).post("/api/v1/events/", {**EVENT, "org_unit": org.east1.pk, "status": "held"},
                                  format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {"id", "title", "topic", "org_unit", "starts_at", "ends_at", "venue", "capacity", "target_attendance",
            "invitation_deadline", "status"} <= set(body)
    assert body["status"] == "planned"  # mass assignment changes nothing


def test_event_ending_before_start_is_400_naming_the_field(org, api, frozen):
    response = api(org.sup1).post("/api/v1/events/", {**EVENT, "org_unit": org.east1.pk,
                                                       "ends_at": "2026-03-20T13:00:00+08:00"}, format="json")
    assert response.status_code == 400 and "ends_at" in response.json()["errors"]


def test_event_for_an_invisible_unit_is_400(org, api, frozen):
    response = api(org.sup1).post("/api/v1/events/", {**EVENT, "org_unit": org.south1.pk}, format="json")
    assert response.status_code == 400 and "org_unit" in response.json()["errors"]


def test_rep_may_not_create_events(org, api, frozen):
    assert api(org.rep).post("/api/v1/events/", {**EVENT, "org_unit": org.east1.pk},
                             format="json").status_code == 403


def test_event_list_is_scoped(org, api, event):
    assert api(org.rep).get("/api/v1/events/").json()["count"] == 1
    assert api(org.rep3).get("/api/v1/events/").json()["count"] == 0
    assert api(org.rep3).get(f"/api/v1/events/{event.pk}/").status_code == 404


def test_quotas_get_and_put(org, api, event):
    client = api(org.sup1)
    assert client.put(f"/api/v1/events/{event.pk}/quotas/", {str(org.rep.pk): 3}, format="json").status_code == 400
    response = client.put(f"/api/v1/events/{event.pk}/quotas/", {str(org.rep.pk): 6, str(org.teammate.pk): 4},
                          format="json")
    assert response.status_code == 200 and response.json() == {str(org.rep.pk): 6, str(org.teammate.pk): 4}
    assert client.get(f"/api/v1/events/{event.pk}/quotas/").json() == response.json()
    assert api(org.rep).put(f"/api/v1/events/{event.pk}/quotas/", {}, format="json").status_code == 403
    assert client.put(f"/api/v1/events/{event.pk}/quotas/", [1, 2], format="json").status_code == 400


def test_wrong_transition_is_409(org, api, event):
    assert api(org.sup1).post(f"/api/v1/events/{event.pk}/close/", {}, format="json").status_code == 409
    response = api(org.sup1).post(f"/api/v1/events/{event.pk}/cancel/", {"reason": "Rain"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == EventStatus.CANCELLED


def test_invite_twice_and_outside_scope(org, api, event):
    customer = CustomerFactory(owner=org.rep)
    payload = {"event": event.pk, "customer": customer.pk, "channel": "wechat"}
    first = api(org.rep).post("/api/v1/invitations/", payload, format="json")
    assert first.status_code == 201
    assert {"id", "event", "customer", "inviter", "channel", "outcome", "decline_reason", "confirmation",
            "checked_in_at", "walk_in", "gift_given"} <= set(first.json())
    again = api(org.rep).post("/api/v1/invitations/", payload, format="json")
    assert again.status_code == 400 and "customer" in again.json()["errors"]
    other = api(org.rep).post("/api/v1/invitations/", {**payload, "customer": CustomerFactory(owner=org.rep3).pk},
                              format="json")
    assert other.status_code == 400 and "customer" in other.json()["errors"]
    assert Invitation.objects.count() == 1


def test_invitation_access_per_role(org, api, event):
    invitation = InvitationFactory(event=event, inviter=org.rep)
    assert api(org.rep).get(f"/api/v1/invitations/{invitation.pk}/").status_code == 200
    assert api(org.sup1).get(f"/api/v1/invitations/{invitation.pk}/").status_code == 200
    assert api(org.teammate).get(f"/api/v1/invitations/{invitation.pk}/").status_code == 404
    assert api(org.rep3).get(f"/api/v1/invitations/{invitation.pk}/").status_code == 404
    assert api(org.rep3).get("/api/v1/invitations/").json()["count"] == 0
    assert api(org.hr).get("/api/v1/invitations/").status_code == 403
    assert api(org.hr).get(f"/api/v1/invitations/{invitation.pk}/").status_code == 404


def test_respond_confirm_and_check_in(org, api, event, time_machine):
    invitation = InvitationFactory(event=event, inviter=org.rep)
    client = api(org.rep)
    declined = client.post(f"/api/v1/invitations/{invitation.pk}/respond/", {"outcome": "declined"}, format="json")
    assert declined.status_code == 400 and "decline_reason" in declined.json()["errors"]
    assert client.post(f"/api/v1/invitations/{invitation.pk}/respond/", {"outcome": "accepted"},
                       format="json").json()["outcome"] == "accepted"
    confirmed = client.post(f"/api/v1/invitations/{invitation.pk}/confirm/", {"confirmation": "confirmed"},
                            format="json")
    assert confirmed.json()["confirmation"] == "confirmed"
    early = api(org.teammate).post(f"/api/v1/invitations/{invitation.pk}/check-in/", {}, format="json")
    assert early.status_code == 400 and "checked_in_at" in early.json()["errors"]
    time_machine.move_to(at("2026-03-20 13:50"), tick=False)
    assert api(org.teammate).post(f"/api/v1/invitations/{invitation.pk}/check-in/", {},
                                  format="json").status_code == 200
    assert api(org.teammate).post(f"/api/v1/invitations/{invitation.pk}/check-in/", {},
                                  format="json").status_code == 409
    assert api(org.rep2).post(f"/api/v1/invitations/{invitation.pk}/check-in/", {}, format="json").status_code == 404


def test_report_fields(org, api, event):
    QuotaFactory(event=event, employee=org.rep, quota=2)
    InvitationFactory(event=event, inviter=org.rep, outcome="accepted", checked_in_at=event.starts_at)
    response = api(org.sup1).get(f"/api/v1/events/{event.pk}/report/")
    assert response.status_code == 200
    body = response.json()
    assert {"invited", "accepted", "declined", "no_answer", "confirmed", "attended", "walk_ins", "acceptance_rate",
            "attendance_rate", "conversion_rate", "revenue", "cost", "cost_per_attendee", "roi",
            "declined_by_reason", "by_rep"} <= set(body)
    assert body["acceptance_rate"] == "100.00" and body["revenue"] == "0.00" and body["roi"] is None
    assert api(org.rep).get(f"/api/v1/events/{event.pk}/report/").status_code == 403
    assert api(org.rep3).get(f"/api/v1/events/{event.pk}/report/").status_code == 404


@pytest.mark.parametrize("bad", ["abc", "99999999999999999999", "1\x00"])
def test_bad_ids_are_not_500(org, api, event, bad):
    response = api(org.sup1).post(f"/api/v1/invitations/{bad}/check-in/", {}, format="json")
    assert response.status_code in (400, 404)


def test_patch_event_resplits_quotas_and_keeps_the_unit(org, api, event):
    response = api(org.sup1).patch(f"/api/v1/events/{event.pk}/", {"target_attendance": 6, "org_unit": org.east2.pk},
                                   format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["org_unit"] == org.east1.pk
    assert api(org.sup1).get(f"/api/v1/events/{event.pk}/quotas/").json() == {str(org.rep.pk): 3,
                                                                             str(org.teammate.pk): 3}
    assert api(org.rep).patch(f"/api/v1/events/{event.pk}/", {"title": "x"}, format="json").status_code == 403


def test_walk_in_through_the_api(org, api, event, time_machine):
    time_machine.move_to(at("2026-03-20 14:10"), tick=False)
    response = api(org.teammate).post(f"/api/v1/events/{event.pk}/walk-in/", {"name": "Door Co"}, format="json")
    assert response.status_code == 201 and response.json()["walk_in"] is True
    assert api(org.teammate).post(f"/api/v1/events/{event.pk}/walk-in/", {"name": ""},
                                  format="json").status_code == 400

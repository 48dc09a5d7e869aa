import pytest

from events.tests.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db

EVENT = {"title": "Seminar", "starts_at": "2026-03-20T14:00:00+08:00", "ends_at": "2026-03-20T17:00:00+08:00",
         "capacity": 40, "target_attendance": 5}


@pytest.mark.parametrize("change", [
    {"title": "bad\x00title"}, {"capacity": 10**12}, {"target_attendance": 41}, {"starts_at": "0001-01-01T00:00:00+08:00"},
    {"starts_at": "9999-12-31T23:59:00-12:00"}, {"ends_at": "not a date"}, {"follow_up_window_days": -1},
    {"title": ""}, {"invitation_deadline": "2026-03-21T10:00:00+08:00"}, {"org_unit": 10**15}, {"org_unit": "x"},
])
def test_bad_event_input_is_400(org, api, frozen, change):
    response = api(org.sup1).post("/api/v1/events/", {**EVENT, "org_unit": org.east1.pk, **change}, format="json")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("quotas", [{"²": 1}, {"abc": "x"}, {"1": [1]}, {"1": 1.5}, {"1": None}, {"9" * 40: 1},
                                    {str(10): "²"}])
def test_bad_quotas_are_400(org, api, frozen, quotas):
    event = EventFactory(org_unit=org.east1)
    assert api(org.sup1).put(f"/api/v1/events/{event.pk}/quotas/", quotas, format="json").status_code == 400


@pytest.mark.parametrize("payload", [{"outcome": "maybe"}, {"outcome": "declined", "decline_reason": "x" * 500},
                                     {"outcome": "declined", "decline_reason": "price", "decline_note": "a\x01"},
                                     {"outcome": ["accepted"]}])
def test_bad_answers_are_400(org, api, frozen, payload):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep)
    assert api(org.rep).post(f"/api/v1/invitations/{invitation.pk}/respond/", payload,
                             format="json").status_code == 400


def test_bad_invitation_input_is_400(org, api, frozen):
    event = EventFactory(org_unit=org.east1)
    for payload in ({"event": event.pk, "customer": "x", "channel": "phone"},
                    {"event": 10**15, "customer": 1, "channel": "phone"},
                    {"event": event.pk, "customer": 1, "channel": "pigeon"}):
        assert api(org.rep).post("/api/v1/invitations/", payload, format="json").status_code == 400

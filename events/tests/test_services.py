from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.models import Notification
from customers.models import Customer, CustomerSource, FollowUp
from customers.tests.factories import ContractFactory, CustomerFactory
from events import reports, services
from events.costs import register_cost_source, unregister_cost_source
from events.models import Confirmation, EventStatus, EventTransition, Invitation, InvitationQuota, Outcome
from events.tests.factories import EventFactory, InvitationFactory, QuotaFactory, at
from teams.models import Role
from teams.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _create(org, actor=None, **overrides):
    values = {"org_unit": org.east1, "title": "Spring seminar", "starts_at": at("2026-03-20 14:00"),
              "ends_at": at("2026-03-20 17:00"), "capacity": 40, "target_attendance": 5} | overrides
    return services.event_create(actor=(actor or org.sup1).user, **values)


# --- events and quotas


def test_create_splits_the_target_among_the_units_reps(org, frozen):
    event = _create(org)
    assert event.status == EventStatus.PLANNED
    assert event.invitation_deadline == at("2026-03-19 14:00")
    assert dict(InvitationQuota.objects.filter(event=event).values_list("employee__number", "quota")) == {
        "R0001": 3, "R0002": 2}


def test_an_event_ending_before_it_starts_is_refused_naming_the_field(org, frozen):
    with pytest.raises(ValidationError) as exc:
        _create(org, ends_at=at("2026-03-20 13:00"))
    assert "ends_at" in exc.value.message_dict
    assert not Invitation.objects.exists() and not InvitationQuota.objects.exists()


def test_a_supervisor_cannot_organise_for_another_team(org, frozen):
    with pytest.raises(ValidationError) as exc:
        _create(org, org_unit=org.east2)
    assert "org_unit" in exc.value.message_dict


def test_a_rep_may_not_create_events(org, frozen):
    with pytest.raises(NotAllowed):
        _create(org, actor=org.rep)


def test_manager_organises_for_a_team_below(org, frozen):
    assert _create(org, actor=org.manager, org_unit=org.east2).org_unit == org.east2


def test_quotas_by_hand_must_sum_to_the_target(org, frozen):
    event = _create(org)
    with pytest.raises(ValidationError) as exc:
        services.quotas_set(event=event, actor=org.sup1.user, quotas={org.rep.pk: 4, org.teammate.pk: 2})
    assert "quotas" in exc.value.message_dict
    services.quotas_set(event=event, actor=org.sup1.user, quotas={str(org.rep.pk): 5})
    assert dict(event.quotas.values_list("employee_id", "quota")) == {org.rep.pk: 5, org.teammate.pk: 0}
    event.refresh_from_db()
    assert event.quotas_by_hand


def test_quotas_refuse_someone_outside_the_unit(org, frozen):
    event = _create(org)
    with pytest.raises(ValidationError):
        services.quotas_set(event=event, actor=org.sup1.user, quotas={org.rep2.pk: 5})


def test_a_new_target_resplits(org, frozen):
    event = _create(org)
    services.event_update(actor=org.sup1.user, event=event, target_attendance=8)
    assert sorted(event.quotas.values_list("quota", flat=True)) == [4, 4]


def test_wrong_transition_is_a_conflict_and_recorded_moves_are(org, frozen):
    event = _create(org)
    with pytest.raises(Conflict):
        services.event_close(actor=org.sup1.user, event=event)
    services.event_open_invitations(actor=org.sup1.user, event=event)
    assert list(EventTransition.objects.values_list("from_status", "to_status")) == [("planned", "inviting")]


def test_an_event_is_not_held_before_it_starts(org, frozen):
    event = EventFactory(org_unit=org.east1)
    with pytest.raises(Conflict):
        services.event_hold(actor=org.sup1.user, event=event)


def test_cancel_needs_a_reason_and_notifies_every_inviter_once(org, frozen):
    event = EventFactory(org_unit=org.east1)
    QuotaFactory(event=event, employee=org.teammate, quota=2)
    InvitationFactory(event=event, inviter=org.rep)
    InvitationFactory(event=event, inviter=org.rep)
    with pytest.raises(ValidationError):
        services.event_cancel(actor=org.sup1.user, event=event, reason=" ")
    services.event_cancel(actor=org.sup1.user, event=event, reason="Venue flooded")
    assert sorted(Notification.objects.filter(kind="event_cancelled").values_list("recipient__username", flat=True)) \
        == ["rep", "teammate"]
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancel_reason == "Venue flooded"


# --- invitations


def test_invite_a_visible_customer(org, frozen):
    event = EventFactory(org_unit=org.east1)
    customer = CustomerFactory(owner=org.rep)
    invitation = services.invitation_create(actor=org.rep.user, event=event, customer=customer, channel="phone")
    assert invitation.inviter == org.rep and len(invitation.short_code) == 6


def test_inviting_twice_is_refused(org, frozen):
    event = EventFactory(org_unit=org.east1)
    customer = CustomerFactory(owner=org.rep)
    services.invitation_create(actor=org.rep.user, event=event, customer=customer, channel="phone")
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(actor=org.sup1.user, event=event, customer=customer, channel="sms")
    assert "customer" in exc.value.message_dict
    assert Invitation.objects.count() == 1


def test_inviting_a_customer_outside_scope_is_refused(org, frozen):
    event = EventFactory(org_unit=org.east)
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(actor=org.rep.user, event=event, customer=CustomerFactory(owner=org.teammate),
                                   channel="phone")
    assert "customer" in exc.value.message_dict


def test_no_invitation_after_the_deadline(org, time_machine):
    event = EventFactory(org_unit=org.east1)
    time_machine.move_to(event.invitation_deadline + timedelta(minutes=1), tick=False)
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(actor=org.rep.user, event=event, customer=CustomerFactory(owner=org.rep),
                                   channel="phone")
    assert "event" in exc.value.message_dict


def test_hr_may_not_invite(org, frozen):
    with pytest.raises(NotAllowed):
        services.invitation_create(actor=org.hr.user, event=EventFactory(org_unit=org.east1),
                                   customer=CustomerFactory(owner=org.rep), channel="phone")


def test_declining_needs_a_reason(org, frozen):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep)
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(actor=org.rep.user, invitation=invitation, outcome="declined")
    assert "decline_reason" in exc.value.message_dict
    invitation.refresh_from_db()
    assert invitation.outcome == Outcome.PENDING
    services.invitation_respond(actor=org.rep.user, invitation=invitation, outcome="declined",
                                decline_reason="price", decline_note="Too dear")
    invitation.refresh_from_db()
    assert invitation.decline_reason.code == "price" and invitation.decline_note == "Too dear"


def test_respond_can_log_a_follow_up_on_the_timeline(org, frozen):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep)
    services.invitation_respond(actor=org.rep.user, invitation=invitation, outcome="accepted", log_follow_up=True)
    followup = FollowUp.objects.get(customer=invitation.customer)
    assert followup.channel == "phone" and "Seminar" in followup.content


def test_confirmation_records_who_and_when_and_needs_acceptance(org, frozen):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep)
    with pytest.raises(Conflict):
        services.invitation_confirm(actor=org.rep.user, invitation=invitation, confirmation="confirmed")
    services.invitation_respond(actor=org.rep.user, invitation=invitation, outcome="accepted")
    services.invitation_confirm(actor=org.rep.user, invitation=invitation, confirmation="confirmed")
    invitation.refresh_from_db()
    assert invitation.confirmation == Confirmation.CONFIRMED
    assert invitation.confirmed_by == org.rep.user and invitation.confirmed_at == at("2026-03-10 10:00")


# --- check-in


@pytest.fixture
def event_day(time_machine):
    time_machine.move_to(at("2026-03-20 13:30"), tick=False)


def test_check_in_one_tap_on_the_day(org, event_day):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep, outcome="accepted")
    services.invitation_check_in(actor=org.teammate.user, invitation=invitation, gift_given=True)
    invitation.refresh_from_db()
    assert invitation.checked_in_at == at("2026-03-20 13:30") and invitation.checked_in_by == org.teammate.user
    assert invitation.gift_given


def test_check_in_twice_is_a_conflict(org, event_day):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep, outcome="accepted")
    services.invitation_check_in(actor=org.rep.user, invitation=invitation)
    with pytest.raises(Conflict):
        services.invitation_check_in(actor=org.rep.user, invitation=invitation)


def test_a_declined_guest_is_not_checked_in(org, event_day):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep, outcome="declined",
                                   decline_reason_id=_reason("no_time"))
    with pytest.raises(Conflict):
        services.invitation_check_in(actor=org.rep.user, invitation=invitation)


def test_no_check_in_before_the_event_day(org, time_machine):
    time_machine.move_to(at("2026-03-19 21:00"), tick=False)  # 3 h before the day, margin 2 h
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep, outcome="accepted")
    with pytest.raises(ApplicationError) as exc:
        services.invitation_check_in(actor=org.rep.user, invitation=invitation)
    assert exc.value.field == "checked_in_at"
    time_machine.move_to(at("2026-03-19 22:30"), tick=False)  # inside the margin
    services.invitation_check_in(actor=org.rep.user, invitation=invitation)


def test_only_staff_of_the_organising_unit_work_the_door(org, event_day):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep, outcome="accepted")
    with pytest.raises(NotAllowed):
        services.invitation_check_in(actor=org.rep2.user, invitation=invitation)
    assert services.may_work_the_door(actor=org.manager.user, event=invitation.event)


def test_walk_in_creates_exactly_one_prospect(org, event_day):
    event = EventFactory(org_unit=org.east1)
    invitation = services.walk_in_register(actor=org.teammate.user, event=event, name="Walk-in Trading",
                                           contact_phone="13900001111")
    customer = Customer.objects.get(name="Walk-in Trading")
    assert customer.owner == org.teammate and customer.source == CustomerSource.EVENT
    assert invitation.walk_in and invitation.checked_in_at and invitation.customer == customer
    with pytest.raises(ValidationError):
        services.walk_in_register(actor=org.teammate.user, event=event, name="Walk-in Trading")
    assert Customer.objects.filter(name="Walk-in Trading").count() == 1
    assert Invitation.objects.filter(walk_in=True).count() == 1


def _reason(code):
    from events.models import DeclineReason

    return DeclineReason.objects.get(code=code).pk


# --- after the event


def test_holding_brings_attendees_follow_up_forward(org, time_machine):
    event = EventFactory(org_unit=org.east1, starts_at=at("2026-03-20 14:00"))  # a Friday
    came = InvitationFactory(event=event, inviter=org.rep, outcome="accepted", checked_in_at=event.starts_at)
    stayed = InvitationFactory(event=event, inviter=org.rep, outcome="accepted")
    time_machine.move_to(at("2026-03-20 18:00"), tick=False)
    services.event_hold(actor=org.sup1.user, event=event)
    came.customer.refresh_from_db()
    stayed.customer.refresh_from_db()
    assert str(came.customer.next_follow_up_on) == "2026-03-24"  # two working days after Friday
    assert stayed.customer.next_follow_up_on is None


# --- report


def test_report_funnel_conversion_and_cost(org, frozen):
    event = EventFactory(org_unit=org.east1, status=EventStatus.HELD, starts_at=at("2026-03-01 14:00"))
    QuotaFactory(event=event, employee=org.rep, quota=3)
    came = InvitationFactory(event=event, inviter=org.rep, outcome="accepted", confirmation="confirmed",
                             checked_in_at=event.starts_at)
    InvitationFactory(event=event, inviter=org.rep, outcome="declined", decline_reason_id=_reason("price"))
    InvitationFactory(event=event, inviter=org.teammate, outcome="no_answer")
    InvitationFactory(event=event, inviter=org.teammate, walk_in=True, outcome="accepted",
                      checked_in_at=event.starts_at)
    ContractFactory(customer=came.customer, owner=org.rep, amount=Decimal("10000"), signed_on=date(2026, 3, 31))
    ContractFactory(customer=came.customer, owner=org.rep, amount=Decimal("99999"), signed_on=date(2026, 4, 1))

    def cost(*, event_ids):
        return {event.pk: Decimal("400")}

    register_cost_source(cost)
    try:
        report = reports.event_report(event=event)
    finally:
        unregister_cost_source(cost)
    assert (report["invited"], report["accepted"], report["declined"], report["no_answer"], report["confirmed"],
            report["attended"], report["walk_ins"]) == (3, 1, 1, 1, 1, 2, 1)
    assert report["acceptance_rate"] == Decimal("33.33")
    assert report["attendance_rate"] == Decimal("100.00")
    assert report["conversion_rate"] == Decimal("50.00")
    assert report["revenue"] == Decimal("10000.00")
    assert report["cost"] == Decimal("400.00") and report["cost_per_attendee"] == Decimal("200.00")
    assert report["roi"] == Decimal("25.00")
    assert report["declined_by_reason"] == {"price": 1}
    rep_row = next(row for row in report["by_rep"] if row["employee"] == org.rep.pk)
    assert rep_row["quota"] == 3 and rep_row["signed"] == 1 and rep_row["revenue"] == Decimal("10000.00")


def test_report_of_an_empty_event_has_empty_rates(org, frozen):
    report = reports.event_report(event=EventFactory(org_unit=org.east1))
    assert report["attended"] == 0 and report["roi"] is None and report["acceptance_rate"] is None


def test_report_query_count_does_not_grow_with_guests(org, frozen, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure(guests):
        event = EventFactory(org_unit=org.east1, status=EventStatus.HELD, starts_at=at("2026-03-01 14:00"))
        extra = EmployeeFactory(role=Role.REP, org_unit=org.east1)
        for index in range(guests):
            InvitationFactory(event=event, inviter=extra if index % 2 else org.rep, outcome="accepted",
                              checked_in_at=event.starts_at)
        with CaptureQueriesContext(connection) as ctx:
            reports.event_report(event=event)
        return len(ctx)

    assert measure(3) == measure(12)


def test_check_in_can_log_the_attendance_on_the_timeline(org, event_day):
    invitation = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep, outcome="accepted")
    services.invitation_check_in(actor=org.rep.user, invitation=invitation, log_follow_up=True)
    assert FollowUp.objects.get(customer=invitation.customer).channel == "meeting"


def test_one_invitation_per_customer_per_event_is_a_database_constraint(org, frozen):
    from django.db import IntegrityError, transaction

    first = InvitationFactory(event=EventFactory(org_unit=org.east1), inviter=org.rep)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(event=first.event, customer=first.customer, inviter=org.rep)

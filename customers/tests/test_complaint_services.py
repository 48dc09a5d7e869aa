"""Complaint services (SPEC §16.1): logging, SLA due times in working days, the state machine,
bad input and who may act."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.exceptions import Conflict, NotAllowed, NotFound
from common.models import CalendarDay, Notification
from customers.models import ComplaintSla, ComplaintStatus
from customers.services import (
    complaint_assign,
    complaint_close,
    complaint_create,
    complaint_reopen,
    complaint_resolve,
    complaint_start,
    customer_reassign,
)
from customers.services.complaints import complaint_due_times, may_act, may_assign
from customers.tests.factories import ComplaintFactory, CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def log(actor, customer, **changes):
    values = {"received_at": at("2026-03-10 09:00"), "channel": "phone", "category": "delivery",
              "severity": "normal", "description": "Late delivery."} | changes
    return complaint_create(actor=actor, customer=customer, **values)


def test_a_complaint_on_friday_is_due_after_the_weekend():
    response, resolution = complaint_due_times(received_at=at("2026-03-06 10:30"), severity="normal")
    assert response == at("2026-03-09 10:30")  # Monday
    assert resolution == at("2026-03-13 10:30")  # five working days: Mon–Fri


def test_a_holiday_pushes_the_due_times_by_a_day():
    CalendarDay.objects.create(day=date(2026, 3, 9), is_working_day=False, name="Holiday")
    response, resolution = complaint_due_times(received_at=at("2026-03-06 10:30"), severity="high")
    assert response == at("2026-03-10 10:30")
    assert resolution == at("2026-03-11 10:30")


def test_a_make_up_saturday_counts_as_a_working_day():
    CalendarDay.objects.create(day=date(2026, 3, 7), is_working_day=True, name="Make-up day")
    response, _resolution = complaint_due_times(received_at=at("2026-03-06 10:30"), severity="critical")
    assert response == at("2026-03-07 10:30")


def test_the_sla_rows_are_configurable():
    ComplaintSla.objects.filter(severity="critical").update(response_working_days=2, resolution_working_days=3)
    response, resolution = complaint_due_times(received_at=at("2026-03-10 08:00"), severity="critical")
    assert (response, resolution) == (at("2026-03-12 08:00"), at("2026-03-13 08:00"))


def test_logging_attributes_the_owner_on_the_received_date_and_hands_it_to_them(org):
    customer = CustomerFactory(owner=org.rep)
    complaint = log(org.rep.user, customer, received_at=at("2026-03-01 09:00"))
    customer_reassign(actor=org.sup1.user, customer=customer, new_owner=org.teammate, reason="Leave")
    later = log(org.sup1.user, customer)
    assert (complaint.owner, complaint.handler, complaint.status) == (org.rep, org.rep, "open")
    assert (later.owner, later.handler) == (org.teammate, org.teammate)
    assert list(complaint.transitions.values_list("action", "to_status")) == [("log", "open")]


def test_a_complaint_for_a_customer_outside_scope_is_a_400_on_customer(org):
    with pytest.raises(ValidationError) as exc:
        log(org.rep.user, CustomerFactory(owner=org.rep2))
    assert "customer" in exc.value.error_dict


@pytest.mark.parametrize(("field", "value"), [
    ("description", "  "), ("severity", "urgent"), ("channel", "fax"), ("category", None),
    ("received_at", "2026-03-01"), ("description", "bad\x00text"),
])
def test_bad_input_names_the_field_and_saves_nothing(org, field, value):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(ValidationError) as exc:
        log(org.rep.user, customer, **{field: value})
    assert field in exc.value.error_dict
    assert not customer.complaints.exists()


def test_a_complaint_received_in_the_future_is_refused(org):
    with pytest.raises(ValidationError) as exc:
        log(org.rep.user, CustomerFactory(owner=org.rep), received_at=at("2026-03-10 10:01"))
    assert "received_at" in exc.value.error_dict


@pytest.mark.parametrize("who", ["hr", "finance"])
def test_hr_and_finance_may_not_log_complaints(org, who):
    with pytest.raises(NotAllowed):
        log(getattr(org, who).user, CustomerFactory(owner=org.rep))


def test_the_full_life_of_a_complaint_is_recorded_step_by_step(org):
    complaint = log(org.rep.user, CustomerFactory(owner=org.rep))
    complaint = complaint_start(actor=org.rep.user, complaint=complaint)
    assert complaint.responded_at == timezone.now()
    complaint = complaint_resolve(actor=org.rep.user, complaint=complaint, resolution="Redelivered.")
    complaint = complaint_reopen(actor=org.rep.user, complaint=complaint, reason="Still broken")
    assert complaint.resolved_at is None
    complaint = complaint_start(actor=org.rep.user, complaint=complaint)
    complaint = complaint_resolve(actor=org.rep.user, complaint=complaint, resolution="Replaced.")
    complaint = complaint_close(actor=org.rep.user, complaint=complaint, confirmation="Customer confirmed by phone.")
    assert complaint.status == ComplaintStatus.CLOSED and complaint.closed_at is not None
    assert list(complaint.transitions.values_list("from_status", "to_status")) == [
        ("", "open"), ("open", "in_progress"), ("in_progress", "resolved"), ("resolved", "reopened"),
        ("reopened", "in_progress"), ("in_progress", "resolved"), ("resolved", "closed")]


def test_resolving_without_a_resolution_is_a_400_and_changes_nothing(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), status=ComplaintStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        complaint_resolve(actor=org.rep.user, complaint=complaint, resolution=" ")
    assert "resolution" in exc.value.error_dict
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS and not complaint.transitions.exists()


def test_closing_without_the_customers_confirmation_is_a_400(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), status=ComplaintStatus.RESOLVED,
                                 resolution="Done")
    with pytest.raises(ValidationError) as exc:
        complaint_close(actor=org.rep.user, complaint=complaint, confirmation="")
    assert "confirmation" in exc.value.error_dict


@pytest.mark.parametrize(("status", "service", "kwargs"), [
    ("open", complaint_close, {"confirmation": "ok"}),
    ("open", complaint_resolve, {"resolution": "ok"}),
    ("in_progress", complaint_start, {}),
    ("closed", complaint_reopen, {}),
    ("open", complaint_reopen, {}),
])
def test_wrong_transitions_are_a_409(org, status, service, kwargs):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), status=status, resolution="x",
                                 confirmation="x")
    with pytest.raises(Conflict):
        service(actor=org.rep.user, complaint=complaint, **kwargs)


def test_a_teammate_who_is_not_the_handler_may_not_act(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    with pytest.raises(NotFound):
        complaint_start(actor=org.teammate.user, complaint=complaint)


def test_the_supervisor_may_act_and_another_teams_supervisor_gets_404(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    assert may_act(org.sup1.user, complaint, "start")
    with pytest.raises(NotFound):
        complaint_start(actor=org.sup2.user, complaint=complaint)
    complaint_start(actor=org.sup1.user, complaint=complaint)


def test_a_supervisor_assigns_a_handler_who_then_sees_and_acts(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    complaint = complaint_assign(actor=org.sup1.user, complaint=complaint, handler=org.teammate)
    assert complaint.handler == org.teammate
    assert Notification.objects.filter(recipient=org.teammate.user, kind="complaint_assigned").count() == 1
    complaint_start(actor=org.teammate.user, complaint=complaint)
    assert list(complaint.transitions.values_list("action", flat=True)) == ["assign", "start"]


def test_a_rep_may_not_assign(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    assert not may_assign(org.rep.user, complaint)
    with pytest.raises(NotAllowed):
        complaint_assign(actor=org.rep.user, complaint=complaint, handler=org.teammate)


def test_a_handler_outside_the_assigners_scope_is_a_400_on_handler(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    with pytest.raises(ValidationError) as exc:
        complaint_assign(actor=org.sup1.user, complaint=complaint, handler=org.rep2)
    assert "handler" in exc.value.error_dict


def test_a_resolved_complaint_cannot_be_reassigned(org):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), status="resolved", resolution="x")
    with pytest.raises(Conflict):
        complaint_assign(actor=org.sup1.user, complaint=complaint, handler=org.teammate)

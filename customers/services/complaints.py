"""Complaints (SPEC §16.1): logging one (owner attributed on the received date, handler the
owner unless a supervisor or above assigns someone), the state machine — one service per
transition, each `select_for_update` on the complaint and one `ComplaintTransition` per step —
and the SLA due times in working days per severity.

    open ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
                         ▲                       │
    reopened ──start─────┘          ◀──reopen────┘
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import actor_or_none
from common.calendar import working_days
from common.exceptions import Conflict, NotAllowed
from common.notifications import notify
from common.phrases import phrase
from common.transitions import Transition
from customers import phrases
from customers.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintSla,
    ComplaintStatus,
    ComplaintTransition,
    Customer,
    Severity,
)
from customers.models.complaints import UNRESOLVED_STATUSES
from customers.rules import sla_due_at
from customers.selectors.access import ensure_visible
from customers.selectors.customers import customer_owner_on
from customers.services._bounds import check_clean_text, check_plausible_date
from customers.services.customers import SALES_ROLES, SUPERVISING_ROLES, ensure_customer_visible
from teams.scoping import acting_employee, assignable_owners, require_role, scope_for

#: action → its row (`common.transitions`): the statuses it may start from, the status it leads to,
#: the participle a refusal names ("it cannot be resolved").
TRANSITIONS = {
    "start": Transition((ComplaintStatus.OPEN, ComplaintStatus.REOPENED), ComplaintStatus.IN_PROGRESS,
                        gettext_lazy("started")),
    "resolve": Transition((ComplaintStatus.IN_PROGRESS,), ComplaintStatus.RESOLVED, gettext_lazy("resolved")),
    "close": Transition((ComplaintStatus.RESOLVED,), ComplaintStatus.CLOSED, gettext_lazy("closed")),
    "reopen": Transition((ComplaintStatus.RESOLVED,), ComplaintStatus.REOPENED, gettext_lazy("reopened")),
}
TEXT_LIMIT = 5000


def complaint_due_times(*, received_at: datetime, severity: str) -> tuple[datetime, datetime]:
    """(first response due, resolution due): the received local time of day, N working days
    later (weekends and holidays skipped, make-up days counted: `common.calendar`). One query."""
    sla = ComplaintSla.for_severity(severity)
    local = timezone.localtime(received_at)
    longest = max(sla.response_working_days, sla.resolution_working_days)
    start = local.date()
    following = working_days(start + timedelta(days=1), start + timedelta(days=longest * 3 + 30))
    return tuple(timezone.localtime(sla_due_at(local, working_days=days, workdays_after=following))
                 for days in (sla.response_working_days, sla.resolution_working_days))


def _record(complaint: Complaint, *, action: str, old: str, actor, note: str = "") -> None:
    ComplaintTransition.objects.create(complaint=complaint, action=action, from_status=old,
                                       to_status=complaint.status, note=note, actor=actor_or_none(actor),
                                       at=timezone.now())


def _text(errors: dict, field: str, value, *, required_message=None) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if not isinstance(value, str):
        errors[field] = _("Enter text.")
        return ""
    if required_message and not value:
        errors[field] = required_message
    elif len(value) > TEXT_LIMIT:
        errors[field] = _("At most %(limit)d characters.") % {"limit": TEXT_LIMIT}
    check_clean_text(errors, {field: value})
    return value


def may_log(actor) -> bool:
    """Salespeople log complaints (HR, finance: never)."""
    scope = scope_for(actor)
    return scope.everything or scope.acting_role in SALES_ROLES


@transaction.atomic
def complaint_create(*, actor, customer: Customer | None, received_at: datetime | None, channel: str,
                     category: str, severity: str, description: str) -> Complaint:
    """Log a complaint against a customer the actor sees (salespeople only; an out-of-scope
    customer is a 400 on `customer`): attributed to the owner on the received date, handled by
    that owner, due times from the severity's SLA."""
    if not may_log(actor):
        raise NotAllowed(_("Only salespeople log complaints."))
    errors = {}
    if customer is None:
        errors["customer"] = _("Choose a customer.")
    else:
        ensure_customer_visible(user=actor, customer=customer, field="customer")
    now = timezone.now()
    if not isinstance(received_at, datetime):
        errors["received_at"] = _("Give the date and time the complaint was received.")
    if isinstance(received_at, datetime) and "received_at" not in errors:
        # The year first: making a year-1 time aware overflows.
        check_plausible_date(errors, received_at, field="received_at")
    if isinstance(received_at, datetime) and "received_at" not in errors:
        # Aware and in local time (an offset the database cannot store becomes the same instant).
        received_at = timezone.make_aware(received_at) if timezone.is_naive(received_at) else timezone.localtime(
            received_at)
        if received_at > now:
            errors["received_at"] = _("A complaint cannot be received in the future.")
    for field, value, choices in (("channel", channel, ComplaintChannel), ("category", category, ComplaintCategory),
                                  ("severity", severity, Severity)):
        if value not in choices.values:
            errors[field] = _("Choose one of the listed values.")
    description = _text(errors, "description", description, required_message=_("Describe the complaint."))
    if errors:
        raise ValidationError(errors)
    customer = Customer.objects.select_related("owner").get(pk=customer.pk)
    owner = customer_owner_on(customer=customer, day=timezone.localdate(received_at))
    response_due, resolution_due = complaint_due_times(received_at=received_at, severity=severity)
    complaint = Complaint.objects.create(
        customer=customer, received_at=received_at, channel=channel, category=category, severity=severity,
        description=description, owner=owner, handler=owner, response_due_at=response_due,
        resolution_due_at=resolution_due, created_by=actor_or_none(actor),
    )
    _record(complaint, action="log", old="", actor=actor)
    return complaint


def _locked(complaint: Complaint, actor) -> Complaint:
    ensure_visible(complaint, actor)
    return Complaint.objects.select_for_update().select_related("customer", "handler").get(pk=complaint.pk)


def may_assign(actor, complaint: Complaint | None = None) -> bool:
    """A supervisor or above (who sees the complaint), while it is still to be resolved; without
    a complaint, whether the role may assign at all."""
    scope = scope_for(actor)
    allowed = scope.acting_role in SUPERVISING_ROLES or scope.everything
    return allowed and (complaint is None or complaint.status in UNRESOLVED_STATUSES)


def ensure_may_assign(actor) -> None:
    """403 for a role that may never assign a handler (asked before the input is read)."""
    if not may_assign(actor):
        raise NotAllowed(_("Only a supervisor or above may assign a handler."))


def may_act(actor, complaint: Complaint, action: str) -> bool:
    """Whether the actor may take `action` now: the state allows it, and the actor is the handler
    or a supervisor or above who sees the complaint."""
    if not TRANSITIONS[action].leaves_from(complaint.status):
        return False
    scope = scope_for(actor)
    if scope.everything or scope.acting_role in SUPERVISING_ROLES:
        return True
    return scope.employee_id is not None and scope.employee_id == complaint.handler_id


def _ensure_may_act(actor, complaint: Complaint, action: str) -> None:
    require_role(actor, *SALES_ROLES, message=_("Your role may not handle complaints."))
    if not TRANSITIONS[action].leaves_from(complaint.status):
        raise Conflict(_("The complaint is %(status)s: it cannot be %(action)s.") % {
            "status": complaint.get_status_display().lower(), "action": TRANSITIONS[action].label})
    if not may_act(actor, complaint, action):
        raise NotAllowed(_("Only the handler or a supervisor or above may do this."))


@transaction.atomic
def complaint_assign(*, actor, complaint: Complaint, handler) -> Complaint:
    """Route the complaint to a handler (a supervisor or above; the handler an active salesperson
    in the actor's scope — otherwise a 400 on `handler`). The new handler is notified."""
    ensure_may_assign(actor)
    complaint = _locked(complaint, actor)
    if complaint.status not in UNRESOLVED_STATUSES:
        raise Conflict(_("Only a complaint still to be resolved can be assigned."))
    if handler is None or not assignable_owners(actor).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": _("Choose an active salesperson in your scope.")})
    if handler.pk == complaint.handler_id:
        return complaint
    old_name = complaint.handler.name
    complaint.handler = handler
    complaint.save(update_fields=["handler", "updated_at"])
    _record(complaint, action="assign", old=complaint.status, actor=actor,
            note=f"{old_name} → {handler.name}")
    if getattr(handler, "user", None) is not None and handler.pk != getattr(acting_employee(actor), "pk", None):
        notify(recipient=handler.user, kind="complaint_assigned",
               message=phrase(phrases.COMPLAINT_ASSIGNED, number=str(complaint.pk), customer=complaint.customer.name,
                              due=timezone.localtime(complaint.resolution_due_at).strftime("%Y-%m-%d %H:%M")),
               dedupe_key=f"complaint-assigned:{complaint.pk}:{handler.pk}:{timezone.now().isoformat()}",
               link=reverse("customers:complaint-detail", args=[complaint.pk]))
    return complaint


def _move(*, actor, complaint: Complaint, action: str, validate=None) -> Complaint:
    """Lock the row, check the state (409) and the actor (403), then `validate(errors)` → the
    fields to set and the step's note (400 naming each bad field), then move and record."""
    complaint = _locked(complaint, actor)
    _ensure_may_act(actor, complaint, action)
    errors: dict = {}
    changes, note = validate(errors) if validate else ({}, "")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if action == "start" and complaint.responded_at is None:
        changes["responded_at"] = now  # the first start is the first response (its SLA)
    for field, value in changes.items():
        setattr(complaint, field, now if value is _NOW else value)
    old = complaint.status
    complaint.status = TRANSITIONS[action].target
    complaint.save(update_fields=["status", *changes, "updated_at"])
    _record(complaint, action=action, old=old, actor=actor, note=note)
    return complaint


_NOW = object()


@transaction.atomic
def complaint_start(*, actor, complaint: Complaint) -> Complaint:
    """open or reopened → in progress; the first start is the first response."""
    return _move(actor=actor, complaint=complaint, action="start")


@transaction.atomic
def complaint_resolve(*, actor, complaint: Complaint, resolution: str) -> Complaint:
    """in progress → resolved, with the resolution text (required: a 400 on `resolution`)."""
    def validate(errors):
        text = _text(errors, "resolution", resolution, required_message=_("Describe the resolution."))
        return {"resolution": text, "resolved_at": _NOW}, text

    return _move(actor=actor, complaint=complaint, action="resolve", validate=validate)


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, confirmation: str) -> Complaint:
    """resolved → closed, once the customer's confirmation is recorded (required: a 400 on
    `confirmation`)."""
    def validate(errors):
        text = _text(errors, "confirmation", confirmation,
                     required_message=_("Record how the customer confirmed the resolution."))
        return {"confirmation": text, "closed_at": _NOW}, text

    return _move(actor=actor, complaint=complaint, action="close", validate=validate)


@transaction.atomic
def complaint_reopen(*, actor, complaint: Complaint, reason: str = "") -> Complaint:
    """resolved → reopened (the customer is not satisfied); started again from there. The old
    resolution stays on record in the steps; the resolution SLA keeps its original due time."""
    def validate(errors):
        text = _text(errors, "reason", reason)
        return {"resolved_at": None}, text

    return _move(actor=actor, complaint=complaint, action="reopen", validate=validate)

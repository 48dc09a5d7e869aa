"""On-site check-in on a phone (SPEC §15.2): staff of the organising unit find an invitee by name,
phone or the invitation's short code and check them in with one tap; a walk-in becomes a new
prospect (owner: the staff member, source `event`) with a `walk_in` invitation.

Check-in opens at the start of the event's day minus the policy's margin and closes at its end plus
the margin. Staff see the event's whole guest list on this screen (name, masked phone), whoever
invited them: that is what a door needs, and nothing else of the customer is shown."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict, NotAllowed
from events.models import (
    OPEN_STATUSES,
    Channel,
    Confirmation,
    EventsPolicy,
    EventStatus,
    Invitation,
    MarketingEvent,
    Outcome,
)
from events.selectors import local_day_start
from teams.models import SALES_ROLES
from teams.scoping import acting_employee, heads_subtree_of, scope_for, unit_within

#: An event's guests may check in while it is open or held (not once closed or cancelled).
CHECK_IN_STATUSES = (*OPEN_STATUSES, EventStatus.HELD)


def may_work_the_door(*, actor, event: MarketingEvent) -> bool:
    """Staff of the organising unit (salespeople in its subtree), the heads above it, the director
    and an admin."""
    scope = scope_for(actor)
    if scope.everything:
        return True
    employee = acting_employee(actor)
    if employee is None or employee.role not in SALES_ROLES or not employee.active:
        return False
    return unit_within(employee.org_unit, event.org_unit) or heads_subtree_of(actor, event.org_unit)


def ensure_may_work_the_door(*, actor, event: MarketingEvent) -> None:
    if not may_work_the_door(actor=actor, event=event):
        raise NotAllowed(_("Only staff of the organising unit check guests in."))


def check_in_window(event: MarketingEvent, *, policy: EventsPolicy | None = None) -> tuple[datetime, datetime]:
    policy = policy or EventsPolicy.current()
    margin = timedelta(hours=policy.check_in_margin_hours)
    return local_day_start(timezone.localdate(event.starts_at)) - margin, event.ends_at + margin


def check_in_is_open(event: MarketingEvent, *, now: datetime | None = None) -> bool:
    opens, closes = check_in_window(event)
    return event.status in CHECK_IN_STATUSES and opens <= (now or timezone.now()) <= closes


def _ensure_window(event: MarketingEvent, now: datetime) -> None:
    if event.status not in CHECK_IN_STATUSES:
        raise Conflict(_("The event is %(status)s: nobody checks in.") % {"status": event.get_status_display()})
    opens, closes = check_in_window(event)
    if now < opens:
        raise ApplicationError(_("Check-in opens on the event's day (%(opens)s).") % {
            "opens": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M")}, field="checked_in_at")
    if now > closes:
        raise ApplicationError(_("Check-in closed at %(closes)s.") % {
            "closes": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")}, field="checked_in_at")


def may_check_in(*, invitation: Invitation, now: datetime | None = None) -> bool:
    return (invitation.checked_in_at is None and invitation.outcome != Outcome.DECLINED
            and check_in_is_open(invitation.event, now=now))


@transaction.atomic
def invitation_check_in(*, actor, invitation: Invitation, gift_given: bool | None = None,
                        log_follow_up: bool = False) -> Invitation:
    """One tap at the door: the guest is in. A pending or unanswered guest who came has accepted.
    `log_follow_up` also logs the attendance as a meeting on the customer's timeline (by someone
    who may see the customer: its owner or a head above them)."""
    invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("event__org_unit")
                  .get(pk=invitation.pk))
    event = invitation.event
    ensure_may_work_the_door(actor=actor, event=event)
    now = timezone.now()
    _ensure_window(event, now)
    if invitation.checked_in_at is not None:
        raise Conflict(_("Already checked in at %(at)s.") % {
            "at": timezone.localtime(invitation.checked_in_at).strftime("%H:%M")})
    if invitation.outcome == Outcome.DECLINED:
        raise Conflict(_("This guest declined the invitation; record their new answer first."))
    if invitation.outcome != Outcome.ACCEPTED:
        invitation.outcome, invitation.responded_at = Outcome.ACCEPTED, now
    invitation.checked_in_at = now
    invitation.checked_in_by = actor
    fields = ["outcome", "responded_at", "checked_in_at", "checked_in_by"]
    if gift_given is not None:
        invitation.gift_given = bool(gift_given)
        fields.append("gift_given")
    invitation.save(update_fields=fields)
    if log_follow_up:
        from customers.models import Channel as FollowUpChannel
        from events.services.invitations import log_invitation_step

        log_invitation_step(actor=actor, invitation=invitation, channel=FollowUpChannel.MEETING,
             content=_("Attended the event “%(event)s”.") % {"event": event.title},
             feedback=_("Checked in at %(time)s.") % {"time": timezone.localtime(now).strftime("%H:%M")})
    return invitation


@transaction.atomic
def invitation_set_gift(*, actor, invitation: Invitation, given: bool) -> Invitation:
    """Record whether a checked-in guest received the event's gift."""
    invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("event__org_unit")
                  .get(pk=invitation.pk))
    ensure_may_work_the_door(actor=actor, event=invitation.event)
    if invitation.checked_in_at is None:
        raise Conflict(_("A gift is given to a guest who checked in."))
    invitation.gift_given = bool(given)
    invitation.save(update_fields=["gift_given"])
    return invitation


@transaction.atomic
def walk_in_register(*, actor, event: MarketingEvent, name: str, contact_name: str = "", contact_phone: str = "",
                     gift_given: bool = False) -> Invitation:
    """A guest nobody invited: a new prospect owned by the staff member (source `event`) and a
    checked-in `walk_in` invitation — exactly one of each, or nothing when anything is refused."""
    from customers.models import CustomerSource
    from customers.services import customer_create
    from events.services.invitations import save_with_short_code

    event = MarketingEvent.objects.select_for_update().select_related("org_unit").get(pk=event.pk)
    ensure_may_work_the_door(actor=actor, event=event)
    now = timezone.now()
    _ensure_window(event, now)
    staff = acting_employee(actor)
    if staff is None:
        raise NotAllowed(_("A walk-in is registered by a salesperson (the new prospect's owner)."))
    customer = customer_create(actor=actor, name=name or "", owner=staff, source=CustomerSource.EVENT,
                               contact_name=contact_name or "", contact_phone=contact_phone or "")
    if Invitation.objects.filter(event=event, customer=customer).exists():  # pragma: no cover - a new customer
        raise ValidationError({"name": _("This customer is already invited to this event.")})
    return save_with_short_code(lambda code: Invitation(
        event=event, customer=customer, inviter=staff, channel=Channel.VISIT, invited_at=now,
        outcome=Outcome.ACCEPTED, responded_at=now, confirmation=Confirmation.UNCONFIRMED, walk_in=True,
        checked_in_at=now, checked_in_by=actor, gift_given=bool(gift_given), short_code=code))

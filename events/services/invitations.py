"""Invitations (SPEC §15.2): inviting a customer, the outcome, the day-before confirmation, and
optionally logging each as a follow-up on the customer's timeline.

An invitation is customer data: only customers the inviter may see, at most one per customer per
event (a database constraint; a concurrent duplicate is the same 400), never after the invitation
deadline. The check-in on site is `events.services.checkin`."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.text import ensure_clean_text
from customers.models import Channel as FollowUpChannel
from customers.selectors.access import customer_visible_to
from events.models import (
    OPEN_STATUSES,
    Channel,
    Confirmation,
    DeclineReason,
    EventStatus,
    Invitation,
    MarketingEvent,
    Outcome,
)
from teams.scoping import acting_employee, scope_for

#: The follow-up channel an invitation's channel is logged under (an SMS is "other").
FOLLOW_UP_CHANNEL = {Channel.PHONE: FollowUpChannel.PHONE, Channel.SMS: FollowUpChannel.OTHER,
                     Channel.EMAIL: FollowUpChannel.EMAIL, Channel.WECHAT: FollowUpChannel.WECHAT,
                     Channel.VISIT: FollowUpChannel.VISIT}
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud at the door
SHORT_CODE_LENGTH = 6
#: Statuses in which a guest's answer and confirmation may still change.
ANSWERABLE = (*OPEN_STATUSES,)


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def may_invite(*, actor, event: MarketingEvent, now=None) -> bool:
    """Whether the user may add invitations to the event now (a salesperson, the event open and
    its deadline not passed)."""
    now = now or timezone.now()
    return (acting_employee(actor) is not None and scope_for(actor).sees_domain("customers")
            and event.status in OPEN_STATUSES and now <= event.invitation_deadline)


def save_with_short_code(build) -> Invitation:
    """Insert with a fresh short code, retrying on the (unlikely) code collision; a duplicate
    customer is the 400 of the unique constraint."""
    for _attempt in range(5):
        invitation = build(new_short_code())
        try:
            with transaction.atomic():
                invitation.save()
            return invitation
        except IntegrityError:
            if Invitation.objects.filter(event=invitation.event, customer=invitation.customer).exists():
                raise ValidationError({"customer": _("This customer is already invited to this event.")})
    raise ValidationError({"customer": _("Could not record the invitation; try again.")})


@transaction.atomic
def invitation_create(*, actor, event: MarketingEvent, customer, channel: str, log_follow_up: bool = False
                      ) -> Invitation:
    """Invite a customer the actor may see (its owner, or a head above them) to an open event
    before its deadline."""
    inviter = acting_employee(actor)
    if inviter is None or not scope_for(actor).sees_domain("customers"):
        raise NotAllowed(_("Invitations are made by salespeople."))
    errors: dict = {}
    if customer is None or not customer_visible_to(actor, customer):
        errors["customer"] = _("Unknown customer.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose a channel.")
    now = timezone.now()
    if event.status not in OPEN_STATUSES:
        raise Conflict(_("A %(status)s event takes no more invitations.") % {"status": event.get_status_display()})
    if now > event.invitation_deadline:
        errors["event"] = _("The invitation deadline (%(deadline)s) has passed.") % {
            "deadline": timezone.localtime(event.invitation_deadline).strftime("%Y-%m-%d %H:%M")}
    if not errors and Invitation.objects.filter(event=event, customer=customer).exists():
        errors["customer"] = _("This customer is already invited to this event.")
    if errors:
        raise ValidationError(errors)
    invitation = save_with_short_code(lambda code: Invitation(
        event=event, customer=customer, inviter=inviter, channel=channel, invited_at=now, short_code=code))
    if log_follow_up:
        log_invitation_step(actor=actor, invitation=invitation, content=_("Invited to the event “%(event)s”.") % {"event": event.title},
             feedback=_("Invitation made; awaiting the answer."))
    return invitation


def _lock(invitation: Invitation) -> Invitation:
    return (Invitation.objects.select_for_update(of=("self",)).select_related("event", "customer", "decline_reason")
            .get(pk=invitation.pk))


@transaction.atomic
def invitation_respond(*, actor, invitation: Invitation, outcome: str, decline_reason: str | None = None,
                       decline_note: str = "", log_follow_up: bool = False) -> Invitation:
    """Record the customer's answer: accepted, declined (a reason from the list required) or no
    answer. An answer other than accepted drops any confirmation."""
    invitation = _lock(invitation)
    errors: dict = {}
    if outcome not in (Outcome.ACCEPTED, Outcome.DECLINED, Outcome.NO_ANSWER):
        errors["outcome"] = _("Choose accepted, declined or no answer.")
    reason = None
    if outcome == Outcome.DECLINED:
        reason = DeclineReason.objects.filter(code=str(decline_reason or "")[:30], active=True).first()
        if reason is None:
            errors["decline_reason"] = _("Choose why the customer declined.")
    decline_note = (decline_note or "").strip()
    try:
        ensure_clean_text(decline_note, field="decline_note")
    except ApplicationError as exc:
        errors["decline_note"] = exc.message
    if len(decline_note) > 300:
        errors["decline_note"] = _("At most %(limit)d characters.") % {"limit": 300}
    if errors:
        raise ValidationError(errors)
    if invitation.event.status not in ANSWERABLE:
        raise Conflict(_("The event is %(status)s: its invitations can no longer be answered.") % {
            "status": invitation.event.get_status_display()})
    if invitation.checked_in_at is not None:
        raise Conflict(_("The guest has already checked in."))
    invitation.outcome = outcome
    invitation.decline_reason = reason
    invitation.decline_note = decline_note if reason else ""
    invitation.responded_at = timezone.now()
    if outcome != Outcome.ACCEPTED:
        invitation.confirmation, invitation.confirmed_at, invitation.confirmed_by = Confirmation.UNCONFIRMED, None, None
    invitation.save(update_fields=["outcome", "decline_reason", "decline_note", "responded_at", "confirmation",
                                   "confirmed_at", "confirmed_by"])
    if log_follow_up:
        log_invitation_step(actor=actor, invitation=invitation,
             content=_("Answer to the invitation to “%(event)s”: %(outcome)s.") % {
                 "event": invitation.event.title, "outcome": invitation.get_outcome_display()},
             feedback=(str(reason) + (f" — {decline_note}" if decline_note else "")) if reason
             else invitation.get_outcome_display())
    return invitation


def may_confirm(*, invitation: Invitation) -> bool:
    return (invitation.outcome == Outcome.ACCEPTED and invitation.checked_in_at is None
            and invitation.event.status in ANSWERABLE)


@transaction.atomic
def invitation_confirm(*, actor, invitation: Invitation, confirmation: str, log_follow_up: bool = False
                       ) -> Invitation:
    """Record the day-before confirmation of an accepted guest (confirmed or cancelled), with who
    and when."""
    invitation = _lock(invitation)
    if confirmation not in (Confirmation.CONFIRMED, Confirmation.CANCELLED):
        raise ValidationError({"confirmation": _("Choose confirmed or cancelled.")})
    if invitation.outcome != Outcome.ACCEPTED:
        raise Conflict(_("Only an accepted invitation is confirmed."))
    if not may_confirm(invitation=invitation):
        raise Conflict(_("This invitation can no longer be confirmed."))
    invitation.confirmation = confirmation
    invitation.confirmed_at = timezone.now()
    invitation.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    invitation.save(update_fields=["confirmation", "confirmed_at", "confirmed_by"])
    if log_follow_up:
        log_invitation_step(actor=actor, invitation=invitation,
             content=_("Attendance at “%(event)s” checked the day before: %(confirmation)s.") % {
                 "event": invitation.event.title, "confirmation": invitation.get_confirmation_display()},
             feedback=invitation.get_confirmation_display())
    return invitation


def log_invitation_step(*, actor, invitation: Invitation, content: str, feedback: str, channel: str | None = None) -> None:
    """Log the step as a follow-up on the customer's timeline (the customers service decides who may)."""
    from customers.services import followup_create

    followup_create(
        actor=actor, customer=invitation.customer, occurred_at=timezone.now(),
        channel=channel or FOLLOW_UP_CHANNEL.get(invitation.channel, FollowUpChannel.OTHER),
        content=content, feedback=feedback or "-",
        next_step=_("Meet at the event on %(day)s.") % {
            "day": timezone.localtime(invitation.event.starts_at).strftime("%Y-%m-%d")}
        if invitation.event.status != EventStatus.HELD else _("Follow up after the event."),
    )

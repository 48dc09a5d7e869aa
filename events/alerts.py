"""The daily alerts of conference marketing (SPEC §8, §15.2), discovered by `alerts.registry`.

- ``event_confirm``: the day before an event (the policy's `confirm_days_before`), each inviter with
  accepted, unconfirmed guests gets one digest line per event — keyed by event and inviter, so
  once per inviter per event, and a run after missed days still sends it while the event is ahead.
- ``event_follow_up``: an attendee whose owner logged no follow-up by the end of the event's
  follow-up window — keyed by the invitation, so once.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.registry import Item, daily_alert, register_kind
from common.phrases import phrase
from customers.models import FollowUp
from events import phrases
from events.models import OPEN_STATUSES, Confirmation, EventsPolicy, EventStatus, Invitation, Outcome
from events.selectors import local_day_start
from events.services.followups import follow_up_due_on

#: How far back the follow-up alert looks for held events (catch-up horizon).
FOLLOW_UP_HORIZON_DAYS = 45

register_kind("event_cancelled", _("Event cancelled"))


def _start_text(event) -> str:
    return timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")


@daily_alert("event_confirm", _("Event guests to confirm"), order=75,
             header=_("Events with guests to confirm: %(count)s."))
def event_confirm(today):
    days = EventsPolicy.current().confirm_days_before
    invitations = (
        Invitation.objects.filter(
            outcome=Outcome.ACCEPTED, confirmation=Confirmation.UNCONFIRMED, checked_in_at__isnull=True,
            event__status__in=OPEN_STATUSES, event__starts_at__gte=local_day_start(today),
            event__starts_at__lt=local_day_start(today + timedelta(days=days + 1)),
        ).select_related("event", "inviter__user", "customer").order_by("event__starts_at", "customer__name")
    )
    grouped = defaultdict(list)
    for invitation in invitations:
        grouped[(invitation.event, invitation.inviter)].append(invitation.customer.name)
    for (event, inviter), customers in grouped.items():
        yield Item(
            key=f"event-confirm:{event.pk}:{inviter.pk}",
            recipients=[inviter.user],
            message=phrase(phrases.TO_CONFIRM, event=event.title, start=_start_text(event), count=str(len(customers)),
                           customers=customers[:20]),
            link=reverse("events:event-detail", args=[event.pk]) + "#my-invitations",
        )


@daily_alert("event_follow_up", _("Post-event follow-up due"), order=76,
             header=_("Event attendees awaiting a follow-up: %(count)s."))
def event_follow_up(today):
    followed_up = FollowUp.objects.filter(customer_id=OuterRef("customer_id"),
                                          occurred_at__gte=OuterRef("event__starts_at"))
    invitations = (
        Invitation.objects.filter(
            checked_in_at__isnull=False, event__status__in=(EventStatus.HELD, EventStatus.CLOSED),
            event__ends_at__gte=local_day_start(today - timedelta(days=FOLLOW_UP_HORIZON_DAYS)),
            event__ends_at__lt=local_day_start(today),
        ).filter(~Exists(followed_up))
        .select_related("event", "customer__owner__user").order_by("event__starts_at", "customer__name")
    )
    due_dates: dict[int, object] = {}
    for invitation in invitations:
        event = invitation.event
        if event.pk not in due_dates:
            due_dates[event.pk] = follow_up_due_on(event=event)
        due = due_dates[event.pk]
        if due >= today:
            continue
        owner = invitation.customer.owner
        yield Item(
            key=f"event-follow-up:{invitation.pk}",
            recipients=[getattr(owner, "user", None)],
            message=phrase(phrases.FOLLOW_UP_DUE, customer=invitation.customer.name, event=event.title,
                           due=due.isoformat()),
            link=reverse("customers:customer-detail", args=[invitation.customer_id]),
        )

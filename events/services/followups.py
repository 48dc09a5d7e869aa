"""After the event (SPEC §15.2): each attendee's owner has a follow-up due within the follow-up
window — the customer's next follow-up is brought forward through the customers service, so Today
and the overdue alert show it with no wiring of their own."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from common.calendar import add_working_days
from events.models import Invitation, MarketingEvent


def follow_up_due_on(*, event: MarketingEvent) -> date:
    """The end of the event's follow-up window: its last day + the window in working days."""
    return add_working_days(timezone.localdate(event.ends_at), event.follow_up_window_days)


def attendees_follow_up_due(*, event: MarketingEvent) -> int:
    """Bring every attendee's next follow-up forward to the end of the window; how many changed."""
    from customers.services import customer_follow_up_due_by

    customer_ids = list(Invitation.objects.filter(event=event, checked_in_at__isnull=False)
                        .values_list("customer_id", flat=True))
    return customer_follow_up_due_by(customer_ids=customer_ids, due_on=follow_up_due_on(event=event))

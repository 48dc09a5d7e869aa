"""Writes and business rules of conference marketing (SPEC §15), re-exported here: events and their
state machine (`events`), quotas (`quotas`), invitations (`invitations`), the door (`checkin`) and
the post-event follow-ups (`followups`)."""

from events.services.checkin import (
    check_in_is_open,
    ensure_may_work_the_door,
    invitation_check_in,
    invitation_set_gift,
    may_check_in,
    may_work_the_door,
    walk_in_register,
)
from events.services.events import (
    TRANSITIONS,
    ensure_may_manage_event,
    ensure_may_see_report,
    event_act,
    event_cancel,
    event_close,
    event_create,
    event_defaults,
    event_hold,
    event_open_invitations,
    event_update,
    may_create_events,
    may_manage_event,
    may_move_event,
    may_organise_for,
    may_see_report,
)
from events.services.followups import attendees_follow_up_due, follow_up_due_on
from events.services.invitations import (
    invitation_confirm,
    invitation_create,
    invitation_respond,
    may_confirm,
    may_invite,
)
from events.services.quotas import quota_candidates, quotas_set, quotas_split

__all__ = [
    "TRANSITIONS", "attendees_follow_up_due", "check_in_is_open", "ensure_may_manage_event",
    "ensure_may_see_report", "ensure_may_work_the_door", "event_act", "event_cancel", "event_close", "event_create", "event_defaults",
    "event_hold", "event_open_invitations", "event_update", "follow_up_due_on", "invitation_check_in",
    "invitation_confirm", "invitation_create", "invitation_respond", "invitation_set_gift", "may_check_in",
    "may_confirm", "may_create_events", "may_invite", "may_manage_event", "may_move_event", "may_organise_for", "may_see_report",
    "may_work_the_door", "quota_candidates", "quotas_set", "quotas_split", "walk_in_register",
]

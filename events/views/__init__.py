"""Pages of conference marketing, one module per area: events, invitations, the door (check-in)
and the reports."""

from events.views.checkin import check_in, check_in_screen, gift, walk_in
from events.views.events import (
    event_cancel,
    event_create,
    event_detail,
    event_edit,
    event_list,
    event_move,
    event_quotas,
)
from events.views.invitations import invitation_confirm, invitation_create, invitation_respond
from events.views.reports import event_report, unit_report

__all__ = [
    "check_in", "check_in_screen", "event_cancel", "event_create", "event_detail", "event_edit", "event_list",
    "event_move", "event_quotas", "event_report", "gift", "invitation_confirm", "invitation_create",
    "invitation_respond", "unit_report", "walk_in",
]

"""Generated text of conference marketing, stored as phrases and rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

EVENT_CANCELLED = register(
    "events.cancelled", _("The event “%(event)s” on %(start)s is cancelled: %(reason)s. Please tell your guests."))
TO_CONFIRM = register(
    "events.to_confirm",
    _("“%(event)s” starts %(start)s: confirm your %(count)s accepted guests (%(customers)s)."))
FOLLOW_UP_DUE = register(
    "events.follow_up_due",
    _("%(customer)s attended “%(event)s”: the follow-up was due by %(due)s and none is logged."))

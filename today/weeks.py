"""The week a request asks for: `YYYY-Www`, or the running week when none is given."""

from django.utils import timezone

from today.rules import IsoWeek


def requested_week(text: str | None) -> IsoWeek:
    """The week named by `text` (400 naming `week` when it is not one), else the running week."""
    if text:
        return IsoWeek.parse(text, field="week")
    return IsoWeek.of(timezone.localdate())

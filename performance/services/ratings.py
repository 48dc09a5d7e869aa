"""The line manager's monthly rating (the `manager_rating` KPI, SPEC §4.1)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import actor_or_none
from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.locks import month_is_closed
from common.periods import Period
from performance.models import ManagerRating, Scorecard, ScorecardStatus
from teams.scoping import is_above


def _parse_rating(rating) -> int:
    try:
        value = int(str(rating).strip())
    except (TypeError, ValueError):
        raise ApplicationError(_("Give a whole number from 0 to 100."), field="rating") from None
    if str(value) != str(rating).strip().lstrip("+") or not 0 <= value <= 100:
        raise ApplicationError(_("The rating must be a whole number from 0 to 100."), field="rating")
    return value


def _rater_refusal(*, actor, employee, month: Period) -> ApplicationError | None:
    """Who may rate whom, and for which month (the checks before the value is read)."""
    if not is_above(actor, employee):
        return NotAllowed(_("Only the line manager rates a person, and never themselves."))
    if month.kind != "month":
        return ApplicationError(_("Give a month YYYY-MM."), field="month")
    if month.start > timezone.localdate():  # SPEC §13.1: a rating is not for a future month
        return ApplicationError(_("%(month)s has not started yet: rate a month that has.") % {"month": month},
                                field="month")
    return None


def ratings_locked(*, month: Period) -> bool:
    """Whether the month's ratings are locked for everyone (the month is closed)."""
    return month_is_closed(month)


def _lock_refusal(*, employee, month: Period) -> ApplicationError | None:
    if ratings_locked(month=month) or Scorecard.objects.filter(
        employee=employee, month=month.start, status=ScorecardStatus.PUBLISHED
    ).exists():
        return Conflict(_("%(month)s is closed: its ratings are locked.") % {"month": month})
    return None


def may_rate(*, actor, employee, month: Period) -> bool:
    """Whether `actor` may rate `employee` for `month` now (any valid rating)."""
    return _rater_refusal(actor=actor, employee=employee, month=month) is None and \
        _lock_refusal(employee=employee, month=month) is None


@transaction.atomic
def manager_rating_set(*, actor, employee, month: Period, rating, comment: str = "") -> ManagerRating:
    """Create or change the rating of `employee` for `month`. Only someone above the person in the
    tree (never oneself: 403); 0–100 (400 naming `rating`); not for a month that has not started
    (400 naming `month`); not for a closed month or one whose scorecard is published (409 naming
    the month). The draft scorecard picks it up at its next computation."""
    refusal = _rater_refusal(actor=actor, employee=employee, month=month)
    if refusal is not None:
        raise refusal
    value = _parse_rating(rating)
    refusal = _lock_refusal(employee=employee, month=month)
    if refusal is not None:
        raise refusal
    rating_row, _created = ManagerRating.objects.update_or_create(
        employee=employee, month=month.start,
        defaults={"rating": value, "comment": (comment or "").strip()[:500], "rated_by": actor_or_none(actor)},
    )
    return rating_row

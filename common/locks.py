"""Month locking (SPEC §3.3, §5.4): a closed month's targets, scorecards and bonus rows never change."""

from datetime import date

from django.utils.translation import gettext as _

from common.exceptions import Conflict
from common.models import ClosedMonth
from common.periods import Period


def month_is_closed(period: Period) -> bool:
    """True when the month — or, for a quarter/year, any of its months — is closed."""
    return ClosedMonth.objects.filter(month__in=[m.start for m in period.months()]).exists()


def closed_months(start: date, end: date) -> set[date]:
    return set(ClosedMonth.objects.filter(month__range=(start, end)).values_list("month", flat=True))


def ensure_month_open(period: Period) -> None:
    """Raise 409 when the period touches a closed month."""
    if month_is_closed(period):
        raise Conflict(_("%(period)s is closed: its figures are locked.") % {"period": period})

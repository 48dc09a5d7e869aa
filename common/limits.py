"""Input bounds (SPEC §13.1: "no valid input breaks a computation", "business dates are plausible",
"closed months stay closed"). Every service that accepts a date or an amount asks these functions,
so a year-0001 period, a 999,999,999,999.99 contract or a back-dated follow-up is a 400/409 naming
the field instead of a 500 for the whole month.

The limits row is cached for a minute (it changes once in a company's life) so that parsing a period
costs no query; saving it in the admin clears the cache of the process that saved it."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict

_CACHE_KEY = "common.input_limits.v1"
_CACHE_SECONDS = 60


def current_limits():
    from common.models import InputLimits

    limits = cache.get(_CACHE_KEY)
    if limits is None:
        limits = InputLimits.current()
        cache.set(_CACHE_KEY, limits, _CACHE_SECONDS)
    return limits


def forget_limits() -> None:
    cache.delete(_CACHE_KEY)


def year_is_plausible(year: int) -> bool:
    limits = current_limits()
    return limits.min_year <= year <= limits.max_year


def ensure_plausible_year(year: int, *, field: str) -> None:
    if not year_is_plausible(year):
        limits = current_limits()
        raise ApplicationError(
            _("%(year)s is outside the business years %(first)s–%(last)s.")
            % {"year": year, "first": limits.min_year, "last": limits.max_year},
            field=field,
        )


def ensure_plausible_date(value: date | datetime | None, *, field: str) -> None:
    """A business date (signed on, paid on, occurred at, …) lies within the configured years."""
    if value is not None:
        ensure_plausible_year(value.year, field=field)


def ensure_amount_within(value: Decimal | None, *, field: str, allow_negative: bool = False) -> None:
    """An amount is a finite number no larger (in magnitude) than the configured maximum."""
    if value is None:
        return
    try:
        amount = Decimal(value)
        finite = amount.is_finite()
    except (InvalidOperation, TypeError, ValueError):
        finite = False
    if not finite:
        raise ApplicationError(_("Enter a valid amount."), field=field)
    maximum = current_limits().max_amount
    if abs(amount) > maximum:
        raise ApplicationError(
            _("The amount may not exceed %(maximum)s.") % {"maximum": f"{maximum:,.2f}"}, field=field
        )
    if amount < 0 and not allow_negative:
        raise ApplicationError(_("The amount may not be negative."), field=field)


def ensure_day_in_open_month(value: date | datetime | None, *, field: str) -> None:
    """SPEC §13.1: nothing is dated into a closed month (409 naming the date and the month)."""
    if value is None:
        return
    from common.models import ClosedMonth

    day = value.date() if isinstance(value, datetime) else value
    month = day.replace(day=1)
    if ClosedMonth.objects.filter(month=month).exists():
        raise Conflict(
            _("%(day)s falls in %(month)s, which is closed: its figures are locked.")
            % {"day": day.isoformat(), "month": f"{month:%Y-%m}"},
            field=field,
        )

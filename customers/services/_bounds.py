"""SPEC §13.1 bounds as the customers services apply them. `common.limits` and `common.text` hold
the rules; these wrappers collect their 400s into a service's error dict (so one answer names every
bad field, and the pages put each message at its field), while a closed month stays a 409."""

from datetime import date, datetime

from django.utils import timezone

from common.exceptions import ApplicationError
from common.limits import ensure_amount_within, ensure_day_in_open_month, ensure_plausible_date
from common.text import ensure_clean_text


def _collect(errors: dict, field: str, check) -> None:
    if field in errors:
        return  # one message per field: the first problem found
    try:
        check()
    except ApplicationError as exc:
        errors[field] = exc.message


def check_plausible_date(errors: dict, value, *, field: str) -> None:
    """A business date (date or date-time) lies within the configured business years."""
    if isinstance(value, date):
        _collect(errors, field, lambda: ensure_plausible_date(value, field=field))


def check_amount(errors: dict, value, *, field: str, allow_negative: bool = False) -> None:
    """An amount is finite and at most `current_limits().max_amount` (100,000,000.00)."""
    if value is not None:
        _collect(errors, field, lambda: ensure_amount_within(value, field=field, allow_negative=allow_negative))


def check_clean_text(errors: dict, values: dict) -> None:
    """No control character other than tab and newline in any of the text `values` (field → text)."""
    for field, value in values.items():
        _collect(errors, field, lambda value=value, field=field: ensure_clean_text(value, field=field))


def business_day(value: date | datetime) -> date:
    """The local calendar day of a business date: a date-time counts on its Asia/Shanghai day."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def ensure_open_month(value: date | datetime | None, *, field: str) -> None:
    """409 naming the date and the month when `value` falls in a closed month (SPEC §13.1)."""
    if value is not None:
        ensure_day_in_open_month(business_day(value), field=field)

"""Numbers in the customers pages' query strings. A filter no one can mean (not a whole number, an
id no key could hold, a window of a million days) is ignored and the list shows unfiltered, never
an overflow in the database or in date arithmetic."""

from common.filters import MAX_ID

#: The longest "ending within N days" window a contract list offers (about ten years).
MAX_WINDOW_DAYS = 3660


def _whole_number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def id_param(value) -> int | None:
    """An id from the query string, or None."""
    number = _whole_number(value)
    return number if number is not None and 1 <= number <= MAX_ID else None


def days_param(value) -> int | None:
    """A number of days from today (0 … `MAX_WINDOW_DAYS`), or None."""
    number = _whole_number(value)
    return number if number is not None and 0 <= number <= MAX_WINDOW_DAYS else None

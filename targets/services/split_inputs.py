"""Inputs of a split: explicit weights / amounts keyed by part, and the historical fall-back."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.money import ZERO
from targets.services.writes import clean_amount


def with_history_fallback(values: list[Decimal]) -> list[Decimal] | None:
    """Members without history get the average of those with history; None when nobody has any."""
    with_history = [v for v in values if v > 0]
    if not with_history:
        return None
    average = sum(with_history, ZERO) / len(with_history)
    return [v if v > 0 else average for v in values]


def keyed_numbers(raw, *, name: str, keys: dict[str, str], money: bool) -> dict[str, Decimal]:
    """`weights` / `amounts` keyed by member id (or month) as strings: every member present, no
    stranger, none negative. `keys` maps each allowed key to a display name."""
    if not isinstance(raw, dict) or not raw:
        raise ValidationError({name: _("Give a value for each of: %(names)s.") % {"names": ", ".join(keys.values())}})
    unknown = [str(k) for k in raw if str(k) not in keys]
    if unknown:
        raise ValidationError({name: _("“%(key)s” is not one of the parts of this split.") % {"key": unknown[0]}})
    missing = [label for key, label in keys.items() if key not in {str(k) for k in raw}]
    if missing:
        raise ValidationError({name: _("Missing a value for: %(names)s.") % {"names": ", ".join(missing)}})
    values = {}
    for key, value in raw.items():
        if money:
            values[str(key)] = clean_amount(value, field=name)
            continue
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError({name: _("“%(value)s” is not a number.") % {"value": value}})
        if not number.is_finite() or number < 0:
            raise ValidationError({name: _("Weights cannot be negative.")})
        values[str(key)] = number
    if not money and not any(values.values()):
        raise ValidationError({name: _("The weights must not all be zero.")})
    return values

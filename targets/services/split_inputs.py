"""Inputs of a split: explicit weights / amounts keyed by part, and the historical fall-back."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.money import ZERO
from targets.services.writes import clean_amount

#: Weights are relative, but bounded so the split's arithmetic stays exact: no larger than the
#: largest amount the targets store (historical weights are amounts), at most 6 decimals.
MAX_WEIGHT = Decimal("999999999999.99")
WEIGHT_STEP = Decimal("0.000001")


def with_history_fallback(values: list[Decimal]) -> list[Decimal] | None:
    """Members without history get the average of those with history; None when nobody has any."""
    with_history = [v for v in values if v > 0]
    if not with_history:
        return None
    average = sum(with_history, ZERO) / len(with_history)
    return [v if v > 0 else average for v in values]


def clean_weight(value, *, field: str = "weights") -> Decimal:
    """A weight of a split: a finite number from 0 to `MAX_WEIGHT` with at most 6 decimals (400
    naming `field`; `1E+999999999` or `NaN` never reach the arithmetic)."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if not number.is_finite():
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if number < 0:
        raise ValidationError({field: _("Weights cannot be negative.")})
    if number > MAX_WEIGHT or number != number.quantize(WEIGHT_STEP):
        raise ValidationError({field: _("A weight is a number up to %(maximum)s with at most 6 decimals.") % {
            "maximum": f"{MAX_WEIGHT:,.2f}"}})
    return number


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
        values[str(key)] = clean_weight(value, field=name)
    if not money and not any(values.values()):
        raise ValidationError({name: _("The weights must not all be zero.")})
    return values

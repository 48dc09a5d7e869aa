"""Pure rules of conference marketing (SPEC §15), tested without a database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

#: Translated labels of the shipped decline reasons (the list itself is configurable, §15.2).
DECLINE_REASON_LABELS = {
    "no_time": _("No time"),
    "not_interested": _("Not interested"),
    "price": _("Price"),
    "already_bought": _("Already bought"),
    "other": _("Other"),
}

CENT = Decimal("0.01")


def decline_reason_label(code: str, name: str):
    """The label of a decline reason in the reader's language (a custom one shows its name)."""
    return DECLINE_REASON_LABELS.get(code, name)


def split_quota(*, target: int, employees: list[tuple[int, str]]) -> dict[int, int]:
    """Split `target` among `employees` ((id, employee number) pairs) by the largest remainder:
    equal shares rounded down, then one more each to the largest remainders — which for equal
    shares are all equal, so the extra places go to the lower employee numbers. Every rep appears
    (0 when the target is smaller than the team)."""
    if not employees:
        return {}
    ordered = sorted(employees, key=lambda pair: (pair[1], pair[0]))
    base, remainder = divmod(target, len(ordered))
    return {pk: base + (1 if index < remainder else 0) for index, (pk, _number) in enumerate(ordered)}


def rate_pct(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 with 2 decimals, or None (empty) when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def money_ratio(numerator: Decimal, denominator) -> Decimal | None:
    """A money amount divided by a count or an amount, 2 decimals; None when the divisor is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)

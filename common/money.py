"""Money: Decimal end to end, rounded once, half-up, to the cent."""

from collections.abc import Hashable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value) -> Decimal:
    """Round a computed amount half-up to 0.01 (the one rounding each rule applies at its end)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator as a percentage with 2 decimals; None when there is no denominator."""
    if denominator is None or Decimal(denominator) == 0 or numerator is None:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def allocate_largest_remainder(
    total: Decimal, weights: Sequence[tuple[Hashable, Decimal]]
) -> dict[Hashable, Decimal]:
    """Split `total` to the cent in proportion to `weights` so the parts sum exactly to `total`.

    `weights` is an ordered list of (key, weight); its order is the tie-break for equal remainders
    (callers order by employee number / unit id). Every part is first rounded down to the cent;
    the cents left over go one each to the largest remainders.
    """
    total = Decimal(total)
    if total != total.quantize(CENT):
        raise ValueError("total must be an amount in cents")
    if not weights:
        raise ValueError("nothing to allocate to")
    if any(Decimal(w) < 0 for _, w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum((Decimal(w) for _, w in weights), Decimal(0))
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    sign = -1 if total < 0 else 1
    cents_total = int(abs(total) / CENT)
    floors: list[tuple[Hashable, int, Decimal, int]] = []
    for index, (key, weight) in enumerate(weights):
        exact = Decimal(cents_total) * Decimal(weight) / weight_sum
        floor = int(exact.to_integral_value(rounding=ROUND_DOWN))
        floors.append((key, floor, exact - floor, index))
    leftover = cents_total - sum(f for _, f, _, _ in floors)
    by_remainder = sorted(floors, key=lambda row: (-row[2], row[3]))
    extra = {row[0] for row in by_remainder[:leftover]}
    return {key: sign * Decimal(floor + (1 if key in extra else 0)) * CENT for key, floor, _, _ in floors}

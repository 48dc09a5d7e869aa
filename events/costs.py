"""The cost of events (SPEC §15.3) from every registered source.

Apps that spend money on events register a source at start-up (expenses registers the claims linked
to an event in `manager_approved` or later, in `ExpensesConfig.ready()`):

    from events.costs import register_cost_source
    register_cost_source(expenses.selectors.event_costs)

A source is `fn(*, event_ids: list[int]) -> dict[int, Decimal]` (absent event = no cost); it must
answer in a fixed number of queries whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

CostSource = Callable[..., dict[int, Decimal]]

_SOURCES: list[CostSource] = []


def register_cost_source(fn: CostSource) -> CostSource:
    """Add a cost source (idempotent: registering the same function twice counts it once)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def unregister_cost_source(fn: CostSource) -> None:
    """Remove a source (tests)."""
    if fn in _SOURCES:
        _SOURCES.remove(fn)


def event_costs(*, event_ids: Iterable[int]) -> dict[int, Decimal]:
    """Per event id: the sum of every registered source, 0.00 for an event no source knows."""
    ids = list(event_ids)
    totals = {pk: Decimal("0.00") for pk in ids}
    if not ids:
        return totals
    for source in list(_SOURCES):
        for pk, amount in source(event_ids=ids).items():
            if pk in totals:
                totals[pk] += Decimal(amount or 0)
    return {pk: amount.quantize(Decimal("0.01")) for pk, amount in totals.items()}

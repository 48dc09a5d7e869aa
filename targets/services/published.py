"""Recording the actual sales a month's figures were computed from (SPEC §13.1: every screen of a
closed month shows the published figures). The month's bonus-sheet generation records them in the
same transaction as the rows; from the month's close on they never change."""

from __future__ import annotations

from decimal import Decimal

from common.locks import ensure_month_open
from common.periods import Period
from targets.models import PublishedActuals


def published_actuals_record(*, month: Period, amounts: dict[int, Decimal]) -> PublishedActuals:
    """Store `amounts` (employee id → actual sales of `month`) as the month's figures, replacing
    what an earlier draft recorded. A closed month → 409: its figures are published."""
    ensure_month_open(month)
    row, _created = PublishedActuals.objects.update_or_create(
        month=month.start,
        defaults={"amounts": {str(employee_id): f"{amount:.2f}" for employee_id, amount in sorted(amounts.items())}},
    )
    return row

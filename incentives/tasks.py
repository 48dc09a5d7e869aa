"""Celery tasks of the incentives app: thin wrappers around `incentives.services.month_close`
(idempotent, so a redelivered task does no harm)."""

from celery import shared_task
from django.utils import timezone

from common.exceptions import Conflict
from common.periods import Period
from incentives.services import month_close


@shared_task(name="incentives.close_month")
def close_month(month: str) -> dict:
    """Compute the drafts of `month` ("YYYY-MM")."""
    return month_close(month=Period.parse_month(month))


@shared_task(name="incentives.close_previous_month")
def close_previous_month() -> dict | None:
    """The beat job of the 1st at 02:00: close the month that just ended. Skipped (not failed)
    when the month is already closed or its sheet already submitted, so a late rerun is harmless."""
    month = Period.of_month(timezone.localdate()).previous_month()
    try:
        return month_close(month=month)
    except Conflict as exc:
        return {"month": str(month), "skipped": str(exc.message)}

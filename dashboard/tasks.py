"""Nightly jobs of the dashboard: rebuild the running and the previous month's facts, and keep the
running month's forecast of every unit (the last one before close is the month's kept forecast)."""

from celery import shared_task
from django.utils import timezone

from dashboard import facts, selectors


@shared_task(name="dashboard.nightly", acks_late=True, reject_on_worker_lost=True, time_limit=900)
def nightly() -> dict:
    today = timezone.localdate()
    month = selectors.running_month(today)
    rows = facts.rebuild_facts(months=[month.previous_month(), month], today=today)
    units = selectors.snapshot_forecasts(today=today)
    return {"facts": rows, "snapshots": units}

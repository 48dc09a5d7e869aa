"""Jobs of the dashboard: the nightly rebuild of the running and the previous month's facts with the
running month's forecast of every unit (the last one before close is the month's kept forecast),
and the refresh of the facts rows a committed write touched (`dashboard.signals`)."""

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


@shared_task(name="dashboard.refresh_facts", acks_late=True, reject_on_worker_lost=True, time_limit=300)
def refresh_facts_after_writes(specs: list) -> int:
    """Recompute the facts rows committed writes touched (`dashboard.signals`). Idempotent: a
    redelivered run recomputes the same rows from the same source tables."""
    from dashboard.signals import decode_specs, refresh_specs

    decoded = decode_specs(specs)
    refresh_specs(decoded)
    return len(decoded)

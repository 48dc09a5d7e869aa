"""Celery tasks of the alerts: thin — parse the day, call the service. All ack late (a worker that
dies mid-run leaves the message to be redelivered, see CELERY_BROKER_TRANSPORT_OPTIONS) and are
safe to run twice: the ledger, the digest keys and the email delivery rows make the work once-only."""

from celery import shared_task
from django.utils import timezone

from alerts import services

#: Hard limit of the longest alerts task; the broker's visibility timeout is above it (settings).
DAILY_TIME_LIMIT = 600


@shared_task(name="alerts.run_daily_alerts", acks_late=True, reject_on_worker_lost=True,
             time_limit=DAILY_TIME_LIMIT, soft_time_limit=DAILY_TIME_LIMIT - 30)
def run_daily_alerts(day: str | None = None) -> dict:
    """Beat, 07:00 local time: the day's alerts (`day` ISO, default today)."""
    today = services.parse_day(day) if day else timezone.localdate()
    return {"day": today.isoformat(), "kinds": services.run_daily_alerts(today=today)}


@shared_task(name="alerts.send_notification_email", bind=True, acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(services.EmailNotSent,), retry_backoff=30, retry_backoff_max=3600,
             retry_jitter=True, max_retries=6, time_limit=120)
def send_notification_email(self, notification_id: int) -> str:
    """One notification's email, once; retried with exponential back-off while the server fails."""
    try:
        return services.deliver_notification_email(notification_id=notification_id)
    except services.EmailNotSent as exc:
        if self.request.retries >= self.max_retries:
            services.mark_delivery_failed(notification_id=notification_id, error=str(exc))
        raise


@shared_task(name="alerts.cleanup_expired_files", acks_late=True, reject_on_worker_lost=True, time_limit=DAILY_TIME_LIMIT)
def cleanup_expired_files() -> dict:
    """Daily: unconfirmed imports and export files older than the alert policy's file retention
    days (7 by default)."""
    result = services.cleanup_expired_files(now=timezone.now())
    return {key: value if isinstance(value, int | None) else str(value) for key, value in result.items()}

"""Sending notifications: idempotent by dedupe key, emailed after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from common.models import Notification


def notify(*, recipient, kind: str, message: str, dedupe_key: str, link: str = "") -> Notification | None:
    """Create the notification unless one with the same dedupe key exists; returns the new one or
    None when it had already been sent. Email goes out on commit."""
    if recipient is None:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, message=message, link=link, dedupe_key=dedupe_key[:200]
            )
    except IntegrityError:
        return None
    if recipient.email:
        transaction.on_commit(
            lambda: send_mail(f"[SalesOps] {kind}", message, settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=True)
        )
    return notification


def notify_many(rows: list[dict]) -> int:
    """Bulk variant for jobs: rows of notify() keyword arguments; existing dedupe keys are skipped
    in one query. Returns how many were created."""
    keys = [row["dedupe_key"][:200] for row in rows]
    existing = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    fresh, seen = [], set()
    for row in rows:
        key = row["dedupe_key"][:200]
        if key in existing or key in seen or row.get("recipient") is None:
            continue
        seen.add(key)
        fresh.append(Notification(recipient=row["recipient"], kind=row["kind"], message=row["message"],
                                  link=row.get("link", ""), dedupe_key=key))
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)

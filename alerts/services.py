"""The daily alert run (digests, once-only), the inbox actions, notification preferences, the
email of each notification (once, in the recipient's language) and the daily file cleanup."""

import logging
from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from alerts import phrases, registry, selectors
from alerts.models import (
    AlertItem,
    AlertPolicy,
    AlertRun,
    DeliveryStatus,
    EmailDelivery,
    NotificationPreferences,
)
from common import notifications as common_notifications
from common.models import Notification
from common.phrases import phrase
from common.phrases import render as render_phrase

logger = logging.getLogger(__name__)

_KEY_CHUNK = 2000


# --- the daily run ----------------------------------------------------------------------------

def digest_key(kind: str, recipient_id: int, day: date) -> str:
    """One digest per person, kind and day."""
    return f"alerts:{kind}:{recipient_id}:{day.isoformat()}"


def run_daily_alerts(*, today: date, kinds: list[str] | None = None) -> dict:
    """Raise every alert kind for `today` (SPEC §8): each item whose threshold has passed and that
    its recipient never received goes into that person's digest of the kind for the day. Each kind
    commits on its own, under a lock that serialises concurrent runs, so a run killed half way and
    run again (or a redelivered task) finishes the work without sending anything twice. Returns
    ``{kind: {"items": n, "notifications": m}}`` (what this run added)."""
    run = AlertRun.objects.create(day=today)
    summary = {}
    for kind in registry.daily_kinds():
        if kinds is not None and kind.code not in kinds:
            continue
        with transaction.atomic():
            _lock_runs()
            summary[kind.code] = _raise_kind(kind, today)
    run.finished_at = timezone.now()
    run.summary = summary
    run.save(update_fields=["finished_at", "summary"])
    return summary


def _lock_runs() -> None:
    """Row lock on the policy row: two runs (beat and a manual one, or two days of a catch-up)
    write one kind at a time. SQLite serialises writers anyway."""
    policy = AlertPolicy.objects.select_for_update().order_by("pk").first()
    if policy is None:
        AlertPolicy.objects.get_or_create(pk=1)
        AlertPolicy.objects.select_for_update().filter(pk=1).first()


def _raise_kind(kind: registry.Kind, today: date) -> dict:
    wanted = []  # (recipient, item), each person once per key
    seen = set()
    for item in kind.collect(today):
        for recipient in item.recipients:
            if recipient is None or (recipient.pk, item.key) in seen:
                continue
            seen.add((recipient.pk, item.key))
            wanted.append((recipient, item))
    if not wanted:
        return {"items": 0, "notifications": 0}
    sent = _already_sent({key for _pk, key in seen})
    fresh = [(recipient, item) for recipient, item in wanted if (recipient.pk, item.key) not in sent]
    if not fresh:
        return {"items": 0, "notifications": 0}

    by_recipient = defaultdict(list)
    for recipient, item in fresh:
        by_recipient[recipient.pk].append((recipient, item))
    keys = {pk: digest_key(kind.code, pk, today) for pk in by_recipient}
    existing = {n.dedupe_key: n for n in
                Notification.objects.select_for_update().filter(dedupe_key__in=keys.values())}
    max_lines = AlertPolicy.current().digest_max_lines

    created, appended = [], []
    for pk, rows in by_recipient.items():
        notification = existing.get(keys[pk])
        if notification is None:
            notification = Notification(recipient=rows[0][0], kind=kind.code, dedupe_key=keys[pk],
                                        link=_inbox_link(kind.code))
            notification._alert_items = [item for _r, item in rows]
            created.append(notification)
        else:
            notification._alert_items = [item for _r, item in rows]
            appended.append(notification)
    for notification in created:
        notification.message = _digest_message(kind, notification._alert_items, max_lines)
    Notification.objects.bulk_create(created)
    for notification in appended:
        earlier = list(AlertItem.objects.filter(notification=notification).order_by("id"))
        everything = [*earlier, *notification._alert_items]
        notification.message = _digest_message(kind, everything, max_lines)
        notification.read_at = None  # new lines: unread again
        notification.save(update_fields=["message", "read_at"])

    selectors.forget_badge_counts([n.recipient_id for n in [*created, *appended]])
    AlertItem.objects.bulk_create([
        AlertItem(recipient_id=notification.recipient_id, kind=kind.code, key=item.key, message=item.message,
                  link=item.link, notification=notification, raised_on=today)
        for notification in [*created, *appended]
        for item in notification._alert_items
    ], batch_size=1000)
    common_notifications.email_on_commit(created)
    return {"items": len(fresh), "notifications": len(created)}


def _already_sent(keys: set[str]) -> set[tuple[int, str]]:
    keys = sorted(keys)
    sent = set()
    for start in range(0, len(keys), _KEY_CHUNK):
        sent |= set(AlertItem.objects.filter(key__in=keys[start:start + _KEY_CHUNK])
                    .values_list("recipient_id", "key"))
    return sent


def _digest_message(kind: registry.Kind, items: list, max_lines: int) -> list:
    """The digest as phrases: its first line (the count), then one line per item, at most
    `max_lines` (every item stays in the ledger and the inbox links it)."""
    lines = [phrase(kind.header, count=str(len(items)))]
    lines += [item.message for item in items[:max_lines]]
    if len(items) > max_lines:
        lines.append(phrase(phrases.MORE_ITEMS, count=str(len(items) - max_lines)))
    return lines


def _inbox_link(kind: str) -> str:
    from django.urls import reverse

    return f"{reverse('alerts:inbox')}?kind={kind}"


def parse_day(value: str) -> date:
    """`YYYY-MM-DD` → date, or ValidationError naming the field."""
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({"date": f"{value!r} is not a date (YYYY-MM-DD)."})


# --- the inbox --------------------------------------------------------------------------------

def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read (someone else's: NotFound → 404)."""
    notification = selectors.notification_for(user=user, pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        selectors.forget_badge_counts([user.pk])
    return notification


def notification_mark_all_read(*, user, kind: str | None = None) -> int:
    """Mark every unread notification of the person (of one kind, if given) read; returns how many."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    marked = queryset.update(read_at=timezone.now())
    selectors.forget_badge_counts([user.pk])
    return marked


def forget_badge_of_row(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a Notification: its recipient's badge is counted again."""
    selectors.forget_badge_counts([instance.recipient_id])


def count_badge_at_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: the badge's count is ready before the first page."""
    selectors.refresh_badge_counts([user.pk])


def forget_badges_of_bulk(sender, recipient_ids, **kwargs) -> None:
    """common.notifications.notifications_created (notify_many)."""
    selectors.forget_badge_counts(recipient_ids)


# --- preferences --------------------------------------------------------------------------------

def preferences_of(user) -> NotificationPreferences:
    """The person's preferences (unsaved defaults when they never chose)."""
    found = NotificationPreferences.objects.filter(user=user).first()
    return found or NotificationPreferences(user=user)


def preferences_update(*, user, language: str, email_off_kinds: list[str]) -> NotificationPreferences:
    """Save the email language ('' = the site's default) and the kinds without email."""
    languages = {code for code, _name in settings.LANGUAGES}
    if language and language not in languages:
        raise ValidationError({"language": f"{language!r} is not a language of the portal."})
    known = {kind.code for kind in registry.all_kinds()}
    unknown = sorted(set(email_off_kinds) - known)
    if unknown:
        raise ValidationError({"email_off_kinds": f"unknown kinds: {', '.join(unknown)}"})
    preferences, _created = NotificationPreferences.objects.update_or_create(
        user=user, defaults={"language": language, "email_off_kinds": sorted(set(email_off_kinds))},
    )
    return preferences


def recipient_language(user) -> str:
    """The language of a person's emails: their choice, else the site's default."""
    chosen = NotificationPreferences.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


# --- email --------------------------------------------------------------------------------------

def enqueue_notification_emails(notifications: list[Notification]) -> None:
    """The email dispatcher of common.notifications (called after commit): one task per
    notification (retried with back-off by the task; sent once thanks to `EmailDelivery`)."""
    from alerts.tasks import send_notification_email

    for notification in notifications:
        send_notification_email.delay(notification.pk)


def render_notification_email(notification: Notification, language: str) -> tuple[str, str]:
    """Subject and body in `language`: the kind's name, the message, and each digest item with
    its link (absolute, from SITE_URL)."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    items = selectors.digest_items(notification)
    with translation.override(language):
        subject = f"[SalesOps] {registry.kind_label(notification.kind)}"
        if items:
            message = notification.message
            header = render_phrase(message[0] if isinstance(message, list) and message else message)
            lines = [header, ""] + [f"- {render_phrase(item.message)}" + (f"\n  {base}{item.link}" if item.link else "")
                                    for item in items]
        else:
            lines = [notification.render()]
            if notification.link:
                lines += ["", f"{base}{notification.link}"]
    return subject, "\n".join(lines)


class EmailNotSent(Exception):
    """The mail server refused or could not be reached: the task retries with back-off."""


def deliver_notification_email(*, notification_id: int) -> str:
    """Send a notification's email once. Claims the delivery row with a conditional update
    (pending → sending): a second task for the same notification (a retry racing a redelivery)
    finds nothing to claim. Skipped when the person switched the kind's email off or has no
    address. A failure puts the row back to pending and raises EmailNotSent (the task retries).
    Returns the final status."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    delivery, _created = EmailDelivery.objects.get_or_create(notification=notification)
    if delivery.status != DeliveryStatus.PENDING:
        return delivery.status
    preferences = preferences_of(notification.recipient)
    if not notification.recipient.email or notification.kind in (preferences.email_off_kinds or []):
        EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(status=DeliveryStatus.SKIPPED)
        return DeliveryStatus.SKIPPED
    language = preferences.language or settings.LANGUAGE_CODE
    claimed = EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now(), language=language, attempts=delivery.attempts + 1,
    )
    if not claimed:
        return EmailDelivery.objects.get(pk=delivery.pk).status
    subject, body = render_notification_email(notification, language)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    except Exception as exc:  # any transport error: back to pending, the task retries
        EmailDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, error=str(exc)[:2000])
        raise EmailNotSent(str(exc)) from exc
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
    return DeliveryStatus.SENT


def mark_delivery_failed(*, notification_id: int, error: str) -> None:
    """After the last retry: the row says so (the admin lists failed deliveries)."""
    EmailDelivery.objects.filter(notification_id=notification_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, error=error[:2000])


# --- cleanup ----------------------------------------------------------------------------------


def cleanup_expired_files(*, now: datetime) -> dict:
    """The daily cleanup (SPEC §8): export files and import files never confirmed, older than the
    alert policy's `file_retention_days` (7 by default), are deleted. The exports app owns both:
    ``{"exports": n, "imports": n}``."""
    from exports.services import delete_expired

    return dict(delete_expired(now, keep_days=AlertPolicy.current().file_retention_days))

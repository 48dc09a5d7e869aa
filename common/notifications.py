"""Sending notifications: idempotent by dedupe key, stored as a phrase, emailed after the
transaction commits in the recipient's language.

- ``message`` is a phrase (``common.phrases.phrase("app.key", ...)``) or, for text that needs no
  translation, a plain string. It is stored as given and rendered when read: on a page with
  ``{{ n.message|phrase }}`` / ``n.render()`` in the reader's language.
- The email is rendered once, on commit, in the language ``recipient_language(user)`` returns.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation

from common import phrases
from common.models import Notification


def recipient_language(user) -> str:
    """The language a user's emails are written in. There is no per-user language preference yet,
    so this is the site's default (``settings.LANGUAGE_CODE``); when one exists (the alerts issue),
    this is the one place to read it."""
    return settings.LANGUAGE_CODE


def _check_message(message) -> None:
    if not (isinstance(message, str) or phrases.is_phrase(message)
            or (isinstance(message, list) and all(phrases.is_phrase(m) or isinstance(m, str) for m in message))):
        raise TypeError("a notification's message is a phrase (common.phrases.phrase) or a string")


def render_email(notification: Notification) -> tuple[str, str]:
    """Subject and body of a notification's email, in its recipient's language."""
    with translation.override(recipient_language(notification.recipient)):
        return f"[SalesOps] {notification.kind}", notification.render()


def _email_on_commit(notifications: list[Notification]) -> None:
    with_address = [n for n in notifications if n.recipient.email]
    if not with_address:
        return

    def send():
        for notification in with_address:
            subject, body = render_email(notification)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email],
                      fail_silently=True)

    transaction.on_commit(send)


def notify(*, recipient, kind: str, message, dedupe_key: str, link: str = "") -> Notification | None:
    """Create the notification unless one with the same dedupe key exists; returns the new one or
    None when it had already been sent. `message`: a phrase or a string. Email goes out on commit."""
    if recipient is None:
        return None
    _check_message(message)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, message=message, link=link, dedupe_key=dedupe_key[:200]
            )
    except IntegrityError:
        return None
    _email_on_commit([notification])
    return notification


def notify_many(rows: list[dict]) -> int:
    """Bulk variant for jobs: rows of notify() keyword arguments; existing dedupe keys are skipped
    in one query. Emails the new ones on commit, like notify(). Returns how many were created."""
    keys = [row["dedupe_key"][:200] for row in rows]
    existing = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    fresh, seen = [], set()
    for row in rows:
        key = row["dedupe_key"][:200]
        if key in existing or key in seen or row.get("recipient") is None:
            continue
        _check_message(row["message"])
        seen.add(key)
        fresh.append(Notification(recipient=row["recipient"], kind=row["kind"], message=row["message"],
                                  link=row.get("link", ""), dedupe_key=key))
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    # Two jobs racing past the filter above both "create" a key (the database keeps one row) and
    # both email it: a duplicate email in that rare case, never a duplicate notification.
    _email_on_commit(fresh)
    return len(fresh)

"""Sending notifications: idempotent by dedupe key, stored as a phrase, emailed after the
transaction commits in the recipient's language.

- ``message`` is a phrase (``common.phrases.phrase("app.key", ...)``), a list of them (a digest:
  its first line and one per item) or, for text that needs no translation, a plain string. It is
  stored as given and rendered when read: on a page with ``{{ n.message|phrase }}`` / ``n.render()``
  in the reader's language.
- Email: on commit, the new notifications go to the *email dispatcher*. The alerts app installs
  one (a Celery task per notification that sends it once, honouring the person's email switches);
  without it they are sent right away. ``common`` never imports ``alerts``: alerts plugs in with
  ``set_email_dispatcher`` and ``set_language_resolver`` (its profile holds each person's language).
"""

from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import translation

from common import phrases
from common.models import Notification

_language_resolver: Callable | None = None
_email_dispatcher: Callable | None = None

#: Sent after notifications were created in bulk (``notify_many``; ``notify`` saves one row, which
#: sends ``post_save``): ``recipient_ids``. The alerts app drops its cached unread counts.
notifications_created = Signal()


def set_language_resolver(resolver: Callable | None) -> None:
    """`resolver(user) -> language code` (the alerts app's profile); None restores the default."""
    global _language_resolver
    _language_resolver = resolver


def set_email_dispatcher(dispatcher: Callable | None) -> None:
    """`dispatcher(notifications)` is called after commit with the new notifications whose
    recipient has an address; None restores sending them directly."""
    global _email_dispatcher
    _email_dispatcher = dispatcher


def recipient_language(user) -> str:
    """The language a user's emails are written in: the resolver's answer (the person's choice in
    their profile), otherwise the site's default (``settings.LANGUAGE_CODE``)."""
    if _language_resolver is not None:
        return _language_resolver(user) or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def _check_message(message) -> None:
    if not (isinstance(message, str) or phrases.is_phrase(message)
            or (isinstance(message, list) and all(phrases.is_phrase(m) or isinstance(m, str) for m in message))):
        raise TypeError("a notification's message is a phrase (common.phrases.phrase) or a string")


def render_email(notification: Notification) -> tuple[str, str]:
    """Subject and body of a notification's email, in its recipient's language."""
    with translation.override(recipient_language(notification.recipient)):
        return f"[SalesOps] {notification.kind}", notification.render()


def _send_directly(notifications: list[Notification]) -> None:
    for notification in notifications:
        subject, body = render_email(notification)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email], fail_silently=True)


_emails_suppressed = False


@contextmanager
def emails_suppressed():
    """Notifications created inside stay in the inbox but send no email (the demo seed: its
    hundreds of digests to made-up addresses would bury the sign-ins `make run` prints)."""
    global _emails_suppressed
    previous, _emails_suppressed = _emails_suppressed, True
    try:
        yield
    finally:
        _emails_suppressed = previous


def email_on_commit(notifications: list[Notification]) -> None:
    """Hand the notifications to the email dispatcher once the current transaction commits."""
    with_address = [n for n in notifications if n.recipient.email]
    if not with_address or _emails_suppressed:
        return

    def send():
        (_email_dispatcher or _send_directly)(with_address)

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
    email_on_commit([notification])
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
    if fresh and any(n.pk is None for n in fresh):
        # ignore_conflicts leaves primary keys unset: read them back (the email tasks need them).
        # Two jobs racing past the filter above both "create" a key — the database keeps one row,
        # and its email delivery row (alerts) makes it go out once.
        ids = dict(Notification.objects.filter(dedupe_key__in=[n.dedupe_key for n in fresh])
                   .values_list("dedupe_key", "pk"))
        for notification in fresh:
            notification.pk = notification.id = ids.get(notification.dedupe_key)
        fresh = [n for n in fresh if n.pk is not None]
    if fresh:
        notifications_created.send(sender=Notification, recipient_ids={n.recipient_id for n in fresh})
    email_on_commit(fresh)
    return len(fresh)

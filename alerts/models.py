"""Alerts' own tables: the per-item ledger that makes every alert go out once (SPEC §8), each
person's notification preferences (email language, email off per kind), the email deliveries
(one per notification, so a retried or redelivered task never sends twice), the daily runs, and
the policy with the configurable numbers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import Notification, SingletonPolicy


class AlertPolicy(SingletonPolicy):
    """The configurable numbers of the daily jobs (defaults in migration 0002)."""

    catch_up_days = models.PositiveSmallIntegerField(
        _("catch-up days"), default=31,
        help_text=_("How far back a run looks for missed days (e.g. working days without a follow-up)."),
    )
    file_retention_days = models.PositiveSmallIntegerField(
        _("file retention days"), default=7,
        help_text=_("Import files never confirmed and export files older than this are deleted."),
    )
    digest_max_lines = models.PositiveSmallIntegerField(
        _("lines shown per digest"), default=100,
        help_text=_("A digest keeps every item; its message and page show this many lines."),
    )

    class Meta:
        verbose_name = _("alert policy")
        verbose_name_plural = _("alert policy")
        constraints = [
            models.CheckConstraint(condition=Q(catch_up_days__gte=1, file_retention_days__gte=1,
                                               digest_max_lines__gte=1), name="alertpolicy_positive"),
        ]


class AlertItem(models.Model):
    """One alert to one person: what it is about and its threshold (`key`, e.g.
    ``contract-renewal:123:30``), in the digest notification it was sent with. Unique per person
    and key, so a run that missed days raises each passed threshold once and a second run raises
    nothing again (SPEC §8 "catch up")."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_items")
    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("key"), max_length=200)
    message = models.JSONField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="alert_items")
    raised_on = models.DateField(_("raised on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("alert item")
        verbose_name_plural = _("alert items")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="alertitem_once_per_person")]
        indexes = [models.Index(fields=["key"], name="alertitem_key")]

    def __str__(self) -> str:
        return self.key


class AlertRun(models.Model):
    """One daily run (manual or beat) for a day; `finished_at` empty while it runs (or if it died)."""

    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("alert run")
        verbose_name_plural = _("alert runs")

    def __str__(self) -> str:
        return f"{self.day}"


class NotificationPreferences(models.Model):
    """A person's profile for notifications: the language their emails are written in (empty: the
    site's default) and the kinds they get no email for (the inbox always has everything)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preferences")
    language = models.CharField(_("email language"), max_length=10, blank=True, choices=settings.LANGUAGES)
    email_off_kinds = models.JSONField(_("no email for"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (email off or no address)")
    FAILED = "failed", _("Failed")


class EmailDelivery(models.Model):
    """The email of one notification. One row per notification (unique): the task claims it with a
    conditional update (pending → sending) before sending, so a retried, redelivered or duplicated
    task sends it at most once. A row left in `sending` means a worker died while talking to the
    mail server: it is not sent again (never twice), and the admin shows it."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="email_delivery")
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    language = models.CharField(_("language"), max_length=10, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")

    def __str__(self) -> str:
        return f"{self.notification_id}: {self.status}"

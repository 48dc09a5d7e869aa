from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def month_start_constraint(field: str, name: str) -> models.CheckConstraint:
    """A database check that a month column holds the first day of its month (`field__day == 1`)."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__day": 1}), name=name)


class SingletonPolicy(models.Model):
    """Base of a configuration model with one row (a policy, the input limits): defaults live on
    the fields (and in a data migration), `current()` reads the row or, before it exists, an unsaved
    instance holding the defaults. Register its admin with `common.admin.SingletonPolicyAdmin`."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(capfirst(self._meta.verbose_name))

    @classmethod
    def current(cls):
        """The single row (the first, should there ever be two), or the defaults unsaved."""
        return cls.objects.order_by("pk").first() or cls()


class CalendarDay(models.Model):
    """An exception to the Monday–Friday working week: a public holiday on a weekday
    (`is_working_day=False`) or a make-up working day on a weekend (`is_working_day=True`, 调休).
    Every working-day rule (follow-up compliance, plan due dates, SLAs in working days) reads it
    through `common.calendar.working_days`."""

    day = models.DateField(_("day"), unique=True)
    is_working_day = models.BooleanField(_("working day"), default=False)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("holiday")
        return f"{self.day:%Y-%m-%d} {self.name} ({kind})"

    @staticmethod
    def default_is_working(day: date) -> bool:
        return day.weekday() < 5


class ClosedMonth(models.Model):
    """A month that has been closed (its bonus sheet approved, SPEC §5.4). Every write to data a
    closed month depends on (targets, scorecards, bonus rows) checks `common.locks.month_is_closed`.
    Set only by the month-close service."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month."))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [month_start_constraint("month", "closedmonth_first_day")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class Notification(models.Model):
    """An in-app message (also emailed). `dedupe_key` is unique so a job run twice for the same
    thing sends nothing twice (SPEC §8); create through `common.notifications.notify`.

    `message` is a phrase (`common.phrases`: ``{"id": ..., "params": ...}``) rendered in the reader's
    language when shown (`render()`, ``{{ n.message|phrase }}``); rows stored before phrases existed
    hold a plain string, which renders unchanged."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=50)
    message = models.JSONField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind}: {self.render()[:60]}"

    def render(self) -> str:
        """The message in the active language."""
        from common.phrases import render

        return render(self.message)


class InputLimits(SingletonPolicy):
    """Bounds that keep every valid input computable (SPEC §13.1): business years, the largest amount
    a contract, payment or adjustment may carry, and the smallest target that may be set. A single
    row; defaults in a data migration; read through `common.limits.current_limits()`."""

    min_year = models.PositiveSmallIntegerField(_("earliest business year"), default=2000)
    max_year = models.PositiveSmallIntegerField(_("latest business year"), default=2100)
    max_amount = models.DecimalField(
        _("largest amount"), max_digits=14, decimal_places=2, default=Decimal("100000000.00"),
        help_text=_("Contract, payment and adjustment amounts may not exceed this."),
    )
    min_target = models.DecimalField(
        _("smallest target"), max_digits=14, decimal_places=2, default=Decimal("1.00"),
        help_text=_("A target, when set, is at least this much."),
    )

    class Meta:
        verbose_name = _("input limits")
        verbose_name_plural = _("input limits")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_year__lte=models.F("max_year")), name="inputlimits_years"),
            models.CheckConstraint(condition=models.Q(min_year__gte=1900, max_year__lte=2999),
                                   name="inputlimits_year_range"),
            models.CheckConstraint(condition=models.Q(max_amount__gt=0, min_target__gt=0),
                                   name="inputlimits_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Input limits"))

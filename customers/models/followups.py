from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teams.scoping import Domain, ScopedQuerySet, ScopeRule


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", pgettext_lazy("follow-up channel", "Email")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    WECHAT = "wechat", _("WeChat")
    OTHER = "other", _("Other")


class FollowUp(models.Model):
    """One entry of a rep's daily follow-up log (SPEC §2.4). Scoped by the customer's owner."""

    scoping = ScopeRule(employee="customer__owner", domain=Domain.CUSTOMERS)

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="follow_ups")
    author = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="follow_ups")
    occurred_at = models.DateTimeField(_("occurred at"))
    logged_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    content = models.TextField(pgettext_lazy("follow-up", "content"))
    feedback = models.TextField(_("customer feedback"))
    next_step = models.TextField(_("next step"))
    next_follow_up_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    late = models.BooleanField(_("late entry"), default=False, editable=False)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
        verbose_name=_("corrects"), help_text=_("A correction of a read-only entry is a new entry."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("follow-up record")
        verbose_name_plural = _("follow-up records")
        indexes = [
            models.Index(fields=["customer", "occurred_at"], name="followup_customer_time"),
            models.Index(fields=["author", "occurred_at"], name="followup_author_time"),
            # The log's default order (page and API), newest first (issue 11).
            models.Index(F("occurred_at").desc(), F("id").desc(), name="followup_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(content="") & ~Q(feedback="") & ~Q(next_step=""), name="followup_required_text"),
            models.CheckConstraint(
                condition=Q(next_follow_up_on__isnull=True) | Q(next_follow_up_on__gte=F("occurred_at__date")),
                name="followup_next_not_before",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.occurred_at:%Y-%m-%d %H:%M}"

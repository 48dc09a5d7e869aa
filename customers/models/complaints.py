"""Complaints (SPEC §16.1): received from a customer, attributed to the customer's owner on the
received date (as surveys are), handled by a handler (default the owner), moved through an
explicit state machine with one transition row per step, and timed against SLAs in working days
per severity (`ComplaintSla`, one configurable row per severity)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teams.scoping import Domain, ScopedQuerySet, ScopeRule, scope_for


class ComplaintChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", pgettext_lazy("follow-up channel", "Email")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")
    WEB = "web", _("Web")
    OTHER = "other", _("Other")


class ComplaintCategory(models.TextChoices):
    PRODUCT_QUALITY = "product_quality", _("Product quality")
    DELIVERY = "delivery", _("Delivery")
    SERVICE_ATTITUDE = "service_attitude", _("Service attitude")
    BILLING = "billing", _("Billing")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("complaint status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")
    REOPENED = "reopened", _("Reopened")


#: Statuses in which someone still has to act on the complaint (the handler's queue).
UNRESOLVED_STATUSES = (ComplaintStatus.OPEN, ComplaintStatus.IN_PROGRESS, ComplaintStatus.REOPENED)


class ComplaintQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Scoped like the customer the complaint concerns (HR and finance: none), plus the
        complaints the user handles (a handler assigned from above sees what they must answer)."""
        visible = super().visible_to(user)
        scope = scope_for(user)
        if visible is self or not scope.sees_domain(self.model.scoping.domain) or scope.employee_id is None:
            return visible
        return visible | self.filter(handler_id=scope.employee_id)


class Complaint(models.Model):
    scoping = ScopeRule(employee="customer__owner", domain=Domain.CUSTOMERS)

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="complaints")
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=10, choices=ComplaintChannel.choices)
    category = models.CharField(_("category"), max_length=20, choices=ComplaintCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    description = models.TextField(_("description"))
    owner = models.ForeignKey("teams.Employee", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+",
                              help_text=_("The customer's owner on the received date."))
    handler = models.ForeignKey("teams.Employee", verbose_name=_("handler"), on_delete=models.PROTECT,
                                related_name="handled_complaints")
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    confirmation = models.TextField(_("customer confirmation"), blank=True)
    response_due_at = models.DateTimeField(_("response due at"))
    resolution_due_at = models.DateTimeField(_("resolution due at"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("complaint", "closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            # The list's default order, newest first.
            models.Index(models.F("received_at").desc(), models.F("id").desc(), name="complaint_newest_first"),
            models.Index(fields=["customer", "received_at"], name="complaint_customer_time"),
            models.Index(fields=["owner", "received_at"], name="complaint_owner_time"),
            models.Index(fields=["handler", "status", "resolution_due_at"], name="complaint_handler_queue"),
            models.Index(fields=["status", "resolution_due_at"], name="complaint_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="complaint_description_required"),
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "closed"]) | ~Q(resolution=""),
                name="complaint_resolved_has_resolution",
            ),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(confirmation=""),
                                   name="complaint_closed_has_confirmation"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer} · {self.get_severity_display()}"


class ComplaintTransition(models.Model):
    """One step of a complaint's life: logged, assigned, started, resolved, closed, reopened."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=10)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        indexes = [models.Index(fields=["complaint", "at"], name="complainttransition_time")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_status or '–'} → {self.to_status}"

    @property
    def label(self) -> str:
        return str(STEP_LABELS.get(self.action, self.action))


STEP_LABELS = {
    "log": _("Logged"), "assign": _("Handler assigned"), "start": _("Handling started"),
    "resolve": pgettext_lazy("complaint step", "Resolved"), "close": pgettext_lazy("complaint step", "Closed"),
    "reopen": pgettext_lazy("complaint step", "Reopened"),
}


class ComplaintSla(models.Model):
    """The SLA of one severity, in working days from receipt: first response (moving to in
    progress) and resolution. One row per severity; defaults in a data migration."""

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, unique=True)
    response_working_days = models.PositiveSmallIntegerField(_("response within (working days)"), default=1)
    resolution_working_days = models.PositiveSmallIntegerField(_("resolution within (working days)"), default=5)

    class Meta:
        ordering = ["severity"]
        verbose_name = _("complaint SLA")
        verbose_name_plural = _("complaint SLAs")
        constraints = [
            models.CheckConstraint(condition=Q(response_working_days__gte=1) & Q(resolution_working_days__gte=1)
                                   & Q(response_working_days__lte=60) & Q(resolution_working_days__lte=60),
                                   name="complaintsla_days_1_60"),
        ]

    def __str__(self) -> str:
        return str(self.get_severity_display())

    #: The defaults of SPEC §16.1 (response, resolution), also written by the data migration.
    DEFAULTS = {"low": (1, 5), "normal": (1, 5), "high": (1, 2), "critical": (1, 1)}

    @classmethod
    def for_severity(cls, severity: str) -> "ComplaintSla":
        row = cls.objects.filter(severity=severity).first()
        if row is None:
            response, resolution = cls.DEFAULTS.get(severity, (1, 5))
            row = cls(severity=severity, response_working_days=response, resolution_working_days=resolution)
        return row

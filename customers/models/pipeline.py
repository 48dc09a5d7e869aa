from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy
from teams.scoping import Domain, ScopedQuerySet, ScopeRule


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    CONTACTED = "contacted", _("Contacted")
    NEEDS_ANALYSIS = "needs_analysis", _("Needs analysis")
    PROPOSAL = "proposal", _("Proposal")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", pgettext_lazy("opportunity stage", "Lost")


STAGE_ORDER = [Stage.LEAD, Stage.CONTACTED, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL, Stage.NEGOTIATION, Stage.WON]
OPEN_STAGES = [Stage.LEAD, Stage.CONTACTED, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL, Stage.NEGOTIATION]
CLOSED_STAGES = [Stage.WON, Stage.LOST]
#: The next stage along the order (what the board's move button offers).
NEXT_STAGE = {stage: STAGE_ORDER[i + 1] for i, stage in enumerate(STAGE_ORDER[:-1])}


class Opportunity(models.Model):
    scoping = ScopeRule(employee="owner", domain=Domain.CUSTOMERS)

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="opportunities")
    owner = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="opportunities")
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    product_line = models.CharField(_("product line"), max_length=100, blank=True)
    expected_close_on = models.DateField(_("expected close date"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.LEAD)
    needs_confirmed_on = models.DateField(_("needs confirmed on"), null=True, blank=True)
    quote_submitted_on = models.DateField(_("quote submitted on"), null=True, blank=True)
    quote_due_on = models.DateField(
        _("quote due on"), null=True, blank=True, editable=False,
        help_text=_("Needs confirmed on + the quote SLA days; set by the opportunity services."),
    )
    lost_reason = models.CharField(_("lost reason"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    contract = models.OneToOneField(
        "customers.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="opportunity"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["customer", "stage"], name="opportunity_customer_stage"),
            models.Index(fields=["owner", "stage"], name="opportunity_owner_stage"),
            models.Index(fields=["closed_on"], name="opportunity_closed_on"),
            models.Index(fields=["quote_due_on"], name="opportunity_quote_due_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="opportunity_amount_non_negative"),
            models.CheckConstraint(condition=~Q(stage="won") | Q(contract__isnull=False), name="opportunity_won_has_contract"),
            models.CheckConstraint(condition=~Q(stage="lost") | ~Q(lost_reason=""), name="opportunity_lost_has_reason"),
            models.CheckConstraint(
                condition=Q(stage__in=["won", "lost"], closed_on__isnull=False) | Q(~Q(stage__in=["won", "lost"]), closed_on__isnull=True),
                name="opportunity_closed_on_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class OpportunityStageChange(models.Model):
    """One row per stage move (the first row, old_stage "", is the creation)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="stage_changes")
    old_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    new_stage = models.CharField(max_length=16, choices=Stage.choices)
    # A default rather than auto_now_add, so imported or seeded history keeps its own times.
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.opportunity}: {self.old_stage or '–'} → {self.new_stage}"


class EscalationReport(models.Model):
    """Required for a major opportunity before it moves past needs analysis (SPEC §2.5)."""

    opportunity = models.OneToOneField(Opportunity, on_delete=models.CASCADE, related_name="escalation_report")
    background = models.TextField(_("customer background"))
    needs_detail = models.TextField(_("needs detail"))
    progress = models.TextField(_("current progress"))
    risks = models.TextField(_("risks"))
    # The author's user, as every "who did it" column (common.audit); the API answers their employee id.
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("escalation report")
        verbose_name_plural = _("escalation reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(background="") & ~Q(needs_detail="") & ~Q(progress="") & ~Q(risks=""),
                name="escalation_report_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.opportunity)


class PipelinePolicy(SingletonPolicy):
    """Configurable pipeline and contract numbers (one row; defaults in a data migration)."""

    major_opportunity_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("100000.00"))
    quote_sla_days = models.PositiveIntegerField(default=2)
    delivery_sla_days = models.PositiveIntegerField(default=3)
    renewal_alert_days = models.CharField(max_length=50, default="60,30,7")
    receivable_overdue_alert_days = models.CharField(max_length=50, default="1,7,30")
    satisfaction_warning_below = models.PositiveIntegerField(default=80)

    class Meta:
        verbose_name = _("pipeline and contract policy")
        verbose_name_plural = _("pipeline and contract policy")

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, DecimalField, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models.functions import Length, Lower, Trim
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy
from teams.scoping import Domain, ScopedQuerySet, ScopeRule


class Tier(models.TextChoices):
    A = "A", _("A · high-value long-standing")
    B = "B", _("B · potential")
    C = "C", _("C · basic")


class CustomerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    NEW = "new", pgettext_lazy("customer status", "New")
    # "Active" and "Lost" also label an employee and an opportunity stage: contexts keep them apart.
    ACTIVE = "active", pgettext_lazy("customer status", "Active")
    CHURN_RISK = "churn_risk", _("Churn risk")
    LOST = "lost", pgettext_lazy("customer status", "Lost")


class CustomerSource(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    EXHIBITION = "exhibition", _("Exhibition")
    WEB = "web", _("Web")
    COLD_CALL = "cold_call", _("Cold call")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


#: The 10 fields of the profile-completeness score (SPEC §2.1).
COMPLETENESS_FIELDS = (
    "name", "industry", "region", "address", "contact_name", "contact_phone", "contact_im",
    "source", "company_size", "needs_summary",
)


def completeness_expression():
    """Profile completeness in SQL (same rule as `Customer.completeness`): the share of the 10
    fields holding more than whitespace, as a percentage with 2 decimals."""
    filled = sum(
        Case(When(Q(**{f"{field}_len__gt": 0}), then=Value(1)), default=Value(0), output_field=IntegerField())
        for field in COMPLETENESS_FIELDS
    )
    return ExpressionWrapper(
        filled * Value(Decimal(100) / len(COMPLETENESS_FIELDS)),
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )


class CustomerQuerySet(ScopedQuerySet):
    def with_completeness(self):
        """Annotate `completeness_pct` so a list never computes it per row in Python."""
        lengths = {f"{field}_len": Length(Trim(field)) for field in COMPLETENESS_FIELDS}
        return self.alias(**lengths).annotate(completeness_pct=completeness_expression())


class Customer(models.Model):
    """A customer (SPEC §2.1). `created_by` is an *employee*, not an audit column: it is the
    new-prospect credit (SPEC §2.1's five a month: `new_prospects_by_employee` and the dashboard
    facts count a customer for the salesperson who brought it in), so it stays on `teams.Employee`
    while every "who did it" column of the app is on `settings.AUTH_USER_MODEL` (issue 10)."""

    scoping = ScopeRule(employee="owner", domain=Domain.CUSTOMERS)

    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_im = models.CharField(_("contact email or WeChat"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CustomerSource.choices, blank=True)
    company_size = models.CharField(_("company size"), max_length=50, blank=True)
    needs_summary = models.TextField(_("needs summary"), blank=True)
    owner = models.ForeignKey(
        "teams.Employee", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="customers"
    )
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, default=Tier.C)
    tier_pinned = models.BooleanField(_("tier pinned"), default=False)
    pin_reason = models.CharField(_("pin reason"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CustomerStatus.choices, default=CustomerStatus.PROSPECT)
    status_pinned = models.BooleanField(
        _("status set by hand"), default=False, help_text=_("A lost customer marked by hand keeps its status.")
    )
    status_reason = models.CharField(_("status reason"), max_length=300, blank=True)
    next_follow_up_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    last_follow_up_at = models.DateTimeField(_("last follow-up at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        "teams.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Customer health (SPEC §16.2), kept by the tier recompute: the current band (the list filters
    # on it; the score and its components are in `CustomerHealth`, one row a month) and since when
    # it holds (the at-risk alert is once per move into the band).
    health_band = models.CharField(_("health"), max_length=8, blank=True, editable=False, choices=[
        ("healthy", _("Healthy")), ("watch", _("Watch")), ("at_risk", _("At risk"))])
    health_band_since = models.DateField(_("health band since"), null=True, blank=True, editable=False)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["owner", "tier"], name="customer_owner_tier"),
            models.Index(fields=["owner", "created_at"], name="customer_owner_created"),
            models.Index(fields=["status"], name="customer_status"),
            # The list's default order (page and API) and the follow-up picker's "recent first" (issue 11).
            models.Index(fields=["name", "id"], name="customer_name_id"),
            models.Index(F("last_follow_up_at").desc(), F("name"), F("id"), name="customer_recent_followup"),
            # The list filtered by health band, in its default order.
            models.Index(fields=["health_band", "name", "id"], name="customer_health_name_id"),
            # Follow-ups due in a date range (the weekly report's due items, Today's due list).
            models.Index(fields=["next_follow_up_on", "owner"], name="customer_next_followup"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(tier_pinned=False) | ~Q(pin_reason=""), name="customer_pin_needs_reason"),
            models.CheckConstraint(
                condition=Q(status_pinned=False) | (Q(status="lost") & ~Q(status_reason="")),
                name="customer_status_pin_is_lost_with_reason",
            ),
            models.UniqueConstraint(
                Lower("name"), "owner", name="customer_unique_name_per_owner",
                violation_error_message=_("This owner already has a customer with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def completeness(self) -> Decimal:
        """Share of the 10 profile fields that are filled, as a percentage with 2 decimals (read
        from the `with_completeness()` annotation when the row came from a list)."""
        annotated = self.__dict__.get("completeness_pct")
        if annotated is not None:
            return Decimal(annotated).quantize(Decimal("0.01"))
        filled = sum(1 for field in COMPLETENESS_FIELDS if str(getattr(self, field) or "").strip())
        return (Decimal(filled) * 100 / len(COMPLETENESS_FIELDS)).quantize(Decimal("0.01"))


class CustomerOwnerChange(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="owner_changes")
    old_owner = models.ForeignKey("teams.Employee", null=True, on_delete=models.SET_NULL, related_name="+")
    new_owner = models.ForeignKey("teams.Employee", null=True, on_delete=models.SET_NULL, related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("owner change")
        verbose_name_plural = _("owner changes")
        indexes = [models.Index(fields=["customer", "changed_at"], name="ownerchange_customer")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.old_owner_id} → {self.new_owner_id}"


class CustomerTierChange(models.Model):
    """Every tier or lifecycle-status change: old, new, when, and by the job or by whom."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tier_changes")
    field = models.CharField(max_length=10, choices=[("tier", _("tier")), ("status", _("status")), ("pin", _("pin"))])
    old_value = models.CharField(max_length=20, blank=True)
    new_value = models.CharField(max_length=20)
    changed_at = models.DateTimeField(auto_now_add=True)
    as_of = models.DateField(null=True, blank=True, help_text=_("The 'today' of the recomputation."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty when the monthly job made the change."),
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("tier or status change")
        verbose_name_plural = _("tier and status changes")
        indexes = [models.Index(fields=["customer", "changed_at"], name="tierchange_customer")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.field}: {self.old_value} → {self.new_value}"


class TieringPolicy(SingletonPolicy):
    """Configurable tiering, lifecycle and cadence numbers (one row; defaults in a data migration)."""

    a_min_revenue = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("500000.00"))
    a_min_months = models.PositiveIntegerField(default=12)
    b_min_revenue = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("100000.00"))
    b_min_pipeline = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("100000.00"))
    cadence_a_days = models.PositiveIntegerField(default=7)
    cadence_b_days = models.PositiveIntegerField(default=14)
    cadence_c_days = models.PositiveIntegerField(default=30)
    cadence_prospect_days = models.PositiveIntegerField(default=14)
    churn_drop_pct = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("30.00"))
    lost_after_months = models.PositiveIntegerField(default=24)
    monthly_new_prospects_goal = models.PositiveIntegerField(default=5)
    completeness_goal_pct = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("85.00"))
    late_entry_hours = models.PositiveIntegerField(default=24)
    edit_window_hours = models.PositiveIntegerField(default=24)

    class Meta:
        verbose_name = _("tiering and follow-up policy")
        verbose_name_plural = _("tiering and follow-up policy")
        constraints = [
            models.CheckConstraint(condition=Q(a_min_revenue__gte=0) & Q(b_min_revenue__gte=0) & Q(b_min_pipeline__gte=0),
                                   name="tieringpolicy_non_negative"),
        ]

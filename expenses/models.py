"""Expenses (SPEC §7): budgets per unit, category and period; claims with their receipt and their
two-stage approval; the record of every transition; the configurable numbers.

Invariants money depends on are database constraints: a positive amount, one budget per unit,
category and period, and no invoice number or receipt (by content hash) claimed twice unless the
earlier claim was rejected (partial unique constraints)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy
from teams.scoping import Domain, ScopedQuerySet, ScopeRule, scope_for, unit_visibility_q


class Category(models.TextChoices):
    CUSTOMER_INVITATION = "customer_invitation", _("Customer invitation")
    EVENT = "event", _("Conference / event")
    MARKETING = "marketing", _("Marketing")
    TRAVEL = "travel", _("Travel")
    ENTERTAINMENT = "entertainment", _("Entertainment")
    OTHER = "other", pgettext_lazy("expense category", "Other")


class BudgetPeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("claim status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("claim status", "Submitted")
    MANAGER_APPROVED = "manager_approved", pgettext_lazy("claim status", "Approved by the line manager")
    FINANCE_APPROVED = "finance_approved", pgettext_lazy("claim status", "Approved by finance")
    PAID = "paid", pgettext_lazy("claim status", "Paid")
    REJECTED = "rejected", pgettext_lazy("claim status", "Rejected")


#: The claims that consume a budget (SPEC §7).
CONSUMING_STATUSES = (ClaimStatus.MANAGER_APPROVED, ClaimStatus.FINANCE_APPROVED, ClaimStatus.PAID)
#: The claims the claimant may still edit.
EDITABLE_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.REJECTED)


class ExpensePolicy(SingletonPolicy):
    """The configurable numbers of expenses (a single row; defaults in a data migration)."""

    max_claim_amount = models.DecimalField(
        _("largest claim amount"), max_digits=14, decimal_places=2, default=Decimal("50000.00"),
    )
    max_age_days = models.PositiveIntegerField(
        _("oldest expense (days before submission)"), default=90,
        help_text=_("An expense may be claimed at most this many days after it was incurred."),
    )
    max_receipt_mb = models.PositiveSmallIntegerField(_("largest receipt (MB)"), default=10)
    require_budget = models.BooleanField(
        _("refuse approvals without a matching budget"), default=True,
        help_text=_("When on, a first approval is refused if no budget covers the claim's unit, category and date."),
    )

    class Meta:
        verbose_name = _("expense policy")
        verbose_name_plural = _("expense policy")
        constraints = [
            models.CheckConstraint(condition=Q(max_claim_amount__gt=0), name="expensepolicy_positive_amount"),
            models.CheckConstraint(condition=Q(max_receipt_mb__gte=1), name="expensepolicy_receipt_size"),
        ]

    def __str__(self) -> str:
        return str(_("Expense policy"))

    @property
    def max_receipt_bytes(self) -> int:
        return self.max_receipt_mb * 1024 * 1024


class BudgetQuerySet(models.QuerySet):
    """Budgets belong to a unit, not a person: the director, finance and admins see them all; a
    person sees the budgets of the units they see in the org tree (the subtree they head, their
    own unit and its ancestors); HR none (SPEC §1.2)."""

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.covers_all(Domain.EXPENSES):
            return self
        if not scope.sees_domain(Domain.EXPENSES):
            return self.none()
        from teams.models import OrgUnit

        return self.filter(org_unit__in=OrgUnit.objects.filter(unit_visibility_q(user)).values("pk"))


class ExpenseBudget(models.Model):
    """An amount a unit (with everyone below it) may spend on a category in a period."""

    org_unit = models.ForeignKey("teams.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT,
                                 related_name="expense_budgets")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    period = models.CharField(_("period"), max_length=7, help_text=_("2026, 2026-Q4 or 2026-11."))
    period_kind = models.CharField(_("period kind"), max_length=7, choices=BudgetPeriodKind.choices, editable=False)
    start = models.DateField(_("first day"), editable=False)
    end = models.DateField(_("last day"), editable=False)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["start", "org_unit__path", "category", "id"]
        verbose_name = _("expense budget")
        verbose_name_plural = _("expense budgets")
        indexes = [models.Index(fields=["category", "start", "end"], name="expensebudget_match")]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "category", "period"], name="expensebudget_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="expensebudget_positive"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="expensebudget_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} · {self.get_category_display()} · {self.period}"


def receipt_path(instance, filename: str) -> str:
    """Receipts are stored under a random name (never the uploader's): the extension is the one of
    the type read from the content."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.receipt_content_type, "bin")
    return f"receipts/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{extension}"


class ExpenseClaim(models.Model):
    """A claim for money spent at work. Moves only through the transition services of
    `expenses.services.claims`; `status`, the approvals and the receipt's hash are never written
    from a form or a request."""

    scoping = ScopeRule(employee="claimant", domain=Domain.EXPENSES)

    claimant = models.ForeignKey("teams.Employee", verbose_name=_("claimant"), on_delete=models.PROTECT,
                                 related_name="expense_claims")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    incurred_on = models.DateField(_("incurred on"))
    purpose = models.CharField(_("purpose"), max_length=300)
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, max_length=200, blank=True)
    receipt_content_type = models.CharField(_("receipt type"), max_length=30, blank=True, editable=False)
    receipt_sha256 = models.CharField(_("receipt fingerprint"), max_length=64, blank=True, editable=False)
    receipt_size = models.PositiveIntegerField(_("receipt size (bytes)"), null=True, blank=True, editable=False)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="expense_claims")
    follow_up = models.ForeignKey("customers.FollowUp", verbose_name=_("follow-up record"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="expense_claims")
    event = models.ForeignKey("events.MarketingEvent", verbose_name=_("marketing event"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="expense_claims")
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT,
                              editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        indexes = [
            models.Index(fields=["claimant", "-created_at"], name="expenseclaim_claimant_recent"),
            models.Index(fields=["status", "submitted_at"], name="expenseclaim_queue"),
            models.Index(fields=["category", "incurred_on"], name="expenseclaim_spend"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenseclaim_positive_amount"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                                   name="expenseclaim_rejection_reason"),
            models.CheckConstraint(condition=Q(status="draft") | ~Q(receipt=""), name="expenseclaim_receipt_to_submit"),
            # The same invoice or the same receipt is claimed once, unless the earlier claim was rejected.
            models.UniqueConstraint(fields=["invoice_number"], condition=~Q(status="rejected") & ~Q(invoice_number=""),
                                    name="expenseclaim_invoice_once"),
            models.UniqueConstraint(fields=["receipt_sha256"], condition=~Q(status="rejected") & ~Q(receipt_sha256=""),
                                    name="expenseclaim_receipt_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.claimant} · {self.get_category_display()} · {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("expenses:claim", args=[self.pk])

    @property
    def status_tone(self) -> str:
        if self.status in (ClaimStatus.FINANCE_APPROVED, ClaimStatus.PAID):
            return "ok"
        if self.status == ClaimStatus.REJECTED:
            return "bad"
        return "warn" if self.status in (ClaimStatus.SUBMITTED, ClaimStatus.MANAGER_APPROVED) else ""


class ExpenseClaimTransition(models.Model):
    """Every state change of a claim: who, when, from, to, and the note (a rejection's reason)."""

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("actor"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=20, choices=ClaimStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ClaimStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("expense claim transition")
        verbose_name_plural = _("expense claim transitions")

    def __str__(self) -> str:
        return f"#{self.claim_id}: {self.from_status} → {self.to_status}"


class ExpenseBudgetChange(models.Model):
    """Every change of a budget's amount (set, changed, deleted) with who and when (SPEC §13: every
    change to money-relevant data is recorded). The budget is named in words too, so the record
    outlives a deleted budget."""

    budget = models.ForeignKey(ExpenseBudget, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    budget_label = models.CharField(_("budget"), max_length=200)
    old_amount = models.DecimalField(_("old amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    new_amount = models.DecimalField(_("new amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("actor"))
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("expense budget change")
        verbose_name_plural = _("expense budget changes")

    def __str__(self) -> str:
        return f"{self.budget_label}: {self.old_amount} → {self.new_amount}"

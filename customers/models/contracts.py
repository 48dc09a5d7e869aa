from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teams.scoping import Domain, ScopedQuerySet, ScopeRule


class Contract(models.Model):
    """A signed contract. Actual sales of a rep for a period = amounts of the contracts they own
    signed in it (`customers.selectors.actual_sales_by_employee`)."""

    scoping = ScopeRule(employee="owner", domain=Domain.COMMERCIAL)

    number = models.CharField(_("contract number"), max_length=40, unique=True)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="contracts")
    owner = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="contracts")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    product_line = models.CharField(_("product line"), max_length=100, blank=True)
    gross_margin_pct = models.DecimalField(_("gross margin %"), max_digits=5, decimal_places=2, null=True, blank=True)
    signed_on = models.DateField(_("signed on"))
    start_on = models.DateField(_("start on"))
    end_on = models.DateField(_("end on"))
    renews = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals", verbose_name=_("renews")
    )
    delivery_confirmed_on = models.DateField(_("delivery confirmed on"), null=True, blank=True)
    delivery_due_on = models.DateField(
        _("delivery due on"), null=True, blank=True, editable=False,
        help_text=_("Signed on + the delivery SLA days; set by the contract services."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [
            models.Index(fields=["owner", "signed_on"], name="contract_owner_signed"),
            models.Index(fields=["customer", "signed_on"], name="contract_customer_signed"),
            models.Index(fields=["end_on"], name="contract_end_on"),
            # The list's default order (page and API), newest signed first (issue 11).
            models.Index(F("signed_on").desc(), F("id").desc(), name="contract_newest_signed"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_amount_positive"),
            models.CheckConstraint(condition=Q(end_on__gte=F("start_on")), name="contract_end_after_start"),
            models.CheckConstraint(condition=~Q(renews=F("pk")), name="contract_not_renewing_itself"),
            models.CheckConstraint(
                condition=Q(gross_margin_pct__isnull=True) | (Q(gross_margin_pct__gte=-100) & Q(gross_margin_pct__lte=100)),
                name="contract_margin_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.number


def receivable_overdue_condition(today: date) -> Q:
    """Overdue (SPEC §2.6): past due (due before `today`) and not fully paid — the one definition
    the filters, the `is_overdue` annotation, the pages and the API use."""
    return Q(due_on__lt=today, paid_amount__lt=F("amount"))


class ReceivableQuerySet(ScopedQuerySet):
    def overdue(self, today: date):
        return self.filter(receivable_overdue_condition(today))

    def with_overdue(self, today: date):
        """Annotate `is_overdue` (bool) for lists that flag overdue rows."""
        return self.annotate(is_overdue=ExpressionWrapper(receivable_overdue_condition(today),
                                                          output_field=models.BooleanField()))


class Receivable(models.Model):
    scoping = ScopeRule(employee="contract__owner", domain=Domain.COMMERCIAL)

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="receivables")
    due_on = models.DateField(pgettext_lazy("receivable", "due on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_amount = models.DecimalField(
        _("paid"), max_digits=14, decimal_places=2, default=0, editable=False,
        help_text=_("Sum of payments, kept by the payment service under a row lock."),
    )
    #: Fully paid. Kept by the database from the two amounts, so the finance list's order (open
    #: first, then by due date) is served by an index instead of sorting a CASE over every row.
    settled = models.GeneratedField(
        expression=Case(When(paid_amount__gte=F("amount"), then=Value(True)), default=Value(False)),
        output_field=models.BooleanField(), db_persist=True, verbose_name=_("settled"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReceivableQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("receivable")
        verbose_name_plural = _("receivables")
        indexes = [
            models.Index(fields=["due_on"], name="receivable_due_on"),
            models.Index(fields=["settled", "due_on", "id"], name="receivable_open_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receivable_amount_positive"),
            models.CheckConstraint(condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=F("amount")), name="receivable_paid_within_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.due_on}"

    @property
    def open_amount(self):
        """What is still to be paid (amount − payments so far)."""
        return self.amount - self.paid_amount


class Payment(models.Model):
    scoping = ScopeRule(employee="receivable__contract__owner", domain=Domain.COMMERCIAL)

    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["receivable", "paid_on"], name="payment_receivable_paid_on")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.receivable} · {self.amount} · {self.paid_on}"

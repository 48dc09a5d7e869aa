"""The incentive plan of a year (every configurable bonus number of SPEC §5), the monthly bonus
sheet with its rows and state transitions, and HR's manual adjustments.

Invariants money depends on are database constraints: one plan per year, one sheet per month,
one row per (sheet, employee), non-negative plan amounts and band rates, non-zero adjustments
with a reason."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import month_start_constraint
from teams.scoping import Domain, ScopedQuerySet, ScopeRule


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("default", Decimal("0.00"))
    kwargs.setdefault("max_digits", 14)
    return models.DecimalField(verbose_name, decimal_places=2, **kwargs)


#: Room for what the rules compute from bounded inputs (SPEC §13.1). Attainment: the largest actual
#: the 14-digit money columns hold (< 10^12) over the smallest target (1.00) is < 10^14 % — 14
#: integer digits + 2 decimals (the audit's 100,000,000.00 on 1.00 is 10,000,000,000.00 %, 13).
#: Components and total: a commission rate may reach 999.99 %, and a row sums 7 components.
PERCENT_DIGITS = 16
COMPUTED_MONEY_DIGITS = 16


def computed_money_field(verbose_name):
    return money_field(verbose_name, max_digits=COMPUTED_MONEY_DIGITS)


class CommissionMode(models.TextChoices):
    MARGINAL = "marginal", _("Marginal (each slice at its band's rate)")
    FLAT = "flat", _("Flat (all sales at the rate of the band reached)")


#: The plan's amount and count fields a plan validation checks (none may be negative).
PLAN_NUMBER_FIELDS = (
    "top1_amount", "top2_amount", "top3_amount", "top3_min_attainment_pct",
    "first_order_amount", "first_order_days",
    "supervisor_team_bonus", "manager_region_bonus", "team_min_attainment_pct",
    "retention_rate_pct", "referral_amount", "referral_days", "annual_min_attainment_pct",
    # the named quarterly awards (SPEC §5.9)
    "sales_star_amount", "sales_star_min_attainment_pct", "promotion_priority_months",
    "champion_amount", "champion_min_attainment_pct", "development_amount",
    "service_amount", "service_min_surveys",
    "long_service_3_amount", "long_service_5_amount", "long_service_10_amount",
)
#: The on/off switch of each award, by award code (`AwardCode`).
AWARD_SWITCHES = {
    "sales_star": "sales_star_enabled", "sales_champion": "champion_enabled",
    "customer_development": "development_enabled", "customer_service": "service_enabled",
    "long_service": "long_service_enabled",
}


class CommissionBasis(models.TextChoices):
    SIGNED = "signed", _("Signed sales (the month's contract amounts)")
    COLLECTED = "collected", _("Collected cash (payments received in the month)")


class IncentivePlan(models.Model):
    """One per year. `version` goes up on every saved change, and each bonus row records the
    version it was computed with (SPEC §4.3). Defaults come from the data migration."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    commission_mode = models.CharField(
        _("commission mode"), max_length=10, choices=CommissionMode.choices, default=CommissionMode.MARGINAL
    )
    top1_amount = money_field(_("top-3 bonus: 1st place"), default=Decimal("2000.00"))
    top2_amount = money_field(_("top-3 bonus: 2nd place"), default=Decimal("1000.00"))
    top3_amount = money_field(_("top-3 bonus: 3rd place"), default=Decimal("500.00"))
    top3_min_attainment_pct = models.DecimalField(
        _("top-3 bonus: minimum attainment %"), max_digits=6, decimal_places=2, default=Decimal("100.00")
    )
    first_order_amount = money_field(_("first-order bonus"), default=Decimal("300.00"))
    first_order_days = models.IntegerField(_("first-order bonus: days after hire"), default=90)
    supervisor_team_bonus = money_field(_("team achievement bonus: supervisor"), default=Decimal("2000.00"))
    manager_region_bonus = money_field(_("team achievement bonus: manager"), default=Decimal("5000.00"))
    team_min_attainment_pct = models.DecimalField(
        _("team achievement bonus: minimum attainment %"), max_digits=6, decimal_places=2, default=Decimal("100.00")
    )
    retention_rate_pct = models.DecimalField(
        _("retention bonus rate %"), max_digits=5, decimal_places=2, default=Decimal("0.50")
    )
    referral_amount = money_field(_("referral reward"), default=Decimal("1000.00"))
    referral_days = models.IntegerField(_("referral reward: days the hire completes"), default=90)
    annual_min_attainment_pct = models.DecimalField(
        _("annual lists: minimum attainment %"), max_digits=6, decimal_places=2, default=Decimal("100.00")
    )
    commission_basis = models.CharField(
        _("commission basis"), max_length=10, choices=CommissionBasis.choices, default=CommissionBasis.SIGNED
    )
    # --- named quarterly awards (SPEC §5.9); each can be switched off ---
    sales_star_enabled = models.BooleanField(_("Sales Star: awarded"), default=True)
    sales_star_amount = money_field(_("Sales Star: amount"), default=Decimal("2000.00"))
    sales_star_min_attainment_pct = models.DecimalField(
        _("Sales Star: minimum quarter attainment %"), max_digits=6, decimal_places=2, default=Decimal("100.00"))
    promotion_priority_months = models.IntegerField(_("Sales Star: months of promotion priority"), default=12)
    champion_enabled = models.BooleanField(_("Sales Champion: awarded"), default=True)
    champion_amount = money_field(_("Sales Champion: amount"), default=Decimal("3000.00"))
    champion_min_attainment_pct = models.DecimalField(
        _("Sales Champion: minimum quarter attainment %"), max_digits=6, decimal_places=2, default=Decimal("100.00"))
    development_enabled = models.BooleanField(_("Best Customer Development: awarded"), default=True)
    development_amount = money_field(_("Best Customer Development: amount"), default=Decimal("1000.00"))
    service_enabled = models.BooleanField(_("Best Customer Service: awarded"), default=True)
    service_amount = money_field(_("Best Customer Service: amount"), default=Decimal("1000.00"))
    service_min_surveys = models.IntegerField(_("Best Customer Service: minimum surveys in the quarter"), default=3)
    long_service_enabled = models.BooleanField(_("Long service: awarded"), default=True)
    long_service_3_amount = money_field(_("Long service: 3 years"), default=Decimal("500.00"))
    long_service_5_amount = money_field(_("Long service: 5 years"), default=Decimal("1000.00"))
    long_service_10_amount = money_field(_("Long service: 10 years"), default=Decimal("2000.00"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("incentive plan")
        verbose_name_plural = _("incentive plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in PLAN_NUMBER_FIELDS}),
                name="incentiveplan_numbers_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} (v{self.version})"

    @property
    def top3_amounts(self) -> tuple[Decimal, Decimal, Decimal]:
        return (self.top1_amount, self.top2_amount, self.top3_amount)


class CommissionBand(models.Model):
    """An attainment band of the tiered commission: [lower_pct, upper_pct) at rate_pct; the last
    band has no upper bound (∞). The bands of a plan cover [0, ∞) with no gap or overlap
    (`incentives.rules.commission_bands_validate`, run whenever a plan is saved)."""

    plan = models.ForeignKey(IncentivePlan, on_delete=models.CASCADE, related_name="bands",
                             verbose_name=pgettext_lazy("incentive plan", "plan"))
    lower_pct = models.DecimalField(_("from attainment %"), max_digits=7, decimal_places=2)
    upper_pct = models.DecimalField(
        _("below attainment %"), max_digits=7, decimal_places=2, null=True, blank=True,
        help_text=_("Empty for the last band (no upper limit)."),
    )
    rate_pct = models.DecimalField(_("commission rate %"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["plan", "lower_pct"]
        verbose_name = _("commission band")
        verbose_name_plural = _("commission bands")
        constraints = [
            models.UniqueConstraint(fields=["plan", "lower_pct"], name="commissionband_unique_lower"),
            models.CheckConstraint(condition=Q(lower_pct__gte=0, rate_pct__gte=0), name="commissionband_not_negative"),
            models.CheckConstraint(
                condition=Q(upper_pct__isnull=True) | Q(upper_pct__gt=F("lower_pct")),
                name="commissionband_upper_above_lower",
            ),
        ]

    def __str__(self) -> str:
        upper = f"{self.upper_pct} %" if self.upper_pct is not None else "∞"
        return f"[{self.lower_pct} %, {upper}) → {self.rate_pct} %"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Exported")
    PAID = "paid", pgettext_lazy("bonus sheet status", "Paid")


#: From these states on a sheet, its rows and its month never change (SPEC §5.4).
LOCKED_STATUSES = (SheetStatus.APPROVED, SheetStatus.EXPORTED, SheetStatus.PAID)


class BonusSheet(models.Model):
    """The bonus sheet of one month (exactly one: a unique month). Moves only through the
    transition functions of `incentives.services.sheets`."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month."))
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    plan = models.ForeignKey(IncentivePlan, on_delete=models.PROTECT, related_name="sheets",
                             verbose_name=pgettext_lazy("incentive plan", "plan"))
    plan_version = models.PositiveIntegerField(_("plan version"), default=1)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("generated by"),
    )
    last_changes = models.JSONField(
        _("changes at the last generation"), default=dict, blank=True,
        help_text=_("Rows added, removed and changed when the draft was last regenerated."),
    )
    payroll_reference = models.CharField(_("payroll reference"), max_length=100, blank=True)
    paid_on = models.DateField(pgettext_lazy("payroll", "paid on"), null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("bonus sheet")
        verbose_name_plural = _("bonus sheets")
        constraints = [month_start_constraint("month", "bonussheet_month_first_day")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.get_status_display()})"

    @property
    def month_label(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def status_tone(self) -> str:
        """The badge's tone: settled ("ok": approved or exported), awaiting the director ("warn")."""
        if self.is_locked:
            return "ok"
        return "warn" if self.status == SheetStatus.SUBMITTED else ""


class BonusSheetTransition(models.Model):
    """Every state change of a sheet: who, when, from, to, the person's note (as typed) and what
    the system recorded (`system_note`: a phrase such as "Generated: 12 rows, …", rendered in the
    reader's language; plain text for notes recorded before phrases existed)."""

    sheet = models.ForeignKey(BonusSheet, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=10, choices=SheetStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=SheetStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    system_note = models.JSONField(_("recorded by the system"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("bonus sheet transition")
        verbose_name_plural = _("bonus sheet transitions")

    def __str__(self) -> str:
        return f"{self.sheet}: {self.from_status} → {self.to_status}"


#: The money columns of a row, in sheet order; `total` is their sum.
BONUS_COMPONENTS = ("commission", "top3", "first_order", "team_bonus", "retention", "referral", "awards",
                    "adjustments")
#: Every money column of a row, in sheet order (what totals and exports sum).
MONEY_COLUMNS = (*BONUS_COMPONENTS, "total")
#: Columns compared when a draft is regenerated ("what changed since the last draft").
COMPARED_FIELDS = ("target", "actual", "attainment", "composite", "rank", *BONUS_COMPONENTS, "total")


HALF_CENT = Value(Decimal("0.005"))
_COMPONENT_SUM = (F("commission") + F("top3") + F("first_order") + F("team_bonus") + F("retention") + F("referral")
                  + F("awards") + F("adjustments"))


class BonusRow(models.Model):
    """One employee's line on a month's sheet. Name, number, team and role are copied at
    generation so an approved sheet reads the same after people move. `inputs` holds what the
    rules used, `explanation` one phrase per component (`incentives.phrases`; plain text in rows
    generated before phrases existed), `changes` what the last regeneration changed
    ({"changed": [phrase, …]}; {"added": true} for a new row)."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    sheet = models.ForeignKey(BonusSheet, on_delete=models.CASCADE, related_name="rows")
    employee = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="bonus_rows")
    number = models.CharField(pgettext_lazy("bonus row", "employee number"), max_length=20)
    name = models.CharField(pgettext_lazy("bonus row", "name"), max_length=100)
    team = models.CharField(_("team"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=12)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    actual = money_field(_("actual sales"))
    attainment = models.DecimalField(_("attainment %"), max_digits=PERCENT_DIGITS, decimal_places=2, null=True,
                                     blank=True)
    composite = models.DecimalField(_("composite score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("company rank"), null=True, blank=True)
    commission = computed_money_field(_("commission"))
    top3 = computed_money_field(_("top-3 bonus"))
    first_order = computed_money_field(_("first-order bonus"))
    team_bonus = computed_money_field(_("team achievement bonus"))
    retention = computed_money_field(_("retention bonus"))
    referral = computed_money_field(_("referral reward"))
    awards = computed_money_field(_("awards"))
    adjustments = computed_money_field(_("adjustments"))
    total = computed_money_field(_("total"))
    inputs = models.JSONField(pgettext_lazy("bonus row", "inputs"), default=dict, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    plan_version = models.PositiveIntegerField(_("plan version"), default=1)
    changes = models.JSONField(pgettext_lazy("bonus row", "changes since the last draft"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sheet", "number"]
        verbose_name = _("bonus row")
        verbose_name_plural = _("bonus rows")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "employee"], name="bonusrow_unique_sheet_employee"),
            models.CheckConstraint(
                condition=Q(commission__gte=0, top3__gte=0, first_order__gte=0, team_bonus__gte=0,
                            retention__gte=0, referral__gte=0, awards__gte=0),
                name="bonusrow_rule_amounts_not_negative",
            ),
            # total = the sum of the components; within half a cent because SQLite adds decimals
            # as floating point (PostgreSQL's numeric is exact, so there it is equality).
            models.CheckConstraint(
                condition=Q(total__gt=_COMPONENT_SUM - HALF_CENT, total__lt=_COMPONENT_SUM + HALF_CENT),
                name="bonusrow_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet.month:%Y-%m} · {self.name} ({self.number})"

    @property
    def has_money(self) -> bool:
        return any(getattr(self, name) for name in BONUS_COMPONENTS)


class BonusAdjustment(models.Model):
    """A manual ± amount for one employee in one month, with a required reason, entered by HR
    (SPEC §5.7). Never edited or deleted: a correction is another adjustment."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    month = models.DateField(_("month"), help_text=_("First day of the month."))
    employee = models.ForeignKey(
        "teams.Employee", on_delete=models.PROTECT, related_name="bonus_adjustments", verbose_name=_("employee")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "recorded_at", "id"]
        verbose_name = _("bonus adjustment")
        verbose_name_plural = _("bonus adjustments")
        indexes = [models.Index(fields=["month", "employee"], name="bonusadjustment_month_emp")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="bonusadjustment_amount_not_zero"),
            models.CheckConstraint(condition=~Q(reason=""), name="bonusadjustment_reason_required"),
            month_start_constraint("month", "bonusadjustment_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.employee}: {self.amount}"


class AwardCode(models.TextChoices):
    SALES_STAR = "sales_star", _("Sales Star")
    SALES_CHAMPION = "sales_champion", _("Sales Champion")
    CUSTOMER_DEVELOPMENT = "customer_development", _("Best Customer Development")
    CUSTOMER_SERVICE = "customer_service", _("Best Customer Service")
    LONG_SERVICE = "long_service", _("Long service")


class BonusAward(models.Model):
    """A named award won by one employee, paid on the month's sheet (`BonusRow.awards`), with the
    figures that won it (`figures`, shown on the certificate) and its explanation (a phrase).
    Rebuilt with the draft: a regeneration replaces the sheet's awards."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    sheet = models.ForeignKey(BonusSheet, on_delete=models.CASCADE, related_name="awards")
    employee = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="bonus_awards",
                                 verbose_name=_("employee"))
    code = models.CharField(_("award"), max_length=24, choices=AwardCode.choices)
    period_label = models.CharField(_("period"), max_length=10, help_text=_("The quarter (2026-Q3) or the month."))
    amount = money_field(_("amount"))
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sheet", "code", "employee"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "employee", "code"], name="bonusaward_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="bonusaward_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} · {self.get_code_display()} · {self.employee_id}"


class InquiryCategory(models.TextChoices):
    MISSING_CONTRACT = "missing_contract", _("Missing contract")
    WRONG_AMOUNT = "wrong_amount", _("Wrong amount or date")
    WRONG_TARGET = "wrong_target", _("Wrong target")
    RULE = "rule", _("Rule applied wrongly")
    OTHER = "other", _("Other")


class InquiryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


#: Inquiries awaiting HR: while one is on a sheet, the sheet cannot be approved (SPEC §5.5).
AWAITING_HR = (InquiryStatus.OPEN, InquiryStatus.REOPENED)


class BonusInquiry(models.Model):
    """An employee's question about their own row of a month's sheet (SPEC §5.5): raised while the
    sheet is a draft or submitted, answered by HR (explanation required, optionally an adjustment
    citing it), accepted (closed) or reopened once by the employee. Every step is a
    `BonusInquiryStep`."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    sheet = models.ForeignKey(BonusSheet, on_delete=models.CASCADE, related_name="inquiries")
    employee = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="bonus_inquiries",
                                 verbose_name=_("employee"))
    category = models.CharField(_("category"), max_length=20, choices=InquiryCategory.choices)
    text = models.TextField(_("question"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPEN)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    adjustment = models.ForeignKey(BonusAdjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("adjustment"))
    reopened = models.BooleanField(_("reopened once"), default=False)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("bonus inquiry")
        verbose_name_plural = _("bonus inquiries")
        indexes = [models.Index(fields=["sheet", "status"], name="bonusinquiry_sheet_status")]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="bonusinquiry_text_required")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.sheet.month:%Y-%m} · {self.employee_id}"

    @property
    def awaits_hr(self) -> bool:
        return self.status in AWAITING_HR


class BonusInquiryStep(models.Model):
    """One step of an inquiry's life: raised, answered, accepted, reopened — who, when, what."""

    inquiry = models.ForeignKey(BonusInquiry, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("actor"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=10, choices=InquiryStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=InquiryStatus.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("bonus inquiry step")
        verbose_name_plural = _("bonus inquiry steps")

    def __str__(self) -> str:
        return f"{self.inquiry_id}: {self.from_status} → {self.to_status}"

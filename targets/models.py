"""Sales targets (SPEC §3): one amount per period (year / quarter / month), assignee (an org unit
or an employee) and product line; the distribution profiles that split a year into months; the
audit trail of every change; the configurable numbers of decomposition and attainment."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy, month_start_constraint
from common.periods import Period
from teams.scoping import Domain, acting_employee, scope_for

MONTH_FIELDS = tuple(f"m{month:02d}" for month in range(1, 13))


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class SalesTargetQuerySet(models.QuerySet):
    """Targets are people data (SPEC §1.2): the director and HR see all; a head sees the targets
    of the units and people in the subtree they head; everyone else only their own."""

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.covers_all(Domain.PEOPLE):
            return self
        if scope.employee_id is None or not scope.sees_domain(Domain.PEOPLE):
            return self.none()
        from teams.models import Employee, OrgUnit

        # own targets and those of the people a head sees; the units of the subtree they head
        condition = Q(employee__in=Employee.objects.visible_to(user))
        headed = getattr(acting_employee(user), "headed_unit", None)
        if headed is not None:
            condition |= Q(org_unit__in=OrgUnit.objects.subtree_of(headed))
        return self.filter(condition)

    def in_subtree(self, unit):
        """The targets of `unit`'s subtree: its units' and the people's in them."""
        from teams.models import OrgUnit

        units = OrgUnit.objects.subtree_of(unit)
        return self.filter(Q(org_unit__in=units) | Q(employee__org_unit__in=units))

    def for_period(self, period: Period):
        return self.filter(period=str(period))


class SalesTarget(models.Model):
    """One target: `period` is the canonical text ("2026", "2026-Q4", "2026-10"); kind, year,
    quarter, month and the first/last day are stored beside it for range queries."""

    period = models.CharField(_("period"), max_length=7)
    period_kind = models.CharField(_("period kind"), max_length=7, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    org_unit = models.ForeignKey(
        "teams.OrgUnit", verbose_name=_("org unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="sales_targets",
    )
    employee = models.ForeignKey(
        "teams.Employee", verbose_name=_("employee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="sales_targets",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    product_line = models.CharField(_("product line"), max_length=100, blank=True, default="")
    method = models.CharField(_("set by"), max_length=12, blank=True, help_text=_("How the amount was set."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SalesTargetQuerySet.as_manager()

    class Meta:
        ordering = ["start", "period_kind", "org_unit__path", "employee__number", "id"]
        verbose_name = _("sales target")
        verbose_name_plural = _("sales targets")
        indexes = [
            models.Index(fields=["period", "employee"], name="salestarget_period_employee"),
            models.Index(fields=["period", "org_unit"], name="salestarget_period_unit"),
            models.Index(fields=["start", "end"], name="salestarget_range"),
        ]
        constraints = [
            # NULLs are distinct in a unique index, so one constraint per kind of assignee.
            models.UniqueConstraint(
                fields=["period", "employee", "product_line"], condition=Q(employee__isnull=False),
                name="salestarget_one_per_employee",
            ),
            models.UniqueConstraint(
                fields=["period", "org_unit", "product_line"], condition=Q(org_unit__isnull=False),
                name="salestarget_one_per_unit",
            ),
            models.CheckConstraint(
                condition=(Q(org_unit__isnull=False, employee__isnull=True)
                           | Q(org_unit__isnull=True, employee__isnull=False)),
                name="salestarget_one_assignee",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="salestarget_amount_not_negative"),
            models.CheckConstraint(
                condition=(Q(period_kind="year", quarter__isnull=True, month__isnull=True)
                           | Q(period_kind="quarter", quarter__gte=1, quarter__lte=4, month__isnull=True)
                           | Q(period_kind="month", quarter__isnull=True, month__gte=1, month__lte=12)),
                name="salestarget_period_kind_fields",
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="salestarget_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.assignee} · {self.amount}"

    @property
    def assignee(self):
        return self.employee if self.employee_id else self.org_unit

    def get_period(self) -> Period:
        return Period(self.year, self.quarter, self.month)

    @staticmethod
    def period_fields(period: Period) -> dict:
        """The stored columns of a period (for create / bulk_create)."""
        return {
            "period": str(period), "period_kind": period.kind, "year": period.year,
            "quarter": period.quarter, "month": period.month, "start": period.start, "end": period.end,
        }


class TargetChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(target__in=SalesTarget.objects.visible_to(user))


class TargetChange(models.Model):
    """The audit row of one target: who, when, old amount (empty when created), new amount, and
    the reason — required for every change of an existing target (SPEC §3.3)."""

    target = models.ForeignKey(SalesTarget, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old_amount = models.DecimalField(_("old amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    new_amount = models.DecimalField(_("new amount"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"), blank=True)

    objects = TargetChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("target change")
        verbose_name_plural = _("target changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(old_amount__isnull=True) | ~Q(reason=""), name="targetchange_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.period}: {self.old_amount} → {self.new_amount}"


MONTH_NAMES = (
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"), _("August"),
    _("September"), _("October"), _("November"), _("December"),
)


def _month_percent_field(month: int):
    return models.DecimalField(
        verbose_name=MONTH_NAMES[month - 1], max_digits=5, decimal_places=2, default=Decimal("0.00"),
        help_text=_("Percentage of the year."),
    )


class DistributionProfile(models.Model):
    """How a year splits into months (SPEC §3.2.1): 12 percentages with 2 decimals that sum to
    exactly 100.00. One profile is the default (equal, from a data migration)."""

    name = models.CharField(pgettext_lazy("distribution profile", "name"), max_length=100, unique=True)
    is_default = models.BooleanField(_("default"), default=False)
    m01 = _month_percent_field(1)
    m02 = _month_percent_field(2)
    m03 = _month_percent_field(3)
    m04 = _month_percent_field(4)
    m05 = _month_percent_field(5)
    m06 = _month_percent_field(6)
    m07 = _month_percent_field(7)
    m08 = _month_percent_field(8)
    m09 = _month_percent_field(9)
    m10 = _month_percent_field(10)
    m11 = _month_percent_field(11)
    m12 = _month_percent_field(12)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("distribution profile")
        verbose_name_plural = _("distribution profiles")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="profile_one_default"),
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in MONTH_FIELDS}), name="profile_percentages_not_negative"
            ),
            # Two-decimal values summing within half a hundredth of 100 sum to exactly 100.00;
            # the tolerance only absorbs SQLite's binary arithmetic.
            models.CheckConstraint(
                condition=(GreaterThan(sum((F(n) for n in MONTH_FIELDS[1:]), F(MONTH_FIELDS[0])), Decimal("99.995"))
                           & LessThan(sum((F(n) for n in MONTH_FIELDS[1:]), F(MONTH_FIELDS[0])), Decimal("100.005"))),
                name="profile_percentages_sum_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def percentages(self) -> list[Decimal]:
        return [getattr(self, name) for name in MONTH_FIELDS]


class TargetPolicy(SingletonPolicy):
    """Configurable numbers of decomposition and attainment (a single row; defaults in a data
    migration)."""

    core_weight = models.DecimalField(
        _("core member weight"), max_digits=5, decimal_places=2, default=Decimal("1.30"),
        help_text=_("Weight of a core member in an equal split."),
    )
    new_hire_weight = models.DecimalField(
        _("new hire weight"), max_digits=5, decimal_places=2, default=Decimal("1.00"),
        help_text=_("Weight of a new hire in an equal split."),
    )
    difficulty_aim_pct = models.DecimalField(
        _("difficulty aim (%)"), max_digits=5, decimal_places=2, default=Decimal("80.00"),
        help_text=_("Share of reps that should reach their full target (in percent)."),
    )

    class Meta:
        verbose_name = _("target policy")
        verbose_name_plural = _("target policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(core_weight__gte=0, new_hire_weight__gte=0), name="targetpolicy_weights_not_negative"
            ),
        ]



class PublishedActuals(models.Model):
    """Each person's actual sales of one month as the month's bonus sheet and scorecards were last
    computed from them (recorded at every generation of the draft; frozen once the month is closed,
    like its targets). For a closed month every screen reads these instead of summing contracts,
    so the attainment page, the scorecards and the exported sheet show the same published figures
    even if a contract is later back-dated into the month (SPEC §13.1). One row per month:
    `amounts` maps employee id (as text) to the amount (as text with 2 decimals)."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month."))
    amounts = models.JSONField(_("actual sales by employee"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("published actual sales")
        verbose_name_plural = _("published actual sales")
        constraints = [month_start_constraint("month", "publishedactuals_month_first_day")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    def by_employee(self) -> dict[int, Decimal]:
        return {int(employee_id): Decimal(amount) for employee_id, amount in self.amounts.items()}

"""The rolling forecast's configuration and its kept monthly figures (SPEC §3.5)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import SingletonPolicy, month_start_constraint

_PCT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _pct_field(label, default):
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default), validators=_PCT)


class StageProbability(SingletonPolicy):
    """The probability (a percentage 0–100) with which an open opportunity of each stage counts in
    the weighted forecast. One row (defaults in a data migration)."""

    lead_pct = _pct_field(_("lead (%)"), 10)
    contacted_pct = _pct_field(_("contacted (%)"), 20)
    needs_analysis_pct = _pct_field(_("needs analysis (%)"), 40)
    proposal_pct = _pct_field(_("proposal (%)"), 60)
    negotiation_pct = _pct_field(_("negotiation (%)"), 80)

    class Meta:
        verbose_name = _("stage probabilities")
        verbose_name_plural = _("stage probabilities")

    def by_stage(self) -> dict[str, Decimal]:
        """{stage code: percentage 0–100} for the open stages."""
        return {
            "lead": self.lead_pct, "contacted": self.contacted_pct, "needs_analysis": self.needs_analysis_pct,
            "proposal": self.proposal_pct, "negotiation": self.negotiation_pct,
        }


class ForecastSnapshot(models.Model):
    """A unit's forecast of its running month, upserted daily: once the month is over, the row is
    the month's last forecast before close (for forecast accuracy: forecast vs final actual)."""

    org_unit = models.ForeignKey("teams.OrgUnit", on_delete=models.CASCADE, related_name="forecast_snapshots")
    month = models.DateField(_("month"))
    taken_on = models.DateField(_("taken on"))
    actual = models.DecimalField(_("actual to date"), max_digits=16, decimal_places=2)
    weighted = models.DecimalField(_("weighted forecast"), max_digits=16, decimal_places=2)
    best_case = models.DecimalField(_("best case"), max_digits=16, decimal_places=2)
    commit = models.DecimalField(_("commit"), max_digits=16, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("forecast snapshot")
        verbose_name_plural = _("forecast snapshots")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="dashboard_snapshot_unit_month"),
            month_start_constraint("month", "dashboard_snapshot_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month:%Y-%m}"


class MonthFacts(models.Model):
    """The read model of the dashboards (issue 12 item 5): one row per person and month with the
    inputs of every tile, as `dashboard.facts.compute_facts` derives them from the source tables
    through the scorecards' selectors. Kept current after each commit that changes an input
    (signals in `dashboard.signals`), rebuilt nightly and by `manage.py rebuild_facts`; `manage.py
    check_facts` compares it with a recomputation. A unit's figures are SQL sums over the people of
    its subtree (joined through the person's current unit: a move between teams moves the history)."""

    employee = models.ForeignKey("teams.Employee", on_delete=models.CASCADE, related_name="month_facts")
    month = models.DateField(_("month"))
    is_rep = models.BooleanField(default=False)  # a rep employed in the month
    actual = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0.00"))
    target = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    won = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    due = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    received = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    ending = models.PositiveIntegerField(default=0)
    renewed = models.PositiveIntegerField(default=0)
    new_prospects = models.PositiveIntegerField(default=0)
    followup_compliance_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("month facts")
        verbose_name_plural = _("month facts")
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="dashboard_facts_employee_month"),
            month_start_constraint("month", "dashboard_facts_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "employee"], name="dashboard_facts_month_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:%Y-%m}"


class UnitMonthTarget(models.Model):
    """A unit's target of a month as `targets.selectors.unit_targets` answers it (its own, else the
    sum below it), kept with the facts so the 12-month trend reads 13 small rows instead of every
    person's targets. Absent: no target."""

    org_unit = models.ForeignKey("teams.OrgUnit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    target = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="dashboard_unit_target_month"),
            month_start_constraint("month", "dashboard_unit_target_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month:%Y-%m}"

"""Customer health (SPEC §16.2): a 0–100 score from five weighted components, recomputed with the
tiers. `CustomerHealth` keeps one row per customer and month (the trend); the customer's current
band is also on `Customer.health_band` so the list filters on an indexed column."""

from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import SingletonPolicy, month_start_constraint


class HealthBand(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    WATCH = "watch", _("Watch")
    AT_RISK = "at_risk", _("At risk")


class HealthComponent(models.TextChoices):
    CONTACT_RECENCY = "contact_recency", _("Contact recency")
    REVENUE_TREND = "revenue_trend", _("Revenue trend")
    PAYMENT = "payment", _("Payment behaviour")
    SATISFACTION = "satisfaction", _("Satisfaction")
    COMPLAINTS = "complaints", _("Complaints")


class CustomerHealth(models.Model):
    """The health of one customer in one month (the last recompute of that month wins)."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="health_history")
    month = models.DateField(_("month"))
    as_of = models.DateField(_("as of"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    band = models.CharField(_("band"), max_length=8, choices=HealthBand.choices)
    #: ``[[code, score, weight, *facts], …]`` in the order of `HealthComponent` (a component
    #: without data — no survey — is absent); the explanation is made from the facts when read
    #: (`customers.services.health.component_explanation`).
    components = models.JSONField(default=list)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("customer health")
        verbose_name_plural = _("customer health")
        constraints = [
            models.UniqueConstraint(fields=["customer", "month"], name="customerhealth_one_per_month"),
            month_start_constraint("month", "customerhealth_month_start"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="customerhealth_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.month:%Y-%m}: {self.score}"


def _weight(default: int, label):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(100)])


class HealthPolicy(SingletonPolicy):
    """Weights of the five components (sum 100) and the band lines (SPEC §16.2 defaults)."""

    weight_contact_recency = _weight(25, _("weight: contact recency"))
    weight_revenue_trend = _weight(25, _("weight: revenue trend"))
    weight_payment = _weight(20, _("weight: payment behaviour"))
    weight_satisfaction = _weight(15, _("weight: satisfaction"))
    weight_complaints = _weight(15, _("weight: complaints"))
    healthy_from = models.DecimalField(_("healthy from"), max_digits=5, decimal_places=2, default=Decimal("70.00"))
    watch_from = models.DecimalField(_("watch from"), max_digits=5, decimal_places=2, default=Decimal("40.00"))
    complaint_window_days = models.PositiveSmallIntegerField(_("complaints counted over (days)"), default=90)
    payment_grace_days = models.PositiveSmallIntegerField(_("overdue days scored 50"), default=30)

    class Meta:
        verbose_name = _("customer health policy")
        verbose_name_plural = _("customer health policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(watch_from__gte=0) & Q(watch_from__lte=F("healthy_from")) & Q(healthy_from__lte=100),
                name="healthpolicy_band_order",
            ),
        ]

    def weights(self) -> dict[str, int]:
        """{component code (a plain str): weight}."""
        return {
            HealthComponent.CONTACT_RECENCY.value: self.weight_contact_recency,
            HealthComponent.REVENUE_TREND.value: self.weight_revenue_trend,
            HealthComponent.PAYMENT.value: self.weight_payment,
            HealthComponent.SATISFACTION.value: self.weight_satisfaction,
            HealthComponent.COMPLAINTS.value: self.weight_complaints,
        }

    def clean(self):
        from django.core.exceptions import ValidationError

        if sum(self.weights().values()) != 100:
            raise ValidationError({"weight_contact_recency": _("The five weights must sum to 100.")})
        if self.watch_from > self.healthy_from:
            raise ValidationError({"watch_from": _("The watch line must not be above the healthy line.")})

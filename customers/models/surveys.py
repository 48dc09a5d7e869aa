from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teams.scoping import Domain, ScopedQuerySet, ScopeRule


class SatisfactionSurvey(models.Model):
    """Attributed to the customer's owner *at the survey date* (`owner` is stored when recorded)."""

    scoping = ScopeRule(employee="owner", domain=Domain.CUSTOMERS)

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="surveys")
    owner = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="+",
                              help_text=_("The customer's owner on the survey date."))
    surveyed_on = models.DateField(_("date"))
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-surveyed_on", "-id"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        indexes = [models.Index(fields=["owner", "surveyed_on"], name="survey_owner_date")]
        constraints = [models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="survey_score_0_100")]

    def __str__(self) -> str:
        return f"{self.customer} · {self.surveyed_on:%Y-%m-%d} · {self.score}"

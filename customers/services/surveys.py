"""Satisfaction surveys (SPEC §2.6): recorded against the customer's owner *on the survey date*."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer, CustomerOwnerChange, PipelinePolicy, SatisfactionSurvey
from customers.services._bounds import check_clean_text, check_plausible_date, ensure_open_month
from customers.services.customers import SALES_ROLES, ensure_customer_visible
from teams.models import Employee
from teams.scoping import require_role


def customer_owner_on(*, customer: Customer, day: date) -> Employee:
    """Who owned the customer at the end of `day`: the old owner of the first reassignment made
    after that day, or the current owner when there was none (one query)."""
    next_day_start = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    change = (
        CustomerOwnerChange.objects.filter(customer=customer, changed_at__gte=next_day_start, old_owner__isnull=False)
        .select_related("old_owner").order_by("changed_at", "id").first()
    )
    return change.old_owner if change is not None else customer.owner


def satisfaction_is_warning(score: int | float | None, *, policy: PipelinePolicy | None = None) -> bool:
    """Below `satisfaction_warning_below` (80) is a warning."""
    if score is None:
        return False
    policy = policy or PipelinePolicy.current()
    return score < policy.satisfaction_warning_below


@transaction.atomic
def survey_create(*, actor, customer: Customer, surveyed_on: date, score: int, comment: str = "") -> SatisfactionSurvey:
    """Record a satisfaction survey (score 0–100, not in the future nor in a closed month),
    attributed to the owner on that date."""
    require_role(actor, *SALES_ROLES)
    if customer is None:
        raise ValidationError({"customer": _("Choose a customer.")})
    ensure_customer_visible(user=actor, customer=customer, field="customer")
    errors = {}
    if not isinstance(surveyed_on, date):
        errors["surveyed_on"] = _("Give the survey date.")
    elif surveyed_on > timezone.localdate():
        errors["surveyed_on"] = _("A survey date cannot be in the future.")
    check_plausible_date(errors, surveyed_on, field="surveyed_on")
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        errors["score"] = _("The score is a whole number from 0 to 100.")
    check_clean_text(errors, {"comment": comment})
    if errors:
        raise ValidationError(errors)
    # The satisfaction KPI of a closed month is published (SPEC §13.1).
    ensure_open_month(surveyed_on, field="surveyed_on")
    customer = Customer.objects.select_related("owner").get(pk=customer.pk)
    owner = customer_owner_on(customer=customer, day=surveyed_on)
    return SatisfactionSurvey.objects.create(
        customer=customer, owner=owner, surveyed_on=surveyed_on, score=score, comment=(comment or "").strip(),
    )

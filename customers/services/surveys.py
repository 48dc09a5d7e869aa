"""Satisfaction surveys (SPEC §2.6): recorded against the customer's owner *on the survey date*."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer, SatisfactionSurvey
from customers.selectors.customers import customer_owner_on
from customers.services._bounds import check_clean_text, check_plausible_date, ensure_open_month
from customers.services.customers import SALES_ROLES, ensure_customer_visible
from teams.scoping import require_role


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

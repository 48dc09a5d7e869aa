"""The daily alerts of complaints and customer health (SPEC §8, §16), discovered by
`alerts.registry`.

- ``complaint_sla``: a complaint whose first-response or resolution SLA has passed unmet — to the
  handler and their line manager, keyed by complaint and SLA, so once each (and a run after missed
  days still raises every breach it never sent).
- ``customer_at_risk``: an A/B customer whose health band moved into `at_risk` — to the owner and
  their supervisor, keyed by the customer and the day of the move, so once per move.
"""

from datetime import datetime, time, timedelta

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.registry import Item, daily_alert, register_kind
from alerts.selectors import line_managers
from common.phrases import phrase
from customers import phrases
from customers.models import Customer, CustomerHealth, HealthBand, Tier
from customers.selectors.complaints import complaints_needing_sla_alert

register_kind("complaint_assigned", _("Complaint assigned to you"))


def _user(employee):
    return getattr(employee, "user", None) if employee is not None else None


def _with_manager(employees) -> dict:
    """{employee id: [their user, their line manager's user]} (three queries for all of them)."""
    employees = {e.pk: e for e in employees}
    managers = line_managers(list(employees.values()))
    return {pk: [_user(e), managers.get(pk)] for pk, e in employees.items()}


def _run_moment(today) -> datetime:
    """The alert run's "now": the real clock, but never past the end of `today` (a catch-up run)."""
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    return min(timezone.now(), end)


@daily_alert("complaint_sla", _("Complaint SLA breached"), order=65,
             header=_("Complaint SLAs breached: %(count)s."))
def complaint_sla(today):
    found = complaints_needing_sla_alert(now=_run_moment(today))
    recipients = _with_manager(complaint.handler for complaint, _which in found)
    for complaint, which in found:
        due = complaint.response_due_at if which == "response" else complaint.resolution_due_at
        yield Item(
            key=f"complaint-sla:{complaint.pk}:{which}",
            recipients=recipients[complaint.handler_id],
            message=phrase(
                phrases.COMPLAINT_RESPONSE_BREACHED if which == "response" else phrases.COMPLAINT_RESOLUTION_BREACHED,
                number=str(complaint.pk), customer=complaint.customer.name,
                severity=phrase(phrases.SEVERITY[complaint.severity]), handler=complaint.handler.name,
                due=timezone.localtime(due).strftime("%Y-%m-%d %H:%M")),
            link=reverse("customers:complaint-detail", args=[complaint.pk]),
        )


def at_risk_customers() -> list[Customer]:
    """A/B customers in the at-risk band, each with its latest `health_score`."""
    latest = CustomerHealth.objects.filter(customer=OuterRef("pk")).order_by("-month").values("score")[:1]
    return list(Customer.objects.filter(health_band=HealthBand.AT_RISK, tier__in=[Tier.A, Tier.B])
                .annotate(health_score=Subquery(latest)).select_related("owner__user", "owner__org_unit")
                .order_by("pk"))


@daily_alert("customer_at_risk", _("Customer health at risk"), order=72,
             header=_("A/B customers whose health turned at risk: %(count)s."))
def customer_at_risk(today):
    customers = at_risk_customers()
    recipients = _with_manager(customer.owner for customer in customers)
    for customer in customers:
        since = customer.health_band_since.isoformat() if customer.health_band_since else "0"
        yield Item(
            key=f"customer-at-risk:{customer.pk}:{since}",
            recipients=recipients[customer.owner_id],
            message=phrase(phrases.CUSTOMER_AT_RISK, customer=customer.name, tier=customer.tier,
                           score=str(customer.health_score), owner=customer.owner.name),
            link=reverse("customers:customer-detail", args=[customer.pk]),
        )

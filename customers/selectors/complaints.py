"""Complaint reads (SPEC §16.1): the scoped list and queue, breach flags in SQL, and the set-based
per-owner counts the KPI catalogue, the awards and the dashboard read (the complaint rate). Each
runs a fixed number of queries whatever the number of rows."""

from datetime import date, datetime

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, QuerySet, When
from django.utils import timezone

from common.periods import Period, add_months
from customers.models import Complaint, ComplaintStatus, Contract
from customers.models.complaints import UNRESOLVED_STATUSES
from customers.rules import sla_breached
from customers.selectors.customers import _month_bounds, filter_given

#: "Active customer": a contract signed in the trailing 12 months (SPEC §16.1).
ACTIVE_MONTHS = 12


def response_breach_condition(now: datetime) -> Q:
    """`customers.rules.sla_breached` for the first response, in SQL (at the due time: on time)."""
    return (Q(responded_at__isnull=False, responded_at__gt=F("response_due_at"))
            | Q(responded_at__isnull=True, response_due_at__lt=now))


def resolution_breach_condition(now: datetime) -> Q:
    """`customers.rules.sla_breached` for the resolution, in SQL."""
    return (Q(resolved_at__isnull=False, resolved_at__gt=F("resolution_due_at"))
            | Q(resolved_at__isnull=True, resolution_due_at__lt=now))


def with_breaches(queryset: QuerySet, now: datetime | None = None) -> QuerySet:
    """Annotate `response_breached` and `resolution_breached` (bools) as of `now`."""
    now = now or timezone.now()
    return queryset.annotate(
        response_breached=ExpressionWrapper(response_breach_condition(now), output_field=BooleanField()),
        resolution_breached=ExpressionWrapper(resolution_breach_condition(now), output_field=BooleanField()),
    )


def complaint_breaches(complaint: Complaint, *, now: datetime | None = None) -> tuple[bool, bool]:
    """(response breached, resolution breached) of one loaded complaint."""
    now = now or timezone.now()
    return (sla_breached(due_at=complaint.response_due_at, done_at=complaint.responded_at, now=now),
            sla_breached(due_at=complaint.resolution_due_at, done_at=complaint.resolved_at, now=now))


def complaint_list(*, user, status: str | None = None, severity: str | None = None, customer_id: int | None = None,
                   handler_id: int | None = None, breached: bool = False, now: datetime | None = None) -> QuerySet:
    """The complaints `user` sees, filtered, with customer and handler, breach flags annotated —
    one query per page, newest first (index `complaint_newest_first`)."""
    now = now or timezone.now()
    complaints = with_breaches(
        Complaint.objects.visible_to(user).select_related("customer", "handler", "owner"), now)
    complaints = filter_given(complaints, status=status, severity=severity, customer_id=customer_id,
                              handler_id=handler_id)
    if breached:
        complaints = complaints.filter(response_breach_condition(now) | resolution_breach_condition(now))
    return complaints.order_by("-received_at", "-id")


def _next_due_expression():
    """The due time the handler is working against: the response while open, then the resolution."""
    return Case(When(status=ComplaintStatus.OPEN, then=F("response_due_at")), default=F("resolution_due_at"))


def complaint_queue(*, user, employee, now: datetime | None = None) -> QuerySet:
    """The handler's queue: the complaints `employee` handles that are open, in progress or
    reopened, soonest due first (read through `user`'s scope)."""
    return with_breaches(
        Complaint.objects.visible_to(user).filter(handler=employee, status__in=UNRESOLVED_STATUSES)
        .select_related("customer"), now,
    ).annotate(next_due_at=_next_due_expression()).order_by("next_due_at", "id")


def open_complaints_for(*, employee, limit: int = 10) -> list[dict]:
    """The complaints `employee` handles that are open / in progress / reopened, soonest due
    first: id, customer (id), customer_name, severity (+ label), status (+ label), due_at (the
    response due while open, else the resolution due) and breached (either SLA). One query."""
    now = timezone.now()
    rows = (
        with_breaches(Complaint.objects.filter(handler=employee, status__in=UNRESOLVED_STATUSES), now)
        .annotate(next_due_at=_next_due_expression()).select_related("customer").order_by("next_due_at", "id")[:limit]
    )
    return [{
        "id": c.pk, "customer": c.customer_id, "customer_name": c.customer.name,
        "severity": c.severity, "severity_label": str(c.get_severity_display()),
        "status": c.status, "status_label": str(c.get_status_display()),
        "due_at": c.next_due_at, "breached": bool(c.response_breached or c.resolution_breached),
    } for c in rows]


def complaint_counts_by_owner(*, month: Period) -> dict[int, int]:
    """Complaints received in the month per attributed owner (employee id). One query."""
    start, end = _month_bounds(month)
    rows = (Complaint.objects.filter(received_at__gte=start, received_at__lt=end).order_by()
            .values("owner_id").annotate(n=Count("id")).values_list("owner_id", "n"))
    return dict(rows)


def active_customer_counts(*, as_of: date) -> dict[int, int]:
    """Per owner (the customer's owner): customers with a contract signed in the trailing 12
    months up to `as_of` (as_of − 12 months excluded, as_of included). One query."""
    rows = (Contract.objects.filter(signed_on__gt=add_months(as_of, -ACTIVE_MONTHS), signed_on__lte=as_of)
            .order_by().values("customer__owner_id").annotate(n=Count("customer_id", distinct=True))
            .values_list("customer__owner_id", "n"))
    return dict(rows)


def unresolved_complaint_counts(*, at: datetime) -> dict[int, int]:
    """Per attributed owner: complaints received before `at` that were not resolved (nor closed)
    at `at` — never resolved, or resolved only after it. One query."""
    rows = (Complaint.objects.filter(received_at__lt=at).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=at))
            .order_by().values("owner_id").annotate(n=Count("id")).values_list("owner_id", "n"))
    return dict(rows)


def breach_counts_by_handler(*, month: Period, now: datetime | None = None) -> dict[int, tuple[int, int]]:
    """Per handler: (response breaches, resolution breaches) of the complaints received in the
    month, as of `now`. One query (SPEC §16.1: breaches counted per rep and unit)."""
    now = now or timezone.now()
    start, end = _month_bounds(month)
    rows = (Complaint.objects.filter(received_at__gte=start, received_at__lt=end).order_by().values("handler_id")
            .annotate(response=Count("id", filter=response_breach_condition(now)),
                      resolution=Count("id", filter=resolution_breach_condition(now)))
            .values_list("handler_id", "response", "resolution"))
    return {handler: (response, resolution) for handler, response, resolution in rows}


def complaints_needing_sla_alert(*, now: datetime) -> list[tuple[Complaint, str]]:
    """(complaint, "response" | "resolution") for every SLA breached and still not met at `now`:
    the daily alert's candidates (keyed by complaint and SLA; the alerts ledger sends each once)."""
    unmet = (Complaint.objects.filter(status__in=UNRESOLVED_STATUSES)
             .filter(Q(responded_at__isnull=True, response_due_at__lt=now) | Q(resolved_at__isnull=True,
                                                                                 resolution_due_at__lt=now))
             .select_related("customer", "handler__user", "handler__org_unit").order_by("pk"))
    found = []
    for complaint in unmet:
        if complaint.responded_at is None and complaint.response_due_at < now:
            found.append((complaint, "response"))
        if complaint.resolved_at is None and complaint.resolution_due_at < now:
            found.append((complaint, "resolution"))
    return found

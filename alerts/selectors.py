"""Reads of the alerts: the alert-only candidate queries the daily kinds use (the customers app's
selectors serve the rest), and the inbox reads (a person's own notifications, the unread count).
Every candidate query runs a fixed number of queries whatever the number of rows."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, DateTimeField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.utils import timezone

from alerts.models import AlertItem, AlertPolicy
from common.calendar import working_days
from common.exceptions import NotFound
from common.models import Notification
from customers.models import Contract, Customer, CustomerStatus, CustomerTierChange, FollowUp, Opportunity
from customers.models.pipeline import OPEN_STAGES
from customers.selectors.customers import followup_overdue_customers
from customers.selectors.pipeline import delivery_sla_breached, quote_sla_breached
from teams import rules as employment
from teams.models import Employee, Role
from teams.selectors import line_managers_for

# --- who gets them ----------------------------------------------------------------------------

def line_managers(employees) -> dict:
    """{employee id: the user of their line manager (or None)} in three queries."""
    unique = list({employee.pk: employee for employee in employees if employee is not None}.values())
    if not unique:
        return {}
    heads = line_managers_for(unique)
    users = get_user_model().objects.in_bulk({head.user_id for head in heads.values() if head is not None})
    return {pk: (users.get(head.user_id) if head is not None else None) for pk, head in heads.items()}


def finance_users() -> list:
    """Finance tracks collections: every active finance employee's user."""
    return list(get_user_model().objects.filter(
        is_active=True, employee__role=Role.FINANCE, employee__active=True,
    ).order_by("pk"))


# --- candidates of the daily kinds ----------------------------------------------------------

def _catch_up_start(today: date) -> date:
    return today - timedelta(days=AlertPolicy.current().catch_up_days)


def followup_overdue_for_alerts(today: date) -> list[Customer]:
    """Customers overdue for follow-up on `today` (the customers rule), each with
    `last_contact_day`: the local day of its last follow-up (or its creation) — the episode key."""
    customers = list(
        followup_overdue_customers(Customer.objects.all(), today)
        .annotate(last_contact_at=Coalesce("last_follow_up_at", "created_at", output_field=DateTimeField()))
        .select_related("owner__user", "owner__org_unit")
        .only("id", "name", "tier", "owner__id", "owner__name", "owner__user", "owner__org_unit__path",
              "last_follow_up_at", "created_at")
        .order_by("owner_id", "id")
    )
    for customer in customers:
        customer.last_contact_day = timezone.localdate(customer.last_contact_at)
    return customers


def working_days_without_followup(today: date) -> list[tuple[Employee, date]]:
    """(rep, working day) for each working day from the catch-up horizon to the day before `today`
    on which a rep employed that day logged no follow-up. Three queries."""
    days = working_days(_catch_up_start(today), today - timedelta(days=1))
    if not days:
        return []
    reps = list(Employee.objects.filter(role=Role.REP, hire_date__lte=days[-1])
                .filter(Q(left_on__isnull=True) | Q(left_on__gte=days[0]))
                .select_related("user", "org_unit").order_by("pk"))
    start = timezone.make_aware(datetime.combine(days[0], time.min))
    end = timezone.make_aware(datetime.combine(days[-1] + timedelta(days=1), time.min))
    logged = defaultdict(set)
    for author_id, day in (FollowUp.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
                           .annotate(day=TruncDate("occurred_at")).values_list("author_id", "day").distinct()):
        logged[author_id].add(day)
    return [
        (rep, day)
        for rep in reps
        for day in days
        if employment.employed_during(rep, day, day) and day not in logged[rep.pk]
    ]


def quote_sla_breached_open(today: date) -> list[Opportunity]:
    """Open opportunities past their quote due day without a timely quote (the customers rule)."""
    return list(
        quote_sla_breached(Opportunity.objects.filter(stage__in=OPEN_STAGES, quote_due_on__isnull=False), today)
        .select_related("owner__user", "owner__org_unit", "customer").order_by("pk")
    )


def delivery_sla_breached_recent(today: date) -> list[Contract]:
    """Contracts whose delivery SLA is breached (the customers rule) and whose due day lies within
    the catch-up horizon (years-old history is not news)."""
    return list(
        delivery_sla_breached(Contract.objects.filter(delivery_due_on__gte=_catch_up_start(today)), today)
        .select_related("owner__user", "owner__org_unit", "customer").order_by("pk")
    )


def churn_risk_customers() -> list[Customer]:
    """Customers at churn risk, each with `churn_turn`: the id of the status change that made it
    so (None when the status was set without a recorded change)."""
    turned = (CustomerTierChange.objects.filter(customer=OuterRef("pk"), field="status",
                                                new_value=CustomerStatus.CHURN_RISK)
              .order_by("-changed_at", "-id").values("id")[:1])
    return list(Customer.objects.filter(status=CustomerStatus.CHURN_RISK).annotate(churn_turn=Subquery(turned))
                .select_related("owner__user", "owner__org_unit").order_by("pk"))


def slipped_opportunities(today: date) -> list[Opportunity]:
    """Open opportunities whose expected close date has passed (SPEC §3.5)."""
    return list(Opportunity.objects.filter(stage__in=OPEN_STAGES, expected_close_on__lt=today)
                .select_related("owner__user", "owner__org_unit", "customer").order_by("pk"))


# --- the inbox ---------------------------------------------------------------------------------

#: The badge's count is cached: filled at sign-in, refreshed after every commit that changes a
#: person's notifications (one grouped COUNT for all of them), dropped at once when they change.
#: A page therefore reads it without a query; only an expired or dropped entry costs one COUNT.
#: The expiry bounds a write that bypasses the services (a queryset update elsewhere) and another
#: process's local-memory cache.
BADGE_CACHE_SECONDS = 300


def _badge_key(user_id: int) -> str:
    return f"alerts:unread:{user_id}"


def _badge_version(last_login) -> int:
    """Each sign-in starts a fresh count (and no stale count of a reused user id can match)."""
    return int(last_login.timestamp() * 1000) if last_login else 0


def unread_count(user) -> int:
    """The unread count: one COUNT on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def badge_count(user) -> int:
    """The badge in the navigation: the cached unread count (no query), else one COUNT,
    whatever the number of notifications."""
    key, version = _badge_key(user.pk), _badge_version(getattr(user, "last_login", None))
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    count = unread_count(user)
    cache.set(key, (version, count), BADGE_CACHE_SECONDS)
    return count


def refresh_badge_counts(user_ids) -> None:
    """Count the unread notifications of these users again (one grouped query) and cache them."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    rows = (get_user_model().objects.filter(pk__in=ids)
            .annotate(unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)))
            .values_list("pk", "last_login", "unread"))
    cache.set_many({_badge_key(pk): (_badge_version(last_login), unread) for pk, last_login, unread in rows},
                   BADGE_CACHE_SECONDS)


def forget_badge_counts(user_ids) -> None:
    """These users' notifications changed: drop their cached counts now, and count them again once
    the transaction commits (a request reading in between would otherwise cache the old count)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    cache.delete_many([_badge_key(pk) for pk in ids])
    transaction.on_commit(lambda: refresh_badge_counts(ids))


def notifications_for(*, user, kind: str | None = None, unread: bool | None = None,
                      lines: int | None = None) -> QuerySet:
    """A person's own notifications, newest first, each with `item_count` and at most `lines`
    of its digest items (`shown_items`, prefetched in one query for the whole page)."""
    queryset = Notification.objects.filter(recipient=user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if unread is True:
        queryset = queryset.filter(read_at__isnull=True)
    elif unread is False:
        queryset = queryset.filter(read_at__isnull=False)
    limit = lines or AlertPolicy.current().digest_max_lines
    items = (AlertItem.objects.annotate(line=Window(RowNumber(), partition_by=F("notification_id"), order_by=F("id").asc()))
             .filter(line__lte=limit).order_by("id"))
    return (queryset.annotate(item_count=Count("alert_items")).order_by("-created_at", "-id")
            .prefetch_related(Prefetch("alert_items", queryset=items, to_attr="shown_items")))


def notification_for(*, user, pk: int) -> Notification:
    """One of the person's own notifications, or NotFound (someone else's answers 404)."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise NotFound()
    return notification


def digest_items(notification: Notification) -> QuerySet:
    """Every item of a digest, in the order raised (its email, its page)."""
    return AlertItem.objects.filter(notification=notification).order_by("id")

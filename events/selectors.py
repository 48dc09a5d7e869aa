"""Reads of conference marketing (SPEC §15), set-based: a fixed number of queries whatever the
number of events, invitations or reps. The event report lives in `events.reports`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from common.periods import Period
from events.models import (
    OPEN_STATUSES,
    Confirmation,
    EventStatus,
    Invitation,
    InvitationQuota,
    MarketingEvent,
    Outcome,
)

#: Events whose attendance counts for the `event_attendance` KPI (the event took place).
TOOK_PLACE = (EventStatus.HELD, EventStatus.CLOSED)
#: Accepted guests of events starting within this many days are on the rep's "to confirm" list.
CONFIRM_HORIZON_DAYS = 2


def local_day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the current time zone (aware)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_bounds(month: Period) -> tuple[datetime, datetime]:
    """[start, end) of a month as aware datetimes in the current time zone."""
    return local_day_start(month.start), local_day_start(month.end + timedelta(days=1))


def funnel_counts(prefix: str = "") -> dict:
    """Conditional counts of the funnel over invitations (`prefix` the path from the counted rows to
    the invitation, e.g. "invitations__"), for one `annotate`/`aggregate`."""
    def count(condition=None):
        return Count(f"{prefix}pk" if prefix else "pk", filter=condition, distinct=bool(prefix))

    p = prefix
    invited = Q(**{f"{p}walk_in": False})
    return {
        "invited": count(invited),
        "accepted": count(invited & Q(**{f"{p}outcome": Outcome.ACCEPTED})),
        "declined": count(invited & Q(**{f"{p}outcome": Outcome.DECLINED})),
        "no_answer": count(invited & Q(**{f"{p}outcome": Outcome.NO_ANSWER})),
        "confirmed": count(invited & Q(**{f"{p}confirmation": Confirmation.CONFIRMED})),
        "attended": count(Q(**{f"{p}checked_in_at__isnull": False})),
        "walk_ins": count(Q(**{f"{p}walk_in": True})),
    }


def event_attendance_by_employee(*, month: Period) -> dict[int, tuple[int, int]]:
    """Per rep: (attendees brought, invitation quota) over the events held in the month (held or
    closed, starting in it). Brought = the rep's invited guests who checked in (walk-ins were not
    brought by an invitation). A rep with neither a quota nor a guest is absent. Two queries."""
    start, end = month_bounds(month)
    took_place = Q(event__status__in=TOOK_PLACE, event__starts_at__gte=start, event__starts_at__lt=end)
    quotas = dict(
        InvitationQuota.objects.filter(took_place).values("employee").annotate(total=Sum("quota"))
        .values_list("employee", "total")
    )
    brought = dict(
        Invitation.objects.filter(took_place, walk_in=False, checked_in_at__isnull=False)
        .values("inviter").annotate(total=Count("pk")).values_list("inviter", "total")
    )
    return {pk: (brought.get(pk, 0), quotas.get(pk, 0) or 0) for pk in set(quotas) | set(brought)}


def today_invitation_work(*, employee, today: date) -> dict:
    """The rep's invitation work for Today (three queries):

    - ``to_invite``: events still open for invitations (planned or inviting, deadline not passed)
      where the rep has a quota: id, title, starts_at, quota, invited, accepted;
    - ``to_confirm``: the rep's accepted, unconfirmed invitations of events starting today or in
      the next two days: id, customer (name), event (title), starts_at.
    """
    now = max(timezone.now(), local_day_start(today))
    quotas = list(
        InvitationQuota.objects.filter(employee=employee, quota__gt=0, event__status__in=OPEN_STATUSES,
                                       event__invitation_deadline__gte=now)
        .order_by("event__starts_at", "event_id")
        .values("event_id", "event__title", "event__starts_at", "quota")
    )
    counts = {}
    if quotas:
        counts = {
            row["event"]: row for row in
            Invitation.objects.filter(inviter=employee, walk_in=False, event_id__in=[q["event_id"] for q in quotas])
            .values("event").annotate(invited=Count("pk"), accepted=Count("pk", filter=Q(outcome=Outcome.ACCEPTED)))
        }
    to_invite = [
        {"id": q["event_id"], "title": q["event__title"], "starts_at": q["event__starts_at"], "quota": q["quota"],
         "invited": counts.get(q["event_id"], {}).get("invited", 0),
         "accepted": counts.get(q["event_id"], {}).get("accepted", 0)}
        for q in quotas
    ]
    horizon = local_day_start(today + timedelta(days=CONFIRM_HORIZON_DAYS + 1))
    to_confirm = [
        {"id": row["pk"], "customer": row["customer__name"], "event": row["event__title"],
         "starts_at": row["event__starts_at"]}
        for row in Invitation.objects.filter(
            inviter=employee, outcome=Outcome.ACCEPTED, confirmation=Confirmation.UNCONFIRMED,
            checked_in_at__isnull=True, event__status__in=(*OPEN_STATUSES,),
            event__starts_at__gte=local_day_start(today), event__starts_at__lt=horizon,
        ).order_by("event__starts_at", "customer__name", "pk").values("pk", "customer__name", "event__title",
                                                                      "event__starts_at")
    ]
    return {"to_invite": to_invite, "to_confirm": to_confirm}


def upcoming_events(*, user, unit, today: date, limit: int = 5) -> list[dict]:
    """Events of `unit`'s subtree the user may see, starting from today (not cancelled), soonest
    first, each with its live funnel counts (invited, accepted, confirmed, attended). One query."""
    rows = (
        MarketingEvent.objects.visible_to(user)
        .filter(org_unit__path__startswith=unit.path, starts_at__gte=local_day_start(today))
        .exclude(status=EventStatus.CANCELLED)
        .annotate(**{key: value for key, value in funnel_counts("invitations__").items()
                     if key in ("invited", "accepted", "confirmed", "attended")})
        .order_by("starts_at", "pk")
        .values("pk", "title", "starts_at", "status", "org_unit_id", "org_unit__name", "target_attendance",
                "invited", "accepted", "confirmed", "attended")[:limit]
    )
    return [
        {"id": row["pk"], "title": row["title"], "starts_at": row["starts_at"], "status": row["status"],
         "org_unit": row["org_unit_id"], "org_unit_name": row["org_unit__name"],
         "target_attendance": row["target_attendance"], "invited": row["invited"], "accepted": row["accepted"],
         "confirmed": row["confirmed"], "attended": row["attended"]}
        for row in rows
    ]


def events_for(*, user, unit=None, status: str | None = None, start: date | None = None, end: date | None = None):
    """The events list (page and API): the events the user may see, optionally of a unit's
    subtree, a status, and starting in [start, end]."""
    queryset = MarketingEvent.objects.visible_to(user).select_related("org_unit")
    if unit is not None:
        queryset = queryset.filter(org_unit__path__startswith=unit.path)
    if status:
        queryset = queryset.filter(status=status)
    if start:
        queryset = queryset.filter(starts_at__gte=local_day_start(start))
    if end:
        queryset = queryset.filter(starts_at__lt=local_day_start(end + timedelta(days=1)))
    return queryset


def invitations_for(*, user, event=None, inviter=None, outcome: str | None = None):
    """Invitations the user may see (scoped like their customers), optionally of one event,
    one inviter or one outcome."""
    queryset = Invitation.objects.visible_to(user).select_related(
        "event", "customer", "inviter", "decline_reason"
    )
    if event is not None:
        queryset = queryset.filter(event=event)
    if inviter is not None:
        queryset = queryset.filter(inviter=inviter)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    return queryset.order_by("event__starts_at", "customer__name", "pk")


def quotas_of(*, event) -> dict[int, int]:
    """{employee id: quota} of an event (one query)."""
    return dict(InvitationQuota.objects.filter(event=event).values_list("employee_id", "quota"))


def door_guests(*, event, query: str = "", limit: int = 30):
    """The guests of an event for the check-in screen, whoever invited them: by short code (exact),
    name or phone (contains); without a query, the guests not yet checked in. One query."""
    queryset = (Invitation.objects.filter(event=event).select_related("customer", "inviter")
                .order_by("checked_in_at", "customer__name", "pk"))
    query = (query or "").strip()[:60]
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        condition = Q(short_code=query.upper()) | Q(customer__name__icontains=query) | Q(
            customer__contact_name__icontains=query)
        if len(digits) >= 3:
            condition |= Q(customer__contact_phone__contains=digits)
        queryset = queryset.filter(condition)
    else:
        queryset = queryset.filter(checked_in_at__isnull=True).exclude(outcome=Outcome.DECLINED)
    return list(queryset[:limit])


def quota_progress(*, event) -> list[dict]:
    """Per rep with a quota: "invite N, bring M" — quota, invited, accepted, attended (two queries)."""
    counts = {row["inviter"]: row for row in Invitation.objects.filter(event=event, walk_in=False)
              .values("inviter").annotate(invited=Count("pk"), accepted=Count("pk", filter=Q(outcome=Outcome.ACCEPTED)),
                                          attended=Count("pk", filter=Q(checked_in_at__isnull=False))).order_by()}
    rows = []
    for quota in InvitationQuota.objects.filter(event=event).select_related("employee").order_by("employee__number"):
        row = counts.get(quota.employee_id, {})
        rows.append({"employee": quota.employee, "quota": quota.quota, "invited": row.get("invited", 0),
                     "accepted": row.get("accepted", 0), "attended": row.get("attended", 0)})
    return rows

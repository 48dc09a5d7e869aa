"""The event report (SPEC §15.3): the funnel invited → accepted → confirmed → attended → signed,
declines by reason, the rates, the revenue of contracts attendees signed within the conversion
window, the cost from every registered cost source (`events.costs`), cost per attendee and ROI —
per event, per rep, and over the events of a unit's subtree. A fixed number of queries whatever
the number of events or guests."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from customers.models import Contract
from events.costs import event_costs
from events.models import DeclineReason, EventStatus, Invitation, InvitationQuota, MarketingEvent, Outcome
from events.rules import decline_reason_label, funnel_figures, signed_within
from events.selectors import funnel_counts
from teams.models import Employee

ZERO = Decimal("0.00")


def _conversions(events: list[MarketingEvent]) -> dict[int, dict]:
    """Per event: {"signed": {customer ids}, "revenue": Decimal, "by_inviter": {id: (signed ids, revenue)}}
    from the contracts attendees signed within the window (two queries)."""
    windows = {e.pk: (timezone.localdate(e.starts_at), e.conversion_window_days) for e in events}
    result = {pk: {"signed": set(), "revenue": ZERO, "by_inviter": defaultdict(lambda: [set(), ZERO])}
              for pk in windows}
    if not windows:
        return result
    attendees = list(Invitation.objects.filter(event_id__in=list(windows), checked_in_at__isnull=False)
                     .values_list("event_id", "customer_id", "inviter_id"))
    if not attendees:
        return result
    first = min(day for day, _w in windows.values())
    last = max(day + timedelta(days=w) for day, w in windows.values())
    contracts = defaultdict(list)
    for customer_id, signed_on, amount in Contract.objects.filter(
            customer_id__in={c for _e, c, _i in attendees}, signed_on__range=(first, last)
    ).values_list("customer_id", "signed_on", "amount"):
        contracts[customer_id].append((signed_on, amount))
    for event_id, customer_id, inviter_id in attendees:
        day, window = windows[event_id]
        amounts = [amount for signed_on, amount in contracts.get(customer_id, ())
                   if signed_within(event_day=day, window_days=window, signed_on=signed_on)]
        if not amounts:
            continue
        revenue = sum(amounts, ZERO)
        entry = result[event_id]
        entry["signed"].add(customer_id)
        entry["revenue"] += revenue
        per_rep = entry["by_inviter"][inviter_id]
        per_rep[0].add(customer_id)
        per_rep[1] += revenue
    return result


def _declines(event_ids: list[int]) -> dict[str, int]:
    rows = (Invitation.objects.filter(event_id__in=event_ids, outcome=Outcome.DECLINED)
            .values("decline_reason__code").annotate(n=Count("pk")).order_by("decline_reason__code"))
    return {row["decline_reason__code"]: row["n"] for row in rows}


def decline_labels() -> dict[str, str]:
    return {code: str(decline_reason_label(code, name)) for code, name in DeclineReason.objects.values_list("code", "name")}


def _by_rep(event_ids: list[int], conversions: dict[int, dict]) -> list[dict]:
    counts = {row["inviter"]: row for row in Invitation.objects.filter(event_id__in=event_ids)
              .values("inviter").annotate(**funnel_counts()).order_by()}
    quotas = {row["employee"]: row["total"] for row in InvitationQuota.objects.filter(event_id__in=event_ids)
              .values("employee").annotate(total=Sum("quota")).order_by()}
    people = {e.pk: e for e in Employee.objects.filter(pk__in=set(counts) | set(quotas)).select_related("org_unit")}
    rows = []
    for pk in sorted(people, key=lambda pk: (people[pk].number, pk)):
        signed, revenue = set(), ZERO
        for entry in conversions.values():
            ids, amount = entry["by_inviter"].get(pk, (set(), ZERO))
            signed |= ids
            revenue += amount
        row = counts.get(pk) or dict.fromkeys(("invited", "accepted", "declined", "no_answer", "confirmed",
                                               "attended", "walk_ins"), 0)
        figures = funnel_figures(**{k: row[k] for k in ("invited", "accepted", "declined", "no_answer", "confirmed",
                                                         "attended", "walk_ins")},
                                 signed=len(signed), revenue=revenue)
        rows.append({"employee": pk, "name": people[pk].name, "number": people[pk].number,
                     "team": people[pk].org_unit.name, "quota": quotas.get(pk, 0), **figures})
    return rows


def report_for_events(events: list[MarketingEvent]) -> dict:
    """The report over a set of events (one event, or a unit's events in a period)."""
    ids = [e.pk for e in events]
    totals = (Invitation.objects.filter(event_id__in=ids).aggregate(**funnel_counts()) if ids
              else dict.fromkeys(funnel_counts(), 0))
    conversions = _conversions(events)
    costs = event_costs(event_ids=ids)
    signed = sum(len(entry["signed"]) for entry in conversions.values())
    revenue = sum((entry["revenue"] for entry in conversions.values()), ZERO)
    figures = funnel_figures(**{k: totals[k] or 0 for k in funnel_counts()}, signed=signed, revenue=revenue,
                             cost=sum(costs.values(), ZERO))
    return {**figures, "declined_by_reason": _declines(ids), "by_rep": _by_rep(ids, conversions),
            "_conversions": conversions, "_costs": costs}


def event_report(*, event: MarketingEvent) -> dict:
    """The report of one event (the page, the API `events/{id}/report/` and the xlsx)."""
    report = report_for_events([event])
    report.pop("_conversions")
    report.pop("_costs")
    return {"event": event.pk, "title": event.title, "status": event.status, **report}


def unit_report(*, events) -> dict:
    """Over the events of a unit's subtree (the caller's scoped queryset, e.g. one period): the
    totals, each event's line and the reps'."""
    events = list(events.exclude(status=EventStatus.CANCELLED).select_related("org_unit").order_by("starts_at", "pk"))
    report = report_for_events(events)
    conversions, costs = report.pop("_conversions"), report.pop("_costs")
    per_event = {row["event"]: row for row in Invitation.objects.filter(event_id__in=[e.pk for e in events])
                 .values("event").annotate(**funnel_counts()).order_by()}
    lines = []
    for event in events:
        row = per_event.get(event.pk) or dict.fromkeys(funnel_counts(), 0)
        entry = conversions[event.pk]
        lines.append({"event": event.pk, "title": event.title, "starts_at": event.starts_at,
                      "org_unit": event.org_unit.name, "status": event.status,
                      **funnel_figures(**{k: row[k] for k in funnel_counts()}, signed=len(entry["signed"]),
                                       revenue=entry["revenue"], cost=costs.get(event.pk, ZERO))})
    return {**report, "events": lines}

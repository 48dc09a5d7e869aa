"""Pure rules of conference marketing (SPEC §15), tested without a database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

#: Translated labels of the shipped decline reasons (the list itself is configurable, §15.2).
DECLINE_REASON_LABELS = {
    "no_time": _("No time"),
    "not_interested": _("Not interested"),
    "price": _("Price"),
    "already_bought": _("Already bought"),
    "other": _("Other"),
}

CENT = Decimal("0.01")


def decline_reason_label(code: str, name: str):
    """The label of a decline reason in the reader's language (a custom one shows its name)."""
    return DECLINE_REASON_LABELS.get(code, name)


def split_quota(*, target: int, employees: list[tuple[int, str]]) -> dict[int, int]:
    """Split `target` among `employees` ((id, employee number) pairs) by the largest remainder:
    equal shares rounded down, then one more each to the largest remainders — which for equal
    shares are all equal, so the extra places go to the lower employee numbers. Every rep appears
    (0 when the target is smaller than the team)."""
    if not employees:
        return {}
    ordered = sorted(employees, key=lambda pair: (pair[1], pair[0]))
    base, remainder = divmod(target, len(ordered))
    return {pk: base + (1 if index < remainder else 0) for index, (pk, _number) in enumerate(ordered)}


def rate_pct(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 with 2 decimals, or None (empty) when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def money_ratio(numerator: Decimal, denominator) -> Decimal | None:
    """A money amount divided by a count or an amount, 2 decimals; None when the divisor is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def funnel_figures(*, invited: int, accepted: int, declined: int, no_answer: int, confirmed: int, attended: int,
                   walk_ins: int, signed: int, revenue: Decimal, cost: Decimal | None = None) -> dict:
    """The event report's figures from its counts (SPEC §15.3). `attended` counts every guest who
    checked in, walk-ins included; the attendance rate is that of the accepted invitees (walk-ins
    never accepted an invitation). Every rate over a 0 denominator is None (empty), not an error.

    - acceptance rate = accepted ÷ (accepted + declined + no answer)
    - attendance rate = invited guests who came ÷ accepted
    - conversion = attendees who signed within the window ÷ attended
    - cost per attendee = cost ÷ attended; ROI = revenue ÷ cost (None when cost is 0)
    """
    revenue = Decimal(revenue or 0).quantize(CENT)
    figures = {
        "invited": invited, "accepted": accepted, "declined": declined, "no_answer": no_answer,
        "confirmed": confirmed, "attended": attended, "walk_ins": walk_ins, "signed": signed,
        "acceptance_rate": rate_pct(accepted, accepted + declined + no_answer),
        "attendance_rate": rate_pct(attended - walk_ins, accepted),
        "conversion_rate": rate_pct(signed, attended),
        "revenue": revenue,
    }
    if cost is not None:
        cost = Decimal(cost).quantize(CENT)
        figures |= {"cost": cost, "cost_per_attendee": money_ratio(cost, attended), "roi": money_ratio(revenue, cost)}
    return figures


def signed_within(*, event_day, window_days: int, signed_on) -> bool:
    """Whether a contract signed on `signed_on` converts an attendee of an event held on
    `event_day`: from the event's day to `window_days` days after it, both included (day 30 counts,
    day 31 does not)."""
    from datetime import timedelta

    return event_day <= signed_on <= event_day + timedelta(days=window_days)


def mask_phone(phone: str) -> str:
    """A phone number as the door shows it: the first 3 and last 4 digits ("138****0000")."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def invitations_to_make(*, quota: int, invite_per_guest: Decimal) -> int:
    """"Invite N, bring M": N = M × the policy's invitations per expected guest, rounded up."""
    from math import ceil

    return ceil(Decimal(quota) * Decimal(invite_per_guest))

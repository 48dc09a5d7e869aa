"""Demo bonus sheets (runs last): the two months before the most recent finished month are closed
the way HR does it — the month-close job, an adjustment with a reason, HR submits, the director
approves (the month closes, scorecards are published), HR exports, and payroll's run is recorded
on the older one (paid) — and the most recent finished month is left as a fresh draft for HR to
review, with one inquiry HR answered (with an adjustment citing it) and one still open. One of
the three months ends a quarter: its sheet pays the named awards, with a tie for Best Customer
Service (two reps with the same mean over three surveys). Everything goes through the real
services; the few surveys that make the tie are written directly (customers' demo data)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from common.periods import Period
from incentives.selectors.quarter import quarter_end_moment, quarter_of
from incentives.services import (
    bonus_adjustment_create,
    bonus_inquiry_answer,
    bonus_inquiry_raise,
    bonus_sheet_approve,
    bonus_sheet_mark_exported,
    bonus_sheet_mark_paid,
    bonus_sheet_submit,
    month_close,
)
from teams.models import Employee, Role

if TYPE_CHECKING:
    from portal.demo import DemoContext

CLOSED_MONTHS = 2
ADJUSTMENTS = [
    (Decimal("500.00"), "Helped staff the trade fair booth"),
    (Decimal("-200.00"), "Advance on travel expenses repaid"),
    (Decimal("800.00"), "Key-account handover support"),
]


#: The score of each of the three surveys the two Best Customer Service winners share.
TIE_SCORE = 97


def _stage_service_tie(ctx: DemoContext, month: Period, reps: list) -> None:
    """Two reps without a survey in the quarter and no complaint unresolved at its end get three
    surveys each at the same score: they share Best Customer Service."""
    from customers import selectors as customer_selectors
    from customers.models import Customer, SatisfactionSurvey

    quarter = quarter_of(month)
    surveyed = set(SatisfactionSurvey.objects.filter(surveyed_on__range=(quarter.start, quarter.end))
                   .values_list("owner_id", flat=True))
    unresolved = customer_selectors.unresolved_complaint_counts(at=quarter_end_moment(quarter))
    candidates = [rep for rep in reps if rep.pk not in surveyed and not unresolved.get(rep.pk)]
    customers = {}
    for customer in Customer.objects.filter(owner__in=[rep.pk for rep in candidates]).order_by("pk"):
        customers.setdefault(customer.owner_id, []).append(customer)
    pair = [rep for rep in candidates if customers.get(rep.pk)][:2]
    if len(pair) < 2:
        return
    days = [quarter.start + timedelta(days=offset) for offset in (20, 45, 75)]
    SatisfactionSurvey.objects.bulk_create([
        SatisfactionSurvey(customer=customers[rep.pk][index % len(customers[rep.pk])], owner=rep, surveyed_on=day,
                           score=TIE_SCORE, comment="Quick answers, clear delivery dates.")
        for rep in pair for index, day in enumerate(days)
    ])
    ctx.log(f"  best customer service {quarter}: {pair[0].name} and {pair[1].name} tie at {TIE_SCORE}")


def _inquiries(ctx: DemoContext, month: Period, hr, reps: list) -> None:
    """On the draft: one inquiry answered with an adjustment citing it, one still open."""
    from incentives.models import BonusRow

    with_rows = set(BonusRow.objects.filter(sheet__month=month.start, employee__in=reps).values_list("employee_id", flat=True))
    askers = [rep for rep in reps if rep.pk in with_rows and rep.user_id][:2]
    if len(askers) < 2:
        return
    answered = bonus_inquiry_raise(month=month, category="missing_contract", actor=askers[0].user,
                                   text="The renewal I signed on the last day of the month is not on my row.")
    bonus_inquiry_answer(inquiry=answered, actor=hr.user, adjustment_amount=Decimal("300.00"),
                         answer="The renewal was booked on the 1st by mistake; its retention bonus is added here.")
    bonus_inquiry_raise(month=month, category="wrong_target", actor=askers[1].user,
                        text="My target looks higher than the one my supervisor split for me.")
    ctx.log(f"  inquiries on {month}: one answered ({askers[0].name}), one open ({askers[1].name})")


def seed(ctx: DemoContext) -> None:
    employees = ctx.data.get("employees") or list(Employee.objects.select_related("user"))
    hr = next((e for e in employees if e.role == Role.HR and e.active), None)
    director = next((e for e in employees if e.role == Role.DIRECTOR and e.active), None)
    reps = [e for e in employees if e.role == Role.REP and e.active]
    if hr is None or director is None:
        return
    latest = Period.of_month(ctx.today).previous_month()
    closed = [latest]
    for _step in range(CLOSED_MONTHS):
        closed.insert(0, closed[0].previous_month())
    closed.pop()  # the latest finished month stays a draft
    for month in [*closed, latest]:
        if quarter_of(month) is not None and reps:
            _stage_service_tie(ctx, month, reps)
    for index, month in enumerate(closed):
        month_close(month=month, today=ctx.today)
        if reps:
            amount, reason = ADJUSTMENTS[index % len(ADJUSTMENTS)]
            bonus_adjustment_create(month=month, employee=ctx.rng.choice(reps), amount=amount, reason=reason,
                                    actor=hr.user)
        bonus_sheet_submit(month=month, actor=hr.user)
        bonus_sheet_approve(month=month, actor=director.user)
        bonus_sheet_mark_exported(month=month, actor=hr.user, file_format="xlsx")
    if closed:  # payroll paid the older sheet on the 10th of the month after it
        paid_on = min(date(closed[0].next_month().year, closed[0].next_month().month, 10), ctx.today)
        bonus_sheet_mark_paid(month=closed[0], actor=hr.user, payroll_reference=f"PAY-{closed[0]}", paid_on=paid_on)
    result = month_close(month=latest, today=ctx.today)
    if reps:
        amount, reason = ADJUSTMENTS[-1]
        bonus_adjustment_create(month=latest, employee=ctx.rng.choice(reps), amount=amount, reason=reason,
                                actor=hr.user)
        _inquiries(ctx, latest, hr, reps)
    ctx.log(f"  bonus sheets: {', '.join(map(str, closed))} approved and exported ({closed[0] if closed else '–'} paid); {latest} draft "
            f"({result['rows']} rows)")

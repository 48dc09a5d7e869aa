"""Demo bonus sheets (runs last): the two months before the most recent finished month are closed
the way HR does it — the month-close job, an adjustment with a reason, HR submits, the director
approves (the month closes, scorecards are published), HR exports — and the most recent finished
month is left as a fresh draft for HR to review. Everything goes through the real services."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from common.periods import Period
from incentives.services import (
    bonus_adjustment_create,
    bonus_sheet_approve,
    bonus_sheet_mark_exported,
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
    for index, month in enumerate(closed):
        month_close(month=month, today=ctx.today)
        if reps:
            amount, reason = ADJUSTMENTS[index % len(ADJUSTMENTS)]
            bonus_adjustment_create(month=month, employee=ctx.rng.choice(reps), amount=amount, reason=reason,
                                    actor=hr.user)
        bonus_sheet_submit(month=month, actor=hr.user)
        bonus_sheet_approve(month=month, actor=director.user)
        bonus_sheet_mark_exported(month=month, actor=hr.user, file_format="xlsx")
    result = month_close(month=latest, today=ctx.today)
    if reps:
        amount, reason = ADJUSTMENTS[-1]
        bonus_adjustment_create(month=latest, employee=ctx.rng.choice(reps), amount=amount, reason=reason,
                                actor=hr.user)
    ctx.log(f"  bonus sheets: {', '.join(map(str, closed))} approved and exported; {latest} draft "
            f"({result['rows']} rows)")

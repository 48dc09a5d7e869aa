"""Reads of the named awards (SPEC §5.9): the awards a user may see, a certificate, and the marks
the employee page shows (promotion priority after a Sales Star; promotion on hold, §5.10)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.periods import add_months
from incentives.models import LOCKED_STATUSES, AwardCode, BonusAward, BonusSheet

PROMOTION_PRIORITY = "promotion_priority"
PROMOTION_ON_HOLD = "promotion_on_hold"
MARK_LABELS = {
    PROMOTION_PRIORITY: _("promotion priority"),
    PROMOTION_ON_HOLD: _("promotion on hold"),
}


def promotion_priority_ids(*, employee_ids, as_of: date) -> set[int]:
    """Who won Sales Star on a settled (approved or later) sheet whose month ended within the
    plan's promotion-priority months before `as_of` (12 by default). One query."""
    stars = (BonusAward.objects.filter(code=AwardCode.SALES_STAR, employee_id__in=list(employee_ids),
                                       sheet__status__in=LOCKED_STATUSES, sheet__month__lte=as_of)
             .values_list("employee_id", "sheet__month", "sheet__plan__promotion_priority_months"))
    return {employee_id for employee_id, month, months in stars
            if as_of < add_months(month, months + 1)}


def promotion_marks(*, employee_ids, as_of: date) -> dict[int, list[str]]:
    """Per employee id the promotion marks: `promotion_priority` (Sales Star within the last 12
    months) and `promotion_on_hold` (a coaching plan escalated to the manager, open and not lifted
    — performance's answer). Employees without a mark are absent. Two queries."""
    from performance.selectors import promotion_hold_employee_ids

    employee_ids = list(employee_ids)
    marks: dict[int, list[str]] = {}
    for employee_id in sorted(promotion_priority_ids(employee_ids=employee_ids, as_of=as_of)):
        marks.setdefault(employee_id, []).append(PROMOTION_PRIORITY)
    on_hold = promotion_hold_employee_ids(as_of=as_of)
    for employee_id in employee_ids:
        if employee_id in on_hold:
            marks.setdefault(employee_id, []).append(PROMOTION_ON_HOLD)
    return marks


def awards_of_sheet(*, user, sheet: BonusSheet) -> QuerySet:
    return BonusAward.objects.visible_to(user).filter(sheet=sheet).select_related("employee").order_by("code", "employee__number")

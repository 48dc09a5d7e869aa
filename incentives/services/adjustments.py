"""HR's manual adjustments (SPEC §5.7): ± amount, required reason, recorded with who and when."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.exceptions import Conflict, NotAllowed
from common.limits import ensure_amount_within
from common.locks import ensure_month_open
from common.periods import Period
from common.transitions import passes
from incentives.models import BonusAdjustment, BonusSheet, SheetStatus
from incentives.rules import adjustment_validate
from incentives.services.generation import bonus_sheet_generate, ensure_past_or_current_month
from teams.models import Employee, Role
from teams.scoping import acting_employee, require_role

#: Who enters manual adjustments (SPEC §5.7).
ADJUST_ROLES = (Role.HR,)


def _ensure_sheet_is_draft(sheet: BonusSheet | None, month: Period) -> None:
    if sheet is not None and sheet.status != SheetStatus.DRAFT:
        raise Conflict(_("The bonus sheet of %(month)s is %(status)s: reopen it before adjusting.") % {
            "month": month, "status": sheet.get_status_display()})


def ensure_may_adjust(*, month: Period, actor) -> None:
    """HR adjusts a started month that is open and whose sheet (if any) is still a draft: 403 for
    another role, 400 naming `month` for a future month, 409 for a closed month or a sheet
    already submitted."""
    require_role(actor, *ADJUST_ROLES)
    ensure_past_or_current_month(month)
    ensure_month_open(month)
    _ensure_sheet_is_draft(BonusSheet.objects.filter(month=month.start).first(), month)


def may_adjust(*, month: Period, actor) -> bool:
    """The twin of `ensure_may_adjust`: the adjustment form is offered only when this is true."""
    return passes(ensure_may_adjust, month=month, actor=actor)


def adjustable_employees(*, actor) -> QuerySet:
    """Whom `actor` may adjust: the active employees they see, never themselves (SPEC §1.2)."""
    employees = Employee.objects.visible_to(actor).filter(active=True)
    own = acting_employee(actor)
    return employees.exclude(pk=own.pk) if own is not None else employees


def ensure_not_own_bonus(*, employee: Employee, actor) -> None:
    """Nobody adjusts their own bonus: 403 naming `employee`."""
    own = acting_employee(actor)
    if own is not None and own.pk == employee.pk:
        raise NotAllowed(_("Nobody adjusts their own bonus: pick someone else."), field="employee")


def bonus_adjustment_create(*, month: Period, employee: Employee, amount: Decimal, reason: str, actor) -> BonusAdjustment:
    """Record an adjustment (HR only, never for oneself — 403 naming `employee`; at most the
    configured largest amount either way, 400 naming `amount`; not for a closed month, 409 naming
    it, nor one whose sheet is submitted). When the month has a draft sheet, it is regenerated so
    the row shows it."""
    require_role(actor, *ADJUST_ROLES)
    ensure_not_own_bonus(employee=employee, actor=actor)
    ensure_past_or_current_month(month)
    # bounded before any arithmetic (SPEC §13.1: ≤ 100,000,000.00 either way, configurable)
    ensure_amount_within(amount, field="amount", allow_negative=True)
    adjustment_validate(amount=amount, reason=reason)
    with transaction.atomic():
        ensure_month_open(month)
        sheet = BonusSheet.objects.select_for_update().filter(month=month.start).first()
        _ensure_sheet_is_draft(sheet, month)
        adjustment = BonusAdjustment.objects.create(
            month=month.start, employee=employee, amount=Decimal(amount), reason=reason.strip(), entered_by=actor)
        if sheet is not None:
            bonus_sheet_generate(month=month, actor=actor)
    return adjustment

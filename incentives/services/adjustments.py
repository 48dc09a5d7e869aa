"""HR's manual adjustments (SPEC §5.7): ± amount, required reason, recorded with who and when."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import Conflict, NotAllowed
from common.limits import ensure_amount_within
from common.locks import ensure_month_open
from common.periods import Period
from incentives.models import BonusAdjustment, BonusSheet, SheetStatus
from incentives.rules import adjustment_validate
from incentives.services.generation import bonus_sheet_generate, ensure_past_or_current_month
from teams.models import Employee, Role
from teams.scoping import acting_employee, require_role


def bonus_adjustment_create(*, month: Period, employee: Employee, amount: Decimal, reason: str, actor) -> BonusAdjustment:
    """Record an adjustment (HR only, never for oneself; at most the configured largest amount
    either way, 400 naming `amount`; not for a closed month, 409 naming it, nor one whose sheet is
    submitted). When the month has a draft sheet, it is regenerated so the row shows it."""
    require_role(actor, Role.HR)
    own = acting_employee(actor)
    if own is not None and own.pk == employee.pk:
        raise NotAllowed(_("Nobody adjusts their own bonus."))
    ensure_past_or_current_month(month)
    # bounded before any arithmetic (SPEC §13.1: ≤ 100,000,000.00 either way, configurable)
    ensure_amount_within(amount, field="amount", allow_negative=True)
    adjustment_validate(amount=amount, reason=reason)
    with transaction.atomic():
        ensure_month_open(month)
        sheet = BonusSheet.objects.select_for_update().filter(month=month.start).first()
        if sheet is not None and sheet.status != SheetStatus.DRAFT:
            raise Conflict(_("The bonus sheet of %(month)s is %(status)s: reopen it before adjusting.") % {
                "month": month, "status": sheet.get_status_display()})
        adjustment = BonusAdjustment.objects.create(
            month=month.start, employee=employee, amount=Decimal(amount), reason=reason.strip(), entered_by=actor)
        if sheet is not None:
            bonus_sheet_generate(month=month, actor=actor)
    return adjustment

"""The bonus sheet's state machine (SPEC §5.4): an explicit transition table, one function per
transition, each under a row lock and recorded (actor, time, from, to, note).

    draft ──submit (HR)──▶ submitted ──approve (director)──▶ approved ──export (HR)──▶ exported
      ▲                        │
      └──reopen (HR/director)──┘

From `approved` on, the sheet and its rows never change and the month is closed: a
`common.models.ClosedMonth` row is created (targets check it) and the month's scorecards are
published.

Approving one's own pay: an approver whose own row on the sheet carries money (any bonus or
adjustment) may not approve the sheet (403): nobody approves their own pay. Such a sheet is
approved by another director-level user (a Django superuser acts as director). A row with only a
scorecard and no money does not block — the director normally has no bonus rule of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exceptions import Conflict, NotAllowed, NotFound
from common.models import ClosedMonth
from common.notifications import notify_many
from common.periods import Period
from common.phrases import phrase
from incentives.models import BONUS_COMPONENTS, BonusRow, BonusSheet, BonusSheetTransition, SheetStatus
from incentives.services.generation import GENERATE_ROLES, sheet_link
from teams.models import Employee, Role
from teams.scoping import acting_employee, require_role


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: tuple[str, ...]
    label: str


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(SheetStatus.DRAFT, SheetStatus.SUBMITTED, (Role.HR, Role.DIRECTOR), gettext_lazy("submit")),
    "reopen": Transition(SheetStatus.SUBMITTED, SheetStatus.DRAFT, (Role.HR, Role.DIRECTOR), gettext_lazy("reopen")),
    "approve": Transition(SheetStatus.SUBMITTED, SheetStatus.APPROVED, (Role.DIRECTOR,), gettext_lazy("approve")),
    "mark_exported": Transition(SheetStatus.APPROVED, SheetStatus.EXPORTED, (Role.HR, Role.DIRECTOR), gettext_lazy("export")),
}


def ensure_sheet_action_role(*, action: str, actor) -> None:
    """403 unless `actor`'s role may ever take `action` on a sheet: "generate", "adjust" or a
    transition (whether it may right now is `may_generate`, `may_adjust`, `may_move_sheet`)."""
    from incentives.services.adjustments import ADJUST_ROLES

    roles = {"generate": GENERATE_ROLES, "adjust": ADJUST_ROLES}
    require_role(actor, *(roles[action] if action in roles else TRANSITIONS[action].roles))


def may_move_sheet(*, sheet: BonusSheet | None, action: str, actor) -> bool:
    """Whether `actor` may take `action` on `sheet` now (its role, the sheet's state and, for
    approving, nobody approving their own pay): the buttons ask this, the moves enforce it."""
    transition = TRANSITIONS[action]
    if sheet is None or sheet.status != transition.source:
        return False
    try:
        require_role(actor, *transition.roles)
        if action == "approve":
            _own_paid_row_check(actor)(sheet)
    except NotAllowed:
        return False
    return True


def _move(*, month: Period, action: str, actor, note: str = "", system_note: dict | None = None,
          check=None) -> BonusSheet:
    transition = TRANSITIONS[action]
    require_role(actor, *transition.roles)
    with transaction.atomic():
        sheet = BonusSheet.objects.select_for_update().filter(month=month.start).first()
        if sheet is None:
            raise NotFound(_("There is no bonus sheet for %(month)s yet.") % {"month": month})
        if sheet.status != transition.source:
            raise Conflict(_("Cannot %(action)s the bonus sheet of %(month)s: it is %(status)s.") % {
                "action": transition.label, "month": month, "status": sheet.get_status_display()})
        if check is not None:
            check(sheet)
        sheet.status = transition.target
        sheet.save(update_fields=["status"])
        BonusSheetTransition.objects.create(
            sheet=sheet, actor=actor, from_status=transition.source, to_status=transition.target, note=note[:300],
            system_note=system_note)
    return sheet


def _recipients(*roles: str) -> list:
    return [e.user for e in Employee.objects.filter(role__in=roles, active=True).select_related("user")]


def bonus_sheet_submit(*, month: Period, actor, note: str = "") -> BonusSheet:
    """HR hands the draft to the director for approval (draft → submitted)."""
    sheet = _move(month=month, action="submit", actor=actor, note=note)
    notify_many([
        {"recipient": user, "kind": "bonus_sheet_submitted", "link": sheet_link(month),
         "message": phrase("incentives.notify.submitted", month=str(month)),
         "dedupe_key": f"bonus-sheet-submitted:{month}:{sheet.transitions.count()}:{user.pk}"}
        for user in _recipients(Role.DIRECTOR)
    ])
    return sheet


def bonus_sheet_reopen(*, month: Period, actor, note: str = "") -> BonusSheet:
    """Send a submitted sheet back to draft (to correct it before approval)."""
    return _move(month=month, action="reopen", actor=actor, note=note)


def _own_paid_row_check(actor):
    def check(sheet: BonusSheet) -> None:
        employee = acting_employee(actor)
        if employee is None:
            return
        has_money = Q()
        for name in BONUS_COMPONENTS:
            has_money |= ~Q(**{name: 0})
        if BonusRow.objects.filter(sheet=sheet, employee=employee).filter(has_money).exists():
            raise NotAllowed(_("Your own row on this sheet carries a bonus: another director-level user must "
                               "approve the sheet (nobody approves their own pay)."))
    return check


def bonus_sheet_approve(*, month: Period, actor, note: str = "") -> BonusSheet:
    """The director approves (submitted → approved): from now on the sheet is immutable, the
    month is closed and its scorecards are published."""
    from performance.services import scorecards_publish

    with transaction.atomic():
        sheet = _move(month=month, action="approve", actor=actor, note=note, check=_own_paid_row_check(actor))
        scorecards_publish(month=month)
        ClosedMonth.objects.get_or_create(month=month.start, defaults={"closed_by": actor})
    notify_many([
        {"recipient": user, "kind": "bonus_sheet_approved", "link": sheet_link(month),
         "message": phrase("incentives.notify.approved", month=str(month)),
         "dedupe_key": f"bonus-sheet-approved:{month}:{user.pk}"}
        for user in _recipients(Role.HR)
    ])
    return sheet


def bonus_sheet_mark_exported(*, month: Period, actor, note: str = "", file_format: str | None = None) -> BonusSheet:
    """HR has exported the approved sheet for payroll (approved → exported); `file_format` is
    recorded as "Exported as XLSX." in the reader's language."""
    system_note = phrase("incentives.history.exported", format=file_format.upper()) if file_format else None
    return _move(month=month, action="mark_exported", actor=actor, note=note, system_note=system_note)

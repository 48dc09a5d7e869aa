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

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound
from common.models import ClosedMonth
from common.periods import Period
from common.phrases import phrase
from common.transitions import Transition, passes
from incentives.models import BONUS_COMPONENTS, BonusRow, BonusSheet, BonusSheetTransition, SheetStatus
from incentives.services.generation import GENERATE_ROLES, sheet_notify
from teams.models import Employee, Role
from teams.scoping import acting_employee, require_role, scope_for
from teams.selectors import hr_recipients

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((SheetStatus.DRAFT,), SheetStatus.SUBMITTED, gettext_lazy("submit"),
                         roles=(Role.HR, Role.DIRECTOR)),
    "reopen": Transition((SheetStatus.SUBMITTED,), SheetStatus.DRAFT, gettext_lazy("reopen"),
                         roles=(Role.HR, Role.DIRECTOR)),
    "approve": Transition((SheetStatus.SUBMITTED,), SheetStatus.APPROVED, gettext_lazy("approve"),
                          roles=(Role.DIRECTOR,)),
    "mark_exported": Transition((SheetStatus.APPROVED,), SheetStatus.EXPORTED, gettext_lazy("export"),
                                roles=(Role.HR, Role.DIRECTOR)),
    "mark_paid": Transition((SheetStatus.EXPORTED,), SheetStatus.PAID, gettext_lazy("record the payout of"),
                            roles=(Role.HR,)),
}


#: What a person starts on a month's sheet, each one page button and one API endpoint
#: (`bonus-sheets/YYYY-MM/<action>/`): "generate" (the month close) and the person-started moves of
#: `TRANSITIONS` ("mark_exported" is not a button: the HR export records it; "mark_paid" has its own
#: form and endpoint, `pay/`, since it takes the payroll reference and date).
SHEET_ACTIONS: tuple[str, ...] = ("generate", *(name for name in TRANSITIONS if name not in ("mark_exported", "mark_paid")))


def _action_roles(action: str) -> tuple[str, ...]:
    from incentives.services.adjustments import ADJUST_ROLES

    roles = {"generate": GENERATE_ROLES, "adjust": ADJUST_ROLES}
    return roles[action] if action in roles else TRANSITIONS[action].roles


def ensure_sheet_action_role(*, action: str, actor) -> None:
    """403 unless `actor`'s role may ever take `action` on a sheet: "generate", "adjust" or a
    transition (whether it may right now is `may_take_sheet_action`, `may_adjust`)."""
    require_role(actor, *_action_roles(action))


def may_have_sheet_action_role(*, action: str, actor) -> bool:
    """The twin of `ensure_sheet_action_role` (e.g. whether the index page offers to generate)."""
    return passes(ensure_sheet_action_role, action=action, actor=actor, refusals=(NotAllowed,))


def may_move_sheet(*, sheet: BonusSheet | None, action: str, actor) -> bool:
    """Whether `actor` may take `action` on `sheet` now (its role, the sheet's state and, for
    approving, nobody approving their own pay): the buttons ask this, the moves enforce it."""
    transition = TRANSITIONS[action]
    if sheet is None or not transition.leaves_from(sheet.status):
        return False

    def check() -> None:
        require_role(actor, *transition.roles)
        if action == "approve":
            _approval_check(actor)(sheet)

    return passes(check)


def may_take_sheet_action(*, month: Period, sheet: BonusSheet | None, action: str, actor) -> bool:
    """Whether `actor` may take one of `SHEET_ACTIONS` on the month's sheet now."""
    from incentives.services.close import may_generate

    if action == "generate":
        return may_generate(month=month, actor=actor)
    return may_move_sheet(sheet=sheet, action=action, actor=actor)


def sheet_actions_allowed(*, month: Period, sheet: BonusSheet | None, actor) -> dict[str, bool]:
    """{action: may `actor` take it now} for every one of `SHEET_ACTIONS`: what the page offers."""
    return {action: may_take_sheet_action(month=month, sheet=sheet, action=action, actor=actor)
            for action in SHEET_ACTIONS}


def bonus_sheet_act(*, month: Period, action: str, actor, note: str = ""):
    """Take one of `SHEET_ACTIONS` (the page's buttons and the API's action endpoints both call
    this): "generate" is the month close (`manage.py close_month`'s work, SPEC §10), the others
    the transition of that name. Each enforces its own rules (403/400/409)."""
    if action == "generate":
        from incentives.services.close import month_close

        return month_close(month=month, actor=actor)
    moves = {"submit": bonus_sheet_submit, "reopen": bonus_sheet_reopen, "approve": bonus_sheet_approve}
    return moves[action](month=month, actor=actor, note=note)


def _move(*, month: Period, action: str, actor, note: str = "", system_note: dict | None = None,
          check=None) -> BonusSheet:
    transition = TRANSITIONS[action]
    require_role(actor, *transition.roles)
    with transaction.atomic():
        sheet = BonusSheet.objects.select_for_update().filter(month=month.start).first()
        if sheet is None:
            raise NotFound(_("There is no bonus sheet for %(month)s yet.") % {"month": month})
        if not transition.leaves_from(sheet.status):
            raise Conflict(_("Cannot %(action)s the bonus sheet of %(month)s: it is %(status)s.") % {
                "action": transition.label, "month": month, "status": sheet.get_status_display()})
        if check is not None:
            check(sheet)
        source, sheet.status = sheet.status, transition.target
        sheet.save(update_fields=["status"])
        BonusSheetTransition.objects.create(
            sheet=sheet, actor=actor, from_status=source, to_status=transition.target, note=note[:300],
            system_note=system_note)
    return sheet


def _director_recipients() -> list:
    return [e.user for e in Employee.objects.filter(role=Role.DIRECTOR, active=True).select_related("user")]


def bonus_sheet_submit(*, month: Period, actor, note: str = "") -> BonusSheet:
    """HR hands the draft to the director for approval (draft → submitted)."""
    sheet = _move(month=month, action="submit", actor=actor, note=note)
    sheet_notify(month=month, recipients=_director_recipients(), kind="bonus_sheet_submitted",
                 phrase_id="incentives.notify.submitted",
                 dedupe_prefix=f"bonus-sheet-submitted:{month}:{sheet.transitions.count()}")
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


def _approval_check(actor):
    """Nobody approves their own pay (403), nor a sheet with an inquiry awaiting HR (409 naming it)."""
    from incentives.services.inquiries import ensure_no_open_inquiry

    own_pay = _own_paid_row_check(actor)

    def check(sheet: BonusSheet) -> None:
        own_pay(sheet)
        ensure_no_open_inquiry(sheet)
    return check


def bonus_sheet_approve(*, month: Period, actor, note: str = "") -> BonusSheet:
    """The director approves (submitted → approved): from now on the sheet is immutable, the
    month is closed and its scorecards are published. Refused while an inquiry on the sheet
    awaits HR (409 naming it)."""
    from performance.services import scorecards_publish

    with transaction.atomic():
        sheet = _move(month=month, action="approve", actor=actor, note=note, check=_approval_check(actor))
        scorecards_publish(month=month)
        ClosedMonth.objects.get_or_create(month=month.start, defaults={"closed_by": actor})
    sheet_notify(month=month, recipients=hr_recipients(), kind="bonus_sheet_approved",
                 phrase_id="incentives.notify.approved", dedupe_prefix=f"bonus-sheet-approved:{month}")
    return sheet


def bonus_sheet_mark_exported(*, month: Period, actor, note: str = "", file_format: str | None = None) -> BonusSheet:
    """HR has exported the approved sheet for payroll (approved → exported); `file_format` is
    recorded as "Exported as XLSX." in the reader's language."""
    system_note = phrase("incentives.history.exported", format=file_format.upper()) if file_format else None
    return _move(month=month, action="mark_exported", actor=actor, note=note, system_note=system_note)


def bonus_sheet_mark_paid(*, month: Period, actor, payroll_reference: str, paid_on, note: str = "") -> BonusSheet:
    """HR records the payroll run that paid the exported sheet (exported → paid): its reference
    (required, 400 naming `payroll_reference`) and date (not before the month, not in the future:
    400 naming `paid_on`), so each row's payout is traceable."""
    from django.utils import timezone

    reference = (payroll_reference or "").strip()
    if not reference or "\x00" in reference:
        raise ApplicationError(_("Enter the payroll run's reference."), field="payroll_reference")
    if len(reference) > 100:
        raise ApplicationError(_("Use at most 100 characters."), field="payroll_reference")
    if paid_on is None or paid_on < month.start or paid_on > timezone.localdate():
        raise ApplicationError(_("Enter the day payroll paid it: after the month started and not in the future."),
                               field="paid_on")

    def record(sheet: BonusSheet) -> None:
        sheet.payroll_reference, sheet.paid_on = reference, paid_on
        sheet.save(update_fields=["payroll_reference", "paid_on"])

    return _move(month=month, action="mark_paid", actor=actor, note=note, check=record,
                 system_note=phrase("incentives.history.paid", reference=reference, paid_on=paid_on.isoformat()))


def may_mark_paid(*, sheet: BonusSheet | None, actor) -> bool:
    return may_move_sheet(sheet=sheet, action="mark_paid", actor=actor)


#: Who records payroll's copy by downloading an approved sheet (the director's download does not).
PAYROLL_EXPORT_ROLES = (Role.HR,)


def bonus_sheet_export_file(*, month: Period, actor, file_format: str) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the month's whole sheet as xlsx or csv, for HR and the
    director (403 for everyone else; another format → 400 naming `format`). HR downloading an
    approved sheet is payroll's copy: the sheet moves approved → exported, recording the format."""
    from incentives.resources import EXPORT_FORMATS, bonus_sheet_export
    from incentives.selectors.sheets import bonus_sheet_for_export

    if file_format not in EXPORT_FORMATS:
        raise ApplicationError(_("Use xlsx or csv."), field="format")
    sheet, rows = bonus_sheet_for_export(user=actor, month=month)
    if sheet.status == SheetStatus.APPROVED and scope_for(actor).acting_role in PAYROLL_EXPORT_ROLES:
        sheet = bonus_sheet_mark_exported(month=month, actor=actor, file_format=file_format)
    return bonus_sheet_export(sheet=sheet, rows=rows, file_format=file_format)

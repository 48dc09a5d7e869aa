"""Reads of bonus sheets and rows, always scoped by the acting user: a rep sees their own row, a
head the rows of the subtree they head, HR and the director every row; finance no bonus data."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from common.exceptions import NotAllowed, NotFound
from common.money import ZERO
from common.periods import Period
from incentives.models import MONEY_COLUMNS, BonusAdjustment, BonusRow, BonusSheet
from teams.models import Role
from teams.scoping import Domain, require_role, scope_for

#: Who sees the whole sheet and may export it.
SHEET_ADMIN_ROLES = (Role.HR, Role.DIRECTOR)


def may_see_bonuses(user) -> bool:
    """Whether the user's role reads bonus sheets and rows at all (SPEC §1.2; finance never)."""
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_sees_bonuses(user) -> None:
    """403 for a role that never sees bonus data (finance)."""
    if not may_see_bonuses(user):
        raise NotAllowed(_("Your role does not see bonus sheets."))


def may_read_bonus_adjustments(user) -> bool:
    """Whether the user's role reads the list of manual adjustments (finance never: 403)."""
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_may_read_bonus_adjustments(user) -> None:
    if not may_read_bonus_adjustments(user):
        raise NotAllowed(_("Your role does not see bonus adjustments."))


def bonus_sheet_get(*, user, month: Period) -> BonusSheet:
    ensure_sees_bonuses(user)
    sheet = BonusSheet.objects.select_related("plan").filter(month=month.start).first()
    if sheet is None:
        raise NotFound(_("There is no bonus sheet for %(month)s yet.") % {"month": month})
    return sheet


def bonus_rows_visible(*, user, sheet: BonusSheet) -> QuerySet:
    return BonusRow.objects.visible_to(user).filter(sheet=sheet).order_by("number")


def bonus_rows_search(rows: QuerySet, search: str = "") -> QuerySet:
    """The rows whose person's name or employee number contains `search` (all when empty)."""
    search = (search or "").strip()
    return rows.filter(Q(name__icontains=search) | Q(number__icontains=search)) if search else rows


def bonus_rows_summary(rows: QuerySet) -> tuple[int, dict]:
    """(how many rows, the money columns summed over them): one SQL aggregate, however many rows."""
    sums = rows.order_by().aggregate(rows=Count("pk"), **{name: Sum(name) for name in MONEY_COLUMNS})
    return sums["rows"], {name: sums[name] if sums[name] is not None else ZERO for name in MONEY_COLUMNS}


def bonus_rows_totals(rows: QuerySet) -> dict:
    """The money columns summed over `rows` (one query)."""
    return bonus_rows_summary(rows)[1]


def bonus_sheets_list(*, user) -> QuerySet:
    ensure_sees_bonuses(user)
    return BonusSheet.objects.order_by("-month")


def may_export_bonus_sheet(user) -> bool:
    """HR and the director export whole sheets."""
    return scope_for(user).acting_role in SHEET_ADMIN_ROLES


def bonus_sheet_for_export(*, user, month: Period) -> tuple[BonusSheet, QuerySet]:
    """HR and the director export whole sheets (403 for everyone else)."""
    require_role(user, *SHEET_ADMIN_ROLES)
    sheet = bonus_sheet_get(user=user, month=month)
    return sheet, BonusRow.objects.filter(sheet=sheet)


def bonus_rows_of_employee(*, user, employee) -> QuerySet:
    """An employee's rows over the months, newest first (for "my bonus")."""
    return BonusRow.objects.visible_to(user).filter(employee=employee).select_related("sheet").order_by("-sheet__month")


def bonus_adjustments_visible(*, user, month: Period | None = None) -> QuerySet:
    rows = BonusAdjustment.objects.visible_to(user).select_related("employee", "entered_by")
    if month is not None:
        rows = rows.filter(month=month.start)
    return rows.order_by("-month", "recorded_at", "id")

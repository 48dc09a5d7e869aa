"""Reads of bonus inquiries, scoped like bonus rows: the asker sees their own, a head those of
their subtree, HR and the director all (finance: 403). Inquiries awaiting HR come first."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from common.periods import Period
from incentives.models import AWAITING_HR, BonusInquiry, BonusSheet
from incentives.selectors.sheets import ensure_sees_bonuses
from teams.scoping import get_visible_or_404


def _awaiting_first(rows: QuerySet) -> QuerySet:
    return rows.annotate(
        waiting=Case(When(status__in=AWAITING_HR, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("waiting", "-raised_at", "-id")


def bonus_inquiries_visible(*, user, month: Period | None = None, status: str | None = None) -> QuerySet:
    ensure_sees_bonuses(user)
    rows = BonusInquiry.objects.visible_to(user).select_related("sheet", "employee", "adjustment")
    if month is not None:
        rows = rows.filter(sheet__month=month.start)
    if status:
        rows = rows.filter(status=status)
    return _awaiting_first(rows)


def bonus_inquiries_of_sheet(*, user, sheet: BonusSheet | None) -> list[BonusInquiry]:
    """The sheet's inquiries the user sees, those awaiting HR first (the sheet page)."""
    if sheet is None:
        return []
    return list(_awaiting_first(BonusInquiry.objects.visible_to(user).filter(sheet=sheet)
                                .select_related("employee", "adjustment")))


def bonus_inquiry_get(*, user, pk: int) -> BonusInquiry:
    ensure_sees_bonuses(user)
    return get_visible_or_404(BonusInquiry.objects.select_related("sheet", "employee", "adjustment"), user, pk=pk)


def bonus_inquiry_steps(inquiry: BonusInquiry) -> QuerySet:
    return inquiry.steps.select_related("actor")

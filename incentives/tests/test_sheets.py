"""The sheet's state machine, month close, adjustments, immutability after approval."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound
from common.locks import month_is_closed
from common.models import ClosedMonth, Notification
from common.periods import Period
from common.phrases import render
from incentives.models import BonusAdjustment, BonusSheet, BonusSheetTransition, SheetStatus
from incentives.services import (
    bonus_adjustment_create,
    bonus_sheet_approve,
    bonus_sheet_generate,
    bonus_sheet_mark_exported,
    bonus_sheet_reopen,
    bonus_sheet_submit,
    month_close,
)
from incentives.tests.factories import OCTOBER, give, row_of
from performance.models import Scorecard, ScorecardStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def draft(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=80000)
    return month_close(month=OCTOBER)


def test_full_lifecycle_records_every_transition(org, draft):
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user, note="ok")
    sheet = bonus_sheet_mark_exported(month=OCTOBER, actor=org.hr.user)
    assert sheet.status == SheetStatus.EXPORTED
    moves = list(BonusSheetTransition.objects.filter(sheet=sheet).exclude(from_status="draft", to_status="draft")
                 .values_list("from_status", "to_status", "actor__username"))
    assert moves == [("draft", "submitted", "hr"), ("submitted", "approved", "director"),
                     ("approved", "exported", "hr")]
    assert Notification.objects.filter(kind="bonus_sheet_submitted", recipient=org.director.user).exists()
    assert Notification.objects.filter(kind="bonus_sheet_approved", recipient=org.hr.user).exists()


def test_approval_closes_the_month_and_publishes_scorecards(org, draft):
    assert Scorecard.objects.filter(month=OCTOBER.start, status=ScorecardStatus.DRAFT).exists()
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    assert month_is_closed(OCTOBER)
    assert ClosedMonth.objects.get(month=OCTOBER.start).closed_by == org.director.user
    assert not Scorecard.objects.filter(month=OCTOBER.start, status=ScorecardStatus.DRAFT).exists()


def test_nothing_changes_after_approval(org, draft):
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    sheet = bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    before = list(sheet.rows.values_list("employee_id", "total", "explanation"))
    give(org.rep, actual=50000)
    with pytest.raises(Conflict):
        bonus_sheet_generate(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(Conflict):
        month_close(month=OCTOBER)
    with pytest.raises(Conflict):
        bonus_adjustment_create(month=OCTOBER, employee=org.rep, amount=D("100"), reason="late", actor=org.hr.user)
    with pytest.raises(Conflict):
        bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(Conflict):
        bonus_sheet_reopen(month=OCTOBER, actor=org.hr.user)
    assert list(sheet.rows.values_list("employee_id", "total", "explanation")) == before


@pytest.mark.parametrize(("action", "who"), [("submit", "rep"), ("submit", "sup1"), ("submit", "finance"),
                                             ("approve", "hr"), ("approve", "manager"), ("approve", "rep")])
def test_roles_that_may_never_move_the_sheet(org, draft, action, who):
    if action == "approve":
        bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    move = {"submit": bonus_sheet_submit, "approve": bonus_sheet_approve}[action]
    with pytest.raises(NotAllowed):
        move(month=OCTOBER, actor=getattr(org, who).user)


def test_wrong_transitions_are_conflicts(org, draft):
    with pytest.raises(Conflict):
        bonus_sheet_approve(month=OCTOBER, actor=org.director.user)  # still a draft
    with pytest.raises(Conflict):
        bonus_sheet_mark_exported(month=OCTOBER, actor=org.hr.user)
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(Conflict):
        bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(NotFound):
        bonus_sheet_submit(month=Period(2026, month=8), actor=org.hr.user)


def test_reopen_sends_back_to_draft_for_corrections(org, draft):
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(Conflict):
        bonus_adjustment_create(month=OCTOBER, employee=org.rep, amount=D("100"), reason="x", actor=org.hr.user)
    assert bonus_sheet_reopen(month=OCTOBER, actor=org.hr.user, note="fix").status == SheetStatus.DRAFT
    bonus_adjustment_create(month=OCTOBER, employee=org.rep, amount=D("100"), reason="Fair", actor=org.hr.user)
    assert row_of(BonusSheet.objects.get(), org.rep).adjustments == D("100.00")


def test_director_cannot_approve_a_sheet_carrying_their_own_pay(org, draft):
    bonus_adjustment_create(month=OCTOBER, employee=org.director, amount=D("800"), reason="Fair host",
                            actor=org.hr.user)
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(NotAllowed):
        bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    assert BonusSheet.objects.get().status == SheetStatus.SUBMITTED
    # another director-level user (an administrator acts as director) approves it
    assert bonus_sheet_approve(month=OCTOBER, actor=org.admin).status == SheetStatus.APPROVED


def test_adjustments(org, draft):
    adjustment = bonus_adjustment_create(month=OCTOBER, employee=org.rep, amount=D("-250.50"),
                                         reason="  Advance repaid ", actor=org.hr.user)
    assert (adjustment.reason, adjustment.entered_by) == ("Advance repaid", org.hr.user)
    row = row_of(BonusSheet.objects.get(), org.rep)
    assert row.adjustments == D("-250.50")
    assert "Advance repaid" in render(row.explanation["adjustments"])
    assert [render(change) for change in row.changes["changed"]] == [
        "Adjustments: 0.00 → −250.50", "Total: 4,200.00 → 3,949.50"]


@pytest.mark.parametrize(("amount", "reason", "field"), [(D("100"), "", "reason"), (D("0"), "x", "amount")])
def test_adjustment_bad_input_saves_nothing(org, amount, reason, field):
    with pytest.raises(ValidationError) as exc:
        bonus_adjustment_create(month=OCTOBER, employee=org.rep, amount=amount, reason=reason, actor=org.hr.user)
    assert field in exc.value.message_dict
    assert not BonusAdjustment.objects.exists()


def test_adjustment_rights(org):
    for who in (org.director, org.sup1, org.rep, org.finance):
        with pytest.raises(NotAllowed):
            bonus_adjustment_create(month=OCTOBER, employee=org.rep, amount=D("1"), reason="x", actor=who.user)
    with pytest.raises(NotAllowed):
        bonus_adjustment_create(month=OCTOBER, employee=org.hr, amount=D("1"), reason="x", actor=org.hr.user)
    with pytest.raises(ApplicationError) as exc:
        bonus_adjustment_create(month=Period(2027, month=1), employee=org.rep, amount=D("1"), reason="x",
                                actor=org.hr.user)
    assert exc.value.field == "month"


# --- month close --------------------------------------------------------------------------------

def test_month_close_is_idempotent(org, draft):
    sheet = BonusSheet.objects.get(month=OCTOBER.start)
    rows = sorted(sheet.rows.values_list("pk", "employee_id", "total"))
    cards = sorted(Scorecard.objects.values_list("pk", flat=True))
    result = month_close(month=OCTOBER)
    assert sorted(sheet.rows.values_list("pk", "employee_id", "total")) == rows
    assert sorted(Scorecard.objects.values_list("pk", flat=True)) == cards
    assert BonusSheet.objects.count() == 1
    assert Notification.objects.filter(kind="bonus_sheet_ready").count() == 1 and result["notified"] == 0
    assert draft["notified"] == 1 and draft["rows"] == result["rows"] == len(rows)
    assert result["changes"]["changed"] == 0


def test_month_close_recomputes_tiers_as_of_the_months_last_day(org, monkeypatch):
    import customers.services.tiering as tiering

    seen = []
    monkeypatch.setattr(tiering, "customers_recompute_tiers", lambda *, as_of: seen.append(as_of) or {"customers": 0})
    month_close(month=OCTOBER)
    assert seen == [date(2026, 10, 31)]


@pytest.mark.parametrize("month", [Period(2026, month=11), Period(2026, month=12), Period(2027, month=1)])
def test_month_close_refuses_the_current_or_a_future_month(org, month):
    with pytest.raises(ApplicationError) as exc:
        month_close(month=month)
    assert exc.value.field == "month" and exc.value.status_code == 400
    assert not BonusSheet.objects.exists()


def test_month_close_refuses_a_closed_month(org):
    ClosedMonth.objects.create(month=OCTOBER.start)
    with pytest.raises(Conflict):
        month_close(month=OCTOBER)


def test_close_month_command(org, draft):
    from io import StringIO

    out = StringIO()
    call_command("close_month", "2026-10", stdout=out)
    assert "2026-10" in out.getvalue()
    for bad in ("2026-13", "2026-11", "oct"):
        with pytest.raises(CommandError, match="month"):
            call_command("close_month", bad)


def test_tasks_call_the_same_service(org):
    from incentives.tasks import close_month, close_previous_month

    give(org.rep, target=100000, actual=130000)
    assert close_previous_month.delay().get()["month"] == "2026-10"
    assert close_month.delay("2026-10").get()["changes"]["changed"] == 0
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    assert "skipped" in close_previous_month.delay().get()

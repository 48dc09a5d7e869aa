"""Generating the draft bonus sheet from the month's data: every rule wired to real rows,
explanations, idempotent regeneration with "what changed", query counts."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.phrases import render
from incentives.models import BonusRow, BonusSheet, BonusSheetTransition, SheetStatus
from incentives.services import bonus_sheet_generate
from incentives.tests.factories import JUNE, OCTOBER, SEPTEMBER, add_reps, give, renewal, row_of
from performance.services import scorecards_compute_drafts
from targets.tests.factories import make_sale, make_target
from teams.models import Role, UnitKind
from teams.tests.factories import EmployeeFactory, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_worked_example_on_the_sheet_with_explanation(org):
    give(org.rep, target=100000, actual=130000)
    sheet = bonus_sheet_generate(month=OCTOBER, actor=org.hr.user)
    row = row_of(sheet, org.rep)
    assert (row.target, row.actual, row.attainment) == (D("100000.00"), D("130000.00"), D("130.00"))
    assert row.commission == D("2200.00")
    assert render(row.explanation["commission"]) == (
        "130,000.00 sales on a 100,000.00 target: 40,000.00 × 2 % + 20,000.00 × 4 % + 10,000.00 × 6 % = 2,200.00")
    assert row.top3 == D("2000.00")
    assert row.total == D("4200.00")
    assert (row.number, row.name, row.team, row.role) == ("R0001", org.rep.name, "East-1", "rep")
    assert row.inputs["target"] == "100000.00" and row.inputs["actual"] == "130000.00"
    assert row.plan_version == sheet.plan.version == sheet.plan_version
    assert sheet.status == SheetStatus.DRAFT and sheet.plan.year == 2026


def test_top3_ties_on_the_sheet(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=130000)
    give(org.rep2, target=100000, actual=120000)
    give(org.rep3, target=100000, actual=99990)  # 99.99 %: never in the top 3
    sheet = bonus_sheet_generate(month=OCTOBER)
    top3 = {row.employee_id: row.top3 for row in sheet.rows.all()}
    assert top3[org.rep.pk] == top3[org.teammate.pk] == D("2000.00")
    assert top3[org.rep2.pk] == D("500.00")
    assert top3[org.rep3.pk] == D("0.00")
    assert D("1000.00") not in top3.values()
    assert "99.99" in render(row_of(sheet, org.rep3).explanation["top3"])


def test_rep_hired_mid_month_is_not_eligible_for_top3(org):
    newbie = EmployeeFactory(role=Role.REP, org_unit=org.east1, hire_date=date(2026, 10, 2))
    give(newbie, target=10000, actual=50000)
    sheet = bonus_sheet_generate(month=OCTOBER)
    assert row_of(sheet, newbie).top3 == 0
    assert "whole month" in render(row_of(sheet, newbie).explanation["top3"])


def test_team_and_region_bonuses(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=70000)   # East-1: 200,000 on 200,000 → 100 %
    make_sale(org.sup1, 10000, date(2026, 10, 3))      # a head's own sale counts for the team
    give(org.rep2, target=100000, actual=99990)        # East-2: 99.99 %
    give(org.rep3, target=100000, actual=50000)        # South: 50 %
    sheet = bonus_sheet_generate(month=OCTOBER)
    assert row_of(sheet, org.sup1).team_bonus == D("2000.00")
    sup_row = row_of(sheet, org.sup1)
    assert (sup_row.target, sup_row.actual, sup_row.team) == (D("200000.00"), D("210000.00"), "East-1")
    assert not sheet.rows.filter(employee=org.sup2).exists()  # no bonus, no scorecard, no row
    east = row_of(sheet, org.manager)
    assert (east.team_bonus, east.actual, east.target) == (D("5000.00"), D("309990.00"), D("300000.00"))
    assert "≥ 100 %" in render(east.explanation["team_bonus"])
    assert not sheet.rows.filter(employee=org.manager2).exists()


@pytest.mark.parametrize(("actual", "bonus"), [(99990, "0.00"), (100000, "2000.00")])
def test_team_at_9999_vs_100_with_an_own_team_target(org, actual, bonus):
    make_target(str(OCTOBER), 100000, org_unit=org.east1)
    give(org.rep, actual=actual)
    sheet = bonus_sheet_generate(month=OCTOBER)
    row = sheet.rows.filter(employee=org.sup1).first()
    assert (row.team_bonus if row else D("0.00")) == D(bonus)


@pytest.mark.parametrize(("hired", "paid"), [(date(2026, 7, 31), "300.00"), (date(2026, 7, 30), "0.00")])
def test_first_order_day_90_vs_91(org, hired, paid):
    newbie = EmployeeFactory(role=Role.REP, org_unit=org.east1, hire_date=hired)
    make_sale(newbie, 20000, date(2026, 10, 29))
    make_target(str(OCTOBER), 100000, employee=newbie)
    scorecards_compute_drafts(month=OCTOBER)  # a scorecard gives everyone a row, bonus or not
    row = row_of(bonus_sheet_generate(month=OCTOBER), newbie)
    assert row.first_order == D(paid)
    assert row.composite is not None and row.rank is not None
    assert "days after hire" in render(row.explanation["first_order"])


def test_first_order_only_for_the_first_ever_contract(org):
    newbie = EmployeeFactory(role=Role.REP, org_unit=org.east1, hire_date=date(2026, 8, 15))
    make_sale(newbie, 20000, date(2026, 9, 20))
    make_sale(newbie, 20000, date(2026, 10, 20))
    assert not bonus_sheet_generate(month=OCTOBER).rows.filter(employee=newbie, first_order__gt=0).exists()
    assert row_of(bonus_sheet_generate(month=SEPTEMBER), newbie).first_order == D("300.00")


def test_retention_only_for_tier_a_renewals_of_core_reps(org):
    renewal(org.rep, amount=200000, tier="A", signed_on=date(2026, 10, 5))
    renewal(org.rep, amount=300000, tier="B", signed_on=date(2026, 10, 6))
    newbie = EmployeeFactory(role=Role.REP, org_unit=org.east1, hire_date=date(2026, 9, 1))
    renewal(newbie, amount=200000, tier="A", signed_on=date(2026, 10, 7))
    scorecards_compute_drafts(month=OCTOBER)
    sheet = bonus_sheet_generate(month=OCTOBER)
    assert row_of(sheet, org.rep).retention == D("1000.00")
    assert row_of(sheet, newbie).retention == 0
    assert "core" in render(row_of(sheet, newbie).explanation["retention"])


def test_referral_in_the_month_the_hire_completes_90_days(org):
    EmployeeFactory(role=Role.REP, org_unit=org.east2, hire_date=date(2026, 7, 10), referred_by=org.rep)
    EmployeeFactory(role=Role.REP, org_unit=org.east2, hire_date=date(2026, 8, 10), referred_by=org.teammate)
    sheet = bonus_sheet_generate(month=OCTOBER)
    assert row_of(sheet, org.rep).referral == D("1000.00")
    assert not sheet.rows.filter(employee=org.teammate).exists()


def test_regenerating_is_idempotent_and_records_what_changed(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=50000)
    first = bonus_sheet_generate(month=OCTOBER)
    ids = sorted(first.rows.values_list("pk", flat=True))
    again = bonus_sheet_generate(month=OCTOBER)
    assert again.pk == first.pk and BonusSheet.objects.count() == 1
    assert sorted(again.rows.values_list("pk", flat=True)) == ids
    assert all(row.changes == {} for row in again.rows.all())
    assert again.last_changes == {"rows": len(ids), "added": [], "removed": [], "changed": 0}

    make_sale(org.rep, 10000, date(2026, 10, 20))
    give(org.rep3, target=100000, actual=120000)
    third = bonus_sheet_generate(month=OCTOBER)
    row = row_of(third, org.rep)
    changed = [render(change) for change in row.changes["changed"]]
    assert "Actual sales: 130,000.00 → 140,000.00" in changed
    assert "Commission: 2,200.00 → 2,800.00" in changed
    assert row_of(third, org.rep3).changes == {"added": True}
    assert third.last_changes["added"] == ["M0002", "R0004", "S0003"] and third.last_changes["changed"] >= 1
    assert BonusSheetTransition.objects.filter(sheet=third, to_status="draft").count() == 3


def test_generate_is_refused_for_a_submitted_or_approved_sheet(org):
    give(org.rep, target=100000, actual=130000)
    sheet = bonus_sheet_generate(month=OCTOBER)
    for status in (SheetStatus.SUBMITTED, SheetStatus.APPROVED, SheetStatus.EXPORTED):
        BonusSheet.objects.filter(pk=sheet.pk).update(status=status)
        with pytest.raises(Conflict):
            bonus_sheet_generate(month=OCTOBER, actor=org.hr.user)


def test_generate_bad_input(org):
    from common.periods import Period

    with pytest.raises(ApplicationError) as exc:
        bonus_sheet_generate(month=Period(2026, month=12))
    assert exc.value.field == "month"
    with pytest.raises(NotAllowed):
        bonus_sheet_generate(month=OCTOBER, actor=org.rep.user)
    with pytest.raises(NotAllowed):
        bonus_sheet_generate(month=OCTOBER, actor=org.sup1.user)


def _queries(month, team, reps):
    for rep in reps:
        give(rep, month, target=100000, actual=110000)
    with CaptureQueriesContext(connection) as ctx:
        sheet = bonus_sheet_generate(month=month)
    assert sheet.rows.filter(role=Role.REP).count() >= len(reps)
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return len(reads), len(ctx.captured_queries) - len(reads)


def test_query_count_does_not_grow_with_reps(org, unsplit_batches):
    region = make_unit("North", UnitKind.REGION, org.company)
    team = make_unit("North-1", UnitKind.TEAM, region)
    few = add_reps(team, 5, prefix="A")
    reads_5, writes_5 = _queries(JUNE, team, few)
    many = few + add_reps(team, 45, prefix="B")
    reads_50, writes_50 = _queries(SEPTEMBER, team, many)
    assert reads_50 == reads_5
    assert writes_50 == writes_5  # bulk writes, one statement per table (`unsplit_batches`)
    assert BonusRow.objects.filter(sheet__month=SEPTEMBER.start).count() >= 50

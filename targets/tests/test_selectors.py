from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from common.periods import Period
from targets import selectors
from targets.tests.factories import make_sale, make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory

MARCH = Period(2026, month=3)


def test_employee_targets_exact_period_only(org):
    make_target("2026-03", 1000, employee=org.rep)
    make_target("2026", 9000, employee=org.rep)
    make_target("2026-03", 500, employee=org.rep, product_line="ERP")
    assert selectors.employee_targets(period=MARCH) == {org.rep.pk: Decimal("1000.00")}
    assert selectors.employee_targets(period=MARCH, product_line="ERP") == {org.rep.pk: Decimal("500.00")}
    assert selectors.employee_targets(period=MARCH, employee_ids=[org.teammate.pk]) == {}


def test_unit_targets_own_or_sum_of_children(org):
    make_target("2026-03", 1000, employee=org.rep)
    make_target("2026-03", 2000, employee=org.teammate)
    make_target("2026-03", 700, org_unit=org.east2)
    make_target("2026-03", 400, employee=org.rep2)  # east2 has its own target: this is ignored above
    result = selectors.unit_targets(period=MARCH)
    assert result[org.east1.pk] == Decimal("3000.00")
    assert result[org.east2.pk] == Decimal("700.00")
    assert result[org.east.pk] == Decimal("3700.00")
    assert result[org.company.pk] == Decimal("3700.00")
    assert org.south.pk not in result


def test_unique_per_period_assignee_product_line(org):
    make_target("2026-03", 1000, employee=org.rep)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target("2026-03", 5, employee=org.rep)
    make_target("2026-03", 1000, org_unit=org.east1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target("2026-03", 5, org_unit=org.east1)
    make_target("2026-03", 1000, org_unit=org.east1, product_line="ERP")


def test_negative_amount_refused_by_database(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target("2026-03", -1, employee=org.rep)


def test_attainment_rows_tree(org):
    make_target("2026-03", 1000, employee=org.rep)
    make_target("2026-03", 3000, employee=org.teammate)
    make_sale(org.rep, 1200, date(2026, 3, 5))
    make_sale(org.teammate, 300, date(2026, 3, 31))
    make_sale(org.teammate, 999, date(2026, 4, 1))  # outside the month
    make_sale(org.rep2, 100, date(2026, 3, 2))
    rows = selectors.attainment_rows(user=org.director.user, unit=org.east, period=MARCH)
    by = {(r.kind, r.id): r for r in rows}
    assert [r.name for r in rows][:4] == ["East", "East-1", org.rep.name, org.teammate.name]
    east1 = by[("unit", org.east1.pk)]
    assert east1.target == Decimal("4000.00") and not east1.target_is_own
    assert east1.actual == Decimal("1500.00") and east1.attainment == Decimal("37.50")
    assert east1.gap == Decimal("2500.00")
    rep = by[("employee", org.rep.pk)]
    assert rep.attainment == Decimal("120.00") and rep.gap == Decimal("-200.00")
    east = by[("unit", org.east.pk)]
    assert east.actual == Decimal("1600.00") and east.target == Decimal("4000.00")
    east2 = by[("unit", org.east2.pk)]
    assert east2.target is None and east2.attainment is None and east2.gap is None
    assert by[("employee", org.rep2.pk)].attainment is None


def test_attainment_rows_scoped(org):
    make_target("2026-03", 1000, employee=org.rep)
    sup_rows = selectors.attainment_rows(user=org.sup1.user, unit=org.east, period=MARCH)
    assert {(r.kind, r.id) for r in sup_rows} == {
        ("unit", org.east1.pk), ("employee", org.rep.pk), ("employee", org.teammate.pk)}
    rep_rows = selectors.attainment_rows(user=org.rep.user, unit=org.company, period=MARCH)
    assert [(r.kind, r.id) for r in rep_rows] == [("employee", org.rep.pk)]
    assert selectors.attainment_rows(user=org.finance.user, unit=org.company, period=MARCH) == []
    hr_rows = selectors.attainment_rows(user=org.hr.user, unit=org.company, period=MARCH)
    assert ("unit", org.company.pk) in {(r.kind, r.id) for r in hr_rows}


@pytest.mark.parametrize("extra_reps", [1, 38])
def test_attainment_rows_constant_queries(org, django_assert_num_queries, extra_reps):
    for index in range(extra_reps):
        person = EmployeeFactory(role=Role.REP, org_unit=org.east1)
        make_target("2026-03", 1000 + index, employee=person)
        make_sale(person, 500, date(2026, 3, 10))
    user = org.director.user
    selectors.attainment_rows(user=user, unit=org.company, period=MARCH)  # warms the scope cache
    with django_assert_num_queries(5):  # units, people, targets, published actuals, live actuals
        rows = selectors.attainment_rows(user=user, unit=org.company, period=MARCH)
    assert len([r for r in rows if r.kind == "employee"]) == 4 + extra_reps


def test_difficulty_check(org):
    make_target("2026-03", 1000, employee=org.rep)
    make_target("2026-03", 1000, employee=org.teammate)
    make_sale(org.rep, 1000, date(2026, 3, 5))
    make_sale(org.teammate, 999.99, date(2026, 3, 5))
    check = selectors.difficulty_check(user=org.sup1.user, unit=org.east1, period=MARCH)
    assert check["reps_with_target"] == 2 and check["reps_reached"] == 1
    assert check["share_reached"] == Decimal("50.00") and check["meets_aim"] is False
    assert [row.employee for row in check["members"]] == [org.teammate, org.rep]


def test_difficulty_check_without_targets(org):
    check = selectors.difficulty_check(user=org.director.user, unit=org.east1, period=MARCH)
    assert check["share_reached"] is None and check["meets_aim"] is None


def test_unit_target_series(org, django_assert_num_queries):
    make_target("2026-01", 100, employee=org.rep)
    make_target("2026-01", 50, employee=org.rep2)
    make_target("2026-02", 999, org_unit=org.east)
    months = [Period.parse(f"2026-{m:02d}") for m in (1, 2, 3)]
    with django_assert_num_queries(2):
        series = selectors.unit_target_series(unit=org.east, periods=months)
    assert series == {months[0]: Decimal("150.00"), months[1]: Decimal("999.00"), months[2]: None}

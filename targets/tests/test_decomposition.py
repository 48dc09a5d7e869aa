from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError, NotAllowed
from common.periods import Period
from targets import services
from targets.models import SalesTarget, TargetChange
from targets.tests.factories import make_sale, make_target
from teams.models import Role, UnitKind
from teams.tests.factories import EmployeeFactory, make_unit

D = Decimal
MARCH = Period(2026, month=3)


def amounts_of(targets):
    return [t.amount for t in targets]


def new_team(org, name, count, **rep_fields):
    team = make_unit(name, UnitKind.TEAM, org.east)
    reps = [EmployeeFactory(role=Role.REP, org_unit=team, number=f"{name}-{i}", **rep_fields) for i in range(count)]
    return team, reps


def test_equal_three_ways_largest_remainder_to_lowest_number(org):
    team, reps = new_team(org, "Three", 3)
    make_target("2026-03", "100000.00", org_unit=team)
    result = services.target_decompose(actor=org.director.user, period=MARCH, org_unit=team, method="equal")
    assert [(t.employee, t.amount) for t in result] == [
        (reps[0], D("33333.34")), (reps[1], D("33333.33")), (reps[2], D("33333.33"))]
    assert SalesTarget.objects.filter(employee__in=reps, period="2026-03").count() == 3
    assert TargetChange.objects.filter(target__in=result, old_amount__isnull=True).count() == 3


def test_core_vs_new_hire_at_180_day_boundary(org):
    # 2026-07-01 minus 180 days is 2026-01-02: tenure 180 days → core; 179 days → new hire.
    team = make_unit("Boundary", UnitKind.TEAM, org.east)
    core = EmployeeFactory(role=Role.REP, org_unit=team, number="B1", hire_date=date(2026, 1, 2))
    new = EmployeeFactory(role=Role.REP, org_unit=team, number="B2", hire_date=date(2026, 1, 3))
    make_target("2026-07", "23000.00", org_unit=team)
    result = services.target_decompose(
        actor=org.director.user, period=Period.parse("2026-07"), org_unit=team, method="equal")
    assert {t.employee: t.amount for t in result} == {core: D("13000.00"), new: D("10000.00")}


def test_mid_month_joiner_is_pro_rated_by_days(org):
    team = make_unit("Joiners", UnitKind.TEAM, org.east)
    core = EmployeeFactory(role=Role.REP, org_unit=team, number="J1", hire_date=date(2024, 1, 1))
    joiner = EmployeeFactory(role=Role.REP, org_unit=team, number="J2", hire_date=date(2026, 3, 17))
    leaver = EmployeeFactory(role=Role.REP, org_unit=team, number="J3", hire_date=date(2024, 1, 1),
                             left_on=date(2026, 2, 27), active=False)
    make_target("2026-03", "10000.00", org_unit=team)
    result = services.target_decompose(actor=org.director.user, period=MARCH, org_unit=team, method="equal")
    # core 1.3 (31/31) : joiner 1.0 × 15/31 → 10000 × 40.3 / 55.3
    assert {t.employee: t.amount for t in result} == {core: D("7287.52"), joiner: D("2712.48")}
    assert leaver not in {t.employee for t in result}


def test_historical_partial_history_gets_average(org):
    team, reps = new_team(org, "Hist", 3)
    make_sale(reps[0], "3000.00", date(2025, 3, 10))
    make_sale(reps[1], "1000.00", date(2025, 3, 20))
    make_sale(reps[1], "9999.00", date(2025, 4, 1))  # not the same period last year
    make_target("2026-03", "6000.00", org_unit=team)
    result = services.target_decompose(actor=org.director.user, period=MARCH, org_unit=team, method="historical")
    # weights 3000 : 1000 : average 2000
    assert amounts_of(result) == [D("3000.00"), D("1000.00"), D("2000.00")]


def test_historical_without_history_falls_back_to_equal(org):
    team = make_unit("NoHist", UnitKind.TEAM, org.east)
    EmployeeFactory(role=Role.REP, org_unit=team, number="N1", hire_date=date(2024, 1, 1))
    EmployeeFactory(role=Role.REP, org_unit=team, number="N2", hire_date=date(2026, 1, 1))
    make_target("2026-03", "2300.00", org_unit=team)
    result = services.target_decompose(actor=org.director.user, period=MARCH, org_unit=team, method="historical")
    assert amounts_of(result) == [D("1300.00"), D("1000.00")]


def test_awkward_amount_year_to_months_to_seven_reps_sums_exactly(org):
    team, reps = new_team(org, "Seven", 7)
    year = Period.parse("2026")
    make_target("2026", "1000000.01", org_unit=team)
    months = services.target_decompose(actor=org.director.user, period=year, org_unit=team, method="profile",
                                       into="months")
    month_rows = [t for t in months if t.period_kind == "month"]
    assert len(month_rows) == 12 and sum(amounts_of(month_rows)) == D("1000000.01")
    assert sum(t.amount for t in months if t.period_kind == "quarter") == D("1000000.01")
    services.target_decompose(actor=org.director.user, period=year, org_unit=team, method="equal")
    for month in year.months():
        team_month = SalesTarget.objects.get(org_unit=team, period=str(month)).amount
        assert sum(SalesTarget.objects.filter(employee__in=reps, period=str(month)).values_list("amount", flat=True)) \
            == team_month
    for rep in reps:
        rows = dict(SalesTarget.objects.filter(employee=rep).values_list("period", "amount"))
        assert sum(rows[str(m)] for m in year.months()) == rows["2026"]
        for quarter in year.quarters():
            assert sum(rows[str(m)] for m in quarter.months()) == rows[str(quarter)]
    assert sum(SalesTarget.objects.filter(employee__in=reps, period="2026").values_list("amount", flat=True)) \
        == D("1000000.01")


def test_year_split_by_months_gives_joiner_nothing_before_joining(org):
    team = make_unit("Mid", UnitKind.TEAM, org.east)
    EmployeeFactory(role=Role.REP, org_unit=team, number="M1", hire_date=date(2024, 1, 1))
    joiner = EmployeeFactory(role=Role.REP, org_unit=team, number="M2", hire_date=date(2026, 7, 1))
    make_target("2026", "120000.00", org_unit=team)
    year = Period.parse("2026")
    services.target_decompose(actor=org.director.user, period=year, org_unit=team, method="equal", into="months")
    services.target_decompose(actor=org.director.user, period=year, org_unit=team, method="equal")
    joiner_rows = dict(SalesTarget.objects.filter(employee=joiner).values_list("period", "amount"))
    assert joiner_rows["2026-06"] == 0 and joiner_rows["2026-07"] > 0 and joiner_rows["2026-Q1"] == 0


def test_cascade_company_to_every_rep_sums_exactly(org):
    year = Period.parse("2026")
    make_target("2026", "9876543.21", org_unit=org.company)
    services.target_decompose(actor=org.director.user, period=year, org_unit=org.company, method="profile",
                              into="months")
    services.target_decompose(actor=org.director.user, period=year, org_unit=org.company, method="equal",
                              cascade=True)
    for period in [year, *year.quarters(), *year.months()]:
        by_unit = dict(SalesTarget.objects.filter(period=str(period), org_unit__isnull=False)
                       .values_list("org_unit_id", "amount"))
        reps = SalesTarget.objects.filter(period=str(period), employee__isnull=False)
        assert by_unit[org.east.pk] + by_unit[org.south.pk] == by_unit[org.company.pk]
        assert by_unit[org.east1.pk] + by_unit[org.east2.pk] == by_unit[org.east.pk]
        assert sum(reps.filter(employee__org_unit=org.east1).values_list("amount", flat=True)) == by_unit[org.east1.pk]
        assert sum(reps.values_list("amount", flat=True)) == by_unit[org.company.pk]
    # equal among units weighs their reps: East has 3 core reps, South 1 (month by month, to the cent)
    east, south = (SalesTarget.objects.get(org_unit=u, period="2026").amount for u in (org.east, org.south))
    assert east + south == D("9876543.21") and abs(east - 3 * south) < D("0.50")


def test_weighted_and_manual(org):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    result = services.target_decompose(
        actor=org.sup1.user, period=MARCH, org_unit=org.east1, method="weighted",
        weights={str(org.rep.pk): "1", str(org.teammate.pk): "3"})
    assert amounts_of(result) == [D("250.00"), D("750.00")]
    result = services.target_decompose(
        actor=org.sup1.user, period=MARCH, org_unit=org.east1, method="manual", reason="Rep took over a key account",
        amounts={str(org.rep.pk): "600.00", str(org.teammate.pk): "400.00"})
    assert amounts_of(result) == [D("600.00"), D("400.00")]
    change = TargetChange.objects.filter(target__employee=org.rep, old_amount__isnull=False).get()
    assert (change.old_amount, change.new_amount, change.changed_by) == (D("250.00"), D("600.00"), org.sup1.user)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"method": "manual", "amounts": {"REP": "600.00", "MATE": "400.01"}}, "amounts"),
    ({"method": "manual", "amounts": {"REP": "1000.00"}}, "amounts"),
    ({"method": "manual", "amounts": {"REP": "1100.00", "MATE": "-100.00"}}, "amounts"),
    ({"method": "weighted", "weights": {"REP": "0", "MATE": "0"}}, "weights"),
    ({"method": "weighted", "weights": {"REP": "-1", "MATE": "2"}}, "weights"),
    ({"method": "weighted", "weights": {"REP": "1", "MATE": "1", "999999": "1"}}, "weights"),
    ({"method": "weighted"}, "weights"),
    ({"method": "split"}, "method"),
    ({"method": "equal", "into": "weeks"}, "into"),
    ({"method": "profile"}, "method"),
])
def test_bad_input_saves_nothing(org, kwargs, field):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    ids = {"REP": str(org.rep.pk), "MATE": str(org.teammate.pk)}
    for name in ("amounts", "weights"):
        if name in kwargs:
            kwargs[name] = {ids.get(k, k): v for k, v in kwargs[name].items()}
    with pytest.raises(ValidationError) as error:
        services.target_decompose(actor=org.director.user, period=MARCH, org_unit=org.east1, **kwargs)
    assert field in error.value.message_dict
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


def test_no_parent_target_or_no_members(org):
    with pytest.raises(ApplicationError) as error:
        services.target_decompose(actor=org.director.user, period=MARCH, org_unit=org.east1, method="equal")
    assert error.value.field == "period"
    empty = make_unit("Empty", UnitKind.TEAM, org.east)
    make_target("2026-03", "1000.00", org_unit=empty)
    with pytest.raises(ApplicationError) as error:
        services.target_decompose(actor=org.director.user, period=MARCH, org_unit=empty, method="equal")
    assert error.value.field == "org_unit"


def test_month_split_months_not_adding_up_refused(org):
    make_target("2026-Q1", "3000.00", org_unit=org.east1)
    make_target("2026-01", "1000.00", org_unit=org.east1)
    with pytest.raises(ApplicationError) as error:
        services.target_decompose(actor=org.director.user, period=Period.parse("2026-Q1"), org_unit=org.east1,
                                  method="equal")
    assert error.value.field == "period"


def test_quarter_into_its_three_months(org):
    make_target("2026-Q2", "1000.00", org_unit=org.east1)
    result = services.target_decompose(actor=org.director.user, period=Period.parse("2026-Q2"), org_unit=org.east1,
                                       method="profile", into="months")
    # the equal profile gives April 8.34 %, May and June 8.33 %
    assert [(t.period, t.amount) for t in result] == [
        ("2026-04", D("333.60")), ("2026-05", D("333.20")), ("2026-06", D("333.20"))]
    result = services.target_decompose(actor=org.director.user, period=Period.parse("2026-Q2"), org_unit=org.east1,
                                       method="equal", into="months", reason="Flat quarter")
    assert amounts_of(result) == [D("333.34"), D("333.33"), D("333.33")]


def test_redecomposition_needs_reason_and_zeroes_departed(org):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    services.target_decompose(actor=org.sup1.user, period=MARCH, org_unit=org.east1, method="equal")
    org.teammate.left_on, org.teammate.active = date(2026, 2, 1), False
    org.teammate.save()
    with pytest.raises(ValidationError) as error:
        services.target_decompose(actor=org.sup1.user, period=MARCH, org_unit=org.east1, method="equal")
    assert "reason" in error.value.message_dict
    services.target_decompose(actor=org.sup1.user, period=MARCH, org_unit=org.east1, method="equal",
                              reason="Teammate left")
    assert dict(SalesTarget.objects.filter(employee__isnull=False).values_list("employee", "amount")) == {
        org.rep.pk: D("1000.00"), org.teammate.pk: D("0.00")}


def test_preview_saves_nothing_and_shows_previous(org):
    make_target("2026-03", "900.00", org_unit=org.east1)
    make_target("2026-03", "100.00", employee=org.rep)
    plan = services.target_decompose_preview(actor=org.sup1.user, period=MARCH, org_unit=org.east1, method="equal")
    assert [(r.employee, r.amount, r.previous) for r in plan.rows] == [
        (org.rep, D("450.00"), D("100.00")), (org.teammate, D("450.00"), None)]
    assert SalesTarget.objects.count() == 2


@pytest.mark.parametrize(("who", "unit", "allowed"), [
    ("sup1", "east1", True), ("sup1", "east", False), ("sup2", "east1", False), ("manager", "east", True),
    ("manager", "east1", True), ("manager", "company", False), ("manager2", "east1", False),
    ("director", "company", True), ("rep", "east1", False), ("hr", "east1", False), ("finance", "east1", False),
])
def test_who_may_decompose(org, who, unit, allowed):
    make_target("2026-03", "1000.00", org_unit=getattr(org, unit))
    call = dict(actor=getattr(org, who).user, period=MARCH, org_unit=getattr(org, unit), method="equal")
    if allowed:
        assert services.target_decompose(**call)
    else:
        with pytest.raises(NotAllowed):
            services.target_decompose(**call)
        assert not SalesTarget.objects.filter(period="2026-03").exclude(org_unit=getattr(org, unit)).exists()


@pytest.mark.parametrize(("who", "assignee", "allowed"), [
    ("sup1", "rep", True), ("sup1", "sup1", False), ("sup1", "rep2", False), ("sup1", "east1", False),
    ("manager", "east1", True), ("manager", "sup1", True), ("manager", "rep", True), ("manager", "east", False),
    ("manager", "manager", False), ("manager", "rep3", False), ("director", "company", True),
    ("director", "rep3", True), ("director", "director", False), ("rep", "rep", False), ("rep", "teammate", False),
    ("hr", "rep", False),
])
def test_who_may_set_a_target(org, who, assignee, allowed):
    target = getattr(org, assignee)
    kwargs = {"org_unit": target} if hasattr(target, "path") else {"employee": target}
    call = dict(actor=getattr(org, who).user, period=MARCH, amount="100.00", **kwargs)
    if allowed:
        assert services.sales_target_set(**call).amount == D("100.00")
    else:
        with pytest.raises(NotAllowed):
            services.sales_target_set(**call)


def test_change_needs_reason_and_is_recorded(org):
    target = services.sales_target_set(actor=org.sup1.user, period=MARCH, amount="100.00", employee=org.rep)
    with pytest.raises(ValidationError) as error:
        services.sales_target_change(actor=org.sup1.user, target=target, amount="120.00", reason="  ")
    assert "reason" in error.value.message_dict
    services.sales_target_change(actor=org.sup1.user, target=target, amount="120.00", reason="New key account")
    changes = list(TargetChange.objects.filter(target=target).order_by("id"))
    assert [(c.old_amount, c.new_amount, c.reason) for c in changes] == [
        (None, D("100.00"), ""), (D("100.00"), D("120.00"), "New key account")]


@pytest.mark.parametrize("amount", ["-1", "1.001", "abc", "1e20"])
def test_bad_amount(org, amount):
    with pytest.raises(ValidationError) as error:
        services.sales_target_set(actor=org.sup1.user, period=MARCH, amount=amount, employee=org.rep)
    assert "amount" in error.value.message_dict


def test_year_changed_after_its_months_can_be_split_into_months_again(org):
    # Changing the year (or one month) leaves the months not adding up: splitting into months
    # again is the way out, so it must not be refused for that very reason.
    year = Period.parse("2026")
    target = make_target("2026", "1200.00", org_unit=org.east1)
    services.target_decompose(actor=org.director.user, period=year, org_unit=org.east1, method="equal", into="months")
    services.sales_target_change(actor=org.director.user, target=target, amount="2400.00", reason="New product")
    with pytest.raises(ApplicationError):  # down the tree the months must add up first
        services.target_decompose(actor=org.director.user, period=year, org_unit=org.east1, method="equal")
    services.target_decompose(actor=org.director.user, period=year, org_unit=org.east1, method="equal",
                              into="months", reason="Year raised")
    months = SalesTarget.objects.filter(org_unit=org.east1, period_kind="month").values_list("amount", flat=True)
    assert set(months) == {D("200.00")}
    services.target_decompose(actor=org.director.user, period=year, org_unit=org.east1, method="equal")
    assert sum(SalesTarget.objects.filter(employee__isnull=False, period="2026").values_list("amount", flat=True)) \
        == D("2400.00")

"""Edges of the target services and selectors the page and API tests do not reach: historical and
month splits, published actuals, the default profile, profile names, pro-rating by employment."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import Conflict
from common.models import ClosedMonth
from common.periods import Period
from targets import selectors, services
from targets.models import DistributionProfile
from targets.tests.factories import make_sale, make_target

MARCH = Period(2026, month=3)


def _plan(org, **kwargs):
    return services.target_decompose_preview(actor=org.director.user, **kwargs)


def _amounts(plan) -> dict:
    return {(row.org_unit or row.employee).name: row.amount for row in plan.rows if row.in_total}


def test_historical_split_of_a_region_weights_its_teams_by_last_years_sales(org):
    make_target("2026-03", "1000.00", org_unit=org.east)
    make_sale(org.rep, "300.00", date(2025, 3, 5))
    make_sale(org.rep2, "100.00", date(2025, 3, 6))
    plan = _plan(org, period=MARCH, org_unit=org.east, method="historical")
    assert _amounts(plan) == {"East-1": D("750.00"), "East-2": D("250.00")}


def test_year_into_months_manual_weighted_and_historical(org):
    year = Period(2026)
    make_target("2026", "1200.00", org_unit=org.east1)
    months = [str(m) for m in year.months()]
    manual = _plan(org, period=year, org_unit=org.east1, method="manual", into="months",
                   amounts={m: "100.00" for m in months})
    assert sum(row.amount for row in manual.rows if row.in_total) == D("1200.00")
    with pytest.raises(ValidationError) as refused:
        _plan(org, period=year, org_unit=org.east1, method="manual", into="months", amounts={m: "1.00" for m in months})
    assert "amounts" in refused.value.message_dict
    weighted = _plan(org, period=year, org_unit=org.east1, method="weighted", into="months",
                     weights={m: ("3" if m == "2026-01" else "1") for m in months})
    assert [row.amount for row in weighted.rows if row.in_total][0] == D("257.14")
    make_sale(org.rep, "300.00", date(2025, 1, 5))
    make_sale(org.rep, "100.00", date(2025, 2, 5))  # the other months get the average, 200.00
    historical = _plan(org, period=year, org_unit=org.east1, method="historical", into="months")
    by_month = {str(row.period): row.amount for row in historical.rows if row.in_total}
    assert (by_month["2026-01"], by_month["2026-02"], by_month["2026-03"]) == (D("150.00"), D("50.00"), D("100.00"))
    make_target("2026-Q3", "300.00", org_unit=org.east1)  # no sales a year before: equal months
    equal = _plan(org, period=Period.parse("2026-Q3"), org_unit=org.east1, method="historical", into="months")
    assert [row.amount for row in equal.rows if row.in_total] == [D("100.00")] * 3


def test_a_month_does_not_split_into_months(org):
    make_target("2026-03", "100.00", org_unit=org.east1)
    with pytest.raises(ValidationError):
        _plan(org, period=MARCH, org_unit=org.east1, method="equal", into="months")
    with pytest.raises(ValidationError):
        services.split_by_profile(amount=D("100.00"), period=MARCH, profile=selectors.default_profile())


def test_a_profile_of_zeros_for_a_quarter_splits_equally(db):
    profile = DistributionProfile(name="Zero Q2", **{f"m{n:02d}": D("0.00") for n in range(1, 13)})
    split = services.split_by_profile(amount=D("100.00"), period=Period.parse("2026-Q2"), profile=profile)
    assert list(split.values()) == [D("33.34"), D("33.33"), D("33.33")]


def test_default_profile_without_a_row_is_equal(db):
    DistributionProfile.objects.all().delete()
    profile = selectors.default_profile()
    assert profile.pk is None and sum(profile.percentages) == D("100.00") and profile.is_default


def test_profile_names_are_required_and_unique(org):
    equal = [D("8.33")] * 11 + [D("8.37")]
    with pytest.raises(ValidationError) as blank:
        services.distribution_profile_save(actor=org.director.user, name=" ", percentages=equal)
    assert "name" in blank.value.message_dict
    first = services.distribution_profile_save(actor=org.director.user, name="Flat", percentages=equal)
    with pytest.raises(ValidationError) as clash:
        services.distribution_profile_save(actor=org.director.user, name="Flat", percentages=equal)
    assert "name" in clash.value.message_dict
    renamed = services.distribution_profile_save(actor=org.director.user, name="Flat", percentages=equal,
                                                 profile=first, is_default=True)
    assert renamed.pk == first.pk and renamed.is_default


def test_published_actuals_replace_live_sales_of_a_closed_month(org):
    make_sale(org.rep, "100.00", date(2026, 3, 5))
    services.published_actuals_record(month=MARCH, amounts={org.rep.pk: D("80.00")})
    services.published_actuals_record(month=MARCH, amounts={org.rep.pk: D("90.00")})  # a later draft replaces
    assert selectors.actual_sales(period=MARCH) == {org.rep.pk: D("100.00")}  # open: live figures
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    make_sale(org.rep, "5.00", date(2026, 4, 2))
    assert selectors.actual_sales(period=Period.parse("2026-Q1")) == {org.rep.pk: D("90.00")}
    assert selectors.actual_sales(period=Period.parse("2026-Q2"), employee_ids=[org.rep.pk]) == {org.rep.pk: D("5.00")}
    with pytest.raises(Conflict):
        services.published_actuals_record(month=MARCH, amounts={org.rep.pk: D("1.00")})


def test_days_employed_follows_the_employment_rule(org):
    rep = org.rep
    rep.hire_date, rep.left_on = date(2026, 3, 10), date(2026, 3, 19)
    assert selectors.days_employed(rep, MARCH) == 10
    rep.left_on, rep.active = None, False
    assert selectors.days_employed(rep, MARCH) == 0

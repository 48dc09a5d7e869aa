"""The plan admin validates bands and amounts and bumps the version; records stay read-only."""

from decimal import Decimal as D

import pytest

from incentives.models import IncentivePlan
from incentives.services import incentive_plan_for_year, incentive_plan_save
from incentives.tests.factories import OCTOBER, give

pytestmark = pytest.mark.django_db

ADD = "/admin/incentives/incentiveplan/add/"


def plan_post(bands, **overrides):
    data = {
        "year": "2031", "commission_mode": "marginal", "top1_amount": "2000", "top2_amount": "1000",
        "top3_amount": "500", "top3_min_attainment_pct": "100", "first_order_amount": "300",
        "first_order_days": "90", "supervisor_team_bonus": "2000", "manager_region_bonus": "5000",
        "team_min_attainment_pct": "100", "retention_rate_pct": "0.5", "referral_amount": "1000",
        "referral_days": "90", "annual_min_attainment_pct": "100", "commission_basis": "signed",
        "sales_star_enabled": "on", "sales_star_amount": "2000", "sales_star_min_attainment_pct": "100",
        "promotion_priority_months": "12", "champion_enabled": "on", "champion_amount": "3000",
        "champion_min_attainment_pct": "100", "development_enabled": "on", "development_amount": "1000",
        "service_enabled": "on", "service_amount": "1000", "service_min_surveys": "3", "long_service_enabled": "on",
        "long_service_3_amount": "500", "long_service_5_amount": "1000", "long_service_10_amount": "2000",
        "bands-TOTAL_FORMS": str(len(bands)), "bands-INITIAL_FORMS": "0", "bands-MIN_NUM_FORMS": "1",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (lower, upper, rate) in enumerate(bands):
        data.update({f"bands-{i}-lower_pct": lower, f"bands-{i}-upper_pct": upper, f"bands-{i}-rate_pct": rate})
    data.update(overrides)
    return data


GOOD = [("0", "60", "0"), ("60", "100", "2"), ("100", "120", "4"), ("120", "", "6")]


def test_admin_creates_a_valid_plan(org, page):
    response = page(org.admin).post(ADD, plan_post(GOOD))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = IncentivePlan.objects.get(year=2031)
    assert [(b.lower_pct, b.upper_pct, b.rate_pct) for b in plan.bands.all()] == [
        (D("0.00"), D("60.00"), D("0.00")), (D("60.00"), D("100.00"), D("2.00")),
        (D("100.00"), D("120.00"), D("4.00")), (D("120.00"), None, D("6.00"))]


@pytest.mark.parametrize(
    ("bands", "overrides", "message"),
    [
        ([("0", "60", "0"), ("70", "", "2")], {}, "Gap between 60"),
        ([("0", "60", "0"), ("50", "", "2")], {}, "overlap"),
        ([("0", "60", "0"), ("60", "100", "2")], {}, "no upper limit"),
        (GOOD, {"top2_amount": "-1"}, "May not be negative"),
        (GOOD, {"retention_rate_pct": "-0.5"}, "May not be negative"),
    ],
)
def test_admin_refuses_bad_plans(org, page, bands, overrides, message):
    response = page(org.admin).post(ADD, plan_post(bands, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IncentivePlan.objects.filter(year=2031).exists()


def test_saving_a_plan_bumps_its_version_and_rows_record_it(org):
    plan = incentive_plan_for_year(year=2026)
    version = plan.version
    plan.top1_amount = D("3000")
    incentive_plan_save(plan=plan)
    assert plan.version == version + 1
    with pytest.raises(Exception) as exc:
        plan.top1_amount = D("-1")
        incentive_plan_save(plan=plan)
    assert "top1_amount" in str(exc.value)


def test_a_year_without_a_plan_copies_the_nearest(org):
    plan = incentive_plan_for_year(year=2019)
    assert plan.year == 2019 and plan.bands.count() == 4
    assert plan.top1_amount == D("2000.00")


def test_sheets_and_adjustments_are_read_only_in_the_admin(org, page):
    import time_machine

    from incentives.services import month_close

    with time_machine.travel("2026-11-05 10:00 +08:00", tick=False):
        give(org.rep, target=100000, actual=130000)
        month_close(month=OCTOBER)
    client = page(org.admin)
    assert client.get("/admin/incentives/bonussheet/").status_code == 200
    assert client.get("/admin/incentives/bonusrow/").status_code == 200
    assert client.get("/admin/incentives/bonussheet/add/").status_code == 403
    assert client.get("/admin/incentives/bonusadjustment/add/").status_code == 403


def test_the_admin_shows_explanations_and_history_notes_rendered(org, page):
    import time_machine

    from incentives.models import BonusRow, BonusSheet
    from incentives.services import month_close

    give(org.rep, target=100000, actual=130000)
    with time_machine.travel("2026-11-05 10:00 +08:00", tick=False):
        month_close(month=OCTOBER)
    client = page(org.admin)
    row = BonusRow.objects.get(employee=org.rep)
    html = client.get(f"/admin/incentives/bonusrow/{row.pk}/change/").content.decode()
    assert "40,000.00 × 2 % + 20,000.00 × 4 % + 10,000.00 × 6 % = 2,200.00" in html
    assert "incentives.commission" not in html
    html = client.get(f"/admin/incentives/bonussheet/{BonusSheet.objects.get().pk}/change/").content.decode()
    assert "Generated: " in html and "incentives.history" not in html

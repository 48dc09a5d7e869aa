"""The named awards on the quarter's last sheet (SPEC §5.9): decided at generation from the
quarter's data, paid in the `awards` column, explained, in the totals; the promotion marks they
and the escalated coaching plans give on the employee page (§5.10)."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from common import phrases
from incentives.models import BonusAward, BonusSheet, IncentivePlan, SheetStatus
from incentives.selectors.awards import promotion_marks
from incentives.services import bonus_sheet_generate
from incentives.tests.factories import OCTOBER, SEPTEMBER, give, row_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Q3 = ("2026-07", "2026-08", "2026-09")


def quarter(employee, *, target, actual):
    """The same target and sale in each month of Q3."""
    from common.periods import Period

    for month in Q3:
        give(employee, Period.parse_month(month), target=target, actual=actual)


def test_quarter_awards_are_paid_in_the_awards_column(org):
    quarter(org.rep, target=100000, actual=120000)  # 120 %, 360,000
    quarter(org.teammate, target=100000, actual=99990)  # 99.99 %: no award
    sheet = bonus_sheet_generate(month=SEPTEMBER)
    row = row_of(sheet, org.rep)
    codes = set(BonusAward.objects.filter(sheet=sheet, employee=org.rep).values_list("code", flat=True))
    # every first contract is a new customer (make_sale brings its own): development too
    assert codes == {"sales_star", "sales_champion", "customer_development"}
    assert row.awards == D("6000.00") and row.total == row.commission + row.top3 + row.awards + row.first_order
    text = phrases.render(row.explanation["awards"])
    assert "Sales Star 2026-Q3: best quarter attainment 120.00 %" in text and text.endswith("= 6,000.00")
    assert row_of(sheet, org.teammate).awards == D("0.00")
    assert not BonusAward.objects.filter(employee=org.teammate, code="sales_star").exists()


def test_a_tie_gives_both_the_award(org):
    quarter(org.rep, target=100000, actual=110000)
    quarter(org.rep2, target=200000, actual=220000)
    sheet = bonus_sheet_generate(month=SEPTEMBER)
    stars = set(BonusAward.objects.filter(sheet=sheet, code="sales_star").values_list("employee_id", flat=True))
    assert stars == {org.rep.pk, org.rep2.pk}


def test_no_quarter_awards_outside_a_quarters_last_month(org):
    give(org.rep, OCTOBER, target=100000, actual=130000)
    sheet = bonus_sheet_generate(month=OCTOBER)
    assert not BonusAward.objects.filter(sheet=sheet).exists() and row_of(sheet, org.rep).awards == 0


def test_regeneration_replaces_the_awards(org):
    quarter(org.rep, target=100000, actual=120000)
    bonus_sheet_generate(month=SEPTEMBER)
    plan = IncentivePlan.objects.get(year=2026)
    plan.sales_star_enabled = plan.champion_enabled = plan.development_enabled = False
    plan.save()
    sheet = bonus_sheet_generate(month=SEPTEMBER)
    assert not BonusAward.objects.filter(sheet=sheet).exists() and row_of(sheet, org.rep).awards == 0


def test_unresolved_complaint_at_quarter_end_blocks_best_customer_service(org, monkeypatch):
    from customers import selectors as customer_selectors
    from customers.tests.factories import SurveyFactory

    for rep in (org.rep, org.teammate):
        for day in (5, 15, 25):
            SurveyFactory(owner=rep, customer__owner=rep, surveyed_on=date(2026, 8, day), score=95 if rep == org.rep else 85)
    seen = {}

    def unresolved(*, at):
        seen["at"] = at
        return {org.rep.pk: 1}

    monkeypatch.setattr(customer_selectors, "unresolved_complaint_counts", unresolved)
    sheet = bonus_sheet_generate(month=SEPTEMBER)
    winners = set(BonusAward.objects.filter(sheet=sheet, code="customer_service").values_list("employee_id", flat=True))
    assert winners == {org.teammate.pk}
    assert seen["at"] == timezone.make_aware(datetime(2026, 10, 1))


def test_long_service_in_the_anniversary_month(org):
    org.rep.hire_date = date(2021, 10, 31)  # five years on 31 October 2026
    org.rep.save()
    sheet = bonus_sheet_generate(month=OCTOBER)
    award = BonusAward.objects.get(sheet=sheet, employee=org.rep)
    assert (award.code, award.amount, award.period_label) == ("long_service", D("1000.00"), "2026-10")
    assert row_of(sheet, org.rep).awards == D("1000.00")


def test_promotion_priority_for_a_settled_sales_star_for_twelve_months(org):
    quarter(org.rep, target=100000, actual=120000)
    sheet = bonus_sheet_generate(month=SEPTEMBER)
    assert promotion_marks(employee_ids=[org.rep.pk], as_of=date(2026, 11, 5)) == {}  # draft: not settled
    BonusSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.APPROVED)
    assert promotion_marks(employee_ids=[org.rep.pk, org.teammate.pk], as_of=date(2026, 11, 5)) == {
        org.rep.pk: ["promotion_priority"]}
    assert promotion_marks(employee_ids=[org.rep.pk], as_of=date(2027, 9, 30)) == {org.rep.pk: ["promotion_priority"]}
    assert promotion_marks(employee_ids=[org.rep.pk], as_of=date(2027, 10, 1)) == {}


def test_employee_page_shows_the_marks(org, page, monkeypatch):
    import performance.selectors

    monkeypatch.setattr(performance.selectors, "promotion_hold_employee_ids", lambda *, as_of: {org.rep.pk})
    html = page(org.sup1).get(f"/people/{org.rep.pk}/").content.decode()
    assert "promotion on hold" in html
    assert "promotion on hold" not in page(org.sup1).get(f"/people/{org.teammate.pk}/").content.decode()

"""Annual lists (SPEC §5.8): trip eligibility for the year, the quarter's Sales Star."""

from datetime import date

import pytest

from common.periods import Period
from incentives.selectors.annual import annual_lists
from incentives.tests.factories import add_reps
from targets.tests.factories import make_sale, make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def quarter_targets(employee, quarter: int, monthly):
    for month in Period(2026, quarter=quarter).months():
        make_target(str(month), monthly, employee=employee)


@pytest.fixture
def year(org):
    make_target("2026", 1200000, employee=org.rep)              # an own year target
    make_sale(org.rep, 1200000, date(2026, 5, 10))               # exactly 100 %
    quarter_targets(org.teammate, 1, 40000)                      # year target = sum of its parts
    make_sale(org.teammate, 119990, date(2026, 2, 1))            # 99.99 %: not eligible
    quarter_targets(org.rep2, 1, 100000)
    make_sale(org.rep2, 330000, date(2026, 3, 1))                # Q1 110 %
    quarter_targets(org.rep3, 1, 100000)
    make_sale(org.rep3, 360000, date(2026, 3, 2))                # Q1 120 %: the star
    make_target("2026-Q2", 100000, employee=org.rep2)
    make_target("2026-Q2", 100000, employee=org.rep3)
    make_sale(org.rep2, 150000, date(2026, 4, 2))                # Q2: both at 150 % with equal sales
    make_sale(org.rep3, 150000, date(2026, 5, 2))
    return 2026


def test_trip_eligibility_is_year_attainment_at_least_100(org, year):
    lists = annual_lists(user=org.hr.user, year=year)
    eligible = [row.employee for row in lists["eligible"]]
    assert org.rep in eligible and org.teammate not in eligible
    assert org.rep3 in eligible and org.rep2 in eligible  # 480,000 on 300,000+100,000 → 120 %
    assert eligible[0] == org.rep3  # best attainment first


def test_sales_star_per_quarter_with_ties(org, year):
    quarters = annual_lists(user=org.director.user, year=year)["quarters"]
    assert [str(q["quarter"]) for q in quarters] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [s.employee for s in quarters[0]["stars"]] == [org.rep3]
    assert {s.employee for s in quarters[1]["stars"]} == {org.rep2, org.rep3}
    assert quarters[2]["stars"] == []
    assert quarters[0]["finished"] and not quarters[3]["finished"]


def test_lists_are_scoped(org, year):
    rep_view = annual_lists(user=org.rep.user, year=year)
    assert [row.employee for row in rep_view["eligible"]] == [org.rep]
    star = rep_view["quarters"][0]["stars"][0]
    assert star.employee == org.rep3 and star.visible is False  # the name is public, the figures are not
    sup2_view = annual_lists(user=org.sup2.user, year=year)
    assert [row.employee for row in sup2_view["eligible"]] == [org.rep2]


def test_query_count_does_not_grow_with_reps(org, year, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        annual_lists(user=org.hr.user, year=year)
    add_reps(org.east1, 30)
    with django_assert_max_num_queries(24):
        annual_lists(user=org.hr.user, year=year)


@pytest.mark.parametrize(("who", "status"), [("rep", 200), ("sup1", 200), ("hr", 200), ("director", 200),
                                             ("finance", 403)])
def test_annual_page_access(org, page, year, who, status):
    response = page(getattr(org, who)).get("/annual-lists/?year=2026")
    assert response.status_code == status
    if status == 200:
        assert "Sales Star" in response.content.decode()


def test_annual_page_bad_year(org, page):
    assert page(org.hr).get("/annual-lists/?year=abc").status_code == 400

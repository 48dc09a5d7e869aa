"""SPEC §13.1 for scorecards and ratings (issue 8, the security audit): any attainment the input
bounds allow is stored and served; a rating is not for a future month (400) nor a closed one (409
naming the month); an implausible month is a 400, not a 500; finance never reads these lists (403)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from common.models import ClosedMonth
from customers.tests.factories import ContractFactory
from performance import selectors
from performance.models import ManagerRating, Scorecard
from performance.services import plans_open_for_month, scorecards_compute_drafts
from performance.tests.factories import MARCH, kpi
from targets.tests.factories import make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]



def test_the_largest_contract_on_the_smallest_target_is_stored_and_served(org, api, page):
    make_target("2026-03", "1.00", employee=org.rep)
    ContractFactory(customer__owner=org.rep, owner=org.rep, amount=D("100000000.00"), signed_on=date(2026, 3, 9))
    scorecards_compute_drafts(month=MARCH)
    card = Scorecard.objects.get(employee=org.rep, month=MARCH.start)
    assert card.attainment_pct == D("10000000000.00")
    assert kpi(card, "sales_attainment")["value"] == "10000000000.00"
    assert kpi(card, "sales_attainment")["score"] == "120.00"
    response = api(org.director).get("/api/v1/scorecards/", {"month": "2026-03"})
    assert response.status_code == 200
    row = next(r for r in response.json()["results"] if r["employee"] == org.rep.pk)
    assert next(k for k in row["kpis"] if k["code"] == "sales_attainment")["value"] == "10000000000.00"
    assert page(org.rep).get(reverse("performance:my-scorecard"), {"month": "2026-03"}).status_code == 200
    assert page(org.director).get(reverse("performance:scorecard-detail", args=[card.pk])).status_code == 200
    assert page(org.director).get(reverse("performance:team-scorecards"), {"month": "2026-03"}).status_code == 200


# --- ratings: not for a future month, not for a closed one -------------------------------------------


def _rate(api, who, employee, month, rating=80):
    return api(who).post("/api/v1/ratings/", {"employee": employee.pk, "month": month, "rating": rating},
                         format="json")


def test_rating_the_running_month_is_allowed_a_future_one_is_400(org, api):
    assert _rate(api, org.sup1, org.rep, "2026-04").status_code == 201  # the running month
    response = _rate(api, org.sup1, org.rep, "2026-05")
    assert response.status_code == 400 and "month" in response.json()["errors"]
    assert "2026-05" in response.json()["detail"]
    assert list(ManagerRating.objects.values_list("month", flat=True)) == [date(2026, 4, 1)]


def test_rating_page_refuses_a_future_month(org, page):
    url = reverse("performance:ratings")
    response = page(org.sup1).post(url, {"month": "2026-05", "employee": org.rep.pk, "rating": 70})
    assert response.status_code == 400 and "2026-05" in response.content.decode()
    assert not ManagerRating.objects.exists()


def test_rating_a_closed_month_is_409_naming_the_month(org, api, page):
    ClosedMonth.objects.create(month=MARCH.start)
    response = _rate(api, org.sup1, org.rep, "2026-03")
    assert response.status_code == 409 and "2026-03" in response.json()["detail"]
    response = page(org.sup1).post(reverse("performance:ratings"),
                                   {"month": "2026-03", "employee": org.rep.pk, "rating": 70})
    assert response.status_code == 409 and "2026-03" in response.content.decode()
    assert not ManagerRating.objects.exists()


# --- implausible months ------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["0000-01", "0001-01", "2101-01", "0000-00", "2026-13"])
def test_api_implausible_months_are_400_naming_month(org, api, month):
    client = api(org.director)
    for path in ("/api/v1/scorecards/", "/api/v1/ratings/", "/api/v1/improvement-plans/", "/api/v1/coaching-plans/"):
        response = client.get(path, {"month": month})
        assert response.status_code == 400, (path, response.content)
        assert "month" in response.json()["errors"]
    response = _rate(api, org.sup1, org.rep, month)
    assert response.status_code == 400 and "month" in response.json()["errors"]


@pytest.mark.parametrize("month", ["0000-01", "0001-01", "2101-01"])
def test_pages_implausible_months_are_400(org, page, month):
    for who, name in (("rep", "performance:my-scorecard"), ("director", "performance:team-scorecards"),
                      ("sup1", "performance:ratings")):
        assert page(getattr(org, who)).get(reverse(name), {"month": month}).status_code == 400, name
    response = page(org.sup1).post(reverse("performance:ratings"), {"month": month, "employee": org.rep.pk,
                                                                    "rating": 70})
    assert response.status_code == 400 and not ManagerRating.objects.exists()


# --- lists finance never reads -----------------------------------------------------------------------


def test_may_read_by_role(org):
    for check in (selectors.may_read_scorecards, selectors.may_read_ratings, selectors.may_read_plans):
        assert [check(getattr(org, who).user) for who in ("rep", "sup1", "director", "hr", "finance")] == [
            True, True, True, True, False]
        assert check(org.admin)


def test_finance_gets_403_on_every_performance_list(org, api, page):
    make_target("2026-03", "100.00", employee=org.rep)
    scorecards_compute_drafts(month=MARCH)
    plans_open_for_month(month=MARCH)
    for path in ("/api/v1/scorecards/", "/api/v1/ratings/", "/api/v1/improvement-plans/",
                 "/api/v1/coaching-plans/", "/api/v1/scorecards/?month=2026-03"):
        response = api(org.finance).get(path)
        assert response.status_code == 403 and response.json()["detail"], path
        assert api(org.hr).get(path).status_code == 200, path
    for name in ("performance:my-scorecard", "performance:plans", "performance:team-scorecards"):
        assert page(org.finance).get(reverse(name)).status_code == 403, name
        assert page(org.hr).get(reverse(name)).status_code == 200, name

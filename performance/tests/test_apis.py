import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import ClosedMonth
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating
from performance.services import plans_open_for_month, scorecards_compute_drafts
from performance.tests.factories import FEBRUARY, MARCH, add_reps, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
URL = "/api/v1/scorecards/"



@pytest.fixture
def march(march_drafts):  # here: March only, without plans
    return march_drafts


def visible_employees(api, who, month="2026-03"):
    response = api(who).get(URL, {"month": month})
    assert response.status_code == 200, response.content
    return {row["employee"] for row in response.json()["results"]}


def test_row_shape(api, march):
    row = api(march.rep).get(URL, {"month": "2026-03"}).json()["results"][0]
    assert set(row) == {"employee", "month", "status", "composite", "team_rank", "company_rank", "flags", "kpis",
                        "explanation"}
    assert row["month"] == "2026-03" and row["status"] == "draft" and row["flags"] == ["below_target"]
    assert isinstance(row["composite"], str) and row["composite"].count(".") == 1
    assert row["kpis"][0] == {"code": "sales_attainment", "value": "80.00", "score": "80.00", "weight": 40}
    assert all(set(k) == {"code", "value", "score", "weight"} for k in row["kpis"])
    assert [k["code"] for k in row["kpis"]] == ["sales_attainment", "new_prospects", "satisfaction",
                                                "collection_rate", "followup_compliance", "training", "manager_rating"]


def test_scorecard_access_matrix(api, march):
    o = march
    sales = {o.rep.pk, o.teammate.pk, o.rep2.pk, o.rep3.pk, o.sup1.pk, o.sup2.pk, o.sup3.pk, o.manager.pk, o.manager2.pk}
    assert visible_employees(api, o.rep) == {o.rep.pk}
    assert visible_employees(api, o.teammate) == {o.teammate.pk}
    assert visible_employees(api, o.sup1) == {o.rep.pk, o.teammate.pk, o.sup1.pk}
    assert visible_employees(api, o.sup2) == {o.rep2.pk, o.sup2.pk}
    assert visible_employees(api, o.manager) == {o.rep.pk, o.teammate.pk, o.rep2.pk, o.sup1.pk, o.sup2.pk, o.manager.pk}
    assert visible_employees(api, o.manager2) == {o.rep3.pk, o.sup3.pk, o.manager2.pk}
    assert visible_employees(api, o.hr) == sales
    assert visible_employees(api, o.director) == sales
    assert visible_employees(api, o.admin) == sales
    # SPEC §1.2: finance never reads scorecards — a 403, not an empty list
    assert api(o.finance).get(URL, {"month": "2026-03"}).status_code == 403
    assert api().get(URL).status_code in (401, 403)


def test_detail_out_of_scope_is_404(api, march):
    from performance.models import Scorecard

    card = Scorecard.objects.get(employee=march.rep)
    assert api(march.rep).get(f"{URL}{card.pk}/").status_code == 200
    assert api(march.teammate).get(f"{URL}{card.pk}/").status_code == 404
    assert api(march.sup2).get(f"{URL}{card.pk}/").status_code == 404
    assert api(march.sup1).get(f"{URL}{card.pk}/").status_code == 200


@pytest.mark.parametrize("bad", ["2026-13", "2026-3", "March", "2026", "2026-Q1"])
def test_bad_month_is_400_naming_month(api, march, bad):
    response = api(march.hr).get(URL, {"month": bad})
    assert response.status_code == 400
    assert "month" in response.json()["errors"]


def test_scorecard_list_query_count_is_constant(api, org):
    add_reps(org.east1, 3, prefix="Q")
    scorecards_compute_drafts(month=MARCH)
    client = api(org.director)
    client.get(URL, {"month": "2026-03"})  # warm the session/scope
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"month": "2026-03"})
    add_reps(org.east2, 30, prefix="P")
    scorecards_compute_drafts(month=MARCH)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"month": "2026-03"}).status_code == 200
    assert len(few) == len(many) <= 6


# --- ratings -----------------------------------------------------------------------------------------


def rate(api, who, employee, rating=80, month="2026-03"):
    return api(who).post("/api/v1/ratings/", {"employee": employee.pk, "month": month, "rating": rating}, format="json")


def test_line_manager_rates_and_rerates(api, org):
    assert rate(api, org.sup1, org.rep, 80).status_code == 201
    response = rate(api, org.sup1, org.rep, 85)
    assert response.status_code == 201 and response.json()["rating"] == 85
    assert ManagerRating.objects.get().rating == 85
    assert ManagerRating.objects.get().rated_by == org.sup1.user  # audit columns are users (issue 10)
    assert rate(api, org.manager, org.sup1).status_code == 201  # a manager rates their supervisor
    assert rate(api, org.director, org.manager).status_code == 201


def test_rating_refusals(api, org):
    assert rate(api, org.rep, org.rep).status_code == 403  # never oneself
    assert rate(api, org.sup1, org.sup1).status_code == 403
    assert rate(api, org.teammate, org.rep).status_code == 400  # a teammate cannot even see the person
    assert rate(api, org.hr, org.rep).status_code == 403  # HR sees people, but is no line manager
    response = rate(api, org.sup2, org.rep)  # out of scope: as if the person did not exist
    assert response.status_code == 400 and "employee" in response.json()["errors"]
    assert not ManagerRating.objects.exists()


@pytest.mark.parametrize("bad", [-1, 101, "eighty", 80.5, None])
def test_rating_out_of_range_is_400_naming_rating(api, org, bad):
    response = rate(api, org.sup1, org.rep, bad)
    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    assert not ManagerRating.objects.exists()


def test_rating_bad_month_is_400(api, org):
    response = rate(api, org.sup1, org.rep, month="2026-3")
    assert response.status_code == 400 and "month" in response.json()["errors"]


def test_rating_a_closed_month_is_409(api, org):
    ClosedMonth.objects.create(month=MARCH.start)
    assert rate(api, org.sup1, org.rep).status_code == 409
    assert not ManagerRating.objects.exists()


def test_ratings_are_scoped(api, org):
    rate(api, org.sup1, org.rep)
    assert api(org.rep).get("/api/v1/ratings/").json()["count"] == 1
    assert api(org.teammate).get("/api/v1/ratings/").json()["count"] == 0
    assert api(org.sup2).get("/api/v1/ratings/").json()["count"] == 0


# --- plans -------------------------------------------------------------------------------------------


def test_improvement_plan_api(api, march):
    plans_open_for_month(month=MARCH)
    plan = ImprovementPlan.objects.get(employee=march.rep)
    base = f"/api/v1/improvement-plans/{plan.pk}/"
    assert api(march.teammate).get(base).status_code == 404
    assert api(march.teammate).post(base + "submit/", {"text": "x"}).status_code == 404
    assert api(march.sup1).post(base + "accept/").status_code == 409  # not submitted yet
    response = api(march.rep).post(base + "submit/", {"text": "", "status": "accepted"}, format="json")
    assert response.status_code == 400 and "text" in response.json()["errors"]
    response = api(march.rep).post(base + "submit/", {"text": "Two demos a week", "status": "accepted"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert api(march.rep).post(base + "accept/").status_code == 403
    assert api(march.sup2).post(base + "accept/").status_code == 404
    assert api(march.hr).post(base + "accept/").status_code == 403
    response = api(march.sup1).post(base + "accept/")
    assert response.status_code == 200 and response.json()["accepted_by"] == march.sup1.pk
    assert api(march.rep).post(base + "submit/", {"text": "again"}).status_code == 409


def test_coaching_plan_api(api, org):
    for month in (FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=10000)
        scorecards_compute_drafts(month=month)
        plans_open_for_month(month=month)
    plan = CoachingPlan.objects.get()
    base = f"/api/v1/coaching-plans/{plan.pk}/"
    assert api(org.rep).get(base).status_code == 200
    assert api(org.rep).patch(base, {"actions": "none"}, format="json").status_code == 403
    assert api(org.sup2).patch(base, {"actions": "x"}, format="json").status_code == 404
    response = api(org.sup1).patch(base, {"mentor": org.rep3.pk}, format="json")  # not visible to sup1
    assert response.status_code == 400 and "mentor" in response.json()["errors"]
    response = api(org.sup1).patch(
        base, {"mentor": org.teammate.pk, "actions": "Weekly joint visits", "status": "closed",
               "escalated_to_manager": True}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "active" and body["mentor"] == org.teammate.pk and body["escalated_to_manager"] is False
    assert api(org.sup1).post(base + "close/").json()["status"] == "closed"
    assert api(org.sup1).patch(base, {"actions": "more"}, format="json").status_code == 409

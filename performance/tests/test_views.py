import pytest
from django.urls import reverse

from common.models import ClosedMonth
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard
from performance.services import scorecards_compute_drafts
from performance.tests.factories import MARCH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]




def test_my_scorecard_shows_kpis_explanations_ranks_and_plans(page, march):
    response = page(march.rep).get(reverse("performance:my-scorecard"), {"month": "2026-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sales attainment" in html and "80.00" in html
    assert "Sales 80,000.00 on a target of 100,000.00" in html
    assert "Improvement plan" in html and "Coaching plan" in html
    assert march.teammate.name not in html


def test_my_scorecard_in_chinese(page, march):
    client = page(march.rep)
    response = client.get(reverse("performance:my-scorecard"), {"month": "2026-03"}, headers={"accept-language": "zh-hans"})
    html = response.content.decode()
    assert "综合评分" in html and "改进计划" in html


def test_my_scorecard_bad_month_is_400(page, march):
    assert page(march.rep).get(reverse("performance:my-scorecard"), {"month": "2026-13"}).status_code == 400


def test_scorecard_detail_access(page, march):
    card = Scorecard.objects.get(employee=march.rep, month=MARCH.start)
    url = reverse("performance:scorecard-detail", args=[card.pk])
    for who, status in [(march.rep, 200), (march.sup1, 200), (march.manager, 200), (march.hr, 200),
                        (march.director, 200), (march.teammate, 404), (march.sup2, 404), (march.manager2, 404),
                        (march.finance, 404)]:
        assert page(who).get(url).status_code == status, who
    assert page().get(url).status_code == 302


def test_team_scorecards_access_and_scope(page, march):
    url = reverse("performance:team-scorecards")
    html = page(march.sup1).get(url, {"month": "2026-03"}).content.decode()
    assert march.rep.name in html and march.teammate.name in html and march.rep2.name not in html
    html = page(march.hr).get(url, {"month": "2026-03"}).content.decode()
    assert march.rep3.name in html and march.manager2.name in html
    assert page(march.director).get(url).status_code == 200
    assert page(march.rep).get(url).status_code == 403
    assert page(march.finance).get(url).status_code == 403
    assert page().get(url).status_code == 302


def test_rating_page(page, march):
    url = reverse("performance:ratings")
    client = page(march.sup1)
    html = client.get(url, {"month": "2026-03"}).content.decode()
    assert march.rep.name in html and march.teammate.name in html and march.rep2.name not in html
    assert march.sup1.name not in html.split("<table")[1]  # never oneself
    response = client.post(url, {"month": "2026-03", "employee": march.rep.pk, "rating": 88})
    assert response.status_code == 302
    assert ManagerRating.objects.get(employee=march.rep).rating == 88
    response = client.post(url, {"month": "2026-03", "employee": march.rep.pk, "rating": 101})
    assert response.status_code == 400
    assert ManagerRating.objects.get(employee=march.rep).rating == 88
    assert client.post(url, {"month": "2026-03", "employee": march.rep2.pk, "rating": 50}).status_code == 404
    assert client.post(url, {"month": "2026-03", "employee": march.sup1.pk, "rating": 50}).status_code == 403
    assert page(march.rep).get(url).status_code == 403
    assert page(march.hr).get(url).status_code == 403
    ClosedMonth.objects.create(month=MARCH.start)
    assert client.post(url, {"month": "2026-03", "employee": march.rep.pk, "rating": 70}).status_code == 409


def test_improvement_plan_pages(page, march):
    plan = ImprovementPlan.objects.get(employee=march.rep, month=MARCH.start)
    url = reverse("performance:improvement-plan", args=[plan.pk])
    assert page(march.teammate).get(url).status_code == 404
    assert page(march.sup2).get(url).status_code == 404
    assert page(march.rep).post(url, {"action": "submit", "text": ""}).status_code == 400
    assert page(march.rep).post(url, {"action": "submit", "text": "More visits"}).status_code == 302
    assert page(march.rep).post(url, {"action": "accept"}).status_code == 403
    assert page(march.sup1).post(url, {"action": "accept"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "accepted" and plan.accepted_by == march.sup1.user
    assert page(march.rep).post(url, {"action": "submit", "text": "Changed"}).status_code == 409
    html = page(march.rep).get(reverse("performance:plans")).content.decode()
    assert "More visits" not in html and march.rep.name in html


def test_coaching_plan_page(page, march):
    plan = CoachingPlan.objects.get(employee=march.rep)
    url = reverse("performance:coaching-plan", args=[plan.pk])
    assert page(march.rep).get(url).status_code == 200
    assert page(march.teammate).get(url).status_code == 404
    assert page(march.rep).post(url, {"actions": "x"}).status_code == 403
    response = page(march.sup1).post(url, {"mentor": march.teammate.pk, "actions": "Joint visits"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.mentor == march.teammate and plan.status == "active"
    assert page(march.sup1).post(url, {"action": "close"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "closed"


def test_nav_items_by_role(page, march):
    html = page(march.rep).get(reverse("performance:my-scorecard")).content.decode()
    assert reverse("performance:my-scorecard") in html and reverse("performance:ratings") not in html
    html = page(march.sup1).get(reverse("performance:my-scorecard")).content.decode()
    assert reverse("performance:ratings") in html and reverse("performance:team-scorecards") in html


def test_admin_scheme_weights_are_validated_and_versioned(page, org):
    from performance.models import KPIScheme

    client = page(org.admin)
    url = reverse("admin:performance_kpischeme_add")
    base = {"role": "rep", "w_sales_attainment": 40, "w_new_prospects": 15, "w_satisfaction": 15,
            "w_collection_rate": 10, "w_followup_compliance": 10, "w_training_compliance": 0, "w_training": 5,
            "w_manager_rating": 5, "attainment_cap": "120.00", "prospects_goal": 5, "prospects_cap": "120.00",
            "low_satisfaction_below": "80.00"}
    response = client.post(url, {**base, "w_training": 6})
    assert response.status_code == 200 and "sum to 101, not 100" in response.content.decode()
    assert KPIScheme.objects.filter(role="rep").count() == 1
    response = client.post(url, {**base, "w_sales_attainment": 45, "w_manager_rating": 0})
    assert response.status_code == 302
    active = KPIScheme.objects.get(role="rep", active=True)
    assert active.version == 2 and active.w_sales_attainment == 45
    assert client.get(reverse("admin:performance_scorecard_changelist")).status_code == 200


def test_team_scorecards_page_query_count_is_constant(page, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from performance.tests.factories import add_reps

    add_reps(org.east1, 2, prefix="PA")
    scorecards_compute_drafts(month=MARCH)
    client = page(org.director)
    url = reverse("performance:team-scorecards")
    client.get(url, {"month": "2026-03"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"month": "2026-03"})
    add_reps(org.east2, 25, prefix="PB")
    scorecards_compute_drafts(month=MARCH)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"month": "2026-03"}).status_code == 200
    assert len(few) == len(many)



def test_an_unwritten_improvement_plan_past_its_due_date_is_marked_overdue(page, march):
    from datetime import date

    from performance.services import improvement_plan_submit

    client = page(march.rep)
    plans = list(ImprovementPlan.objects.filter(employee=march.rep))
    assert all(plan.due_on < date(2026, 4, 10) for plan in plans)  # the frozen today
    assert client.get(reverse("performance:plans")).content.decode().count(">overdue<") == len(plans) == 2
    for plan in plans:
        improvement_plan_submit(plan=plan, actor=march.rep.user, text="More visits.")
    assert ">overdue<" not in client.get(reverse("performance:plans")).content.decode()

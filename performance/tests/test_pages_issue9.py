"""Issue 9 on the performance pages and API: generated text (scorecard and KPI explanations, what
changed since the last draft, plan notifications) is stored as phrases and read in the reader's
language; forms saved unchanged in 简体中文 change nothing; a refused action shows the same form
again with the message and what the user typed (409), never a separate error page."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from common.models import ClosedMonth, Notification
from common.phrases import is_phrase, render
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard
from performance.services import scorecards_compute_drafts
from performance.tests.factories import MARCH, give, kpi, rate
from targets.tests.pages import chinese, form_chunk
from teams.tests.html_forms import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]




def card_of(employee, month=MARCH):
    return Scorecard.objects.get(employee=employee, month=month.start)


# --- generated text is data --------------------------------------------------------------------------


def test_explanations_are_stored_as_phrases_not_text(march):
    card = card_of(march.rep)
    assert isinstance(card.explanation, list) and all(is_phrase(sentence) for sentence in card.explanation)
    assert all(is_phrase(row["explanation"]) for row in card.kpis)
    assert kpi(card, "satisfaction")["explanation"] == {
        "id": "performance.explain.left_out",
        "params": {"reason": {"id": "performance.no_data.satisfaction"}},
    }


def test_the_same_stored_scorecard_reads_in_english_and_in_chinese_on_the_page(march, page):
    card = card_of(march.rep)
    url = reverse("performance:scorecard-detail", args=[card.pk])
    english = page(march.sup1).get(url, headers={"accept-language": "en"}).content.decode()
    assert "Sales 80,000.00 on a target of 100,000.00: attainment 80.00 %" in english
    assert "Composite = (40 × 80.00" in english and "(Rep v1)" in english
    assert "Left out: no satisfaction survey in the month" in english
    chinese_page = page(march.sup1).get(url, headers={"accept-language": "zh-hans"}).content.decode()
    assert "实际销售额 80,000.00，销售目标 100,000.00：达成率 80.00 %" in chinese_page
    assert "综合评分 = (40 × 80.00" in chinese_page and "（销售代表 v1）" in chinese_page
    assert "未计入：本月无满意度回访；" in chinese_page
    assert "Sales 80,000.00" not in chinese_page and "Left out" not in chinese_page
    assert card_of(march.rep).explanation == card.explanation  # reading changed nothing stored


def test_the_same_stored_scorecard_reads_in_the_requesters_language_in_the_api(march, api):
    client = api(march.rep)
    english = client.get("/api/v1/scorecards/", {"month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese_rows = client.get("/api/v1/scorecards/", {"month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    en, zh = english["results"][0]["explanation"], chinese_rows["results"][0]["explanation"]
    assert en.startswith("Composite = (40 × 80.00") and "Left out for lack of data: Customer satisfaction" in en
    assert zh.startswith("综合评分 = (40 × 80.00") and "因无数据未计入：" in zh and "Customer satisfaction" not in zh
    assert "collection_rate" not in en and "manager_rating" not in en and "客户满意度" in zh


def test_what_changed_since_the_last_draft_shows_kpi_names_not_codes(org, page):
    give(org.rep, MARCH, target=100000, actual=80000)
    scorecards_compute_drafts(month=MARCH)
    give(org.rep, MARCH, actual=10000)
    scorecards_compute_drafts(month=MARCH)
    card = card_of(org.rep)
    url = reverse("performance:scorecard-detail", args=[card.pk])
    english = page(org.sup1).get(url, headers={"accept-language": "en"}).content.decode()
    changes = english.split('<ul class="changes">')[1].split("</ul>")[0]
    assert "<li>Sales attainment: value 80.00 → 90.00</li>" in changes
    assert "<li>Composite score 49.23 → 55.38</li>" in changes
    assert "sales_attainment" not in changes and "kpi." not in changes
    chinese_page = page(org.sup1).get(url, headers={"accept-language": "zh-hans"}).content.decode()
    changes = chinese_page.split('<ul class="changes">')[1].split("</ul>")[0]
    assert "<li>销售额达成率：数值 80.00 → 90.00</li>" in changes and "<li>综合评分 49.23 → 55.38</li>" in changes


def test_plan_notifications_are_phrases_read_in_the_readers_language(march):
    note = Notification.objects.get(recipient=march.rep.user, kind="improvement_plan",
                                    dedupe_key__endswith=":2026-03")
    assert is_phrase(note.message) and note.message["id"] == "performance.notify.improvement_plan"
    with translation.override("en"):
        assert note.render().startswith("Your attainment for 2026-03 was under 100 %: write your improvement plan by")
    with translation.override("zh-hans"):
        assert note.render().startswith("您 2026-03 的达成率未达 100 %：请在")
    coaching = Notification.objects.get(recipient=march.sup1.user, kind="coaching_plan")
    with translation.override("zh-hans"):
        assert coaching.render().startswith(f"{march.rep.name} 连续两个月未达 100 %")


def test_the_migration_rebuilds_old_english_rows_as_phrases_and_keeps_what_it_cannot(march):
    migration = importlib.import_module("performance.migrations.0007_explanations_as_phrases")
    card = card_of(march.rep)
    phrased = (card.explanation, card.kpis)
    legacy_kpis = [{**row, "explanation": "Old English.",
                    "facts": {**row["facts"], **({} if row["has_data"] else {"no_data": "no data this month"})}}
                   for row in card.kpis]
    Scorecard.objects.filter(pk=card.pk).update(explanation="Composite = old text.", kpis=legacy_kpis)
    broken = card_of(march.teammate)
    Scorecard.objects.filter(pk=broken.pk).update(
        explanation="Kept as it was.", kpis=[{"code": "sales_attainment", "score": "1.00"}])  # no weight
    migration.explanations_to_phrases(apps, None)
    assert (card_of(march.rep).explanation, card_of(march.rep).kpis) == phrased
    assert card_of(march.teammate).explanation == "Kept as it was."
    assert render(card_of(march.teammate).explanation) == "Kept as it was."


# --- saved unchanged in Chinese ----------------------------------------------------------------------


def test_a_rating_saved_unchanged_in_chinese_changes_nothing(march, page):
    rate(march.rep, MARCH, 88, by=march.sup1)
    ManagerRating.objects.filter(employee=march.rep).update(comment="稳定")
    client = chinese(page(march.sup1))
    url = reverse("performance:ratings")
    with translation.override("zh-hans"):
        shown = client.get(url, {"month": "2026-03"})
        data = form_data(form_chunk(shown.content, f'name="employee" value="{march.rep.pk}"'))
        assert data == {"csrfmiddlewaretoken": data["csrfmiddlewaretoken"], "month": "2026-03",
                        "employee": str(march.rep.pk), "rating": "88", "comment": "稳定"}
        saved = client.post(url, data)
    assert saved.status_code == 302
    rating = ManagerRating.objects.get(employee=march.rep)
    assert (rating.month, rating.rating, rating.comment) == (MARCH.start, 88, "稳定")


def test_an_improvement_plan_saved_unchanged_in_chinese_keeps_its_text(march, page):
    plan = ImprovementPlan.objects.get(employee=march.rep, month=MARCH.start)
    ImprovementPlan.objects.filter(pk=plan.pk).update(text="多拜访客户\n每周两次")
    client = chinese(page(march.rep))
    url = reverse("performance:improvement-plan", args=[plan.pk])
    with translation.override("zh-hans"):
        shown = client.get(url)
        data = form_data(form_chunk(shown.content, 'name="text"'))
        assert data["text"] == "多拜访客户\n每周两次"
        saved = client.post(url, data)
    assert saved.status_code == 302
    assert ImprovementPlan.objects.get(pk=plan.pk).text == "多拜访客户\n每周两次"


def test_a_coaching_plan_saved_unchanged_in_chinese_keeps_mentor_and_actions(march, page):
    plan = CoachingPlan.objects.get(employee=march.rep)
    CoachingPlan.objects.filter(pk=plan.pk).update(mentor=march.teammate, actions="陪访", status="active")
    client = chinese(page(march.sup1))
    url = reverse("performance:coaching-plan", args=[plan.pk])
    with translation.override("zh-hans"):
        shown = client.get(url)
        data = form_data(form_chunk(shown.content, 'name="actions"'))
        assert data["mentor"] == str(march.teammate.pk) and data["actions"] == "陪访"
        saved = client.post(url, data)
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert (plan.mentor, plan.actions, plan.status) == (march.teammate, "陪访", "active")


def test_the_month_picker_is_iso_in_chinese(org, page):
    client = chinese(page(org.sup1))
    with translation.override("zh-hans"):
        html = client.get(reverse("performance:team-scorecards"), {"month": "2026-03"}).content.decode()
    assert '<input type="month" name="month" value="2026-03"' in html


# --- refused actions keep the input ------------------------------------------------------------------


def test_rating_in_a_closed_month_keeps_the_typed_rating_with_the_message_in_its_row(march, page):
    ClosedMonth.objects.create(month=MARCH.start)
    response = page(march.sup1).post(reverse("performance:ratings"),
                                     {"month": "2026-03", "employee": march.rep.pk, "rating": "73", "comment": "Good"})
    assert response.status_code == 409
    html = response.content.decode()
    row = form_chunk(html, f'name="employee" value="{march.rep.pk}"')
    assert 'value="73"' in row and 'value="Good"' in row and "2026-03 is closed: its ratings are locked." in row
    assert "Cannot do that" not in html
    assert not ManagerRating.objects.exists()


def test_a_closed_month_offers_no_rating_forms(march, page):
    ClosedMonth.objects.create(month=MARCH.start)
    html = page(march.sup1).get(reverse("performance:ratings"), {"month": "2026-03"}).content.decode()
    assert 'name="rating"' not in html and "2026-03 is closed: its ratings are locked." in html


def test_rewriting_an_accepted_plan_keeps_the_typed_text_with_the_message(march, page):
    plan = ImprovementPlan.objects.get(employee=march.rep, month=MARCH.start)
    url = reverse("performance:improvement-plan", args=[plan.pk])
    assert page(march.rep).post(url, {"action": "submit", "text": "More visits"}).status_code == 302
    assert page(march.sup1).post(url, {"action": "accept"}).status_code == 302
    response = page(march.rep).post(url, {"action": "submit", "text": "Changed my mind"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed my mind" in html and "has been accepted and cannot change" in html
    assert "Cannot do that" not in html
    assert ImprovementPlan.objects.get(pk=plan.pk).text == "More visits"


def test_editing_a_closed_coaching_plan_keeps_the_typed_actions_with_the_message(march, page):
    plan = CoachingPlan.objects.get(employee=march.rep)
    url = reverse("performance:coaching-plan", args=[plan.pk])
    client = page(march.sup1)
    form_page = client.get(url)  # opened before someone else closes it
    CoachingPlan.objects.filter(pk=plan.pk).update(status="closed")
    response = client.post(url, {"mentor": march.teammate.pk, "actions": "Joint visits every week"})
    assert form_page.status_code == 200 and response.status_code == 409
    html = response.content.decode()
    assert "Joint visits every week" in html and "This coaching plan is closed." in html
    assert CoachingPlan.objects.get(pk=plan.pk).actions == ""


def test_wide_scorecard_tables_scroll_in_their_own_box(march, page):
    html = page(march.sup1).get(reverse("performance:team-scorecards"), {"month": "2026-03"}).content.decode()
    assert '<div class="table-wrap"><table class="table scorecards-table">' in html
    head = html.split('<thead>')[1].split('</thead>')[0]
    assert head.index('Name') < head.index('Company rank')  # the pinned first column says whose row it is

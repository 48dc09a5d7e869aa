"""Pages: access for every role, the HR flow in a few clicks, bad input, my bonus."""

import pytest

from incentives.models import BonusAdjustment, BonusSheet, SheetStatus
from incentives.services import month_close
from incentives.tests.factories import OCTOBER, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SHEET = "/bonus/2026-10/"


@pytest.fixture
def sheet(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=80000)
    give(org.rep2, target=100000, actual=120000)
    month_close(month=OCTOBER)
    return BonusSheet.objects.get()


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("director", 200), ("manager", 200), ("sup1", 200),
                                             ("admin", 200), ("rep", 302), ("finance", 403)])
def test_index_access(org, page, who, status):
    assert page(getattr(org, who)).get("/bonus/").status_code == status


def test_anonymous_is_sent_to_sign_in(page):
    for url in ("/bonus/", SHEET, "/my-bonus/", "/annual-lists/"):
        response = page().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_index_month_picker_redirects_and_checks_the_month(org, page):
    response = page(org.hr).get("/bonus/?month=2026-10")
    assert response.status_code == 302 and response["Location"] == SHEET
    assert page(org.hr).get("/bonus/?month=2026-13").status_code == 400


@pytest.mark.parametrize(
    ("who", "sees", "hidden"),
    [("hr", ["R0001", "R0002", "R0003"], []), ("director", ["R0001", "R0003"], []),
     ("sup1", ["R0001", "R0002"], ["R0003"]), ("sup2", ["R0003"], ["R0001", "R0002"]),
     ("rep", ["R0001"], ["R0002", "R0003"]), ("teammate", ["R0002"], ["R0001", "R0003"])],
)
def test_sheet_rows_are_scoped(org, page, sheet, who, sees, hidden):
    response = page(getattr(org, who)).get(SHEET)
    assert response.status_code == 200
    html = response.content.decode()
    for number in sees:
        assert f'<span class="number">{number}</span>' in html
    for number in hidden:
        assert f'<span class="number">{number}</span>' not in html


def test_sheet_shows_explanations_and_hr_actions(org, page, sheet):
    html = page(org.hr).get(SHEET).content.decode()
    assert "40,000.00 × 2 % + 20,000.00 × 4 % + 10,000.00 × 6 % = 2,200.00" in html
    assert "Submit for approval" in html and "Export XLSX" in html and "Record adjustment" in html
    assert "Approve and close the month" not in html
    rep_html = page(org.rep).get(SHEET).content.decode()
    assert "Submit for approval" not in rep_html and "Export" not in rep_html


def test_finance_and_bad_month(org, page, sheet):
    assert page(org.finance).get(SHEET).status_code == 403
    assert page(org.hr).get("/bonus/2026-13/").status_code == 400
    assert page(org.hr).get("/bonus/oct/").status_code == 400


def test_hr_closes_a_month_in_a_few_clicks(org, page):
    give(org.rep, target=100000, actual=130000)
    hr, director = page(org.hr), page(org.director)
    assert hr.post(SHEET + "generate/").status_code == 302
    assert hr.post(SHEET + "adjustments/", {"employee": org.rep.pk, "amount": "300", "reason": "Fair"}).status_code == 302
    assert hr.post(SHEET + "submit/").status_code == 302
    assert hr.post(SHEET + "approve/").status_code == 403
    assert director.post(SHEET + "approve/", {"confirm": "on"}).status_code == 302
    assert BonusSheet.objects.get().status == SheetStatus.APPROVED
    response = hr.get(SHEET + "export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="salesops-bonus-2026-10.xlsx"'
    assert BonusSheet.objects.get().status == SheetStatus.EXPORTED
    assert hr.post(SHEET + "generate/").status_code == 409


@pytest.mark.parametrize("who", ["rep", "sup1", "manager", "finance"])
def test_roles_that_may_not_act_get_403(org, page, sheet, who):
    client = page(getattr(org, who))
    for action in ("generate", "submit", "approve"):
        assert client.post(SHEET + f"{action}/").status_code == 403
    assert client.get(SHEET + "export.csv").status_code == 403


def test_unknown_action_or_format(org, page, sheet):
    assert page(org.hr).post(SHEET + "explode/").status_code == 404
    assert page(org.hr).get(SHEET + "export.pdf").status_code == 400


def test_adjustment_without_reason_shows_the_error_and_saves_nothing(org, page, sheet):
    response = page(org.hr).post(SHEET + "adjustments/", {"employee": org.rep.pk, "amount": "300", "reason": ""})
    assert response.status_code == 400
    assert "A reason is required" in response.content.decode()
    assert not BonusAdjustment.objects.exists()
    assert page(org.rep).post(SHEET + "adjustments/", {"employee": org.rep.pk, "amount": "3", "reason": "x"}).status_code == 403


def test_my_bonus(org, page, sheet):
    html = page(org.rep).get("/my-bonus/").content.decode()
    assert "2026-10" in html and "2,200.00" in html and "= 2,200.00" in html
    other = page(org.teammate).get("/my-bonus/").content.decode()
    assert "2,200.00" not in other
    assert page(org.finance).get("/my-bonus/").status_code == 403


def test_sheet_page_query_count_does_not_grow_with_rows(org, page, sheet, django_assert_max_num_queries):
    client = page(org.hr)
    client.get(SHEET)
    with django_assert_max_num_queries(20):
        assert client.get(SHEET).status_code == 200


MO_FILE = __import__("pathlib").Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.mo"


@pytest.mark.skipif(not MO_FILE.exists(), reason="translations not compiled (manage.py compilemessages)")
def test_sheet_in_simplified_chinese(org, page, sheet):
    from django.conf import settings

    client = page(org.hr)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(SHEET).content.decode()
    for word in ("奖金表", "提成", "月度前三名奖金", "团队达标奖", "内推奖励", "首单奖", "提交审批"):
        assert word in html
    annual = client.get("/annual-lists/?year=2026").content.decode()
    assert "销售之星" in annual

"""A company-wide sheet is never one 1,000-row page (SPEC §9, §12; issue 11): the page shows 100
rows at a time (search by name or number), the API pages its rows (`page`, `page_size`, headers
`X-Total-Count` and `Link`), and the totals always cover every row the reader may see."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from incentives.models import BonusRow, BonusSheet
from incentives.services import may_have_sheet_action_role, sheet_actions_allowed
from incentives.services.plans import incentive_plan_for_year
from incentives.tests.factories import OCTOBER
from teams.models import Employee, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PAGE, API = "/bonus/2026-10/", "/api/v1/bonus-sheets/2026-10/"


@pytest.fixture
def big_sheet(org):
    """A draft sheet of 120 reps of East-1, each with 100.00 commission (12,000.00 in all)."""
    users = get_user_model().objects.bulk_create([get_user_model()(username=f"bulk{i}") for i in range(120)])
    people = Employee.objects.bulk_create([
        Employee(user=user, number=f"B{i:04d}", name=f"Rep {i:03d}", role=Role.REP, org_unit=org.east1,
                 hire_date=date(2024, 1, 1)) for i, user in enumerate(users)])
    sheet = BonusSheet.objects.create(month=OCTOBER.start, plan=incentive_plan_for_year(year=2026))
    BonusRow.objects.bulk_create([
        BonusRow(sheet=sheet, employee=e, number=e.number, name=e.name, team="East-1", role=Role.REP,
                 commission=D("100.00"), total=D("100.00")) for e in people])
    return sheet


def _numbers(html: str) -> list[str]:
    return [part.split("<")[0] for part in html.split('<span class="number">')[1:]]


def test_the_page_shows_100_rows_and_the_totals_of_all(org, page, big_sheet):
    html = page(org.hr).get(PAGE).content.decode()
    assert _numbers(html) == [f"B{i:04d}" for i in range(100)]
    assert "1–100 of 120 rows." in html and "Page 1 of 2" in html and 'rel="next"' in html
    assert "12,000.00" in html  # the totals line covers every row, not the page


def test_the_second_page_and_a_page_past_the_end(org, page, big_sheet):
    html = page(org.hr).get(PAGE + "?page=2").content.decode()
    assert _numbers(html) == [f"B{i:04d}" for i in range(100, 120)]
    assert "12,000.00" in html and 'rel="prev"' in html
    assert _numbers(page(org.hr).get(PAGE + "?page=99").content.decode())[0] == "B0100"  # the last page


def test_search_by_name_or_number(org, page, big_sheet):
    html = page(org.hr).get(PAGE + "?q=Rep 11").content.decode()
    assert _numbers(html) == [f"B{i:04d}" for i in range(110, 120)]
    assert _numbers(page(org.hr).get(PAGE + "?q=b0007").content.decode()) == ["B0007"]
    assert "No row matches." in page(org.hr).get(PAGE + "?q=nobody").content.decode()


def test_a_head_pages_only_their_people(org, page, big_sheet):
    html = page(org.sup2).get(PAGE).content.decode()  # East-2's supervisor sees none of East-1
    assert _numbers(html) == [] and "12,000.00" not in html


def test_the_page_stays_small(org, page, big_sheet):
    assert len(page(org.director).get(PAGE).content) < 200_000  # 100 rows with their explanations


def test_the_api_pages_rows_with_headers_and_totals_of_all(org, api, big_sheet):
    response = api(org.hr).get(API, {"page_size": 30, "page": 2})
    body = response.json()
    assert set(body) == {"month", "status", "rows", "totals"}
    assert [row["number"] for row in body["rows"]] == [f"B{i:04d}" for i in range(30, 60)]
    assert D(body["totals"]["commission"]) == D("12000.00")
    assert response["X-Total-Count"] == "120"
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"] and "page=3" in response["Link"]


def test_the_api_default_page_is_50_rows(org, api, big_sheet):
    response = api(org.hr).get(API)
    assert len(response.json()["rows"]) == 50 and 'rel="prev"' not in response["Link"]


@pytest.mark.parametrize("size", ["0", "501", "x"])
def test_a_bad_page_size_is_400_naming_it(org, api, big_sheet, size):
    response = api(org.hr).get(API, {"page_size": size})
    assert response.status_code == 400 and "page_size" in response.json()["errors"]


def test_the_sheet_list_api_is_paged(org, api, big_sheet):
    body = api(org.hr).get("/api/v1/bonus-sheets/", {"page_size": 1}).json()
    assert body["count"] == 1 and [s["month"] for s in body["results"]] == ["2026-10"]


def test_the_export_still_has_every_row(org, api, big_sheet):
    content = api(org.hr).get(API + "export/", {"format": "csv"}).content.decode("utf-8-sig")
    assert len(content.strip().splitlines()) == 1 + 120 + 1


@pytest.mark.parametrize(("who", "generate", "adjust"), [("hr", True, True), ("director", True, False),
                                                         ("sup1", False, False), ("rep", False, False)])
def test_may_have_sheet_action_role(org, who, generate, adjust):
    user = getattr(org, who).user
    assert may_have_sheet_action_role(action="generate", actor=user) is generate
    assert may_have_sheet_action_role(action="adjust", actor=user) is adjust


def test_sheet_actions_allowed_covers_every_action(org, big_sheet):
    allowed = sheet_actions_allowed(month=OCTOBER, sheet=big_sheet, actor=org.hr.user)
    assert allowed == {"generate": True, "submit": True, "reopen": False, "approve": False}
    assert not any(sheet_actions_allowed(month=OCTOBER, sheet=big_sheet, actor=org.rep.user).values())

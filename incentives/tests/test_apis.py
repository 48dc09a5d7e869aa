"""The bonus-sheet API: row shape, scoping, rights per action, bad input, adjustments."""

from decimal import Decimal as D

import pytest

from incentives.models import BonusAdjustment, BonusSheet, SheetStatus
from incentives.services import bonus_sheet_approve, bonus_sheet_submit, month_close
from incentives.tests.factories import OCTOBER, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

URL = "/api/v1/bonus-sheets/2026-10/"
ROW_KEYS = {"employee", "number", "name", "team", "role", "target", "actual", "attainment", "composite", "rank",
            "commission", "top3", "first_order", "team_bonus", "retention", "referral", "awards", "adjustments", "total",
            "explanation"}


@pytest.fixture
def sheet(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=80000)
    give(org.rep2, target=100000, actual=120000)
    give(org.rep3, target=100000, actual=110000)
    month_close(month=OCTOBER)
    return BonusSheet.objects.get()


def test_sheet_shape_for_hr(org, api, sheet):
    response = api(org.hr).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"month", "status", "rows", "totals"}
    assert (body["month"], body["status"]) == ("2026-10", "draft")
    row = next(r for r in body["rows"] if r["employee"] == org.rep.pk)
    assert set(row) == ROW_KEYS
    assert row["commission"] == "2200.00" and row["attainment"] == "130.00" and row["top3"] == "2000.00"
    assert row["number"] == "R0001" and row["team"] == "East-1" and row["role"] == "rep"
    assert row["explanation"]["commission"].endswith("= 2,200.00")
    total = sum(D(r["total"]) for r in body["rows"])
    assert D(body["totals"]["total"]) == total
    assert set(body["totals"]) == {"commission", "top3", "first_order", "team_bonus", "retention", "referral", "awards",
                                   "adjustments", "total"}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("rep", {"rep"}),
        ("teammate", {"teammate"}),
        ("sup1", {"rep", "teammate", "sup1"}),
        ("sup2", {"rep2", "sup2"}),
        ("manager", {"rep", "teammate", "sup1", "rep2", "sup2", "manager"}),
        ("hr", "all"),
        ("director", "all"),
        ("admin", "all"),
    ],
)
def test_rows_are_scoped(org, api, sheet, who, sees):
    body = api(getattr(org, who)).get(URL).json()
    ids = {row["employee"] for row in body["rows"]}
    everyone = set(sheet.rows.values_list("employee_id", flat=True))
    expected = everyone if sees == "all" else {getattr(org, name).pk for name in sees} & everyone
    assert ids == expected
    assert D(body["totals"]["total"]) == sum((D(r["total"]) for r in body["rows"]), D(0))


def test_finance_and_anonymous_are_refused(org, api, sheet):
    assert api(org.finance).get(URL).status_code == 403
    assert api().get(URL).status_code in (401, 403)
    assert api(org.finance).get("/api/v1/bonus-sheets/").status_code == 403


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "oct", "2026", "2026-Q4"])
def test_bad_month_is_400_naming_month(org, api, bad):
    response = api(org.hr).get(f"/api/v1/bonus-sheets/{bad}/")
    assert response.status_code == 400
    assert "month" in response.json()["errors"]
    assert api(org.hr).post(f"/api/v1/bonus-sheets/{bad}/generate/").status_code == 400


def test_missing_sheet_is_404(org, api):
    assert api(org.hr).get(URL).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("director", 200), ("admin", 200), ("rep", 403),
                                             ("sup1", 403), ("manager", 403), ("finance", 403)])
def test_generate_rights(org, api, who, status):
    give(org.rep, target=100000, actual=130000)
    assert api(getattr(org, who)).post(URL + "generate/").status_code == status


def test_generate_future_or_unfinished_month_is_400(org, api):
    for month in ("2026-12", "2026-11"):  # the clock says 2026-11-05
        response = api(org.hr).post(f"/api/v1/bonus-sheets/{month}/generate/")
        assert response.status_code == 400 and "month" in response.json()["errors"]
    assert not BonusSheet.objects.exists()


def test_generate_does_the_month_close_work_scorecards_included(org, api, sheet):
    """SPEC §10: `generate/` builds the draft from the month's data, the same work as close_month:
    a late sale moves the scorecard (composite, rank) as well as the bonus figures."""
    from performance.models import Scorecard

    before = Scorecard.objects.get(employee=org.teammate, month=OCTOBER.start)
    assert before.attainment_pct == D("80.00") and "below_target" in before.flags
    give(org.teammate, actual=40000, day=28)
    assert api(org.hr).post(URL + "generate/").status_code == 200
    after = Scorecard.objects.get(employee=org.teammate, month=OCTOBER.start)
    assert after.attainment_pct == D("120.00") and "below_target" not in after.flags
    row = next(r for r in api(org.hr).get(URL).json()["rows"] if r["employee"] == org.teammate.pk)
    assert (row["attainment"], row["composite"], row["rank"]) == ("120.00", str(after.composite), after.company_rank)
    cards = list(Scorecard.objects.order_by("pk").values_list("pk", "composite", "company_rank"))
    assert api(org.hr).post(URL + "generate/").status_code == 200  # idempotent
    assert list(Scorecard.objects.order_by("pk").values_list("pk", "composite", "company_rank")) == cards


def test_submit_approve_flow_and_rights(org, api, sheet):
    assert api(org.rep).post(URL + "submit/").status_code == 403
    assert api(org.director).post(URL + "approve/").status_code == 409  # still a draft
    response = api(org.hr).post(URL + "submit/", {"note": "October"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    for who in (org.hr, org.manager, org.sup1, org.rep, org.finance):
        assert api(who).post(URL + "approve/").status_code == 403
    response = api(org.director).post(URL + "approve/")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    # changing an approved sheet: 409
    assert api(org.hr).post(URL + "generate/").status_code == 409
    assert api(org.director).post(URL + "approve/").status_code == 409
    assert api(org.hr).post(URL + "reopen/").status_code == 409
    response = api(org.hr).post("/api/v1/bonus-adjustments/", {"month": "2026-10", "employee": org.rep.pk,
                                                               "amount": "10.00", "reason": "late"})
    assert response.status_code == 409


def test_director_with_own_paid_row_gets_403(org, api, sheet):
    assert api(org.hr).post("/api/v1/bonus-adjustments/", {"month": "2026-10", "employee": org.director.pk,
                                                           "amount": "500.00", "reason": "Host"}).status_code == 201
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    response = api(org.director).post(URL + "approve/")
    assert response.status_code == 403 and "own" in response.json()["detail"]
    assert api(org.admin).post(URL + "approve/").status_code == 200


def test_adjustments_api(org, api, sheet):
    url = "/api/v1/bonus-adjustments/"
    response = api(org.hr).post(url, {"month": "2026-10", "employee": org.rep.pk, "amount": "-120.00",
                                      "reason": "Advance", "entered_by": org.director.user.pk,
                                      "recorded_at": "2020-01-01T00:00:00Z"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["month"], body["amount"], body["entered_by"]) == ("2026-10", "-120.00", "hr")
    assert not body["recorded_at"].startswith("2020")
    assert sheet.rows.get(employee=org.rep).adjustments == D("-120.00")
    # a rep lists only their own, a teammate nothing, finance nothing
    assert [a["employee"] for a in api(org.rep).get(url).json()["results"]] == [org.rep.pk]
    assert api(org.teammate).get(url).json()["results"] == []
    assert api(org.sup1).get(url + "?month=2026-10").json()["count"] == 1
    assert api(org.sup2).get(url).json()["count"] == 0
    assert api(org.sup2).get(url + f"{body['id']}/").status_code == 404
    assert api(org.hr).get(url + "?month=2026-13").status_code == 400


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"amount": "100.00"}, "reason"),
        ({"amount": "100.00", "reason": "   "}, "reason"),
        ({"amount": "0", "reason": "x"}, "amount"),
        ({"amount": "abc", "reason": "x"}, "amount"),
        ({"amount": "100", "reason": "x", "month": "2026-13"}, "month"),
        ({"amount": "100", "reason": "x", "employee": 999999}, "employee"),
    ],
)
def test_adjustment_bad_input_is_400_naming_the_field(org, api, payload, field):
    data = {"month": "2026-10", "employee": org.rep.pk, **payload}
    response = api(org.hr).post("/api/v1/bonus-adjustments/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not BonusAdjustment.objects.exists()


@pytest.mark.parametrize("who", ["rep", "sup1", "director", "finance"])
def test_only_hr_enters_adjustments(org, api, who):
    response = api(getattr(org, who)).post("/api/v1/bonus-adjustments/", {
        "month": "2026-10", "employee": org.rep2.pk, "amount": "100", "reason": "x"})
    # the director/finance see rep2 but may not act (403); a rep/supervisor cannot even name rep2 (400)
    assert response.status_code in (403, 400)
    assert not BonusAdjustment.objects.exists()


def test_sheet_list(org, api, sheet):
    body = api(org.rep).get("/api/v1/bonus-sheets/").json()["results"]  # paged (count, next, previous)
    assert [(s["month"], s["status"]) for s in body] == [("2026-10", "draft")]
    assert body[0]["generated_at"]


def test_sheet_status_survives_a_hr_export(org, api, sheet):
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    assert api(org.director).get(URL + "export/?format=csv").status_code == 200
    assert BonusSheet.objects.get().status == SheetStatus.APPROVED  # the director's download is not payroll's
    assert api(org.hr).get(URL + "export/?format=xlsx").status_code == 200
    assert BonusSheet.objects.get().status == SheetStatus.EXPORTED

"""End to end across teams, customers, targets, performance and incentives (SPEC §3.3, §4, §5):
a small organisation with targets and contracts; the monthly job (`manage.py close_month`); HR adds
an adjustment and submits; the director approves; HR exports the xlsx. Every figure is checked
against the rules of SPEC §5, and afterwards nothing about the month can change: not the
scorecards, not the sheet, not an adjustment, not a rating, not a target."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from common.exceptions import Conflict
from common.locks import month_is_closed
from common.periods import Period
from customers.tests.factories import CustomerFactory
from customers.tests.factories_pipeline import ContractFactory
from incentives.models import BonusRow, BonusSheet, SheetStatus
from performance.models import Scorecard, ScorecardStatus
from performance.services import scorecards_compute_drafts
from targets.models import SalesTarget
from targets.tests.factories import make_sale, make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

OCTOBER = Period(2026, month=10)
SHEET = "/api/v1/bonus-sheets/2026-10/"

#: Each person's money on the October sheet, worked out by hand from SPEC §5 (default plan).
EXPECTED = {
    # 130,000 on 100,000: 40,000 × 2 % + 20,000 × 4 % + 10,000 × 6 % = 2,200; 1st of the top 3;
    # 0.5 % of a 20,000 tier-A renewal = 100.
    "R0001": {"commission": "2200.00", "top3": "2000.00", "retention": "100.00", "total": "4300.00"},
    # 80,000 on 100,000: 20,000 × 2 % = 400; the hire they referred completes 90 days on 10-30:
    # 1,000; HR's −250.50.
    "R0002": {"commission": "400.00", "referral": "1000.00", "adjustments": "-250.50", "total": "1149.50"},
    # 95,000 on 100,000: 35,000 × 2 % = 700; under 100 %: no top-3.
    "R0003": {"commission": "700.00", "total": "700.00"},
    # 60,000 on 50,000 (exactly 120 %): 20,000 × 2 % + 10,000 × 4 % = 800; 2nd of the top 3.
    "R0004": {"commission": "800.00", "top3": "1000.00", "total": "1800.00"},
    # A new hire's first contract on day 80 after hire: 300; no target: no commission.
    "N0001": {"first_order": "300.00", "total": "300.00"},
    # East-1: 210,000 on 200,000; East-2: 100,000 on 100,000 (exactly 100 %); South-1: 60,000 on
    # 50,000; East: 310,000 on 300,000; South: 60,000 on 50,000.
    "S0001": {"team_bonus": "2000.00", "total": "2000.00"},
    "S0002": {"team_bonus": "2000.00", "total": "2000.00"},
    "S0003": {"team_bonus": "2000.00", "total": "2000.00"},
    "M0001": {"team_bonus": "5000.00", "total": "5000.00"},
    "M0002": {"team_bonus": "5000.00", "total": "5000.00"},
}
MONEY = ("commission", "top3", "first_order", "team_bonus", "retention", "referral", "adjustments", "total")


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def november():
    with time_machine.travel("2026-11-05 10:00 +08:00", tick=False):
        yield


@pytest.fixture
def seeded(org, november):
    """October 2026: targets for four reps, their contracts, a tier-A renewal, a new hire's first
    order and a referral completing 90 days."""
    org.newbie = EmployeeFactory(role=Role.REP, org_unit=org.east2, user=UserFactory(username="newbie"),
                                 number="N0001", hire_date=date(2026, 8, 1), referred_by=org.teammate)
    for person, target in ((org.rep, 100000), (org.teammate, 100000), (org.rep2, 100000), (org.rep3, 50000)):
        make_target("2026-10", target, employee=person)
    make_sale(org.rep, 110000, date(2026, 10, 8))
    make_sale(org.teammate, 80000, date(2026, 10, 31))
    make_sale(org.rep2, 95000, date(2026, 10, 1))
    make_sale(org.rep3, 60000, date(2026, 10, 20))
    make_sale(org.newbie, 5000, date(2026, 10, 20))  # day 80 after hire: a first order
    make_sale(org.rep, 99999, date(2026, 11, 2))  # November: not October's
    customer = CustomerFactory(owner=org.rep, tier="A", tier_pinned=True, pin_reason="key account")
    original = ContractFactory(customer=customer, owner=org.rep, amount=D("20000"), signed_on=date(2025, 10, 10))
    ContractFactory(customer=customer, owner=org.rep, amount=D("20000"), signed_on=date(2026, 10, 10), renews=original)
    return org


def _rows(api, who) -> dict[str, dict]:
    response = api(who).get(SHEET)
    assert response.status_code == 200, response.content
    return {row["number"]: row for row in response.json()["rows"]}


def test_month_close_to_export_and_nothing_changes_afterwards(seeded, api):
    org = seeded
    call_command("close_month", "2026-10", stdout=io.StringIO())
    call_command("close_month", "2026-10", stdout=io.StringIO())  # idempotent: the same rows again
    assert BonusSheet.objects.get().status == SheetStatus.DRAFT
    assert BonusRow.objects.count() == len(EXPECTED)
    assert Scorecard.objects.filter(month=OCTOBER.start, status=ScorecardStatus.DRAFT).count() == 10

    response = api(org.hr).post("/api/v1/bonus-adjustments/", {
        "month": "2026-10", "employee": org.teammate.pk, "amount": "-250.50", "reason": "Travel advance repaid"},
        format="json")
    assert response.status_code == 201, response.content

    rows = _rows(api, org.hr)
    assert set(rows) == set(EXPECTED)
    for number, expected in EXPECTED.items():
        for column in MONEY:
            assert rows[number][column] == expected.get(column, "0.00"), (number, column)
    rep = rows["R0001"]
    assert (rep["target"], rep["actual"], rep["attainment"]) == ("100000.00", "130000.00", "130.00")
    assert rep["explanation"]["commission"] == (
        "130,000.00 sales on a 100,000.00 target: 40,000.00 × 2 % + 20,000.00 × 4 % + 10,000.00 × 6 % = 2,200.00")
    assert rows["R0002"]["explanation"]["adjustments"] == "−250.50 (Travel advance repaid) = −250.50"
    assert rows["N0001"]["attainment"] is None and rows["N0001"]["target"] is None
    card = Scorecard.objects.get(employee=org.rep, month=OCTOBER.start)
    assert rep["composite"] == str(card.composite) and rep["rank"] == card.company_rank
    totals = api(org.hr).get(SHEET).json()["totals"]
    assert totals["total"] == "24249.50" and totals["adjustments"] == "-250.50"

    # a rep sees only their own row, before and after approval
    assert set(_rows(api, org.rep)) == {"R0001"}

    assert api(org.hr).post(SHEET + "submit/").status_code == 200
    assert api(org.hr).post(SHEET + "approve/").status_code == 403
    response = api(org.director).post(SHEET + "approve/", {"note": "ok"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert month_is_closed(OCTOBER)
    assert not Scorecard.objects.filter(month=OCTOBER.start).exclude(status=ScorecardStatus.PUBLISHED).exists()
    published = api(org.rep).get("/api/v1/scorecards/?month=2026-10").json()["results"]
    assert [(c["employee"], c["status"]) for c in published] == [(org.rep.pk, "published")]

    export = api(org.hr).get(SHEET + "export/?format=xlsx")
    assert export.status_code == 200
    assert export["Content-Disposition"] == 'attachment; filename="salesops-bonus-2026-10.xlsx"'
    assert BonusSheet.objects.get().status == SheetStatus.EXPORTED
    table = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    header, body, total_line = table[0], table[1:-1], table[-1]
    column = {name: header.index(name) for name in header}
    by_number = {line[column["Employee number"]]: line for line in body}
    assert set(by_number) == set(EXPECTED)
    for number, expected in EXPECTED.items():
        value = by_number[number][column["Total"]]
        assert isinstance(value, (int, float)) and D(str(value)) == D(expected["total"])
    assert by_number["R0002"][column["Adjustments"]] == -250.5
    assert total_line[column["Name"]] == "Total" and D(str(total_line[column["Total"]])) == D("24249.50")

    _assert_october_is_frozen(org, api)


def _assert_october_is_frozen(org, api):
    before_rows = list(BonusRow.objects.order_by("number").values())
    before_cards = list(Scorecard.objects.order_by("pk").values())
    target = SalesTarget.objects.get(employee=org.rep, period="2026-10")
    make_sale(org.rep, 70000, date(2026, 10, 30))  # late data must not move a closed month

    # the scorecards: no recomputation, by the service or by the job
    with pytest.raises(Conflict):
        scorecards_compute_drafts(month=OCTOBER)
    with pytest.raises(CommandError):
        call_command("close_month", "2026-10", stdout=io.StringIO())
    # the sheet: no regeneration, no adjustment, no step back
    assert api(org.hr).post(SHEET + "generate/").status_code == 409
    assert api(org.hr).post(SHEET + "reopen/").status_code == 409
    assert api(org.director).post(SHEET + "approve/").status_code == 409
    response = api(org.hr).post("/api/v1/bonus-adjustments/", {
        "month": "2026-10", "employee": org.rep.pk, "amount": "100.00", "reason": "late"}, format="json")
    assert response.status_code == 409
    # the line manager's rating of the month
    response = api(org.sup1).post("/api/v1/ratings/", {"employee": org.rep.pk, "month": "2026-10", "rating": 90},
                                  format="json")
    assert response.status_code == 409
    # the targets of the month, through the targets API (SPEC §3.3)
    response = api(org.sup1).patch(f"/api/v1/targets/{target.pk}/", {"amount": "50000.00", "reason": "too high"},
                                   format="json")
    assert response.status_code == 409, response.content
    response = api(org.sup2).post("/api/v1/targets/", {"period": "2026-10", "employee": org.newbie.pk,
                                                       "amount": "10000.00"}, format="json")
    assert response.status_code == 409, response.content
    target.refresh_from_db()
    assert target.amount == D("100000.00")

    assert list(BonusRow.objects.order_by("number").values()) == before_rows
    assert list(Scorecard.objects.order_by("pk").values()) == before_cards
    assert BonusSheet.objects.get().status == SheetStatus.EXPORTED
    # November is not closed: its targets still change
    november = make_target("2026-11", 100000, employee=org.rep)
    response = api(org.sup1).patch(f"/api/v1/targets/{november.pk}/", {"amount": "90000.00", "reason": "seasonal"},
                                   format="json")
    assert response.status_code == 200, response.content


def test_close_month_refuses_a_future_or_unfinished_month_and_a_bad_string(seeded):
    for month in ("2026-11", "2026-12", "2026-13", "2026/10", "October"):
        with pytest.raises(CommandError):
            call_command("close_month", month, stdout=io.StringIO())
    assert not BonusSheet.objects.exists() and not Scorecard.objects.exists()


def test_the_monthly_task_runs_the_same_close(seeded):
    from incentives.tasks import close_previous_month

    result = close_previous_month.delay().get()
    assert result["month"] == "2026-10" and result["rows"] == len(EXPECTED)
    again = close_previous_month.delay().get()
    assert again["rows"] == len(EXPECTED) and again["changes"]["added"] == []
    assert BonusRow.objects.count() == len(EXPECTED)
    assert Scorecard.objects.filter(month=OCTOBER.start).count() == 10

"""The weekly team meeting report: figures at their edges (a week across two months, a holiday, an
empty week), major opportunities, this week's due items, the xlsx, access per role, bad input and
query counts."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import CalendarDay
from customers.models import CustomerStatus, EscalationReport, Stage
from customers.tests.factories import (
    ContractFactory,
    CustomerFactory,
    FollowUpFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)
from targets.tests.factories import make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory
from today.rules import IsoWeek
from today.selectors import weekly_report

pytestmark = pytest.mark.django_db

#: This week: Monday 6 – Sunday 12 July 2026; last week (29 June – 5 July) spans June and July.
WEEK = "2026-W28"
URL = "/api/v1/weekly-report/"


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _report(org, unit=None, week=WEEK):
    return weekly_report(user=org.sup1.user, unit=unit or org.east1, week=IsoWeek.parse(week))


def test_last_week_across_two_months_prorates_the_months_target_by_working_days_with_a_holiday(org):
    # July 2026: 23 weekdays; 2 July a holiday → 22 working days, 2 of them (1 and 3 July) by Sunday 5 July.
    CalendarDay.objects.create(day=date(2026, 7, 2), is_working_day=False, name="Test holiday")
    make_target("2026-07", Decimal("22000.00"), employee=org.rep)
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("1000.00"), signed_on=date(2026, 6, 30))  # last week, June
    ContractFactory(customer=customer, amount=Decimal("500.00"), signed_on=date(2026, 7, 3))    # last week, July
    ContractFactory(customer=customer, amount=Decimal("700.00"), signed_on=date(2026, 7, 6))    # this week
    report = _report(org)
    assert (str(report.last_week), str(report.month)) == ("2026-W27", "2026-07")
    assert (report.working_days_in_month, report.working_days_to_date) == (22, 2)
    rep = next(row for row in report.members if row.employee_id == org.rep.pk)
    assert rep.week_sales == Decimal("1500.00")
    assert rep.month_sales_to_date == Decimal("500.00")
    assert rep.month_target == Decimal("22000.00") and rep.target_to_date == Decimal("2000.00")
    assert rep.attainment_to_date_pct == Decimal("25.00")
    teammate = next(row for row in report.members if row.employee_id == org.teammate.pk)
    assert teammate.target_to_date is None and teammate.attainment_to_date_pct is None  # no target: null, not 0
    assert report.totals["week_sales"] == Decimal("1500.00")
    assert report.totals["attainment_to_date_pct"] == Decimal("25.00")


def test_members_are_the_units_salespeople_new_customers_and_followups_of_last_week(org):
    customer = CustomerFactory(owner=org.rep)

    type(customer).objects.filter(pk=customer.pk).update(created_at=_at(date(2026, 7, 1)))
    old = CustomerFactory(owner=org.rep)
    type(old).objects.filter(pk=old.pk).update(created_at=_at(date(2026, 6, 28)))
    FollowUpFactory(customer=customer, occurred_at=_at(date(2026, 6, 29)))
    FollowUpFactory(customer=customer, occurred_at=_at(date(2026, 7, 5), hour=23))
    FollowUpFactory(customer=customer, occurred_at=_at(date(2026, 7, 6), hour=0))  # this week: not counted
    report = _report(org)
    assert {row.employee_id for row in report.members} == {org.sup1.pk, org.rep.pk, org.teammate.pk}
    rep = next(row for row in report.members if row.employee_id == org.rep.pk)
    assert (rep.new_customers, rep.followups) == (1, 2)


def test_an_empty_week(org, api):
    body = api(org.sup1).get(URL, {"unit": org.east1.pk, "week": WEEK}).json()
    assert body["week"] == WEEK and body["last_week"] == "2026-W27"
    assert all(row["week_sales"] == "0.00" and row["attainment_to_date_pct"] is None for row in body["members"])
    assert body["totals"]["target_to_date"] is None and body["totals"]["attainment_to_date_pct"] is None
    assert body["major_opportunities"] == []
    assert [(s["kind"], s["count"], s["items"]) for s in body["due"]] == [
        ("followups", 0, []), ("quotes", 0, []), ("deliveries", 0, []), ("renewals", 0, []), ("receivables", 0, []), ("events", 0, []),
    ]


def test_open_major_opportunities_with_their_latest_progress(org):
    customer = CustomerFactory(owner=org.rep, name="Big Co.")
    major = OpportunityFactory(customer=customer, name="Big deal", amount=Decimal("150000.00"), stage=Stage.PROPOSAL)
    EscalationReport.objects.create(opportunity=major, background="b", needs_detail="n", progress="Demo done.", risks="r")
    OpportunityFactory(customer=customer, name="Small deal", amount=Decimal("99999.99"), stage=Stage.PROPOSAL)
    OpportunityFactory(customer=customer, name="Lost deal", amount=Decimal("200000.00"), stage=Stage.LOST,
                       lost_reason="Price.", closed_on=date(2026, 7, 1))
    OpportunityFactory(customer=CustomerFactory(owner=org.rep2), name="Other team", amount=Decimal("300000.00"))
    majors = _report(org).major_opportunities
    assert [(o.name, o.progress) for o in majors] == [("Big deal", "Demo done.")]


def test_this_weeks_due_items(org):
    customer = CustomerFactory(owner=org.rep, name="Due Co.", next_follow_up_on=date(2026, 7, 10))
    CustomerFactory(owner=org.rep, next_follow_up_on=date(2026, 7, 13))  # next week
    CustomerFactory(owner=org.rep, next_follow_up_on=date(2026, 7, 7), status=CustomerStatus.LOST)
    OpportunityFactory(customer=customer, stage=Stage.PROPOSAL, quote_due_on=date(2026, 7, 6))
    OpportunityFactory(customer=customer, stage=Stage.LOST, lost_reason="Price.", closed_on=date(2026, 7, 1), quote_due_on=date(2026, 7, 6))
    ContractFactory(customer=customer, number="HT-DLV", signed_on=date(2026, 7, 1), delivery_due_on=date(2026, 7, 8))
    ContractFactory(customer=customer, signed_on=date(2026, 7, 1), delivery_due_on=date(2026, 7, 8),
                    delivery_confirmed_on=date(2026, 7, 7))
    ending = ContractFactory(customer=customer, number="HT-END", signed_on=date(2025, 7, 13), start_on=date(2025, 7, 13),
                             end_on=date(2026, 7, 12), delivery_due_on=None)
    renewed = ContractFactory(customer=customer, number="HT-RENEWED", signed_on=date(2025, 7, 6), start_on=date(2025, 7, 6),
                              end_on=date(2026, 7, 6), delivery_due_on=None)
    ContractFactory(customer=customer, number="HT-NEW", signed_on=date(2026, 6, 20), renews=renewed, delivery_due_on=None)
    ReceivableFactory(contract=ending, due_on=date(2026, 7, 9), amount=Decimal("800.00"))
    PaymentFactory(receivable=ReceivableFactory(contract=ending, due_on=date(2026, 7, 9), amount=Decimal("100.00")))
    due = {section.kind: section for section in _report(org).due}
    assert [i.title for i in due["followups"].items] == ["Due Co."]
    assert due["quotes"].count == 1
    assert [i.title for i in due["deliveries"].items] == ["HT-DLV"]
    assert [i.title for i in due["renewals"].items] == ["HT-END"]
    assert [(i.title, i.amount) for i in due["receivables"].items] == [("HT-END", Decimal("800.00"))]


def test_the_page_prints_by_section_and_offers_the_xlsx(org, page):
    response = page(org.sup1).get(reverse("today:weekly-report"), {"unit": org.east1.pk, "week": WEEK})
    body = response.content.decode()
    assert response.status_code == 200 and "today/weekly_report.css" in body
    assert "format=xlsx" in body and body.count("<section") == 3
    assert "Sales last week (2026-W27)" in body


def test_the_xlsx_has_number_cells_and_formula_safe_text(org, api):
    customer = CustomerFactory(owner=org.rep, name="=HYPERLINK(\"x\")", next_follow_up_on=date(2026, 7, 9))
    ContractFactory(customer=customer, amount=Decimal("1234.50"), signed_on=date(2026, 7, 1))
    org.rep.name = "+Evil"
    org.rep.save(update_fields=["name"])
    response = api(org.sup1).get(URL, {"unit": org.east1.pk, "week": WEEK, "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sales = list(workbook.worksheets[0].iter_rows(values_only=False))
    rep = next(row for row in sales if row[1].value == "'+Evil")
    assert rep[3].value == Decimal("1234.50") or rep[3].value == 1234.5
    assert rep[3].number_format == "#,##0.00"
    due = [row for row in workbook.worksheets[2].iter_rows(values_only=True)]
    assert any(row[2] == "'=HYPERLINK(\"x\")" for row in due)
    page_xlsx = reverse("today:weekly-report") + f"?unit={org.east1.pk}&week={WEEK}&format=xlsx"
    from django.test import Client
    client = Client()
    client.force_login(org.sup1.user)
    assert client.get(page_xlsx)["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("rep", "east1", 403), ("hr", "east1", 403), ("finance", "company", 403),
    ("sup1", "east1", 200), ("sup1", "east2", 404), ("sup1", "east", 404), ("sup1", "company", 404),
    ("manager", "east", 200), ("manager", "east2", 200), ("manager", "south1", 404),
    ("director", "company", 200), ("director", "south1", 200), ("admin", "east2", 200),
])
def test_access_per_role(org, api, page, who, unit, status):
    params = {"unit": getattr(org, unit).pk, "week": WEEK}
    assert api(getattr(org, who)).get(URL, params).status_code == status
    assert page(getattr(org, who)).get(reverse("today:weekly-report"), params).status_code == status


def test_defaults_to_the_headed_unit_and_the_running_week(org, api):
    body = api(org.sup1).get(URL).json()
    assert body["unit"] == org.east1.pk and body["week"] == "2026-W28"
    assert api(org.director).get(URL).json()["unit"] == org.company.pk


def test_unknown_unit_is_404_and_bad_input_400_naming_the_field(org, api, page):
    assert api(org.director).get(URL, {"unit": 999999}).status_code == 404
    for week in ("2026-48", "2026-W54", "W28"):
        response = api(org.director).get(URL, {"week": week})
        assert response.status_code == 400 and "week" in response.json()["errors"], response.json()
        assert page(org.director).get(reverse("today:weekly-report"), {"week": week}).status_code == 400
    response = api(org.director).get(URL, {"unit": "abc"})
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    assert page(org.director).get(reverse("today:weekly-report"), {"unit": "abc"}).status_code == 400
    assert api(org.director).get(URL, {"format": "pdf"}).status_code == 400
    assert api(org.rep).get(URL, {"week": "bad"}).status_code == 403  # the role is refused first


def _queries(client, params) -> list[str]:
    client.get(URL, params)  # the first request fills the cached limits row
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return [query["sql"] for query in captured]


def test_queries_are_the_same_for_5_and_50_members(org, api):
    def grow(count):
        for _index in range(count):
            rep = EmployeeFactory(role=Role.REP, org_unit=org.east1)
            make_target("2026-07", Decimal("1000.00"), employee=rep)
            customer = CustomerFactory(owner=rep, next_follow_up_on=date(2026, 7, 9))
            contract = ContractFactory(customer=customer, signed_on=date(2026, 7, 1), delivery_due_on=date(2026, 7, 7),
                                       end_on=date(2026, 7, 11))
            ReceivableFactory(contract=contract, due_on=date(2026, 7, 8))
            FollowUpFactory(customer=customer, occurred_at=_at(date(2026, 6, 30)))
            opportunity = OpportunityFactory(customer=customer, amount=Decimal("120000.00"), stage=Stage.PROPOSAL,
                                             quote_due_on=date(2026, 7, 7))
            EscalationReport.objects.create(opportunity=opportunity, background="b", needs_detail="n", progress="p",
                                            risks="r")

    params = {"unit": org.east1.pk, "week": WEEK}
    grow(5)
    small = _queries(api(org.sup1), params)
    grow(45)
    large = _queries(api(org.sup1), params)
    assert len(large) == len(small), "\n".join(q for q in large if q not in small)
    xlsx = {**params, "format": "xlsx"}
    assert api(org.sup1).get(URL, xlsx).status_code == 200


def test_the_report_in_chinese(org, page):
    body = page(org.sup1).get(reverse("today:weekly-report"), {"week": WEEK},
                              HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "周例会报告" in body





def test_this_weeks_events_of_the_unit(org):
    from events.models import EventStatus
    from events.tests.factories import EventFactory, at

    EventFactory(org_unit=org.east1, title="Seminar this week", starts_at=at("2026-07-09 14:00"))
    EventFactory(org_unit=org.east1, title="Cancelled", starts_at=at("2026-07-10 14:00"), status=EventStatus.CANCELLED,
                 cancel_reason="Venue closed")
    EventFactory(org_unit=org.east1, title="Next week", starts_at=at("2026-07-13 14:00"))
    EventFactory(org_unit=org.south1, title="Other unit", starts_at=at("2026-07-09 14:00"))
    due = {section.kind: section for section in _report(org).due}
    assert [(i.title, i.on) for i in due["events"].items] == [("Seminar this week", date(2026, 7, 9))]


# --- a large unit is shown one line per child unit (SPEC §9/§12: company pages grouped by unit) ---

def test_the_company_report_sums_its_members_per_child_unit_in_tree_order(org):
    make_target("2026-07", Decimal("22000.00"), employee=org.rep)
    ContractFactory(customer=CustomerFactory(owner=org.rep), amount=Decimal("500.00"), signed_on=date(2026, 7, 3))
    ContractFactory(customer=CustomerFactory(owner=org.rep3), amount=Decimal("200.00"), signed_on=date(2026, 7, 1))
    report = weekly_report(user=org.director.user, unit=org.company, week=IsoWeek.parse(WEEK))
    lines = {line.name: line for line in report.units}
    assert [line.name for line in report.units if line.unit_id != org.company.pk] == ["East", "South"]
    assert lines["East"].totals["week_sales"] == Decimal("500.00")
    assert lines["South"].totals["week_sales"] == Decimal("200.00")
    assert sum(line.member_count for line in report.units) == len(report.members)
    assert sum((line.totals["week_sales"] for line in report.units), Decimal("0")) == report.totals["week_sales"]
    assert report.grouped is False  # a handful of members are listed one by one


def test_a_team_is_its_own_only_line(org):
    report = _report(org)
    assert [(line.unit_id, line.member_count) for line in report.units] == [(org.east1.pk, len(report.members))]


def test_above_the_member_rows_the_page_shows_one_line_per_unit_linking_to_its_report(org, page, monkeypatch):
    monkeypatch.setattr("today.selectors.WEEKLY_MEMBER_ROWS", 2)
    body = page(org.director).get(reverse("today:weekly-report"), {"unit": org.company.pk, "week": WEEK}).content.decode()
    assert f'href="?unit={org.east.pk}&amp;week={WEEK}"' in body
    assert f'href="?unit={org.south.pk}&amp;week={WEEK}"' in body
    assert org.rep3.name not in body  # the members are one click away
    team = page(org.sup1).get(reverse("today:weekly-report"), {"unit": org.east1.pk, "week": WEEK}).content.decode()
    assert org.rep.name in team  # a team without child units lists its members however many


def test_the_api_keeps_every_member_and_adds_the_unit_lines(org, api, monkeypatch):
    monkeypatch.setattr("today.selectors.WEEKLY_MEMBER_ROWS", 2)
    body = api(org.director).get(URL, {"unit": org.company.pk, "week": WEEK}).json()
    assert body["grouped"] is True
    assert org.rep3.pk in [member["employee"] for member in body["members"]]
    assert {line["unit"] for line in body["units"]} >= {org.east.pk, org.south.pk}


def test_the_grouped_page_in_chinese(org, page, monkeypatch):
    monkeypatch.setattr("today.selectors.WEEKLY_MEMBER_ROWS", 2)
    body = page(org.director).get(reverse("today:weekly-report"), {"unit": org.company.pk, "week": WEEK},
                                  HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "按单元汇总" in body and "summed per unit" not in body

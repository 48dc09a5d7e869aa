"""The team dashboard and the forecast on a small hand-computed organisation (issue 12).

Org (teams.tests.factories.build_org): East (manager) has East-1 (rep, teammate) and East-2 (rep2);
South-1 has rep3. Today is 23 Nov 2026."""

from datetime import date
from decimal import Decimal

import pytest

from common.periods import Period
from customers.models import Stage
from customers.tests.factories import CustomerFactory, OpportunityFactory, PaymentFactory, ReceivableFactory
from dashboard import selectors
from dashboard.facts import rebuild_facts
from dashboard.models import ForecastSnapshot, StageProbability
from targets.tests.factories import make_sale, make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

NOV = Period(2026, month=11)
TODAY = date(2026, 11, 23)


def _get(client, path, params=None):
    """The facts are rebuilt first: the tests' writes never commit, so no after-commit refresh runs."""
    rebuild_facts(today=TODAY)
    return client.get(path, params or {})


def _opportunity(owner, stage, amount, expected):
    return OpportunityFactory(customer=CustomerFactory(owner=owner), owner=owner, stage=stage,
                              amount=Decimal(amount), expected_close_on=expected)


# --- forecast arithmetic -----------------------------------------------------------------------


def test_the_default_stage_probabilities_come_from_the_data_migration():
    assert StageProbability.objects.count() == 1
    assert StageProbability.current().by_stage() == {
        "lead": Decimal(10), "contacted": Decimal(20), "needs_analysis": Decimal(40),
        "proposal": Decimal(60), "negotiation": Decimal(80),
    }


def test_forecast_weights_every_stage_and_leaves_slipped_ones_out(org):
    make_target("2026-11", "10000", employee=org.rep)
    make_sale(org.rep, "1000", date(2026, 11, 5))
    for stage in (Stage.LEAD, Stage.CONTACTED, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL, Stage.NEGOTIATION):
        _opportunity(org.rep, stage, "1000", date(2026, 11, 30))
    _opportunity(org.rep, Stage.NEGOTIATION, "5000", date(2026, 11, 20))  # slipped: not counted
    _opportunity(org.rep, Stage.PROPOSAL, "7000", date(2026, 12, 3))  # next month: not in November
    won = _opportunity(org.rep, Stage.PROPOSAL, "9000", date(2026, 11, 28))
    won.stage, won.closed_on, won.contract = Stage.WON, TODAY, make_sale(org.rep, "0.01", date(2025, 1, 1))
    won.save()

    figures = selectors.forecast(employee=org.rep, period=NOV)

    # 1000 + 1000 × (0.1 + 0.2 + 0.4 + 0.6 + 0.8)
    assert figures["weighted"] == Decimal("3100.00")
    assert figures["best_case"] == Decimal("6000.00")
    assert figures["commit"] == Decimal("2000.00")
    assert figures["attainment_pct"] == Decimal("31.00")
    assert figures["gap"] == Decimal("6900.00")
    assert figures["slipped_count"] == 1
    assert figures["slipped"][0]["amount"] == Decimal("5000.00")
    assert figures["slipped"][0]["days_late"] == 3


def test_a_changed_probability_changes_the_weighted_forecast(org):
    policy = StageProbability.current()
    policy.lead_pct = Decimal("50.00")
    policy.save()
    _opportunity(org.rep, Stage.LEAD, "999.99", date(2026, 11, 25))
    figures = selectors.forecast(employee=org.rep, period=NOV)
    assert figures["weighted"] == Decimal("500.00")  # 499.995 half-up
    assert figures["target"] is None and figures["attainment_pct"] is None and figures["gap"] is None


def test_a_quarter_forecast_counts_the_rest_of_the_quarter(org):
    _opportunity(org.rep, Stage.NEGOTIATION, "1000", date(2026, 12, 15))
    figures = selectors.forecast(unit=org.east, period=Period(2026, quarter=4))
    assert figures["weighted"] == Decimal("800.00")
    assert figures["commit"] == Decimal("1000.00")


def test_the_daily_snapshot_upserts_the_running_month(org):
    _opportunity(org.rep, Stage.NEGOTIATION, "1000", date(2026, 11, 30))
    selectors.snapshot_forecasts(today=TODAY)
    selectors.snapshot_forecasts(today=TODAY)
    row = ForecastSnapshot.objects.get(org_unit=org.east1)
    assert ForecastSnapshot.objects.filter(org_unit=org.east1).count() == 1
    assert row.month == date(2026, 11, 1) and row.weighted == Decimal("800.00")


# --- tiles -----------------------------------------------------------------------------------


def test_the_tiles_of_an_empty_unit_are_null_not_zero(org, api):
    body = _get(api(org.sup1), "/api/v1/dashboard/", {"month": "2026-11"}).json()
    assert body["unit"] == org.east1.pk and body["month"] == "2026-11"
    for key in ("attainment", "forecast_attainment", "conversion_rate", "collection_rate", "renewal_rate"):
        assert body["tiles"][key] is None and body["previous"][key] is None
    assert body["tiles"]["new_prospects"] == 0
    assert body["trend"] == []  # a month before any data: empty series
    assert body["difficulty"] == {"reps": 0, "reached": 0, "share": None}
    assert [row["count"] for row in body["pipeline"]] == [0, 0, 0, 0, 0]


def test_the_tiles_of_a_team(org, api):
    make_target("2026-11", "3000", employee=org.rep)
    make_target("2026-11", "1000", employee=org.teammate)
    make_target("2026-10", "2000", employee=org.rep)
    sale = make_sale(org.rep, "1500", date(2026, 11, 2))
    make_sale(org.teammate, "500", date(2026, 11, 3))
    make_sale(org.rep, "1000", date(2026, 10, 9))
    receivable = ReceivableFactory(contract=sale, due_on=date(2026, 11, 10), amount=Decimal("1500.00"))
    PaymentFactory(receivable=receivable, amount=Decimal("500.00"), paid_on=date(2026, 11, 12))
    OpportunityFactory(customer=sale.customer, owner=org.rep, stage=Stage.LOST, closed_on=date(2026, 11, 4),
                       lost_reason="price")
    for day in (6, 7):
        OpportunityFactory(customer=sale.customer, owner=org.rep, stage=Stage.WON, closed_on=date(2026, 11, day),
                           contract=make_sale(org.rep, "0.01", date(2025, 1, 1)))

    body = _get(api(org.sup1), "/api/v1/dashboard/", {"month": "2026-11"}).json()

    assert body["tiles"]["attainment"] == "50.00"  # 2000 / 4000
    assert body["previous"]["attainment"] == "50.00"  # 1000 / 2000
    assert body["tiles"]["collection_rate"] == "33.33"
    assert body["tiles"]["conversion_rate"] == "66.67"
    assert body["previous"]["conversion_rate"] is None
    assert body["trend"] == [
        {"month": "2026-10", "target": "2000.00", "actual": "1000.00"},
        {"month": "2026-11", "target": "4000.00", "actual": "2000.00"},
    ]
    members = {row["employee"]: row for row in body["members"]}
    assert members[org.rep.pk]["attainment"] == "50.00"
    assert members[org.teammate.pk]["attainment"] == "50.00"


def test_members_of_a_region_are_its_child_units(org, api):
    make_target("2026-11", "1000", employee=org.rep)
    make_target("2026-11", "1000", employee=org.rep2)
    make_sale(org.rep2, "1000", date(2026, 11, 2))
    body = _get(api(org.manager), "/api/v1/dashboard/", {"unit": org.east.pk, "month": "2026-11"}).json()
    units = {row["unit"]: row for row in body["members"] if "unit" in row}
    assert set(units) == {org.east1.pk, org.east2.pk}
    assert units[org.east1.pk]["attainment"] == "0.00"
    assert units[org.east2.pk]["attainment"] == "100.00"
    assert body["tiles"]["attainment"] == "50.00"


def test_the_difficulty_check_counts_99_99_as_not_reached(org, api):
    make_target("2026-11", "10000", employee=org.rep)
    make_target("2026-11", "10000", employee=org.teammate)
    make_sale(org.rep, "9999", date(2026, 11, 2))  # 99.99 %
    make_sale(org.teammate, "10000", date(2026, 11, 2))  # 100 %
    body = _get(api(org.sup1), "/api/v1/dashboard/", {"month": "2026-11"}).json()
    assert body["difficulty"] == {"reps": 2, "reached": 1, "share": "50.00"}


def test_the_leaderboard_ranks_ties_by_competition(org, api):
    for rep, sold in ((org.rep, "500"), (org.teammate, "500"), (org.rep2, "300"), (org.rep3, "900")):
        make_target("2026-11", "1000", employee=rep)
        make_sale(rep, sold, date(2026, 11, 2))
    body = _get(api(org.director), "/api/v1/dashboard/", {"unit": org.company.pk, "month": "2026-11"}).json()
    assert [(row["employee"], row["rank"]) for row in body["leaderboard"]] == [
        (org.rep3.pk, 1), (org.rep.pk, 2), (org.teammate.pk, 2), (org.rep2.pk, 4),
    ]
    assert body["leaderboard"][0]["attainment"] == "90.00"


# --- access and bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep", "hr", "finance"])
def test_reps_and_functional_roles_are_refused(org, api, who):
    assert api(getattr(org, who)).get("/api/v1/dashboard/").status_code == 403
    assert api(getattr(org, who)).get("/api/v1/forecast/").status_code == 403


@pytest.mark.parametrize("who,unit,status", [
    ("sup1", "east1", 200), ("sup1", "east", 404), ("sup1", "east2", 404), ("manager", "east1", 200),
    ("manager", "south", 404), ("director", "south1", 200), ("admin", "company", 200),
])
def test_units_outside_the_subtree_are_404(org, api, who, unit, status):
    response = api(getattr(org, who)).get("/api/v1/dashboard/", {"unit": getattr(org, unit).pk})
    assert response.status_code == status


def test_bad_input_names_the_field(org, api):
    client = api(org.director)
    assert client.get("/api/v1/dashboard/", {"unit": 999999}).status_code == 404
    response = client.get("/api/v1/dashboard/", {"month": "2026-13"})
    assert response.status_code == 400 and "month" in str(response.json())
    response = client.get("/api/v1/forecast/", {"period": "2026"})
    assert response.status_code == 400 and "period" in str(response.json())
    assert client.get("/api/v1/dashboard/", {"unit": "x"}).status_code == 400


def test_the_forecast_api(org, api):
    _opportunity(org.rep, Stage.PROPOSAL, "1000", date(2026, 11, 30))
    body = api(org.manager).get("/api/v1/forecast/", {"unit": org.east.pk, "period": "2026-Q4"}).json()
    assert body["weighted"] == "600.00" and body["target"] is None and body["attainment_pct"] is None


def test_person_and_unit_month_figures(org):
    make_target("2026-11", "1000", employee=org.rep)
    make_target("2026-11", "1000", employee=org.teammate)
    make_sale(org.rep, "500", date(2026, 11, 2))
    make_sale(org.teammate, "900", date(2026, 11, 2))
    _opportunity(org.rep, Stage.NEGOTIATION, "1000", date(2026, 11, 30))
    mine = selectors.person_month_figures(employee=org.rep, month=NOV)
    assert mine == {"target": Decimal("1000"), "actual": Decimal("500.00"), "attainment_pct": Decimal("50.00"),
                    "company_rank": 2, "weighted_forecast": Decimal("1300.00")}
    team = selectors.unit_month_figures(unit=org.east1, month=NOV)
    assert team["attainment_pct"] == Decimal("70.00") and team["company_rank"] == 1


# --- page --------------------------------------------------------------------------------------


def test_the_page_shows_the_tiles_and_a_table_per_chart(org, page):
    make_target("2026-11", "1000", employee=org.rep)
    response = page(org.sup1).get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "members-chart" in html and "trend-chart" in html and "vendor/chartjs/chart.umd.js" in html
    assert page(org.rep).get("/dashboard/").status_code == 403
    assert page(org.sup1).get("/dashboard/", {"unit": org.south.pk}).status_code == 404
    assert page(org.sup1).get("/dashboard/", {"month": "11-2026"}).status_code == 400


def test_query_count_does_not_grow_with_reps(org, api, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from targets.tests.factories import add_sales_org

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api(org.director).get("/api/v1/dashboard/", {"unit": org.company.pk, "month": "2026-11"}).status_code == 200
        return len(ctx.captured_queries)

    add_sales_org(org.company, regions=1, teams_per_region=1, reps_per_team=5, period="2026-11", tag="A")
    rebuild_facts(today=TODAY)
    count()  # warm the per-process caches (input limits)
    five = count()
    add_sales_org(org.company, regions=1, teams_per_region=5, reps_per_team=9, period="2026-11", tag="B")
    rebuild_facts(today=TODAY)
    print("dashboard queries", five)
    assert count() == five <= 20


def test_the_standings_from_the_facts_equal_the_attainment_tree(org):
    """Members, leaderboard and difficulty read from the facts give what `targets.selectors`
    computes from the source tables (its attainment rows and difficulty check)."""
    from performance.rules import competition_ranks
    from targets.selectors import attainment_rows, difficulty_check
    from teams.models import Role

    for rep, target, sold in ((org.rep, "1000", "999.99"), (org.teammate, "1000", "1000"),
                              (org.rep2, "2000", "300"), (org.rep3, None, "900")):
        if target:
            make_target("2026-11", target, employee=rep)
        make_sale(rep, sold, date(2026, 11, 2))
    make_sale(org.sup1, "50", date(2026, 11, 3))  # a non-rep with sales is a member, not rated
    rebuild_facts(today=TODAY)
    for unit in (org.company, org.east, org.east1):
        standing = selectors.unit_standings(unit=unit, month=NOV)
        rows = attainment_rows(user=org.director.user, unit=unit, period=NOV)
        expected = [(r.kind, r.id, r.target, r.actual, r.attainment) for r in rows if r.parent_unit_id == unit.pk]
        assert [(m["kind"], m["id"], m["target"], m["actual"], m["attainment"]) for m in standing["members"]] == expected
        check = difficulty_check(user=org.director.user, unit=unit, period=NOV, rows=rows)
        assert standing["difficulty"] == {"reps": check["reps_with_target"], "reached": check["reps_reached"],
                                          "share": check["share_reached"]}
        rated = {r.employee.pk: r.attainment for r in rows if r.kind == "employee" and r.employee.role == Role.REP}
        ranks = competition_ranks(rated)
        assert {row["employee"]: row["rank"] for row in standing["leaderboard"]} == {
            pk: rank for pk, rank in ranks.items() if rank is not None}


def test_complaint_rate_of_the_unit_and_each_member(org, api):
    """Complaints received in the month per 100 active customers (a contract in the trailing 12
    months), `customers.rules.complaint_rate`; no active customer → null."""
    from django.core.cache import cache

    from customers.tests.factories.complaints import ComplaintFactory
    from events.tests.factories import at

    cache.clear()
    for index in range(4):
        make_sale(org.rep, "100", date(2026, 6, 1 + index))  # four active customers of rep
    ComplaintFactory(customer=CustomerFactory(owner=org.rep), received_at=at("2026-11-10 09:00"))
    ComplaintFactory(customer=CustomerFactory(owner=org.rep), received_at=at("2026-10-31 23:00"))  # October
    ComplaintFactory(customer=CustomerFactory(owner=org.teammate), received_at=at("2026-11-11 09:00"))
    body = _get(api(org.sup1), "/api/v1/dashboard/", {"month": "2026-11"}).json()
    assert body["complaints"] == {"complaints": 2, "active_customers": 4, "rate": "50.00"}
    members = {row["employee"]: row for row in body["members"]}
    assert members[org.rep.pk]["complaint_rate"] == "25.00"
    assert members[org.teammate.pk]["complaint_rate"] is None  # no active customer
    region = _get(api(org.manager), "/api/v1/dashboard/", {"unit": org.east.pk, "month": "2026-11"}).json()
    assert {row["unit"]: row["complaint_rate"] for row in region["members"]}[org.east1.pk] == "50.00"


def test_upcoming_events_with_their_live_funnel(org, api, page):
    from events.models import Outcome
    from events.tests.factories import EventFactory, InvitationFactory, at

    event = EventFactory(org_unit=org.east1, title="Winter seminar", starts_at=at("2026-11-28 14:00"),
                         invitation_deadline=at("2026-11-27 12:00"))
    EventFactory(org_unit=org.south1, title="Elsewhere", starts_at=at("2026-11-28 14:00"))
    InvitationFactory(event=event, inviter=org.rep, outcome=Outcome.ACCEPTED)
    InvitationFactory(event=event, inviter=org.rep)
    body = _get(api(org.sup1), "/api/v1/dashboard/", {"month": "2026-11"}).json()
    assert [(e["title"], e["invited"], e["accepted"]) for e in body["events"]] == [("Winter seminar", 2, 1)]
    assert "Winter seminar" in page(org.sup1).get("/dashboard/").content.decode()

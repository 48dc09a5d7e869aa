from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.exceptions import ApplicationError, Conflict
from common.models import ClosedMonth
from common.periods import Period
from common.phrases import render
from performance.models import Scorecard, ScorecardStatus
from performance.services import manager_rating_set, scorecards_compute_drafts, scorecards_publish
from performance.tests.factories import MARCH, add_reps, give, kpi, rate
from teams.models import UnitKind
from teams.tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]



def card_of(employee, month=MARCH):
    return Scorecard.objects.get(employee=employee, month=month.start)


def test_rep_with_attainment_prospects_and_compliance_only_is_renormalised_over_65(org):
    give(org.rep, MARCH, target=100000, actual=80000)
    scorecards_compute_drafts(month=MARCH)
    card = card_of(org.rep)
    assert card.status == ScorecardStatus.DRAFT
    assert card.attainment_pct == D("80.00")
    assert kpi(card, "sales_attainment") | {"facts": None, "explanation": None} == {
        "code": "sales_attainment", "value": "80.00", "score": "80.00", "weight": 40, "has_data": True,
        "facts": None, "explanation": None,
    }
    assert kpi(card, "new_prospects")["score"] == "0.00"  # no customer created in March
    assert kpi(card, "followup_compliance")["score"] == "0.00"  # nothing logged
    for code in ("satisfaction", "collection_rate", "training", "manager_rating"):
        assert kpi(card, code)["has_data"] is False
    assert card.composite == D("49.23")  # (40 × 80 + 15 × 0 + 10 × 0) ÷ 65 = 49.230…
    assert "÷ 65" in render(card.explanation)
    assert "80.00" in render(kpi(card, "sales_attainment")["explanation"])
    assert card.inputs["target"] == "100000.00" and card.inputs["actual"] == "80000.00"
    assert card.scheme_version == 1 and card.flags == ["below_target"]


def test_rating_and_collection_join_the_composite(org):
    from customers.tests.factories import ContractFactory, PaymentFactory, ReceivableFactory

    give(org.rep, MARCH, target=100000, actual=100000)
    contract = ContractFactory(customer__owner=org.rep, owner=org.rep, signed_on=MARCH.start.replace(month=1))
    receivable = ReceivableFactory(contract=contract, due_on=MARCH.start.replace(day=20), amount=D("1000.00"))
    PaymentFactory(receivable=receivable, amount=D("750.00"), paid_on=MARCH.start.replace(day=25))
    rate(org.rep, MARCH, 90, by=org.sup1)
    scorecards_compute_drafts(month=MARCH)
    card = card_of(org.rep)
    assert kpi(card, "collection_rate")["score"] == "75.00"
    assert kpi(card, "manager_rating") | {"facts": None, "explanation": None} == {
        "code": "manager_rating", "value": "90", "score": "90.00", "weight": 5, "has_data": True,
        "facts": None, "explanation": None,
    }
    # (40 × 100 + 15 × 0 + 10 × 75 + 10 × 0 + 5 × 90) ÷ 80
    assert card.composite == D("65.00")
    assert card.flags == []


def test_team_and_company_ranks_use_competition_ranking(org):
    give(org.rep, MARCH, target=100000, actual=90000)
    give(org.teammate, MARCH, target=100000, actual=90000)
    give(org.rep2, MARCH, target=100000, actual=95000)
    give(org.rep3, MARCH, target=100000, actual=50000)
    scorecards_compute_drafts(month=MARCH)
    ranks = {c.employee_id: (c.team_rank, c.company_rank) for c in Scorecard.objects.filter(role="rep")}
    assert ranks[org.rep2.pk] == (1, 1)
    assert ranks[org.rep.pk] == (1, 2)
    assert ranks[org.teammate.pk] == (1, 2)
    assert ranks[org.rep3.pk] == (1, 4)


def test_supervisor_and_manager_are_scored_over_their_subtree(org):
    give(org.rep, MARCH, target=60000, actual=30000)
    give(org.teammate, MARCH, target=40000, actual=50000)
    give(org.rep2, MARCH, target=100000, actual=100000)
    scorecards_compute_drafts(month=MARCH)
    sup = card_of(org.sup1)
    assert sup.role == "supervisor" and sup.org_unit == org.east1
    assert sup.inputs["target"] == "100000.00" and sup.inputs["actual"] == "80000.00"
    assert sup.attainment_pct == D("80.00")
    codes = [k["code"] for k in sup.kpis]
    assert "training_compliance" in codes and "followup_compliance" not in codes
    # SPEC §4.1: no session held in the month → 0 (it was "no data" while no training app existed)
    assert kpi(sup, "training_compliance")["score"] == "0.00"
    assert kpi(sup, "new_prospects")["facts"]["goal"] == 10  # 5 per rep, 2 reps
    manager = card_of(org.manager)
    assert manager.inputs["target"] == "200000.00" and manager.inputs["actual"] == "180000.00"
    assert manager.attainment_pct == D("90.00")
    assert not Scorecard.objects.filter(employee__in=[org.hr, org.finance, org.director]).exists()
    assert sup.team_rank is None and sup.company_rank == 2  # East-2 at 100 % is first


def test_compute_is_idempotent(org):
    give(org.rep, MARCH, target=100000, actual=80000)
    first = {c.pk: (c.composite, c.kpis, c.computed_at, c.changes_since_last_draft)
             for c in scorecards_compute_drafts(month=MARCH)}
    with time_machine.travel("2026-04-11 09:00 +08:00", tick=False):
        second = {c.pk: (c.composite, c.kpis, c.computed_at, c.changes_since_last_draft)
                  for c in scorecards_compute_drafts(month=MARCH)}
    assert first == second
    assert Scorecard.objects.filter(month=MARCH.start).count() == len(first)


def test_regenerating_a_draft_records_what_changed(org):
    give(org.rep, MARCH, target=100000, actual=80000)
    scorecards_compute_drafts(month=MARCH)
    give(org.rep, MARCH, actual=10000)
    scorecards_compute_drafts(month=MARCH)
    card = card_of(org.rep)
    assert {"field": "composite", "old": "49.23", "new": "55.38"} in card.changes_since_last_draft
    assert {"field": "kpi.value", "code": "sales_attainment", "old": "80.00", "new": "90.00"} in card.changes_since_last_draft


def test_a_closed_month_is_refused(org):
    ClosedMonth.objects.create(month=MARCH.start)
    with pytest.raises(Conflict):
        scorecards_compute_drafts(month=MARCH)


def test_a_future_month_is_refused(org):
    with pytest.raises(ApplicationError) as error:
        scorecards_compute_drafts(month=Period(2026, month=5))
    assert error.value.field == "month"


def test_published_scorecards_never_change(org):
    give(org.rep, MARCH, target=100000, actual=80000)
    scorecards_compute_drafts(month=MARCH)
    assert scorecards_publish(month=MARCH) == Scorecard.objects.filter(month=MARCH.start).count()
    assert scorecards_publish(month=MARCH) == 0
    before = card_of(org.rep)
    give(org.rep, MARCH, actual=50000)
    scorecards_compute_drafts(month=MARCH)
    after = card_of(org.rep)
    assert (after.status, after.composite, after.kpis, after.computed_at) == (
        ScorecardStatus.PUBLISHED, before.composite, before.kpis, before.computed_at)
    with pytest.raises(Conflict):
        manager_rating_set(actor=org.sup1.user, employee=org.rep, month=MARCH, rating=80)
    ClosedMonth.objects.create(month=MARCH.start)
    with pytest.raises(Conflict):
        scorecards_compute_drafts(month=MARCH)


def test_stale_drafts_of_people_no_longer_scored_are_removed(org):
    give(org.rep, MARCH, target=100000, actual=80000)
    scorecards_compute_drafts(month=MARCH)
    org.rep.active = False
    org.rep.save()
    scorecards_compute_drafts(month=MARCH)
    assert not Scorecard.objects.filter(employee=org.rep).exists()


SCORECARD_WRITES = ('INSERT INTO "performance_scorecard"', 'UPDATE "performance_scorecard"')


def _split(captured) -> tuple[int, int]:
    """(reads and other statements, bulk writes of scorecard rows). SQLite caps a statement at 999
    parameters, so there a bulk write of many rows is cut into batches; PostgreSQL sends one."""
    writes = sum(1 for q in captured.captured_queries if q["sql"].startswith(SCORECARD_WRITES))
    return len(captured.captured_queries) - writes, writes


def _customers_of(person):
    """Every kind of customer fact a KPI reads: a customer with a follow-up and a survey in March,
    a contract with a receivable due in March and part of it paid."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from customers.tests.factories import (
        ContractFactory,
        CustomerFactory,
        FollowUpFactory,
        PaymentFactory,
        ReceivableFactory,
        SurveyFactory,
    )

    customer = CustomerFactory(owner=person)
    FollowUpFactory(customer=customer, author=person,
                    occurred_at=datetime(2026, 3, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    SurveyFactory(customer=customer, surveyed_on=date(2026, 3, 20), score=85)
    receivable = ReceivableFactory(contract=ContractFactory(customer=customer, signed_on=date(2026, 2, 10)),
                                   due_on=date(2026, 3, 12), amount=D("10000.00"))
    PaymentFactory(receivable=receivable, amount=D("4000.00"), paid_on=date(2026, 3, 12))


def _queries_for(reps: int):
    company = make_unit(f"Co{reps}", UnitKind.COMPANY)
    region = make_unit(f"Region{reps}", UnitKind.REGION, company)
    teams = [make_unit(f"Team{reps}-{i}", UnitKind.TEAM, region) for i in range(2)]
    people = add_reps(teams[0], reps // 2, prefix=f"A{reps}_") + add_reps(teams[1], reps - reps // 2, prefix=f"B{reps}_")
    for index, person in enumerate(people):
        give(person, MARCH, target=100000, actual=50000 + 1000 * index)
        rate(person, MARCH, 70)
        _customers_of(person)
    with CaptureQueriesContext(connection) as first:
        scorecards_compute_drafts(month=MARCH)
    give(people[0], MARCH, actual=1000)
    with CaptureQueriesContext(connection) as again:
        scorecards_compute_drafts(month=MARCH)
    return _split(first), _split(again)


def test_query_count_does_not_grow_with_the_number_of_reps(db):
    (small_reads, small_writes), (small_again, _) = _queries_for(5)
    Scorecard.objects.all().delete()
    (large_reads, large_writes), (large_again, _) = _queries_for(55)  # the 5 above are scored too
    assert small_reads == large_reads <= 25
    assert small_again == large_again
    assert small_writes == 1
    batch = 1 if connection.vendor == "postgresql" else 2
    assert large_writes <= batch


def test_satisfaction_and_new_prospects_come_from_customer_data(org):
    from datetime import date

    from customers.tests.factories import CustomerFactory, SurveyFactory

    give(org.rep, MARCH, target=100000, actual=100000)
    customer = CustomerFactory(owner=org.rep)
    SurveyFactory(customer=customer, owner=org.rep, surveyed_on=date(2026, 3, 10), score=70)
    SurveyFactory(customer=customer, owner=org.rep, surveyed_on=date(2026, 3, 20), score=85)
    with time_machine.travel("2026-03-05 10:00 +08:00", tick=False):
        for _ in range(3):
            CustomerFactory(owner=org.rep)
    scorecards_compute_drafts(month=MARCH)
    card = card_of(org.rep)
    assert kpi(card, "satisfaction")["score"] == "77.50"
    assert kpi(card, "new_prospects")["value"] == "3" and kpi(card, "new_prospects")["score"] == "60.00"
    assert card.flags == ["low_satisfaction"]


def test_followup_compliance_is_the_share_of_working_days_with_a_follow_up(org):
    """The customers selector answers a percentage; the score is that percentage (not × 100 again)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from common.calendar import working_days
    from customers.tests.factories import CustomerFactory, FollowUpFactory

    give(org.rep, MARCH, target=100000, actual=100000)
    days = working_days(MARCH.start, MARCH.end)
    assert len(days) == 22
    customer = CustomerFactory(owner=org.rep)
    for day in days[:11]:
        FollowUpFactory(customer=customer, author=org.rep,
                        occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=datetime(2026, 3, 2, 15, tzinfo=ZoneInfo("Asia/Shanghai")))
    scorecards_compute_drafts(month=MARCH)
    compliance = kpi(card_of(org.rep), "followup_compliance")
    assert (compliance["value"], compliance["score"]) == ("50.00", "50.00")
    assert render(compliance["explanation"]) == "Follow-ups logged on 50.00 % of the month's working days: score 50.00."
    assert kpi(card_of(org.teammate), "followup_compliance")["score"] == "0.00"


def test_every_rate_figure_names_its_unit():
    """Issue 10's rates convention: a figure that is a rate says in its name whether it is a
    percentage 0–100 (`_pct`) or a share 0–1 (`_share`), so nobody scales it twice."""
    from dataclasses import fields

    from performance.services.inputs import Figures

    rates = [f.name for f in fields(Figures) if "compliance" in f.name or "rate" in f.name and f.name != "rated_by"]
    assert rates and all(name.endswith(("_pct", "_share")) for name in rates)


def test_followup_compliance_from_the_selector_is_scored_as_the_percentage_it_is(org, monkeypatch):
    """The selector answers 63.64 (%): the score is 63.64 — not 6364 capped to 120, not 0.64."""
    from performance.services import inputs

    monkeypatch.setattr(inputs, "followup_compliance_by_employee",
                        lambda *, month, employees: {e.pk: D("63.64") for e in employees})
    give(org.rep, MARCH, target=100000, actual=100000)
    scorecards_compute_drafts(month=MARCH)
    compliance = kpi(card_of(org.rep), "followup_compliance")
    assert (compliance["value"], compliance["score"]) == ("63.64", "63.64")
    assert card_of(org.rep).inputs["followup_compliance_pct"] == "63.64"

"""A company's own KPI scheme built from the catalogue, through a full month close (SPEC §4.1,
issue 17): complaint rate, event attendance and average deal size read from the customers and
events apps, a KPI without data left out and the rest re-normalised; the reads stay constant."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.phrases import render
from customers.tests.factories import ComplaintFactory, ContractFactory, CustomerFactory
from events.models import EventStatus, InvitationQuota
from events.tests.factories import EventFactory, InvitationFactory, at
from incentives.services.close import month_close
from performance.models import Scorecard
from performance.services import kpi_scheme_save, scorecards_compute_drafts
from performance.tests.factories import MARCH, add_reps, give, kpi
from teams.models import UnitKind
from teams.tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

CATALOGUE_SCHEME = {"sales_attainment": 40, "complaint_rate": 20, "event_attendance": 20, "avg_deal_size": 20}


def held_event(unit, quotas: dict, brought: dict):
    """An event of `unit` held on 20 March; `quotas` and `brought` per rep."""
    event = EventFactory(org_unit=unit, starts_at=at("2026-03-20 14:00"), status=EventStatus.HELD)
    for rep, quota in quotas.items():
        InvitationQuota.objects.create(event=event, employee=rep, quota=quota)
    for rep, count in brought.items():
        for _ in range(count):
            InvitationFactory(event=event, inviter=rep, checked_in_at=at("2026-03-20 14:05"))
    return event


@pytest.fixture
def custom_scheme(org):
    kpi_scheme_save(role="rep", weights=CATALOGUE_SCHEME, complaint_limit="10", reference_deal_amount="100000")
    kpi_scheme_save(role="supervisor", weights=CATALOGUE_SCHEME, complaint_limit="10", reference_deal_amount="100000")
    return org


def test_a_catalogue_scheme_through_a_month_close_renormalises_a_kpi_without_data(custom_scheme):
    org = custom_scheme
    give(org.rep, MARCH, target=100000, actual=80000)  # one contract of 80,000: 1 active customer
    give(org.teammate, MARCH, target=100000, actual=120000)
    held_event(org.east1, quotas={org.teammate: 5}, brought={org.teammate: 4})
    month_close(month=MARCH)

    rep = Scorecard.objects.get(employee=org.rep, month=MARCH.start)
    assert rep.scheme.version == 2
    assert [k["code"] for k in rep.kpis] == ["sales_attainment", "complaint_rate", "event_attendance", "avg_deal_size"]
    assert kpi(rep, "complaint_rate")["score"] == "100.00"  # no complaint among 1 active customer
    assert kpi(rep, "avg_deal_size")["score"] == "80.00"
    assert kpi(rep, "event_attendance")["has_data"] is False  # no quota: left out
    assert rep.composite == D("85.00")  # (40 × 80 + 20 × 100 + 20 × 80) ÷ 80
    assert render(kpi(rep, "event_attendance")["explanation"]) == (
        "Left out: no invitation quota at an event held in the month; the other KPIs are re-normalised.")

    teammate = Scorecard.objects.get(employee=org.teammate, month=MARCH.start)
    assert kpi(teammate, "event_attendance")["score"] == "80.00"
    assert kpi(teammate, "avg_deal_size")["score"] == "120.00"  # 120,000 on a 100,000 reference: capped
    assert teammate.composite == D("108.00")  # (40 × 120 + 20 × 100 + 20 × 80 + 20 × 120) ÷ 100


def test_a_complaint_in_the_month_lowers_the_complaint_kpi(custom_scheme):
    org = custom_scheme
    customers = [CustomerFactory(owner=org.rep) for _ in range(20)]
    for customer in customers:
        ContractFactory(customer=customer, owner=org.rep, signed_on=date(2025, 6, 1), amount=D("1000"))
    ComplaintFactory(customer=customers[0], received_at=at("2026-03-09 10:00"))
    ComplaintFactory(customer=customers[1], received_at=at("2026-04-01 10:00"))  # April's
    scorecards_compute_drafts(month=MARCH)
    complaint = kpi(Scorecard.objects.get(employee=org.rep), "complaint_rate")
    assert (complaint["value"], complaint["score"]) == ("5.00", "50.00")  # 1 per 20 = 5 per 100, limit 10


def test_a_supervisors_catalogue_kpis_roll_up_over_the_team(custom_scheme):
    org = custom_scheme
    give(org.rep, MARCH, actual=60000)
    give(org.teammate, MARCH, actual=100000)
    held_event(org.east1, quotas={org.rep: 5, org.teammate: 5}, brought={org.rep: 2, org.teammate: 7})
    scorecards_compute_drafts(month=MARCH)
    sup = Scorecard.objects.get(employee=org.sup1)
    assert kpi(sup, "event_attendance")["facts"] == {"brought": 9, "quota": 10}
    assert kpi(sup, "event_attendance")["score"] == "90.00"
    assert kpi(sup, "avg_deal_size")["value"] == "80000.00" and kpi(sup, "avg_deal_size")["facts"]["contracts"] == 2


def _reads_for(reps: int, tag: str) -> int:
    company = make_unit(f"Co{tag}", UnitKind.COMPANY)
    team = make_unit(f"Team{tag}", UnitKind.TEAM, make_unit(f"Region{tag}", UnitKind.REGION, company))
    people = add_reps(team, reps, prefix=tag)
    event = held_event(team, quotas={p: 2 for p in people}, brought={})
    for person in people:
        give(person, MARCH, target=100000, actual=50000)
        InvitationFactory(event=event, inviter=person, checked_in_at=at("2026-03-20 14:05"))
        ComplaintFactory(customer=CustomerFactory(owner=person), received_at=at("2026-03-09 10:00"))
    Scorecard.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        scorecards_compute_drafts(month=MARCH)
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith(("INSERT", "UPDATE")))


def test_reads_are_the_same_for_5_and_50_reps_with_the_catalogue_kpis_on(custom_scheme):
    assert _reads_for(5, "PF") == _reads_for(50, "PG")
    assert kpi(Scorecard.objects.filter(employee__number__startswith="PG").first(), "event_attendance")["score"] == "50.00"

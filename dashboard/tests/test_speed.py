"""A rough timing of the company dashboard at 1,000 reps (100 teams, 50,000 contracts, 10,000 open
opportunities, 12 months of targets), not a budget assertion (that is `make bench`'s): run with
`DASHBOARD_SPEED=1` (on PostgreSQL) to print p50/p95 and the query count."""

import os
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(os.environ.get("DASHBOARD_SPEED") != "1", reason="timing run: DASHBOARD_SPEED=1"),
]


def test_company_dashboard_timing(org, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common.periods import Period
    from customers.models import Contract, Customer, Opportunity, Stage
    from dashboard.facts import rebuild_facts
    from targets.models import SalesTarget
    from targets.tests.factories import add_sales_org
    from teams.models import Employee, Role

    today = date.today()
    add_sales_org(org.company, regions=10, teams_per_region=10, reps_per_team=10, period=str(Period.of_month(today)))
    reps = list(Employee.objects.filter(role=Role.REP))
    rng = random.Random(1)
    customers = Customer.objects.bulk_create([
        Customer(name=f"C{i}", owner=rep, created_by=rep) for i, rep in enumerate(reps * 5)
    ])
    months = [Period.of_month(date(today.year, m, 1)) for m in range(1, today.month + 1)]
    SalesTarget.objects.bulk_create([
        SalesTarget(**SalesTarget.period_fields(m), employee=rep, amount=Decimal(10000))
        for m in months[:-1] for rep in reps
    ])
    Contract.objects.bulk_create([
        Contract(number=f"N{i}", customer=c, owner=c.owner, amount=Decimal(rng.randint(1000, 20000)),
                 signed_on=today - timedelta(days=rng.randint(0, 330)), start_on=today, end_on=today + timedelta(days=365),
                 delivery_due_on=today)
        for i, c in enumerate(customers * 10)
    ], batch_size=5000)
    Opportunity.objects.bulk_create([
        Opportunity(customer=c, owner=c.owner, name="o", amount=Decimal(5000), stage=rng.choice(
            [Stage.LEAD, Stage.CONTACTED, Stage.PROPOSAL, Stage.NEGOTIATION]),
            expected_close_on=today + timedelta(days=rng.randint(-20, 20)))
        for c in customers * 2
    ], batch_size=5000)
    started = time.perf_counter()
    rows = rebuild_facts()
    print(f"\nrebuild_facts: {rows} rows in {time.perf_counter() - started:.1f} s")
    client = api(org.director)
    client.get("/api/v1/dashboard/", {"unit": org.company.pk})
    times = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            assert client.get("/api/v1/dashboard/", {"unit": org.company.pk}).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    if os.environ.get("DASHBOARD_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        client.get("/api/v1/dashboard/", {"unit": org.company.pk})
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    print(f"company dashboard API: p50 {statistics.median(times):.0f} ms, p95 {times[18]:.0f} ms, "
          f"{len(ctx.captured_queries)} queries")

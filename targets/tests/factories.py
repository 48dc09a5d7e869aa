"""Factories for targets. `make_target` writes a row directly (no rights, no audit) for tests."""

from decimal import Decimal

from common.periods import Period
from targets.models import SalesTarget


def make_target(period: str, amount, *, employee=None, org_unit=None, product_line: str = "") -> SalesTarget:
    return SalesTarget.objects.create(
        **SalesTarget.period_fields(Period.parse(period)), employee=employee, org_unit=org_unit,
        amount=Decimal(str(amount)), product_line=product_line,
    )


def make_sale(owner, amount, signed_on):
    """A contract owned by `owner` signed on `signed_on` (actual sales)."""
    from customers.tests.factories_pipeline import ContractFactory

    return ContractFactory(customer__owner=owner, owner=owner, amount=Decimal(str(amount)), signed_on=signed_on)


def add_sales_org(company, *, regions: int, teams_per_region: int, reps_per_team: int, period: str = "2026-03",
                  tag: str = "G"):
    """A generated sales org under `company` in bulk (a few queries per unit, none per rep):
    `regions` regions of `teams_per_region` teams of `reps_per_team` reps, each rep with a target
    for `period`. Returns the teams."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from teams.models import Employee, Role, UnitKind
    from teams.tests.factories import make_unit

    teams = []
    for r in range(regions):
        region = make_unit(f"{tag}-Region {r}", UnitKind.REGION, company)
        teams += [make_unit(f"{tag}-Team {r}.{t}", UnitKind.TEAM, region) for t in range(teams_per_region)]
    names = [f"{tag.lower()}{t}-{i}" for t in range(len(teams)) for i in range(reps_per_team)]
    users = get_user_model().objects.bulk_create([get_user_model()(username=name) for name in names])
    reps = Employee.objects.bulk_create([
        Employee(user=user, number=f"{tag}{index:06d}", name=f"Rep {user.username}", role=Role.REP,
                 org_unit=teams[index // reps_per_team], hire_date=date(2024, 1, 1))
        for index, user in enumerate(users)
    ])
    fields = SalesTarget.period_fields(Period.parse(period))
    SalesTarget.objects.bulk_create([
        SalesTarget(**fields, employee=rep, amount=Decimal(1000 + index)) for index, rep in enumerate(reps)
    ])
    return teams

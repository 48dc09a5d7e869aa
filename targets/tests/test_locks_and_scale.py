import math
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from common.exceptions import Conflict
from common.models import ClosedMonth
from common.periods import Period
from targets import services
from targets.models import SalesTarget, TargetChange
from targets.tests.factories import make_target
from teams.models import Employee, Role, UnitKind
from teams.tests.factories import make_unit

MARCH = Period(2026, month=3)


def test_closed_month_target_cannot_change(org):
    target = services.sales_target_set(actor=org.sup1.user, period=MARCH, amount="100.00", employee=org.rep)
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    with pytest.raises(Conflict):
        services.sales_target_change(actor=org.sup1.user, target=target, amount="200.00", reason="Late deal")
    with pytest.raises(Conflict):  # a new target in a closed month is a change too
        services.sales_target_set(actor=org.sup1.user, period=MARCH, amount="100.00", employee=org.teammate)
    with pytest.raises(Conflict):  # the quarter and the year touch the closed month
        services.sales_target_set(actor=org.sup1.user, period=Period.parse("2026-Q1"), amount="1.00",
                                  employee=org.rep)
    target.refresh_from_db()
    assert target.amount == Decimal("100.00") and TargetChange.objects.count() == 1
    services.sales_target_set(actor=org.sup1.user, period=Period.parse("2026-04"), amount="1.00", employee=org.rep)


def test_decomposition_touching_closed_month_saves_nothing(org):
    year = Period.parse("2026")
    make_target("2026", "1200.00", org_unit=org.east1)
    services.target_decompose(actor=org.director.user, period=year, org_unit=org.east1, method="equal",
                              into="months")
    ClosedMonth.objects.create(month=date(2026, 1, 1))
    before = SalesTarget.objects.count()
    with pytest.raises(Conflict):
        services.target_decompose(actor=org.sup1.user, period=year, org_unit=org.east1, method="equal")
    assert SalesTarget.objects.count() == before


def _reps(team, count, start):
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bulk{start + i}") for i in range(count)])
    return Employee.objects.bulk_create([
        Employee(user=user, number=f"X{start + i:05d}", name=f"Rep {start + i}", role=Role.REP, org_unit=team,
                 hire_date=date(2025 if i % 3 else 2020, 1 + i % 12, 1))
        for i, user in enumerate(users)])


def test_year_for_1000_reps_over_12_months_uses_bulk_writes(org, django_assert_max_num_queries):
    region = make_unit("Big", UnitKind.REGION, org.company)
    for team_index in range(10):
        _reps(make_unit(f"Big-{team_index}", UnitKind.TEAM, region), 100, team_index * 100)
    year = Period.parse("2026")
    make_target("2026", "120000000.00", org_unit=region)
    services.target_decompose(actor=org.director.user, period=year, org_unit=region, method="profile", into="months")
    targets_written = (1000 + 10) * 17  # year + 4 quarters + 12 months per rep and team
    target_batch = connection.ops.bulk_batch_size([f.name for f in SalesTarget._meta.concrete_fields], [None] * 9999)
    change_batch = connection.ops.bulk_batch_size([f.name for f in TargetChange._meta.concrete_fields], [None] * 9999)
    bound = 20 + math.ceil(targets_written / min(target_batch, 1000)) + math.ceil(targets_written / min(change_batch, 1000))
    with django_assert_max_num_queries(bound):
        services.target_decompose(actor=org.director.user, period=year, org_unit=region, method="equal", cascade=True)
    assert bound < targets_written / 20
    reps = SalesTarget.objects.filter(employee__org_unit__parent=region)
    assert reps.count() == 1000 * 17
    assert sum(reps.filter(period="2026").values_list("amount", flat=True)) == Decimal("120000000.00")
    assert sum(reps.filter(period="2026-02").values_list("amount", flat=True)) == \
        SalesTarget.objects.get(org_unit=region, period="2026-02").amount


def test_concurrent_creation_answers_409(org, monkeypatch):
    from targets.services import writes

    real = writes.existing_targets

    def stale_read(*args, **kwargs):  # as if another request inserted the row after our read
        result = real(*args, **kwargs)
        make_target("2026-03", "5.00", employee=org.rep)
        return result

    monkeypatch.setattr(writes, "existing_targets", stale_read)
    with pytest.raises(Conflict):
        services.sales_target_set(actor=org.sup1.user, period=MARCH, amount="100.00", employee=org.rep)

import random
from datetime import date
from decimal import Decimal

from portal.demo import DemoContext
from targets import demo
from targets.models import SalesTarget, TargetChange


def test_demo_pushes_year_down_to_every_rep_and_month(org):
    ctx = DemoContext(size="small", seed=7, today=date(2026, 5, 10), rng=random.Random(7),
                      data={"company": org.company, "monthly_sales_base": {org.rep.pk: Decimal(100000)}})
    demo.seed(ctx)
    company_year = SalesTarget.objects.get(org_unit=org.company, period="2026").amount
    reps = SalesTarget.objects.filter(employee__role="rep", period="2026")
    assert reps.count() == 4 and sum(reps.values_list("amount", flat=True)) == company_year
    for rep in (org.rep, org.teammate, org.rep2, org.rep3):
        assert SalesTarget.objects.filter(employee=rep, year=2026).count() == 17
        assert SalesTarget.objects.filter(employee=rep, year=2025).count() == 17
    adjustments = TargetChange.objects.exclude(reason="")
    assert adjustments.count() == len(demo.ADJUSTMENT_REASONS)
    assert all(change.changed_by.username == "director" for change in adjustments)

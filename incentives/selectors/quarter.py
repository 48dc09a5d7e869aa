"""The figures the named quarterly awards read (SPEC §5.9), for every rep at once in a fixed
number of queries: quarter sales and target, the customers whose first ever contract each rep
signed in the quarter, the quarter's surveys of their customers, and the complaints against
their customers still unresolved at quarter end (customers' selector, §16)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Subquery, Sum
from django.utils import timezone

from common.money import ZERO, to_money
from common.periods import Period
from incentives.rules.awards import QuarterFigures


def quarter_of(month: Period) -> Period | None:
    """The quarter that `month` ends (March, June, September, December), else None."""
    if month.month % 3:
        return None
    return Period(month.year, quarter=month.month // 3)


def quarter_end_moment(quarter: Period) -> datetime:
    """The first instant after the quarter (complaints resolved before it count as resolved)."""
    return timezone.make_aware(datetime.combine(quarter.end + timedelta(days=1), time.min))


def quarter_targets(*, quarter: Period, employee_ids: list[int]) -> dict[int, Decimal]:
    """A rep's quarter target: their own target for the quarter when set, else the sum of their
    month targets in it. Four queries."""
    from targets.selectors import employee_targets

    own = employee_targets(period=quarter, employee_ids=employee_ids)
    summed: dict[int, Decimal] = {}
    for month in quarter.months():
        for employee_id, amount in employee_targets(period=month, employee_ids=employee_ids).items():
            summed[employee_id] = summed.get(employee_id, ZERO) + amount
    return {**summed, **own}


def first_contracts_in(*, quarter: Period, employee_ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """Per rep: (how many customers' first ever contract they signed in the quarter, the sum of
    those first contracts). One query."""
    from customers.models import Contract

    first_of_customer = (Contract.objects.filter(customer_id=OuterRef("customer_id"))
                         .order_by("signed_on", "id").values("id")[:1])
    rows = (Contract.objects.filter(signed_on__gte=quarter.start, signed_on__lte=quarter.end, owner_id__in=employee_ids)
            .annotate(first_id=Subquery(first_of_customer)).filter(id=F("first_id"))
            .values("owner_id").annotate(customers=Count("customer_id", distinct=True), sales=Sum("amount")).order_by())
    return {row["owner_id"]: (row["customers"], to_money(row["sales"])) for row in rows}


def surveys_in(*, quarter: Period, employee_ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """Per rep (the customer's owner on the survey date): (surveys in the quarter, mean score). One query."""
    from customers.models import SatisfactionSurvey

    rows = (SatisfactionSurvey.objects.filter(surveyed_on__gte=quarter.start, surveyed_on__lte=quarter.end,
                                              owner_id__in=employee_ids)
            .values("owner_id").annotate(count=Count("id"), mean=Avg("score")).order_by())
    return {row["owner_id"]: (row["count"], Decimal(str(row["mean"])).quantize(Decimal("0.01"))) for row in rows}


def quarter_award_figures(*, quarter: Period, employee_ids: Iterable[int]) -> list[QuarterFigures]:
    """Every rep's quarter figures (the awards' inputs). About ten queries, whatever the head count."""
    from customers import selectors as customer_selectors
    from targets.selectors import actual_sales

    employee_ids = list(employee_ids)
    actuals = actual_sales(period=quarter, employee_ids=employee_ids)
    targets = quarter_targets(quarter=quarter, employee_ids=employee_ids)
    firsts = first_contracts_in(quarter=quarter, employee_ids=employee_ids)
    surveys = surveys_in(quarter=quarter, employee_ids=employee_ids)
    unresolved = customer_selectors.unresolved_complaint_counts(at=quarter_end_moment(quarter))
    figures = []
    for employee_id in employee_ids:
        new_customers, new_sales = firsts.get(employee_id, (0, ZERO))
        survey_count, survey_mean = surveys.get(employee_id, (0, None))
        figures.append(QuarterFigures(
            employee_id=employee_id, actual=actuals.get(employee_id, ZERO), target=targets.get(employee_id),
            new_customers=new_customers, new_customer_sales=new_sales, survey_count=survey_count,
            survey_mean=survey_mean, unresolved_complaints=unresolved.get(employee_id, 0)))
    return figures

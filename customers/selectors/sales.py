"""Sales numbers other apps reuse (targets' actuals, scorecards, bonuses, dashboards).

Every function here is set-based: a fixed number of queries (one, or two for collection)
whatever the number of employees, returning plain dicts keyed by employee id. Employees with
nothing in the period are absent from the dicts (callers treat absent as zero / no data).
The functions are deliberately *not* scoped by a user: they compute facts for the employee ids
the caller already selected through `visible_to(user)` (a dashboard) or for everyone (the
month-close job)."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth

from common.money import ZERO, percent, to_money
from common.periods import Period
from customers.models import Contract, Opportunity, Payment, Receivable, Stage


def _for_employees(queryset: QuerySet, lookup: str, employee_ids: Iterable[int] | None) -> QuerySet:
    if employee_ids is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": list(employee_ids)})


def actual_sales_by_employee(
    *, start: date, end: date, employee_ids: Iterable[int] | None = None
) -> dict[int, Decimal]:
    """Actual sales (SPEC §2.6): the sum of the amounts of the contracts each employee owns with
    `signed_on` in [start, end], both days inclusive. One query."""
    rows = (
        _for_employees(Contract.objects.filter(signed_on__gte=start, signed_on__lte=end), "owner_id", employee_ids)
        .values("owner_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["owner_id"]: to_money(row["total"]) for row in rows}


def actual_sales_by_employee_month(
    *, start: date, end: date, employee_ids: Iterable[int] | None = None
) -> dict[tuple[int, date], Decimal]:
    """Actual sales per (employee id, first day of the month) for contracts signed in
    [start, end] inclusive (for 12-month charts and per-month attainment). One query."""
    rows = (
        _for_employees(Contract.objects.filter(signed_on__gte=start, signed_on__lte=end), "owner_id", employee_ids)
        .annotate(month=TruncMonth("signed_on"))
        .values("owner_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    result = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime):
            month = month.date()
        result[(row["owner_id"], month.replace(day=1))] = to_money(row["total"])
    return result


def collection_by_employee(
    *, month: Period, employee_ids: Iterable[int] | None = None
) -> dict[int, tuple[Decimal, Decimal]]:
    """Collection (SPEC §2.6) per contract owner: (received, due) where `due` is the amount of the
    receivables due in the month and `received` the payments on those receivables paid on or
    before the month's last day. Owners with nothing due in the month are absent. Two queries."""
    due_in_month = Receivable.objects.filter(due_on__gte=month.start, due_on__lte=month.end)
    due_rows = (
        _for_employees(due_in_month, "contract__owner_id", employee_ids)
        .values("contract__owner_id")
        .annotate(due=Sum("amount"))
        .order_by()
    )
    received_rows = (
        _for_employees(
            Payment.objects.filter(
                receivable__due_on__gte=month.start, receivable__due_on__lte=month.end, paid_on__lte=month.end
            ),
            "receivable__contract__owner_id",
            employee_ids,
        )
        .values("receivable__contract__owner_id")
        .annotate(received=Sum("amount"))
        .order_by()
    )
    received = {row["receivable__contract__owner_id"]: to_money(row["received"]) for row in received_rows}
    return {
        row["contract__owner_id"]: (received.get(row["contract__owner_id"], ZERO), to_money(row["due"]))
        for row in due_rows
    }


def collection_pct(received: Decimal, due: Decimal) -> Decimal | None:
    """received ÷ due as a percentage with 2 decimals ("75.50" means 75.5 %); None when nothing
    was due (no data — the scorecard leaves the KPI out)."""
    return percent(received, due)


def conversion_by_employee(
    *, start: date, end: date, employee_ids: Iterable[int] | None = None
) -> dict[int, tuple[int, int]]:
    """(won, closed) per opportunity owner for opportunities closed (won or lost) with `closed_on`
    in [start, end] inclusive (SPEC §2.5). One query."""
    rows = (
        _for_employees(
            Opportunity.objects.filter(
                stage__in=[Stage.WON, Stage.LOST], closed_on__gte=start, closed_on__lte=end
            ),
            "owner_id",
            employee_ids,
        )
        .values("owner_id")
        .annotate(won=Count("id", filter=Q(stage=Stage.WON)), closed=Count("id"))
        .order_by()
    )
    return {row["owner_id"]: (row["won"], row["closed"]) for row in rows}


def conversion_pct(won: int, closed: int) -> Decimal | None:
    """won ÷ closed as a percentage with 2 decimals; None when nothing closed."""
    return percent(won, closed)


def renewal_by_employee(
    *, start: date, end: date, employee_ids: Iterable[int] | None = None
) -> dict[int, tuple[int, int]]:
    """(renewed, ending) per contract owner for contracts with `end_on` in [start, end] inclusive;
    renewed = some contract `renews` it (SPEC §2.6). One query."""
    rows = (
        _for_employees(Contract.objects.filter(end_on__gte=start, end_on__lte=end), "owner_id", employee_ids)
        .values("owner_id")
        .annotate(
            ending=Count("id", distinct=True),
            renewed=Count("id", filter=Q(renewals__isnull=False), distinct=True),
        )
        .order_by()
    )
    return {row["owner_id"]: (row["renewed"], row["ending"]) for row in rows}


def renewal_pct(renewed: int, ending: int) -> Decimal | None:
    """renewed ÷ ending as a percentage with 2 decimals; None when no contract ended."""
    return percent(renewed, ending)


def first_contracts(*, employee_ids: Iterable[int] | None = None) -> dict[int, Contract]:
    """Each owner's first ever signed contract (earliest `signed_on`, then lowest id), for the
    first-order bonus. One query."""
    first_of_owner = (
        Contract.objects.filter(owner_id=OuterRef("owner_id")).order_by("signed_on", "id").values("pk")[:1]
    )
    contracts = _for_employees(Contract.objects.all(), "owner_id", employee_ids).filter(
        pk=Subquery(first_of_owner)
    )
    return {contract.owner_id: contract for contract in contracts}


def renewal_contracts_signed(*, start: date, end: date) -> QuerySet:
    """Contracts that renew another one (`renews` set), signed in [start, end] inclusive, for the
    retention bonus. Each row carries `renewed_customer_tier` (the tier of the renewed contract's
    customer, today) and has owner, customer and renews loaded. One query when iterated."""
    return (
        Contract.objects.filter(renews__isnull=False, signed_on__gte=start, signed_on__lte=end)
        .select_related("owner", "customer", "renews")
        .annotate(renewed_customer_tier=F("renews__customer__tier"))
        .order_by("signed_on", "id")
    )

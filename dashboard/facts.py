"""The per-person-per-month facts table (`MonthFacts`): computing it, writing it, checking it.

Design (issue 12 item 5): the dashboard's tiles and its 12-month trend are sums over a unit's people
and 13 months; summing the raw rows (contracts, receivables, follow-ups, …) on every request grows
with the company, so they are summed once per (person, month) here and a request sums at most
13 × people small rows in one indexed query. The figures come from the same selectors the
scorecards use (no rule is written twice): actual sales as `targets.selectors.actual_sales_by_month`
(published figures of a closed month), the month's own target, conversion, collection, renewal,
new prospects and follow-up compliance from `customers.selectors`.

Freshness: `dashboard.signals` records which (person, month) rows a committed write touches and
recomputes only those after the commit. Bulk writes (`bulk_create`, `update()`, the demo seeding,
imports that bypass `save()`) send no signal: they must call `rebuild_facts(...)` (or
`refresh_facts(...)`) themselves; the nightly job (`dashboard.rebuild_facts`) rebuilds the running
and the previous month anyway, which also moves the running month's follow-up compliance on as the
working days pass."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.periods import Period, add_months
from customers.selectors.customers import followup_compliance_by_employee, new_prospects_by_employee
from customers.selectors.sales import collection_by_employee, conversion_by_employee, renewal_by_employee
from dashboard.models import MonthFacts, UnitMonthTarget
from targets.selectors import actual_sales_by_month, employee_targets, unit_targets
from teams.models import Employee, Role
from teams.rules import employed_during

FIELDS = (
    "is_rep", "actual", "target", "won", "closed", "due", "received", "ending", "renewed",
    "new_prospects", "followup_compliance_pct",
)


def compute_facts(*, month: Period, employee_ids: Iterable[int] | None = None,
                  today: date | None = None) -> dict[int, dict]:
    """{employee id: {field: value}} of `month` for the given people (default: everyone employed in
    the month or with a figure in it). About ten queries whatever the number of people."""
    today = today or timezone.localdate()
    wanted = None if employee_ids is None else list(employee_ids)
    people = Employee.objects.all() if wanted is None else Employee.objects.filter(pk__in=wanted)
    people = list(people.only("id", "role", "hire_date", "left_on", "active"))
    actual = {
        employee_id: amount
        for (employee_id, _first), amount in actual_sales_by_month(
            start=month.start, end=month.end, employee_ids=wanted
        ).items()
    }
    targets = employee_targets(period=month, employee_ids=wanted)
    conversion = conversion_by_employee(start=month.start, end=month.end, employee_ids=wanted)
    collection = collection_by_employee(month=month, employee_ids=wanted)
    renewal = renewal_by_employee(start=month.start, end=month.end, employee_ids=wanted)
    prospects = new_prospects_by_employee(month=month, employee_ids=wanted)
    reps = [p for p in people if p.role == Role.REP and employed_during(p, month.start, month.end)]
    compliance = (
        followup_compliance_by_employee(month=month, employees=reps, until=today)
        if reps and month.start <= today else {}
    )
    rep_ids = {p.pk for p in reps}
    known = {p.pk for p in people}
    result = {}
    for person in people:
        pk = person.pk
        has_data = any(pk in source for source in (actual, targets, conversion, collection, renewal, prospects))
        if pk not in rep_ids and not has_data and not employed_during(person, month.start, month.end):
            continue
        won, closed = conversion.get(pk, (0, 0))
        received, due = collection.get(pk, (None, None))
        renewed, ending = renewal.get(pk, (0, 0))
        result[pk] = {
            "is_rep": pk in rep_ids, "actual": actual.get(pk, Decimal("0.00")), "target": targets.get(pk),
            "won": won, "closed": closed, "due": due, "received": received, "ending": ending,
            "renewed": renewed, "new_prospects": prospects.get(pk, 0),
            "followup_compliance_pct": compliance.get(pk),
        }
    return {pk: row for pk, row in result.items() if pk in known}


def stored_facts(*, month: Period, employee_ids: Iterable[int] | None = None) -> dict[int, dict]:
    rows = MonthFacts.objects.filter(month=month.start)
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    return {row["employee_id"]: {f: row[f] for f in FIELDS} for row in rows.values("employee_id", *FIELDS)}


@transaction.atomic
def write_facts(*, month: Period, employee_ids: Iterable[int] | None = None, today: date | None = None) -> int:
    """Recompute and replace the month's rows of the given people (everyone by default). Returns
    how many rows the month now holds for them."""
    wanted = None if employee_ids is None else list(employee_ids)
    computed = compute_facts(month=month, employee_ids=wanted, today=today)
    old = MonthFacts.objects.filter(month=month.start)
    if wanted is not None:
        old = old.filter(employee_id__in=wanted)
    old.delete()
    MonthFacts.objects.bulk_create(
        [MonthFacts(employee_id=pk, month=month.start, **row) for pk, row in computed.items()], batch_size=1000
    )
    return len(computed)


def compute_unit_targets(*, month: Period) -> dict[int, Decimal]:
    """{unit id: target} of the month for every unit (`targets.selectors.unit_targets`). Three queries."""
    return unit_targets(period=month)


def stored_unit_targets(*, month: Period) -> dict[int, Decimal]:
    return dict(UnitMonthTarget.objects.filter(month=month.start).values_list("org_unit_id", "target"))


@transaction.atomic
def write_unit_targets(*, month: Period) -> int:
    computed = compute_unit_targets(month=month)
    UnitMonthTarget.objects.filter(month=month.start).delete()
    UnitMonthTarget.objects.bulk_create(
        [UnitMonthTarget(org_unit_id=pk, month=month.start, target=amount) for pk, amount in computed.items()]
    )
    return len(computed)


def facts_months(*, today: date | None = None) -> list[Period]:
    """The months the table covers: from the first month with a contract, target or follow-up
    (at most 36 months back) to the running month."""
    from customers.models import Contract
    from targets.models import SalesTarget

    today = today or timezone.localdate()
    firsts = [
        Contract.objects.order_by("signed_on").values_list("signed_on", flat=True).first(),
        SalesTarget.objects.filter(period_kind="month").order_by("start").values_list("start", flat=True).first(),
    ]
    first = min([d for d in firsts if d is not None], default=today)
    first = max(first, add_months(today.replace(day=1), -35))
    months, day = [], first.replace(day=1)
    while day <= today:
        months.append(Period.of_month(day))
        day = add_months(day, 1)
    return months


def rebuild_facts(*, months: Iterable[Period] | None = None, today: date | None = None) -> int:
    """Rebuild the whole table (or the given months) from the source tables. Returns the rows written."""
    months = list(months) if months is not None else facts_months(today=today)
    return sum(write_facts(month=month, today=today) + write_unit_targets(month=month) for month in months)


def facts_drift(*, months: Iterable[Period] | None = None, today: date | None = None) -> list[tuple]:
    """Where the table differs from a recomputation: [(month, employee id, stored, computed)]."""
    months = list(months) if months is not None else facts_months(today=today)
    drift = []
    for month in months:
        computed, stored = compute_facts(month=month, today=today), stored_facts(month=month)
        for pk in sorted(set(computed) | set(stored)):
            if computed.get(pk) != stored.get(pk):
                drift.append((month, pk, stored.get(pk), computed.get(pk)))
        computed, stored = compute_unit_targets(month=month), stored_unit_targets(month=month)
        for pk in sorted(set(computed) | set(stored)):
            if computed.get(pk) != stored.get(pk):
                drift.append((month, f"unit {pk} target", stored.get(pk), computed.get(pk)))
    return drift


def refresh_facts(keys: Iterable[tuple[int, date]], *, today: date | None = None) -> None:
    """Recompute the (employee id, first day of the month) rows given (after a write)."""
    by_month: dict[date, set[int]] = {}
    for employee_id, first_day in keys:
        if employee_id is not None and first_day is not None:
            by_month.setdefault(first_day.replace(day=1), set()).add(employee_id)
    for first_day, ids in sorted(by_month.items()):
        write_facts(month=Period.of_month(first_day), employee_ids=ids, today=today)


def refresh_unit_targets(months: Iterable[date]) -> None:
    """Recompute every unit's target of the months given (after a target or a move changed)."""
    for first_day in sorted({m.replace(day=1) for m in months if m is not None}):
        write_unit_targets(month=Period.of_month(first_day))

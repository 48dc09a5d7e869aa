"""Reads of targets and attainment (SPEC §3.4). Everything here is set-based: a fixed number of
queries whatever the number of units and people (the dashboards, scorecards and bonus sheet call
these for whole subtrees).

Conventions: amounts are `Decimal` with 2 places; `attainment` is a percentage (0–100 scale) with
2 decimals (`targets.rules.attainment_pct`), `None` when there is no target; `gap` = target − actual (what is still
missing; negative once the target is beaten), `None` when there is no target. Only targets without
a product line (`product_line=""`, the overall number) count for attainment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from common.models import ClosedMonth
from common.money import ZERO, allocate_largest_remainder, percent
from common.periods import Period
from customers.selectors.sales import actual_sales_by_employee, actual_sales_by_employee_month
from targets.models import (
    MONTH_FIELDS,
    DistributionProfile,
    PublishedActuals,
    SalesTarget,
    TargetChange,
    TargetPolicy,
)
from targets.rules import attainment_pct, attainment_standing, reached_target
from teams.models import Employee, OrgUnit, Role
from teams.rules import employed_during
from teams.scoping import Domain, heads_subtree_of, scope_for
from teams.selectors import roll_up_to_units


def may_read_targets(user) -> bool:
    """Whether the user's role reads targets and attainment at all (SPEC §1.2: people data; finance
    never does). The list, the attainment endpoint and the tree page answer 403 otherwise, not an
    empty list."""
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_may_read_targets(user) -> None:
    if not may_read_targets(user):
        raise NotAllowed(_("Your role does not see targets."))


def _published_actuals(start: date, end: date) -> dict[date, dict[int, Decimal]]:
    """The published actual sales (first day → employee id → amount) of the closed months in
    [start, end] that have them. One query."""
    closed = ClosedMonth.objects.filter(month__range=(start, end)).values("month")
    rows = PublishedActuals.objects.filter(month__range=(start, end), month__in=closed)
    return {row.month: row.by_employee() for row in rows}


def actual_sales_by_month(
    *, start: date, end: date, employee_ids: Iterable[int] | None = None
) -> dict[tuple[int, date], Decimal]:
    """Actual sales per (employee id, first day of the month) over the whole months from `start`
    to `end`: a closed month shows its published figures (SPEC §13.1: a contract back-dated into
    it changes nothing on any screen), every other month the sum of its contracts. Two queries."""
    employee_ids = None if employee_ids is None else list(employee_ids)
    return _merged_by_month(start, end, employee_ids, _published_actuals(start, end))


def _merged_by_month(start, end, employee_ids, published) -> dict[tuple[int, date], Decimal]:
    wanted = None if employee_ids is None else set(employee_ids)
    result = {
        (employee_id, first_day): amount
        for first_day, amounts in published.items()
        for employee_id, amount in amounts.items()
        if wanted is None or employee_id in wanted
    }
    live = actual_sales_by_employee_month(start=start, end=end, employee_ids=employee_ids)
    result.update({key: amount for key, amount in live.items() if key[1] not in published})
    return result


def actual_sales(*, period: Period, employee_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Each person's actual sales in `period` (absent = nothing), with the published figures of its
    closed months (see `actual_sales_by_month`). Two queries."""
    employee_ids = None if employee_ids is None else list(employee_ids)
    published = _published_actuals(period.start, period.end)
    if not published:
        return actual_sales_by_employee(start=period.start, end=period.end, employee_ids=employee_ids)
    totals: dict[int, Decimal] = {}
    for (employee_id, _first_day), amount in _merged_by_month(
        period.start, period.end, employee_ids, published
    ).items():
        totals[employee_id] = totals.get(employee_id, ZERO) + amount
    return totals


def employee_targets(
    *, period: Period, employee_ids: Iterable[int] | None = None, product_line: str = ""
) -> dict[int, Decimal]:
    """Each person's own target for exactly `period` (no derivation from other periods). One query.
    Not scoped: callers pass ids they selected through `visible_to(user)`, or everyone (month close)."""
    rows = SalesTarget.objects.filter(period=str(period), product_line=product_line, employee__isnull=False)
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    return dict(rows.order_by().values_list("employee_id", "amount"))  # no default ordering's joins


def unit_targets(*, period: Period, unit_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Each unit's target for `period` (SPEC §3.4): its own target when one is set, otherwise the
    sum of its child units' and direct members' targets (recursively). Units without any target
    below them are absent. Three queries, whatever the size of the tree."""
    units = list(OrgUnit.objects.only("id", "parent_id", "path"))
    own_unit, own_member = _period_targets(period)
    effective = _effective_unit_targets(units, own_unit, own_member)
    wanted = None if unit_ids is None else set(unit_ids)
    return {uid: amount for uid, amount in effective.items() if wanted is None or uid in wanted}


@dataclass(frozen=True)
class AttainmentRow:
    """One node of the attainment tree: a unit or a person (`kind`)."""

    kind: str  # "unit" | "employee"
    unit: OrgUnit | None
    employee: Employee | None
    depth: int  # for indentation: a unit's depth; a person sits one level below their unit
    parent_unit_id: int | None  # a unit's parent, or a person's own unit
    target: Decimal | None
    target_is_own: bool  # False when a unit's target is the sum of its children's
    target_id: int | None  # the own SalesTarget row, when there is one
    actual: Decimal
    attainment: Decimal | None
    gap: Decimal | None
    collapsed: bool = False  # a unit whose rows below are not in the list (see `tree_levels`)

    @property
    def id(self) -> int:
        return self.unit.pk if self.unit is not None else self.employee.pk

    @property
    def name(self) -> str:
        return self.unit.name if self.unit is not None else self.employee.name

    @property
    def reached(self) -> bool:
        """At 100 % or more, compared exactly (99.999 % shows as 100.00 but has not reached)."""
        return reached_target(self.actual, self.target)

    @property
    def standing(self) -> str | None:
        """The badge the tree shows: "ok", "warn" (80 % or more) or "bad"; None without a target."""
        return attainment_standing(self.actual, self.target)


def _period_targets(period: Period, *, subtree: OrgUnit | None = None):
    """(unit id → (target id, amount), employee id → (target id, amount, unit id)) for the period's
    overall targets (in `subtree`, when given). One query."""
    rows = SalesTarget.objects.filter(period=str(period), product_line="")
    if subtree is not None:
        rows = rows.in_subtree(subtree)
    own_unit, own_member = {}, {}
    for target_id, unit_id, employee_id, amount, member_unit_id in rows.values_list(
        "id", "org_unit_id", "employee_id", "amount", "employee__org_unit_id"
    ):
        if unit_id is not None:
            own_unit[unit_id] = (target_id, amount)
        else:
            own_member[employee_id] = (target_id, amount, member_unit_id)
    return own_unit, own_member


def _effective_unit_targets(units, own_unit, own_member) -> dict[int, Decimal]:
    """Bottom-up: own target, else the sum of children's effective targets and members' targets."""
    below: dict[int, Decimal] = {}
    for _target_id, amount, unit_id in own_member.values():
        below[unit_id] = below.get(unit_id, ZERO) + amount
    effective: dict[int, Decimal] = {}
    for unit in sorted(units, key=lambda u: u.path, reverse=True):  # children before parents
        if unit.pk in own_unit:
            effective[unit.pk] = own_unit[unit.pk][1]
        elif unit.pk in below:
            effective[unit.pk] = below[unit.pk]
        if unit.pk in effective and unit.parent_id is not None:
            below[unit.parent_id] = below.get(unit.parent_id, ZERO) + effective[unit.pk]
    return effective


def days_employed(employee: Employee, period: Period) -> int:
    """Days of `period` the person is employed: from the hire date to `left_on` (both inclusive);
    whether they are employed at all is `teams.rules.employed_during` (someone deactivated without a
    leaving date counts as not employed)."""
    if not employed_during(employee, period.start, period.end):
        return 0
    first = max(employee.hire_date, period.start)
    last = min(employee.left_on or period.end, period.end)
    return max((last - first).days + 1, 0)


def attainment_rows(*, user, unit: OrgUnit, period: Period) -> list[AttainmentRow]:
    """Target, actual, attainment and gap for every unit of `unit`'s subtree and every member
    (reps employed in the period, and anyone with an own target or sales in it) that `user` may
    see, in tree order (a unit, its members, then its child units). A unit's actual is the sum
    over its whole subtree; a closed month shows its published actuals. Five queries whatever the
    number of units and people (`tree_levels` trims the list for a page).

    The people start from `Employee.objects.visible_to(user)`; a unit row is shown to whoever sees
    every person's figures or heads the unit's subtree — and then sees everyone below it, so a
    unit's total summed over the visible people is its whole subtree's total."""
    scope = scope_for(user)
    if not scope.sees_domain(Domain.PEOPLE):
        return []
    sees_all = scope.covers_all(Domain.PEOPLE)

    units = list(OrgUnit.objects.subtree_of(unit).order_by("path"))
    units_by_id = {u.pk: u for u in units}
    people = list(Employee.objects.visible_to(user).in_subtree(unit).order_by("number"))
    for person in people:
        person.org_unit = units_by_id[person.org_unit_id]
    own_unit, own_member = _period_targets(period, subtree=unit)
    actuals = actual_sales(period=period, employee_ids=[p.pk for p in people])
    effective = _effective_unit_targets(units, own_unit, own_member)
    subtree_actual = roll_up_to_units(actuals, employees=people)

    rows: list[tuple[tuple, AttainmentRow]] = []
    for u in units:
        if not (sees_all or heads_subtree_of(user, u)):
            continue
        target = effective.get(u.pk)
        own = own_unit.get(u.pk)
        rows.append(((u.path, 0, ""), _row(
            kind="unit", unit=u, employee=None, depth=u.depth, parent_unit_id=u.parent_id, target=target,
            target_is_own=own is not None, target_id=own[0] if own else None,
            actual=subtree_actual.get(u.pk, ZERO),
        )))
    for person in people:
        own = own_member.get(person.pk)
        actual = actuals.get(person.pk, ZERO)
        employed = employed_during(person, period.start, period.end)
        if not ((person.role == Role.REP and employed) or own is not None or actual > 0):
            continue
        rows.append(((person.org_unit.path, 1, person.number), _row(
            kind="employee", unit=None, employee=person, depth=person.org_unit.depth + 1,
            parent_unit_id=person.org_unit_id, target=own[1] if own else None, target_is_own=own is not None,
            target_id=own[0] if own else None, actual=actual,
        )))
    rows.sort(key=lambda pair: pair[0])
    return [row for _key, row in rows]


def _row(*, target, actual, **fields) -> AttainmentRow:
    return AttainmentRow(
        target=target, actual=actual, attainment=attainment_pct(actual, target),
        gap=None if target is None else target - actual, **fields,
    )


def tree_levels(rows: list[AttainmentRow], *, root: OrgUnit, max_rows: int | None = None,
                levels: int | None = None) -> list[AttainmentRow]:
    """The rows of `attainment_rows(unit=root)` a page shows: every level below `root` down to the
    deepest one that keeps the list within `max_rows` (at least the first level — `root`'s child
    units and members — however many), or exactly `levels` levels. A unit row whose children are
    left out comes back with `collapsed=True` (the page offers to expand it). No query."""
    def level(row: AttainmentRow) -> int:
        return row.depth - root.depth

    deepest = max((level(row) for row in rows), default=0)
    if levels is None:
        levels = deepest
        if max_rows is not None:
            counts = Counter(level(row) for row in rows)
            shown = 0
            for candidate in range(deepest + 1):
                shown += counts.get(candidate, 0)
                if shown > max_rows:
                    levels = max(candidate - 1, 1)
                    break
    if levels >= deepest:
        return rows
    with_children = {row.parent_unit_id for row in rows if level(row) > levels}
    return [
        replace(row, collapsed=True) if row.kind == "unit" and level(row) == levels and row.unit.pk in with_children
        else row
        for row in rows
        if level(row) <= levels
    ]


def difficulty_check(*, user, unit: OrgUnit, period: Period, rows: list[AttainmentRow] | None = None) -> dict:
    """The difficulty check (SPEC §3.4): of the reps in `unit`'s subtree with a target for the
    period, the share at ≥ 100 % (aim: 80 %, configurable), and every member's gap (largest gap
    first). `share_reached` and `aim` are percentages (0–100, 2 decimals), not 0–1 shares;
    `share_reached` is None when no rep has a target. Pass `rows` (from
    `attainment_rows` for the same user, unit and period) to save their queries."""
    if rows is None:
        rows = attainment_rows(user=user, unit=unit, period=period)
    members = [row for row in rows if row.kind == "employee"]
    rated = [row for row in members if row.target is not None and row.employee.role == Role.REP]
    reached = sum(1 for row in rated if row.reached)
    share = percent(reached, len(rated))
    aim = TargetPolicy.current().difficulty_aim_pct
    return {
        "period": period,
        "unit": unit,
        "reps_with_target": len(rated),
        "reps_reached": reached,
        "share_reached": share,
        "aim": aim,
        "meets_aim": None if share is None else share >= aim,
        "members": sorted(members, key=lambda row: (row.gap is None, -(row.gap or ZERO), row.employee.number)),
    }


def target_history(*, user, target: SalesTarget):
    """The change rows of one target the user may see (newest first)."""
    return TargetChange.objects.visible_to(user).filter(target=target).select_related("changed_by")


def default_profile() -> DistributionProfile:
    """The default distribution profile (equal unless an admin changed it)."""
    profile = DistributionProfile.objects.filter(is_default=True).first()
    if profile is None:  # the data migration creates it; an unsaved equal profile if it was deleted
        profile = DistributionProfile(name="Equal", is_default=True)
        equal = allocate_largest_remainder(Decimal("100.00"), [(name, 1) for name in MONTH_FIELDS])
        for name, pct in equal.items():
            setattr(profile, name, pct)
    return profile


def person_periods(*, employee: Employee, year: int) -> list[dict]:
    """One person's year, quarters and months: own target, actual, attainment and gap for each
    (in time order); closed months show their published actuals. Three queries. The caller
    fetched `employee` through `visible_to(user)`."""
    year_period = Period(year)
    periods = [year_period]
    for quarter in year_period.quarters():
        periods += [quarter, *quarter.months()]
    targets = {
        period: (target_id, amount)
        for period, target_id, amount in SalesTarget.objects.filter(
            employee=employee, year=year, product_line=""
        ).values_list("period", "id", "amount")
    }
    by_month = {
        first_day.month: amount
        for (_employee_id, first_day), amount in actual_sales_by_month(
            start=year_period.start, end=year_period.end, employee_ids=[employee.pk]
        ).items()
    }
    rows = []
    for period in periods:
        actual = sum((by_month.get(m.month, ZERO) for m in period.months()), ZERO)
        target_id, target = targets.get(str(period), (None, None))
        rows.append({
            "period": period, "target_id": target_id, "target": target, "actual": actual,
            "attainment": attainment_pct(actual, target),
            "gap": None if target is None else target - actual,
        })
    return rows


def unit_target_series(*, unit: OrgUnit, periods: list[Period]) -> dict[Period, Decimal | None]:
    """`unit`'s target (own, else the sum below it) for each of `periods` — e.g. 12 months for a
    chart of actual vs target. Two queries whatever the number of periods and people."""
    units = list(OrgUnit.objects.subtree_of(unit).only("id", "parent_id", "path"))
    rows = SalesTarget.objects.filter(period__in=[str(p) for p in periods], product_line="").in_subtree(unit)
    per_period: dict[str, tuple[dict, dict]] = {str(p): ({}, {}) for p in periods}
    for period, target_id, unit_id, employee_id, amount, member_unit_id in rows.values_list(
        "period", "id", "org_unit_id", "employee_id", "amount", "employee__org_unit_id"
    ):
        own_unit, own_member = per_period[period]
        if unit_id is not None:
            own_unit[unit_id] = (target_id, amount)
        else:
            own_member[employee_id] = (target_id, amount, member_unit_id)
    return {
        period: _effective_unit_targets(units, *per_period[str(period)]).get(unit.pk) for period in periods
    }

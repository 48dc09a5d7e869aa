"""Target decomposition (SPEC §3.2): a unit's target for a period pushed into its months, or down
the tree to its child units / the reps of a team — optionally all the way down (`cascade`).

Exact sums everywhere: every split is a largest-remainder allocation to the cent
(`common.money.allocate_largest_remainder`; equal remainders to the lower employee number / unit
id). When the parent's months are set (and add up to its target), a split down the tree is done
month by month — so a rep who joins in July gets nothing for January — and each child's quarter
and year targets are the sums of its months; otherwise the single period is split.

The whole plan is computed in memory from a fixed number of queries (the subtree's units and
people, the parent's targets, the policies, last year's actuals when needed), then written by
`targets_write` in bulk, in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exceptions import ApplicationError
from common.limits import current_limits
from common.money import ZERO, allocate_largest_remainder
from common.periods import Period
from customers.selectors.sales import actual_sales_by_employee, actual_sales_by_employee_month
from targets.models import DistributionProfile, SalesTarget, TargetPolicy
from targets.selectors import days_employed, default_profile
from targets.services.profiles import quarter_sums, split_by_profile
from targets.services.rights import ensure_may_set_target, ensure_may_set_targets_at_all
from targets.services.split_inputs import keyed_numbers, with_history_fallback
from targets.services.writes import (
    PlannedTarget,
    below_target_minimum,
    existing_targets,
    targets_write,
)
from teams.models import Employee, OrgPolicy, OrgUnit, Role, UnitKind
from teams.rules import employed_during, is_new_hire
from teams.selectors import roll_up_to_units


class Method(models.TextChoices):
    EQUAL = "equal", gettext_lazy("Equal (core 1.3 : new hire 1.0)")
    HISTORICAL = "historical", gettext_lazy("Historical (last year's actual sales)")
    WEIGHTED = "weighted", gettext_lazy("Weighted (explicit weights)")
    MANUAL = "manual", gettext_lazy("Manual (explicit amounts)")
    PROFILE = "profile", gettext_lazy("Distribution profile (into months)")


class Into(models.TextChoices):
    CHILDREN = "children", gettext_lazy("Down the tree")
    MONTHS = "months", gettext_lazy("Into months")


METHODS_FOR = {
    Into.CHILDREN: (Method.EQUAL, Method.HISTORICAL, Method.WEIGHTED, Method.MANUAL),
    Into.MONTHS: (Method.PROFILE, Method.EQUAL, Method.HISTORICAL, Method.WEIGHTED, Method.MANUAL),
}


@dataclass
class DecompositionPlan:
    """What a decomposition would write (a preview) — the rows in tree/time order."""

    org_unit: OrgUnit
    period: Period
    method: str
    into: str
    parent_amount: Decimal
    product_line: str = ""
    rows: list[PlannedTarget] = field(default_factory=list)
    replace_within: Q | None = None

    def is_part(self, row: PlannedTarget) -> bool:
        """Is `row` one of the parts that add up to the decomposed target: a month of it, or a direct
        child unit's / member's target for the same period (not a grandchild's, not a quarter)?"""
        if self.into == Into.MONTHS:
            return row.period.kind == "month"
        if row.period != self.period:
            return False
        if row.employee is not None:
            return row.employee.org_unit_id == self.org_unit.pk
        return row.org_unit.parent_id == self.org_unit.pk

    @property
    def parts_total(self) -> Decimal:
        """The sum of the parts — equal to `parent_amount` to the cent, shown as a check."""
        return sum((row.amount for row in self.rows if self.is_part(row)), ZERO)


@dataclass
class _Tree:
    """The subtree, its people and the policies, loaded once."""

    units: dict[int, OrgUnit]
    child_units: dict[int, list[OrgUnit]]
    people: list[Employee]
    reps_below: dict[int, list[Employee]]  # unit id → reps anywhere in its subtree
    org_policy: OrgPolicy
    target_policy: TargetPolicy
    history: dict[int, Decimal] = field(default_factory=dict)  # employee id → last year's actual
    split_teams: set[int] = field(default_factory=set)
    split_units: set[int] = field(default_factory=set)

    def members(self, unit: OrgUnit, top: Period) -> list[OrgUnit | Employee]:
        """A team splits among its reps employed in the period (by number); any other unit among
        its child units (by id)."""
        if unit.kind == UnitKind.TEAM:
            return [p for p in self.people if p.org_unit_id == unit.pk and p.role == Role.REP and employed_during(p, top.start, top.end)]
        return list(self.child_units.get(unit.pk, []))


def _load_tree(root: OrgUnit, *, history_for: Period | None) -> _Tree:
    units = {u.pk: u for u in OrgUnit.objects.subtree_of(root).order_by("pk")}
    child_units = defaultdict(list)
    for unit in units.values():
        if unit.parent_id in units:
            child_units[unit.parent_id].append(unit)
    people = list(Employee.objects.in_subtree(root).order_by("number"))
    reps_below = defaultdict(list)
    for person in people:
        person.org_unit = units[person.org_unit_id]
        if person.role == Role.REP:
            current = person.org_unit
            while current is not None:
                reps_below[current.pk].append(person)
                current = units.get(current.parent_id)
    tree = _Tree(units, child_units, people, reps_below, OrgPolicy.current(), TargetPolicy.current())
    if history_for is not None:
        last_year = history_for.shifted_years(-1)
        tree.history = actual_sales_by_employee(
            start=last_year.start, end=last_year.end, employee_ids=[p.pk for p in people]
        )
    return tree


def _equal_weight(tree: _Tree, person: Employee, period: Period) -> Decimal:
    """Core 1.3 / new hire 1.0 (at the period's first day), pro-rated by days employed in it."""
    days = days_employed(person, period)
    if not days:
        return ZERO
    policy = tree.target_policy
    factor = policy.new_hire_weight if is_new_hire(person, period.start, policy=tree.org_policy) else policy.core_weight
    return factor * Decimal(days) / Decimal(period.days)


def _allocate(amount: Decimal, weights: list[tuple[object, Decimal]], *, unit: OrgUnit, period: Period):
    if amount == 0:
        return {key: Decimal("0.00") for key, _w in weights}
    if not weights or not any(w for _k, w in weights):
        raise ApplicationError(
            _("Nobody in %(unit)s can take a share of %(period)s: it has no members employed then.")
            % {"unit": unit.name, "period": period},
            field="org_unit",
        )
    return allocate_largest_remainder(amount, weights)


def period_order(period: Period) -> tuple:
    """Time order, a longer period before the months it contains (2026, 2026-Q1, 2026-01, …)."""
    return (period.start, ("year", "quarter", "month").index(period.kind))


def _member_key(member) -> str:
    return str(member.pk)


def _split_down(tree, unit, slices, top, method, weights, amounts) -> list[tuple[object, dict[Period, Decimal]]]:
    """Split the parent's slices (its months, or the single period) among `unit`'s members."""
    members = tree.members(unit, top)
    if not members:
        raise ApplicationError(
            _("%(unit)s has no members to split its target among.") % {"unit": unit.name}, field="org_unit"
        )
    (tree.split_teams if unit.kind == UnitKind.TEAM else tree.split_units).add(unit.pk)
    is_person = unit.kind == UnitKind.TEAM
    labels = {_member_key(m): m.name for m in members}
    per_member: dict[str, dict[Period, Decimal]] = {_member_key(m): {} for m in members}
    top_amount = sum((amount for _p, amount in slices), ZERO)

    if method == Method.MANUAL:
        given = keyed_numbers(amounts, name="amounts", keys=labels, money=True)
        total = sum(given.values(), ZERO)
        if total != top_amount:
            raise ValidationError({"amounts": _("The amounts add up to %(total)s, not the target %(target)s.") % {
                "total": total, "target": top_amount}})
        # Month by month in proportion to what each member still has to receive: every month sums
        # to the parent's month and every member's months to their amount.
        remaining = dict(given)
        for period, amount in slices:
            shares = _allocate(amount, [(k, remaining[k]) for k in per_member], unit=unit, period=period)
            for key, share in shares.items():
                per_member[key][period] = share
                remaining[key] -= share
    else:
        base = None
        if method == Method.WEIGHTED:
            given = keyed_numbers(weights, name="weights", keys=labels, money=False)
            base = [given[_member_key(m)] for m in members]
        elif method == Method.HISTORICAL:
            if is_person:
                history = [tree.history.get(m.pk, ZERO) for m in members]
            else:
                by_unit = roll_up_to_units(tree.history, employees=tree.people)
                history = [by_unit.get(m.pk, ZERO) for m in members]
            base = with_history_fallback(history)  # None → equal
        for period, amount in slices:
            if base is None:
                if is_person:
                    weights_now = [_equal_weight(tree, m, period) for m in members]
                else:
                    weights_now = [
                        sum((_equal_weight(tree, p, period) for p in tree.reps_below.get(m.pk, [])), ZERO)
                        for m in members
                    ]
            elif is_person:  # nobody gets a share of a month they are not employed in
                weights_now = [w if employed_during(m, period.start, period.end) else ZERO for m, w in zip(members, base, strict=True)]
            else:
                weights_now = base
            shares = _allocate(amount, list(zip(per_member, weights_now, strict=True)), unit=unit, period=period)
            for key, share in shares.items():
                per_member[key][period] = share

    result = []
    for member in members:
        amounts_by_period = per_member[_member_key(member)]
        if len(slices) > 1:  # months: quarters and the whole period are their sums
            if top.kind == "year":
                amounts_by_period.update(quarter_sums(amounts_by_period))
            amounts_by_period[top] = sum((amounts_by_period[p] for p, _a in slices), ZERO)
        result.append((member, amounts_by_period))
    return result


def _plan_down(tree, unit, slices, top, method, weights, amounts, *, cascade: bool, rows: list[PlannedTarget]):
    for member, by_period in _split_down(tree, unit, slices, top, method, weights, amounts):
        is_unit = isinstance(member, OrgUnit)
        for period in sorted(by_period, key=period_order):
            rows.append(PlannedTarget(
                period=period, amount=by_period[period],
                org_unit=member if is_unit else None, employee=None if is_unit else member,
            ))
        if cascade and is_unit:
            below_slices = [(p, by_period[p]) for p, _a in slices]
            if not tree.members(member, top) and not any(a for _p, a in below_slices):
                continue  # an empty unit with a zero target: nothing to push down
            below_method = method if method in (Method.EQUAL, Method.HISTORICAL) else Method.EQUAL
            _plan_down(tree, member, below_slices, top, below_method, None, None, cascade=True, rows=rows)


def _parent_targets(
    org_unit: OrgUnit, top: Period, product_line: str, *, with_months: bool = True
) -> tuple[Decimal, list[tuple[Period, Decimal]]]:
    """The parent's amount for `top` and the slices to split: its months when they are all set and
    add up to it, else the single period. Without `with_months` (a split into months replaces
    them) only the amount. One query."""
    months = top.months() if top.kind != "month" and with_months else []
    rows = dict(
        SalesTarget.objects.filter(
            org_unit=org_unit, product_line=product_line, period__in=[str(top), *map(str, months)]
        ).values_list("period", "amount")
    )
    if str(top) not in rows:
        raise ApplicationError(
            _("%(unit)s has no target for %(period)s yet: set it first.") % {"unit": org_unit.name, "period": top},
            field="period",
        )
    amount = rows[str(top)]
    month_amounts = [(m, rows[str(m)]) for m in months if str(m) in rows]
    if not month_amounts:
        return amount, [(top, amount)]
    month_total = sum((a for _m, a in month_amounts), ZERO)
    if len(month_amounts) != len(months) or month_total != amount:
        raise ApplicationError(
            _("The months of %(unit)s for %(period)s do not add up to its target (%(months)s of %(count)d months "
              "set, %(total)s of %(amount)s): split it into months again first.")
            % {"unit": org_unit.name, "period": top, "months": len(month_amounts), "count": len(months),
               "total": month_total, "amount": amount},
            field="period",
        )
    return amount, month_amounts


def _plan_months(org_unit, top, amount, method, weights, amounts, profile) -> list[PlannedTarget]:
    if top.kind == "month":
        raise ValidationError({"into": _("A month cannot be split into months.")})
    months = top.months()
    labels = {str(m): str(m) for m in months}
    if method == Method.PROFILE:
        by_month = split_by_profile(amount=amount, period=top, profile=profile or default_profile())
    elif method == Method.MANUAL:
        given = keyed_numbers(amounts, name="amounts", keys=labels, money=True)
        total = sum(given.values(), ZERO)
        if total != amount:
            raise ValidationError({"amounts": _("The amounts add up to %(total)s, not the target %(target)s.") % {
                "total": total, "target": amount}})
        by_month = {m: given[str(m)] for m in months}
    else:
        if method == Method.WEIGHTED:
            given = keyed_numbers(weights, name="weights", keys=labels, money=False)
            month_weights = [given[str(m)] for m in months]
        elif method == Method.HISTORICAL:
            last_year = top.shifted_years(-1)
            people = Employee.objects.in_subtree(org_unit).values_list("pk", flat=True)
            actual = actual_sales_by_employee_month(start=last_year.start, end=last_year.end, employee_ids=people)
            per_month = defaultdict(lambda: ZERO)
            for (_employee_id, first_day), value in actual.items():
                per_month[first_day.month] += value
            month_weights = with_history_fallback([per_month[m.month] for m in months]) or [Decimal(1)] * len(months)
        else:
            month_weights = [Decimal(1)] * len(months)
        by_month = allocate_largest_remainder(amount, list(zip(months, month_weights, strict=True)))
    if top.kind == "year":
        by_month = {**by_month, **quarter_sums(by_month)}
    return [PlannedTarget(period=p, amount=by_month[p], org_unit=org_unit) for p in sorted(by_month, key=period_order)]


def target_decompose_plan(
    *,
    actor,
    period: Period,
    org_unit: OrgUnit,
    method: str,
    into: str = Into.CHILDREN,
    weights: dict | None = None,
    amounts: dict | None = None,
    profile: DistributionProfile | None = None,
    product_line: str = "",
    cascade: bool = False,
) -> DecompositionPlan:
    """Compute (never save) the split of `org_unit`'s target for `period`. Raises the same errors
    the save would, except the month lock and the reason (checked on save)."""
    ensure_may_set_targets_at_all(actor)
    if into not in Into.values:
        raise ValidationError({"into": _("Use “children” or “months”.")})
    if method not in METHODS_FOR[into]:
        raise ValidationError({"method": _("Use one of: %(methods)s.") % {"methods": ", ".join(METHODS_FOR[into])}})
    product_line = (product_line or "").strip()
    parent_amount, slices = _parent_targets(org_unit, period, product_line, with_months=into == Into.CHILDREN)
    plan = DecompositionPlan(org_unit, period, method, into, parent_amount, product_line)
    if into == Into.MONTHS:
        plan.rows = _plan_months(org_unit, period, parent_amount, method, weights, amounts, profile)
    else:
        tree = _load_tree(org_unit, history_for=period if method == Method.HISTORICAL else None)
        _plan_down(tree, org_unit, slices, period, method, weights, amounts, cascade=cascade, rows=plan.rows)
        plan.replace_within = Q(employee__org_unit_id__in=tree.split_teams, employee__role=Role.REP) | Q(
            org_unit__parent_id__in=tree.split_units
        )
    checked = set()
    for row in plan.rows:
        if row.key[1:] not in checked:
            ensure_may_set_target(actor, org_unit=row.org_unit, employee=row.employee)
            checked.add(row.key[1:])
    _ensure_parts_reach_minimum(plan)
    return plan


#: The input to correct when a split would give someone less than the smallest target.
_MINIMUM_FIELD = {Method.MANUAL: "amounts", Method.WEIGHTED: "weights"}


def _ensure_parts_reach_minimum(plan: DecompositionPlan) -> None:
    """Every part a split sets is 0.00 (no target) or at least the smallest target (SPEC §13.1):
    a 0.37 share would make its attainment explode. 400 naming the input to change."""
    for row in plan.rows:
        if below_target_minimum(row.amount):
            raise ApplicationError(
                _("The split gives %(assignee)s %(amount)s for %(period)s, below the smallest target "
                  "%(minimum)s: split a larger target, or change the shares.") % {
                    "assignee": row.assignee.name, "amount": f"{row.amount:,.2f}", "period": row.period,
                    "minimum": f"{current_limits().min_target:,.2f}"},
                field=_MINIMUM_FIELD.get(plan.method, "method"),
            )


def target_decompose_preview(**kwargs) -> DecompositionPlan:
    """The split as it would be saved, with each row's current amount (`previous`). Nothing saved."""
    plan = target_decompose_plan(**kwargs)
    existing = existing_targets(plan.rows, product_line=plan.product_line)
    for row in plan.rows:
        current = existing.get(row.key)
        row.previous = current.amount if current is not None else None
        row.in_total = plan.is_part(row)
    return plan


def target_decompose(*, actor, reason: str = "", **kwargs) -> list[SalesTarget]:
    """Split and save in one transaction (all or nothing); returns the written targets in plan
    order. Changing targets that are already set needs a `reason` (400); a closed month → 409."""
    plan = target_decompose_plan(actor=actor, **kwargs)
    return targets_write(
        actor=actor, planned=plan.rows, product_line=plan.product_line, method=plan.method, reason=reason,
        replace_within=plan.replace_within,
    )


def split_parts(*, org_unit: OrgUnit, period: Period, into: str) -> list[tuple[str, str]]:
    """The keys (and labels) a `weights` / `amounts` input takes for this split: the reps of a team
    employed in the period, a unit's child units, or the months of the period. Two queries."""
    if into == Into.MONTHS:
        return [(str(m), str(m)) for m in period.months()] if period.kind != "month" else []
    if org_unit.kind == UnitKind.TEAM:
        reps = Employee.objects.filter(org_unit=org_unit, role=Role.REP).order_by("number")
        return [(str(p.pk), f"{p.name} ({p.number})") for p in reps if employed_during(p, period.start, period.end)]
    return [(str(u.pk), u.name) for u in OrgUnit.objects.filter(parent=org_unit).order_by("pk")]

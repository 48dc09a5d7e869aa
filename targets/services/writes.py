"""The one place targets are written: create-or-replace a batch of planned targets in bulk, with
rights, the required reason, the month lock and an audit row per created or changed target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict
from common.limits import current_limits
from common.locks import closed_months
from common.periods import Period
from common.transitions import passes
from targets.models import SalesTarget, TargetChange
from targets.services.rights import ensure_may_set_target
from teams.models import Employee, OrgUnit

BATCH_SIZE = 1000
#: What the amount column stores. Targets have no business maximum (SPEC §13.1 bounds contract and
#: adjustment amounts; a company's year target legitimately sums far more than one contract may
#: carry), only a minimum: `current_limits().min_target`.
MAX_AMOUNT = Decimal("999999999999.99")
CENT = Decimal("0.01")


@dataclass
class PlannedTarget:
    """A target a service is about to write (also what a preview shows)."""

    period: Period
    amount: Decimal
    org_unit: OrgUnit | None = None
    employee: Employee | None = None
    previous: Decimal | None = None  # the amount it replaces (filled by previews)
    in_total: bool = False  # one of the parts that add up to the decomposed target (filled by previews)

    @property
    def assignee(self):
        return self.employee if self.employee is not None else self.org_unit

    @property
    def key(self) -> tuple[str, str, int]:
        return _key(str(self.period), self.org_unit.pk if self.org_unit else None, self.employee.pk if self.employee else None)


def _key(period: str, unit_id: int | None, employee_id: int | None) -> tuple[str, str, int]:
    return (period, "unit", unit_id) if unit_id is not None else (period, "employee", employee_id)


def _target_key(target: SalesTarget) -> tuple[str, str, int]:
    return _key(target.period, target.org_unit_id, target.employee_id)


def clean_amount(value, *, field: str = "amount") -> Decimal:
    """A target amount: 0.00 (no target, what a split gives a member who left) or between the
    configured smallest target (1.00) and what the column stores, with at most 2 decimals
    (400 naming `field` otherwise). Huge exponents (`1E+999999999`) are refused before any
    arithmetic touches them."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("“%(value)s” is not an amount.") % {"value": value}})
    if not amount.is_finite():
        raise ValidationError({field: _("“%(value)s” is not an amount.") % {"value": value}})
    if amount < 0:
        raise ValidationError({field: _("A target cannot be negative.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("The amount is too large.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("Give the amount in yuan with at most 2 decimals.")})
    ensure_target_minimum(amount, field=field)
    return amount.quantize(CENT)


def target_minimum_message(amount: Decimal) -> str:
    minimum = current_limits().min_target
    return _("%(amount)s is below the smallest target, %(minimum)s (0.00 means no target).") % {
        "amount": f"{amount:,.2f}", "minimum": f"{minimum:,.2f}"}


def below_target_minimum(amount: Decimal) -> bool:
    """A set target is at least the configured minimum (SPEC §13.1), so no attainment explodes;
    0.00 stands for "no target" (attainment empty)."""
    return 0 < amount < current_limits().min_target


def ensure_target_minimum(amount: Decimal, *, field: str) -> None:
    if below_target_minimum(amount):
        raise ValidationError({field: target_minimum_message(amount)})


def existing_targets(planned: list[PlannedTarget], *, product_line: str, also: Q | None = None, lock: bool = False):
    """The stored targets the plan would replace (and, with `also`, more rows of the same periods),
    keyed like `PlannedTarget.key`. One query."""
    if not planned:
        return {}
    condition = Q(org_unit_id__in={p.org_unit.pk for p in planned if p.org_unit is not None}) | Q(
        employee_id__in={p.employee.pk for p in planned if p.employee is not None}
    )
    if also is not None:
        condition |= also
    rows = SalesTarget.objects.filter(condition, period__in={str(p.period) for p in planned}, product_line=product_line)
    if lock:
        rows = rows.select_for_update(of=("self",))
    rows = rows.select_related("org_unit", "employee__org_unit")
    return {_target_key(row): row for row in rows}


def _locked_target(targets: list[SalesTarget]) -> SalesTarget | None:
    """The first of `targets` whose period touches a closed month (SPEC §3.3), in one query."""
    if not targets:
        return None
    closed = closed_months(min(t.start for t in targets), max(t.end for t in targets))
    if not closed:
        return None
    for target in sorted(targets, key=lambda t: (t.start, t.period)):
        if any(month.start in closed for month in target.get_period().months()):
            return target
    return None


def _ensure_months_open(targets: list[SalesTarget], *, field: str = "period") -> None:
    locked = _locked_target(targets)
    if locked is not None:
        raise Conflict(
            _("%(period)s touches a closed month: its targets are locked.") % {"period": locked.period}, field=field
        )


def target_is_locked(target: SalesTarget) -> bool:
    """True when the target's period touches a closed month: it cannot change (409)."""
    return _locked_target([target]) is not None


def targets_write(
    *,
    actor,
    planned: list[PlannedTarget],
    product_line: str = "",
    method: str = "",
    reason: str = "",
    replace_within: Q | None = None,
) -> list[SalesTarget]:
    """Create or replace `planned` in one transaction with bulk writes. Rows matching
    `replace_within` (the other children of a decomposed unit) that the plan leaves out are set
    to zero. Refuses (nothing saved): an assignee the actor may not set (403), a change of an
    existing target without a reason (400 `reason`), a closed month (409)."""
    reason = (reason or "").strip()
    for plan in planned:  # every writer (set, change, split) lands here: the last guard
        if below_target_minimum(plan.amount):
            raise ApplicationError(target_minimum_message(plan.amount), field="amount")
    with transaction.atomic():
        existing = existing_targets(planned, product_line=product_line, also=replace_within, lock=True)
        planned_keys = {p.key for p in planned}
        stale = [
            PlannedTarget(period=row.get_period(), amount=Decimal("0.00"), org_unit=row.org_unit, employee=row.employee)
            for key, row in existing.items()
            if key not in planned_keys and row.amount != 0
        ]
        checked = set()
        for plan in [*planned, *stale]:
            assignee_key = plan.key[1:]
            if assignee_key not in checked:
                ensure_may_set_target(actor, org_unit=plan.org_unit, employee=plan.employee)
                checked.add(assignee_key)

        now = timezone.now()
        creates, updates, audit, result = [], [], [], []
        for plan in [*planned, *stale]:
            row = existing.get(plan.key)
            if row is None:
                row = SalesTarget(
                    **SalesTarget.period_fields(plan.period), org_unit=plan.org_unit, employee=plan.employee,
                    amount=plan.amount, product_line=product_line, method=method,
                )
                creates.append(row)
                audit.append((row, None))
            elif row.amount != plan.amount:
                audit.append((row, row.amount))
                row.amount, row.method, row.updated_at = plan.amount, method, now
                updates.append(row)
            if plan.key in planned_keys:
                result.append(row)
        if updates and not reason:
            raise ValidationError({"reason": _("Give a reason: this changes targets that are already set.")})
        _ensure_months_open([*creates, *updates])

        try:
            SalesTarget.objects.bulk_create(creates, batch_size=BATCH_SIZE)
        except IntegrityError:  # another request created one of these targets meanwhile
            raise Conflict(_("These targets were changed by someone else meanwhile: try again."))
        SalesTarget.objects.bulk_update(updates, ["amount", "method", "updated_at"], batch_size=BATCH_SIZE)
        TargetChange.objects.bulk_create(
            [
                TargetChange(target=row, changed_by=actor, old_amount=old, new_amount=row.amount, reason=reason)
                for row, old in audit
            ],
            batch_size=BATCH_SIZE,
        )
    return result


def may_change_target(actor, *, target: SalesTarget) -> bool:
    """The twin of `sales_target_change`'s refusals that do not depend on the input: the actor's
    right and the month lock (pages offer "Change" only when this says yes)."""
    return (passes(ensure_may_set_target, actor, org_unit=target.org_unit, employee=target.employee)
            and not target_is_locked(target))


def _ensure_one_assignee(org_unit, employee) -> None:
    if (org_unit is None) == (employee is None):
        raise ValidationError({"employee": _("Give either an org unit or an employee (one of them).")})


def sales_target_set(
    *,
    actor,
    period: Period,
    amount,
    org_unit: OrgUnit | None = None,
    employee: Employee | None = None,
    product_line: str = "",
    reason: str = "",
) -> SalesTarget:
    """Set one target (create it, or change it — then with a reason)."""
    _ensure_one_assignee(org_unit, employee)
    amount = clean_amount(amount)
    plan = PlannedTarget(period=period, amount=amount, org_unit=org_unit, employee=employee)
    (target,) = targets_write(
        actor=actor, planned=[plan], product_line=(product_line or "").strip(), method="set", reason=reason
    )
    return target


def sales_target_change(*, actor, target: SalesTarget, amount, reason: str) -> SalesTarget:
    """Change an existing target's amount; the reason is required (400 `reason`), a closed month
    refuses (409 naming `amount`: the amount is what cannot change), rights as for setting it."""
    ensure_may_set_target(actor, org_unit=target.org_unit, employee=target.employee)
    _ensure_months_open([target], field="amount")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for the change.")})
    return sales_target_set(
        actor=actor, period=target.get_period(), amount=amount, org_unit=target.org_unit,
        employee=target.employee, product_line=target.product_line, reason=reason,
    )


def sales_target_create(
    *,
    actor,
    period: Period,
    amount,
    org_unit: OrgUnit | None = None,
    employee: Employee | None = None,
    product_line: str = "",
) -> SalesTarget:
    """Create a new target; one that exists already is changed with `sales_target_change` (400)."""
    _ensure_one_assignee(org_unit, employee)
    product_line = (product_line or "").strip()
    assignee = Q(employee=employee) if employee is not None else Q(org_unit=org_unit)
    if SalesTarget.objects.filter(assignee, period=str(period), product_line=product_line).exists():
        raise ValidationError({"period": _(
            "There is already a target for this period, assignee and product line: change it instead."
        )})
    return sales_target_set(
        actor=actor, period=period, amount=amount, org_unit=org_unit, employee=employee, product_line=product_line
    )

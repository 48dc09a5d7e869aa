"""A/B/C tiering and lifecycle status (SPEC §2.2, §2.3), recomputed for the whole customer base in
a fixed number of queries: one aggregate query gathers every customer's inputs, pure functions
apply the rules, changed rows are written with bulk_update and the history with bulk_create."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Max, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from common.periods import add_months, months_between
from customers.models import (
    Contract,
    Customer,
    CustomerStatus,
    CustomerTierChange,
    FollowUp,
    Opportunity,
    Tier,
    TieringPolicy,
)
from customers.models.pipeline import OPEN_STAGES
from customers.services._bounds import check_clean_text
from customers.services.customers import SALES_ROLES, SUPERVISING_ROLES, ensure_customer_visible
from teams.scoping import require_role

#: "The last 12 months" of the lifecycle rules is a definition, not a threshold.
TRAILING_MONTHS = 12
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class TierInputs:
    """What the rules need to know about one customer on the `as_of` day."""

    revenue_12m: Decimal  # R: contracts signed in (as_of − 12 months, as_of]
    revenue_prev_12m: Decimal  # the 12 months before that
    first_signed_on: date | None
    last_signed_on: date | None
    open_pipeline: Decimal  # P: open opportunities (lead … negotiation)
    last_follow_up_on: date | None  # local date of the last follow-up (or creation when none)


def tier_for(inputs: TierInputs, *, as_of: date, policy: TieringPolicy) -> str:
    """A: R ≥ a_min_revenue and M ≥ a_min_months; B: R ≥ b_min_revenue or P ≥ b_min_pipeline; else C."""
    months = months_between(inputs.first_signed_on, as_of) if inputs.first_signed_on else None
    if inputs.revenue_12m >= policy.a_min_revenue and months is not None and months >= policy.a_min_months:
        return Tier.A
    if inputs.revenue_12m >= policy.b_min_revenue or inputs.open_pipeline >= policy.b_min_pipeline:
        return Tier.B
    return Tier.C


def cadence_days(*, tier: str, status: str, policy: TieringPolicy) -> int:
    """Days between follow-ups: prospects use the prospect cadence, others their tier's."""
    if status == CustomerStatus.PROSPECT:
        return policy.cadence_prospect_days
    return {Tier.A: policy.cadence_a_days, Tier.B: policy.cadence_b_days}.get(tier, policy.cadence_c_days)


def status_for(inputs: TierInputs, *, tier: str, as_of: date, policy: TieringPolicy) -> str:
    """prospect → lost (no contract for 24 months) → churn_risk → new → active, in that order."""
    if inputs.first_signed_on is None:
        return CustomerStatus.PROSPECT
    if inputs.last_signed_on <= add_months(as_of, -policy.lost_after_months):
        return CustomerStatus.LOST
    window_start = add_months(as_of, -TRAILING_MONTHS)
    if inputs.last_signed_on <= window_start:
        return CustomerStatus.CHURN_RISK
    if inputs.revenue_prev_12m > 0:
        drop_pct = (inputs.revenue_prev_12m - inputs.revenue_12m) * 100 / inputs.revenue_prev_12m
        if drop_pct >= policy.churn_drop_pct:
            return CustomerStatus.CHURN_RISK
    if tier in (Tier.A, Tier.B):
        neglect_days = 2 * cadence_days(tier=tier, status=CustomerStatus.ACTIVE, policy=policy)
        if inputs.last_follow_up_on is None or (as_of - inputs.last_follow_up_on).days > neglect_days:
            return CustomerStatus.CHURN_RISK
    if months_between(inputs.first_signed_on, as_of) < TRAILING_MONTHS:
        return CustomerStatus.NEW
    return CustomerStatus.ACTIVE


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)) - timedelta(microseconds=1)


def _contract_sum(start_after: date, end_on: date):
    rows = (
        Contract.objects.filter(customer=OuterRef("pk"), signed_on__gt=start_after, signed_on__lte=end_on)
        .order_by().values("customer").annotate(total=Sum("amount")).values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


def _contract_date(aggregate, as_of: date):
    rows = (
        Contract.objects.filter(customer=OuterRef("pk"), signed_on__lte=as_of)
        .order_by().values("customer").annotate(day=aggregate("signed_on")).values("day")
    )
    return Subquery(rows)


def tier_inputs_queryset(customers, *, as_of: date):
    """Annotate every customer of `customers` with its tier inputs — one SQL query."""
    open_pipeline = (
        Opportunity.objects.filter(customer=OuterRef("pk"), stage__in=OPEN_STAGES)
        .order_by().values("customer").annotate(total=Sum("amount")).values("total")
    )
    last_follow_up = (
        FollowUp.objects.filter(customer=OuterRef("pk"), occurred_at__lte=_end_of_day(as_of))
        .order_by().values("customer").annotate(last=Max("occurred_at")).values("last")
    )
    year_ago, two_years_ago = add_months(as_of, -TRAILING_MONTHS), add_months(as_of, -2 * TRAILING_MONTHS)
    return customers.order_by("pk").annotate(
        revenue_12m=_contract_sum(year_ago, as_of),
        revenue_prev_12m=_contract_sum(two_years_ago, year_ago),
        first_signed_on=_contract_date(Min, as_of),
        last_signed_on=_contract_date(Max, as_of),
        open_pipeline=Coalesce(Subquery(open_pipeline, output_field=MONEY), Value(ZERO), output_field=MONEY),
        last_follow_up=Subquery(last_follow_up),
    ).only("pk", "tier", "tier_pinned", "status", "status_pinned", "created_at")


def _inputs_of(row) -> TierInputs:
    last = row.last_follow_up or row.created_at
    return TierInputs(
        revenue_12m=Decimal(row.revenue_12m), revenue_prev_12m=Decimal(row.revenue_prev_12m),
        first_signed_on=row.first_signed_on, last_signed_on=row.last_signed_on,
        open_pipeline=Decimal(row.open_pipeline),
        last_follow_up_on=timezone.localtime(last).date() if last else None,
    )


def _recompute(customers, *, as_of: date, actor=None) -> dict:
    policy = TieringPolicy.current()
    changed, history = [], []
    tier_changes = status_changes = total = 0
    changed_by = actor if actor is not None and actor.is_authenticated else None
    for row in tier_inputs_queryset(customers, as_of=as_of).iterator(chunk_size=2000):
        total += 1
        inputs = _inputs_of(row)
        tier = row.tier if row.tier_pinned else tier_for(inputs, as_of=as_of, policy=policy)
        if row.status_pinned and row.status == CustomerStatus.LOST:
            status = row.status
        else:
            status = status_for(inputs, tier=tier, as_of=as_of, policy=policy)
        if tier == row.tier and status == row.status:
            continue
        for field, old, new in (("tier", row.tier, tier), ("status", row.status, status)):
            if old != new:
                history.append(CustomerTierChange(
                    customer_id=row.pk, field=field, old_value=old, new_value=new, as_of=as_of, changed_by=changed_by,
                ))
        tier_changes += tier != row.tier
        status_changes += status != row.status
        row.tier, row.status = tier, status
        changed.append(row)
    with transaction.atomic():
        Customer.objects.bulk_update(changed, ["tier", "status"], batch_size=1000)
        CustomerTierChange.objects.bulk_create(history, batch_size=1000)
    return {"as_of": as_of, "customers": total, "tier_changed": tier_changes, "status_changed": status_changes}


def customers_recompute_tiers(*, as_of: date, actor=None) -> dict:
    """Recompute the tier and lifecycle status of every customer as of `as_of` (the monthly job,
    `manage.py recompute_tiers` and the month close call this). Pinned tiers and lost-by-hand
    statuses are kept. Returns {"as_of", "customers", "tier_changed", "status_changed"}."""
    return _recompute(Customer.objects.all(), as_of=as_of, actor=actor)


def _record(customer: Customer, *, field: str, old: str, new: str, actor, reason: str = "") -> None:
    CustomerTierChange.objects.create(
        customer=customer, field=field, old_value=old, new_value=new, as_of=timezone.localdate(),
        changed_by=actor if actor.is_authenticated else None, reason=reason,
    )


def _required_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("At most %(limit)d characters.") % {"limit": 300}})
    errors = {}
    check_clean_text(errors, {"reason": reason})
    if errors:
        raise ValidationError(errors)
    return reason


@transaction.atomic
def customer_pin_tier(*, actor, customer: Customer, tier: str, reason: str) -> Customer:
    """Pin the tier by hand (supervisor or above, inside scope); the job never changes it."""
    require_role(actor, *SUPERVISING_ROLES, message=_("Only a supervisor or above may pin a tier."))
    ensure_customer_visible(user=actor, customer=customer)
    if tier not in Tier.values:
        raise ValidationError({"tier": _("Unknown tier “%(tier)s”.") % {"tier": tier}})
    reason = _required_reason(reason)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    _record(customer, field="pin", old=customer.tier, new=tier, actor=actor, reason=reason)
    if tier != customer.tier:
        _record(customer, field="tier", old=customer.tier, new=tier, actor=actor, reason=reason)
    customer.tier, customer.tier_pinned, customer.pin_reason = tier, True, reason
    customer.save(update_fields=["tier", "tier_pinned", "pin_reason", "updated_at"])
    return customer


@transaction.atomic
def customer_unpin_tier(*, actor, customer: Customer, reason: str = "") -> Customer:
    """Release a pinned tier; it is recomputed at once by the same rules as the job."""
    require_role(actor, *SUPERVISING_ROLES, message=_("Only a supervisor or above may pin a tier."))
    ensure_customer_visible(user=actor, customer=customer)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not customer.tier_pinned:
        raise ValidationError({"tier": _("The tier is not pinned.")})
    reason = (reason or "").strip()
    errors = {}
    check_clean_text(errors, {"reason": reason})
    if errors:
        raise ValidationError(errors)
    _record(customer, field="pin", old=customer.tier, new="unpinned", actor=actor, reason=reason)
    Customer.objects.filter(pk=customer.pk).update(tier_pinned=False, pin_reason="")
    _recompute(Customer.objects.filter(pk=customer.pk), as_of=timezone.localdate(), actor=actor)
    return Customer.objects.get(pk=customer.pk)


@transaction.atomic
def customer_mark_lost(*, actor, customer: Customer, reason: str) -> Customer:
    """Mark a customer lost by hand with a reason (anyone in sales who sees it); the job keeps it."""
    require_role(actor, *SALES_ROLES)
    ensure_customer_visible(user=actor, customer=customer)
    reason = _required_reason(reason)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.status != CustomerStatus.LOST:
        _record(customer, field="status", old=customer.status, new=CustomerStatus.LOST, actor=actor, reason=reason)
    customer.status, customer.status_pinned, customer.status_reason = CustomerStatus.LOST, True, reason
    customer.save(update_fields=["status", "status_pinned", "status_reason", "updated_at"])
    return customer


@transaction.atomic
def customer_reactivate(*, actor, customer: Customer) -> Customer:
    """Undo a lost-by-hand mark; the status is recomputed at once by the job's rules."""
    require_role(actor, *SALES_ROLES)
    ensure_customer_visible(user=actor, customer=customer)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not customer.status_pinned:
        raise ValidationError({"status": _("The customer was not marked lost by hand.")})
    Customer.objects.filter(pk=customer.pk).update(status_pinned=False, status_reason="")
    _recompute(Customer.objects.filter(pk=customer.pk), as_of=timezone.localdate(), actor=actor)
    return Customer.objects.get(pk=customer.pk)

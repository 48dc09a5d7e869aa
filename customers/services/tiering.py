"""A/B/C tiering and lifecycle status (SPEC §2.2, §2.3), recomputed for the whole customer base in
a fixed number of queries: one query joins every customer to its grouped contract, pipeline and
follow-up aggregates (plain tuples, no model instances), pure functions apply the rules, and only
the changed customers are written — one UPDATE for all of them and one INSERT of history."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, DateField, DateTimeField, DecimalField, F, Max, Min, Q, Sum, Value, When
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
from customers.services.health import HealthRecompute
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


#: The columns of one tier-input row, as `_tier_input_rows` yields them.
_CUSTOMER_COLUMNS = ("id", "tier", "tier_pinned", "status", "status_pinned", "created_at", "health_band")
_INPUT_FIELDS = (
    ("revenue_12m", MONEY), ("revenue_prev_12m", MONEY), ("first_signed_on", DateField()),
    ("last_signed_on", DateField()), ("open_pipeline", MONEY), ("last_follow_up", DateTimeField()),
)


def _grouped_inputs(*, as_of: date, customer_ids):
    """The three per-customer aggregates (contracts, open opportunities, follow-ups), each one
    GROUP BY over its table — the hash aggregates the database does in one pass each."""
    year_ago, two_years_ago = add_months(as_of, -TRAILING_MONTHS), add_months(as_of, -2 * TRAILING_MONTHS)
    contracts = Contract.objects.filter(signed_on__lte=as_of)
    opportunities = Opportunity.objects.filter(stage__in=OPEN_STAGES)
    followups = FollowUp.objects.filter(occurred_at__lte=_end_of_day(as_of))
    if customer_ids is not None:
        contracts, opportunities, followups = (
            rows.filter(customer_id__in=customer_ids) for rows in (contracts, opportunities, followups)
        )
    return {
        "k": contracts.order_by().values("customer_id").annotate(
            revenue_12m=Sum("amount", filter=Q(signed_on__gt=year_ago)),
            revenue_prev_12m=Sum("amount", filter=Q(signed_on__gt=two_years_ago, signed_on__lte=year_ago)),
            first_signed_on=Min("signed_on"), last_signed_on=Max("signed_on"),
        ).values("customer_id", "revenue_12m", "revenue_prev_12m", "first_signed_on", "last_signed_on"),
        "o": opportunities.order_by().values("customer_id").annotate(open_pipeline=Sum("amount"))
        .values("customer_id", "open_pipeline"),
        "f": followups.order_by().values("customer_id").annotate(last_follow_up=Max("occurred_at"))
        .values("customer_id", "last_follow_up"),
    }


def _tier_input_rows(*, as_of: date, customer_ids=None, chunk_size: int = 5000):
    """Every customer (or those of `customer_ids`) with its tier inputs, as plain tuples
    (`_CUSTOMER_COLUMNS` then `_INPUT_FIELDS`) — ONE SQL query whatever the number of customers:
    the customers LEFT JOINed to the three grouped aggregates (the ORM cannot join a derived
    table, so the grouped queries are compiled by the ORM and joined here). No model instances."""
    quote = connection.ops.quote_name
    customers = Customer.objects.order_by().values_list(*_CUSTOMER_COLUMNS)
    if customer_ids is not None:
        customers = customers.filter(pk__in=customer_ids)
    customers_sql, params = customers.query.sql_with_params()
    joins, columns = [], []
    for alias, grouped in _grouped_inputs(as_of=as_of, customer_ids=customer_ids).items():
        sql, grouped_params = grouped.query.sql_with_params()
        names = [name for name in grouped.query.values_select + tuple(grouped.query.annotation_select)
                 if name != "customer_id"]
        columns += [f"{alias}.{quote(name)}" for name in names]
        joins.append(f"LEFT JOIN ({sql}) {alias} ON {alias}.{quote('customer_id')} = c.{quote('id')}")
        params = (*params, *grouped_params)
    sql = f"SELECT c.*, {', '.join(columns)} FROM ({customers_sql}) c {' '.join(joins)} ORDER BY c.{quote('id')}"
    converters = _row_converters()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            if not converters:
                yield from rows
                continue
            for row in rows:
                row = list(row)
                for index, expression, steps in converters:
                    for step in steps:
                        row[index] = step(row[index], expression, connection)
                yield row


def _row_converters() -> list:
    """The columns whose raw database value is not yet the Python value the ORM would give (SQLite
    returns dates as text and sums as floats; PostgreSQL needs almost none): (index, expression,
    converter functions), the same converters the ORM runs."""
    fields = [Customer._meta.get_field(name) for name in _CUSTOMER_COLUMNS] + [f for _, f in _INPUT_FIELDS]
    converters = []
    for index, field in enumerate(fields):
        expression = Value(None, output_field=field)
        steps = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if steps:
            converters.append((index, expression, steps))
    return converters


def _recompute(*, as_of: date, customer_ids=None, actor=None, tiers: bool = True) -> dict:
    """Tier, status and health of every customer (or of `customer_ids`) as of `as_of`: one
    aggregate query in (plus the health facts' three), the rules applied to plain values, and only
    the changed rows written — one UPDATE for all of them (per chunk the backend's parameter limit
    allows) and one INSERT of history; the month's health rows in one bulk upsert. With
    `tiers=False` only the health is recomputed (the on-demand refresh of one customer)."""
    policy = TieringPolicy.current()
    health = HealthRecompute(as_of=as_of, customer_ids=customer_ids)
    changed: dict[int, tuple[str, str]] = {}
    history = []
    tier_changes = status_changes = total = 0
    changed_by = actor.pk if actor is not None and actor.is_authenticated else None
    local = timezone.get_current_timezone()
    for row in _tier_input_rows(as_of=as_of, customer_ids=customer_ids):
        (pk, old_tier, tier_pinned, old_status, status_pinned, created_at, old_band,
         revenue_12m, revenue_prev_12m, first_signed_on, last_signed_on, open_pipeline, last_follow_up) = row
        total += 1
        last = last_follow_up or created_at
        inputs = TierInputs(
            revenue_12m=revenue_12m or ZERO, revenue_prev_12m=revenue_prev_12m or ZERO,
            first_signed_on=first_signed_on, last_signed_on=last_signed_on, open_pipeline=open_pipeline or ZERO,
            last_follow_up_on=last.astimezone(local).date() if last else None,
        )
        tier = old_tier if tier_pinned or not tiers else tier_for(inputs, as_of=as_of, policy=policy)
        if status_pinned and old_status == CustomerStatus.LOST or not tiers:
            status = old_status
        else:
            status = status_for(inputs, tier=tier, as_of=as_of, policy=policy)
        health.add(customer_id=pk, old_band=old_band, has_contract=first_signed_on is not None,
                   last_contact_on=inputs.last_follow_up_on,
                   cadence=cadence_days(tier=tier, status=status, policy=policy),
                   revenue_12m=inputs.revenue_12m, revenue_prev_12m=inputs.revenue_prev_12m)
        if tier == old_tier and status == old_status:
            continue
        for field, old, new in (("tier", old_tier, tier), ("status", old_status, status)):
            if old != new:
                history.append((pk, field, old, new))
        tier_changes += tier != old_tier
        status_changes += status != old_status
        changed[pk] = (tier, status)
    with transaction.atomic():
        _write_tiers(changed)
        _write_history(history, as_of=as_of, changed_by=changed_by)
        health_counts = health.write()
    return {"as_of": as_of, "customers": total, "tier_changed": tier_changes, "status_changed": status_changes,
            **health_counts}


def recompute_health_only(*, as_of: date, customer_ids) -> dict:
    """The health of `customer_ids` as of `as_of`, tiers and statuses left as they are."""
    return _recompute(as_of=as_of, customer_ids=customer_ids, tiers=False)


def _write_tiers(changed: dict[int, tuple[str, str]]) -> None:
    """One UPDATE sets every changed customer's tier and status: CASE id IN (…) per value (three
    tiers, five statuses), so the statement grows with the changed ids only, never per field and
    row as `bulk_update` does. Chunked only where the backend bounds parameters (SQLite)."""
    if not changed:
        return
    limit = connection.features.max_query_params
    size = max(1, limit // 3) if limit else len(changed)
    ids = sorted(changed)
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        by_tier, by_status = defaultdict(list), defaultdict(list)
        for pk in chunk:
            tier, status = changed[pk]
            by_tier[tier].append(pk)
            by_status[status].append(pk)
        Customer.objects.filter(pk__in=chunk).update(
            tier=Case(*(When(pk__in=pks, then=Value(tier)) for tier, pks in by_tier.items()), default=F("tier")),
            status=Case(*(When(pk__in=pks, then=Value(status)) for status, pks in by_status.items()),
                        default=F("status")),
        )


def _write_history(history: list[tuple], *, as_of: date, changed_by: int | None) -> None:
    """One multi-row INSERT of (customer, field, old, new) tuples — what `bulk_create` writes,
    without building and preparing a model instance per row (58,000 of them on a first run took
    seconds). Chunked only where the backend bounds parameters (SQLite)."""
    if not history:
        return
    table, quote = CustomerTierChange._meta.db_table, connection.ops.quote_name
    columns = ("customer_id", "field", "old_value", "new_value", "as_of", "changed_by_id", "changed_at", "reason")
    shared = (connection.ops.adapt_datefield_value(as_of), changed_by,
              connection.ops.adapt_datetimefield_value(timezone.now()), "")
    limit = connection.features.max_query_params
    size = max(1, limit // len(columns)) if limit else len(history)
    row_sql = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(history), size):
            chunk = history[start:start + size]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES {', '.join([row_sql] * len(chunk))}",
                [value for row in chunk for value in (*row, *shared)],
            )


def customers_recompute_tiers(*, as_of: date, actor=None) -> dict:
    """Recompute the tier and lifecycle status of every customer as of `as_of` (the monthly job,
    `manage.py recompute_tiers` and the month close call this), and the health of every customer
    with a contract (SPEC §16.2). Pinned tiers and lost-by-hand statuses are kept. Returns
    {"as_of", "customers", "tier_changed", "status_changed", "health_scored", "health_band_changed"}."""
    return _recompute(as_of=as_of, actor=actor)


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
    _recompute(as_of=timezone.localdate(), customer_ids=[customer.pk], actor=actor)
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
    _recompute(as_of=timezone.localdate(), customer_ids=[customer.pk], actor=actor)
    return Customer.objects.get(pk=customer.pk)

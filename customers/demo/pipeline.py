"""Demo pipeline, contracts, receivables and payments (runs after the demo customers).

Over the last 18 months every sales owner signs contracts whose monthly total hovers around a
personal monthly base of 80,000–150,000 CNY times a performance factor of 0.75–1.4 (so attainment
against a target near the base spreads over roughly 60–130 %). Each owner has one or two key
accounts that take a large share (some reach tier A: ≥ 500,000 in 12 months with a first contract
over a year ago), a handful of mid accounts (tier B) and small ones; the rest stay prospects.
Contracts renew earlier ones of the same customer, some end within 60 days, receivables come in
one or two instalments (some overdue, some partially paid), and opportunities sit in every stage
(major ones with escalation reports; won ones linked to contracts). Deterministic with ctx.rng."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone

from common.demo import bulk_insert, keep_given_timestamps, shares
from common.periods import add_months
from customers.models import (
    Contract,
    Customer,
    EscalationReport,
    Opportunity,
    OpportunityStageChange,
    Payment,
    PipelinePolicy,
    Receivable,
    Stage,
)
from customers.models.pipeline import STAGE_ORDER
from teams.models import SALES_ROLES, Employee

if TYPE_CHECKING:
    from portal.demo import DemoContext

MONTHS = 18
PRODUCT_LINES = ["ERP", "CRM", "MES", "Cloud", "Services"]
LOST_REASONS = ["Price too high", "Chose a competitor", "Budget frozen", "Project cancelled", "No decision maker"]
HUNDRED = Decimal(100)


def _round_hundred(value: float) -> Decimal:
    return max(Decimal(1000), (Decimal(str(value)) / HUNDRED).quantize(Decimal(1)) * HUNDRED)


def _day_in_month(ctx: DemoContext, month_start: date, not_after: date) -> date:
    last = min((add_months(month_start, 1) - timedelta(days=1)), not_after)
    return month_start + timedelta(days=ctx.rng.randint(0, (last - month_start).days))


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed(ctx: DemoContext) -> None:
    if not ctx.data.get("customers"):
        return
    today = ctx.today
    policy = PipelinePolicy.current()
    customers_by_owner, created_on, created_at = defaultdict(list), {}, {}
    for row in Customer.objects.order_by("id").values("id", "owner_id", "created_at"):
        customers_by_owner[row["owner_id"]].append(row["id"])
        created_on[row["id"]] = min(timezone.localdate(row["created_at"]), today)
        created_at[row["id"]] = row["created_at"]
    ctx.data["customer_created_on"], ctx.data["customer_created_at"] = created_on, created_at
    owners = list(
        Employee.objects.filter(pk__in=list(customers_by_owner), role__in=SALES_ROLES).order_by("number")
    )
    contracts = _contracts(ctx, today, owners, customers_by_owner, policy)
    bulk_insert(Contract, contracts)
    contracts = list(Contract.objects.order_by("signed_on", "id"))
    _link_renewals(ctx, contracts, today)
    _receivables_and_payments(ctx, contracts, today)
    _opportunities(ctx, today, owners, customers_by_owner, contracts, policy)
    _backdate_customers(ctx, owners)
    ctx.data["contracts"] = contracts
    # The customers demo ran before any contract existed: grade the customers on their contracts now.
    from customers.services.tiering import customers_recompute_tiers

    customers_recompute_tiers(as_of=today)
    ctx.log(f"  {len(contracts)} contracts, {Receivable.objects.count()} receivables, "
            f"{Opportunity.objects.count()} opportunities")


def _contracts(ctx, today, owners, customers_by_owner, policy) -> list[Contract]:
    first_month = add_months(today.replace(day=1), -(MONTHS - 1))
    contracts, number = [], 0
    sales_base = {}
    plan = _large_contract_plan(ctx, today, owners, first_month) if ctx.large else {}
    for owner in owners:
        created_on = ctx.data["customer_created_on"]
        # Accounts that buy are the longer-standing ones (the newest customers are prospects).
        customer_ids = sorted(customers_by_owner[owner.pk], key=lambda pk: (created_on[pk], pk))[:14]
        ctx.rng.shuffle(customer_ids)
        key_count = 2 if ctx.rng.random() < 0.3 else 1
        key, mid, small = customer_ids[:key_count], customer_ids[key_count:key_count + 6], customer_ids[key_count + 6:key_count + 12]
        base = Decimal(ctx.rng.randrange(80, 151)) * 1000
        factor = ctx.rng.uniform(0.75, 1.4)
        sales_base[owner.pk] = base
        for index in range(MONTHS):
            month = add_months(first_month, index)
            if month > today or add_months(month, 1) <= owner.hire_date:
                continue
            total = float(base) * factor * ctx.rng.uniform(0.8, 1.2)
            tenure_months = (month.year - owner.hire_date.year) * 12 + month.month - owner.hire_date.month
            if tenure_months < 3:
                # New hires ramp up: the first month counts only the days employed.
                month_days = (add_months(month, 1) - month).days
                employed = (add_months(month, 1) - max(month, owner.hire_date)).days / month_days
                total *= (0.4 * employed, 0.65, 0.85)[tenure_months]
            if month.year == today.year and month.month == today.month:
                total *= min(1.0, today.day / 28)  # the running month is only partly done
            pieces = plan[owner.pk, month] if plan else ctx.rng.choice([1, 2, 2, 3])
            for piece in range(pieces):
                pool = key if piece == 0 and key else mid if ctx.rng.random() < 0.75 and mid else small or mid or key
                if not pool:
                    continue
                signed_on = _day_in_month(ctx, month, today)
                if signed_on < owner.hire_date:
                    signed_on = owner.hire_date
                start_on = signed_on + timedelta(days=ctx.rng.randint(0, 10))
                number += 1
                share = 0.55 if piece == 0 and pieces > 1 else 1.0 / pieces if not plan \
                    else 0.45 / (pieces - 1) if pieces > 1 else 1.0
                delivered = signed_on + timedelta(days=ctx.rng.choice([0, 1, 2, 3, 3, 4, 6]))
                contracts.append(Contract(
                    number=f"HT-{signed_on:%Y%m}-{number:05d}", customer_id=_existing_on(ctx, pool, signed_on),
                    owner_id=owner.pk,
                    amount=_round_hundred(total * share), product_line=ctx.rng.choice(PRODUCT_LINES),
                    gross_margin_pct=Decimal(ctx.rng.randint(15, 45)), signed_on=signed_on, start_on=start_on,
                    end_on=start_on + timedelta(days=ctx.rng.choice([364, 364, 364, 181, 729])),
                    delivery_due_on=signed_on + timedelta(days=policy.delivery_sla_days),
                    delivery_confirmed_on=delivered if delivered <= today and ctx.rng.random() < 0.95 else None,
                ))
    ctx.data["monthly_sales_base"] = sales_base
    return contracts


def _large_contract_plan(ctx, today, owners, first_month) -> dict:
    """Large demo: how many contracts each owner signs in each month they were employed, exactly
    `ctx.sizes["contracts"]` in all (shared by months employed, uneven from month to month)."""
    months_of = {
        owner.pk: [m for m in (add_months(first_month, i) for i in range(MONTHS))
                   if m <= today and add_months(m, 1) > owner.hire_date]
        for owner in owners
    }
    quotas = shares(ctx.sizes["contracts"], [len(months_of[owner.pk]) for owner in owners])
    plan = {}
    for owner, quota in zip(owners, quotas, strict=True):
        months = months_of[owner.pk]
        for month, count in zip(months, shares(quota, [ctx.rng.uniform(0.5, 1.5) for _ in months]), strict=True):
            plan[owner.pk, month] = count
    return plan


def _link_renewals(ctx, contracts, today) -> None:
    """A contract signed from 60 days before to 30 days after an earlier contract of the same
    customer ends renews it (most of the time; some customers let contracts lapse)."""
    by_customer = defaultdict(list)
    for contract in contracts:
        by_customer[contract.customer_id].append(contract)
    changed, renewed = [], set()
    for rows in by_customer.values():
        for earlier in rows:
            if ctx.rng.random() < 0.2:
                continue
            for later in rows:
                if later.renews_id is None and later.pk != earlier.pk and earlier.pk not in renewed \
                        and later.signed_on >= earlier.signed_on \
                        and earlier.end_on - timedelta(days=60) <= later.signed_on <= earlier.end_on + timedelta(days=30):
                    later.renews_id = earlier.pk
                    renewed.add(earlier.pk)
                    changed.append(later)
                    break
    Contract.objects.bulk_update(changed, ["renews"], batch_size=2000)


def _existing_on(ctx, pool: list[int], day: date, *, backdate: bool = True) -> int:
    """A customer of `pool` that already existed on `day`. When none did, the oldest of the pool
    is taken and (with `backdate`) recorded as created a little before `day`, so its history
    never starts before the customer."""
    created_on = ctx.data["customer_created_on"]
    existing = [pk for pk in pool if created_on[pk] <= day]
    if existing:
        return ctx.rng.choice(existing)
    oldest = min(pool, key=lambda pk: (created_on[pk], pk))
    if backdate:
        created_on[oldest] = day - timedelta(days=ctx.rng.randint(1, 30))
        ctx.data["customer_created_at"][oldest] = timezone.make_aware(
            datetime.combine(created_on[oldest], time(ctx.rng.randint(9, 17), 0))
        )
        ctx.data.setdefault("backdated_customers", set()).add(oldest)
    return oldest


def _backdate_customers(ctx, owners) -> None:
    """Write the earlier creation dates `_existing_on` decided (a customer created before its
    owner was hired was inherited: no creator)."""
    backdated = ctx.data.pop("backdated_customers", set())
    if not backdated:
        return
    hired = {owner.pk: owner.hire_date for owner in owners}
    created_on, created_at = ctx.data["customer_created_on"], ctx.data["customer_created_at"]
    customers = list(Customer.objects.filter(pk__in=backdated).only("pk", "owner_id", "created_by_id", "created_at"))
    for customer in customers:
        day = created_on[customer.pk]
        customer.created_at = created_at[customer.pk]
        if day < hired.get(customer.owner_id, day):
            customer.created_by_id = None
    Customer.objects.bulk_update(customers, ["created_at", "created_by"], batch_size=2000)


def _receivables_and_payments(ctx, contracts, today) -> None:
    """One or two instalments per contract; what was paid is decided up front, so each receivable
    is written once with its `paid_amount` and its payment follows in one bulk insert."""
    receivables, planned_payments = [], []
    for contract in contracts:
        if ctx.rng.random() < 0.5:
            first = (contract.amount / 2).quantize(Decimal("0.01"))
            plan = [(30, first), (90, contract.amount - first)]
        else:
            plan = [(30, contract.amount)]
        for days, amount in plan:
            due_on = contract.signed_on + timedelta(days=days)
            paid, paid_on = _planned_payment(ctx, due_on, amount, today)
            receivables.append(Receivable(contract_id=contract.pk, due_on=due_on, amount=amount, paid_amount=paid))
            planned_payments.append((paid, paid_on))
    before = Receivable.objects.aggregate(last=Max("id"))["last"] or 0
    bulk_insert(Receivable, receivables)
    ids = list(Receivable.objects.filter(pk__gt=before).order_by("id").values_list("id", flat=True))
    bulk_insert(
        Payment,
        (Payment(receivable_id=pk, amount=paid, paid_on=paid_on)
         for pk, (paid, paid_on) in zip(ids, planned_payments, strict=True) if paid > 0),
    )


def _planned_payment(ctx, due_on: date, amount: Decimal, today: date) -> tuple[Decimal, date]:
    roll = ctx.rng.random()
    # Old receivables are nearly all collected; recent ones are often still open or part-paid.
    unpaid, partial = (0.01, 0.03) if due_on < today - timedelta(days=90) else (0.08, 0.18)
    if due_on > today:
        return ((amount / 2).quantize(Decimal("0.01")) if roll < 0.15 else Decimal("0.00")), today
    if roll < unpaid:
        return Decimal("0.00"), today  # overdue, nothing paid
    paid = amount if roll >= partial else (amount * Decimal("0.4")).quantize(Decimal("0.01"))
    return paid, min(today, due_on + timedelta(days=ctx.rng.randint(-10, 12)))


def _opportunities(ctx, today, owners, customers_by_owner, contracts, policy) -> None:
    contracts_by_owner = defaultdict(list)
    for contract in contracts:
        if contract.signed_on >= today - timedelta(days=180):
            contracts_by_owner[contract.owner_id].append(contract)
    opportunities, plans = [], []
    user_of = {owner.pk: owner.user_id for owner in owners}  # the report's author is the owner's user
    for owner in owners:
        customer_ids = customers_by_owner[owner.pk]
        for stage in [Stage.LEAD, Stage.CONTACTED, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL, Stage.NEGOTIATION,
                      Stage.LOST, Stage.WON, Stage.WON]:
            contract = None
            if stage == Stage.WON:
                mine = contracts_by_owner[owner.pk]
                if not mine:
                    continue
                contract = mine.pop(ctx.rng.randrange(len(mine)))
            amount = contract.amount if contract else _round_hundred(ctx.rng.choice([20, 40, 60, 80, 120, 180]) * 1000
                                                                     * ctx.rng.uniform(0.8, 1.2))
            created = today - timedelta(days=ctx.rng.randint(10, 120 if stage == Stage.LOST else 60))
            if contract is not None:
                created = contract.signed_on - timedelta(days=ctx.rng.randint(20, 60))
                customer_id = contract.customer_id
            else:
                customer_id = _existing_on(ctx, customer_ids, created, backdate=False)
            # Nothing happens to a customer before it was created.
            created = max(created, ctx.data["customer_created_on"][customer_id])
            if contract is not None:
                created = min(created, contract.signed_on)
            closed_on = contract.signed_on if contract else (
                created + timedelta(days=ctx.rng.randint(0, (today - created).days)) if stage == Stage.LOST else None)
            index = STAGE_ORDER.index(stage) if stage != Stage.LOST else ctx.rng.randint(1, 4)
            needs_on = None
            if index >= 2:
                needs_on = min(created + timedelta(days=ctx.rng.randint(3, 15)), closed_on or today)
            quote_on = None
            if needs_on and index >= 3 and ctx.rng.random() < 0.8:
                quote_on = min(needs_on + timedelta(days=ctx.rng.choice([0, 1, 2, 2, 3, 5])), closed_on or today)
            opportunity = Opportunity(
                customer_id=customer_id, owner_id=owner.pk,
                name=f"{ctx.rng.choice(PRODUCT_LINES)} {ctx.rng.choice(['upgrade', 'rollout', 'expansion', 'pilot'])}",
                amount=amount, product_line=contract.product_line if contract else ctx.rng.choice(PRODUCT_LINES),
                expected_close_on=today + timedelta(days=ctx.rng.randint(15, 90)) if closed_on is None else closed_on,
                stage=stage, needs_confirmed_on=needs_on, quote_submitted_on=quote_on,
                quote_due_on=needs_on + timedelta(days=policy.quote_sla_days) if needs_on else None,
                lost_reason=ctx.rng.choice(LOST_REASONS) if stage == Stage.LOST else "",
                closed_on=closed_on, contract_id=contract.pk if contract else None,
            )
            # On the customer's first day, the opportunity opens after the customer was created.
            opportunity.created_at = max(_aware(created), ctx.data["customer_created_at"][customer_id])
            opportunities.append(opportunity)
            plans.append((created, index, stage))
    before = Opportunity.objects.aggregate(last=Max("id"))["last"] or 0
    with keep_given_timestamps(Opportunity._meta.get_field("created_at")):
        Opportunity.objects.bulk_create(opportunities, batch_size=2000)
    saved = list(Opportunity.objects.filter(pk__gt=before).order_by("id"))
    changes, reports = [], []
    for opportunity, (created, index, stage) in zip(saved, plans, strict=True):
        path = [""] + list(STAGE_ORDER[: index + 1]) + ([Stage.LOST] if stage == Stage.LOST else [])
        end = opportunity.closed_on or today
        steps = len(path) - 1
        for position in range(steps):
            when = created + timedelta(days=(end - created).days * position // max(steps, 1))
            changes.append(OpportunityStageChange(
                opportunity_id=opportunity.pk, old_stage=path[position], new_stage=path[position + 1],
                changed_at=max(_aware(when), opportunity.created_at),
            ))
        if opportunity.amount >= policy.major_opportunity_amount and (index >= 2 or ctx.rng.random() < 0.5):
            reports.append(EscalationReport(
                opportunity_id=opportunity.pk, written_by_id=user_of[opportunity.owner_id],
                background="Group company with several plants; long-standing relationship.",
                needs_detail="Replace the legacy system in two phases; integration with finance.",
                progress="Workshops held; technical proposal under review.",
                risks="Competitor discount; budget approval in the next quarter.",
            ))
    bulk_insert(OpportunityStageChange, changes)
    EscalationReport.objects.bulk_create(reports, batch_size=2000)

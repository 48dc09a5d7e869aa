"""Demo complaints (SPEC §16.1), after the pipeline (they concern customers with contracts).

Small: about three complaints per rep over the last 60 days in every state — open (some past
their first-response SLA), in progress (some past resolution), resolved, closed with the
customer's confirmation, reopened — with every step recorded; a few routed by the supervisor to a
teammate. Large: `ctx.sizes["complaints"]` (5,000) spread over the year, written in bulk.
Deterministic with `ctx.rng`; due times by the same SLA rule as the service (working days)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from common.calendar import working_days
from common.demo import bulk_insert
from customers.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintSla,
    ComplaintStatus,
    ComplaintTransition,
    Contract,
    Customer,
    CustomerStatus,
    Receivable,
    SatisfactionSurvey,
    Severity,
)
from customers.rules import sla_due_at
from teams.models import Employee

if TYPE_CHECKING:
    from portal.demo import DemoContext

LARGE_COMPLAINTS = 5_000
DESCRIPTIONS = [
    ("设备到货后外壳有破损，要求更换", ComplaintCategory.PRODUCT_QUALITY),
    ("交付比合同约定晚了两周，影响客户生产", ComplaintCategory.DELIVERY),
    ("客服电话多次无人接听，态度冷淡", ComplaintCategory.SERVICE_ATTITUDE),
    ("三月发票金额与合同不符，多开了一笔", ComplaintCategory.BILLING),
    ("系统升级后报表无法导出", ComplaintCategory.PRODUCT_QUALITY),
    ("The installation team left the site unfinished", ComplaintCategory.DELIVERY),
    ("Invoice sent to the wrong department twice", ComplaintCategory.BILLING),
    ("实施顾问频繁更换，沟通成本高", ComplaintCategory.OTHER),
]
RESOLUTIONS = ["已安排免费更换并补发配件", "已补偿一个月服务费并调整交付计划", "已向客户致歉并更换客服对接人",
               "已重开正确发票并作废错误发票", "Fixed in the patch release; verified with the customer"]
CONFIRMATIONS = ["客户电话确认满意", "客户微信回复确认已解决", "The customer confirmed by email"]
#: The states in turn (every one within the first five; closed the most common), the open ones
#: partly breached.
STATES = [ComplaintStatus(code) for code in (
    "open", "in_progress", "resolved", "closed", "reopened", "closed", "open", "in_progress", "closed", "resolved",
    "open", "closed", "in_progress", "closed")]
SEVERITIES = [Severity.LOW, Severity.NORMAL, Severity.NORMAL, Severity.NORMAL, Severity.HIGH, Severity.CRITICAL]


def seed(ctx: DemoContext) -> None:
    now = timezone.make_aware(datetime.combine(ctx.today, time(9, 0)))
    if ctx.today == timezone.localdate():
        now = min(now, timezone.now())
    owners_of = dict(Contract.objects.order_by().values_list("customer_id", "customer__owner_id").distinct())
    if not owners_of:
        return
    by_owner = defaultdict(list)
    for customer_id, owner_id in sorted(owners_of.items()):
        by_owner[owner_id].append(customer_id)
    owners = {e.pk: e for e in Employee.objects.filter(pk__in=list(by_owner)).select_related("org_unit")}
    count = ctx.sizes.get("complaints", LARGE_COMPLAINTS) if ctx.large else 3 * len(by_owner)
    horizon_days = 365 if ctx.large else 60
    slas = {sla.severity: sla for sla in (ComplaintSla.for_severity(s) for s in Severity.values)}
    workdays = working_days(ctx.today - timedelta(days=horizon_days + 1), ctx.today + timedelta(days=60))
    teammates = defaultdict(list)
    for employee in owners.values():
        teammates[employee.org_unit_id].append(employee)
    states = STATES
    owner_ids = sorted(by_owner)
    complaints, steps = [], []
    for index in range(count):
        owner = owners[owner_ids[index % len(owner_ids)]]
        customer_id = ctx.rng.choice(by_owner[owner.pk])
        severity = ctx.rng.choice(SEVERITIES)
        status = states[index % len(states)] if not ctx.large else ctx.rng.choice(states)
        age_days = ctx.rng.randint(0, 6) if status == ComplaintStatus.OPEN else ctx.rng.randint(3, horizon_days)
        received = now - timedelta(days=age_days, hours=ctx.rng.randint(0, 8), minutes=ctx.rng.randint(0, 59))
        local = timezone.localtime(received)
        after = workdays[bisect_right(workdays, local.date()):]
        sla = slas[severity]
        response_due = sla_due_at(local, working_days=sla.response_working_days, workdays_after=after)
        resolution_due = sla_due_at(local, working_days=sla.resolution_working_days, workdays_after=after)
        description, category = ctx.rng.choice(DESCRIPTIONS)
        handler = owner
        if index % 9 == 4 and len(teammates[owner.org_unit_id]) > 1:
            handler = ctx.rng.choice([e for e in teammates[owner.org_unit_id] if e.pk != owner.pk])
        complaint = Complaint(
            customer_id=customer_id, received_at=received, channel=ctx.rng.choice(ComplaintChannel.values),
            category=category, severity=severity, description=description, owner=owner, handler=handler,
            status=status, response_due_at=response_due, resolution_due_at=resolution_due,
            created_at=received,
        )
        complaints.append(complaint)
        steps.append(_life(ctx, complaint, handler_changed=handler is not owner, now=now))
    bulk_insert(Complaint, complaints)
    transitions = []
    for complaint, life in zip(complaints, steps, strict=True):
        for action, old, new, at, note in life:
            transitions.append(ComplaintTransition(complaint_id=complaint.pk, action=action, from_status=old,
                                                   to_status=new, at=at, note=note))
    bulk_insert(ComplaintTransition, transitions)
    troubled = _troubled_customers(ctx, now=now, workdays=workdays, slas=slas)
    ctx.log(f"  {len(complaints)} complaints; {troubled} troubled customers")


def _troubled_customers(ctx, *, now: datetime, workdays: list, slas: dict) -> int:
    """A few customers whose revenue already fell (churn risk) also stopped paying, complained
    twice without an answer and scored a survey low, so the health bands include `at_risk`."""
    candidates = list(Customer.objects.filter(status=CustomerStatus.CHURN_RISK, contracts__isnull=False)
                      .distinct().select_related("owner").order_by("id"))
    count = max(6, len(candidates) // 4) if not ctx.large else len(candidates) // 10
    ctx.rng.shuffle(candidates)
    candidates.sort(key=lambda customer: customer.tier)  # A and B first: their move alerts
    chosen = candidates[:count]
    latest = {}
    for contract in Contract.objects.filter(customer__in=chosen).order_by("signed_on", "id"):
        latest[contract.customer_id] = contract
    complaints, receivables, surveys = [], [], []
    sla = slas[Severity.HIGH]
    for customer in chosen:
        contract = latest[customer.pk]
        receivables.append(Receivable(contract=contract, due_on=ctx.today - timedelta(days=45),
                                      amount=min(contract.amount, Decimal("20000.00"))))
        surveys.append(SatisfactionSurvey(customer=customer, owner=customer.owner, score=ctx.rng.randint(20, 45),
                                          surveyed_on=ctx.today - timedelta(days=ctx.rng.randint(5, 40)),
                                          comment="问题迟迟没有解决"))
        for days in (12, 5):
            received = now - timedelta(days=days)
            local = timezone.localtime(received)
            after = workdays[bisect_right(workdays, local.date()):]
            complaints.append(Complaint(
                customer=customer, received_at=received, channel=ComplaintChannel.PHONE,
                category=ComplaintCategory.SERVICE_ATTITUDE, severity=Severity.HIGH,
                description="多次反映问题没有人跟进，考虑更换供应商", owner=customer.owner, handler=customer.owner,
                response_due_at=sla_due_at(local, working_days=sla.response_working_days, workdays_after=after),
                resolution_due_at=sla_due_at(local, working_days=sla.resolution_working_days, workdays_after=after),
                created_at=received,
            ))
    bulk_insert(Receivable, receivables)
    bulk_insert(SatisfactionSurvey, surveys)
    bulk_insert(Complaint, complaints)
    bulk_insert(ComplaintTransition, (ComplaintTransition(complaint_id=c.pk, action="log", to_status="open",
                                                          at=c.received_at) for c in complaints))
    return len(chosen)


def _life(ctx, complaint: Complaint, *, handler_changed: bool, now: datetime) -> list[tuple]:
    """The steps that led to the complaint's status, with plausible times (some late: breaches),
    never after `now`; sets the complaint's responded/resolved/closed times and texts."""
    at = complaint.received_at
    steps = [("log", "", ComplaintStatus.OPEN, at, "")]
    if handler_changed:
        steps.append(("assign", ComplaintStatus.OPEN, ComplaintStatus.OPEN, at + timedelta(minutes=20), ""))
    if complaint.status == ComplaintStatus.OPEN:
        return steps

    def later(base: datetime, hours: int) -> datetime:
        return min(base + timedelta(hours=hours), now)

    # About one in five answers or resolves late, so the breach flags and alerts have data.
    late = ctx.rng.random() < 0.2
    complaint.responded_at = later(at, ctx.rng.randint(30, 60) if late else ctx.rng.randint(1, 20))
    steps.append(("start", ComplaintStatus.OPEN, ComplaintStatus.IN_PROGRESS, complaint.responded_at, ""))
    if complaint.status == ComplaintStatus.IN_PROGRESS:
        return steps
    span = (complaint.resolution_due_at - complaint.responded_at).total_seconds() / 3600
    resolved = later(complaint.responded_at, int(span + ctx.rng.randint(2, 48)) if late else
                     max(1, int(span * ctx.rng.uniform(0.2, 0.9))))
    complaint.resolution = ctx.rng.choice(RESOLUTIONS)
    complaint.resolved_at = resolved
    steps.append(("resolve", ComplaintStatus.IN_PROGRESS, ComplaintStatus.RESOLVED, resolved, complaint.resolution))
    if complaint.status == ComplaintStatus.RESOLVED:
        return steps
    if complaint.status == ComplaintStatus.REOPENED:
        complaint.resolved_at = None
        steps.append(("reopen", ComplaintStatus.RESOLVED, ComplaintStatus.REOPENED, later(resolved, 24),
                      "客户反馈问题再次出现"))
        return steps
    complaint.confirmation = ctx.rng.choice(CONFIRMATIONS)
    complaint.closed_at = later(resolved, ctx.rng.randint(2, 48))
    steps.append(("close", ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED, complaint.closed_at,
                  complaint.confirmation))
    return steps

"""Demo expenses: budgets for every team and category (this month and the two before, plus each
region's quarter for events and marketing) and claims in every state, filed and moved through the
real services on the small demo — one rejected and resubmitted, one refused for its budget (it
waits in the supervisor's queue, "over by …"), event claims that give the held events their cost,
entertainment that names a customer. The large demo adds twelve months of budgets and claims for
1,000 reps in bulk (no per-row saves)."""

from __future__ import annotations

import hashlib
import struct
import zlib
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils import timezone

from common.demo import bulk_insert, keep_given_timestamps
from common.exceptions import ApplicationError
from common.periods import Period
from expenses import services
from expenses.models import (
    Category,
    ClaimStatus,
    ExpenseBudget,
    ExpenseClaim,
    ExpenseClaimTransition,
)
from teams.models import Employee, OrgUnit, Role, UnitKind

if TYPE_CHECKING:
    from portal.demo import DemoContext

#: A team's monthly budget per category (CNY).
TEAM_MONTHLY = {
    Category.CUSTOMER_INVITATION: Decimal("4000.00"), Category.EVENT: Decimal("8000.00"),
    Category.MARKETING: Decimal("5000.00"), Category.TRAVEL: Decimal("9000.00"),
    Category.ENTERTAINMENT: Decimal("6000.00"), Category.OTHER: Decimal("1500.00"),
}
#: A region's quarterly budget for the categories regions also cap.
REGION_QUARTERLY = {Category.EVENT: Decimal("60000.00"), Category.MARKETING: Decimal("40000.00")}

#: (category, amount, purpose, days ago) of the claims each rep files on the small demo.
CLAIMS = [
    (Category.TRAVEL, "186.50", "高铁 上海—苏州 拜访客户 Train to Suzhou for a customer visit", 40),
    (Category.ENTERTAINMENT, "420.00", "客户午餐 Lunch with the customer's buyer", 25),
    (Category.TRAVEL, "95.00", "出租车 Taxi to the client site", 3),
]


def _png(serial: int, *, width: int = 180, height: int = 260) -> bytes:
    """A receipt-like PNG (paper with grey print lines); its text chunk makes each receipt's content
    (and fingerprint) its own."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    paper, ink = b"\xfb\xf8\xef", b"\x9a\x9a\x9a"
    rows = []
    for y in range(height):
        printed = 20 <= y < height - 20 and y % 14 in (0, 1)
        line_end = width - 20 - (y * 7 + serial * 13) % 70
        rows.append(b"\x00" + b"".join(ink if printed and 16 <= x < line_end else paper for x in range(width)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", f"Comment\x00receipt {serial}".encode())
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def _receipt(serial: int) -> ContentFile:
    return ContentFile(_png(serial), name=f"receipt-{serial}.png")


def _budget(unit, category, period: Period, amount) -> ExpenseBudget:
    return ExpenseBudget(org_unit=unit, category=category, period=str(period), period_kind=period.kind,
                         start=period.start, end=period.end, amount=amount)


def seed(ctx: DemoContext) -> None:
    company = ctx.data.get("company") or OrgUnit.objects.filter(kind=UnitKind.COMPANY).first()
    if company is None:
        return
    units = list(OrgUnit.objects.subtree_of(company).select_related("head__user"))
    teams = [u for u in units if u.kind == UnitKind.TEAM]
    regions = [u for u in units if u.kind == UnitKind.REGION]
    if ctx.large:
        _seed_large(ctx, teams, regions)
    else:
        _seed_small(ctx, teams, regions)


def _months(ctx, count: int) -> list[Period]:
    months = [Period.of_month(ctx.today)]
    while len(months) < count:
        months.insert(0, months[0].previous_month())
    return months


def _seed_budgets(ctx, teams, regions, months) -> int:
    rows = [_budget(team, category, month, amount) for team in teams for month in months
            for category, amount in TEAM_MONTHLY.items()]
    quarters = sorted({Period(m.year, quarter=(m.month - 1) // 3 + 1) for m in months})
    rows += [_budget(region, category, quarter, amount) for region in regions for quarter in quarters
             for category, amount in REGION_QUARTERLY.items()]
    return bulk_insert(ExpenseBudget, rows)


def _seed_small(ctx, teams, regions) -> None:
    from customers.models import Customer
    from events.models import EventStatus, MarketingEvent

    budgets = _seed_budgets(ctx, teams, regions, _months(ctx, 3))
    people = list(Employee.objects.filter(org_unit__in=teams, active=True, role=Role.REP)
                  .select_related("user", "org_unit__head__user").order_by("number"))
    finance = Employee.objects.filter(role=Role.FINANCE, active=True).select_related("user").first()
    customers = {}
    for customer_id, owner_id in Customer.objects.filter(owner__in=people).order_by("pk").values_list("pk", "owner_id"):
        customers.setdefault(owner_id, customer_id)
    customer_by_id = Customer.objects.in_bulk(list(customers.values()))
    held = list(MarketingEvent.objects.filter(status__in=[EventStatus.HELD, EventStatus.CLOSED],
                                              starts_at__lt=timezone.now()).order_by("-starts_at")[:4])
    today, serial = ctx.today, 0

    def file(person, category, amount, purpose, days_ago, **links):
        nonlocal serial
        serial += 1
        return services.expense_claim_create(
            actor=person.user, category=category, amount=Decimal(amount), purpose=purpose,
            incurred_on=today - timedelta(days=days_ago), invoice_number=f"DEMO{ctx.seed:02d}{serial:05d}",
            receipt=_receipt(ctx.seed * 100000 + serial), **links)

    for index, person in enumerate(people):
        supervisor = person.org_unit.head
        if supervisor is None:
            continue
        # What happens to each of the rep's claims: the older the claim, the further it went.
        fates = [["paid", "manager", "submitted"], ["paid", "rejected", "draft"],
                 ["finance", "manager", "submitted"]][index % 3]
        for (category, amount, purpose, days_ago), fate in zip(CLAIMS, fates, strict=True):
            links = {}
            if category == Category.ENTERTAINMENT and person.pk in customers:
                links["customer"] = customer_by_id[customers[person.pk]]
            claim = file(person, category, amount, purpose, days_ago + index % 5, **links)
            _move(claim, fate, person=person, supervisor=supervisor, finance=finance)
    if people and people[0].org_unit.head is not None:
        rep, supervisor = people[0], people[0].org_unit.head
        # Rejected for a blurry receipt, corrected and resubmitted, then approved.
        claim = file(rep, Category.TRAVEL, "328.00", "机票改签费 Flight change fee", 20)
        services.expense_claim_submit(claim=claim, actor=rep.user)
        services.expense_claim_reject(claim=claim, actor=supervisor.user,
                                      reason="发票照片模糊，请重新拍摄 The receipt photo is blurry: please retake it")
        services.expense_claim_update(actor=rep.user, claim=claim, data={"receipt": _receipt(ctx.seed * 100000 + 99001)})
        services.expense_claim_submit(claim=claim, actor=rep.user)
        services.expense_claim_approve(claim=claim, actor=supervisor.user)
        # Over its budget: the supervisor's approval is refused; it waits in the queue, "over by …".
        big = file(rep, Category.OTHER, "2600.00", "展台物料 Booth materials for the trade fair", 2)
        services.expense_claim_submit(claim=big, actor=rep.user)
        try:
            services.expense_claim_approve(claim=big, actor=supervisor.user)
        except ApplicationError as refusal:
            ctx.log(f"  expenses: refused as planned — {refusal.message}")
    for event in held:
        organiser = (Employee.objects.filter(org_unit__in=OrgUnit.objects.subtree_of(event.org_unit), role=Role.REP,
                                             active=True, org_unit__head__isnull=False)
                     .select_related("user", "org_unit__head__user").order_by("number").first())
        if organiser is None:
            continue
        days = max(0, (today - timezone.localtime(event.starts_at).date()).days)
        if days > 85:
            continue
        for category, amount, purpose in ((Category.EVENT, "3200.00", f"会场租赁 Venue hire · {event.title}"),
                                          (Category.CUSTOMER_INVITATION, "680.00", f"伴手礼 Gifts · {event.title}")):
            try:
                claim = file(organiser, category, amount, purpose, days, event=event)
            except ApplicationError:
                continue
            _move(claim, "finance", person=organiser, supervisor=organiser.org_unit.head, finance=finance)
    ctx.log(f"  expenses: {budgets} budgets, {ExpenseClaim.objects.count()} claims")


def _move(claim, fate: str, *, person, supervisor, finance) -> None:
    """Take a draft as far as `fate` says, through the services (a refusal leaves it where it is)."""
    if fate == "draft":
        return
    try:
        services.expense_claim_submit(claim=claim, actor=person.user)
        if fate == "submitted":
            return
        if fate == "rejected":
            services.expense_claim_reject(claim=claim, actor=supervisor.user,
                                          reason="请补充客户名称 Name the customer you met, please")
            return
        services.expense_claim_approve(claim=claim, actor=supervisor.user)
        if fate == "manager" or finance is None:
            return
        services.expense_claim_approve(claim=claim, actor=finance.user)
        if fate == "paid":
            services.expense_claim_pay(claim=claim, actor=finance.user)
    except ApplicationError:
        return


def _seed_large(ctx, teams, regions) -> None:
    """Twelve months of budgets and about one claim per rep and month, written in bulk: the
    states by age (older claims paid, this month's waiting), each with its transitions."""
    months = _months(ctx, 12)
    budgets = _seed_budgets(ctx, teams, regions, months)
    reps = list(Employee.objects.filter(org_unit__in=teams, role=Role.REP, active=True).values_list("pk", "user_id"))
    heads = dict(OrgUnit.objects.filter(pk__in=[t.pk for t in teams]).values_list("pk", "head__user_id"))
    unit_of = dict(Employee.objects.filter(pk__in=[pk for pk, _user in reps]).values_list("pk", "org_unit_id"))
    finance_user = Employee.objects.filter(role=Role.FINANCE, active=True).values_list("user_id", flat=True).first()
    categories = list(TEAM_MONTHLY)
    now = timezone.now()
    claims, paths = [], []
    for month_index, month in enumerate(months):
        age = len(months) - 1 - month_index
        for rep_index, (rep_id, user_id) in enumerate(reps):
            if ctx.rng.random() < 0.15:
                continue
            day = month.start + timedelta(days=ctx.rng.randrange(min(month.days, 28)))
            if day > ctx.today:
                day = ctx.today
            category = categories[(rep_index + month_index) % len(categories)]
            amount = Decimal(ctx.rng.randrange(5000, 90000)) / 100
            status = (ClaimStatus.PAID if age >= 2 else ClaimStatus.FINANCE_APPROVED if age == 1
                      else [ClaimStatus.SUBMITTED, ClaimStatus.MANAGER_APPROVED, ClaimStatus.DRAFT][rep_index % 3])
            serial = len(claims) + 1
            submitted = (timezone.make_aware(datetime.combine(day + timedelta(days=1), time(10)))
                         if status != ClaimStatus.DRAFT else None)
            claims.append(ExpenseClaim(
                claimant_id=rep_id, category=category, amount=amount, incurred_on=day,
                purpose="差旅与客户拜访 Travel and customer visits", invoice_number=f"L{ctx.seed:02d}{serial:07d}",
                receipt="" if status == ClaimStatus.DRAFT else "receipts/demo/large.png",
                receipt_content_type="" if status == ClaimStatus.DRAFT else "image/png",
                receipt_sha256="" if status == ClaimStatus.DRAFT else hashlib.sha256(f"L{serial}".encode()).hexdigest(),
                status=status, submitted_at=submitted, created_at=submitted or now, updated_at=now))
            paths.append((status, user_id, heads.get(unit_of[rep_id]), submitted))
    # bulk_create, not COPY: `bulk_insert` does not write file columns; 12,000 rows take a second.
    with keep_given_timestamps(ExpenseClaim._meta.get_field("created_at")):
        ExpenseClaim.objects.bulk_create(claims, batch_size=2000)
    steps = {ClaimStatus.SUBMITTED: [(ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, "self")],
             ClaimStatus.MANAGER_APPROVED: [(ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, "self"),
                                            (ClaimStatus.SUBMITTED, ClaimStatus.MANAGER_APPROVED, "head")]}
    steps[ClaimStatus.FINANCE_APPROVED] = [*steps[ClaimStatus.MANAGER_APPROVED],
                                           (ClaimStatus.MANAGER_APPROVED, ClaimStatus.FINANCE_APPROVED, "finance")]
    steps[ClaimStatus.PAID] = [*steps[ClaimStatus.FINANCE_APPROVED],
                               (ClaimStatus.FINANCE_APPROVED, ClaimStatus.PAID, "finance")]

    def transitions():
        for claim, (status, user_id, head_user_id, submitted) in zip(claims, paths, strict=True):
            actors = {"self": user_id, "head": head_user_id, "finance": finance_user}
            for offset, (source, target, who) in enumerate(steps.get(status, [])):
                yield ExpenseClaimTransition(claim_id=claim.pk, actor_id=actors[who], from_status=source,
                                             to_status=target, at=submitted + timedelta(days=offset))

    written = bulk_insert(ExpenseClaimTransition, transitions())
    ctx.log(f"  expenses: {budgets} budgets, {len(claims)} claims, {written} transitions (bulk)")

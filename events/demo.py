"""Demo events (SPEC §15): small — three past events with full funnels (a region's customer
appreciation meeting, two team seminars) and one upcoming team seminar with its invitations in
progress (some to confirm: it starts in two days); large — one past seminar per team and one
customer meeting plus one upcoming event per region, in bulk. Attendees with a contract signed
within the conversion window are favoured, so the reports show conversions; a couple of walk-ins
per past event are new prospects (source `event`). `ctx.data["marketing_events"]` hands the past
events to later builders (expenses links claims to them)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from common.demo import bulk_insert
from customers.models import Contract, Customer, CustomerSource
from events.models import (
    Channel,
    Confirmation,
    DeclineReason,
    EventStatus,
    Invitation,
    InvitationQuota,
    MarketingEvent,
    Outcome,
)
from events.rules import split_quota
from events.services.invitations import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH
from teams.models import Employee, OrgUnit, Role, UnitKind

if TYPE_CHECKING:
    from portal.demo import DemoContext

TITLES = [
    ("新品发布会 Product launch seminar", "新一代 ERP 云平台 Next-generation cloud ERP"),
    ("客户答谢会 Customer appreciation meeting", "年度客户答谢 Annual thanks to our customers"),
    ("行业研讨会 Industry seminar", "制造业数字化转型 Digital manufacturing"),
    ("专家讲座 Expert talk", "供应链降本增效 Leaner supply chains"),
]
VENUES = ["上海国际会议中心 Shanghai International Convention Center", "广州白天鹅宾馆 White Swan Hotel",
          "杭州西湖国宾馆 West Lake State Guesthouse", "深圳会展中心 Shenzhen Convention Center"]
SPEAKERS = "王教授 Prof. Wang · 李总 Li Ming (CTO)"
GIFTS = ["定制保温杯 Custom tumbler", "茶叶礼盒 Tea gift box", "", "笔记本礼盒 Notebook set"]


def _local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _Codes:
    def __init__(self, ctx):
        self.rng, self.used = ctx.rng, set()

    def __call__(self) -> str:
        while True:
            code = "".join(self.rng.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
            if code not in self.used:
                self.used.add(code)
                return code


def _plan(ctx: DemoContext, regions, teams):
    """(unit, days from today, status, title index, target) of every demo event."""
    if not ctx.large:
        return [
            (regions[0], -38, EventStatus.CLOSED, 1, 16),
            (teams[0], -20, EventStatus.HELD, 0, 10),
            (teams[2] if len(teams) > 2 else teams[-1], -9, EventStatus.HELD, 2, 10),
            (teams[0], 2, EventStatus.INVITING, 3, 12),
        ]
    plan = [(team, -ctx.rng.randint(6, 80), EventStatus.HELD, index % 4, 10) for index, team in enumerate(teams)]
    plan += [(region, -ctx.rng.randint(30, 90), EventStatus.CLOSED, 1, 40) for region in regions]
    plan += [(region, ctx.rng.randint(2, 20), EventStatus.INVITING, 3, 40) for region in regions]
    return plan


def seed(ctx: DemoContext) -> None:
    company = ctx.data["company"]
    units = list(OrgUnit.objects.filter(path__startswith=company.path).select_related("head__user").order_by("path"))
    regions = [u for u in units if u.kind == UnitKind.REGION]
    teams = [u for u in units if u.kind == UnitKind.TEAM]
    if not teams:
        return
    reps = list(Employee.objects.filter(org_unit__path__startswith=company.path, role=Role.REP, active=True)
                .select_related("org_unit", "user").order_by("number"))
    customers_of = defaultdict(list)
    for pk, owner_id, name in Customer.objects.filter(owner__in=reps).order_by("pk").values_list("pk", "owner_id", "name"):
        customers_of[owner_id].append((pk, name))
    contract_days = defaultdict(list)
    for customer_id, signed_on in Contract.objects.filter(owner__in=reps).values_list("customer_id", "signed_on"):
        contract_days[customer_id].append(signed_on)
    reasons = list(DeclineReason.objects.filter(active=True))
    codes = _Codes(ctx)
    plan = _plan(ctx, regions, teams)

    events = []
    for number, (unit, offset, status, title_index, target) in enumerate(plan):
        day = ctx.today + timedelta(days=offset)
        title, topic = TITLES[title_index]
        starts = _local(day, 14)
        events.append(MarketingEvent(
            title=title if not ctx.large else f"{title} #{number + 1}", topic=topic, org_unit=unit, starts_at=starts,
            ends_at=starts + timedelta(hours=3), venue=VENUES[number % len(VENUES)], speakers=SPEAKERS,
            agenda="14:00 签到 Check-in\n14:30 主题演讲 Keynote\n15:30 产品演示 Demo\n16:30 茶歇交流 Networking",
            capacity=target * 2, target_attendance=target, invitation_deadline=starts - timedelta(days=1),
            follow_up_window_days=2, conversion_window_days=30, gift=GIFTS[number % len(GIFTS)], status=status,
            created_by=unit.head.user if unit.head else None,
        ))
    bulk_insert(MarketingEvent, events)

    quotas, invitations, walk_ins = [], [], []
    for event in events:
        unit_reps = [r for r in reps if r.org_unit.path.startswith(event.org_unit.path)]
        split = split_quota(target=event.target_attendance, employees=[(r.pk, r.number) for r in unit_reps])
        quotas += [InvitationQuota(event=event, employee_id=pk, quota=count) for pk, count in split.items()]
        past = event.status != EventStatus.INVITING
        for rep in unit_reps:
            invitations += _rep_invitations(ctx, event, rep, split[rep.pk], customers_of[rep.pk], contract_days,
                                            reasons, codes, past=past)
        if past and unit_reps:
            for index in range(2 if not ctx.large else 1):
                staff = unit_reps[(event.pk + index) % len(unit_reps)]
                walk_ins.append((event, staff, Customer(
                    name=f"到场客户 Walk-in guest {event.pk}-{index + 1}", owner=staff, created_by=staff,
                    source=CustomerSource.EVENT, contact_name="现场登记 At the door",
                    contact_phone=f"139{ctx.rng.randint(10_000_000, 99_999_999)}",
                )))
    bulk_insert(InvitationQuota, quotas)
    bulk_insert(Customer, [customer for _e, _s, customer in walk_ins])
    for event, staff, customer in walk_ins:
        arrived = event.starts_at - timedelta(minutes=ctx.rng.randint(0, 25))
        invitations.append(Invitation(
            event=event, customer=customer, inviter=staff, channel=Channel.VISIT, invited_at=arrived,
            outcome=Outcome.ACCEPTED, responded_at=arrived, walk_in=True, checked_in_at=arrived,
            checked_in_by_id=staff.user_id, gift_given=bool(event.gift), short_code=codes(),
        ))
    bulk_insert(Invitation, invitations)
    ctx.data["marketing_events"] = [e.pk for e in events if e.status != EventStatus.INVITING]
    ctx.log(f"events: {len(events)} events, {len(invitations)} invitations ({len(walk_ins)} walk-ins)")


def _rep_invitations(ctx, event, rep, quota, customers, contract_days, reasons, codes, *, past: bool):
    """About twice the quota invited; past events get answers, confirmations and check-ins (those who
    sign within the window nearly always came), the upcoming one is half-way through."""
    rng = ctx.rng
    day = timezone.localdate(event.starts_at)
    wanted = min(len(customers), max(quota * 2, 1) if past else quota + rng.randint(0, quota))
    signs = [c for c in customers if any(day <= d <= day + timedelta(days=30) for d in contract_days.get(c[0], ()))]
    others = [c for c in customers if c not in signs]
    signs = signs[:1] if rng.random() < 0.6 else []  # about one rep in two converts one guest
    picked = (signs + rng.sample(others, min(len(others), max(wanted - len(signs), 0))))[:wanted]
    rows = []
    for pk, _name in picked:
        invited = event.invitation_deadline - timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 8))
        row = Invitation(event=event, customer_id=pk, inviter=rep, channel=rng.choice(Channel.values),
                         invited_at=invited, short_code=codes())
        will_sign = (pk, _name) in signs
        roll = rng.random()
        if not past and roll < 0.35:
            rows.append(row)
            continue
        row.responded_at = invited + timedelta(hours=rng.randint(1, 48))
        if will_sign or roll < 0.6:
            row.outcome = Outcome.ACCEPTED
        elif roll < 0.85:
            row.outcome = Outcome.DECLINED
            row.decline_reason = rng.choice(reasons)
        else:
            row.outcome = Outcome.NO_ANSWER
        if row.outcome == Outcome.ACCEPTED and past:
            confirmed = will_sign or rng.random() < 0.85
            row.confirmation = Confirmation.CONFIRMED if confirmed else rng.choice(
                [Confirmation.UNCONFIRMED, Confirmation.CANCELLED])
            if confirmed:
                row.confirmed_at = event.starts_at - timedelta(hours=rng.randint(18, 30))
                row.confirmed_by_id = rep.user_id
            if will_sign or (confirmed and rng.random() < 0.85) or (not confirmed and rng.random() < 0.2):
                row.checked_in_at = event.starts_at - timedelta(minutes=rng.randint(-10, 30))
                row.checked_in_by_id = rep.user_id
                row.gift_given = bool(event.gift)
        rows.append(row)
    return rows

"""Demo customers, follow-ups and surveys (runs before the pipeline demo, which adds contracts and
then recomputes the tiers).

Every rep owns ~25 customers (small) with realistic Chinese (and some English) company names,
industries and regions, created over the last two years (a few this month, so the new-prospect
KPI has data). Six months of follow-ups: reps log one to four entries on most working days, in
rotation over their customers, with some missed days and some late entries (logged more than a
day after). Surveys: about one customer in four, some scoring below 80. Deterministic with
`ctx.rng`; rows written with bulk_create.

Large (SPEC §12, `ctx.sizes`): 100 customers per rep (names unique per owner, as the database
requires) and exactly 1,000,000 follow-ups over the last 12 months, shared among the reps by the
working days they were employed, each rep's share spread over the days they log on; every entry
is about a customer that already existed. Written with COPY in chunks of reps (`bulk_insert`), so
memory stays flat."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from common.calendar import working_days
from common.demo import batched, bulk_insert, keep_given_timestamps, shares
from common.periods import add_months
from customers.models import Channel, Customer, CustomerSource, FollowUp, SatisfactionSurvey
from teams.models import Role

if TYPE_CHECKING:
    from portal.demo import DemoContext

CITIES = [
    ("上海", "华东"), ("杭州", "华东"), ("南京", "华东"), ("苏州", "华东"), ("宁波", "华东"), ("合肥", "华东"),
    ("广州", "华南"), ("深圳", "华南"), ("东莞", "华南"), ("佛山", "华南"), ("厦门", "华南"), ("福州", "华南"),
    ("北京", "华北"), ("天津", "华北"), ("成都", "西南"), ("武汉", "华中"),
]
BRAND_WORDS = ["华明", "恒信", "金达", "鼎盛", "瑞丰", "新元", "远航", "中联", "博创", "海纳", "天成", "宏远", "嘉禾",
               "永泰", "东方", "汇通", "卓越", "万象", "正大", "启明", "星辰", "锦程", "润和", "同创", "美达", "长青"]
INDUSTRIES = [
    ("制造业", "机械制造"), ("制造业", "精密电子"), ("零售", "商贸"), ("物流", "供应链"), ("医药", "医药"),
    ("教育", "教育科技"), ("金融", "投资"), ("IT", "信息技术"), ("建筑", "建设工程"), ("食品", "食品"),
    ("汽车", "汽车零部件"), ("能源", "新能源"),
]
ENGLISH_NAMES = [
    "Pacific Rim Logistics Ltd.", "Everbright Components Co.", "Bluewave Retail Group", "Summit Medical Devices",
    "Harbor Precision Machinery", "Northstar Education Tech", "Greenfield Foods Ltd.", "Silverline Auto Parts",
    "Orient Solar Energy", "Crescent Software Ltd.", "Lotus Textile Trading", "Apex Construction Co.",
]
SIZES = ["1-49", "50-199", "200-499", "500-999", "1000+"]
NEEDS = ["ERP 升级，替换旧系统", "上线 CRM 管理销售线索", "车间 MES 数字化改造", "财务共享中心建设", "迁移到云服务器",
         "年度运维外包", "供应链可视化", "Upgrade the warehouse system", "Replace the legacy CRM"]
FOLLOW_UPS = [
    ("电话沟通项目进度，确认预算已审批", "客户认可方案，关注上线周期", "下周发送正式报价单"),
    ("上门拜访信息部负责人，演示新版本", "对报表功能很满意，担心数据迁移", "安排技术顾问做迁移评估"),
    ("微信发送案例资料", "客户表示会内部讨论", "三天后电话跟进"),
    ("参加客户季度会议，汇报服务情况", "整体满意，希望响应再快一些", "优化服务响应流程并回访"),
    ("邮件确认合同条款", "法务对付款条件有意见", "与财务商量分期方案"),
    ("电话回访上线情况", "使用顺利，提出两个新需求", "整理需求交给产品经理"),
    ("拜访采购部，了解明年采购计划", "明年预算可能增加 20%", "准备年度合作方案"),
    ("Call about the renewal", "Happy with the service, asks for a discount", "Send the renewal quote"),
    ("Site visit with the IT manager", "Interested in the cloud option", "Arrange a technical workshop"),
    ("约客户吃饭，维护关系", "客户透露竞争对手在接触", "尽快提交优惠方案"),
]
COMMENTS = ["服务及时，很满意", "实施顾问专业", "响应速度有待提高", "系统偶尔卡顿", "Good support team", "价格偏高", ""]
CHANNELS = [Channel.PHONE, Channel.PHONE, Channel.WECHAT, Channel.WECHAT, Channel.VISIT, Channel.EMAIL,
            Channel.MEETING, Channel.OTHER]


def _company_name(ctx: DemoContext, index: int, used: set[str]) -> tuple[str, str, str, str]:
    city, region = ctx.rng.choice(CITIES)
    industry, word = ctx.rng.choice(INDUSTRIES)
    if index % 12 == 11:
        name = ENGLISH_NAMES[(index // 12) % len(ENGLISH_NAMES)]
        if name in used:
            name = f"{name[:-1] if name.endswith('.') else name} ({city})"
    else:
        name = f"{city}{ctx.rng.choice(BRAND_WORDS)}{word}有限公司"
    while name in used:
        name = f"{city}{ctx.rng.choice(BRAND_WORDS)}{ctx.rng.choice(BRAND_WORDS)}{word}有限公司"
    used.add(name)
    return name, city, region, industry


def _aware(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(ctx: DemoContext) -> None:
    if ctx.large:
        _seed_large(ctx)
        return
    reps = sorted((e for e in ctx.data.get("employees", []) if e.role == Role.REP), key=lambda e: e.number)
    per_rep = 25 if ctx.size == "small" else 100
    now = timezone.now()
    days = working_days(add_months(ctx.today, -6), ctx.today)
    customers, used, followup_count = [], set(), 0
    timestamps = (Customer._meta.get_field("created_at"), FollowUp._meta.get_field("logged_at"))
    # Rep by rep, so memory stays flat on the large demo (1,000 reps).
    for rep in reps:
        own = _customers_of(ctx, rep, per_rep, used, now)
        followups = _followups_of(ctx, rep, own, days, now)
        with keep_given_timestamps(*timestamps):
            Customer.objects.bulk_create(own, batch_size=2000)
            for followup in followups:
                followup.customer_id = followup.customer.pk
            FollowUp.objects.bulk_create(followups, batch_size=5000)
        customers += own
        followup_count += len(followups)
    surveys = _surveys(ctx, customers)
    SatisfactionSurvey.objects.bulk_create(surveys, batch_size=2000)
    ctx.data["customers"] = customers
    ctx.log(f"  {len(customers)} customers, {followup_count} follow-ups, {len(surveys)} surveys")


def _customers_of(ctx: DemoContext, rep, count: int, used: set[str], now: datetime) -> list[Customer]:
    this_month = ctx.today.replace(day=1)
    # New prospects: a few in each of the last two months and this one (the goal is 5 a month).
    recent = [this_month] * ctx.rng.randint(1, 5) + [add_months(this_month, -1)] * ctx.rng.randint(2, 8) \
        + [add_months(this_month, -2)] * ctx.rng.randint(2, 7)
    customers = []
    for slot in range(count):
        name, city, region, industry = _company_name(ctx, len(used), used)
        if slot < len(recent):
            month = recent[slot]
            last = min(ctx.today, add_months(month, 1) - timedelta(days=1))
            day = month + timedelta(days=ctx.rng.randint(0, (last - month).days))
        else:
            day = add_months(this_month, -2) - timedelta(days=ctx.rng.randint(1, 700))
        created = min(_aware(day, ctx.rng.randint(9, 18), ctx.rng.randint(0, 59)), now)
        # A customer older than its owner's hire date was inherited from a predecessor.
        inherited = day < rep.hire_date
        sparse = ctx.rng.random() < 0.25  # some profiles are incomplete
        customers.append(Customer(
            name=name, industry=industry, region=region,
            address="" if sparse else f"{city}市{ctx.rng.choice(['浦东新区', '高新区', '经开区', '天河区', '南山区'])}"
                                      f"{ctx.rng.randint(1, 999)}号",
            contact_name=ctx.rng.choice(["王经理", "李总", "张工", "刘主任", "陈女士", "Mr. Lee", "Ms. Zhou"]),
            contact_phone=f"1{ctx.rng.choice([3, 5, 8])}{ctx.rng.randint(0, 9)}{ctx.rng.randint(10000000, 99999999)}",
            contact_im="" if sparse else f"wx_{ctx.rng.randint(100000, 999999)}",
            source=ctx.rng.choice(CustomerSource.values), company_size="" if sparse else ctx.rng.choice(SIZES),
            needs_summary="" if sparse and ctx.rng.random() < 0.5 else ctx.rng.choice(NEEDS),
            owner=rep, created_by=None if inherited or ctx.rng.random() < 0.1 else rep, created_at=created,
        ))
    return customers


def _followups_of(ctx: DemoContext, rep, own: list[Customer], days: list[date], now: datetime) -> list[FollowUp]:
    """Six months of one rep's entries: rotating over their customers, most working days covered,
    some late. Sets each customer's last and next follow-up as the service would."""
    followups = []
    busy = 1 if ctx.size == "small" else 3
    diligence = ctx.rng.uniform(0.75, 0.98)  # share of working days with at least one entry
    order = own[:]
    ctx.rng.shuffle(order)
    cursor = 0
    for day in days:
        if day < rep.hire_date or ctx.rng.random() > diligence:
            continue
        for _ in range(ctx.rng.randint(busy, busy + 3)):
            customer = order[cursor % len(order)]
            cursor += 1
            occurred = _aware(day, ctx.rng.randint(9, 17), ctx.rng.choice([0, 10, 20, 30, 40, 50]))
            if occurred < customer.created_at or occurred > now:
                continue
            followups.append(_entry(ctx, rep, customer, occurred, now))
    return followups


def _entry(ctx: DemoContext, rep, customer: Customer, occurred: datetime, now: datetime) -> FollowUp:
    """One entry at `occurred` (some logged late), its text, channel and next date; the customer's
    last and next follow-up move with it, as the service moves them."""
    late = ctx.rng.random() < 0.05
    logged = occurred + (timedelta(hours=ctx.rng.randint(25, 60)) if late
                         else timedelta(minutes=ctx.rng.randint(2, 180)))
    logged = min(logged, now)
    content, feedback, next_step = ctx.rng.choice(FOLLOW_UPS)
    day = timezone.localdate(occurred)
    next_on = day + timedelta(days=ctx.rng.randint(3, 21)) if ctx.rng.random() < 0.6 else None
    followup = FollowUp(
        customer=customer, author=rep, occurred_at=occurred, logged_at=logged,
        channel=ctx.rng.choice(CHANNELS), content=content, feedback=feedback, next_step=next_step,
        next_follow_up_on=next_on, late=logged - occurred > timedelta(hours=24),
    )
    if customer.last_follow_up_at is None or occurred >= customer.last_follow_up_at:
        customer.last_follow_up_at, customer.next_follow_up_on = occurred, next_on
    return followup


def _surveys(ctx: DemoContext, customers: list[Customer]) -> list[SatisfactionSurvey]:
    surveys = []
    for customer in customers:
        if ctx.rng.random() > 0.3:
            continue
        score = ctx.rng.choice([ctx.rng.randint(55, 79), *[ctx.rng.randint(80, 100)] * 4])
        surveyed_on = ctx.today - timedelta(days=ctx.rng.randint(0, 180))
        if surveyed_on < timezone.localtime(customer.created_at).date():
            continue
        surveys.append(SatisfactionSurvey(
            customer=customer, owner=customer.owner, surveyed_on=surveyed_on, score=score,
            comment=ctx.rng.choice(COMMENTS),
        ))
    return surveys


def seed_finish(ctx: DemoContext) -> dict:
    """Grade every customer once the pipeline demo has added contracts (the lead wires this)."""
    from customers.services.tiering import customers_recompute_tiers

    return customers_recompute_tiers(as_of=ctx.today)


REPS_PER_CHUNK = 25


def _seed_large(ctx: DemoContext) -> None:
    reps = sorted((e for e in ctx.data.get("employees", []) if e.role == Role.REP), key=lambda e: e.number)
    if not reps:
        return
    per_rep = ctx.sizes["customers"] // len(reps)
    now = timezone.now()
    # Whole days only (up to yesterday), so no entry lies in the future.
    days = [d for d in working_days(add_months(ctx.today, -ctx.sizes["follow_up_months"]), ctx.today) if d < ctx.today]
    employed_days = [[d for d in days if d >= rep.hire_date] for rep in reps]
    quotas = shares(ctx.sizes["follow_ups"], [len(own_days) for own_days in employed_days])
    customer_ids, followup_count, survey_count = [], 0, 0
    for chunk in batched(zip(reps, employed_days, quotas, strict=True), REPS_PER_CHUNK):
        customers, followups = [], []
        for rep, own_days, quota in chunk:
            own = _customers_of(ctx, rep, per_rep, set(), now)
            followups += _followups_exact(ctx, rep, own, own_days, quota, now)
            customers += own
        bulk_insert(Customer, customers)
        for followup in followups:
            followup.customer_id = followup.customer.pk
        followup_count += bulk_insert(FollowUp, followups)
        survey_count += bulk_insert(SatisfactionSurvey, _surveys(ctx, customers))
        customer_ids += [c.pk for c in customers]
    ctx.data["customers"] = customer_ids  # pks only on the large demo (memory)
    ctx.log(f"  {len(customer_ids)} customers, {followup_count} follow-ups, {survey_count} surveys")


def _followups_exact(ctx: DemoContext, rep, own: list[Customer], days: list[date], quota: int,
                     now: datetime) -> list[FollowUp]:
    """Exactly `quota` entries of one rep over `days` (the days they log on get uneven shares),
    each about a customer created before it; sets each customer's last and next follow-up."""
    if quota == 0 or not days or not own:
        return []
    diligence = ctx.rng.uniform(0.75, 0.98)
    active = [day for day in days if ctx.rng.random() <= diligence] or days[-1:]
    counts = shares(quota, [ctx.rng.uniform(0.4, 1.6) for _ in active])
    by_created = sorted(own, key=lambda c: c.created_at)
    created = [c.created_at for c in by_created]
    followups = []
    for day, count in zip(active, counts, strict=True):
        for _ in range(count):
            occurred = _aware(day, ctx.rng.randint(9, 17), ctx.rng.choice([0, 10, 20, 30, 40, 50]))
            existing = bisect_left(created, occurred)
            if existing:
                customer = by_created[ctx.rng.randrange(existing)]
            else:  # nobody yet: the rep's first customer, just after it was created
                customer = by_created[0]
                occurred = min(customer.created_at + timedelta(minutes=10), now)
            followups.append(_entry(ctx, rep, customer, occurred, now))
    return followups

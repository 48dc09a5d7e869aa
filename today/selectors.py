"""Reads of Rep · Today and of the weekly team meeting report (SPEC §9). Each runs a fixed number
of queries whatever the number of reps, customers or follow-ups. The rules they show live upstream:
"overdue for follow-up" in `customers.selectors.with_followup_overdue`, "major opportunity" in
`customers.rules.opportunity_is_major`, attainment in `targets.rules`, working days in
`common.calendar`; the month's figures come through `today.figures`."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.selectors import badge_count, notifications_for
from common.calendar import working_days
from common.exceptions import NotAllowed, NotFound
from common.periods import Period
from customers.models import (
    Contract,
    Customer,
    CustomerStatus,
    FollowUp,
    Opportunity,
    PipelinePolicy,
    Receivable,
)
from customers.models.pipeline import OPEN_STAGES
from customers.rules import opportunity_is_major
from customers.selectors.complaints import open_complaints_for
from customers.selectors.customers import with_followup_overdue
from customers.selectors.sales import actual_sales_by_employee
from events.models import EventStatus
from events.selectors import events_for, today_invitation_work
from expenses.selectors import claims_for_today
from targets.rules import attainment_pct
from targets.selectors import employee_targets
from teams.models import SALES_ROLES, Employee, OrgUnit
from teams.scoping import acting_employee, has_line_authority, heads_subtree_of, scope_for
from teams.selectors import employees_employed_during, unit_ids_of_path
from today.figures import PersonMonthFigures, person_month_figures
from today.rules import IsoWeek, days_overdue, prorated_target

ZERO = Decimal("0.00")
#: Rows of the due list on Today; the rest are one tap away (the customer list, overdue filter).
TODAY_DUE_LIMIT = 50
#: Unread notifications shown on Today; the inbox has them all.
TODAY_NOTIFICATIONS = 5
#: Open complaints and my latest claims shown on Today; their own pages have the rest.
TODAY_COMPLAINTS = 10
TODAY_CLAIMS = 5
#: Rows per due-items section of the weekly report (the section says how many there are in all).
WEEKLY_SECTION_LIMIT = 100
#: Up to this many members the upstream selectors are asked for exactly their ids; above it (a
#: region, the company) for everyone's rows, read once and looked up per member.
ID_LIST_LIMIT = 200
#: Up to this many members the report's page lists each of them; a larger unit with child units
#: (a region, the company: 1,000 reps) is shown one line per child unit, each opening that unit's
#: report (SPEC §9/§12: company-wide pages are grouped by unit). The API and the xlsx keep every
#: member.
WEEKLY_MEMBER_ROWS = 60


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Rep · Today ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueCustomer:
    id: int
    name: str
    tier: str
    tier_label: str
    status: str
    days_overdue: int  # 0: due today
    next_follow_up_on: date | None
    last_contact_on: date | None


@dataclass(frozen=True)
class RepToday:
    today: date
    month: Period
    employee: Employee
    due: list[DueCustomer]
    due_count: int
    overdue_count: int
    figures: PersonMonthFigures
    notifications: list
    unread_count: int
    #: Invitations to make (events open for invitations where I have a quota) and to confirm
    #: (accepted guests of events starting within two days): `events.selectors.today_invitation_work`.
    invitations: dict = field(default_factory=lambda: {"to_invite": [], "to_confirm": []})
    #: The complaints I handle that are open, in progress or reopened, soonest due first (§16).
    complaints: list = field(default_factory=list)
    #: My latest expense claims (§7).
    claims: list = field(default_factory=list)


def may_see_today(user) -> bool:
    """Today is a salesperson's page: anyone signed in with an active sales employee record."""
    scope = scope_for(user)
    return scope.employee_id is not None and scope.role in SALES_ROLES


def ensure_may_see_today(user) -> None:
    if not may_see_today(user):
        raise NotAllowed(_("Today is the page of a salesperson; your account has none."))


def due_followups(*, employee: Employee, user, today: date) -> list[DueCustomer]:
    """`employee`'s customers overdue for follow-up on `today` (the customers rule) or planned for
    today, most overdue first (then by name). One query."""
    customers = (
        with_followup_overdue(Customer.objects.visible_to(user).filter(owner=employee), today)
        .filter(Q(followup_overdue=True) | Q(next_follow_up_on=today, status__in=_followed_up_statuses()))
        .annotate(cutoff_at=F("followup_cutoff"), contact_at=F("last_contact"))
        .only("id", "name", "tier", "status", "next_follow_up_on", "last_follow_up_at", "created_at")
    )
    rows = []
    for customer in customers:
        cutoff = timezone.localdate(customer.cutoff_at) if customer.cutoff_at else None
        contact = timezone.localdate(customer.contact_at) if customer.contact_at else None
        overdue = days_overdue(today=today, cadence_cutoff=cutoff, last_contact=contact,
                               next_follow_up_on=customer.next_follow_up_on) if customer.followup_overdue else 0
        rows.append(DueCustomer(
            id=customer.pk, name=customer.name, tier=customer.tier, tier_label=customer.get_tier_display(),
            status=customer.status, days_overdue=overdue, next_follow_up_on=customer.next_follow_up_on,
            last_contact_on=contact,
        ))
    rows.sort(key=lambda row: (-row.days_overdue, row.name, row.id))
    return rows


def _followed_up_statuses() -> list[str]:
    """Every status but lost: the customers rule does not follow lost customers up."""
    return [status for status in CustomerStatus.values if status != CustomerStatus.LOST]


def rep_today(*, user, today: date | None = None) -> RepToday:
    """Everything Rep · Today shows for `user`, in a fixed number of queries."""
    ensure_may_see_today(user)
    today = today or timezone.localdate()
    employee = acting_employee(user)
    month = Period.of_month(today)
    due = due_followups(employee=employee, user=user, today=today)
    unread = badge_count(user)
    notes = list(notifications_for(user=user, unread=True, lines=1)[:TODAY_NOTIFICATIONS]) if unread else []
    return RepToday(
        today=today, month=month, employee=employee,
        due=due[:TODAY_DUE_LIMIT], due_count=len(due), overdue_count=sum(1 for row in due if row.days_overdue),
        figures=person_month_figures(employee=employee, month=month, today=today),
        notifications=notes, unread_count=unread,
        invitations=today_invitation_work(employee=employee, today=today),
        complaints=open_complaints_for(employee=employee, limit=TODAY_COMPLAINTS),
        claims=claims_for_today(employee=employee, limit=TODAY_CLAIMS),
    )


# --- the weekly team meeting report -----------------------------------------------------------------

def may_read_weekly_report(user) -> bool:
    """Supervisors and above (the director, an admin, the head of any unit); not reps, HR or finance."""
    return has_line_authority(user)


def ensure_may_read_weekly_report(user) -> None:
    if not may_read_weekly_report(user):
        raise NotAllowed(_("The weekly report is for supervisors, managers and the director."))


def weekly_report_unit(*, user, unit_id: int | None) -> OrgUnit:
    """The unit a report is asked for, as this user may read it: the director and admins any unit, a
    head the units of the subtree they head. `None` → the unit they head (the company for the
    director). Unknown or out of scope → NotFound (404), after the role check (403)."""
    ensure_may_read_weekly_report(user)
    scope = scope_for(user)
    if unit_id is None:
        employee = acting_employee(user)
        headed = getattr(employee, "headed_unit", None) if employee is not None else None
        unit = headed or OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    else:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None or not (scope.everything or heads_subtree_of(user, unit)):
        raise NotFound(_("No such unit."))
    return unit


def weekly_report_units(*, user) -> list[OrgUnit]:
    """The units whose report `user` may read (the unit picker), in tree order. One query."""
    scope = scope_for(user)
    units = OrgUnit.objects.visible_to(user).only("id", "name", "path", "kind").order_by("path")
    return [unit for unit in units if scope.everything or heads_subtree_of(user, unit)]


@dataclass(frozen=True)
class MemberWeek:
    employee_id: int
    number: str
    name: str
    unit: str
    week_sales: Decimal
    month_sales_to_date: Decimal
    month_target: Decimal | None
    target_to_date: Decimal | None
    attainment_to_date_pct: Decimal | None
    new_customers: int
    followups: int


@dataclass(frozen=True)
class MajorOpportunity:
    id: int
    name: str
    customer: str
    owner: str
    stage: str
    stage_label: str
    amount: Decimal
    expected_close_on: date | None
    progress: str
    progress_on: date | None


@dataclass(frozen=True)
class DueItem:
    kind: str
    on: date
    title: str
    customer: str
    owner: str
    amount: Decimal | None
    link: str


@dataclass
class DueSection:
    kind: str
    label: str
    count: int = 0
    items: list[DueItem] = field(default_factory=list)


@dataclass(frozen=True)
class UnitWeek:
    """A child unit's line: its members' figures summed (`totals`, as the report's own)."""

    unit_id: int
    name: str
    member_count: int
    totals: dict


@dataclass(frozen=True)
class WeeklyReport:
    unit: OrgUnit
    week: IsoWeek
    last_week: IsoWeek
    month: Period
    working_days_in_month: int
    working_days_to_date: int
    members: list[MemberWeek]
    totals: dict
    #: The members summed per child unit of `unit` (members of `unit` itself under `unit`), in
    #: tree order; `grouped` says the page shows these lines instead of `members`.
    units: list[UnitWeek]
    grouped: bool
    major_opportunities: list[MajorOpportunity]
    due: list[DueSection]


#: The due-items sections of the report, in their order.
DUE_KINDS = [
    ("followups", _("Follow-ups due")),
    ("quotes", _("Quotes due")),
    ("deliveries", _("Deliveries due")),
    ("renewals", _("Contracts to renew")),
    ("receivables", _("Receivables falling due")),
    ("events", _("Events")),
]


def _count_by(queryset, key: str) -> dict[int, int]:
    return dict(queryset.order_by().values_list(key).annotate(n=Count("id")).values_list(key, "n"))


def weekly_report(*, user, unit: OrgUnit, week: IsoWeek) -> WeeklyReport:
    """The report of `week` for `unit` (see `weekly_report_unit` for access): last week's sales per
    member against the month's target to date — the month of last week's Sunday, its target
    pro-rated by the working days from its first day to that Sunday — new customers and follow-ups
    logged last week, the open major opportunities with their latest progress, and the items falling
    due this week. Members are the salespeople of the unit's subtree employed in either week. A fixed
    number of queries whatever the size of the unit."""
    last = week.previous()
    month = Period.of_month(last.sunday)
    month_days = working_days(month.start, month.end)
    to_date = sum(1 for day in month_days if day <= last.sunday)
    salespeople = employees_employed_during(
        last.monday, week.sunday, queryset=Employee.objects.in_subtree(unit).filter(role__in=SALES_ROLES))
    members = list(salespeople.order_by("org_unit__path", "name", "pk")
                   .values("pk", "number", "name", "org_unit__name", "org_unit__path"))
    # The members as a subquery in this app's own filters; the upstream selectors take a list of
    # ids, which costs more to build into SQL than reading everyone's few rows once it is long.
    ids = salespeople.values("pk")
    listed = [member["pk"] for member in members] if len(members) <= ID_LIST_LIMIT else None
    week_sales = actual_sales_by_employee(start=last.monday, end=last.sunday, employee_ids=listed)
    month_sales = actual_sales_by_employee(start=month.start, end=last.sunday, employee_ids=listed)
    targets = employee_targets(period=month, employee_ids=listed)
    start, end = _start_of(last.monday), _start_of(last.sunday + timedelta(days=1))
    new_customers = _count_by(Customer.objects.filter(owner_id__in=ids, created_at__gte=start, created_at__lt=end),
                              "owner_id")
    followups = _count_by(FollowUp.objects.filter(author_id__in=ids, occurred_at__gte=start, occurred_at__lt=end),
                          "author_id")
    rows, groups = [], {}
    for member in members:
        pk = member["pk"]
        target = targets.get(pk)
        share = prorated_target(target, working_days_in_month=len(month_days), working_days_to_date=to_date)
        mtd = month_sales.get(pk, ZERO)
        rows.append(MemberWeek(
            employee_id=pk, number=member["number"], name=member["name"], unit=member["org_unit__name"],
            week_sales=week_sales.get(pk, ZERO), month_sales_to_date=mtd, month_target=target,
            target_to_date=share, attainment_to_date_pct=attainment_pct(mtd, share),
            new_customers=new_customers.get(pk, 0), followups=followups.get(pk, 0),
        ))
        groups.setdefault(_child_unit_id(member["org_unit__path"], unit), []).append(rows[-1])
    units = _unit_lines(unit, groups)
    return WeeklyReport(
        unit=unit, week=week, last_week=last, month=month,
        working_days_in_month=len(month_days), working_days_to_date=to_date,
        members=rows, totals=_totals(rows), units=units,
        grouped=len(rows) > WEEKLY_MEMBER_ROWS and any(line.unit_id != unit.pk for line in units),
        major_opportunities=_major_opportunities(ids),
        due=_due_this_week(ids, week, user=user, unit=unit),
    )


def _child_unit_id(path: str, unit: OrgUnit) -> int:
    """The child of `unit` on a member's unit path (`unit` itself for its own members)."""
    chain = unit_ids_of_path(path)
    below = chain.index(unit.pk) + 1
    return chain[below] if below < len(chain) else unit.pk


def _unit_lines(unit: OrgUnit, groups: dict[int, list[MemberWeek]]) -> list[UnitWeek]:
    """One line per child unit with members, in tree order (one query: the child units' names)."""
    names = dict(OrgUnit.objects.filter(pk__in=[pk for pk in groups if pk != unit.pk])
                 .order_by("path").values_list("pk", "name"))
    order = ([unit.pk] if unit.pk in groups else []) + list(names)
    names[unit.pk] = unit.name
    return [UnitWeek(unit_id=pk, name=names[pk], member_count=len(groups[pk]), totals=_totals(groups[pk]))
            for pk in order]


def _totals(rows: list[MemberWeek]) -> dict:
    targets = [row.target_to_date for row in rows if row.target_to_date is not None]
    target_to_date = sum(targets, ZERO) if targets else None
    month_sales = sum((row.month_sales_to_date for row in rows), ZERO)
    month_targets = [row.month_target for row in rows if row.month_target is not None]
    return {
        "week_sales": sum((row.week_sales for row in rows), ZERO),
        "month_sales_to_date": month_sales,
        "month_target": sum(month_targets, ZERO) if month_targets else None,
        "target_to_date": target_to_date,
        "attainment_to_date_pct": attainment_pct(month_sales, target_to_date),
        "new_customers": sum(row.new_customers for row in rows),
        "followups": sum(row.followups for row in rows),
    }


def _major_opportunities(ids) -> list[MajorOpportunity]:
    """The members' open opportunities that are major (the customers rule), largest first, at most
    `WEEKLY_SECTION_LIMIT`, each with the progress of its escalation report. "Major" is a threshold
    on the amount, so the majors are the head of the list by amount: the opportunities table alone
    is sorted and only its first `WEEKLY_SECTION_LIMIT` rows are joined to their customer, owner
    and report (a company's thousands of small open deals are never joined), and the list stops at
    the first one the rule calls not major. Two queries (the policy, the opportunities)."""
    policy = PipelinePolicy.current()
    by_amount = ("-amount", "pk")
    head = (Opportunity.objects.filter(owner_id__in=ids, stage__in=OPEN_STAGES)
            .order_by(*by_amount).values("pk")[:WEEKLY_SECTION_LIMIT])
    opportunities = (
        Opportunity.objects.filter(pk__in=head)
        .select_related("customer", "owner", "escalation_report")
        .only("id", "name", "amount", "stage", "expected_close_on", "customer__name", "owner__name",
              "escalation_report__progress", "escalation_report__updated_at")
        .order_by(*by_amount)
    )
    result = []
    for opportunity in opportunities:
        if not opportunity_is_major(opportunity, policy=policy):
            break
        report = getattr(opportunity, "escalation_report", None)
        result.append(MajorOpportunity(
            id=opportunity.pk, name=opportunity.name, customer=opportunity.customer.name,
            owner=opportunity.owner.name, stage=opportunity.stage, stage_label=opportunity.get_stage_display(),
            amount=opportunity.amount, expected_close_on=opportunity.expected_close_on,
            progress=report.progress if report else "",
            progress_on=timezone.localdate(report.updated_at) if report else None,
        ))
    return result


def _due_this_week(ids, week: IsoWeek, *, user, unit: OrgUnit) -> list[DueSection]:
    """The members' items falling due Monday–Sunday of `week`: planned follow-ups, quotes, deliveries
    not yet confirmed, contracts ending without a renewal, receivables not yet settled; and the
    events of the unit's subtree starting that week (not cancelled, `events.selectors.events_for`). Two queries
    per section (its count with its first rows' ids, those rows; one when empty)."""
    span = (week.monday, week.sunday)

    def contract_item(kind: str, day_field: str):
        return lambda c: DueItem(kind, getattr(c, day_field), c.number, c.customer.name, c.owner.name, c.amount,
                                 reverse("customers:contract-detail", args=[c.pk]))

    # kind: (rows, the day they fall due, related rows the item reads, the item)
    sources = {
        "followups": (
            Customer.objects.filter(owner_id__in=ids, next_follow_up_on__range=span).exclude(status=CustomerStatus.LOST),
            "next_follow_up_on", ("owner",),
            lambda c: DueItem("followups", c.next_follow_up_on, c.name, c.name, c.owner.name, None,
                              reverse("customers:customer-detail", args=[c.pk])),
        ),
        "quotes": (
            Opportunity.objects.filter(owner_id__in=ids, stage__in=OPEN_STAGES, quote_due_on__range=span),
            "quote_due_on", ("customer", "owner"),
            lambda o: DueItem("quotes", o.quote_due_on, o.name, o.customer.name, o.owner.name, o.amount,
                              reverse("customers:opportunity-detail", args=[o.pk])),
        ),
        "deliveries": (
            Contract.objects.filter(owner_id__in=ids, delivery_due_on__range=span, delivery_confirmed_on__isnull=True),
            "delivery_due_on", ("customer", "owner"), contract_item("deliveries", "delivery_due_on"),
        ),
        "renewals": (
            Contract.objects.filter(owner_id__in=ids, end_on__range=span, renewals__isnull=True),
            "end_on", ("customer", "owner"), contract_item("renewals", "end_on"),
        ),
        "receivables": (
            Receivable.objects.filter(contract__owner_id__in=ids, due_on__range=span, settled=False),
            "due_on", ("contract__customer", "contract__owner"),
            lambda r: DueItem("receivables", r.due_on, r.contract.number, r.contract.customer.name,
                              r.contract.owner.name, r.open_amount, reverse("customers:contract-detail", args=[r.contract_id])),
        ),
        "events": (
            events_for(user=user, unit=unit, start=week.monday, end=week.sunday).exclude(status=EventStatus.CANCELLED),
            "starts_at", ("org_unit",),
            lambda e: DueItem("events", timezone.localdate(e.starts_at), e.title, "", e.org_unit.name, None,
                              reverse("events:event-detail", args=[e.pk])),
        ),
    }
    sections = []
    for kind, label in DUE_KINDS:
        queryset, day_field, related, item = sources[kind]
        count, rows = _head_and_count(queryset, order=(day_field, "pk"), related=related, limit=WEEKLY_SECTION_LIMIT)
        sections.append(DueSection(kind=kind, label=label, count=count, items=[item(row) for row in rows]))
    return sections


def _head_and_count(queryset, *, order: tuple, related: tuple, limit: int) -> tuple[int, list]:
    """(how many rows `queryset` has, its first `limit` rows in `order` with `related` loaded).
    The count and the head's ids come from one scan of the base table (a window count), so the
    joins of `select_related` run for the head only. Two queries (one when empty)."""
    head = list(
        queryset.annotate(total=Window(Count("pk"))).order_by(*order)
        .values_list("pk", "total")[:limit]
    )
    if not head:
        return 0, []
    rows = queryset.model.objects.filter(pk__in=[pk for pk, _total in head]).select_related(*related)
    return head[0][1], list(rows.order_by(*order))


def due_counts(report: WeeklyReport) -> dict[str, int]:
    return {section.kind: section.count for section in report.due}


__all__ = [
    "DueCustomer", "RepToday", "WeeklyReport", "due_followups", "ensure_may_read_weekly_report",
    "ensure_may_see_today", "may_read_weekly_report", "may_see_today", "rep_today", "weekly_report",
    "weekly_report_unit",
]

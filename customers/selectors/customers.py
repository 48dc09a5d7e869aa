"""Customer-side reads and metrics: customer lists, "overdue for follow-up", new prospects per rep,
follow-up compliance and satisfaction per rep. Each runs a fixed number of queries whatever the
number of rows; lists start from `visible_to(user)`."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, DateTimeField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from common.calendar import working_days
from common.money import percent, to_money
from common.periods import Period
from customers.models import (
    Complaint,
    Contract,
    Customer,
    CustomerOwnerChange,
    CustomerStatus,
    CustomerTierChange,
    FollowUp,
    OpportunityStageChange,
    Payment,
    PipelinePolicy,
    SatisfactionSurvey,
    Stage,
    Tier,
    TieringPolicy,
)
from customers.models.complaints import UNRESOLVED_STATUSES
from customers.rules import satisfaction_is_warning
from teams.models import Employee


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _month_bounds(month: Period) -> tuple[datetime, datetime]:
    """[start, end) of a period as aware datetimes in the local time zone."""
    return _start_of(month.start), _start_of(month.end + timedelta(days=1))


def with_followup_overdue(queryset, today: date, *, policy: TieringPolicy | None = None):
    """Annotate each customer of `queryset` with `followup_overdue` (bool) on `today`: its last
    follow-up (or, never followed up, its creation) is older than its cadence — prospects use the
    prospect cadence, others their tier's — or its `next_follow_up_on` has passed. Lost customers
    are not followed up. One SQL expression (Case/When on the cadence), no per-row work; the list
    page marks rows with it and `followup_overdue_customers` filters on it, so the rule is here once."""
    policy = policy or TieringPolicy.current()

    def cutoff(days: int) -> Value:
        # Older than N days on `today` = last contact before the start of (today − N).
        return Value(_start_of(today - timedelta(days=days)), output_field=DateTimeField())

    cadence_cutoff = Case(
        When(status=CustomerStatus.PROSPECT, then=cutoff(policy.cadence_prospect_days)),
        When(tier=Tier.A, then=cutoff(policy.cadence_a_days)),
        When(tier=Tier.B, then=cutoff(policy.cadence_b_days)),
        default=cutoff(policy.cadence_c_days),
        output_field=DateTimeField(),
    )
    return queryset.alias(
        last_contact=Coalesce("last_follow_up_at", "created_at"), followup_cutoff=cadence_cutoff,
    ).annotate(followup_overdue=Case(
        When(status=CustomerStatus.LOST, then=Value(False)),
        When(Q(last_contact__lt=F("followup_cutoff")) | Q(next_follow_up_on__lt=today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    ))


def followup_overdue_customers(queryset, today: date, *, policy: TieringPolicy | None = None):
    """Customers of `queryset` overdue for follow-up on `today` (the rule: `with_followup_overdue`)."""
    return with_followup_overdue(queryset, today, policy=policy).filter(followup_overdue=True)


def filter_given(queryset, **lookups):
    """`queryset` narrowed by each lookup whose value was given (neither None, empty nor 0): the
    optional equality filters of the customers and complaint lists."""
    return queryset.filter(**{lookup: value for lookup, value in lookups.items() if value})


def customer_list(
    *,
    user,
    tier: str | None = None,
    status: str | None = None,
    owner_id: int | None = None,
    overdue: bool = False,
    search: str = "",
    today: date | None = None,
    mark_overdue: bool = False,
    health_band: str | None = None,
):
    """The customers `user` sees, filtered, with owner and completeness — one query per page.
    `mark_overdue` (the list page) annotates `followup_overdue` on every row."""
    customers = Customer.objects.visible_to(user).select_related("owner").with_completeness()
    if overdue or mark_overdue:
        customers = with_followup_overdue(customers, today or timezone.localdate())
    customers = filter_given(customers, tier=tier, status=status, owner_id=owner_id, health_band=health_band)
    if search:
        customers = customers.filter(name__icontains=search.strip())
    if overdue:
        customers = customers.filter(followup_overdue=True)
    return customers.order_by("name", "id")


def new_prospects_by_employee(*, month: Period, employee_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Customers created in the month, counted for the rep who created them (the owner when the
    creator is unknown) — one query. SPEC §2.1: the goal is 5 a month."""
    start, end = _month_bounds(month)
    rows = (
        Customer.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(counted_for=Coalesce("created_by_id", "owner_id"))
        .order_by().values("counted_for").annotate(n=Count("id"))
    )
    if employee_ids is not None:
        rows = rows.filter(counted_for__in=list(employee_ids))
    return {row["counted_for"]: row["n"] for row in rows}


def followup_compliance_by_employee(
    *, month: Period, employees: Iterable[Employee], until: date | None = None
) -> dict[int, Decimal | None]:
    """Follow-up compliance per employee, a percentage (0–100, 2 decimals — not a 0–1 share): working
    days of the month with ≥ 1 follow-up they authored ÷ the month's working days, counting only days from their hire date (and up to
    their leaving date). Days are local dates (Asia/Shanghai) of `occurred_at`. Days after
    `until` (default: today) are not counted yet, so a running month is fair. None when no
    working day counts. Two queries whatever the number of employees."""
    employees = list(employees)
    last_day = min(month.end, until or timezone.localdate())
    days = working_days(month.start, last_day)
    start, end = _month_bounds(month)
    logged = defaultdict(set)
    rows = (
        FollowUp.objects.filter(author__in=[e.pk for e in employees], occurred_at__gte=start, occurred_at__lt=end)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .order_by().values_list("author_id", "day").distinct()
    )
    for author_id, day in rows:
        logged[author_id].add(day)
    result = {}
    for employee in employees:
        counted = [d for d in days if d >= employee.hire_date and (employee.left_on is None or d <= employee.left_on)]
        done = sum(1 for d in counted if d in logged[employee.pk])
        result[employee.pk] = percent(done, len(counted))
    return result


def satisfaction_by_employee(*, month: Period, employee_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Mean survey score per owner-on-the-survey-date in the month (2 decimals, half-up); reps
    without a survey are absent. One query."""
    rows = SatisfactionSurvey.objects.filter(surveyed_on__range=(month.start, month.end))
    if employee_ids is not None:
        rows = rows.filter(owner_id__in=list(employee_ids))
    # Sum and count rather than AVG, so the mean is exact Decimal on every database.
    rows = rows.order_by().values("owner_id").annotate(total=Sum("score"), n=Count("id"))
    return {row["owner_id"]: to_money(Decimal(row["total"]) / row["n"]) for row in rows}


def customer_owner_on(*, customer: Customer, day: date) -> Employee:
    """Who owned the customer at the end of `day`: the old owner of the first reassignment made
    after that day, or the current owner when there was none (one query)."""
    next_day_start = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    change = (
        CustomerOwnerChange.objects.filter(customer=customer, changed_at__gte=next_day_start, old_owner__isnull=False)
        .select_related("old_owner").order_by("changed_at", "id").first()
    )
    return change.old_owner if change is not None else customer.owner


def recent_surveys(*, customer: Customer, warning_below: int, limit: int = 10) -> list[SatisfactionSurvey]:
    """The customer's newest `limit` surveys (one query), each with `is_warning` (below the line)."""
    surveys = list(SatisfactionSurvey.objects.filter(customer=customer).select_related("owner")[:limit])
    for survey in surveys:
        survey.is_warning = satisfaction_is_warning(survey.score, warning_below=warning_below)
    return surveys


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # followup | stage | contract | payment | survey | complaint | tier | status | pin | owner
    title: str
    detail: str = ""
    who: str = ""
    flag: str = ""  # "late" (a follow-up logged late), "warning" (a survey below the warning line, an open complaint)
    link_id: int | None = None
    amount: Decimal | None = None  # shown with the one money display (`|money`)
    day_only: bool = False  # known by its date only (signed on, paid on, surveyed on): no time to show
    row_id: int = 0  # the row's id, the last tie-break of the order


#: Entries at the same instant: what comes later in a sale is shown first (newest first).
_KIND_RANK = {"payment": 5, "contract": 4, "survey": 3, "complaint": 3, "stage": 2, "followup": 1}


def timeline_order_key(entry: TimelineEntry) -> tuple:
    """The one order of a customer's timeline (sorted with ``reverse=True``: newest first).

    By instant; an event known only by its date (a contract signed, a payment received, a survey)
    stands at the very end of its day, so it comes before that day's timed entries; then at the
    same instant payments before contracts before surveys before stage changes before follow-ups
    before tier/status/owner changes; then the newer row first."""
    return (entry.at, _KIND_RANK.get(entry.kind, 0), entry.row_id)


def _day_time(day: date) -> datetime:
    # Date-only events stand at the end of their day, after that day's timed entries.
    return timezone.make_aware(datetime.combine(day, time.max))


def customer_timeline(
    *, customer: Customer, user, limit: int = 100, warning_below: int | None = None
) -> list[TimelineEntry]:
    """The newest `limit` things that happened to the customer, newest first (`timeline_order_key`):
    follow-ups, opportunity stage changes, contracts, payments, satisfaction surveys, complaints,
    tier/status/pin and owner changes — eight queries, each read through the user's scope and capped at `limit`, so
    the merged list cut at `limit` is complete for every kind down to its oldest entry. A survey
    below `warning_below` (default: the pipeline policy's) is flagged."""
    entries: list[TimelineEntry] = []
    followups = (
        FollowUp.objects.visible_to(user).filter(customer=customer).select_related("author")
        .order_by("-occurred_at", "-id")[:limit]
    )
    for f in followups:
        entries.append(TimelineEntry(
            at=f.occurred_at, kind="followup", title=f"{f.get_channel_display()}: {f.content}",
            detail=_("Feedback: %(feedback)s · Next step: %(next)s") % {"feedback": f.feedback, "next": f.next_step},
            who=f.author.name, flag="late" if f.late else "", link_id=f.pk, row_id=f.pk,
        ))
    stage_changes = (
        OpportunityStageChange.objects.filter(opportunity__in=customer.opportunities.visible_to(user))
        .select_related("opportunity").order_by("-changed_at", "-id")[:limit]
    )
    for change in stage_changes:
        old = Stage(change.old_stage).label if change.old_stage else "–"
        entries.append(TimelineEntry(
            at=change.changed_at, kind="stage", title=change.opportunity.name,
            detail=f"{old} → {Stage(change.new_stage).label}", link_id=change.opportunity_id, row_id=change.pk,
        ))
    for contract in Contract.objects.visible_to(user).filter(customer=customer).order_by("-signed_on", "-id")[:limit]:
        entries.append(TimelineEntry(
            at=_day_time(contract.signed_on), kind="contract", day_only=True,
            title=_("Contract %(number)s signed") % {"number": contract.number},
            detail=_("%(start)s – %(end)s") % {"start": contract.start_on, "end": contract.end_on},
            amount=contract.amount, link_id=contract.pk, row_id=contract.pk,
        ))
    payments = (
        Payment.objects.visible_to(user).filter(receivable__contract__customer=customer)
        .select_related("receivable__contract").order_by("-paid_on", "-id")[:limit]
    )
    for payment in payments:
        entries.append(TimelineEntry(
            at=_day_time(payment.paid_on), kind="payment", day_only=True, title=_("Payment received"),
            detail=payment.receivable.contract.number, amount=payment.amount,
            link_id=payment.receivable.contract_id, row_id=payment.pk,
        ))
    if warning_below is None:
        warning_below = PipelinePolicy.current().satisfaction_warning_below
    surveys = (
        SatisfactionSurvey.objects.visible_to(user).filter(customer=customer).select_related("owner")
        .order_by("-surveyed_on", "-id")[:limit]
    )
    for survey in surveys:
        entries.append(TimelineEntry(
            at=_day_time(survey.surveyed_on), kind="survey", day_only=True,
            title=_("Satisfaction survey: %(score)s") % {"score": survey.score}, detail=survey.comment,
            who=survey.owner.name if survey.owner else "", flag="warning" if satisfaction_is_warning(survey.score, warning_below=warning_below) else "",
            row_id=survey.pk,
        ))
    tier_changes = (
        CustomerTierChange.objects.filter(customer=customer).select_related("changed_by__employee")
        .order_by("-changed_at", "-id")[:limit]
    )
    for change in tier_changes:
        entries.append(TimelineEntry(
            at=change.changed_at, kind=change.field, title=_tier_change_title(change),
            detail=change.reason, who=_user_name(change.changed_by) or str(_("monthly job")), row_id=change.pk,
        ))
    complaints = (
        Complaint.objects.visible_to(user).filter(customer=customer).order_by("-received_at", "-id")[:limit]
    )
    for complaint in complaints:
        entries.append(TimelineEntry(
            at=complaint.received_at, kind="complaint", link_id=complaint.pk, row_id=complaint.pk,
            title=_("Complaint #%(number)s: %(category)s (%(severity)s) · %(status)s") % {
                "number": complaint.pk, "category": complaint.get_category_display(),
                "severity": complaint.get_severity_display(), "status": complaint.get_status_display()},
            detail=complaint.description[:300],
            flag="warning" if complaint.status in UNRESOLVED_STATUSES else "",
        ))
    owner_changes = (
        CustomerOwnerChange.objects.filter(customer=customer)
        .select_related("old_owner", "new_owner", "changed_by__employee").order_by("-changed_at", "-id")[:limit]
    )
    for change in owner_changes:
        entries.append(TimelineEntry(
            at=change.changed_at, kind="owner",
            title=_("Owner: %(old)s → %(new)s") % {
                "old": change.old_owner.name if change.old_owner else "–",
                "new": change.new_owner.name if change.new_owner else "–",
            },
            detail=change.reason, who=_user_name(change.changed_by), row_id=change.pk,
        ))
    entries.sort(key=timeline_order_key, reverse=True)
    return entries[:limit]


def _user_name(user) -> str:
    if user is None:
        return ""
    employee = user.employee if hasattr(user, "employee") else None
    return employee.name if employee is not None else user.get_username()


def _tier_change_title(change) -> str:
    if change.field == "tier":
        return _("Tier %(old)s → %(new)s") % {"old": change.old_value or "–", "new": change.new_value}
    if change.field == "status":
        labels = dict(CustomerStatus.choices)
        return _("Status %(old)s → %(new)s") % {
            "old": labels.get(change.old_value, change.old_value or "–"),
            "new": labels.get(change.new_value, change.new_value),
        }
    if change.new_value == "unpinned":
        return _("Tier unpinned")
    return _("Tier pinned at %(tier)s") % {"tier": change.new_value}

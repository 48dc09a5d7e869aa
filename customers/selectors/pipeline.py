"""Reads of the pipeline, contracts and receivables: SLA checks, the board, the finance lists and
the alert candidates the daily job sends. Lists start from `visible_to(user)`; the alert
selectors work on everything (the job runs for the whole company)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from common.models import Notification
from common.money import ZERO, to_money
from common.periods import Period
from customers.models import (
    Contract,
    EscalationReport,
    Opportunity,
    Payment,
    PipelinePolicy,
    Receivable,
    Stage,
)
from customers.models.pipeline import NEXT_STAGE, OPEN_STAGES
from customers.rules import opportunity_is_major


def _thresholds(text: str) -> list[int]:
    return sorted({int(part) for part in str(text).split(",") if part.strip().isdigit()}, reverse=True)


# --- SLAs -------------------------------------------------------------------------------------

def quote_sla_breached(queryset: QuerySet, today: date) -> QuerySet:
    """Opportunities whose quote SLA is breached as of `today`: the quote came after its due day
    (`quote_due_on` = needs confirmed on + 2 days), or the opportunity is still open with no quote
    and the due day has passed. On the due day itself nothing is breached yet."""
    return queryset.filter(
        Q(quote_submitted_on__isnull=False, quote_submitted_on__gt=F("quote_due_on"))
        | Q(quote_submitted_on__isnull=True, quote_due_on__lt=today, stage__in=OPEN_STAGES)
    )


def delivery_sla_breached(queryset: QuerySet, today: date) -> QuerySet:
    """Contracts whose delivery SLA is breached as of `today`: confirmed after `delivery_due_on`
    (signed on + 3 days), or still unconfirmed after it."""
    return queryset.filter(
        Q(delivery_confirmed_on__isnull=False, delivery_confirmed_on__gt=F("delivery_due_on"))
        | delivery_overdue_condition(today)
    )


def delivery_overdue_condition(today: date) -> Q:
    """Delivery overdue on `today`: not confirmed, and its due day has passed (on the due day
    itself it is not overdue yet)."""
    return Q(delivery_confirmed_on__isnull=True, delivery_due_on__lt=today)


# --- alert candidates (the daily job sends them; keys make every alert go out once) -------------

def renewal_alert_key(contract_id: int, threshold: int) -> str:
    return f"contract-renewal:{contract_id}:{threshold}"


def contracts_needing_renewal_alert(today: date) -> list[tuple[Contract, int]]:
    """(contract, days-before-end threshold) for every renewal alert that is due and not yet sent.

    A threshold (60, 30, 7 — configurable) is due once `today ≥ end_on − threshold` while the
    contract has not ended and no contract renews it. Catch-up: all passed thresholds of a
    contract come back until sent (a notification with `renewal_alert_key` exists). Two queries."""
    thresholds = _thresholds(PipelinePolicy.current().renewal_alert_days)
    if not thresholds:
        return []
    contracts = list(
        Contract.objects.filter(end_on__gte=today, end_on__lte=today + timedelta(days=thresholds[0]))
        .filter(~Exists(Contract.objects.filter(renews=OuterRef("pk"))))
        .select_related("owner__user", "customer")
        .order_by("end_on", "id")
    )
    candidates = [
        (contract, threshold)
        for contract in contracts
        for threshold in thresholds
        if today >= contract.end_on - timedelta(days=threshold)
    ]
    return _unsent(candidates, renewal_alert_key)


def receivable_overdue_alert_key(receivable_id: int, threshold: int) -> str:
    return f"receivable-overdue:{receivable_id}:{threshold}"


def receivables_needing_overdue_alert(today: date) -> list[tuple[Receivable, int]]:
    """(receivable, days-overdue threshold) for every overdue alert (1, 7, 30 days past due —
    configurable) that is due and not yet sent, while the receivable is not fully paid. Two queries."""
    thresholds = _thresholds(PipelinePolicy.current().receivable_overdue_alert_days)
    if not thresholds:
        return []
    receivables = list(
        Receivable.objects.overdue(today)
        .filter(due_on__lte=today - timedelta(days=min(thresholds)))
        .select_related("contract__owner__user", "contract__customer")
        .order_by("due_on", "id")
    )
    candidates = [
        (receivable, threshold)
        for receivable in receivables
        for threshold in thresholds
        if today >= receivable.due_on + timedelta(days=threshold)
    ]
    return _unsent(candidates, receivable_overdue_alert_key)


def _unsent(candidates, key):
    if not candidates:
        return []
    sent = set(
        Notification.objects.filter(dedupe_key__in=[key(obj.pk, t) for obj, t in candidates])
        .values_list("dedupe_key", flat=True)
    )
    return [(obj, t) for obj, t in candidates if key(obj.pk, t) not in sent]


# --- the board and the lists ------------------------------------------------------------------

@dataclass
class BoardColumn:
    stage: str
    label: str
    opportunities: list = field(default_factory=list)
    total: Decimal = ZERO
    total_count: int = 0

    @property
    def more(self) -> int:
        """How many of the column's opportunities are not listed."""
        return self.total_count - len(self.opportunities)


def opportunities_for(*, user, owner_id: int | None = None) -> QuerySet:
    """Visible opportunities with customer and owner loaded, optionally of one owner."""
    queryset = Opportunity.objects.visible_to(user).select_related("customer", "owner")
    if owner_id:
        queryset = queryset.filter(owner_id=owner_id)
    return queryset


def opportunity_board(
    *, user, today: date, owner_id: int | None = None, closed_days: int = 30, per_column: int = 50
) -> list[BoardColumn]:
    """The visible pipeline by stage: every open stage, plus won and lost closed in the last
    `closed_days` days. Each column has the count and total amount of all its opportunities and
    lists the largest `per_column` of them; each listed opportunity carries `is_major`,
    `has_report`, `quote_breached` and `next_stage`. Three queries whatever the pipeline's size."""
    policy = PipelinePolicy.current()
    base = opportunities_for(user=user, owner_id=owner_id).filter(
        Q(stage__in=OPEN_STAGES) | Q(closed_on__gte=today - timedelta(days=closed_days))
    )
    columns = {stage: BoardColumn(stage=stage, label=label) for stage, label in Stage.choices}
    for row in base.order_by().values("stage").annotate(count=Count("id"), total=Sum("amount")):
        columns[row["stage"]].total_count = row["count"]
        columns[row["stage"]].total = to_money(row["total"])
    listed = (
        base.annotate(
            has_report=Exists(EscalationReport.objects.filter(opportunity=OuterRef("pk"))),
            quote_breached=Exists(quote_sla_breached(Opportunity.objects.filter(pk=OuterRef("pk")), today=today)),
            position=Window(RowNumber(), partition_by=[F("stage")], order_by=[F("amount").desc(), F("id").asc()]),
        )
        .filter(position__lte=per_column)
        .order_by("-amount", "id")
    )
    for opportunity in listed:
        opportunity.is_major = opportunity_is_major(opportunity, policy=policy)
        opportunity.next_stage = NEXT_STAGE.get(opportunity.stage)
        opportunity.next_stage_label = Stage(opportunity.next_stage).label if opportunity.next_stage else ""
        columns[opportunity.stage].opportunities.append(opportunity)
    return list(columns.values())


def contracts_for(*, user, signed_month: Period | None = None, ending_within_days: int | None = None,
                  owner_id: int | None = None, today: date | None = None) -> QuerySet:
    """Visible contracts with customer and owner loaded, filtered by the month signed, ending
    within N days from `today` (not yet ended), or owner. Rows carry `renewed` (a renewing
    contract exists) and `delivery_overdue` on `today` (default: today)."""
    queryset = Contract.objects.visible_to(user).select_related("customer", "owner").annotate(
        renewed=Exists(Contract.objects.filter(renews=OuterRef("pk"))),
        delivery_overdue=ExpressionWrapper(delivery_overdue_condition(today or timezone.localdate()),
                                           output_field=BooleanField()),
    )
    if signed_month is not None:
        queryset = queryset.filter(signed_on__gte=signed_month.start, signed_on__lte=signed_month.end)
    if ending_within_days is not None and today is not None:
        queryset = queryset.filter(end_on__gte=today, end_on__lte=today + timedelta(days=ending_within_days))
    if owner_id:
        queryset = queryset.filter(owner_id=owner_id)
    return queryset


def receivables_for(*, user, overdue_on: date | None = None, owner_id: int | None = None,
                    today: date | None = None) -> QuerySet:
    """Visible receivables with their contract, customer and owner loaded; `overdue_on` keeps
    only those overdue on that day; each row carries `is_overdue` on `today`. Open ones come first
    (oldest due first), settled ones after: that is the order finance works through them."""
    queryset = (
        Receivable.objects.visible_to(user)
        .with_overdue(today or overdue_on or timezone.localdate())
        .select_related("contract__customer", "contract__owner")
        .order_by("settled", "due_on", "id")  # served by the `receivable_open_first` index
    )
    if overdue_on is not None:
        queryset = queryset.overdue(overdue_on)
    if owner_id:
        queryset = queryset.filter(contract__owner_id=owner_id)
    return queryset


def payments_for_contract(contract: Contract) -> list:
    """The payments on a contract's receivables, newest first (one query)."""
    return list(Payment.objects.filter(receivable__contract=contract).select_related("receivable", "recorded_by"))

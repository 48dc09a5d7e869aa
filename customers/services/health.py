"""Customer health (SPEC §16.2), recomputed set-based with the tiers
(`customers.services.tiering._recompute` feeds every customer row it reads to a `HealthRecompute`)
and on demand for one customer (`customer_health_refresh`).

Beyond the tier inputs (revenue, last contact, tier and status), three grouped queries gather the
facts: the oldest overdue receivable, the latest survey and the complaint counts per customer.
The rules (`customers.rules`) score each component; the writes are one bulk upsert of the month's
rows (`CustomerHealth`, one per customer and month) and one UPDATE of the customers whose band
moved."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, Min, Q, Value, When
from django.utils import timezone

from common.periods import add_months
from common.phrases import money_text, percent_text, phrase
from customers import phrases
from customers.models import (
    Complaint,
    Customer,
    CustomerHealth,
    HealthComponent,
    HealthPolicy,
    Receivable,
    SatisfactionSurvey,
)
from customers.rules import (
    complaints_score,
    contact_recency_score,
    health_band,
    health_score,
    payment_score,
    revenue_trend_pct,
    revenue_trend_score,
)

SURVEY_MONTHS = 12


@dataclass
class HealthFacts:
    """What the tier inputs lack, per customer id."""

    oldest_overdue: dict[int, date] = field(default_factory=dict)  # due date of the oldest unpaid, past due
    latest_survey: dict[int, tuple[date, int]] = field(default_factory=dict)
    complaints: dict[int, tuple[int, int]] = field(default_factory=dict)  # (in the window, unresolved)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def health_facts(*, as_of: date, policy: HealthPolicy, customer_ids=None) -> HealthFacts:
    """Three grouped queries whatever the number of customers."""
    facts = HealthFacts()
    receivables = Receivable.objects.filter(settled=False, due_on__lt=as_of)
    surveys = SatisfactionSurvey.objects.filter(surveyed_on__gt=add_months(as_of, -SURVEY_MONTHS),
                                                surveyed_on__lte=as_of)
    end = _end_of(as_of)
    complaints = Complaint.objects.filter(received_at__lt=end)
    if customer_ids is not None:
        receivables = receivables.filter(contract__customer_id__in=customer_ids)
        surveys, complaints = (rows.filter(customer_id__in=customer_ids) for rows in (surveys, complaints))
    facts.oldest_overdue = dict(receivables.order_by().values("contract__customer_id").annotate(oldest=Min("due_on"))
                                .values_list("contract__customer_id", "oldest"))
    # Ascending by date then id: the last row seen per customer is its latest survey.
    for customer_id, day, score in surveys.order_by("customer_id", "surveyed_on", "id").values_list(
            "customer_id", "surveyed_on", "score"):
        facts.latest_survey[customer_id] = (day, score)
    window_start = end - timedelta(days=policy.complaint_window_days)
    rows = (complaints.filter(Q(received_at__gte=window_start) | Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
            .order_by().values("customer_id")
            .annotate(recent=Count("id", filter=Q(received_at__gte=window_start)),
                      unresolved=Count("id", filter=Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)))
            .values_list("customer_id", "recent", "unresolved"))
    facts.complaints = {customer_id: (recent, unresolved) for customer_id, recent, unresolved in rows}
    return facts


CONTACT, REVENUE, PAYMENT, SATISFACTION, COMPLAINTS = (c.value for c in HealthComponent)
CENT = Decimal("0.01")

#: A stored component is a compact list — ``[code, score, weight, *facts]`` — so the month's rows
#: for 100,000 customers stay small to build, write and read; its explanation (a phrase) is made
#: from the facts when read (`component_explanation`), in the reader's language like any phrase.


def health_components(*, customer_id: int, as_of: date, last_contact_on: date | None, cadence: int,
                      revenue_12m: Decimal, revenue_prev_12m: Decimal, facts: HealthFacts,
                      policy: HealthPolicy, weights: dict | None = None) -> list[list]:
    """The scored components of one customer, each ``[code, score (2-decimal string), weight,
    *facts]``; satisfaction absent without a survey in the last 12 months. `weights`: the
    policy's (`HealthPolicy.weights()`), when the caller already has them."""
    weights = weights or policy.weights()
    days = max(0, (as_of - last_contact_on).days) if last_contact_on else 3 * cadence
    oldest = facts.oldest_overdue.get(customer_id)
    overdue_days = (as_of - oldest).days if oldest else 0
    recent, unresolved = facts.complaints.get(customer_id, (0, 0))
    components = [
        [CONTACT, str(contact_recency_score(days_since=days, cadence_days=cadence)), weights[CONTACT], days, cadence],
        [REVENUE, str(revenue_trend_score(revenue_12m=revenue_12m, revenue_prev_12m=revenue_prev_12m)),
         weights[REVENUE], str(revenue_12m), str(revenue_prev_12m)],
        [PAYMENT, str(payment_score(max_overdue_days=overdue_days, grace_days=policy.payment_grace_days)),
         weights[PAYMENT], overdue_days],
    ]
    survey = facts.latest_survey.get(customer_id)
    if survey is not None:
        components.append([SATISFACTION, f"{survey[1]}.00", weights[SATISFACTION], survey[0].isoformat(), survey[1]])
    components.append([COMPLAINTS, str(complaints_score(recent=recent, unresolved=unresolved)), weights[COMPLAINTS],
                       recent, unresolved, policy.complaint_window_days])
    return components


def component_explanation(component: list) -> dict:
    """The phrase explaining a stored component (from its facts)."""
    code, _score, _weight, *facts = component
    if code == CONTACT:
        days, cadence = facts
        return phrase(phrases.HEALTH_CONTACT, days=str(days), cadence=str(cadence), limit=str(3 * cadence))
    if code == REVENUE:
        current, previous = (Decimal(value) for value in facts)
        trend = revenue_trend_pct(revenue_12m=current, revenue_prev_12m=previous)
        if trend is None:
            return phrase(phrases.HEALTH_REVENUE_NO_PRIOR, current=money_text(current))
        return phrase(phrases.HEALTH_REVENUE, current=money_text(current), previous=money_text(previous),
                      pct=percent_text(trend))
    if code == PAYMENT:
        (days,) = facts
        return phrase(phrases.HEALTH_PAYMENT_OVERDUE, days=str(days)) if days else phrase(phrases.HEALTH_PAYMENT_OK)
    if code == SATISFACTION:
        day, score = facts
        return phrase(phrases.HEALTH_SATISFACTION, day=day, score=str(score))
    recent, unresolved, window = facts
    return phrase(phrases.HEALTH_COMPLAINTS, recent=str(recent), window=str(window), unresolved=str(unresolved))


def score_of(components: list[list], *, policy: HealthPolicy, weights: dict | None = None) -> tuple[Decimal, str]:
    """The weighted score (re-normalised over the components present) and its band."""
    score = health_score(scores={c[0]: Decimal(c[1]) for c in components}, weights=weights or policy.weights())
    return score, health_band(score, healthy_from=policy.healthy_from, watch_from=policy.watch_from)


class HealthRecompute:
    """Collects the health of the customers a tier recompute reads, then writes it in bulk."""

    def __init__(self, *, as_of: date, customer_ids=None):
        self.as_of = as_of
        self.month = as_of.replace(day=1)
        self.policy = HealthPolicy.current()
        self.weights = self.policy.weights()
        self.facts = health_facts(as_of=as_of, policy=self.policy, customer_ids=customer_ids)
        self.rows: list[tuple] = []  # (customer id, score, band, components)
        self.band_moves: dict[int, str] = {}
        stored = CustomerHealth.objects.filter(month=self.month)
        if customer_ids is not None:
            stored = stored.filter(customer_id__in=customer_ids)
        #: This month's rows already written (a rerun of the month rewrites only what changed).
        self.stored = {customer_id: (score, band, components) for customer_id, score, band, components
                       in stored.values_list("customer_id", "score", "band", "components")}

    def add(self, *, customer_id: int, old_band: str, has_contract: bool, last_contact_on: date | None,
            cadence: int, revenue_12m: Decimal, revenue_prev_12m: Decimal) -> None:
        band = ""
        if has_contract:
            components = health_components(
                customer_id=customer_id, as_of=self.as_of, last_contact_on=last_contact_on, cadence=cadence,
                revenue_12m=revenue_12m, revenue_prev_12m=revenue_prev_12m, facts=self.facts, policy=self.policy,
                weights=self.weights)
            score, band = score_of(components, policy=self.policy, weights=self.weights)
            if self.stored.get(customer_id) != (score, band, components):
                self.rows.append((customer_id, score, band, components))
        if band != (old_band or ""):
            self.band_moves[customer_id] = band

    def write(self) -> dict:
        _write_health(self.rows, month=self.month, as_of=self.as_of)
        _write_bands(self.band_moves, since=self.as_of)
        return {"health_scored": len(self.rows), "health_band_changed": len(self.band_moves)}


def _write_health(rows: list[tuple], *, month: date, as_of: date) -> None:
    """One multi-row INSERT … ON CONFLICT (customer, month) DO UPDATE per chunk — what
    `bulk_create(update_conflicts=True)` writes, without a model instance per row (as the tier
    history is written). Chunked where the backend bounds parameters (SQLite)."""
    if not rows:
        return
    table, quote = CustomerHealth._meta.db_table, connection.ops.quote_name
    columns = ("customer_id", "month", "as_of", "score", "band", "components")
    json_placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    row_sql = f"(%s, %s, %s, %s, %s, {json_placeholder})"
    shared = (connection.ops.adapt_datefield_value(month), connection.ops.adapt_datefield_value(as_of))
    updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in ("as_of", "score", "band", "components"))
    limit = connection.features.max_query_params
    size = min(5000, max(1, limit // len(columns))) if limit else 5000
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES "
                f"{', '.join([row_sql] * len(chunk))} "
                f"ON CONFLICT ({quote('customer_id')}, {quote('month')}) DO UPDATE SET {updates}",
                [value for customer_id, score, band, components in chunk
                 for value in (customer_id, *shared, score, band, json.dumps(components))],
            )


def _write_bands(moves: dict[int, str], *, since: date) -> None:
    """One UPDATE per chunk: CASE over the (at most four) band values, the move's date for all."""
    if not moves:
        return
    limit = connection.features.max_query_params
    size = max(1, limit // 2) if limit else len(moves)
    ids = sorted(moves)
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        by_band = defaultdict(list)
        for pk in chunk:
            by_band[moves[pk]].append(pk)
        Customer.objects.filter(pk__in=chunk).update(
            health_band=Case(*(When(pk__in=pks, then=Value(band)) for band, pks in by_band.items()),
                             default=F("health_band")),
            health_band_since=Value(since),
        )


def customer_health_refresh(*, actor, customer: Customer) -> CustomerHealth | None:
    """Recompute one customer's health now (on demand; tier and status untouched). None when the
    customer has no signed contract (no score)."""
    from customers.services.customers import ensure_customer_visible
    from customers.services.tiering import recompute_health_only

    ensure_customer_visible(user=actor, customer=customer)
    today = timezone.localdate()
    recompute_health_only(as_of=today, customer_ids=[customer.pk])
    return CustomerHealth.objects.filter(customer=customer, month=today.replace(day=1)).first()

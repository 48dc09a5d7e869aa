"""Reads behind the team dashboard, the rolling forecast and Rep · Today (SPEC §3.4, §3.5, §9, §10).

Every figure is read set-based through the selectors the scorecards use (actual sales and targets
from `targets.selectors`, the rates from `customers.selectors`), so a dashboard tile and a scorecard
KPI can never disagree; attainment is `targets.rules.attainment_pct`, ranks are
`performance.rules.competition_ranks`. A unit's figures are the sums over every person of its subtree
(the caller has checked that the user sees the whole subtree: `may_view_unit`).

Conventions: amounts are `Decimal` with 2 places; everything named `*_pct` (and the tiles, which are
all percentages except `new_prospects`, a count) is a percentage 0–100 with 2 decimals, `None` when
undefined (no target, nothing due, nothing closed, nothing ending)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from common.money import ZERO, percent, to_money
from common.periods import Period, add_months
from customers.models import Opportunity
from customers.models.pipeline import OPEN_STAGES, Stage
from customers.rules import complaint_rate
from customers.selectors import active_customer_counts, complaint_counts_by_owner
from dashboard.models import ForecastSnapshot, MonthFacts, StageProbability, UnitMonthTarget
from events.selectors import upcoming_events
from performance.rules import competition_ranks
from targets.rules import attainment_pct, reached_target
from targets.selectors import (
    actual_sales,
    employee_targets,
    unit_targets,
)
from teams.models import Employee, OrgUnit, Role
from teams.scoping import acting_employee, has_line_authority, heads_subtree_of, scope_for
from teams.selectors import employees_employed_during, roll_up_to_units

#: How many slipped opportunities a forecast lists (the count covers them all).
SLIPPED_LISTED = 20
#: How many months the trend and the forecast accuracy cover.
TREND_MONTHS = 12
LEADERBOARD_SIZE = 10
#: Upcoming events listed on the dashboard (with their live funnel).
UPCOMING_EVENTS = 5
#: The active customers per owner (customers with a contract in the trailing 12 months, the
#: complaint rate's denominator) are a company-wide count over a year of contracts (~250 ms at
#: 50,000 contracts): kept this long per day, like Today's company ranking. A contract signed meanwhile
#: moves a rate's denominator by one customer; the complaints (numerator) are read fresh.
ACTIVE_CUSTOMERS_CACHE_SECONDS = 600

TILE_KEYS = (
    "attainment", "forecast_attainment", "conversion_rate", "collection_rate", "renewal_rate",
    "followup_compliance", "new_prospects",
)


# --- access ---------------------------------------------------------------------------------------


def may_view_dashboard(user) -> bool:
    """The team dashboard is for those with line authority: the director (and admins) and the heads
    of a unit (managers, supervisors). Reps, HR and finance are refused (403)."""
    return has_line_authority(user)


def ensure_may_view_dashboard(user) -> None:
    if not may_view_dashboard(user):
        raise NotAllowed(_("The team dashboard is for the heads of units and the director."))


def may_view_unit(user, unit: OrgUnit) -> bool:
    """Whether the user sees `unit`'s dashboard: the director or an admin any unit; a head the units
    of the subtree they head (an ancestor or a sibling is answered 404 by the caller)."""
    return scope_for(user).everything or heads_subtree_of(user, unit)


def default_unit(user) -> OrgUnit | None:
    """The unit the dashboard opens on: the one the user heads, else (the director without a headed
    unit, an admin) the root."""
    employee = acting_employee(user)
    headed = getattr(employee, "headed_unit", None) if employee is not None else None
    if headed is not None:
        return headed
    if scope_for(user).everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    return None


def running_month(today: date | None = None) -> Period:
    return Period.of_month(today or timezone.localdate())


# --- the rolling forecast (SPEC §3.5) ---------------------------------------------------------------


def _open_in(owner_filter: dict, start: date, end: date) -> dict[str, tuple[int, Decimal]]:
    """{stage: (count, amount)} of the open opportunities expected to close in [start, end]. One query."""
    if start > end:
        return {}
    rows = (
        Opportunity.objects.filter(
            stage__in=OPEN_STAGES, expected_close_on__gte=start, expected_close_on__lte=end, **owner_filter
        )
        .order_by().values("stage").annotate(n=Count("id"), amount=Sum("amount"))
    )
    return {row["stage"]: (row["n"], to_money(row["amount"])) for row in rows}


def _slipped(owner_filter: dict, today: date) -> tuple[int, list[dict]]:
    """(how many, the latest `SLIPPED_LISTED`) open opportunities whose expected close date has
    passed. Two queries."""
    rows = Opportunity.objects.filter(stage__in=OPEN_STAGES, expected_close_on__lt=today, **owner_filter)
    latest = ("-expected_close_on", "-id")
    # The opportunities alone are sorted and cut; only the listed ones are joined to their customer
    # and owner (a join first lets the planner scan every customer).
    listed = (
        Opportunity.objects.filter(pk__in=rows.order_by(*latest).values("pk")[:SLIPPED_LISTED])
        .select_related("customer", "owner")
        .only("id", "name", "amount", "stage", "expected_close_on", "customer__name", "owner__name")
        .order_by(*latest)
    )
    items = [
        {
            "id": o.pk, "name": o.name, "customer": o.customer.name, "owner": o.owner_id,
            "owner_name": o.owner.name, "stage": o.stage, "amount": o.amount,
            "expected_close_on": o.expected_close_on, "days_late": (today - o.expected_close_on).days,
        }
        for o in listed
    ]
    return (rows.count() if len(items) == SLIPPED_LISTED else len(items)), items


def forecast_arithmetic(*, actual: Decimal, open_by_stage: dict[str, tuple[int, Decimal]],
                        probabilities: dict[str, Decimal]) -> dict[str, Decimal]:
    """Weighted, best case and commit (SPEC §3.5) from the actual to date and the open opportunities
    of the rest of the period per stage. No query."""
    weighted = actual + sum(
        (amount * probabilities.get(stage, ZERO) / 100 for stage, (_n, amount) in open_by_stage.items()), ZERO
    )
    best = actual + sum((amount for _n, amount in open_by_stage.values()), ZERO)
    commit = actual + open_by_stage.get(Stage.NEGOTIATION, (0, ZERO))[1]
    return {"weighted": to_money(weighted), "best_case": to_money(best), "commit": to_money(commit)}


def _person_target(employee: Employee, period: Period) -> Decimal | None:
    """A person's own target for the period; for a quarter without one, the sum of their month
    targets (None when none is set). One query."""
    own = employee_targets(period=period, employee_ids=[employee.pk]).get(employee.pk)
    if own is not None or period.kind != "quarter":
        return own
    months = [employee_targets(period=m, employee_ids=[employee.pk]).get(employee.pk) for m in period.months()]
    known = [m for m in months if m is not None]
    return sum(known, ZERO) if known else None


def forecast(*, unit: OrgUnit | None = None, employee: Employee | None = None, period: Period,
             today: date | None = None, known: tuple[Decimal, Decimal | None] | None = None) -> dict:
    """The rolling forecast of a unit (its whole subtree) or a person for a month or a quarter:
    `actual` (to date), `weighted`, `best_case`, `commit`, `target` (None without one),
    `attainment_pct` (weighted ÷ target, percent), `gap` (target − weighted, None without a target),
    `slipped` (list) and `slipped_count`. Opportunities count when still open and expected to close
    from today to the period's end; those expected before today are slipped and not counted. A past
    period's forecast is its actual. `known` = (actual, target) when the caller has read them
    (the dashboard from the facts, Today for the rep's month). Six queries or fewer."""
    if (unit is None) == (employee is None):
        raise ValueError("forecast() takes a unit or an employee")
    today = today or timezone.localdate()
    if employee is not None:
        owner_filter = {"owner_id": employee.pk}
        if known is not None:
            actual, target = known
        else:
            actual = actual_sales(period=period, employee_ids=[employee.pk]).get(employee.pk, ZERO)
            target = _person_target(employee, period)
    elif known is not None:
        owner_filter = {"owner__in": Employee.objects.in_subtree(unit).values("pk")}
        actual, target = known
    else:
        owner_filter = {"owner__in": Employee.objects.in_subtree(unit).values("pk")}
        ids = list(Employee.objects.in_subtree(unit).values_list("pk", flat=True))
        actual = to_money(sum(actual_sales(period=period, employee_ids=ids).values(), ZERO))
        target = unit_targets(period=period, unit_ids=[unit.pk]).get(unit.pk)
    probabilities = StageProbability.current().by_stage()
    open_by_stage = _open_in(owner_filter, max(today, period.start), period.end)
    figures = forecast_arithmetic(actual=actual, open_by_stage=open_by_stage, probabilities=probabilities)
    slipped_count, slipped = _slipped(owner_filter, today)
    return {
        "period": period, "actual": to_money(actual), **figures, "target": target,
        "attainment_pct": attainment_pct(figures["weighted"], target),
        "gap": None if target is None else to_money(target - figures["weighted"]),
        "slipped": slipped, "slipped_count": slipped_count,
    }


def snapshot_forecasts(*, today: date | None = None) -> int:
    """Upsert every unit's forecast of the running month (the daily job): once the month closes, the
    row left is its last forecast before close. Returns how many units were written."""
    today = today or timezone.localdate()
    month = running_month(today)
    written = 0
    for unit in OrgUnit.objects.order_by("path"):
        figures = forecast(unit=unit, period=month, today=today)
        ForecastSnapshot.objects.update_or_create(
            org_unit=unit, month=month.start,
            defaults={
                "taken_on": today, "actual": figures["actual"], "weighted": figures["weighted"],
                "best_case": figures["best_case"], "commit": figures["commit"], "target": figures["target"],
            },
        )
        written += 1
    return written


def forecast_accuracy(*, unit: OrgUnit, month: Period, actual_by_month: dict[date, Decimal]) -> list[dict]:
    """The kept forecast of each of the 12 months ending at `month` that has one, beside the final
    actual (`actual_by_month`: first day → the unit's actual) and the accuracy `accuracy_pct`
    (actual ÷ forecast, percent; None for a zero forecast). One query."""
    first = add_months(month.start, -(TREND_MONTHS - 1))
    rows = ForecastSnapshot.objects.filter(org_unit=unit, month__range=(first, month.start)).order_by("month")
    return [
        {
            "month": Period.of_month(row.month), "forecast": row.weighted,
            "actual": actual_by_month.get(row.month, ZERO),
            "accuracy_pct": percent(actual_by_month.get(row.month, ZERO), row.weighted),
        }
        for row in rows
    ]


# --- the month figures of a person or a unit (Rep · Today, the tiles) -------------------------------


def person_month_figures(*, employee: Employee, month: Period, today: date | None = None) -> dict:
    """A person's month: `target` (own, None without one), `actual`, `attainment_pct`,
    `company_rank` (competition rank of attainment among the reps employed in the month who have a
    target; None without a target) and `weighted_forecast`. The caller fetched `employee` through
    `visible_to(user)`."""
    reps = list(employees_employed_during(month.start, month.end).filter(role=Role.REP).values_list("pk", flat=True))
    targets = employee_targets(period=month, employee_ids=reps)
    actuals = actual_sales(period=month, employee_ids=reps)
    ranks = competition_ranks({pk: attainment_pct(actuals.get(pk, ZERO), targets.get(pk)) for pk in reps})
    target = employee_targets(period=month, employee_ids=[employee.pk]).get(employee.pk)
    actual = actual_sales(period=month, employee_ids=[employee.pk]).get(employee.pk, ZERO)
    return {
        "target": target, "actual": actual, "attainment_pct": attainment_pct(actual, target),
        "company_rank": ranks.get(employee.pk),
        "weighted_forecast": forecast(employee=employee, period=month, today=today)["weighted"],
    }


def unit_month_figures(*, unit: OrgUnit, month: Period, today: date | None = None) -> dict:
    """A unit's month, summed over its subtree, with the keys of `person_month_figures`:
    `company_rank` ranks the unit's attainment among the units of its kind."""
    peers = list(OrgUnit.objects.filter(kind=unit.kind).values_list("pk", flat=True))
    targets = unit_targets(period=month, unit_ids=peers)
    people = list(Employee.objects.select_related("org_unit").only("id", "org_unit__path"))
    actuals = actual_sales(period=month)
    unit_actual = roll_up_to_units(actuals, employees=people)
    ranks = competition_ranks({pk: attainment_pct(unit_actual.get(pk, ZERO), targets.get(pk)) for pk in peers})
    target = targets.get(unit.pk)
    actual = to_money(unit_actual.get(unit.pk, ZERO))
    return {
        "target": target, "actual": actual, "attainment_pct": attainment_pct(actual, target),
        "company_rank": ranks.get(unit.pk),
        "weighted_forecast": forecast(unit=unit, period=month, today=today)["weighted"],
    }


# --- the team dashboard (SPEC §9, §10) ---------------------------------------------------------------


def unit_month_facts(*, unit: OrgUnit, months: Iterable[Period]) -> dict[date, dict]:
    """{first day: sums} of the facts of `unit`'s subtree for the months (absent: no row at all):
    actual, won, closed, due, received, ending, renewed, new_prospects and the follow-up compliance
    (the mean of the percentages of the reps employed in the month). One indexed query."""
    rows = (
        MonthFacts.objects.filter(
            month__in=[m.start for m in months], employee__org_unit__in=OrgUnit.objects.subtree_of(unit).values("pk")
        )
        .order_by().values("month")
        .annotate(
            actual=Sum("actual"), won=Sum("won"), closed=Sum("closed"), due=Sum("due"), received=Sum("received"),
            ending=Sum("ending"), renewed=Sum("renewed"), new_prospects=Sum("new_prospects"),
            compliance_sum=Sum("followup_compliance_pct", filter=Q(is_rep=True)),
            compliance_n=Count("id", filter=Q(is_rep=True, followup_compliance_pct__isnull=False)),
        )
    )
    return {row["month"]: row for row in rows}


def _rates(sums: dict | None) -> dict:
    """The rate tiles of one month's summed facts (None where undefined)."""
    sums = sums or {}
    n = sums.get("compliance_n") or 0
    return {
        "conversion_rate": percent(sums.get("won") or 0, sums.get("closed")),
        "collection_rate": percent(sums.get("received") or ZERO, sums.get("due")),
        "renewal_rate": percent(sums.get("renewed") or 0, sums.get("ending")),
        "followup_compliance": to_money(Decimal(sums["compliance_sum"]) / n) if n else None,
        "new_prospects": int(sums.get("new_prospects") or 0),
    }


def team_dashboard(*, user, unit: OrgUnit, month: Period, today: date | None = None) -> dict:
    """Every figure of `unit`'s dashboard for `month` (the §10 contract; the page shows the same).
    The tiles and the trend are sums of the facts table (`dashboard.facts`), the members, the
    leaderboard and the difficulty check come from `targets.selectors.attainment_rows`. The caller
    checked `ensure_may_view_dashboard` and `may_view_unit`."""
    today = today or timezone.localdate()
    previous = month.previous_month()
    months = [Period.of_month(add_months(month.start, -i)) for i in range(TREND_MONTHS - 1, -1, -1)]
    series_months = [previous, *months] if previous not in months else months
    targets = {
        Period.of_month(first_day): amount
        for first_day, amount in UnitMonthTarget.objects.filter(
            org_unit=unit, month__in=[m.start for m in series_months]
        ).values_list("month", "target")
    }
    sums = unit_month_facts(unit=unit, months=series_months)
    by_month = {first_day: to_money(row["actual"] or ZERO) for first_day, row in sums.items()}

    trend = [{"month": m, "target": targets.get(m), "actual": by_month.get(m.start, ZERO)} for m in months]
    while trend and trend[0]["target"] is None and not by_month.get(trend[0]["month"].start):
        trend.pop(0)  # a month before any data: the series starts at the first month with some

    def month_tiles(period: Period, forecast_figures: dict | None) -> dict:
        actual = by_month.get(period.start, ZERO)
        target = targets.get(period)
        weighted = forecast_figures["weighted"] if forecast_figures else actual
        return {
            "attainment": attainment_pct(actual, target),
            "forecast_attainment": attainment_pct(weighted, target),
            **_rates(sums.get(period.start)),
        }

    current_forecast = forecast(unit=unit, period=month, today=today,
                                known=(by_month.get(month.start, ZERO), targets.get(month)))
    tiles = month_tiles(month, current_forecast)
    previous_tiles = month_tiles(previous, _kept_forecast(unit, previous))

    standing = unit_standings(unit=unit, month=month, today=today)

    return {
        "unit": unit, "month": month, "previous_month": previous,
        "tiles": tiles, "previous": previous_tiles,
        "members": standing["members"],
        "trend": trend,
        "pipeline": pipeline_by_stage(unit=unit),
        "forecast": current_forecast,
        "slipped": current_forecast["slipped"], "slipped_count": current_forecast["slipped_count"],
        "leaderboard": standing["leaderboard"],
        "difficulty": standing["difficulty"],
        "complaints": standing["complaints"],
        "events": upcoming_events(user=user, unit=unit, today=today, limit=UPCOMING_EVENTS),
        "accuracy": forecast_accuracy(unit=unit, month=month, actual_by_month=by_month),
    }


def unit_standings(*, unit: OrgUnit, month: Period, today: date | None = None) -> dict:
    """The dashboard's `members`, `leaderboard` and `difficulty` of `unit` for `month`, read from the
    facts (`MonthFacts`, one small row per person) instead of the source tables: the same figures
    as `targets.selectors.attainment_rows` / `difficulty_check` give for a user who sees the whole
    subtree (a test holds them equal). Members are the unit's own people (reps employed in the
    month, and anyone with an own target or sales in it), by number, then its child units in tree
    order (a unit's actual summed over its whole subtree, its target as `unit_targets` answers it).
    The leaderboard and the difficulty check rate the subtree's reps with a target. `complaints`:
    the unit's complaints of the month, active customers and complaint rate (per 100 active
    customers, `customers.rules.complaint_rate`), and each member carries its `complaint_rate`.
    Four queries (five when the active customers are not cached)."""
    units = {u.pk: u for u in OrgUnit.objects.subtree_of(unit).only("id", "name", "path", "parent_id")}
    children = sorted((u for u in units.values() if u.parent_id == unit.pk), key=lambda u: u.path)
    child_targets = dict(
        UnitMonthTarget.objects.filter(org_unit__in=[u.pk for u in children], month=month.start)
        .values_list("org_unit_id", "target")
    )
    facts = list(
        MonthFacts.objects.filter(month=month.start, employee__org_unit__in=list(units))
        .order_by("employee__number", "employee_id")
        .values_list("employee_id", "employee__number", "employee__name", "employee__role",
                     "employee__org_unit_id", "is_rep", "actual", "target")
    )
    actual_by_person, people, unit_of = {}, [], {}
    for pk, number, name, role, unit_id, is_rep, actual, target in facts:
        actual_by_person[pk] = actual
        unit_of[pk] = _Placed(pk, units[unit_id])
        if is_rep or target is not None or actual > 0:
            people.append({"id": pk, "number": number, "name": name, "role": role, "unit_id": unit_id,
                           "actual": actual, "target": target, "attainment": attainment_pct(actual, target)})
    subtree_actual = roll_up_to_units(actual_by_person, employees=unit_of.values())
    complaints, active = _complaint_inputs(month=month, today=today or timezone.localdate())
    unit_complaints = roll_up_to_units({pk: complaints[pk] for pk in unit_of if pk in complaints},
                                       employees=unit_of.values())
    unit_active = roll_up_to_units({pk: active[pk] for pk in unit_of if pk in active}, employees=unit_of.values())

    def rate(complaints_n, active_n):
        return complaint_rate(complaints=int(complaints_n or 0), active_customers=int(active_n or 0))

    members = [
        {"kind": "employee", "id": p["id"], "name": p["name"], "target": p["target"], "actual": p["actual"],
         "attainment": p["attainment"], "complaint_rate": rate(complaints.get(p["id"]), active.get(p["id"]))}
        for p in people if p["unit_id"] == unit.pk
    ] + [
        {"kind": "unit", "id": child.pk, "name": child.name, "target": child_targets.get(child.pk),
         "actual": to_money(subtree_actual.get(child.pk, ZERO)),
         "attainment": attainment_pct(subtree_actual.get(child.pk, ZERO), child_targets.get(child.pk)),
         "complaint_rate": rate(unit_complaints.get(child.pk), unit_active.get(child.pk))}
        for child in children
    ]
    rated = [p for p in people if p["role"] == Role.REP]
    ranks = competition_ranks({p["id"]: p["attainment"] for p in rated})
    leaderboard = sorted((p for p in rated if ranks[p["id"]] is not None),
                         key=lambda p: (ranks[p["id"]], p["number"]))[:LEADERBOARD_SIZE]
    with_target = [p for p in rated if p["target"] is not None]
    reached = sum(1 for p in with_target if reached_target(p["actual"], p["target"]))
    return {
        "members": members,
        "leaderboard": [
            {"rank": ranks[p["id"]], "employee": p["id"], "name": p["name"], "attainment": p["attainment"],
             "actual": p["actual"]}
            for p in leaderboard
        ],
        "difficulty": {"reps": len(with_target), "reached": reached, "share": percent(reached, len(with_target))},
        "complaints": {
            "complaints": int(unit_complaints.get(unit.pk, 0)), "active_customers": int(unit_active.get(unit.pk, 0)),
            "rate": rate(unit_complaints.get(unit.pk), unit_active.get(unit.pk)),
        },
    }


def _complaint_inputs(*, month: Period, today: date) -> tuple[dict[int, int], dict[int, int]]:
    """({owner: complaints received in the month}, {owner: active customers at the month's end, or
    today for the running month}); the second cached per day (`ACTIVE_CUSTOMERS_CACHE_SECONDS`)."""
    as_of = min(month.end, today)
    key = f"dashboard:active-customers:{as_of.isoformat()}"
    active = cache.get(key)
    if active is None:
        active = active_customer_counts(as_of=as_of)
        cache.set(key, active, ACTIVE_CUSTOMERS_CACHE_SECONDS)
    return complaint_counts_by_owner(month=month), active


class _Placed(NamedTuple):
    """A person's place in the tree as `roll_up_to_units` reads it."""

    pk: int
    org_unit: OrgUnit


def _kept_forecast(unit: OrgUnit, month: Period) -> dict | None:
    """The month's kept forecast (its last snapshot), None when there is none. One query."""
    row = ForecastSnapshot.objects.filter(org_unit=unit, month=month.start).first()
    return None if row is None else {"weighted": row.weighted}


def pipeline_by_stage(*, unit: OrgUnit) -> list[dict]:
    """Open opportunities of the subtree per stage, in stage order: {stage, count, amount} (every
    open stage listed, zero when empty). One query."""
    rows = (
        Opportunity.objects.filter(stage__in=OPEN_STAGES, owner__in=Employee.objects.in_subtree(unit).values("pk"))
        .order_by().values("stage").annotate(n=Count("id"), amount=Sum("amount"))
    )
    found = {row["stage"]: (row["n"], to_money(row["amount"])) for row in rows}
    return [
        {"stage": stage, "label": Stage(stage).label, "count": found.get(stage, (0, ZERO))[0],
         "amount": found.get(stage, (0, ZERO))[1]}
        for stage in OPEN_STAGES
    ]

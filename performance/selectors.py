"""Reads of the performance app, always scoped by the acting user."""

from __future__ import annotations

from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from common.pagination import BoundedPaginator
from common.periods import Period
from performance.explain import changes_phrases
from performance.models import (
    CoachingPlan,
    CoachingStatus,
    ImprovementPlan,
    KPIScheme,
    ManagerRating,
    PlanTransition,
    SchemeRole,
    Scorecard,
)
from teams.models import Employee, OrgUnit, Role
from teams.scoping import Domain, acting_employee, is_above, scope_for

# --- which lists a role reads at all (SPEC §1.2: people data; finance never): 403, not an empty list


def may_read_scorecards(user) -> bool:
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_may_read_scorecards(user) -> None:
    if not may_read_scorecards(user):
        raise NotAllowed(_("Your role does not see scorecards."))


def may_read_ratings(user) -> bool:
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_may_read_ratings(user) -> None:
    if not may_read_ratings(user):
        raise NotAllowed(_("Your role does not see ratings."))


def may_read_plans(user) -> bool:
    """Improvement and coaching plans."""
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_may_read_plans(user) -> None:
    if not may_read_plans(user):
        raise NotAllowed(_("Your role does not see improvement or coaching plans."))


#: Rep rows per page of the team scorecards (a director sees 1,000 reps: SPEC §12, ≤ 500 KB a page).
TEAM_PAGE_SIZE = 50
_CENT = Decimal("0.01")
#: What a list row shows (the KPI rows, inputs and explanations stay in the database).
_LIST_COLUMNS = ("employee__name", "employee__number", "org_unit__name", "role", "month", "status", "composite",
                 "attainment_pct", "company_rank", "team_rank", "flags")


def _two(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def team_scorecards(*, user, month: Period, unit_id: int | None = None, page=None) -> dict:
    """The team scorecards page, a fixed number of queries whatever the number of people:
    the reps' rows a page at a time (best company rank first; `unit_id` narrows them to a visible
    unit's subtree, an invisible one is a 404), the heads' rows (of that subtree), and per team its
    reps, mean composite and how many are under 100 % — aggregated in SQL."""
    cards = (
        Scorecard.objects.visible_to(user).for_month(month).select_related("employee", "org_unit")
        .only(*_LIST_COLUMNS).order_by("-role", "company_rank", "employee__number")
    )
    reps = cards.filter(role=SchemeRole.REP)
    unit, heads = None, cards.exclude(role=SchemeRole.REP)
    if unit_id is not None:
        unit = get_object_or_404(OrgUnit.objects.visible_to(user), pk=unit_id)
        subtree = OrgUnit.objects.subtree_of(unit)
        shown, heads = reps.filter(org_unit__in=subtree), heads.filter(org_unit__in=subtree)
    else:
        shown = reps
    rep_page = BoundedPaginator(shown.order_by("company_rank", "employee__number"), TEAM_PAGE_SIZE).get_page(page)
    by_team = [
        {**row, "mean_composite": _two(row["mean_composite"])}
        for row in reps.order_by().values("org_unit_id", "org_unit__name")
        .annotate(people=Count("id"), mean_composite=Avg("composite"),
                  under_target=Count("id", filter=Q(attainment_pct__lt=100)))
        .order_by("org_unit__name", "org_unit_id")
    ]
    return {
        "page": rep_page, "unit": unit, "by_team": by_team,
        "heads": list(heads),
    }


def scorecard_months(*, user) -> list[Period]:
    """The months the user has visible scorecards for, latest first (for the month picker)."""
    days = Scorecard.objects.visible_to(user).order_by("-month").values_list("month", flat=True).distinct()[:24]
    return [Period.of_month(day) for day in days]


def default_month(*, user) -> Period:
    months = scorecard_months(user=user)
    return months[0] if months else Period.of_month(timezone.localdate())


def scorecard_display(card: Scorecard) -> dict:
    """A scorecard as a page shows it: its KPI rows (each explanation a phrase the template renders
    in the reader's language) and what changed since the last draft, as phrases."""
    return {"card": card, "kpis": card.kpis, "changes": changes_phrases(card.changes_since_last_draft)}


#: How many other (inactive) versions of each role's scheme the settings page lists.
SCHEME_HISTORY = 5


def kpi_schemes_overview() -> list[dict]:
    """Per scored role: its active scheme, the KPIs it weighs in display order ({code, weight}) and
    its latest other (inactive) versions — one query."""
    by_role: dict[str, list[KPIScheme]] = {}
    for scheme in KPIScheme.objects.order_by("role", "-version"):
        by_role.setdefault(scheme.role, []).append(scheme)
    overview = []
    for role, label in SchemeRole.choices:
        versions = by_role.get(role, [])
        active = next((s for s in versions if s.active), None)
        overview.append({
            "role": role, "label": label, "scheme": active,
            "kpis": [{"code": code, "weight": weight} for code, weight in (active.weights.items() if active else [])],
            "earlier": [s for s in versions if not s.active][:SCHEME_HISTORY],
        })
    return overview


def plans_for(*, user, employee: Employee | None = None):
    """(improvement plans, coaching plans) the user may see, newest first."""
    improvement = ImprovementPlan.objects.visible_to(user).select_related("employee", "accepted_by__employee")
    coaching = CoachingPlan.objects.visible_to(user).select_related("employee", "mentor")
    if employee is not None:
        improvement, coaching = improvement.filter(employee=employee), coaching.filter(employee=employee)
    return improvement.order_by("-month", "employee__number"), coaching.order_by("-month", "employee__number")


#: People per page of the rating sheet (a director rates 1,000+ people: SPEC §12, ≤ 500 KB a page).
RATING_PAGE_SIZE = 50


def rating_sheet(*, user, month: Period, page=None):
    """A page of the people the user may rate for `month` (the people below them, never
    themselves; by unit in tree order, then number), each with the current rating — two queries
    whatever the number of people. Returns the page; its `object_list` holds
    {"employee", "rating"} rows."""
    me = acting_employee(user)
    people = (
        Employee.objects.visible_to(user)
        .filter(role__in=[Role.REP, Role.SUPERVISOR, Role.MANAGER], active=True)
        .select_related("org_unit")
        .order_by("org_unit__path", "number")
    )
    people = [p for p in people if (me is None or p.pk != me.pk) and is_above(user, p)]
    shown = BoundedPaginator(people, RATING_PAGE_SIZE).get_page(page)
    ratings = {
        r.employee_id: r
        for r in ManagerRating.objects.filter(month=month.start, employee__in=[p.pk for p in shown.object_list])
    }
    shown.object_list = [{"employee": p, "rating": ratings.get(p.pk)} for p in shown.object_list]
    return shown


# --- for incentives (interfaces.md): the bottom-performer review's effects ---------------------------
# A coaching plan escalated to the manager (SPEC §4.2) holds the rep's promotion and may reduce their
# bonus (`CoachingPlan.bonus_reduction_pct`, set by the line manager) while it is open and not
# *lifted*: a plan is lifted by the first month after its escalation month whose scorecard reaches
# 100 % attainment (draft or published).


def _lifting_scorecards(*, until):
    """Scorecards that lift the coaching plan of the outer query: its rep's, a month after
    the escalation month and not after `until`, at ≥ 100 % attainment."""
    return Scorecard.objects.filter(
        employee_id=OuterRef("employee_id"), month__gt=OuterRef("escalated_for_month"),
        month__lte=until, attainment_pct__gte=100,
    )


def promotion_hold_employee_ids(*, as_of) -> set[int]:
    """Reps whose promotion is on hold on `as_of`: a coaching plan escalated to the manager (for a
    month starting on or before `as_of`), not closed, and not lifted by a month at ≥ 100 % since the
    escalation. One query."""
    return set(
        CoachingPlan.objects.filter(escalated_to_manager=True, escalated_for_month__lte=as_of)
        .exclude(status=CoachingStatus.CLOSED)
        .exclude(Exists(_lifting_scorecards(until=as_of)))
        .values_list("employee_id", flat=True)
    )


def bonus_reduction_pct_by_employee(*, month: Period) -> dict[int, Decimal]:
    """Per rep: the bonus reduction % (0–100, 2 decimals) of their escalated coaching plan for
    `month` — escalated for `month` or earlier, not closed before `month` began, not lifted by a
    month at ≥ 100 % up to and including `month`. Reps without a reduction are omitted. One query."""
    month_began = timezone.make_aware(datetime.combine(month.start, time.min))
    closed_before = PlanTransition.objects.filter(
        coaching_plan_id=OuterRef("pk"), to_status=CoachingStatus.CLOSED, at__lt=month_began,
    )
    rows = (
        CoachingPlan.objects.filter(escalated_to_manager=True, escalated_for_month__lte=month.start,
                                    bonus_reduction_pct__gt=0)
        .exclude(Exists(closed_before))
        .exclude(Exists(_lifting_scorecards(until=month.start)))
        .order_by("employee_id", "-month")
        .values_list("employee_id", "bonus_reduction_pct")
    )
    result: dict[int, Decimal] = {}
    for employee_id, pct in rows:
        result.setdefault(employee_id, pct)
    return result

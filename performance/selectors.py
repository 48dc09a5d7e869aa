"""Reads of the performance app, always scoped by the acting user."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from common.periods import Period
from performance.explain import changes_phrases
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard
from teams.models import Employee, Role
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


def scorecards_for(*, user, month: Period):
    """The scorecards of `month` the user may see (rep: own; supervisor: team; manager: region;
    HR, director: all), reps first then heads, best composite first."""
    return (
        Scorecard.objects.visible_to(user)
        .for_month(month)
        .select_related("employee", "org_unit", "scheme")
        .order_by("-role", "company_rank", "employee__number")
    )


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


def plans_for(*, user, employee: Employee | None = None):
    """(improvement plans, coaching plans) the user may see, newest first."""
    improvement = ImprovementPlan.objects.visible_to(user).select_related("employee", "accepted_by__employee")
    coaching = CoachingPlan.objects.visible_to(user).select_related("employee", "mentor")
    if employee is not None:
        improvement, coaching = improvement.filter(employee=employee), coaching.filter(employee=employee)
    return improvement.order_by("-month", "employee__number"), coaching.order_by("-month", "employee__number")


def rating_sheet(*, user, month: Period) -> list[dict]:
    """Everyone the user may rate for `month` (the people below them; never themselves) with the
    current rating, in two queries."""
    me = acting_employee(user)
    people = (
        Employee.objects.visible_to(user)
        .filter(role__in=[Role.REP, Role.SUPERVISOR, Role.MANAGER], active=True)
        .select_related("org_unit")
        .order_by("org_unit__path", "number")
    )
    people = [p for p in people if (me is None or p.pk != me.pk) and is_above(user, p)]
    ratings = {
        r.employee_id: r for r in ManagerRating.objects.filter(month=month.start, employee__in=[p.pk for p in people])
    }
    return [{"employee": p, "rating": ratings.get(p.pk)} for p in people]

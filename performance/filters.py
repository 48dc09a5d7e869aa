"""The API filters of performance: `?month=YYYY-MM` is the project's one month filter
(`common.filters.MonthFilter`, a 400 naming `month` for anything else), beside plain field filters."""

import django_filters

from common.filters import MonthFilter
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard


def month_filterset(model, *fields: str) -> type[django_filters.FilterSet]:
    """A FilterSet of `model` with `?month=` and exact filters on `fields`."""
    meta = type("Meta", (), {"model": model, "fields": ["month", *fields]})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), {"month": MonthFilter(), "Meta": meta})


ScorecardFilter = month_filterset(Scorecard, "employee", "status")
ManagerRatingFilter = month_filterset(ManagerRating, "employee")
ImprovementPlanFilter = month_filterset(ImprovementPlan, "employee", "status")
CoachingPlanFilter = month_filterset(CoachingPlan, "employee", "status", "escalated_to_manager")

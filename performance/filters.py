"""The API filters of performance: `?month=YYYY-MM` is the project's one month filter
(`common.filters.MonthFilter`, a 400 naming `month` for anything else)."""

import django_filters

from common.filters import MonthFilter
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard


class ScorecardFilter(django_filters.FilterSet):
    month = MonthFilter()

    class Meta:
        model = Scorecard
        fields = ["month", "employee", "status"]


class ManagerRatingFilter(django_filters.FilterSet):
    month = MonthFilter()

    class Meta:
        model = ManagerRating
        fields = ["month", "employee"]


class ImprovementPlanFilter(django_filters.FilterSet):
    month = MonthFilter()

    class Meta:
        model = ImprovementPlan
        fields = ["month", "employee", "status"]


class CoachingPlanFilter(django_filters.FilterSet):
    month = MonthFilter()

    class Meta:
        model = CoachingPlan
        fields = ["month", "employee", "status", "escalated_to_manager"]

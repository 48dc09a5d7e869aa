"""API filters of training: `?month=YYYY-MM` (the project's month field: a 400 naming `month` for
anything else) on the session's local start, ids through `IdFilter` (an out-of-scope id filters
to nothing, like a missing one)."""

import django_filters

from common.filters import IdFilter, MonthField, PlausibleDateFilter
from training.models import (
    Assessment,
    Attendance,
    AttendanceStatus,
    Category,
    Certification,
    Format,
    TrainingSession,
)
from training.selectors import month_bounds


class _SessionMonthFilter(django_filters.Filter):
    """`?month=2026-06`: rows whose session (or which session itself) starts in that month."""

    field_class = MonthField

    def filter(self, qs, value):
        if value is None:
            return qs
        start, end = month_bounds(value)
        return qs.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})


class TrainingSessionFilter(django_filters.FilterSet):
    month = _SessionMonthFilter(field_name="starts_at")
    team = IdFilter(field_name="teams")
    trainer = IdFilter(field_name="trainer_id")
    category = django_filters.ChoiceFilter(choices=Category.choices)
    format = django_filters.ChoiceFilter(choices=Format.choices)
    cancelled = django_filters.BooleanFilter(field_name="cancelled_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = TrainingSession
        fields = ["month", "team", "trainer", "category", "format", "cancelled"]


class AttendanceFilter(django_filters.FilterSet):
    month = _SessionMonthFilter(field_name="session__starts_at")
    session = IdFilter(field_name="session_id")
    employee = IdFilter(field_name="employee_id")
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices)

    class Meta:
        model = Attendance
        fields = ["month", "session", "employee", "status"]


class AssessmentFilter(django_filters.FilterSet):
    month = _SessionMonthFilter(field_name="session__starts_at")
    session = IdFilter(field_name="session_id")
    employee = IdFilter(field_name="employee_id")
    attempt = django_filters.NumberFilter(field_name="attempt", min_value=1, max_value=10)
    passed = django_filters.BooleanFilter()

    class Meta:
        model = Assessment
        fields = ["month", "session", "employee", "attempt", "passed"]


class CertificationFilter(django_filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    expires_before = PlausibleDateFilter(field_name="expires_on", lookup_expr="lte")
    expires_after = PlausibleDateFilter(field_name="expires_on", lookup_expr="gte")

    class Meta:
        model = Certification
        fields = ["employee", "expires_before", "expires_after"]

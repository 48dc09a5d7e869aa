"""Date filters for API query strings that refuse what the database cannot hold (SPEC §13.1):
a year outside the business years, or a time-zone offset beyond ±15:59, is a 400 naming the filter
instead of an overflow deep in the ORM. Every FilterSet uses these instead of django-filter's own."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError
from common.limits import current_limits

#: PostgreSQL stores offsets up to ±15:59.
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)


def _ensure_plausible_year(value) -> None:
    limits = current_limits()
    if value is not None and not limits.min_year <= value.year <= limits.max_year:
        raise forms.ValidationError(
            _("Use a year between %(first)s and %(last)s."), code="year",
            params={"first": limits.min_year, "last": limits.max_year},
        )


class PlausibleIsoDateTimeField(forms.DateTimeField):
    """ISO 8601 date-times, checked for year and offset before any time-zone arithmetic."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = None
        try:
            parsed = parse_datetime(force_str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(_("Enter a valid ISO 8601 date-time."), code="invalid")
        _ensure_plausible_year(parsed)
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError(_("The time-zone offset may be at most ±15:59."), code="offset")
        return super().to_python(parsed)


class PlausibleDateField(forms.DateField):
    def to_python(self, value):
        day = super().to_python(value)
        _ensure_plausible_year(day)
        return day


class PlausibleIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = PlausibleIsoDateTimeField


class PlausibleDateFilter(django_filters.DateFilter):
    field_class = PlausibleDateField


#: The largest id a 64-bit primary key (PostgreSQL bigint, SQLite INTEGER) holds.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """A whole number that can be an id: `0.5`, `1e80` or `-8.26e+74` are a 400 naming the filter,
    not a silent match of id 0 or an integer overflow in the database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter by an id (`?owner=12`); use it instead of NumberFilter for every id filter."""

    field_class = IdField


class MonthField(forms.CharField):
    """`YYYY-MM` (read by `Period.parse_month`, so the business years apply) → a month `Period`;
    anything else is a 400 naming the filter."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        from common.periods import Period

        try:
            return Period.parse_month(text, field=getattr(self, "filter_name", "month"))
        except ApplicationError as exc:
            raise forms.ValidationError(str(exc.message), code="month") from exc


class MonthFilter(django_filters.Filter):
    """`?month=2026-10` on a date column holding the first day of the month (the single month filter
    of every API): `month = MonthFilter()` in a FilterSet, or `MonthFilter(field_name="period_start")`.
    A malformed or implausible month is a 400 naming the filter."""

    field_class = MonthField

    def filter(self, qs, value):
        if value is None:
            return qs
        return super().filter(qs, value.start)


def filter_by_month(queryset, raw: str | None, *, field: str = "month", param: str = "month"):
    """The same filter for a view without a FilterSet: `raw` (the query value, may be empty) parsed
    by `Period.parse_month` (ApplicationError naming `param` → 400) and applied to `field`."""
    if not raw:
        return queryset
    from common.periods import Period

    return queryset.filter(**{field: Period.parse_month(raw, field=param).start})

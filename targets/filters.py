"""Query-string filters of the targets API. A period or year the business cannot have (`0000`,
`2026-13`) is a 400 naming the filter, like every other bad parameter, not an empty list."""

import django_filters
from django import forms

from common.exceptions import ApplicationError
from common.limits import ensure_plausible_year
from targets.forms import PeriodFormField
from targets.models import SalesTarget


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodFormField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(**{self.field_name: str(value)})


class PlausibleYearField(forms.IntegerField):
    def to_python(self, value):
        year = super().to_python(value)
        if year is not None:
            try:
                ensure_plausible_year(year, field="year")
            except ApplicationError as exc:
                raise forms.ValidationError(str(exc.message), code="year")
        return year


class PlausibleYearFilter(django_filters.NumberFilter):
    field_class = PlausibleYearField


class SalesTargetFilter(django_filters.FilterSet):
    period = PeriodFilter()
    year = PlausibleYearFilter()

    class Meta:
        model = SalesTarget
        fields = ["period", "period_kind", "year", "org_unit", "employee", "product_line"]

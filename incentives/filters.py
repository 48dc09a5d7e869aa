"""The API filters of incentives: `?month=YYYY-MM` is the project's one month filter
(`common.filters.MonthFilter`, a 400 naming `month` for anything else)."""

import django_filters

from common.filters import MonthFilter
from incentives.models import BonusAdjustment


class BonusAdjustmentFilter(django_filters.FilterSet):
    month = MonthFilter()

    class Meta:
        model = BonusAdjustment
        fields = ["month", "employee"]

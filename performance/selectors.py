"""Reads of the performance app, always scoped by the acting user."""

from common.periods import Period
from performance.models import Scorecard


def scorecards_for(*, user, month: Period):
    """The scorecards of `month` the user may see (rep: own; supervisor: team; manager: region;
    HR, director: all)."""
    return (
        Scorecard.objects.visible_to(user)
        .for_month(month)
        .select_related("employee", "org_unit", "scheme")
        .order_by("company_rank", "employee__number")
    )

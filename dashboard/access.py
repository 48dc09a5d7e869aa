"""Reading the dashboard's and the forecast's query parameters, with the answers of issue 12:
a rep (or HR, finance) → 403, an unknown unit or one outside the user's subtree → 404, a bad month
or period → 400 naming the field."""

import re

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, NotFound
from common.periods import Period
from dashboard import selectors
from teams.models import OrgUnit


def unit_from(user, text: str | None, *, field: str = "unit") -> OrgUnit:
    """The unit named by `text` (an id), or the user's default unit; 404 when unknown or outside
    the user's subtree."""
    selectors.ensure_may_view_dashboard(user)
    if text in (None, ""):
        unit = selectors.default_unit(user)
    else:
        if not re.fullmatch(r"\d{1,12}", str(text)):
            raise ApplicationError(_("“%(value)s” is not a unit id.") % {"value": text}, field=field)
        unit = OrgUnit.objects.filter(pk=int(text)).first()
    if unit is None or not selectors.may_view_unit(user, unit):
        raise NotFound(_("No such unit."))
    return unit


def month_from(text: str | None, *, field: str = "month") -> Period:
    return selectors.running_month() if text in (None, "") else Period.parse_month(text, field=field)


def forecast_period_from(text: str | None, *, field: str = "period") -> Period:
    """A month `YYYY-MM` or a quarter `YYYY-Qn` (default: the running month)."""
    if text in (None, ""):
        return selectors.running_month()
    period = Period.parse(text, field=field)
    if period.kind not in ("month", "quarter"):
        raise ApplicationError(_("“%(value)s” is not a month or a quarter: use YYYY-MM or YYYY-Qn.") % {"value": text},
                               field=field)
    return period

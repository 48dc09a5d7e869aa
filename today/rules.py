"""Pure rules of the Today page and the weekly report: the ISO week (`2026-W48`, Monday–Sunday)
and the pro-rating of a month's target to a day by working days. No database here: callers pass
the working days they read through `common.calendar.working_days`."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError

_WEEK_RE = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{2})$")
CENT = Decimal("0.01")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str, *, field: str = "week") -> "IsoWeek":
        """`YYYY-Www` or an ApplicationError (400) naming `field`; a week 53 only in a year that has one."""
        match = _WEEK_RE.match(str(text or "").strip())
        if match:
            year, week = int(match["year"]), int(match["week"])
            from common.limits import ensure_plausible_year  # limits read the database; rules do not

            ensure_plausible_year(year, field=field)
            if 1 <= week <= date(year, 12, 28).isocalendar().week:
                return cls(year, week)
        raise ApplicationError(_("“%(value)s” is not a week: use YYYY-Www (e.g. 2026-W48).") % {"value": text},
                               field=field)

    @classmethod
    def of(cls, day: date) -> "IsoWeek":
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def previous(self) -> "IsoWeek":
        return IsoWeek.of(self.monday - timedelta(days=7))

    def next(self) -> "IsoWeek":
        return IsoWeek.of(self.monday + timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def prorated_target(target: Decimal | None, *, working_days_in_month: int, working_days_to_date: int) -> Decimal | None:
    """The share of a month's `target` due by a day: target × working days elapsed / working days of
    the month, rounded once to cents (half up). None when there is no target; the whole target when
    the month has no working day at all (nothing to spread it over)."""
    if target is None:
        return None
    if working_days_in_month <= 0:
        return Decimal(target).quantize(CENT, rounding=ROUND_HALF_UP)
    share = Decimal(target) * Decimal(working_days_to_date) / Decimal(working_days_in_month)
    return share.quantize(CENT, rounding=ROUND_HALF_UP)


def days_overdue(*, today: date, cadence_cutoff: date | None, last_contact: date | None,
                 next_follow_up_on: date | None) -> int:
    """How many days a customer the customers rule marks overdue has been overdue — the larger of
    the two ways it can be (SPEC §2.4): past its cadence (the rule's cutoff day, today − cadence,
    minus the day of the last contact) and past its planned `next_follow_up_on`. 0 when neither."""
    by_cadence = (cadence_cutoff - last_contact).days if cadence_cutoff and last_contact else 0
    by_plan = (today - next_follow_up_on).days if next_follow_up_on else 0
    return max(by_cadence, by_plan, 0)

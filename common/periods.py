"""Periods (`2026`, `2026-Q4`, `2026-10`) and calendar helpers."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError

_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: a year, a quarter or a month."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, text: str, *, field: str = "period") -> "Period":
        match = _PERIOD_RE.match(str(text or "").strip())
        if not match:
            raise ApplicationError(
                _("“%(value)s” is not a period: use YYYY, YYYY-Qn or YYYY-MM.") % {"value": text}, field=field
            )
        year = int(match["year"])
        from common.limits import ensure_plausible_year  # limits read the database; periods do not

        ensure_plausible_year(year, field=field)
        if match["quarter"]:
            return cls(year, quarter=int(match["quarter"]))
        if match["month"]:
            return cls(year, month=int(match["month"]))
        return cls(year)

    @classmethod
    def parse_month(cls, text: str, *, field: str = "month") -> "Period":
        period = cls.parse(text, field=field) if re.match(r"^\d{4}-\d{2}$", str(text or "")) else None
        if period is None or period.kind != "month":
            raise ApplicationError(_("“%(value)s” is not a month: use YYYY-MM.") % {"value": text}, field=field)
        return period

    @classmethod
    def of_month(cls, day: date) -> "Period":
        return cls(day.year, month=day.month)

    @property
    def kind(self) -> str:
        return "month" if self.month else "quarter" if self.quarter else "year"

    @property
    def start(self) -> date:
        if self.month:
            return date(self.year, self.month, 1)
        if self.quarter:
            return date(self.year, 3 * self.quarter - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period (inclusive)."""
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.quarter:
            last_month = 3 * self.quarter
            return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])
        return date(self.year, 12, 31)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list["Period"]:
        if self.month:
            return [self]
        first = 3 * self.quarter - 2 if self.quarter else 1
        count = 3 if self.quarter else 12
        return [Period(self.year, month=m) for m in range(first, first + count)]

    def quarters(self) -> list["Period"]:
        if self.kind != "year":
            raise ValueError("only a year has quarters")
        return [Period(self.year, quarter=q) for q in range(1, 5)]

    def shifted_years(self, years: int) -> "Period":
        return Period(self.year + years, self.quarter, self.month)

    def previous_month(self) -> "Period":
        if not self.month:
            raise ValueError("not a month")
        return Period.of_month(self.start - timedelta(days=1))

    def next_month(self) -> "Period":
        if not self.month:
            raise ValueError("not a month")
        return Period.of_month(self.end + timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        return f"{self.year}"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (12 on the same day one year later; 11 a day before)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day and not (
        later.day == calendar.monthrange(later.year, later.month)[1]
    ):
        months -= 1
    return months

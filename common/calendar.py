"""Working days: Monday–Friday, minus holidays, plus make-up working days (`CalendarDay`)."""

from datetime import date, timedelta

from common.models import CalendarDay


def working_days(start: date, end: date) -> list[date]:
    """All working days in [start, end], in one query."""
    if end < start:
        return []
    exceptions = dict(CalendarDay.objects.filter(day__range=(start, end)).values_list("day", "is_working_day"))
    days, day = [], start
    while day <= end:
        if exceptions.get(day, CalendarDay.default_is_working(day)):
            days.append(day)
        day += timedelta(days=1)
    return days


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (start itself not counted)."""
    horizon = start + timedelta(days=count * 3 + 30)
    following = [d for d in working_days(start + timedelta(days=1), horizon)]
    return following[count - 1]

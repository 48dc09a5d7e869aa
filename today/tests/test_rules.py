"""The pure rules: ISO weeks, pro-rating by working days, days overdue."""

from datetime import date
from decimal import Decimal

import pytest

from common.exceptions import ApplicationError
from today.rules import IsoWeek, days_overdue, prorated_target

pytestmark = pytest.mark.django_db  # the plausible-years check reads the limits row


def test_a_week_is_monday_to_sunday():
    week = IsoWeek.parse("2026-W48")
    assert (week.monday, week.sunday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert str(week.previous()) == "2026-W47" and str(week.next()) == "2026-W49"
    assert IsoWeek.of(date(2027, 1, 1)) == IsoWeek(2026, 53)  # 2026 has 53 weeks
    assert str(IsoWeek(2026, 53).next()) == "2027-W01"


@pytest.mark.parametrize("text", ["2026-48", "2026W48", "2026-W00", "2025-W53", "2026-W54", "", "abcd-W01", "2026-w4"])
def test_a_bad_week_names_the_field(text):
    with pytest.raises(ApplicationError) as refused:
        IsoWeek.parse(text)
    assert refused.value.field == "week"


def test_prorating_rounds_once_and_keeps_none():
    assert prorated_target(Decimal("22000.00"), working_days_in_month=22, working_days_to_date=2) == Decimal("2000.00")
    assert prorated_target(Decimal("100.00"), working_days_in_month=3, working_days_to_date=1) == Decimal("33.33")
    assert prorated_target(Decimal("100.00"), working_days_in_month=3, working_days_to_date=0) == Decimal("0.00")
    assert prorated_target(None, working_days_in_month=20, working_days_to_date=5) is None
    assert prorated_target(Decimal("500.00"), working_days_in_month=0, working_days_to_date=0) == Decimal("500.00")


def test_days_overdue_is_the_larger_of_cadence_and_plan():
    today = date(2026, 7, 8)
    assert days_overdue(today=today, cadence_cutoff=date(2026, 6, 24), last_contact=date(2026, 6, 21),
                        next_follow_up_on=date(2026, 7, 7)) == 3
    assert days_overdue(today=today, cadence_cutoff=date(2026, 6, 24), last_contact=date(2026, 7, 1),
                        next_follow_up_on=date(2026, 7, 3)) == 5
    assert days_overdue(today=today, cadence_cutoff=None, last_contact=None, next_follow_up_on=None) == 0
